// The time parser: whatever it accepts must format back to a time it reads as the same instant.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lanshou/time.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (int year : {0, 2025}) {
    std::size_t used = 0;
    const lanshou::TimeParse p = lanshou::parse_time(text, year, &used);
    if (used > text.size()) __builtin_trap();
    const lanshou::TimeParse whole = lanshou::parse_time(text, year);
    if (whole.ok()) {
      const lanshou::TimeParse back = lanshou::parse_time(lanshou::format_iso(whole.epoch));
      if (!back.ok() || back.epoch != whole.epoch) __builtin_trap();
    }
    (void)p;
  }
  return 0;
}
