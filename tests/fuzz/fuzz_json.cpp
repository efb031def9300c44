// The JSON reader and writer (core/src/json.cpp): parse → write → parse gives the same text, and
// nlohmann/json (the library it replaced in the core) accepts and refuses the same bytes (up to a
// NUL byte, see below) and writes the same text for them (keys sorted, as nlohmann's std::map kept
// them). The bytes are also written as one string, ill-formed UTF-8 and all, against nlohmann's
// replace handler.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "lanshou/json.h"
#include "lanshou/text.h"

namespace {

std::string nlohmann_dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  lanshou::JsonValue v;
  std::string error;
  const bool ok = lanshou::parse_json(text, &v, &error);
  if (!ok && error.empty()) __builtin_trap();

  const nlohmann::json theirs = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  // nlohmann's lexer takes a NUL byte for the end of the input ("{}\0x" is {} there; strict RFC
  // 8259 refuses it): it is compared with our reading of the bytes before the first NUL. And it
  // has no depth limit: compare only what is within ours.
  const std::string_view before_nul = text.substr(0, text.find('\0'));
  lanshou::JsonValue ours;
  const bool ours_ok = lanshou::parse_json(before_nul, &ours);
  const bool within = lanshou::json_nesting_within(before_nul, lanshou::kJsonMaxDepth);
  if (within && ours_ok == theirs.is_discarded()) __builtin_trap();
  if (ours_ok && !theirs.is_discarded() &&
      lanshou::write_json(ours, lanshou::JsonKeys::kSorted) != nlohmann_dump(theirs)) {
    __builtin_trap();
  }

  if (ok) {
    const std::string once = lanshou::write_json(v);
    lanshou::JsonValue again;
    if (!lanshou::parse_json(once, &again)) __builtin_trap();
    if (lanshou::write_json(again) != once) __builtin_trap();
  }

  if (lanshou::write_json(lanshou::JsonValue::string(std::string(text))) !=
      nlohmann_dump(nlohmann::json(std::string(text)))) {
    __builtin_trap();
  }
  return 0;
}
