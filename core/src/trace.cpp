#include "lanshou/trace.h"

#include <algorithm>

#include "lanshou/embedded.h"
#include "lanshou/text.h"
#include "trace_internal.h"

namespace lanshou {
namespace trace_internal {

// Length of the UTF-8 character whose first byte is b; 1 for ASCII and stray bytes.
std::size_t utf8_length(unsigned char b) {
  if (b >= 0xF0 && b <= 0xF7) return 4;
  if (b >= 0xE0) return b <= 0xEF ? 3 : 1;
  if (b >= 0xC0) return 2;
  return 1;
}

std::size_t lead_length(std::string_view text) {
  return std::min(utf8_length(static_cast<unsigned char>(text[0])), text.size());
}

std::uint32_t pack_lead(std::string_view text) {
  const std::size_t n = lead_length(text);
  std::uint32_t key = 0;
  for (std::size_t i = 0; i < n; ++i) key = key << 8 | static_cast<unsigned char>(text[i]);
  return key;
}

std::uint32_t filter_bit(std::uint32_t key) {
  return key * 2654435761U >> 20 & 4095U;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string_view trim_pasted(std::string_view s) {
  static constexpr std::string_view kWide[] = {"\xE3\x80\x80", "\xC2\xA0", "\xEF\xBB\xBF"};
  for (bool again = true; again;) {
    again = false;
    while (!s.empty() && (s.front() == ' ' || (s.front() >= '\t' && s.front() <= '\r'))) {
      s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || (s.back() >= '\t' && s.back() <= '\r'))) {
      s.remove_suffix(1);
    }
    for (std::string_view w : kWide) {
      if (starts_with(s, w)) {
        s.remove_prefix(w.size());
        again = true;
      }
      if (s.size() >= w.size() && s.substr(s.size() - w.size()) == w) {
        s.remove_suffix(w.size());
        again = true;
      }
    }
  }
  return s;
}

}  // namespace trace_internal

namespace {

using trace_internal::filter_bit;
using trace_internal::kClassNames;
using trace_internal::kUnranked;
using trace_internal::lead_length;
using trace_internal::pack_lead;
using trace_internal::starts_with;
using trace_internal::trim_pasted;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

std::string_view to_string(EventClass c) {
  const auto i = static_cast<std::size_t>(c);
  if (i >= kClassNames.size()) return "other";
  return kClassNames[i];
}

bool event_class_from_string(std::string_view name, EventClass* out) {
  for (std::size_t i = 0; i < kClassNames.size(); ++i) {
    if (kClassNames[i] == name) {
      *out = static_cast<EventClass>(i);
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Keywords

const TraceKeywords& TraceKeywords::builtin() {
  static const TraceKeywords kw = [] {
    TraceKeywords k;
    std::string error;
    k.load(embedded_file("trace/keywords.json"), &error);
    return k;
  }();
  return kw;
}

bool TraceKeywords::masked(const Keyword& k, std::string_view text, std::size_t pos) const {
  for (const Guard& g : k.guards) {
    if (pos >= g.offset && starts_with(text.substr(pos - g.offset), negations_[g.negation])) {
      return true;
    }
  }
  return false;
}

// One pass over the text: at each character that can start a keyword, try the keywords starting
// with that character; the strongest unmasked hit wins.
EventClass TraceKeywords::classify(std::string_view text) const {
  EventClass best = EventClass::kOther;
  std::uint8_t best_rank = kUnranked;
  for (std::size_t i = 0; i < text.size();) {
    const std::string_view rest(text.data() + i, text.size() - i);
    const std::uint32_t key = pack_lead(rest);
    const std::uint32_t bit = filter_bit(key);
    if (lead_filter_[bit / 64] >> (bit % 64) & 1U) {
      const auto [lo, hi] = std::equal_range(lead_.begin(), lead_.end(), key);
      for (auto it = lo; it != hi; ++it) {
        const Keyword& k = keywords_[static_cast<std::size_t>(it - lead_.begin())];
        const std::uint8_t r = rank_[static_cast<std::size_t>(k.cls)];
        if (r < best_rank && starts_with(rest, k.text) && !masked(k, text, i)) {
          best = k.cls;
          best_rank = r;
          if (r == 0) return best;
        }
      }
    }
    i += lead_length(rest);
  }
  return best;
}

std::string_view TraceKeywords::state_class(std::string_view aggregator,
                                            std::string_view state) const {
  for (const StateEntry& s : states_) {
    if (s.aggregator == aggregator && s.state == state) return to_string(s.cls);
  }
  return "";
}

// ---------------------------------------------------------------------------------------------
// Pasted lines

bool parse_trace_line(std::string_view line, int context_year, const TraceKeywords& kw,
                      TraceEvent* out, TimeStatus* status) {
  line = trim_pasted(line);
  std::size_t consumed = 0;
  const TimeParse t = parse_time(line, context_year, &consumed);
  TimeStatus s = t.status;
  if (t.ok()) {
    // A clock is required, and the time must end at a boundary ("…:55" then "1" is no time).
    const std::string_view head = line.substr(0, consumed);
    const bool has_clock =
        head.find(':') != std::string_view::npos || head.find("时") != std::string_view::npos;
    if (!has_clock || (consumed < line.size() && is_digit(line[consumed]))) {
      s = TimeStatus::kBadFormat;
    }
  }
  if (status != nullptr) *status = s;
  if (s != TimeStatus::kOk) return false;
  const std::string_view text = trim_pasted(line.substr(consumed));
  out->at = t.epoch;
  out->cls = kw.classify(text);
  out->text.assign(text);
  out->line = 0;
  return true;
}

void sort_events(std::vector<TraceEvent>& events) {
  if (events.size() > 1 && events.front().at > events.back().at) {
    std::reverse(events.begin(), events.end());
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const TraceEvent& a, const TraceEvent& b) { return a.at < b.at; });
}

TraceFacts summarize(const std::vector<TraceEvent>& events) {
  TraceFacts f;
  std::optional<Epoch> stage;  // earliest event of a stage after pickup
  auto earliest = [](std::optional<Epoch>& slot, Epoch at) {
    if (!slot || at < *slot) slot = at;
  };
  for (const TraceEvent& e : events) {
    earliest(f.first_event, e.at);
    if (!f.latest_at || e.at >= *f.latest_at) {  // ties: the later entry is the newer
      f.latest_at = e.at;
      f.latest_class = e.cls;
    }
    switch (e.cls) {
      case EventClass::kPickup:
        earliest(f.pickup, e.at);
        break;
      case EventClass::kSigned:
        earliest(f.signed_at, e.at);
        earliest(stage, e.at);
        break;
      case EventClass::kTransit:
      case EventClass::kDelivery:
      case EventClass::kLocker:
        earliest(stage, e.at);
        break;
      case EventClass::kReturn:
        f.returned = true;
        break;
      case EventClass::kOther:
      case EventClass::kProblem:
        break;
    }
  }
  // Inference, not an observed fact: a parcel in transit, out for delivery, in a locker or signed
  // was necessarily picked up, no later than that event. Problems and returns prove nothing
  // (揽收失败, 取消揽收 happen before any pickup).
  if (!f.pickup && stage) {
    f.pickup = stage;
    f.pickup_inferred = true;
  }
  f.latest_is_problem =
      f.latest_class == EventClass::kProblem || f.latest_class == EventClass::kReturn;
  return f;
}

}  // namespace lanshou
