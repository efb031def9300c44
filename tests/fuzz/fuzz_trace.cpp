// Trace lines and aggregator JSON (快递100 / 快递鸟), including deep nesting.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "lanshou/trace.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto& kw = lanshou::TraceKeywords::builtin();
  lanshou::TraceEvent ev;
  lanshou::TimeStatus status = lanshou::TimeStatus::kOk;
  lanshou::parse_trace_line(text, 2025, kw, &ev, &status);
  kw.classify(text);
  std::vector<lanshou::AggregatorTrace> traces;
  std::string error;
  lanshou::parse_aggregator_json(text, kw, &traces, &error);
  for (auto& t : traces) {
    lanshou::sort_events(t.events);
    for (std::size_t i = 1; i < t.events.size(); ++i) {
      if (t.events[i].at < t.events[i - 1].at) __builtin_trap();
    }
    lanshou::summarize(t.events);
  }
  return 0;
}
