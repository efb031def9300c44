#include "lanshou/join.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "backoffice.h"
#include "key_index.h"
#include "lanshou/courier.h"
#include "lanshou/text.h"
#include "lanshou/time.h"
#include "lanshou/trace.h"

namespace lanshou {
namespace {

constexpr std::uint32_t kAlone = UINT32_MAX;         // a record that joins nothing
constexpr std::uint32_t kAttached = UINT32_MAX - 1;  // joined into one or more orders
constexpr Epoch kSameMinute = 60;

bool is_time_field(Field f) {
  switch (f) {
    case Field::kPaid:
    case Field::kGrouped:
    case Field::kConfirmed:
    case Field::kPromised:
    case Field::kShipped:
    case Field::kPickedUp:
    case Field::kDelivered:
      return true;
    default:
      return false;
  }
}

// The key of a tracking number: normalised, or as written when it cannot be.
std::string number_key(std::string_view raw) {
  std::string n = normalize_tracking_no(raw);
  if (n.empty()) n = std::string(trim(raw));
  return n;
}

// The stores of a ParsedInput, writable, and the join's own store for values of records that
// came from several stores.
class Stores {
 public:
  explicit Stores(ParsedInput* in) : in_(in) {}

  ValueStore* writable(const ValueStore* s) {
    if (s == last_) return last_writable_;
    ValueStore* w = nullptr;
    if (in_->values.get() == s) w = in_->values.get();
    for (auto& p : in_->part_values) {
      if (p.get() == s) w = p.get();
    }
    last_ = s;
    last_writable_ = w;
    return w;
  }

  ValueStore* own() {
    if (own_ == nullptr) {
      auto store = std::make_shared<ValueStore>();
      own_ = store.get();
      in_->part_values.push_back(std::move(store));
    }
    return own_;
  }

 private:
  ParsedInput* in_;
  ValueStore* own_ = nullptr;
  const ValueStore* last_ = nullptr;
  ValueStore* last_writable_ = nullptr;
};

ValueRef copy_into(ValueStore* store, std::string_view v) {
  if (v.empty()) return {};
  const auto at = static_cast<std::uint32_t>(store->arena.size());
  store->arena.append(v);
  return {at, static_cast<std::uint32_t>(v.size()) | ValueRef::kInArena};
}

// Events of several sources, each oldest first, merged oldest first; an event pasted twice (the
// same time and text) is kept once. Equal times keep the order they came in.
LANSHOU_SMALL void merge_events(std::vector<TraceEvent>& events) {
  std::stable_sort(events.begin(), events.end(),
                   [](const TraceEvent& a, const TraceEvent& b) { return a.at < b.at; });
  std::vector<char> keep(events.size(), 1);
  for (std::size_t i = 0; i < events.size();) {
    std::size_t j = i;
    while (j < events.size() && events[j].at == events[i].at) ++j;
    // A run of one time: repeats by text (an index for long runs, a scan for short ones).
    if (j - i > 16) {
      std::vector<std::string_view> texts;
      texts.reserve(j - i);
      for (std::size_t k = i; k < j; ++k) texts.emplace_back(events[k].text);
      KeyIndex seen(&texts, texts.size());
      for (std::uint32_t k = 0; k < texts.size(); ++k) keep[i + k] = seen.insert(k) == k ? 1 : 0;
    } else {
      for (std::size_t k = i + 1; k < j; ++k) {
        for (std::size_t m = i; m < k && keep[k] != 0; ++m) {
          if (keep[m] != 0 && events[m].text == events[k].text) keep[k] = 0;
        }
      }
    }
    i = j;
  }
  std::size_t write = 0;
  for (std::size_t k = 0; k < events.size(); ++k) {
    if (keep[k] == 0) continue;
    if (write != k) events[write] = std::move(events[k]);
    ++write;
  }
  events.resize(write);
}

// The batch a line belongs to (0 before the first batch line, or with no batches).
std::size_t batch_of(const std::vector<std::uint32_t>& batch_lines, std::uint32_t line) {
  return static_cast<std::size_t>(std::upper_bound(batch_lines.begin(), batch_lines.end(), line) -
                                  batch_lines.begin());
}

class Merger {
 public:
  Merger(ParsedInput* in, Stores* stores, const JoinOptions& options)
      : in_(in), stores_(stores), options_(options) {}

  // One record of the records of one order or parcel (paste order); `first` gives its line and
  // kind.
  LANSHOU_SMALL RawOrder merge(const RawOrder& first, const std::vector<const RawOrder*>& group) {
    RawOrder acc;
    acc.line = first.line;
    acc.kind = first.kind;
    const ValueStore* common = group.front()->store;
    for (const RawOrder* r : group) {
      if (r->store != common) common = nullptr;
    }
    ValueStore* store = common != nullptr ? stores_->writable(common) : nullptr;
    const bool in_place = store != nullptr;
    if (!in_place) store = stores_->own();
    acc.store = store;
    LabelSet& labels = in_->label_sets.emplace_back(default_labels());
    acc.labels = &labels;
    RecordExtra* x = extra_of(acc, *store);
    const auto home = [&](const RawOrder& r, ValueRef ref) {
      return in_place ? ref : copy_into(store, r.view(ref));
    };
    const BackOfficeWords& words = BackOfficeWords::builtin();
    std::size_t events = 0;
    for (const RawOrder* r : group) events += r->events.size();
    acc.events.reserve(events);
    std::array<std::size_t, kFieldCount> batch{};  // the batch of each field's value

    for (const RawOrder* r : group) {
      for (std::size_t i = 0; i < kFieldCount; ++i) {
        const auto f = static_cast<Field>(i);
        const std::string_view v = r->get(f);
        if (v.empty()) continue;
        const std::uint32_t line = r->line_of(f);
        const std::size_t b = batch_of(options_.batch_lines, line);
        const auto take = [&] {
          acc.value[i] = home(*r, r->value[i]);
          labels[i] = r->label(f);
          batch[i] = b;
          if (x != nullptr) x->line[i] = line;
        };
        const std::string_view cur = acc.get(f);
        const bool newer = options_.later_wins || b > batch[i];
        if (cur.empty()) {
          take();
        } else if (f == Field::kStatus) {
          if (newer || words.status_stage(v) > words.status_stage(cur)) take();
        } else if (!same_fact(f, cur, v)) {
          if (newer) {
            take();
          } else if (x != nullptr) {
            x->conflicts.push_back({f, acc.line_of(f), line, acc.value[i], home(*r, r->value[i])});
          }
        }
      }
      if (x != nullptr && x->facts == 0) x->facts = r->facts_slot();  // PDD JSON's order facts
      for (const FactConflict& c : r->conflicts()) {
        if (x == nullptr) break;
        x->conflicts.push_back(
            {c.field, c.kept_line, c.other_line, home(*r, c.kept), home(*r, c.other)});
      }
      acc.events.insert(acc.events.end(), r->events.begin(), r->events.end());
    }
    merge_events(acc.events);
    return acc;
  }

 private:
  ParsedInput* in_;
  Stores* stores_;
  JoinOptions options_;
};

// A pickup time in the record (揽收时间) and the trace's first pickup more than a minute apart
// (both of one batch: a later batch's trace is news, not a contradiction).
LANSHOU_SMALL void check_pickup(RawOrder& o, Stores* stores,
                                const std::vector<std::uint32_t>& batch_lines) {
  const std::string_view v = o.get(Field::kPickedUp);
  if (v.empty() || o.events.empty()) return;
  const TimeParse p = parse_time(v);
  if (!p.ok()) return;
  const TraceEvent* first = nullptr;
  for (const TraceEvent& e : o.events) {
    if (e.cls == EventClass::kPickup && (first == nullptr || e.at < first->at)) first = &e;
  }
  if (first == nullptr || std::llabs(first->at - p.epoch) < kSameMinute) return;
  const std::uint32_t line = first->line != 0 ? first->line : o.line;
  if (batch_of(batch_lines, line) != batch_of(batch_lines, o.line_of(Field::kPickedUp))) return;
  for (const FactConflict& c : o.conflicts()) {
    if (c.field == Field::kPickedUp && c.other_line == line) return;
  }
  ValueStore* store = stores->writable(o.store);
  if (store == nullptr) return;
  RecordExtra* x = extra_of(o, *store);
  if (x == nullptr) return;
  const ValueRef other = copy_into(store, format_datetime(first->at) + " " + first->text);
  x->conflicts.push_back({Field::kPickedUp, o.line_of(Field::kPickedUp), line,
                          o.value[static_cast<std::size_t>(Field::kPickedUp)], other});
}

}  // namespace

const std::vector<FactConflict>& RawOrder::conflicts() const {
  static const std::vector<FactConflict> kNone;
  const RecordExtra* x = extra();
  return x == nullptr ? kNone : x->conflicts;
}

LANSHOU_SMALL bool same_fact(Field f, std::string_view a, std::string_view b) {
  a = trim(a);
  b = trim(b);
  if (a == b) return true;
  if (f == Field::kOrderSn) return false;
  if (f == Field::kTrackingNo) return number_key(a) == number_key(b);
  if (f == Field::kCourier) {
    const CourierRegistry& reg = CourierRegistry::builtin();
    const Courier* ca = reg.find_by_name(a);
    const Courier* cb = reg.find_by_name(b);
    return ca != nullptr && ca == cb;
  }
  if (is_time_field(f)) {
    const TimeParse pa = parse_time(a), pb = parse_time(b);
    if (!pa.ok() || !pb.ok()) return true;  // the engine reports the unreadable one
    return std::llabs(pa.epoch - pb.epoch) < kSameMinute;
  }
  return true;
}

void join_records(ParsedInput* in, const JoinOptions& options) {
  std::vector<RawOrder>& rec = in->orders;
  const std::size_t n = rec.size();
  Stores stores(in);
  if (n >= 2 && n < kAttached) {
    // base[i]: the first record of i's order or parcel (i itself for the first), kAlone for a
    // record with no number at all, kAttached for one joined into orders by its tracking number.
    std::vector<std::uint32_t> base(n, kAlone);
    // One pass over the records for their two keys; the rest works on these arrays.
    std::vector<std::string_view> sn(n), no(n);
    std::vector<std::uint32_t> parcels;  // records with a tracking number and no order number
    for (std::uint32_t i = 0; i < n; ++i) {
      sn[i] = trim(rec[i].get(Field::kOrderSn));
      no[i] = trim(rec[i].get(Field::kTrackingNo));
      if (sn[i].empty() && !no[i].empty()) parcels.push_back(i);
    }
    KeyIndex by_sn(&sn, n);
    bool any_join = false;
    for (std::uint32_t i = 0; i < n; ++i) {
      if (sn[i].empty()) continue;
      base[i] = by_sn.insert(i);
      any_join = any_join || base[i] != i;
    }
    // Records without an order number, by tracking number: into the orders with that number,
    // else into each other. Only the parcels' numbers are indexed; each order's number is looked
    // up once. Numbers are compared normalised (copied only when not written so already).
    std::string arena;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;  // into arena, for `normal`
    // Per parcel (by its position in `parcels`): the orders with its number; per record joined into
    // orders by its number: that parcel's position.
    std::vector<std::vector<std::uint32_t>> orders_of;
    std::vector<std::uint32_t> parcel_at, attached;
    if (!parcels.empty()) {
      const std::size_t cap = options.max_orders_per_number;
      // Written normalised in place of the raw views (the arena is filled first, then viewed).
      std::vector<std::pair<std::uint32_t, std::string>> normalised;
      for (std::uint32_t i = 0; i < n; ++i) {
        if (no[i].empty()) continue;
        const bool plain = std::all_of(no[i].begin(), no[i].end(), [](char ch) {
          return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z');
        });
        if (!plain) normalised.emplace_back(i, number_key(no[i]));
      }
      for (const auto& [i, key] : normalised) {
        spans.emplace_back(static_cast<std::uint32_t>(arena.size()),
                           static_cast<std::uint32_t>(key.size()));
        arena += key;
      }
      for (std::size_t k = 0; k < normalised.size(); ++k) {
        no[normalised[k].first] = std::string_view(arena).substr(spans[k].first, spans[k].second);
      }
      KeyIndex by_number(&no, parcels.size());
      parcel_at.assign(n, kAlone);
      for (std::uint32_t k = 0; k < parcels.size(); ++k) {
        const std::uint32_t i = parcels[k];
        parcel_at[i] = k;
        base[i] = by_number.insert(i);
        any_join = any_join || base[i] != i;
      }
      orders_of.resize(parcels.size());
      for (std::uint32_t i = 0; i < n; ++i) {
        if (no[i].empty() || sn[i].empty()) continue;
        const std::uint32_t parcel = by_number.find(no[i]);
        if (parcel == KeyIndex::kEmpty) continue;
        std::vector<std::uint32_t>& on = orders_of[parcel_at[parcel]];
        if (on.size() <= cap && std::find(on.begin(), on.end(), base[i]) == on.end()) {
          on.push_back(base[i]);
        }
      }
      attached.assign(n, kAlone);
      for (const std::uint32_t i : parcels) {
        const std::uint32_t head = parcel_at[base[i]];
        if (orders_of[head].empty() || orders_of[head].size() > cap) continue;
        base[i] = kAttached;
        attached[i] = head;
        any_join = true;
      }
    }
    if (any_join) {
      // The records joined into each first record, in paste order (a counting sort by base).
      std::vector<std::uint32_t> start(n + 1, 0);
      const auto for_each_link = [&](auto&& visit) {
        for (std::uint32_t i = 0; i < n; ++i) {
          if (base[i] == kAttached) {
            for (const std::uint32_t b : orders_of[attached[i]]) visit(b, i);
          } else if (base[i] != kAlone && base[i] != i) {
            visit(base[i], i);
          }
        }
      };
      for_each_link([&](std::uint32_t b, std::uint32_t) { ++start[b + 1]; });
      for (std::size_t b = 0; b < n; ++b) start[b + 1] += start[b];
      std::vector<std::uint32_t> members(start[n]);
      std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
      for_each_link([&](std::uint32_t b, std::uint32_t i) { members[fill[b]++] = i; });

      Merger merger(in, &stores, options);
      std::vector<RawOrder> out;
      out.reserve(n);
      std::vector<const RawOrder*> group;
      for (std::uint32_t i = 0; i < n; ++i) {
        if (base[i] != i && base[i] != kAlone) continue;  // joined into another record
        if (base[i] == kAlone || start[i] == start[i + 1]) {
          out.push_back(std::move(rec[i]));
          continue;
        }
        group.clear();
        bool placed = false;
        for (std::uint32_t k = start[i]; k < start[i + 1]; ++k) {
          if (!placed && members[k] > i) {
            group.push_back(&rec[i]);
            placed = true;
          }
          group.push_back(&rec[members[k]]);
        }
        if (!placed) group.push_back(&rec[i]);
        out.push_back(merger.merge(rec[i], group));
      }
      rec = std::move(out);
    }
  }
  for (RawOrder& o : rec) check_pickup(o, &stores, options.batch_lines);
}

}  // namespace lanshou
