// The back-office reader and the join (issue 16): label pairs, values on the next line, trace runs,
// aggregator JSON among text, blank-line attachment, then one record per order or parcel.
// Checks: every record, field line, event line and conflict line lies inside the input; every
// value and conflict value is readable (ASan checks every byte); reading with the join equals
// reading without it and joining afterwards (the same records, fields and events); joining again
// changes nothing; a newer-wins join never has more records or any conflict it did not already
// have; every conflict has both values and the engine decides the joined records.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lanshou/engine.h"
#include "lanshou/input.h"
#include "lanshou/join.h"
#include "lanshou/rules.h"

namespace {

void touch(std::string_view v) {
  volatile std::size_t sum = 0;
  for (char c : v) sum = sum + static_cast<unsigned char>(c);
}

void check_records(const lanshou::ParsedInput& in, std::size_t lines) {
  for (const auto& o : in.orders) {
    if (o.line == 0 || o.line > lines) __builtin_trap();
    for (std::size_t f = 0; f < lanshou::kFieldCount; ++f) {
      const auto field = static_cast<lanshou::Field>(f);
      touch(o.get(field));
      touch(o.label(field));
      const std::uint32_t l = o.line_of(field);
      if (l == 0 || l > lines) __builtin_trap();
    }
    for (const auto& e : o.events) {
      if (e.line > lines) __builtin_trap();
      touch(e.text);
    }
    for (std::size_t k = 1; k < o.events.size(); ++k) {
      if (o.events[k].at < o.events[k - 1].at) __builtin_trap();  // oldest first
    }
    for (const auto& c : o.conflicts()) {
      if (c.field == lanshou::Field::kCount) __builtin_trap();
      if (c.kept_line == 0 || c.kept_line > lines || c.other_line == 0 || c.other_line > lines) {
        __builtin_trap();
      }
      touch(o.view(c.kept));
      touch(o.view(c.other));
      if (o.view(c.kept).empty() || o.view(c.other).empty()) __builtin_trap();
    }
  }
}

bool same_records(const lanshou::ParsedInput& a, const lanshou::ParsedInput& b) {
  if (a.orders.size() != b.orders.size()) return false;
  for (std::size_t i = 0; i < a.orders.size(); ++i) {
    const auto& x = a.orders[i];
    const auto& y = b.orders[i];
    if (x.line != y.line || x.kind != y.kind || x.events.size() != y.events.size() ||
        x.conflicts().size() != y.conflicts().size()) {
      return false;
    }
    for (std::size_t f = 0; f < lanshou::kFieldCount; ++f) {
      const auto field = static_cast<lanshou::Field>(f);
      if (x.get(field) != y.get(field) || x.line_of(field) != y.line_of(field)) return false;
    }
    for (std::size_t k = 0; k < x.events.size(); ++k) {
      if (x.events[k].at != y.events[k].at || x.events[k].text != y.events[k].text) return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t lines = 1;
  for (char c : text) lines += c == '\n' || c == '\r';

  const lanshou::ParsedInput joined = lanshou::read_input(text);
  check_records(joined, lines);

  lanshou::InputLimits raw_limits;
  raw_limits.join = false;
  lanshou::ParsedInput raw = lanshou::read_input(text, raw_limits);
  check_records(raw, lines);
  if (raw.orders.size() < joined.orders.size() || raw.errors.size() != joined.errors.size() ||
      raw.ignored_lines != joined.ignored_lines) {
    __builtin_trap();
  }
  lanshou::join_records(&raw);
  if (!same_records(raw, joined)) __builtin_trap();
  const std::size_t once = raw.orders.size();
  lanshou::join_records(&raw);  // everything already joined stays as it is
  if (raw.orders.size() != once) __builtin_trap();
  check_records(raw, lines);

  lanshou::ParsedInput newer = lanshou::read_input(text, raw_limits);
  lanshou::JoinOptions later;
  later.later_wins = true;
  lanshou::join_records(&newer, later);
  check_records(newer, lines);
  if (newer.orders.size() != joined.orders.size()) __builtin_trap();

  std::vector<lanshou::EngineError> errors;
  const auto decisions =
      lanshou::decide_all(joined, lanshou::builtin_rules(), 1764979200, &errors, 1);
  if (decisions.size() != joined.orders.size()) __builtin_trap();
  for (const auto& e : errors) {
    if (e.line == 0 || e.line > lines) __builtin_trap();
  }
  return 0;
}
