// The reader alone (tables, detail blocks, traces, bare numbers): every view it returns must lie
// inside the input or its own arena (ASan checks every byte), and every line number inside the
// input.
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
  return 0;
}
