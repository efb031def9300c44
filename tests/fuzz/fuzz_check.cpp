// The whole pipeline: any bytes in, a result document out, in every format. Differential too:
// the streamed JSON (the CLI's) must be check()'s document byte for byte.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "lanshou/check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  lanshou::CheckOptions options;
  options.now = 1741752000;  // 2025-03-12T12:00:00+08:00
  std::string json;
  for (auto format :
       {lanshou::OutputFormat::kJson, lanshou::OutputFormat::kTable, lanshou::OutputFormat::kCsv}) {
    options.format = format;
    const lanshou::CheckOutput out = lanshou::check(text, options);
    if (out.text.empty()) __builtin_trap();
    if (format == lanshou::OutputFormat::kJson) json = out.text;
  }
  options.format = lanshou::OutputFormat::kJson;
  std::string streamed;
  lanshou::check_json_streamed(text, options, [&](std::string_view part) { streamed += part; });
  if (streamed != json) __builtin_trap();
  return 0;
}
