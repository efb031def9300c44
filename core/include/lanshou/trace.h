#pragma once
// Tracking traces (物流轨迹): one event a line as merchants paste them, or an aggregator's JSON
// (快递100, 快递鸟), classified by keyword into the stages lanshou reasons about.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lanshou/time.h"

namespace lanshou {

enum class EventClass { kOther, kPickup, kTransit, kDelivery, kLocker, kSigned, kProblem, kReturn };

// "other", "pickup", "transit", "delivery", "locker", "signed", "problem", "return".
std::string_view to_string(EventClass c);
// The inverse of to_string; false for an unknown name.
bool event_class_from_string(std::string_view name, EventClass* out);

struct TraceEvent {
  Epoch at = 0;
  EventClass cls = EventClass::kOther;
  std::string text;        // the event text after the time, trimmed
  std::uint32_t line = 0;  // 1-based line in the paste; 0 for JSON-sourced events
};

// The compiled keyword data of core/data/trace/keywords.json: keywords per class, negations
// (phrases that contain a keyword but are not that class) and the precedence between classes.
class TraceKeywords {
 public:
  // From the embedded core/data/trace/keywords.json, parsed once. Empty (everything is kOther) if
  // the embedded data were broken, which the tests rule out.
  static const TraceKeywords& builtin();

  // Replaces the data with json_text; on failure keeps the old data and sets *error (Chinese).
  bool load(std::string_view json_text, std::string* error);

  // The class of one event text, negations and precedence applied. No allocation.
  EventClass classify(std::string_view event_text) const;

  // What an aggregator's own state code means ("kuaidi100" or "kdniao", e.g. state "3"), as an
  // EventClass name; "" for an unknown aggregator or code.
  std::string_view state_class(std::string_view aggregator, std::string_view state) const;

 private:
  struct Guard {
    std::uint32_t negation;  // index into negations_
    std::uint32_t offset;    // where the keyword starts inside that negation
  };
  struct Keyword {
    std::string text;
    EventClass cls;
    std::vector<Guard> guards;  // negations containing this keyword (not of its own class)
  };
  struct StateEntry {
    std::string aggregator, state;
    EventClass cls;
  };

  bool masked(const Keyword& k, std::string_view text, std::size_t pos) const;

  std::vector<Keyword> keywords_;    // sorted by lead_
  std::vector<std::uint32_t> lead_;  // the first UTF-8 character of each keyword, packed
  // A 4096-bit filter over lead_: most characters start no keyword and skip the search.
  std::array<std::uint64_t, 64> lead_filter_{};
  std::vector<std::string> negations_;
  std::array<std::uint8_t, 8> rank_{};  // by EventClass: 0 is strongest; kOther is never ranked
  std::vector<StateEntry> states_;
};

// One trace line: a time with a clock, then text. Returns false if the line does not start with a
// time that parses; *status (may be null) then says why: kOutOfRange for an impossible time
// (2025-02-30), kNeedsYear for MM-DD without context_year, kBadFormat/kEmpty for lines that are not
// trace lines, including a date without a clock (midnight would fake an early pickup).
// context_year fills MM-DD forms. The text may be empty (some pages put it on the next line).
// out->line is set to 0: the caller knows the line number.
bool parse_trace_line(std::string_view line, int context_year, const TraceKeywords& kw,
                      TraceEvent* out, TimeStatus* status);

// One aggregator response: 快递100 ({"message","nu","com","state","data":[{"time","ftime",
// "context"}]}, also inside a push callback's "lastResult") or 快递鸟 ({"ShipperCode",
// "LogisticCode","State","Traces":[{"AcceptTime","AcceptStation"}]}).
struct AggregatorTrace {
  std::string tracking_no;         // nu / LogisticCode
  std::string courier_hint;        // com / ShipperCode as given
  std::vector<TraceEvent> events;  // oldest first, line 0
  std::string state_class;         // the aggregator's own state as an EventClass name, or ""
};

// Reads such a JSON document, or a top-level JSON array of them, into *out (cleared first).
// Returns false with *error empty when the text does not look like JSON at all (treat it as
// pasted lines); false with *error set (Chinese) when it is malformed JSON, nested too deep, an
// aggregator's error response or not an aggregator response. On success *error is empty unless
// something was skipped (events with an unreadable time, unusable array elements): then it says
// what, and the caller shows it as a warning.
bool parse_aggregator_json(std::string_view text, const TraceKeywords& kw,
                           std::vector<AggregatorTrace>* out, std::string* error);

// Sorts events oldest-first. Input may be newest-first: a list whose first event is later than
// its last is reversed first, so equal times keep their chronological order either way.
void sort_events(std::vector<TraceEvent>& events);

// The facts the rule engine needs from one trace.
struct TraceFacts {
  std::optional<Epoch> first_event;  // earliest event of any class
  std::optional<Epoch> latest_at;    // latest event of any class
  EventClass latest_class = EventClass::kOther;
  // The earliest pickup event or, when there is none, the earliest transit, delivery, locker or
  // signed event (pickup_inferred).
  std::optional<Epoch> pickup;
  bool pickup_inferred = false;
  std::optional<Epoch> signed_at;  // earliest signed event
  bool latest_is_problem = false;  // the latest event is a problem or a return
  bool returned = false;           // some event is a return
};

TraceFacts summarize(const std::vector<TraceEvent>& events_oldest_first);

}  // namespace lanshou
