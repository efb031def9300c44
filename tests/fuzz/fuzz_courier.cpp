// Courier detection and name resolution: every match must really fit the courier's own pattern.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lanshou/courier.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto& reg = lanshou::CourierRegistry::builtin();
  reg.find_by_name(text);
  const std::string n = lanshou::normalize_tracking_no(text);
  for (const auto& m : reg.detect(text)) {
    bool fits = false;
    for (const auto& p : m.courier->patterns) fits = fits || p.matches(n);
    if (!fits) __builtin_trap();
  }
  return 0;
}
