// The rule override loader: any override leaves a usable rule set (bad keys keep their defaults).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "lanshou/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<lanshou::RuleError> errors;
  const lanshou::RuleSet r = lanshou::apply_overrides(lanshou::builtin_rules(), text, &errors);
  if (r.pickup_window < 0 || r.ship_promise < 0 || r.menu_chat_buyer.empty()) __builtin_trap();
  for (const auto& e : errors) {
    if (e.message.empty()) __builtin_trap();
  }
  r.document_json();
  lanshou::RuleSet loaded;
  lanshou::RuleError error;
  lanshou::load_rules(text, &loaded, &error);
  return 0;
}
