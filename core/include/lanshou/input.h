#pragma once
// Turns whatever a merchant pastes into raw order records: header-row tables (CSV per RFC 4180 or
// TSV), backend order detail blocks with their traces, courier traces, aggregator JSON and bare
// tracking numbers — mixed in one paste. Values stay views into the text where they can.
#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lanshou/order_facts.h"
#include "lanshou/time.h"
#include "lanshou/trace.h"

namespace lanshou {

enum class Field : std::uint8_t {
  kOrderSn,
  kStatus,
  kProduct,
  kQuantity,
  kAmount,
  kPaid,
  kGrouped,
  kConfirmed,
  kPromised,
  kShipped,
  kPickedUp,
  kDelivered,
  kTrackingNo,
  kCourier,
  kNote,
  kAfterSale,
  kRegion,  // the receiver's province and city only (region.h), for regional rules (issue 18)
  kCount
};
constexpr std::size_t kFieldCount = static_cast<std::size_t>(Field::kCount);

// The key used in core/data/input/fields.json, e.g. "order_sn".
std::string_view field_key(Field f);
// The name lanshou shows for the field, e.g. "订单号".
std::string_view field_name(Field f);

enum class SourceKind : std::uint8_t { kTable, kBlock, kTrace, kNumber, kJson };
std::string_view to_string(SourceKind k);

// Per field, the header or label as the merchant wrote it (lanshou's own name where there was
// none). One set is shared by every row of a table.
using LabelSet = std::array<std::string_view, kFieldCount>;

// lanshou's own names for every field.
const LabelSet& default_labels();

// One value of a record: `size` bytes at `at` in the store's text, or in its arena when the
// kInArena bit of `size` is set. Eight bytes instead of a string_view's sixteen: a record holds
// one per field, and issue 8 counts the memory per order.
struct ValueRef {
  static constexpr std::uint32_t kInArena = 0x80000000u;
  std::uint32_t at = 0;
  std::uint32_t size = 0;
};

// Two sources of one order disagree on a fact (two couriers, two pickup times): both values as
// written, and the lines they were read on. The first value is the one lanshou decides with.
struct FactConflict {
  Field field = Field::kCount;
  std::uint32_t kept_line = 0, other_line = 0;
  ValueRef kept, other;  // in the record's store
};

// What a record read from several lines, or joined from several records, needs beyond its
// values: the line of each field (errors name the line of the bad value, not the record's first
// line) and the facts its sources disagree on. Table rows have none (every value is on their line).
struct RecordExtra {
  std::array<std::uint32_t, kFieldCount> line{};  // 0: the record's own line
  std::vector<FactConflict> conflicts;
  std::uint32_t facts = 0;  // RawOrder::facts_slot
};

// Where the values of a ParsedInput's records lie: the pasted text, and lanshou's own copies of
// the few values it had to unpack (cells with escaped quotes, aggregator JSON).
struct ValueStore {
  std::string_view text;
  std::string arena;
  std::vector<RecordExtra> extras;  // RawOrder::extra_index() - 1
};

struct RawOrder {
  std::uint32_t line = 0;  // 1-based line where the record starts
  SourceKind kind = SourceKind::kTable;
  // 1 + the index of the record's RecordExtra in its store, 0 for none: 24 bits kept in what would
  // otherwise be padding after `kind` (a record's size is counted, issue 8). The RecordExtra holds
  // what few records need: each field's line, the facts its sources disagree on, and the slot of
  // its PDD order facts (ParsedInput::facts).
  std::uint8_t extra_high = 0;
  std::uint16_t extra_low = 0;
  const LabelSet* labels = &default_labels();  // owned by the ParsedInput or static
  const ValueStore* store = nullptr;           // owned by the ParsedInput
  std::array<ValueRef, kFieldCount> value{};
  std::vector<TraceEvent> events;  // oldest first
  // The value as written (trimmed); a view into the ParsedInput's text or arena.
  std::string_view get(Field f) const {
    const ValueRef r = value[static_cast<std::size_t>(f)];
    if (r.size == 0) return {};
    if ((r.size & ValueRef::kInArena) != 0) {
      return {store->arena.data() + r.at, r.size & ~ValueRef::kInArena};
    }
    return {store->text.data() + r.at, r.size};
  }
  std::string_view label(Field f) const { return (*labels)[static_cast<std::size_t>(f)]; }
  // A value held elsewhere in the record's store (a FactConflict's).
  std::string_view view(ValueRef r) const {
    if (r.size == 0) return {};
    if ((r.size & ValueRef::kInArena) != 0) {
      return {store->arena.data() + r.at, r.size & ~ValueRef::kInArena};
    }
    return {store->text.data() + r.at, r.size};
  }

  static constexpr std::uint32_t kMaxExtra = 0xFFFFFFu;
  std::uint32_t extra_index() const { return std::uint32_t{extra_high} << 16 | extra_low; }
  void set_extra_index(std::uint32_t i) {
    extra_high = static_cast<std::uint8_t>(i >> 16);
    extra_low = static_cast<std::uint16_t>(i & 0xFFFFu);
  }
  const RecordExtra* extra() const {
    const std::uint32_t i = extra_index();
    return i == 0 ? nullptr : &store->extras[i - 1];
  }
  // The line the field's value was read on (the record's line when it has no value, or no extra).
  std::uint32_t line_of(Field f) const {
    const RecordExtra* x = extra();
    const std::uint32_t l = x == nullptr ? 0 : x->line[static_cast<std::size_t>(f)];
    return l != 0 ? l : line;
  }
  // The facts the record's sources disagree on (FactConflict), in the order found.
  const std::vector<FactConflict>& conflicts() const;
  // 1 + the index of this record's facts in ParsedInput::facts (PDD order JSON), 0 for none.
  std::uint32_t facts_slot() const {
    const RecordExtra* x = extra();
    return x == nullptr ? 0 : x->facts;
  }
};

struct InputError {
  std::uint32_t line = 0;  // 0: the input as a whole
  std::string field;       // the column or label as written, or "" for the line
  std::string code;        // stable, e.g. "unclosed_quote"
  std::string message;     // Chinese, tells the merchant what to fix
  // A note, not an error: nothing the merchant wrote was wrong (a short token lanshou chose not to
  // read). Listed with the errors, but the CLI's exit status stays 0 for it.
  bool note = false;
};

struct ParsedInput {
  std::vector<RawOrder> orders;
  std::vector<InputError> errors;
  std::uint32_t ignored_lines = 0;     // lines with nothing lanshou could use (page noise)
  std::shared_ptr<ValueStore> values;  // the records' values (shared: copies keep them alive)
  std::vector<std::shared_ptr<ValueStore>> part_values;  // those of table parts read in parallel
  std::deque<LabelSet> label_sets;  // the tables' and blocks' labels (a deque: stable addresses)
  std::vector<OrderFacts> facts;    // PDD order JSON's codes and tags (RawOrder::facts_slot)
  // The facts of a record, or null.
  const OrderFacts* facts_of(const RawOrder& o) const {
    const std::uint32_t slot = o.facts_slot();
    return slot == 0 || slot > facts.size() ? nullptr : &facts[slot - 1];
  }
};

struct InputLimits {
  std::size_t max_bytes = 64u << 20;  // larger input is refused with a message
  // Long tables are read in up to this many parts at once, each at least min_part_bytes long
  // (native builds; the result is the same as one reader's, see read_table_in_parts).
  unsigned threads = 1;
  std::size_t min_part_bytes = std::size_t{1} << 20;
  // The caller guarantees well-formed UTF-8 (the wasm boundary: TextEncoder's output always is),
  // so the pass that looks for bytes that are not is skipped.
  bool known_utf8 = false;
  // Everything pasted about one order or parcel becomes one record (lanshou/join.h). Off: the
  // records as read, one per table row, block, trace, number line or JSON result.
  bool join = true;
  // The first line of each batch when the text is a workspace's batches joined (JoinOptions).
  std::vector<std::uint32_t> batch_lines;
};

// The first cell of the header row of the problems section that closes lanshou's CSV export
// (write_csv). Reading an export back, that section is skipped to the next blank line: it is
// lanshou's own report, not orders.
inline constexpr std::string_view kCsvProblemsHeader = "读取问题所在行";

// The record's RecordExtra, made on first use in `store`, which must be the record's own store
// (writable); null when the store holds the most it can (RawOrder::kMaxExtra).
RecordExtra* extra_of(RawOrder& o, ValueStore& store);

// Never throws; linear in the input size. The text must stay alive as long as the result.
ParsedInput read_input(std::string_view text, const InputLimits& limits = {});

// Recognises a header cell (after trimming); Field::kCount when it is no known column.
Field field_for_label(std::string_view label);

}  // namespace lanshou
