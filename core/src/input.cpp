#include "lanshou/input.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <optional>

#include "backoffice.h"
#include "key_index.h"
#include "lanshou/courier.h"
#include "lanshou/embedded.h"
#include "lanshou/join.h"
#include "lanshou/pdd_json.h"
#include "lanshou/region.h"
#include "lanshou/text.h"
#include "parallel.h"

namespace lanshou {
namespace {

constexpr std::array<std::string_view, kFieldCount> kFieldKeys = {
    "order_sn",    "status",    "product",  "quantity",   "amount",    "paid",
    "grouped",     "confirmed", "promised", "shipped",    "picked_up", "delivered",
    "tracking_no", "courier",   "note",     "after_sale", "region"};

struct Alias {
  std::string text;
  Field field;
};

struct FieldTable {
  std::vector<Alias> aliases;
  std::array<std::string, kFieldCount> names;
  std::vector<std::string_view> texts;  // the aliases' texts, for by_text
  KeyIndex by_text{&texts, 0};          // into `aliases`: the first of a text
};

// Filled in place, once: by_text points at texts, which point into aliases.
void fill_field_table(FieldTable* t) {
  std::vector<std::vector<std::string>> lists;
  if (!field_aliases_from_data(embedded_file("input/fields.json"), kFieldKeys.data(), kFieldCount,
                               &lists)) {
    std::abort();  // checked by unit tests
  }
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    for (std::string& a : lists[i]) {
      if (t->names[i].empty()) t->names[i] = a;
      t->aliases.push_back({std::move(a), static_cast<Field>(i)});
    }
  }
  // The back office's own labels come after the export's columns: an alias there wins.
  for (const auto& label : BackOfficeWords::builtin().labels()) {
    const bool known = std::any_of(t->aliases.begin(), t->aliases.end(),
                                   [&](const Alias& a) { return a.text == label.first; });
    if (!known) t->aliases.push_back({label.first, label.second});
  }
  for (const Alias& a : t->aliases) t->texts.emplace_back(a.text);
  t->by_text = KeyIndex(&t->texts, t->texts.size());
  for (std::uint32_t k = 0; k < t->texts.size(); ++k) t->by_text.insert(k);
}

const FieldTable& field_table() {
  static FieldTable table;
  static const bool filled = (fill_field_table(&table), true);
  (void)filled;
  return table;
}

// A line of the text and where the next one starts; \r\n, \n and a lone \r all end a line.
struct Line {
  std::string_view text;
  std::size_t next = 0;
};

Line line_at(std::string_view s, std::size_t pos) {
  std::size_t i = pos;
  while (i < s.size() && s[i] != '\n' && s[i] != '\r') ++i;
  Line l{s.substr(pos, i - pos), i};
  if (i < s.size()) {
    l.next = i + 1;
    if (s[i] == '\r' && l.next < s.size() && s[l.next] == '\n') ++l.next;
  }
  return l;
}

// Excel's ="0751..." guard around numbers, and a leading apostrophe, are not part of the value.
std::string_view unwrap_cell(std::string_view v) {
  v = trim(v);
  if (v.empty() || (v[0] != '=' && v[0] != '\'')) return v;  // most cells: trimmed once
  if (v.size() >= 3 && v[0] == '=' && v[1] == '"' && v.back() == '"') v = v.substr(2, v.size() - 3);
  if (!v.empty() && v[0] == '\'') v.remove_prefix(1);
  return trim(v);
}

class Reader {
 public:
  Reader(std::string_view text, ParsedInput* out)
      : s_(text), out_(out), store_(out->values.get()) {}

  void set_threads(unsigned threads, std::size_t min_part) {
    threads_ = std::max(1u, threads);
    min_part_ = std::max<std::size_t>(1, min_part);
  }

  void run() {
    std::size_t pos = 0;
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
    while (pos < s_.size()) {
      const Line l = line_at(s_, pos);
      const std::uint32_t this_line = line_;
      line_start_ = pos;
      pos = l.next;
      ++line_;
      const std::string_view t = trim(l.text);
      if (t.empty()) {
        blank();
        continue;
      }
      // A trace right below a blank line may belong to the record above it (trace_target).
      attach_ = below_blank_;
      below_blank_ = kNone;
      if ((t.front() == '{' || t.front() == '[') && read_json_at(this_line, &pos)) {
        pending_ = {};
        continue;
      }
      if (t.substr(0, kCsvProblemsHeader.size()) == kCsvProblemsHeader) {
        pending_ = {};
        pos = skip_problems(pos);
        continue;
      }
      if (pending_.field != Field::kCount) {
        const Pending p = pending_;
        pending_ = {};
        if (take_pending(p, t, this_line)) continue;
      }
      if (try_header(t, this_line, &pos)) continue;
      if (try_trace_run(t, this_line, &pos)) continue;
      if (try_label(t, this_line)) continue;
      if (try_trace(t, this_line)) continue;
      if (try_block_words(t, this_line)) continue;
      if (try_numbers(t, this_line)) continue;
      ++out_->ignored_lines;
      below_blank_ = attach_;  // a heading such as 物流信息 between the blank line and the trace
    }
    for (auto& o : out_->orders) sort_events(o.events);
  }

 private:
  void error(std::uint32_t line, std::string field, const char* code, std::string message) {
    out_->errors.push_back({line, std::move(field), code, std::move(message)});
  }

  RawOrder* open() { return open_ == kNone ? nullptr : &out_->orders[open_]; }

  RawOrder& new_order(std::uint32_t line, SourceKind kind) {
    out_->orders.emplace_back();
    RawOrder& o = out_->orders.back();
    o.line = line;
    o.kind = kind;
    o.store = store_;
    return o;
  }

  // A record of a kind whose labels are lanshou's own names; trace lines that follow attach to it.
  RawOrder& start(std::uint32_t line, SourceKind kind) {
    RawOrder& o = new_order(line, kind);
    open_ = out_->orders.size() - 1;
    return o;
  }

  // Where a value lies: in the text when it is a piece of it, else copied into the arena.
  ValueRef ref(std::string_view v) {
    if (v.empty()) return {};
    const std::less<const char*> before;
    if (!before(v.data(), s_.data()) && !before(s_.data() + s_.size(), v.data() + v.size())) {
      return {static_cast<std::uint32_t>(v.data() - s_.data()),
              static_cast<std::uint32_t>(v.size())};
    }
    const auto at = static_cast<std::uint32_t>(store_->arena.size());
    store_->arena.append(v);
    return {at, static_cast<std::uint32_t>(v.size()) | ValueRef::kInArena};
  }

  // The region of a table row: province and city only (region.h); a second region column (市
  // after 省) is joined to the first.
  void set_region(RawOrder& o, std::string_view cell) {
    const std::string_view before = o.get(Field::kRegion);
    if (before.empty()) {
      o.value[static_cast<std::size_t>(Field::kRegion)] = ref(region_of(cell));
      return;
    }
    std::string& joined = scratch_.emplace_back(before);
    joined.append(cell);
    o.value[static_cast<std::size_t>(Field::kRegion)] = ref(region_of(joined));
  }

  // A value under lanshou's own label.
  void set(RawOrder& o, Field f, std::string_view value) {
    o.value[static_cast<std::size_t>(f)] = ref(value);
  }

  // A value under the label the merchant wrote: the record gets its own label set when it differs.
  void set(RawOrder& o, Field f, std::string_view label, std::string_view value) {
    const auto i = static_cast<std::size_t>(f);
    o.value[i] = ref(value);
    if ((*o.labels)[i] == label) return;
    if (o.labels == &default_labels()) o.labels = &out_->label_sets.emplace_back(default_labels());
    const_cast<LabelSet&>(*o.labels)[i] = label;
  }

  // A blank line closes the open record; a trace right below may still belong to it.
  LANSHOU_SMALL void blank() {
    pending_ = {};
    if (open_ != kNone) {
      const SourceKind k = out_->orders[open_].kind;
      if (k == SourceKind::kBlock || k == SourceKind::kNumber || k == SourceKind::kTrace) {
        below_blank_ = open_;
      }
    }
    open_ = kNone;
  }

  // The record's RecordExtra, made on first use; null when the store holds the most it can.
  RecordExtra* extra(RawOrder& o) { return extra_of(o, *store_); }

  // Where a field's value was read, when that is not the record's first line.
  void note_line(RawOrder& o, Field f, std::uint32_t line) {
    if (line == o.line && o.extra_index() == 0) return;
    if (RecordExtra* x = extra(o)) x->line[static_cast<std::size_t>(f)] = line;
  }

  // A value of a record read line by line (a block, a trace's number): the first value of a fact
  // is kept and a different one is a FactConflict naming both lines; of two status words the
  // furthest stage wins.
  LANSHOU_SMALL void put_value(RawOrder& o, Field f, std::string_view label, std::string_view value,
                               std::uint32_t line) {
    const std::string_view old = o.get(f);
    if (!old.empty()) {
      if (old == value) return;
      if (f == Field::kStatus) {
        const BackOfficeWords& w = BackOfficeWords::builtin();
        if (w.status_stage(value) <= w.status_stage(old)) return;
      } else {
        if (!same_fact(f, old, value)) {
          if (RecordExtra* x = extra(o)) {
            x->conflicts.push_back(
                {f, o.line_of(f), line, o.value[static_cast<std::size_t>(f)], ref(value)});
          }
        }
        return;
      }
    }
    set(o, f, label, value);
    note_line(o, f, line);
  }

  void note_year(std::string_view value) {
    const TimeParse p = parse_time(value);
    if (p.ok()) context_ = p.epoch;
  }

  // lanshou's own problems table at the end of an export it wrote: up to the next blank line.
  std::size_t skip_problems(std::size_t pos) {
    open_ = kNone;
    while (pos < s_.size()) {
      const Line l = line_at(s_, pos);
      if (trim(l.text).empty()) break;
      pos = l.next;
      ++line_;
    }
    return pos;
  }

  // --- Tables -----------------------------------------------------------------------------

  // Splits one line of a header candidate; quotes are stripped but not unescaped (headers are
  // plain words).
  bool try_header(std::string_view t, std::uint32_t line, std::size_t* pos) {
    const char delim = t.find('\t') != std::string_view::npos ? '\t' : ',';
    if (delim == ',' && t.find(',') == std::string_view::npos) return false;  // one cell: no header
    std::vector<Field> columns;
    std::vector<std::string_view> labels;
    std::array<bool, kFieldCount + 1> seen{};  // by field: a flag, not a scan (100,000 columns)
    int region_columns = 0;
    int known = 0;
    bool has_key = false;
    std::size_t start = 0;
    while (start <= t.size()) {
      std::size_t end = t.find(delim, start);
      if (end == std::string_view::npos) end = t.size();
      std::string_view cell = trim(t.substr(start, end - start));
      if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') {
        cell = cell.substr(1, cell.size() - 2);
      }
      Field f = field_for_label(cell);
      // A second column of a field is ignored; the region's may be two (省, then 市).
      if (seen[static_cast<std::size_t>(f)] && (f != Field::kRegion || region_columns++ > 0)) {
        f = Field::kCount;
      }
      seen[static_cast<std::size_t>(f)] = true;
      if (f != Field::kCount) {
        ++known;
        has_key = has_key || f == Field::kOrderSn || f == Field::kTrackingNo;
      }
      columns.push_back(f);
      labels.push_back(cell);
      start = end + 1;
    }
    if (known < 2 || !has_key) return false;
    open_ = kNone;
    // Reserving for the rest of the table once keeps the records from being copied as the vector
    // grows. How many rows: the rest of the text over the line length of a sample (64 KB after
    // the header), plus 1/16 to spare; rows are never shorter than 64 bytes, so a paste of blank
    // or short lines reserves little. Wasm memory holds all that is reserved (it is not lazily
    // paged like a native process's), so a rough guess would cost the page hundreds of MB at 1M.
    const std::string_view rest = s_.substr(*pos);
    const std::string_view sample = rest.substr(0, std::size_t{64} << 10);
    const auto newlines = static_cast<std::size_t>(std::count(sample.begin(), sample.end(), '\n'));
    const std::size_t per_row =
        std::max<std::size_t>(newlines >= 8 ? sample.size() / newlines : t.size(), 64);
    const std::size_t rows = rest.size() / per_row + rest.size() / per_row / 16;
    if (out_->orders.capacity() < out_->orders.size() + rows) {
      out_->orders.reserve(out_->orders.size() + rows);
    }
    LabelSet& set = out_->label_sets.emplace_back(default_labels());
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (columns[i] != Field::kCount) set[static_cast<std::size_t>(columns[i])] = labels[i];
    }
    *pos = read_table(*pos, delim, columns, set);
    (void)line;
    return true;
  }

  // Reads records after the header until a blank line or the end. Returns where it stopped.
  std::size_t read_table(std::size_t pos, char delim, const std::vector<Field>& columns,
                         const LabelSet& labels) {
    const Table table{delim, &columns, &labels};
#ifndef __EMSCRIPTEN__
    if (threads_ > 1) {
      if (const auto end = read_table_in_parts(pos, table)) return *end;
    }
#endif
    bool quotes = true;
    return read_rows(pos, s_.size(), table, &quotes, nullptr).pos;
  }

  struct Table {
    char delim;
    const std::vector<Field>* columns;
    const LabelSet* labels;
  };
  // Rows written into places made beforehand (a part of a table read on its own thread), instead
  // of appended to the orders.
  struct Slots {
    RawOrder* first;
    std::size_t used, capacity;
  };
  struct RowsEnd {
    std::size_t pos;
    bool table_ended;  // a blank or single-cell line; else `limit` or the end of the text reached
  };

  // The records of a table from `pos` on, until the table ends or the first record boundary at or
  // after `limit`.
  RowsEnd read_rows(std::size_t pos, std::size_t limit, const Table& table, bool* quotes,
                    Slots* slots) {
    const char delim = table.delim;
    const std::vector<Field>& columns = *table.columns;
    std::vector<std::string_view> cells;
    cells.reserve(columns.size() + 1);
    std::array<bool, 256> stop{};
    stop[static_cast<unsigned char>(delim)] = stop['\n'] = stop['\r'] = true;
    while (pos < s_.size() && pos < limit) {
      // Full (which the count of places rules out): stop at this record boundary, where the
      // ordinary way takes over.
      if (slots != nullptr && slots->used == slots->capacity) return {pos, false};
      const std::size_t record_start = pos;
      const std::uint32_t record_line = line_;
      cells.clear();
      scratch_.clear();
      pos = read_record(pos, delim, stop, quotes, &cells);
      if (cells.size() == 1 && s_[record_start] != '"') {
        // A blank line ends the table (the main loop consumes it), and so does a line without a
        // single delimiter ("共 2 条", a page footer), which the main loop then reads. A quoted
        // first cell may hold the delimiter on a later line: such a record stays in the table.
        // An unquoted single cell is one line: the main loop reads it again from its start.
        const std::string_view t = trim(cells[0]);
        if (t.empty() || t.front() != '"') {
          line_ = record_line;
          return {record_start, true};
        }
      }
      RawOrder& o = slots != nullptr ? slots->first[slots->used++] : out_->orders.emplace_back();
      o.line = record_line;
      o.kind = SourceKind::kTable;
      o.labels = table.labels;
      o.store = store_;
      bool any = false;
      const std::size_t n = std::min(cells.size(), columns.size());
      for (std::size_t i = 0; i < n; ++i) {
        if (columns[i] == Field::kCount) continue;
        const std::string_view v = unwrap_cell(cells[i]);
        if (v.empty()) continue;
        any = true;
        if (columns[i] == Field::kRegion) {
          set_region(o, v);
          continue;
        }
        o.value[static_cast<std::size_t>(columns[i])] = ref(v);
      }
      if (!any) {  // a row of empty cells: its place takes the next row
        if (slots != nullptr) {
          --slots->used;
        } else {
          out_->orders.pop_back();
        }
      }
    }
    return {pos, false};
  }

#ifndef __EMSCRIPTEN__
  // A long table read in parts, one per thread: the rest of the text is cut after line breaks
  // into equal spans, and each part reads the records from its cut to the next one with its own
  // reader, into places made for it in the orders (as many as the line breaks in its span, plus
  // one). A part counts only if the part before it stopped exactly at its cut, at the same line,
  // with quoting still on: then the one reader going through the whole table would have been
  // there in the same state, and read the same. Otherwise (a quoted cell with a line break across
  // a cut, the table ending early) the rest is read the ordinary way. Either way the result is the
  // one reader's, record for record and error for error. Nothing when the table is too short to
  // share, or when a lone \r counts as a line break somewhere (the cuts count \n only).
  std::optional<std::size_t> read_table_in_parts(std::size_t pos, const Table& table) {
    const std::string_view rest = s_.substr(pos);
    const std::size_t parts = parts_for(rest.size(), threads_, min_part_);
    if (parts < 2) return std::nullopt;
    for (std::size_t cr = rest.find('\r'); cr != std::string_view::npos;
         cr = rest.find('\r', cr + 1)) {
      if (cr + 1 >= rest.size() || rest[cr + 1] != '\n') return std::nullopt;
    }
    // Cuts just after a line break; the line each part starts on; its places.
    std::vector<std::size_t> cut{pos};
    std::vector<std::uint32_t> line{line_};
    for (std::size_t k = 1; k < parts; ++k) {
      const std::size_t nl = s_.find('\n', pos + range_begin(rest.size(), parts, k));
      if (nl == std::string_view::npos || nl + 1 >= s_.size()) break;
      if (nl + 1 <= cut.back()) continue;
      cut.push_back(nl + 1);
    }
    cut.push_back(s_.size());
    const std::size_t n = cut.size() - 1;
    if (n < 2) return std::nullopt;
    std::size_t places = 0;
    std::vector<std::size_t> first(n);
    for (std::size_t k = 0; k < n; ++k) {
      const auto breaks = static_cast<std::size_t>(
          std::count(s_.begin() + static_cast<std::ptrdiff_t>(cut[k]),
                     s_.begin() + static_cast<std::ptrdiff_t>(cut[k + 1]), '\n'));
      if (k + 1 < n) line.push_back(static_cast<std::uint32_t>(line[k] + breaks));
      first[k] = out_->orders.size() + places;
      places += breaks + 1;
    }
    const std::size_t base = out_->orders.size();
    out_->orders.reserve(base + places);
    out_->orders.resize(base + places);

    struct Part {
      ParsedInput in;  // its errors and its values' store
      Slots slots{};
      RowsEnd end{};
      bool quotes = true;
      std::uint32_t end_line = 0;
    };
    std::vector<Part> part(n);
    const auto read_part = [&](std::size_t k) {
      Part& p = part[k];
      p.slots = {out_->orders.data() + first[k], 0,
                 (k + 1 < n ? first[k + 1] : base + places) - first[k]};
      if (k == 0) {
        p.end = read_rows(cut[0], cut[1], table, &p.quotes, &p.slots);
        p.end_line = line_;
        return;
      }
      p.in.values = std::make_shared<ValueStore>();
      p.in.values->text = s_;
      Reader r(s_, &p.in);
      r.line_ = line[k];
      p.end = r.read_rows(cut[k], cut[k + 1], table, &p.quotes, &p.slots);
      p.end_line = r.line_;
    };
    run_parts(n, read_part);

    // Keep the parts that line up, in order, closing the gaps between their rows.
    std::size_t write = base + part[0].slots.used;
    std::size_t k = 1;
    bool done = part[0].end.table_ended;
    for (; k < n && !done; ++k) {
      const Part& prev = part[k - 1];
      if (prev.end.pos != cut[k] || !prev.quotes || prev.end_line != line[k]) break;
      Part& p = part[k];
      std::move(out_->orders.begin() + static_cast<std::ptrdiff_t>(first[k]),
                out_->orders.begin() + static_cast<std::ptrdiff_t>(first[k] + p.slots.used),
                out_->orders.begin() + static_cast<std::ptrdiff_t>(write));
      write += p.slots.used;
      for (auto& e : p.in.errors) out_->errors.push_back(std::move(e));
      out_->part_values.push_back(std::move(p.in.values));
      done = p.end.table_ended;
    }
    out_->orders.resize(write);
    const Part& last = part[k - 1];
    line_ = last.end_line;
    if (done) return last.end.pos;
    bool quotes = last.quotes;  // the ordinary way from where the last part that counts stopped
    return read_rows(last.end.pos, s_.size(), table, &quotes, nullptr).pos;
  }
#endif

  // One RFC 4180 record; quoted fields may hold delimiters, "" and line breaks. An unclosed quote
  // is reported once and quoting is then switched off for the rest of the table, which keeps the
  // reader linear in the input size.
  // `stop` is true for the delimiter, \n and \r.
  std::size_t read_record(std::size_t pos, char delim, const std::array<bool, 256>& stop,
                          bool* quotes, std::vector<std::string_view>* cells) {
    // Eight bytes at a time (a word with a byte equal to the delimiter, \n or \r has a zero
    // byte after XOR; the lowest flagged byte is the first match), the last few one by one.
    const std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const std::uint64_t d = ones * static_cast<unsigned char>(delim);
    const auto until_stop = [&](std::size_t i) {
      const char* const p = s_.data();
      const std::size_t n = s_.size();
      for (; i + 8 <= n; i += 8) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        const std::uint64_t a = w ^ d, b = w ^ (ones * '\n'), c = w ^ (ones * '\r');
        const std::uint64_t hit =
            ((a - ones) & ~a & highs) | ((b - ones) & ~b & highs) | ((c - ones) & ~c & highs);
        if (hit != 0) return i + static_cast<std::size_t>(__builtin_ctzll(hit) >> 3);
      }
      while (i < n && !stop[static_cast<unsigned char>(p[i])]) ++i;
      return i;
    };
    const std::uint32_t record_line = line_;
    while (true) {
      if (*quotes && pos < s_.size() && s_[pos] == '"') {
        std::size_t i = pos + 1;
        bool escaped = false;
        std::uint32_t newlines = 0;
        bool closed = false;
        while (i < s_.size()) {
          if (s_[i] == '"') {
            if (i + 1 < s_.size() && s_[i + 1] == '"') {
              escaped = true;
              i += 2;
              continue;
            }
            closed = true;
            break;
          }
          if (s_[i] == '\n' || (s_[i] == '\r' && (i + 1 >= s_.size() || s_[i + 1] != '\n'))) {
            ++newlines;
          }
          ++i;
        }
        if (!closed) {
          error(record_line, "", "unclosed_quote",
                "第 " + std::to_string(record_line) +
                    " 行有未闭合的引号（\"），已按普通文字读取该行及以后各行");
          *quotes = false;
          continue;  // re-read this field without quoting
        }
        std::string_view v = s_.substr(pos + 1, i - pos - 1);
        if (escaped) {
          std::string& u = scratch_.emplace_back();
          u.reserve(v.size());
          for (std::size_t k = 0; k < v.size(); ++k) {
            u += v[k];
            if (v[k] == '"') ++k;
          }
          v = u;
        }
        line_ += newlines;
        pos = i + 1;
        // Text after the closing quote up to the delimiter is kept (lenient, as spreadsheets are).
        const std::size_t end = until_stop(pos);
        if (end > pos) {
          std::string& u = scratch_.emplace_back(v);
          u.append(s_.substr(pos, end - pos));
          v = u;
        }
        cells->push_back(v);
        pos = end;
      } else {
        const std::size_t end = until_stop(pos);
        cells->push_back(s_.substr(pos, end - pos));
        pos = end;
      }
      if (pos < s_.size() && s_[pos] == delim) {
        ++pos;
        continue;
      }
      // End of record: step over \n, \r\n or a lone \r.
      if (pos < s_.size()) {
        const bool cr = s_[pos] == '\r';
        ++pos;
        if (cr && pos < s_.size() && s_[pos] == '\n') ++pos;
      }
      ++line_;
      return pos;
    }
  }

  // --- Detail blocks and the back office's pages ------------------------------------------

  enum class LabelKind : std::uint8_t { kNone, kField, kOther, kCourier, kUnknown };

  // One `label：value` of a line.
  struct Pair {
    LabelKind kind = LabelKind::kNone;
    Field field = Field::kCount;
    std::string_view label;
    std::string_view value;
  };

  // A label whose value comes on the next line ("订单号：" then "261203-…").
  struct Pending {
    Field field = Field::kCount;
    std::string_view label;
    std::uint32_t line = 0;
    bool colon = false;  // without one ("发货时间" alone) the value must fit the field
  };

  static bool is_time_field(Field f) {
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

  static LabelKind kind_of_label(std::string_view label, Field* field) {
    *field = field_for_label(label);
    if (*field != Field::kCount) return LabelKind::kField;
    if (BackOfficeWords::builtin().is_other_label(label)) return LabelKind::kOther;
    if (CourierRegistry::builtin().find_by_name(label) != nullptr) return LabelKind::kCourier;
    return LabelKind::kUnknown;
  }

  // Where a label of the line ends: the first colon (full-width or ASCII, not one inside a time or
  // an address like https://) that follows a label of at most 40 bytes, not starting with a digit.
  static bool first_colon(std::string_view t, std::size_t* colon, std::size_t* skip) {
    *skip = 0;
    const std::size_t limit = std::min<std::size_t>(t.size(), 41);
    for (std::size_t i = 0; i < limit; ++i) {
      if (t.compare(i, 3, "：") == 0) {
        *colon = i;
        *skip = 3;
        break;
      }
      if (t[i] == ':') {
        if (i + 2 < t.size() && t[i + 1] == '/' && t[i + 2] == '/') return false;
        *colon = i;
        *skip = 1;
        break;
      }
    }
    if (*skip == 0 || *colon == 0) return false;
    const std::string_view label = trim(t.substr(0, *colon));
    return !label.empty() && !(label.front() >= '0' && label.front() <= '9');
  }

  // Several `label：value` on one line, as the list page's card header is copied:
  // "订单编号：261205-… 复制 订单成交时间：2026-12-05 20:14:09 承诺发货时间：…". After the first
  // label a value ends where the next known label (or a short unknown one after a space) begins.
  // Only the first 4 KB and 32 colons of a line are split; the rest belongs to the last value.
  LANSHOU_SMALL void split_pairs(std::string_view t, std::vector<Pair>* pairs) const {
    pairs->clear();
    std::size_t colon = 0, skip = 0;
    if (!first_colon(t, &colon, &skip)) return;
    Pair first;
    first.label = trim(t.substr(0, colon));
    first.kind = kind_of_label(first.label, &first.field);
    std::size_t value_from = colon + skip;
    if (first.kind != LabelKind::kField && first.kind != LabelKind::kOther) {
      first.value = t.substr(value_from);
      pairs->push_back(first);
      return;
    }
    Pair cur = first;
    const std::size_t limit = std::min<std::size_t>(t.size(), 4096);
    std::size_t i = value_from;
    int colons = 0;  // a line of colons must not cost a label search each: 32 at most
    while (i < limit && colons < 32) {
      std::size_t next_skip = 0;
      if (t.compare(i, 3, "：") == 0) {
        next_skip = 3;
      } else if (t[i] == ':' && i > value_from && !(t[i - 1] >= '0' && t[i - 1] <= '9') &&
                 !(i + 2 < t.size() && t[i + 1] == '/' && t[i + 2] == '/')) {
        next_skip = 1;
      }
      if (next_skip == 0) {
        ++i;
        continue;
      }
      ++colons;
      const std::string_view before = t.substr(value_from, i - value_from);
      std::size_t label_at = std::string_view::npos;
      Field f = Field::kCount;
      LabelKind kind = LabelKind::kNone;
      longest_label_suffix(before, &label_at, &f, &kind);
      if (label_at == std::string_view::npos) {
        // An unknown label after a space ("备用：…"): a boundary, its value unread.
        std::size_t gap = before.size();
        while (gap > 0 && before[gap - 1] != ' ' && before[gap - 1] != '\t') --gap;
        const std::string_view word = before.substr(gap);
        if (gap > 0 && !word.empty() && word.size() <= 24 && !(word[0] >= '0' && word[0] <= '9')) {
          label_at = gap;
          kind = LabelKind::kUnknown;
        }
      }
      if (label_at == std::string_view::npos) {
        i += next_skip;
        continue;
      }
      cur.value = before.substr(0, label_at);
      pairs->push_back(cur);
      cur = Pair{};
      cur.kind = kind;
      cur.field = f;
      cur.label = trim(before.substr(label_at));
      value_from = i + next_skip;
      i = value_from;
    }
    cur.value = t.substr(value_from);
    pairs->push_back(cur);
  }

  // The longest known label (a field's alias or another label of the page) that `before` ends
  // with. An alias of two characters or more may follow anything ("…847复制订单成交时间"); a
  // shorter one ("ID") needs a space before it.
  LANSHOU_SMALL static void longest_label_suffix(std::string_view before, std::size_t* at,
                                                 Field* field, LabelKind* kind) {
    std::size_t best = 0;
    const auto consider = [&](std::string_view label, Field f, LabelKind k) {
      if (label.size() <= best || label.size() > before.size()) return;
      if (before.compare(before.size() - label.size(), label.size(), label) != 0) return;
      const std::size_t from = before.size() - label.size();
      const bool spaced = from == 0 || before[from - 1] == ' ' || before[from - 1] == '\t';
      if (label.size() < 6 && !spaced) return;
      best = label.size();
      *at = from;
      *field = f;
      *kind = k;
    };
    // trailing spaces between the label and its colon
    std::size_t end = before.size();
    while (end > 0 && (before[end - 1] == ' ' || before[end - 1] == '\t')) --end;
    before = before.substr(0, end);
    for (const auto& a : field_table().aliases) consider(a.text, a.field, LabelKind::kField);
    for (const std::string& o : BackOfficeWords::builtin().other_labels()) {
      consider(o, Field::kCount, LabelKind::kOther);
    }
  }

  // A line that is a label of the page: `label：…` with a known label, or a time field's,
  // the status's or the courier's alias alone ("发货时间"), whose value is on the next line.
  LANSHOU_SMALL bool is_label_line(std::string_view t) const {
    std::size_t colon = 0, skip = 0;
    if (first_colon(t, &colon, &skip)) {
      Field f = Field::kCount;
      const LabelKind k = kind_of_label(trim(t.substr(0, colon)), &f);
      if (k == LabelKind::kField || k == LabelKind::kOther || k == LabelKind::kCourier) return true;
    }
    return bare_label(t) != Field::kCount || BackOfficeWords::builtin().is_other_label(t);
  }

  // A field's alias alone on a line, for the fields whose value on the next line can be checked.
  static Field bare_label(std::string_view t) {
    if (t.size() > 40 || t.empty() || t.back() == ':' ||
        (t.size() >= 3 && t.substr(t.size() - 3) == "：")) {
      return Field::kCount;
    }
    const Field f = field_for_label(t);
    if (is_time_field(f) || f == Field::kStatus || f == Field::kCourier) return f;
    return Field::kCount;
  }

  // Whether a value on the line after a bare label is that field's.
  LANSHOU_SMALL bool fits(Field f, std::string_view v) const {
    if (is_time_field(f)) return parse_time(v, context_year()).ok();
    if (f == Field::kStatus)
      return BackOfficeWords::builtin().status_stage(v) != StatusStage::kNone;
    if (f == Field::kCourier) return CourierRegistry::builtin().find_by_name(v) != nullptr;
    return false;
  }

  // The value as the page shows it, without links; empty for the filter form's placeholders and
  // date ranges ("2026-11-30 ~ 2026-12-07").
  static std::string_view clean_value(Field f, std::string_view v) {
    const BackOfficeWords& w = BackOfficeWords::builtin();
    v = w.strip_links(v);
    if (v.empty() || w.is_placeholder(v)) return {};
    if (is_time_field(f) &&
        (v.find('~') != std::string_view::npos || v.find("至") != std::string_view::npos ||
         v.find("～") != std::string_view::npos)) {
      return {};
    }
    return v;
  }

  // The record a block's value goes into: the open block, or a new one when there is none or
  // when it is another order's number.
  LANSHOU_SMALL RawOrder& block_for(Field f, std::string_view value, std::uint32_t line) {
    RawOrder* block = open();
    if (block == nullptr || block->kind != SourceKind::kBlock ||
        (f == Field::kOrderSn && !block->get(Field::kOrderSn).empty() &&
         block->get(Field::kOrderSn) != value)) {
      block = &start(line, SourceKind::kBlock);
      extra(*block);
    }
    return *block;
  }

  // A field's value read from a label of a block.
  LANSHOU_SMALL void put(Field f, std::string_view label, std::string_view value,
                         std::uint32_t line) {
    if (f == Field::kRegion) value = region_of(value);  // never the street
    if (f == Field::kCourier) {
      // "快递公司：中通快递 78512440000301": the courier and its number.
      const std::size_t gap = value.rfind(' ');
      if (gap != std::string_view::npos) {
        const std::string_view name = trim(value.substr(0, gap));
        const std::string_view number = trim(value.substr(gap + 1));
        if (looks_like_tracking_no(number) &&
            CourierRegistry::builtin().find_by_name(name) != nullptr) {
          RawOrder& block = block_for(f, name, line);
          put_value(block, f, label, name, line);
          put_value(block, Field::kTrackingNo, field_name(Field::kTrackingNo), number, line);
          return;
        }
      }
    }
    RawOrder& block = block_for(f, value, line);
    put_value(block, f, label, value, line);
    note_year(value);
  }

  LANSHOU_SMALL bool try_label(std::string_view t, std::uint32_t line) {
    const Field bare = bare_label(t);
    if (bare != Field::kCount) {
      pending_ = {bare, t, line, false};
      return true;
    }
    split_pairs(t, &pairs_);
    if (pairs_.empty()) return false;
    const Pair& first = pairs_.front();
    switch (first.kind) {
      case LabelKind::kCourier:
        return false;  // "中通快递: 79…": a courier and its number (try_numbers)
      case LabelKind::kUnknown:
        // "收件地址：…" and other labels of a block: part of it, nothing to read.
        return open() != nullptr && open()->kind == SourceKind::kBlock;
      default:
        break;
    }
    for (std::size_t k = 0; k < pairs_.size(); ++k) {
      const Pair& p = pairs_[k];
      if (p.kind != LabelKind::kField) continue;
      if (BackOfficeWords::builtin().strip_links(p.value).empty()) {
        if (k + 1 == pairs_.size()) pending_ = {p.field, p.label, line, true};
        continue;
      }
      const std::string_view v = clean_value(p.field, p.value);
      if (!v.empty()) put(p.field, p.label, v, line);
    }
    return true;
  }

  // The line after a label without its value.
  LANSHOU_SMALL bool take_pending(const Pending& p, std::string_view t, std::uint32_t line) {
    const BackOfficeWords& w = BackOfficeWords::builtin();
    if (w.is_link_word(t)) {  // "复制" between the label and its value
      pending_ = p;
      return true;
    }
    if (is_label_line(t)) return false;
    if (!p.colon && !fits(p.field, t)) return false;
    const std::string_view v = clean_value(p.field, t);
    if (!v.empty()) put(p.field, p.label, v, line);
    return true;
  }

  // Inside a block: a status cell without a label ("待发货", "已发货，待收货"), alone or among the
  // tab-separated cells of a list card, and the page's links alone on a line.
  LANSHOU_SMALL bool try_block_words(std::string_view t, std::uint32_t line) {
    RawOrder* block = open();
    if (block == nullptr || block->kind != SourceKind::kBlock) return false;
    const BackOfficeWords& w = BackOfficeWords::builtin();
    if (w.is_link_word(t)) return true;
    if (w.status_stage(t) != StatusStage::kNone) {
      put_value(*block, Field::kStatus, field_name(Field::kStatus), t, line);
      return true;
    }
    if (t.find('\t') == std::string_view::npos) return false;
    bool found = false;
    for (std::size_t from = 0; from <= t.size();) {
      std::size_t end = t.find('\t', from);
      if (end == std::string_view::npos) end = t.size();
      const std::string_view cell = trim(t.substr(from, end - from));
      if (!found && w.status_stage(cell) != StatusStage::kNone) {
        put_value(*block, Field::kStatus, field_name(Field::kStatus), cell, line);
        found = true;
      }
      from = end + 1;
    }
    return found;
  }

  // --- Traces -----------------------------------------------------------------------------

  int context_year() const {
    return context_ ? to_beijing(context_).year : 0;
  }

  // A trace line's time and text; a year-less time that lands half a year before its context
  // crossed New Year.
  bool parse_event(std::string_view t, TraceEvent* ev, TimeStatus* status) {
    // A line is asked about up to three times (as part of a run, as a trace line, looked ahead
    // at): the last answer is kept.
    if (t.data() == event_cache_.at && t.size() == event_cache_.size &&
        context_ == event_cache_.context) {
      *status = event_cache_.status;
      if (event_cache_.ok) *ev = event_cache_.event;
      return event_cache_.ok;
    }
    const int year = context_year();
    bool ok = parse_trace_line(t, year, TraceKeywords::builtin(), ev, status);
    if (ok && year != 0 && context_ && ev->at < context_ - 180LL * 86400) {
      parse_trace_line(t, year + 1, TraceKeywords::builtin(), ev, status);
    }
    event_cache_ = {t.data(), t.size(), context_, ok, *status, ok ? *ev : TraceEvent{}};
    return ok;
  }

  // Where trace lines go: the open record, else the record right above the blank line before
  // them, else a new trace.
  RawOrder& trace_target(std::uint32_t line) {
    if (open_ == kNone && attach_ != kNone) open_ = attach_;
    attach_ = kNone;
    RawOrder* target = open();
    return target != nullptr ? *target : start(line, SourceKind::kTrace);
  }

  bool try_trace(std::string_view t, std::uint32_t line) {
    TraceEvent ev;
    TimeStatus status = TimeStatus::kOk;
    if (!parse_event(t, &ev, &status)) {
      if (status == TimeStatus::kOutOfRange) {
        error(line, "物流轨迹", "time_out_of_range",
              "第 " + std::to_string(line) + " 行物流轨迹的时间不存在：" +
                  std::string(time_status_message(status)));
        return true;
      }
      return false;
    }
    ev.line = line;
    trace_target(line).events.push_back(std::move(ev));
    return true;
  }

  // A line of a trace printed in two lines per step (the detail page shows each step's text,
  // then its time below; other pages the time first).
  enum class RunKind : std::uint8_t { kNone, kTime, kText };
  struct RunLine {
    std::string_view text;
    std::uint32_t line;
    bool time;
    Epoch at;
  };

  LANSHOU_SMALL RunKind run_kind(std::string_view t, Epoch* at) {
    TraceEvent ev;
    TimeStatus status = TimeStatus::kOk;
    if (parse_event(t, &ev, &status)) {
      *at = ev.at;
      return ev.text.empty() ? RunKind::kTime : RunKind::kNone;
    }
    if (t.size() > 1024 || t.front() == '{' || t.front() == '[') return RunKind::kNone;
    const bool cjk = std::any_of(t.begin(), t.end(), [](char c) { return (c & 0x80) != 0; });
    if (!cjk || is_label_line(t)) return RunKind::kNone;
    // A label of a time lanshou does not read ("预计送达时间" above its value) is no step.
    const auto ends_with = [&t](std::string_view s) {
      return t.size() >= s.size() && t.substr(t.size() - s.size()) == s;
    };
    if (ends_with("时间") || ends_with("日期") || ends_with("：") || ends_with(":")) {
      return RunKind::kNone;
    }
    const BackOfficeWords& w = BackOfficeWords::builtin();
    if (w.is_link_word(t) || w.is_placeholder(t) || w.status_stage(t) != StatusStage::kNone) {
      return RunKind::kNone;
    }
    return RunKind::kText;
  }

  // Steps of a trace as alternating lines of text and time. Which text belongs to which time is
  // decided over the whole run: starting with a time, each time's text follows it; starting with
  // text, an even run is text-then-time, and an odd one either has a heading first ("物流信息")
  // or a stray line last: the reading with more texts that name a stage wins.
  LANSHOU_SMALL bool try_trace_run(std::string_view t, std::uint32_t line, std::size_t* pos) {
    Epoch at = 0;
    const RunKind first = run_kind(t, &at);
    if (first == RunKind::kNone) return false;
    run_.clear();
    run_.push_back({t, line, first == RunKind::kTime, at});
    std::size_t p = *pos;
    std::uint32_t ln = line_;
    while (p < s_.size() && run_.size() < kMaxRun) {
      const Line l = line_at(s_, p);
      const std::string_view u = trim(l.text);
      if (u.empty()) break;
      Epoch a = 0;
      const RunKind k = run_kind(u, &a);
      if (k == RunKind::kNone || (k == RunKind::kTime) == run_.back().time) break;
      run_.push_back({u, ln, k == RunKind::kTime, a});
      p = l.next;
      ++ln;
    }
    if (first == RunKind::kText && run_.size() < 2) return false;
    const std::size_t n = run_.size();
    constexpr std::size_t kNo = static_cast<std::size_t>(-1);
    std::size_t begin = 0;  // first line of the pairs
    bool text_first = !run_[0].time;
    if (text_first && n % 2 == 1) {
      const TraceKeywords& kw = TraceKeywords::builtin();
      int heading = 0, stray = 0;  // texts naming a stage in each reading
      for (std::size_t k = 2; k < n; k += 2)
        heading += kw.classify(run_[k].text) != EventClass::kOther;
      for (std::size_t k = 0; k + 1 < n; k += 2)
        stray += kw.classify(run_[k].text) != EventClass::kOther;
      if (stray <= heading) {
        begin = 1;
        text_first = false;
      }
    }
    RawOrder& target = trace_target(run_[0].line);
    std::size_t used = 0;
    for (std::size_t k = begin; k < n; k += 2) {
      const std::size_t ti = text_first ? k + 1 : k;
      const std::size_t xi = text_first ? k : (k + 1 < n ? k + 1 : kNo);
      if (ti >= n) break;
      TraceEvent ev;
      ev.at = run_[ti].at;
      if (xi != kNo) {
        ev.text.assign(run_[xi].text);
        ev.cls = TraceKeywords::builtin().classify(ev.text);
      }
      ev.line = xi != kNo ? std::min(run_[ti].line, run_[xi].line) : run_[ti].line;
      target.events.push_back(std::move(ev));
      used += xi != kNo ? 2 : 1;
    }
    out_->ignored_lines += static_cast<std::uint32_t>(n - used);
    *pos = p;
    line_ = ln;
    return true;
  }

  // --- Bare numbers -----------------------------------------------------------------------

  static bool is_order_sn_shape(std::string_view tok) {
    const std::size_t dash = tok.find('-');
    if (dash == std::string_view::npos) return false;
    return is_all_digits(tok.substr(0, dash)) && is_all_digits(tok.substr(dash + 1)) && dash >= 6 &&
           tok.size() - dash - 1 >= 9;
  }

  bool try_numbers(std::string_view t, std::uint32_t line) {
    std::string_view order_sn;
    std::string_view courier_word;
    std::vector<std::string_view> numbers, shorts;
    std::size_t i = 0;
    while (i < t.size()) {
      // Tokens are runs of ASCII letters, digits and hyphens, or runs of anything else.
      std::size_t j = i;
      const bool alnum = is_token_char(t[i]);
      while (j < t.size() && is_token_char(t[j]) == alnum && !(alnum ? false : is_space(t[j]))) ++j;
      if (j == i) j = i + 1;
      const std::string_view tok = t.substr(i, j - i);
      i = j;
      if (!alnum) {
        std::string_view word = trim(tok);
        // "中通快递: 79…", "中通快递：78…": the courier as a label of its number.
        while (!word.empty() && word.back() == ':') word.remove_suffix(1);
        if (word.size() >= 3 && word.substr(word.size() - 3) == "：") word.remove_suffix(3);
        if (!word.empty() && courier_word.empty() &&
            CourierRegistry::builtin().find_by_name(word) != nullptr) {
          courier_word = word;
        }
        continue;
      }
      if (is_order_sn_shape(tok)) {
        if (order_sn.empty()) order_sn = tok;
        continue;
      }
      if (looks_like_tracking_no(tok)) {
        numbers.push_back(tok);
      } else if (courier_word.empty() && CourierRegistry::builtin().find_by_name(tok) != nullptr) {
        courier_word = tok;  // ZTO, SF, JD written in Latin letters
      } else if (could_be_short_number(tok)) {
        shorts.push_back(tok);
      }
    }
    // 8-11 characters: read when the line names a courier that issues the shape (德邦 8-9 digits),
    // else say so with the line rather than drop it (issue 15).
    const Courier* named =
        courier_word.empty() ? nullptr : CourierRegistry::builtin().find_by_name(courier_word);
    for (const std::string_view tok : shorts) {
      const auto fits = CourierRegistry::builtin().detect(tok);
      if (std::any_of(fits.begin(), fits.end(),
                      [&](const CourierMatch& m) { return m.courier == named; })) {
        numbers.push_back(tok);
      } else {
        error(line, "", "short_number_ignored",
              "「" + std::string(tok) +
                  "」像是快递单号，但这么短的单号只有少数快递公司使用，未当作单号读取；"
                  "如是单号，请把快递公司写在同一行（如：德邦 " +
                  std::string(tok) + "）");
        out_->errors.back().note = true;
      }
    }
    if (numbers.empty()) return false;
    if (numbers.size() == 1 && into_open_record(numbers[0], courier_word, order_sn, line)) {
      return true;
    }
    for (const std::string_view n : numbers) {
      RawOrder& o = start(line, SourceKind::kNumber);
      set(o, Field::kTrackingNo, n);
      if (numbers.size() == 1) {
        if (!order_sn.empty()) set(o, Field::kOrderSn, order_sn);
        if (!courier_word.empty()) set(o, Field::kCourier, courier_word);
      }
    }
    return true;
  }

  // A number line inside a block ("中通快递 7899…" under 物流信息) or right below trace lines
  // without a number of their own is that order's or that trace's, not a second order.
  LANSHOU_SMALL bool into_open_record(std::string_view number, std::string_view courier_word,
                                      std::string_view order_sn, std::uint32_t line) {
    RawOrder* o = open();
    if (o == nullptr || (o->kind != SourceKind::kBlock && o->kind != SourceKind::kTrace)) {
      return false;
    }
    const std::string_view have_sn = o->get(Field::kOrderSn);
    if (!order_sn.empty() && !have_sn.empty() && have_sn != order_sn) return false;
    const std::string_view have = o->get(Field::kTrackingNo);
    if (!have.empty() && !same_fact(Field::kTrackingNo, have, number)) return false;
    put_value(*o, Field::kTrackingNo, field_name(Field::kTrackingNo), number, line);
    if (!courier_word.empty()) {
      put_value(*o, Field::kCourier, field_name(Field::kCourier), courier_word, line);
    }
    if (!order_sn.empty())
      put_value(*o, Field::kOrderSn, field_name(Field::kOrderSn), order_sn, line);
    return true;
  }

  static bool is_token_char(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
  }
  static bool is_space(char c) {
    return c == ' ' || c == '\t';
  }

  // 8 to 11 letters and digits, six of them digits at least, that no reading takes for a date
  // (20261207; hyphenated tokens are left out whole) or a mobile number (1[3-9] + 9 digits).
  static bool could_be_short_number(std::string_view tok) {
    if (tok.size() < 8 || tok.size() > 11 || tok.find('-') != std::string_view::npos) return false;
    std::size_t digits = 0;
    for (const char c : tok) digits += c >= '0' && c <= '9';
    if (digits < 6) return false;
    const auto num = [&](std::size_t at) { return (tok[at] - '0') * 10 + (tok[at + 1] - '0'); };
    if (digits == 8 && tok.size() == 8 && (num(0) == 19 || num(0) == 20) && num(4) >= 1 &&
        num(4) <= 12 && num(6) >= 1 && num(6) <= 31) {
      return false;
    }
    return !(digits == 11 && tok[0] == '1' && tok[1] >= '3');
  }

  static bool looks_like_tracking_no(std::string_view tok) {
    if (tok.size() < 8 || tok.size() > 40) return false;
    const std::string n = normalize_tracking_no(tok);
    if (n.empty()) return false;
    // A low-confidence shape alone (8–10 digits of old 德邦 numbers) also fits dates and other
    // numbers in page text: a bare number needs a medium or high match.
    const auto matches = CourierRegistry::builtin().detect(n);
    if (!matches.empty() && matches.front().confidence != Confidence::kLow) return true;
    // Unknown couriers' numbers: long, mostly digits, and not a phone number.
    std::size_t digits = 0;
    for (char c : n) digits += c >= '0' && c <= '9';
    return n.size() >= 12 && digits >= 10;
  }

  // --- JSON ---------------------------------------------------------------------------------

  // A JSON document starting on the line that *pos has just passed: PDD order JSON is read by
  // pdd_json.cpp, other JSON is an aggregator's or reported there once; either way none of its ids
  // is read as a number, and reading goes on after it. False when the line starts no JSON.
  bool read_json_at(std::uint32_t line, std::size_t* pos) {
    const std::size_t start = line_start_;
    const JsonDocumentRead json = read_pdd_json(s_.substr(start), line, out_);
    if (json.length == 0) return false;
    const std::string_view text = s_.substr(start, json.length);
    if (!json.handled && !read_json(text, line) && !out_->errors.empty() &&
        out_->errors.back().code == "json_unreadable") {
      // "not an aggregator's" said as what lanshou can read.
      InputError& e = out_->errors.back();
      if (e.message.rfind("这段 JSON 不是", 0) == 0) e.message = unknown_json_message(line);
    }
    open_ = kNone;
    line_ = line + static_cast<std::uint32_t>(std::count(text.begin(), text.end(), '\n'));
    *pos = start + text.size();
    return true;
  }

  // --- Aggregator JSON --------------------------------------------------------------------

  // An aggregator's result (快递100, 快递鸟), alone or among other text: one record per result, on
  // the line the JSON starts, with its events (never its lines read as text: "nu" is no bare
  // number).
  bool read_json(std::string_view body, std::uint32_t line) {
    std::vector<AggregatorTrace> traces;
    std::string why;
    if (!parse_aggregator_json(body, TraceKeywords::builtin(), &traces, &why)) {
      if (!why.empty()) error(line, "", "json_unreadable", why);
      return false;
    }
    if (!why.empty()) error(line, "", "json_partly_unreadable", why);
    for (auto& tr : traces) {
      RawOrder& o = start(line, SourceKind::kJson);
      set(o, Field::kTrackingNo, tr.tracking_no);
      if (!tr.courier_hint.empty()) {
        set(o, Field::kCourier, tr.courier_hint);
      }
      o.events = std::move(tr.events);
    }
    return true;
  }

  std::string_view s_;
  ParsedInput* out_;
  ValueStore* store_;
  std::deque<std::string> scratch_;  // the current record's unescaped cells (ref() copies them)
  [[maybe_unused]] unsigned threads_ = 1;
  [[maybe_unused]] std::size_t min_part_ = 1;
  std::uint32_t line_ = 1;
  std::size_t line_start_ = 0;  // where the line the main loop reads starts
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  // The block, trace or number that trace lines attach to (an index: the vector grows).
  std::size_t open_ = kNone;
  // The record above the last blank line(s), and for the current line the one trace lines may
  // still attach to (a trace with no number of its own, right below a blank line).
  std::size_t below_blank_ = kNone;
  std::size_t attach_ = kNone;
  Pending pending_;          // a label whose value is on the next line
  std::vector<Pair> pairs_;  // scratch: the pairs of the current line
  static constexpr std::size_t kMaxRun = std::size_t{1} << 20;
  std::vector<RunLine> run_;  // scratch: a trace printed in two lines per step
  struct EventCache {
    const char* at = nullptr;
    std::size_t size = 0;
    Epoch context = 0;
    bool ok = false;
    TimeStatus status = TimeStatus::kEmpty;
    TraceEvent event;
  } event_cache_;
  Epoch context_ = 0;  // the last full time seen, for year-less trace lines
};

}  // namespace

RecordExtra* extra_of(RawOrder& o, ValueStore& store) {
  if (o.extra_index() == 0) {
    if (store.extras.size() >= RawOrder::kMaxExtra) return nullptr;
    store.extras.emplace_back();
    o.set_extra_index(static_cast<std::uint32_t>(store.extras.size()));
  }
  return &store.extras[o.extra_index() - 1];
}

std::string_view field_key(Field f) {
  return kFieldKeys[static_cast<std::size_t>(f)];
}

std::string_view field_name(Field f) {
  return field_table().names[static_cast<std::size_t>(f)];
}

const LabelSet& default_labels() {
  static const LabelSet labels = [] {
    LabelSet l;
    for (std::size_t i = 0; i < kFieldCount; ++i) l[i] = field_name(static_cast<Field>(i));
    return l;
  }();
  return labels;
}

std::string_view to_string(SourceKind k) {
  switch (k) {
    case SourceKind::kTable:
      return "table";
    case SourceKind::kBlock:
      return "block";
    case SourceKind::kTrace:
      return "trace";
    case SourceKind::kNumber:
      return "number";
    case SourceKind::kJson:
      return "json";
  }
  return "table";
}

Field field_for_label(std::string_view label) {
  label = trim(label);
  while (!label.empty() && label.back() == ':') label.remove_suffix(1);
  if (label.size() >= 3 && label.substr(label.size() - 3) == "：") label.remove_suffix(3);
  label = trim(label);
  const FieldTable& t = field_table();
  const std::uint32_t k = t.by_text.find(label);
  return k == KeyIndex::kEmpty ? Field::kCount : t.aliases[k].field;
}

namespace {

// is_valid_utf8 over a long text on `limits.threads` threads: cut just before bytes that begin a
// character (not 10xxxxxx), no sequence crosses a cut, so the parts are valid exactly when the
// whole is.
bool valid_utf8_in_parts(std::string_view text, const InputLimits& limits) {
  const std::size_t parts = parts_for(text.size(), limits.threads, limits.min_part_bytes);
  if (parts < 2) return is_valid_utf8(text);
  std::vector<std::size_t> cut(parts + 1, text.size());
  cut[0] = 0;
  for (std::size_t k = 1; k < parts; ++k) {
    std::size_t at = std::max(cut[k - 1], range_begin(text.size(), parts, k));
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
    cut[k] = at;
  }
  std::vector<char> ok(parts, 0);
  run_parts(parts, [&](std::size_t k) {
    ok[k] = is_valid_utf8(text.substr(cut[k], cut[k + 1] - cut[k])) ? 1 : 0;
  });
  return std::all_of(ok.begin(), ok.end(), [](char v) { return v != 0; });
}

}  // namespace

ParsedInput read_input(std::string_view text, const InputLimits& limits) {
  ParsedInput out;
  if (text.size() > limits.max_bytes) {
    out.errors.push_back({0, "", "input_too_large",
                          "输入内容有 " + std::to_string(text.size() >> 20) + " MB，超过上限 " +
                              std::to_string(limits.max_bytes >> 20) + " MB；请分批检查"});
    return out;
  }
  out.values = std::make_shared<ValueStore>();
  out.values->text = text;
  Reader reader(text, &out);
  reader.set_threads(limits.threads, limits.min_part_bytes);
  reader.run();
  if (limits.join) {
    JoinOptions join;
    join.batch_lines = limits.batch_lines;
    join_records(&out, join);
  }
  if (!limits.known_utf8 && !valid_utf8_in_parts(text, limits)) {
    // Nothing is dropped (the writers show each bad byte as U+FFFD), but the merchant is told.
    std::uint32_t line = 1, first = 0, bad = 0;
    for (std::size_t pos = 0; pos < text.size(); ++line) {
      const Line l = line_at(text, pos);
      if (!is_valid_utf8(l.text)) {
        if (first == 0) first = line;
        ++bad;
      }
      if (l.next <= pos) break;
      pos = l.next;
    }
    out.errors.push_back({first, "", "invalid_utf8",
                          "第 " + std::to_string(first) + " 行起共 " + std::to_string(bad) +
                              " 行含有无法识别的字符（不是 UTF-8 或 GBK 编码），已显示为 �；"
                              "请核对这些行，或重新导出为 UTF-8 后再检查"});
  }
  return out;
}

}  // namespace lanshou
