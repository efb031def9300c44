#include "lanshou/report.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <memory>

#include "lanshou/explain.h"
#include "lanshou/text.h"
#include "lanshou/wording.h"

namespace lanshou {
namespace {

// Yuan as a JSON number: "3", "20", "1.50".
std::string money_text(double v) {
  char buf[32];
  if (v == static_cast<double>(static_cast<std::int64_t>(v))) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
  } else {
    std::snprintf(buf, sizeof buf, "%.2f", v);
  }
  return buf;
}

// Whether any of eight ASCII bytes (high bits clear) must be escaped in JSON: below 0x20, '"' or
// '\'. Exact as a whole (the borrow tricks may only mislabel which byte).
inline bool ascii8_needs_escape(std::uint64_t w) {
  constexpr std::uint64_t k01 = 0x0101010101010101ULL, k80 = 0x8080808080808080ULL;
  const auto has_zero = [](std::uint64_t v) { return (v - k01) & ~v & k80; };
  return (((w - k01 * 0x20) & ~w & k80) | has_zero(w ^ (k01 * '"')) | has_zero(w ^ (k01 * '\\'))) !=
         0;
}

// What a byte starts, for the escaper's fast path: plain ASCII, the lead of a two-byte sequence,
// the lead of a three-byte one that needs no range check (E1..EF but ED), or anything else
// (a byte to escape, E0, ED, four-byte leads, stray bytes: append_json_escaped handles those).
enum class ByteClass : std::uint8_t { kPlain, kLead2, kLead3, kOther };
constexpr std::array<ByteClass, 256> kByteClass = [] {
  std::array<ByteClass, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const bool plain = c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
    t[c] = plain                                 ? ByteClass::kPlain
           : c >= 0xC2 && c <= 0xDF              ? ByteClass::kLead2
           : c >= 0xE1 && c <= 0xEF && c != 0xED ? ByteClass::kLead3
                                                 : ByteClass::kOther;
  }
  return t;
}();

// A minimal streaming JSON writer: keys in the order written, no intermediate tree. It writes into
// `out` kept a little longer than what is written (the bytes written so far are the first size()),
// so that a write is a bounds check and a copy; `out` gets its real size back when the writer goes.
class Json {
 public:
  explicit Json(std::string& out) : out_(out), n_(out.size()) {}
  ~Json() { out_.resize(n_); }
  Json(const Json&) = delete;
  Json& operator=(const Json&) = delete;

  std::size_t size() const { return n_; }
  std::string_view view() const { return {out_.data(), n_}; }
  // Forgets what was written (the streamed document hands it out a chunk at a time).
  void clear() { n_ = 0; }
  // Goes on after a value written by another writer (the next key or value takes a comma).
  void after_value() {
    first_ = false;
    after_key_ = false;
  }
  // Text that is JSON already (an order written by another writer).
  Json& raw(std::string_view s) {
    put(s.data(), s.size());
    return *this;
  }
  Json& raw(char c) {
    put(c);
    return *this;
  }

  Json& begin_object() { return open('{'); }
  Json& end_object() { return close('}'); }
  Json& begin_array() { return open('['); }
  Json& end_array() { return close(']'); }
  Json& key(std::string_view k) {
    comma();
    char* p = room(k.size() + 3);
    *p++ = '"';
    std::memcpy(p, k.data(), k.size());
    p[k.size()] = '"';
    p[k.size() + 1] = ':';
    n_ += k.size() + 3;
    after_key_ = true;
    return *this;
  }
  Json& str(std::string_view v) {
    comma();
    put('"');
    escaped(v);
    put('"');
    return *this;
  }
  Json& num(std::int64_t v) {
    comma();
    char b[24];
    char* end = b + sizeof b;
    char* p = end;
    const bool neg = v < 0;
    std::uint64_t u = neg ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
    do {
      *--p = static_cast<char>('0' + u % 10);
      u /= 10;
    } while (u != 0);
    if (neg) *--p = '-';
    put(p, static_cast<std::size_t>(end - p));
    return *this;
  }
  Json& money(double v) {
    if (v == static_cast<double>(static_cast<std::int64_t>(v))) {
      return num(static_cast<std::int64_t>(v));
    }
    comma();
    const std::string text = money_text(v);
    put(text.data(), text.size());
    return *this;
  }
  // "2026-11-26T12:00:00+08:00" with its quotes, as append_iso writes it. Beijing has one offset
  // all year, so the date comes from the day number alone: it is worked out once per day met.
  Json& time(Epoch e) {
    comma();
    const auto [day, secs] = beijing_day(e);
    Day& slot = days_[static_cast<std::uint64_t>(day) % days_.size()];
    if (day != slot.day || !slot.known) {
      const CivilTime t = to_beijing(e);
      slot.known = true;
      slot.day = day;
      slot.ok = t.year >= 1000 && t.year <= 9999;
      const auto two = [&slot](int at, int v) {
        slot.date[at] = static_cast<char>('0' + v / 10);
        slot.date[at + 1] = static_cast<char>('0' + v % 10);
      };
      if (slot.ok) {
        two(0, t.year / 100);
        two(2, t.year % 100);
        slot.date[4] = '-';
        two(5, t.month);
        slot.date[7] = '-';
        two(8, t.day);
      }
    }
    if (!slot.ok) {
      std::string s = "\"";
      append_iso(s, e);
      s += '"';
      put(s.data(), s.size());
      return *this;
    }
    char b[27] = {'"', 0, 0, 0,   0, '-', 0,   0,   '-', 0,   0,   'T', 0,  0,
                  ':', 0, 0, ':', 0, 0,   '+', '0', '8', ':', '0', '0', '"'};
    std::memcpy(b + 1, slot.date, sizeof slot.date);
    const auto two = [&b](int at, std::int64_t v) {
      b[at] = static_cast<char>('0' + v / 10);
      b[at + 1] = static_cast<char>('0' + v % 10);
    };
    two(12, secs / 3600);
    two(15, secs / 60 % 60);
    two(18, secs % 60);
    put(b, sizeof b);
    return *this;
  }
  Json& raw_bool(bool v) {
    comma();
    if (v) {
      put("true", 4);
    } else {
      put("false", 5);
    }
    return *this;
  }
  // A value that is JSON text already (a string with its quotes, escaped).
  Json& json_value(std::string_view v) {
    comma();
    put(v.data(), v.size());
    return *this;
  }
  Json& field(std::string_view k, std::string_view v) { return key(k).str(v); }
  Json& opt_field(std::string_view k, std::string_view v) {
    return v.empty() ? *this : field(k, v);
  }
  Json& opt_time(std::string_view k, const std::optional<Epoch>& e) {
    return e ? key(k).time(*e) : *this;
  }

 private:
  // The string is grown (and zero-filled) 4 KB past what is written at a time, not to its
  // capacity: a writer on a long string (a batch of orders) would fill its whole spare capacity
  // each time. std::string's own growth stays geometric.
  char* room(std::size_t k) {
    if (out_.size() - n_ < k) out_.resize(n_ + std::max<std::size_t>(k, 4096));
    return &out_[n_];
  }
  void put(const char* p, std::size_t k) {
    if (k == 0) return;
    std::memcpy(room(k), p, k);
    n_ += k;
  }
  void put(char c) {
    *room(1) = c;
    ++n_;
  }
  // append_json_escaped, byte for byte, with the common case fast: runs of plain ASCII (eight
  // bytes at a time) and well-formed UTF-8 are copied in one go; anything else goes to
  // append_json_escaped.
  void escaped(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
      const ByteClass c = kByteClass[p[i]];
      if (c == ByteClass::kLead3) {
        // CJK and full-width punctuation: E1..EF leads other than ED need no range check. Two
        // such characters at a time while they follow one another (Chinese text).
        while (i + 8 <= n) {
          std::uint64_t w;
          std::memcpy(&w, p + i, 8);
          // Little-endian: bytes 0 and 3 are 1110xxxx leads, 1, 2, 4 and 5 are 10xxxxxx.
          if ((w & 0x0000C0C0F0C0C0F0ULL) != 0x00008080E08080E0ULL ||
              kByteClass[w & 0xFF] != ByteClass::kLead3 ||
              kByteClass[(w >> 24) & 0xFF] != ByteClass::kLead3) {
            break;
          }
          i += 6;
        }
        if (i < n && kByteClass[p[i]] != ByteClass::kLead3) continue;
        if (i + 2 < n && (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
          i += 3;
          continue;
        }
        break;
      }
      if (c == ByteClass::kPlain) {
        // A run of ASCII: eight bytes at a time, then one at a time.
        while (i + 8 <= n) {
          std::uint64_t w;
          std::memcpy(&w, p + i, 8);
          if ((w & 0x8080808080808080ULL) != 0 || ascii8_needs_escape(w)) break;
          i += 8;
        }
        while (i < n && kByteClass[p[i]] == ByteClass::kPlain) ++i;
        continue;
      }
      if (c == ByteClass::kLead2 && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
        i += 2;
        continue;
      }
      break;
    }
    put(s.data(), i);
    if (i < n) {
      std::string rest;
      append_json_escaped(rest, s.substr(i));
      put(rest.data(), rest.size());
    }
  }
  Json& open(char c) {
    comma();
    put(c);
    first_ = true;
    return *this;
  }
  Json& close(char c) {
    put(c);
    first_ = false;
    return *this;
  }
  void comma() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_) put(',');
    first_ = false;
  }
  std::string& out_;
  std::size_t n_;
  bool first_ = true;
  bool after_key_ = false;
  // The dates of the last days written, by day number: an order's times fall on a few days.
  struct Day {
    std::int64_t day = 0;
    bool known = false;
    bool ok = false;  // a four-digit year
    char date[10] = {};
  };
  std::array<Day, 16> days_{};
};

void write_courier(Json& j, const CourierView& c) {
  j.key("courier").begin_object();
  if (c.resolved != nullptr) {
    j.field("code", c.resolved->code);
    j.field("name", c.resolved->name);
  }
  j.opt_field("declared", c.declared);
  j.key("candidates").begin_array();
  for (const auto& m : c.candidates) {
    j.begin_object().field("code", m.courier->code).field("confidence", to_string(m.confidence));
    j.end_object();
  }
  j.end_array().end_object();
}

// A value as JSON text: the string with its quotes, escaped.
std::string json_string(std::string_view v) {
  std::string out;
  {
    Json j(out);
    j.str(v);
  }
  return out;
}

// The fix path's steps are the same few texts on every order: views into the templates and the
// rule set, and details that repeat (a detail with a date in it repeats less). Each step's code,
// title and menu are escaped once, its detail again only when it changed.
class StepsMemo {
 public:
  void write(Json& j, const FixStep& s) {
    Step* m = nullptr;
    for (auto& e : steps_) {
      if (e.code == s.code && e.title == s.title && e.menu == s.menu &&
          e.code.data() == s.code.data() && e.title.data() == s.title.data() &&
          e.menu.data() == s.menu.data()) {
        m = &e;
        break;
      }
    }
    if (m == nullptr) {
      steps_.push_back({s.code,
                        s.title,
                        s.menu,
                        json_string(s.code),
                        json_string(s.title),
                        json_string(s.menu),
                        {},
                        {}});
      m = &steps_.back();
    }
    if (m->detail_json.empty() || m->detail != s.detail) {
      m->detail = s.detail;
      m->detail_json = json_string(s.detail);
    }
    j.begin_object().key("code").json_value(m->code_json).key("title").json_value(m->title_json);
    j.key("menu").json_value(m->menu_json).key("detail").json_value(m->detail_json).end_object();
  }

 private:
  struct Step {
    std::string_view code, title, menu;  // views into the texts and rules (they outlive the memo)
    std::string code_json, title_json, menu_json;
    std::string detail, detail_json;
  };
  std::deque<Step> steps_;
};

// fitting_kinds depends on the status, the set of finding codes, the fix path code and whether a
// number was uploaded: the same key gives the same kinds, so each key is worked out once.
class KindsMemo {
 public:
  const std::vector<std::string>& get(const Decision& d) {
    std::uint32_t key = static_cast<std::uint32_t>(d.status);
    for (const auto& f : d.findings) {
      if (!is_possibility(f)) key |= 1u << (8 + static_cast<unsigned>(f.code));  // as wording
    }
    key |= static_cast<std::uint32_t>(d.fix.code) << 24;
    if (d.times.shipped || !d.tracking_no.empty()) key |= 1u << 28;
    auto it = memo_.find(key);
    if (it == memo_.end()) it = memo_.emplace(key, fitting_kinds(d)).first;
    return it->second;
  }

 private:
  std::map<std::uint32_t, std::vector<std::string>> memo_;
};

void write_order(Json& j, const Decision& d, Epoch now, const Explainer& words, KindsMemo& kinds,
                 StepsMemo& steps) {
  const RawOrder& o = *d.raw;
  const OrderText text = words.order(d);
  j.begin_object();
  j.opt_field("order_sn", d.order_sn);
  j.key("source").begin_object().key("line").num(o.line).field("kind", to_string(o.kind));
  j.end_object();
  write_courier(j, d.courier);
  j.opt_field("tracking_no", d.tracking_no);
  j.opt_field("product", o.get(Field::kProduct));
  j.key("times").begin_object();
  j.opt_time("paid", d.times.paid).opt_time("grouped", d.times.grouped);
  j.opt_time("promised_ship_by", d.times.promised_ship_by).opt_time("shipped", d.times.shipped);
  j.opt_time("picked_up", d.times.picked_up).opt_time("delivered", d.times.delivered);
  j.end_object();
  j.field("status", to_string(d.status)).field("status_text", status_zh(d.status));
  if (has_clock(d.status) && d.deadline) {
    j.key("deadline").time(*d.deadline);
    j.key("remaining_seconds").num(*d.deadline - now);
  }
  // Every clock that applies (issue 18): the promise, the fake-shipment window, the trace's stage,
  // the complaint hours; the explanation names them.
  j.key("clocks").begin_array();
  for (std::size_t k = 0; k < d.clock_count; ++k) {
    const Clock c = d.clock_at(k);
    j.begin_object().field("kind", to_string(c.kind)).key("deadline").time(c.deadline);
    j.field("state", to_string(c.state)).end_object();
  }
  j.end_array();
  j.key("findings").begin_array();
  for (std::size_t k = 0; k < d.findings.size(); ++k) {
    const Finding& f = d.findings[k];
    j.begin_object().field("code", to_string(f.code)).field("severity", to_string(f.severity));
    if (is_possibility(f)) j.key("possible").raw_bool(true);
    j.field("message", text.messages[k]).end_object();
  }
  j.end_array();
  if (d.fix.code != FixCode::kNone) {
    j.key("fix_path").begin_object().field("code", to_string(d.fix.code));
    j.opt_time("until", d.fix.until);
    j.key("steps").begin_array();
    for (const auto& s : text.steps) steps.write(j, s);
    j.end_array().end_object();
  }
  j.key("risk_yuan").money(d.risk_yuan);
  j.opt_field("action", text.action);
  // The wording kinds that fit this order (lanshou wording / the page's wording panel).
  j.key("actions").begin_array();
  for (const auto& kind : kinds.get(d)) j.str(kind);
  j.end_array();
  j.key("explain").begin_array();
  for (const auto& e : text.explain) j.str(e);
  j.end_array();
  if (!o.events.empty()) {
    j.key("events").begin_array();
    for (const auto& e : o.events) {
      j.begin_object().key("at").time(e.at).field("class", to_string(e.cls));
      j.field("text", e.text).end_object();
    }
    j.end_array();
  }
  j.end_object();
}

constexpr std::size_t kQueueShown = 100;  // the action queue lists at most this many orders

// Orders that can still be saved: a clock still running, least time left first (ties keep the
// input order). Only the first kQueueShown are put in order: every caller shows at most those
// and the total.
// A picked-up order joins it while a stage of its trace is due soon (the engine then gives it that
// stage's deadline).
bool in_queue(const Decision& d, Epoch now) {
  if (!d.deadline || *d.deadline < now) return false;
  if (has_clock(d.status)) return true;
  return std::any_of(d.findings.begin(), d.findings.end(), [](const Finding& f) {
    return is_stage_finding(f.code) && !f.flag("overdue");
  });
}

std::vector<const Decision*> action_queue(const std::vector<Decision>& ds, Epoch now) {
  std::vector<const Decision*> q;
  for (const auto& d : ds) {
    if (in_queue(d, now)) q.push_back(&d);
  }
  // Pointers into one vector compare in input order: (deadline, position) is a total order.
  const auto shown = q.begin() + static_cast<std::ptrdiff_t>(std::min(q.size(), kQueueShown));
  std::partial_sort(q.begin(), shown, q.end(), [](const Decision* a, const Decision* b) {
    return *a->deadline != *b->deadline ? *a->deadline < *b->deadline
                                        : std::less<const Decision*>()(a, b);
  });
  return q;
}

bool awaiting_shipment(Status s) {
  return s <= Status::kShipOverdue;
}

// The seed's backlog advice: when orders pile up, products with few pending orders go first (a
// small product has little room for error); within each group the earliest deadline first.
struct BacklogProduct {
  std::string_view product;
  std::int64_t pending = 0;
  Epoch earliest = 0;
  bool first = false;
};

using BacklogMap = std::map<std::string_view, BacklogProduct>;

// Inlined: the page (wasm) writes its summary from all its decisions at once (backlog() below),
// and there a function of their own cost 59 bytes of the offline file (gzip).
__attribute__((always_inline)) inline void add_to_backlog(BacklogMap& by_product,
                                                          const Decision& d) {
  const std::string_view product = d.raw->get(Field::kProduct);
  if (!awaiting_shipment(d.status) || product.empty() || !d.deadline) return;
  BacklogProduct& p = by_product[product];
  if (p.pending == 0 || *d.deadline < p.earliest) p.earliest = *d.deadline;
  p.product = product;
  ++p.pending;
}

__attribute__((always_inline)) inline std::vector<BacklogProduct> backlog_list(
    BacklogMap& by_product, int threshold) {
  std::vector<BacklogProduct> list;
  for (auto& [name, p] : by_product) {
    p.first = p.pending < threshold;
    list.push_back(p);
  }
  std::stable_sort(list.begin(), list.end(), [](const BacklogProduct& a, const BacklogProduct& b) {
    if (a.first != b.first) return a.first;
    return a.earliest < b.earliest;
  });
  return list;
}

std::vector<BacklogProduct> backlog(const std::vector<Decision>& ds, int threshold) {
  BacklogMap by_product;
  for (const auto& d : ds) add_to_backlog(by_product, d);
  return backlog_list(by_product, threshold);
}

}  // namespace

// What "summary" says, gathered from every decision (at once, or a decision at a time).
struct SummaryFacts {
  std::size_t orders = 0;
  std::array<std::size_t, kStatusCount> counts{};
  double risk = 0;  // summed in input order
  std::size_t queue_total = 0;
  std::vector<const Decision*> queue;  // the action queue in order (at least its first kQueueShown)
  std::vector<BacklogProduct> products;
};

namespace {

SummaryFacts summary_of(const std::vector<Decision>& ds, Epoch now, int threshold) {
  SummaryFacts s;
  s.orders = ds.size();
  for (const auto& d : ds) {
    ++s.counts[static_cast<std::size_t>(d.status)];
    s.risk += d.risk_yuan;
  }
  s.queue = action_queue(ds, now);  // only its first kQueueShown are written
  s.queue_total = s.queue.size();
  s.products = backlog(ds, threshold);
  return s;
}

void write_summary(Json& j, const Report& r, const SummaryFacts& s, const Explainer& words) {
  j.key("summary").begin_object();
  j.key("orders").num(static_cast<std::int64_t>(s.orders));
  j.key("by_status").begin_object();
  for (std::size_t i = 0; i < kStatusCount; ++i) {
    j.key(to_string(static_cast<Status>(i))).num(static_cast<std::int64_t>(s.counts[i]));
  }
  j.end_object();
  j.key("risk_yuan").money(s.risk);
  j.key("action_queue_total").num(static_cast<std::int64_t>(s.queue_total));
  j.key("action_queue").begin_array();
  for (std::size_t i = 0; i < s.queue.size() && i < kQueueShown; ++i) {
    const Decision& d = *s.queue[i];
    j.begin_object().opt_field("order_sn", d.order_sn).opt_field("tracking_no", d.tracking_no);
    j.field("status", to_string(d.status)).key("deadline").time(*d.deadline);
    j.key("remaining_seconds").num(*d.deadline - r.now).opt_field("action", words.action(d));
    j.end_object();
  }
  j.end_array();
  const int threshold = r.rules->backlog_small_sku_threshold;
  const auto& products = s.products;
  if (!products.empty()) {
    j.key("backlog_advice").begin_object();
    j.field("confidence", r.rules->confidence("backlog_small_sku_threshold"));
    j.key("threshold").num(threshold).field("message", words.backlog_message());
    j.key("products").begin_array();
    for (std::size_t i = 0; i < products.size() && i < 20; ++i) {
      const BacklogProduct& p = products[i];
      j.begin_object().field("product", p.product).key("pending").num(p.pending);
      j.key("first").raw_bool(p.first).key("earliest_deadline").time(p.earliest);
      j.end_object();
    }
    j.end_array().end_object();
  }
  j.key("ignored_lines").num(r.input->ignored_lines);
  j.end_object();
}

// One line of a terminal table: valid UTF-8, control characters as spaces.
std::string clean_line(std::string_view text) {
  std::string clean;
  append_utf8_repaired(clean, text);
  for (char& ch : clean) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F) ch = ' ';
  }
  return clean;
}

std::string remaining_zh(const Decision& d, Epoch now) {
  if (!has_clock(d.status) || !d.deadline) return "";
  const Epoch left = *d.deadline - now;
  return left < 0 ? "已超时 " + format_duration_zh(-left) : "剩 " + format_duration_zh(left);
}

std::string join_findings(const Decision& d, bool chinese) {
  std::string s;
  for (const auto& f : d.findings) {
    if (is_possibility(f)) continue;  // a possibility is no problem to list (its message says so)
    if (!s.empty()) s += chinese ? "、" : " ";
    s += chinese ? finding_zh(f.code) : to_string(f.code);
  }
  return s;
}

std::string fix_cell(const Decision& d) {
  std::string s(fix_zh(d.fix.code));
  if (d.fix.until) s += "（至 " + format_datetime(*d.fix.until).substr(0, 16) + "）";
  return s;
}

// Our own numbers: written as numbers so a spreadsheet can sum and sort them ("-3600" is no
// formula).
void append_csv_number(std::string& out, std::int64_t v) {
  out += std::to_string(v);
}

}  // namespace

namespace {

void write_start(Json& j, const Report& r) {
  j.begin_object();
  j.field("lanshou", LANSHOU_VERSION);
  j.key("rules").begin_object().field("id", r.rules->id).field("version", r.rules->version);
  j.field("as_of", r.rules->as_of).key("overridden").begin_array();
  for (const auto& k : r.rules->overridden) j.str(k);
  j.end_array().end_object();
  j.key("now").time(r.now);
}

void write_end(Json& j, const Report& r, const SummaryFacts& s) {
  write_summary(j, r, s, Explainer(*r.rules, r.now));
  j.key("errors").begin_array();
  for (const auto& e : r.errors) {
    j.begin_object().key("line").num(e.line).field("field", e.field).field("code", e.code);
    j.field("message", e.message).end_object();
  }
  j.end_array();
  j.end_object();
}

}  // namespace

std::string write_json(const Report& r) {
  std::string out;
  out.reserve(r.decisions->size() * 1900 + 4096);
  {
    Json j(out);
    write_start(j, r);
    j.key("orders").begin_array();
    KindsMemo kinds;
    StepsMemo steps;
    const Explainer words(*r.rules, r.now);
    for (const auto& d : *r.decisions) write_order(j, d, r.now, words, kinds, steps);
    j.end_array();
    write_end(j, r, summary_of(*r.decisions, r.now, r.rules->backlog_small_sku_threshold));
    j.raw('\n');
  }
  return out;
}

void write_json_streamed(const Report& r,
                         const std::function<void(std::size_t, std::string&)>& order,
                         const std::function<void(std::string_view)>& write) {
  constexpr std::size_t kChunk = 1u << 20;
  std::string out;
  Json j(out);
  write_start(j, r);
  j.key("orders").begin_array();
  std::string one;
  for (std::size_t i = 0; i < r.decisions->size(); ++i) {
    if (i > 0) j.raw(',');
    one.clear();
    order(i, one);
    j.raw(one);
    if (j.size() >= kChunk) {
      write(j.view());
      j.clear();
    }
  }
  j.end_array();
  write_end(j, r, summary_of(*r.decisions, r.now, r.rules->backlog_small_sku_threshold));
  j.raw('\n');
  write(j.view());
}

struct SummaryBuilder::State {
  using Key = std::pair<Epoch, std::size_t>;  // (deadline, position): the queue's order
  Epoch now = 0;
  SummaryFacts facts;
  BacklogMap backlog;
  std::vector<std::pair<Key, Decision>> kept;  // copies of the queue's first orders so far
  bool full = false;                           // kept was cut to kQueueShown, all before `worst`
  Key worst{};

  void cut() {
    const auto by_key = [](const auto& a, const auto& b) { return a.first < b.first; };
    const auto nth = kept.begin() + static_cast<std::ptrdiff_t>(kQueueShown - 1);
    std::nth_element(kept.begin(), nth, kept.end(), by_key);
    kept.resize(kQueueShown);
    worst = kept.back().first;
    full = true;
  }
};

SummaryBuilder::SummaryBuilder(Epoch now) : state_(std::make_unique<State>()) {
  state_->now = now;
}
SummaryBuilder::~SummaryBuilder() = default;

void SummaryBuilder::add(const Decision& d) {
  State& s = *state_;
  const std::size_t position = s.facts.orders++;
  ++s.facts.counts[static_cast<std::size_t>(d.status)];
  s.facts.risk += d.risk_yuan;
  add_to_backlog(s.backlog, d);
  if (!in_queue(d, s.now)) return;
  ++s.facts.queue_total;
  const State::Key key{*d.deadline, position};
  if (s.full && !(key < s.worst)) return;
  s.kept.emplace_back(key, d);
  if (s.kept.size() >= 4 * kQueueShown) s.cut();
}

std::string write_json_start(const Report& r) {
  std::string out;
  {
    Json j(out);
    write_start(j, r);
    j.key("orders").begin_array();
  }
  return out;
}

std::string write_json_end(const Report& r, SummaryBuilder& summary) {
  SummaryBuilder::State& s = *summary.state_;
  std::sort(s.kept.begin(), s.kept.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  if (s.kept.size() > kQueueShown) s.kept.resize(kQueueShown);
  s.facts.queue.clear();
  for (const auto& k : s.kept) s.facts.queue.push_back(&k.second);
  s.facts.products = backlog_list(s.backlog, r.rules->backlog_small_sku_threshold);
  std::string out;
  {
    Json j(out);
    j.raw(']').after_value();
    write_end(j, r, s.facts);
    j.raw('\n');
  }
  return out;
}

std::vector<std::size_t> action_queue_shown(const std::vector<Decision>& ds, Epoch now) {
  std::vector<std::size_t> out;
  const auto queue = action_queue(ds, now);
  for (std::size_t i = 0; i < queue.size() && i < kQueueShown; ++i) {
    out.push_back(static_cast<std::size_t>(queue[i] - ds.data()));
  }
  return out;
}

std::string write_json_head(const Report& r) {
  std::string out;
  {
    Json j(out);
    write_start(j, r);
    write_end(j, r, summary_of(*r.decisions, r.now, r.rules->backlog_small_sku_threshold));
  }
  return out;
}

struct OrderWriter::Memo {
  Memo(const RuleSet& rules, Epoch now) : words(rules, now) {}
  Explainer words;
  KindsMemo kinds;
  StepsMemo steps;
};

OrderWriter::OrderWriter(const RuleSet& rules, Epoch now)
    : now_(now), memo_(std::make_unique<Memo>(rules, now)) {}
OrderWriter::~OrderWriter() = default;
OrderWriter::OrderWriter(OrderWriter&&) noexcept = default;

void OrderWriter::append(std::string& out, const Decision& d) {
  Json j(out);
  write_order(j, d, now_, memo_->words, memo_->kinds, memo_->steps);
}

std::string write_order_json(const Decision& d, const RuleSet& rules, Epoch now) {
  std::string out;
  OrderWriter(rules, now).append(out, d);
  return out;
}

std::string write_table(const Report& r) {
  const Explainer words(*r.rules, r.now);
  constexpr std::size_t kColumns = 10;
  std::vector<std::array<std::string, kColumns>> rows;
  rows.push_back(
      {"行", "订单号", "状态", "截止时间", "剩余", "快递", "单号", "发现", "改单号", "赔付(元)"});
  for (const auto& d : *r.decisions) {
    std::string courier = std::string(d.courier.shown());
    rows.push_back({std::to_string(d.raw->line), std::string(d.order_sn),
                    std::string(status_zh(d.status)),
                    has_clock(d.status) && d.deadline ? format_datetime(*d.deadline) : "",
                    remaining_zh(d, r.now), courier, d.tracking_no, join_findings(d, true),
                    fix_cell(d), d.risk_yuan > 0 ? money_text(d.risk_yuan) : ""});
  }
  std::array<std::size_t, kColumns> width{};
  for (auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      row[c] = clean_line(row[c]);
      width[c] = std::max(width[c], display_width(row[c]));
    }
  }
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      out += row[c];
      if (c + 1 < row.size()) out.append(width[c] - display_width(row[c]) + 2, ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  }
  const auto& ds = *r.decisions;
  out += "\n共 " + std::to_string(ds.size()) + " 单；现在 " + format_datetime(r.now) + "；规则 " +
         r.rules->id + " " + r.rules->version + "（" + r.rules->as_of + "）\n";
  std::array<std::size_t, kStatusCount> counts{};
  double risk = 0;
  for (const auto& d : ds) {
    ++counts[static_cast<std::size_t>(d.status)];
    risk += d.risk_yuan;
  }
  std::string by_status;
  for (std::size_t i = 0; i < kStatusCount; ++i) {
    if (counts[i] == 0) continue;
    if (!by_status.empty()) by_status += " · ";
    by_status += std::string(status_zh(static_cast<Status>(i))) + " " + std::to_string(counts[i]);
  }
  if (!by_status.empty()) out += "状态：" + by_status + "\n";
  out += "预计赔付：" + money_text(risk) + " 元\n";
  const auto queue = action_queue(ds, r.now);
  if (!queue.empty()) {
    constexpr std::size_t kShown = 10;
    out += "优先处理（" + std::to_string(queue.size()) + " 单，最急的在前）：\n";
    for (std::size_t i = 0; i < queue.size() && i < kShown; ++i) {
      const Decision& d = *queue[i];
      out += "  " + std::to_string(i + 1) + ". " +
             clean_line(d.order_sn.empty() ? d.tracking_no : d.order_sn) + " " +
             std::string(status_zh(d.status)) + " " + remaining_zh(d, r.now);
      const std::string action = words.action(d);
      if (!action.empty()) out += "：" + action;
      out += '\n';
    }
    if (queue.size() > kShown) out += "  …另有 " + std::to_string(queue.size() - kShown) + " 单\n";
  }
  const auto products = backlog(ds, r.rules->backlog_small_sku_threshold);
  if (!products.empty()) {
    out += words.backlog_message() + "。建议顺序：";
    for (std::size_t i = 0; i < products.size() && i < 10; ++i) {
      if (i > 0) out += "、";
      out += clean_line(products[i].product) + "（" + std::to_string(products[i].pending) + " 单）";
    }
    out += '\n';
  }
  for (const auto& e : r.errors) {
    out += e.note ? "提示" : "错误";
    if (e.line > 0) out += "（第 " + std::to_string(e.line) + " 行）";
    out += "：" + clean_line(e.message) + '\n';
  }
  return out;
}

// The input values an export carries besides the result columns (order number, product, courier
// and tracking number are among those already).
constexpr Field kCsvSourceFields[] = {Field::kStatus,    Field::kQuantity, Field::kAmount,
                                      Field::kPaid,      Field::kGrouped,  Field::kConfirmed,
                                      Field::kPromised,  Field::kShipped,  Field::kPickedUp,
                                      Field::kDelivered, Field::kNote,     Field::kAfterSale};

std::string write_csv(const Report& r) {
  const Explainer words(*r.rules, r.now);
  std::string out = "\xEF\xBB\xBF";
  out +=
      "行号,订单号,商品,检查结果,状态代码,截止时间,剩余秒数,剩余,快递公司,快递单号,发现,发现代码,"
      "预计赔付(元),修改单号方式,可操作截止,下一步,说明";
  // Then the order's own values under lanshou's column names, so that the export read back gives
  // the same decisions (pickup and delivery found in a trace are written as their times).
  for (const Field f : kCsvSourceFields) {
    out += ',';
    out += field_name(f);
  }
  out += "\r\n";
  for (const auto& d : *r.decisions) {
    const bool clock = has_clock(d.status) && d.deadline;
    const OrderText text = words.order(d);
    std::string explain;
    for (const auto& e : text.explain) {
      if (!explain.empty()) explain += "；";
      explain += e;
    }
    for (const auto& m : text.messages) {
      if (!explain.empty()) explain += "；";
      explain += m;
    }
    append_csv_number(out, d.raw->line);
    out += ',';
    append_csv_cell(out, d.order_sn);
    out += ',';
    append_csv_cell(out, d.raw->get(Field::kProduct));
    out += ',';
    append_csv_cell(out, status_zh(d.status));
    out += ',';
    append_csv_cell(out, to_string(d.status));
    out += ',';
    if (clock) append_csv_cell(out, format_datetime(*d.deadline));
    out += ',';
    if (clock) append_csv_number(out, *d.deadline - r.now);
    out += ',';
    append_csv_cell(out, remaining_zh(d, r.now));
    out += ',';
    append_csv_cell(out, d.courier.shown());
    out += ',';
    append_csv_cell(out, d.tracking_no);
    out += ',';
    append_csv_cell(out, join_findings(d, true));
    out += ',';
    append_csv_cell(out, join_findings(d, false));
    out += ',';
    out += money_text(d.risk_yuan);
    out += ',';
    append_csv_cell(out, fix_zh(d.fix.code));
    out += ',';
    if (d.fix.until) append_csv_cell(out, format_datetime(*d.fix.until));
    out += ',';
    append_csv_cell(out, text.action);
    out += ',';
    append_csv_cell(out, explain);
    for (const Field f : kCsvSourceFields) {
      out += ',';
      std::string_view v = d.raw->get(f);
      if (v.empty() && f == Field::kPickedUp && d.times.picked_up) {
        append_csv_cell(out, format_datetime(*d.times.picked_up));
      } else if (v.empty() && f == Field::kDelivered && d.times.delivered) {
        append_csv_cell(out, format_datetime(*d.times.delivered));
      } else {
        append_csv_cell(out, v);
      }
    }
    out += "\r\n";
  }
  // The problems found while reading (a refused input, unreadable rows and fields) follow after a
  // blank line as a second small table: the export says why rows are missing or incomplete.
  if (!r.errors.empty()) {
    out += "\r\n";
    out += kCsvProblemsHeader;
    out += ",字段,问题代码,问题说明\r\n";
    for (const auto& e : r.errors) {
      append_csv_number(out, e.line);
      out += ',';
      append_csv_cell(out, e.field);
      out += ',';
      append_csv_cell(out, e.code);
      out += ',';
      append_csv_cell(out, e.message);
      out += "\r\n";
    }
  }
  return out;
}

}  // namespace lanshou
