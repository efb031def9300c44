// The block reader: backend order detail blocks (label：value lines, 物流信息 and trace lines).
// Every input is read as the continuation of an open block, so the fuzzer spends its time on
// labels, values and traces rather than on finding the first label. Views stay inside the text
// or the arena, line numbers inside the input, and each block's events come oldest first.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "lanshou/input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text = "订单编号：250309-512000000000301\n";
  text.append(reinterpret_cast<const char*>(data), size);
  const lanshou::ParsedInput in = lanshou::read_input(text);
  std::size_t lines = 1;
  for (char c : text) lines += c == '\n' || c == '\r';
  bool block = false;
  for (const auto& o : in.orders) {
    if (o.line == 0 || o.line > lines) __builtin_trap();
    block = block || o.kind == lanshou::SourceKind::kBlock;
    for (std::size_t f = 0; f < lanshou::kFieldCount; ++f) {
      const std::string_view v = o.get(static_cast<lanshou::Field>(f));
      volatile std::size_t sum = 0;
      for (char c : v) sum = sum + static_cast<unsigned char>(c);  // ASan checks every byte read
    }
    for (std::size_t i = 1; i < o.events.size(); ++i) {
      if (o.events[i].at < o.events[i - 1].at) __builtin_trap();
    }
  }
  if (!block) __builtin_trap();  // the opening label always starts a block
  for (const auto& e : in.errors) {
    if (e.line > lines || e.message.empty() || e.code.empty()) __builtin_trap();
  }
  return 0;
}
