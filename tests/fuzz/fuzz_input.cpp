// The reader alone (tables, detail blocks, traces, bare numbers): every view it returns must lie
// inside the input or its own arena (ASan checks every byte), and every line number inside the
// input. Differential: the same text read in parts on three threads, with cuts every few bytes,
// gives exactly the one reader's records and errors.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lanshou/input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const lanshou::ParsedInput in = lanshou::read_input(text);
  std::size_t lines = 1;
  for (char c : text) lines += c == '\n' || c == '\r';
  for (const auto& o : in.orders) {
    if (o.line == 0 || o.line > lines) __builtin_trap();
    for (std::size_t f = 0; f < lanshou::kFieldCount; ++f) {
      const std::string_view v = o.get(static_cast<lanshou::Field>(f));
      volatile std::size_t sum = 0;
      for (char c : v) sum = sum + static_cast<unsigned char>(c);  // ASan checks every byte read
    }
  }
  for (const auto& e : in.errors) {
    if (e.line > lines || e.message.empty()) __builtin_trap();
  }
  lanshou::InputLimits parts;
  parts.threads = 3;
  parts.min_part_bytes = 16;
  const lanshou::ParsedInput many = lanshou::read_input(text, parts);
  if (many.orders.size() != in.orders.size() || many.errors.size() != in.errors.size() ||
      many.ignored_lines != in.ignored_lines) {
    __builtin_trap();
  }
  for (std::size_t i = 0; i < in.orders.size(); ++i) {
    const auto& a = in.orders[i];
    const auto& b = many.orders[i];
    if (a.line != b.line || a.kind != b.kind || a.events.size() != b.events.size())
      __builtin_trap();
    for (std::size_t f = 0; f < lanshou::kFieldCount; ++f) {
      const auto field = static_cast<lanshou::Field>(f);
      if (a.get(field) != b.get(field) || a.label(field) != b.label(field)) __builtin_trap();
    }
  }
  for (std::size_t i = 0; i < in.errors.size(); ++i) {
    if (in.errors[i].line != many.errors[i].line || in.errors[i].code != many.errors[i].code ||
        in.errors[i].message != many.errors[i].message) {
      __builtin_trap();
    }
  }
  return 0;
}
