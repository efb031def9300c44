#include "lanshou/pdd_json.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <deque>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <utility>
#include <vector>

#include "lanshou/courier.h"
#include "lanshou/embedded.h"
#include "lanshou/region.h"
#include "lanshou/text.h"
#include "lanshou/trace.h"

namespace lanshou {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxDepth = 64;  // PDD documents nest 5 deep
// What one order or wrapper may hold while it is read: an order has ~150 values and a few KB.
constexpr std::size_t kMaxOrderNodes = 100000;
constexpr std::size_t kMaxOrderBytes = std::size_t{4} << 20;

// --- Data: codes, status words, logistics ids ----------------------------------------------

struct StatusRule {
  int confirm_status = -1, order_status = -1, refund_status = -1;
  std::string word;
};

struct Codes {
  std::unordered_map<int, std::string> refund_status, after_sales_status;
  std::vector<StatusRule> status_words;
};

// A data file the tests check; broken embedded data would be a build defect, so it aborts.
Json load_data(std::string_view path) {
  const std::string_view bytes = embedded_file(path);
  Json doc = Json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (!doc.is_object()) std::abort();
  return doc;
}

std::unordered_map<int, std::string> code_words(const Json& doc, const char* key) {
  std::unordered_map<int, std::string> words;
  const auto it = doc.find(key);
  if (it == doc.end() || !it->is_object()) return words;
  for (const auto& [code, word] : it->items()) {
    if (word.is_string()) words[std::atoi(code.c_str())] = word.get<std::string>();
  }
  return words;
}

const Codes& codes() {
  static const Codes c = [] {
    Codes out;
    const Json doc = load_data("input/pdd_json.json");
    out.refund_status = code_words(doc, "refund_status");
    out.after_sales_status = code_words(doc, "after_sales_status");
    const auto rules = doc.find("status_words");
    if (rules != doc.end() && rules->is_array()) {
      for (const Json& r : *rules) {
        StatusRule rule;
        rule.confirm_status = r.value("confirm_status", -1);
        rule.order_status = r.value("order_status", -1);
        rule.refund_status = r.value("refund_status", -1);
        rule.word = r.value("word", "");
        out.status_words.push_back(std::move(rule));
      }
    }
    return out;
  }();
  return c;
}

struct Company {
  std::string name;     // PDD's name
  std::string courier;  // the name an order gets (see pdd_courier_for)
};

const std::unordered_map<std::int64_t, Company>& companies() {
  static const std::unordered_map<std::int64_t, Company> table = [] {
    std::unordered_map<std::int64_t, Company> out;
    const Json doc = load_data("input/pdd_logistics.json");
    const auto list = doc.find("companies");
    if (list == doc.end() || !list->is_array()) return out;
    const CourierRegistry& reg = CourierRegistry::builtin();
    for (const Json& c : *list) {
      Company company;
      company.name = c.value("name", "");
      company.courier = company.name;
      const std::string code = c.value("lanshou", "");
      const Courier* mapped = code.empty() ? nullptr : reg.find_by_code(code);
      if (mapped != nullptr && reg.find_by_name(company.name) != mapped) {
        company.courier = mapped->name;
      }
      out.emplace(c.value("id", std::int64_t{-1}), std::move(company));
    }
    return out;
  }();
  return table;
}

// --- Where the text is: a character iterator that tells the handler how far the parser read --

class TrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator(const char* p, const char** shared) : p_(p), shared_(shared) {}
  reference operator*() const { return *p_; }
  TrackingIterator& operator++() {
    *shared_ = ++p_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const TrackingIterator& o) const { return p_ == o.p_; }
  bool operator!=(const TrackingIterator& o) const { return p_ != o.p_; }

 private:
  const char* p_;
  const char** shared_;
};

// --- Reading one order --------------------------------------------------------------------

enum class Dialect : std::uint8_t { kApi, kBackOffice };

// The labels a PDD order's values carry: the API's and the back office's own Chinese names for
// the fields, so that errors and explanations name what the document calls them.
const LabelSet& labels_for(Dialect d) {
  static const std::array<LabelSet, 2> sets = [] {
    std::array<LabelSet, 2> s{default_labels(), default_labels()};
    for (LabelSet& l : s) {
      l[static_cast<std::size_t>(Field::kOrderSn)] = "订单号";
      l[static_cast<std::size_t>(Field::kStatus)] = "订单状态";
      l[static_cast<std::size_t>(Field::kProduct)] = "商品";
      l[static_cast<std::size_t>(Field::kPaid)] = "支付时间";
      l[static_cast<std::size_t>(Field::kPromised)] = "承诺发货时间";
      l[static_cast<std::size_t>(Field::kShipped)] = "发货时间";
      l[static_cast<std::size_t>(Field::kDelivered)] = "确认收货时间";
      l[static_cast<std::size_t>(Field::kTrackingNo)] = "快递单号";
      l[static_cast<std::size_t>(Field::kCourier)] = "快递公司";
      l[static_cast<std::size_t>(Field::kAfterSale)] = "售后状态";
    }
    // The API's confirm_time is documented as 成交时间; the back office has group_time (成团).
    s[0][static_cast<std::size_t>(Field::kGrouped)] = "成交时间";
    s[0][static_cast<std::size_t>(Field::kAmount)] = "支付金额(元)";
    s[1][static_cast<std::size_t>(Field::kGrouped)] = "成团时间";
    s[1][static_cast<std::size_t>(Field::kConfirmed)] = "成交时间";
    s[1][static_cast<std::size_t>(Field::kAmount)] = "订单金额(元)";
    return s;
  }();
  return sets[d == Dialect::kApi ? 0 : 1];
}

const Json* member(const Json& o, const char* key) {
  if (!o.is_object()) return nullptr;
  const auto it = o.find(key);
  return it == o.end() || it->is_null() ? nullptr : &*it;
}

// An integer member (numbers and numeric strings both occur), or `none`.
std::int64_t int_of(const Json& o, const char* key, std::int64_t none = -1) {
  const Json* v = member(o, key);
  if (v == nullptr) return none;
  if (v->is_number_integer()) return v->get<std::int64_t>();
  if (v->is_number_float()) {
    const double d = v->get<double>();
    return d >= -9e15 && d <= 9e15 ? static_cast<std::int64_t>(d) : none;
  }
  if (v->is_string()) {
    const std::string_view s = trim(v->get_ref<const std::string&>());
    if (!is_all_digits(s) || s.size() > 15) return none;
    std::int64_t n = 0;
    for (char c : s) n = n * 10 + (c - '0');
    return n;
  }
  if (v->is_boolean()) return v->get<bool>() ? 1 : 0;
  return none;
}

// A text member: strings as they are, numbers written out; "" for anything else.
std::string text_of(const Json& o, const char* key) {
  const Json* v = member(o, key);
  if (v == nullptr) return "";
  if (v->is_string()) return std::string(trim(v->get_ref<const std::string&>()));
  if (v->is_number_unsigned()) return std::to_string(v->get<std::uint64_t>());
  if (v->is_number_integer()) return std::to_string(v->get<std::int64_t>());
  return "";
}

std::string yuan_text(double yuan) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f", yuan);
  return buf;
}

struct OrderReader {
  ParsedInput* out;
  const Codes& codes;

  void set(RawOrder& o, Field f, std::string_view value) {
    value = trim(value);
    if (value.empty()) return;
    std::string& arena = out->values->arena;
    if (arena.size() + value.size() >= ValueRef::kInArena) return;  // 2 GB of values: none fits
    const auto at = static_cast<std::uint32_t>(arena.size());
    arena.append(value);
    o.value[static_cast<std::size_t>(f)] = {
        at, static_cast<std::uint32_t>(value.size()) | ValueRef::kInArena};
  }

  // A time as the engine reads it: unix seconds (numbers or digit strings) become
  // "YYYY-MM-DD HH:MM:SS"; 0, "" and null mean none; other text stays as written, so that the
  // engine reports it with the field's label and line.
  void set_time(RawOrder& o, Field f, const Json& order, const char* key,
                MaybeEpoch* fact = nullptr) {
    const Json* v = member(order, key);
    if (v == nullptr) return;
    std::string text;
    if (v->is_number()) {
      const std::int64_t s = int_of(order, key, -1);
      if (s == 0) return;
      text = v->is_number_float() ? v->dump() : std::to_string(s);
      if (s > 0) {
        const CivilTime c = to_beijing(s);
        if (c.year >= kMinYear && c.year <= kMaxYear) text = format_datetime(s);
      }
    } else if (v->is_string()) {
      const std::string_view s = trim(v->get_ref<const std::string&>());
      if (s.empty() || s == "0") return;
      text = std::string(s);
      if (is_all_digits(s) && s.size() <= 11) {
        const std::int64_t n = int_of(order, key, -1);
        const CivilTime c = to_beijing(n);
        if (c.year >= kMinYear && c.year <= kMaxYear) text = format_datetime(n);
      }
    } else {
      text = v->is_object() ? "{…}" : v->is_array() ? "[…]" : v->dump();
    }
    if (fact != nullptr) {
      const TimeParse p = parse_time(text);
      if (p.ok()) *fact = p.epoch;
    }
    if (f != Field::kCount) set(o, f, text);
  }

  std::string status_word(const OrderFacts& f) const {
    for (const StatusRule& r : codes.status_words) {
      if (r.confirm_status >= 0 && r.confirm_status != f.confirm_status) continue;
      if (r.order_status >= 0 && r.order_status != f.order_status) continue;
      if (r.refund_status >= 0 && r.refund_status != f.refund_status) continue;
      if (r.confirm_status < 0 && r.order_status < 0 && r.refund_status < 0) continue;
      return r.word;
    }
    return "";
  }

  static std::string word_for(const std::unordered_map<int, std::string>& words, int code) {
    const auto it = words.find(code);
    return it == words.end() ? std::string() : it->second;
  }

  // The goods: the back office names one per order, the API lists items.
  void set_goods(RawOrder& o, const Json& order) {
    std::string name = text_of(order, "goods_name");
    std::int64_t count = int_of(order, "goods_number", -1);
    const Json* items = member(order, "item_list");
    if (items != nullptr && items->is_array() && !items->empty()) {
      std::int64_t total = 0;
      bool counted = false;
      for (const Json& item : *items) {
        const std::int64_t n = int_of(item, "goods_count", -1);
        if (n >= 0 && n < 1000000) {
          total += n;
          counted = true;
        }
      }
      if (name.empty()) {
        name = text_of(items->front(), "goods_name");
        if (items->size() > 1 && !name.empty())
          name += " 等 " + std::to_string(items->size()) + " 种商品";
      }
      if (count < 0 && counted) count = total;
    }
    set(o, Field::kProduct, name);
    if (count >= 0) set(o, Field::kQuantity, std::to_string(count));
  }

  void read_deliveries(const Json& order, OrderFacts* f) {
    for (const char* list : {"resend_delivery_list", "extra_delivery_list", "gift_delivery_list"}) {
      const Json* v = member(order, list);
      if (v == nullptr || !v->is_array()) continue;
      for (const Json& d : *v) {
        ExtraDelivery e;
        e.list = list;
        e.logistics_id = int_of(d, "logistics_id", -1);
        e.courier = std::string(pdd_logistics_name(e.logistics_id));
        e.tracking_no = text_of(d, "tracking_number");
        if (!e.tracking_no.empty()) f->extra_deliveries.push_back(std::move(e));
      }
    }
  }

  // One order object. False when it has no order number to speak of.
  bool read(const Json& order, Dialect d, std::string_view document, std::uint32_t line) {
    const std::string sn = text_of(order, "order_sn");
    if (sn.empty()) return false;
    RawOrder& o = out->orders.emplace_back();
    o.line = line;
    o.kind = SourceKind::kJson;
    o.labels = &labels_for(d);
    o.store = out->values.get();
    set(o, Field::kOrderSn, sn);

    OrderFacts f;
    f.document = std::string(document);
    f.order_status = static_cast<int>(int_of(order, "order_status"));
    f.refund_status = static_cast<int>(int_of(order, "refund_status"));
    f.confirm_status = static_cast<int>(int_of(order, "confirm_status"));
    f.group_status = static_cast<int>(int_of(order, "group_status"));
    f.shipping_status = static_cast<int>(int_of(order, "shipping_status"));
    f.risk_control_status = static_cast<int>(int_of(order, "risk_control_status"));
    f.got_timeout_status = static_cast<int>(int_of(order, "got_timeout_status"));
    f.track_update_timeout_status = static_cast<int>(int_of(order, "track_update_timeout_status"));
    f.is_pre_sale = static_cast<int>(int_of(order, "is_pre_sale"));
    f.delivery_one_day = static_cast<int>(int_of(order, "delivery_one_day"));
    f.order_status_str = text_of(order, "order_status_str");

    set_goods(o, order);
    set_time(o, Field::kPaid, order, "pay_time");
    set_time(o, Field::kPromised, order,
             d == Dialect::kApi ? "last_ship_time" : "promise_shipping_time");
    set_time(o, Field::kShipped, order, "shipping_time");
    set_time(o, Field::kDelivered, order, "receive_time");
    if (d == Dialect::kApi) {
      set_time(o, Field::kGrouped, order, "confirm_time");
    } else {
      set_time(o, Field::kGrouped, order,
               member(order, "group_time") ? "group_time" : "confirm_time");
      set_time(o, Field::kConfirmed, order, "confirm_time");
    }
    set_time(o, Field::kCount, order, "pre_sale_time", &f.pre_sale_time);
    set_time(o, Field::kCount, order, "promise_delivery_time", &f.promise_delivery_time);
    set_time(o, Field::kCount, order, "urge_shipping_time", &f.urge_shipping_time);

    set(o, Field::kTrackingNo, text_of(order, "tracking_number"));
    f.logistics_id = int_of(order, d == Dialect::kApi ? "logistics_id" : "shipping_id");
    std::string courier = text_of(order, "shipping_name");
    if (courier.empty() && f.logistics_id > 0) courier = pdd_courier_for(f.logistics_id);
    set(o, Field::kCourier, courier);

    // The receiver's province and city (region.h), never more: the API's province/city, the
    // back office's province_name/city_name.
    std::string region = text_of(order, "province");
    region += text_of(order, "city");
    if (region.empty()) region = text_of(order, "province_name") + text_of(order, "city_name");
    set(o, Field::kRegion, region_of(region));

    std::string note = text_of(order, "remark");
    if (note.empty()) note = text_of(order, "mall_remark");
    set(o, Field::kNote, note);

    if (d == Dialect::kApi) {
      const Json* pay = member(order, "pay_amount");
      if (pay != nullptr && pay->is_number()) set(o, Field::kAmount, yuan_text(pay->get<double>()));
      f.after_sales_status = static_cast<int>(int_of(order, "after_sales_status"));
      f.after_sales_text = word_for(codes.after_sales_status, f.after_sales_status);
      set(o, Field::kStatus, status_word(f));
      set(o, Field::kAfterSale, word_for(codes.refund_status, f.refund_status));
    } else {
      const std::int64_t fen = int_of(order, "order_amount", -1);
      if (fen >= 0) set(o, Field::kAmount, yuan_text(static_cast<double>(fen) / 100));
      const Json* after = member(order, "after_sales_status");
      if (after != nullptr && after->is_string()) {
        f.after_sales_text = text_of(order, "after_sales_status");
      } else if (after != nullptr) {
        f.after_sales_status = static_cast<int>(int_of(order, "after_sales_status"));
        f.after_sales_text = word_for(codes.after_sales_status, f.after_sales_status);
      }
      set(o, Field::kStatus, f.order_status_str);
      set(o, Field::kAfterSale, f.after_sales_text);
    }

    const Json* tags = member(order, "order_tag_list");
    if (tags != nullptr && tags->is_array()) {
      for (const Json& t : *tags) {
        const std::string name = text_of(t, "name");
        if (!name.empty() && int_of(t, "value", 0) == 1) f.tags.push_back(name);
      }
    }
    read_deliveries(order, &f);

    if (out->facts.size() < 0xFFFFFF) {
      out->facts.push_back(std::move(f));
      const auto slot = static_cast<std::uint32_t>(out->facts.size());
      o.facts_high = static_cast<std::uint8_t>(slot >> 16);
      o.facts_low = static_cast<std::uint16_t>(slot & 0xFFFF);
    }
    return true;
  }
};

// --- The document: SAX events, one order captured at a time ---------------------------------

// Arrays under these keys hold orders (pdd.order.*.get, recentOrderList).
bool is_order_list_key(std::string_view k) {
  return k == "order_list" || k == "order_sn_list" || k == "pageItems";
}

// Objects under these keys are read on their own: an order, or a wrapper of one.
bool is_wrapper_key(std::string_view k) {
  return k == "result" || k == "order_info" ||
         (k.size() > 9 && k.substr(k.size() - 9) == "_response");
}

// The API's name for a response wrapper key.
std::string api_name(std::string_view response_key) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kNames = {{
      {"order_list_get_response", "pdd.order.list.get"},
      {"order_info_get_response", "pdd.order.information.get"},
      {"order_sn_increment_get_response", "pdd.order.number.list.increment.get"},
      {"order_basic_list_get_response", "pdd.order.basic.list.get"},
  }};
  for (const auto& [key, name] : kNames) {
    if (key == response_key) return std::string(name);
  }
  return std::string(response_key);
}

class Handler : public nlohmann::json_sax<Json> {
 public:
  Handler(std::string_view text, std::uint32_t first_line, const char** read_to, ParsedInput* out)
      : line_(first_line), counted_to_(text.data()), read_to_(read_to), reader_{out, codes()} {}

  // --- nlohmann::json_sax ---
  bool null() override { return scalar(Json()); }
  bool boolean(bool v) override { return scalar(Json(v)); }
  bool number_integer(number_integer_t v) override { return scalar(Json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return scalar(Json(v)); }
  bool number_float(number_float_t v, const string_t&) override { return scalar(Json(v)); }
  bool string(string_t& v) override {
    if (!frames_.empty() && frames_.back().budget != nullptr) {
      frames_.back().budget->bytes += v.size();
    }
    return scalar(Json(std::move(v)));
  }
  bool binary(binary_t&) override { return scalar(Json()); }
  bool key(string_t& k) override {
    if (!frames_.empty()) frames_.back().key = std::move(k);
    return true;
  }
  bool start_object(std::size_t) override { return open(false); }
  bool start_array(std::size_t) override { return open(true); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& e) override {
    error_at_ = position;
    error_ = e.what();
    return false;
  }

  // --- results ---
  bool too_deep() const { return too_deep_; }
  const std::string& error() const { return error_; }
  std::size_t error_at() const { return error_at_; }
  std::size_t orders() const { return orders_; }
  bool recognised() const { return recognised_; }
  const std::string& document() const { return document_; }
  std::vector<InputError>& problems() { return problems_; }
  std::vector<std::string>& unreadable_orders() { return unreadable_orders_; }

 private:
  struct Budget {
    std::size_t nodes = 0, bytes = 0;
    bool spent() const { return nodes >= kMaxOrderNodes || bytes >= kMaxOrderBytes; }
  };
  struct Frame {
    bool array = false;
    bool order_list = false;  // an array whose objects are orders
    Json* node = nullptr;     // the value being built, or null when this level is not kept
    std::string key;          // an object's current key
    bool candidate = false;
    Dialect dialect = Dialect::kApi;
    std::string document;
    std::uint32_t line = 0;
    Budget own;                // a candidate's
    Budget* budget = nullptr;  // the candidate this level belongs to
  };

  std::uint32_t count_lines(const char* p) {
    for (; counted_to_ < p; ++counted_to_) line_ += *counted_to_ == '\n';
    return line_;
  }

  // Where the document's context puts a candidate starting now.
  static void context_for(Frame& f, const Frame* parent, std::string_view key) {
    if (parent == nullptr) {
      f.document = "order";
      f.dialect = Dialect::kApi;
      return;
    }
    if (key.size() > 9 && key.substr(key.size() - 9) == "_response") {
      f.dialect = Dialect::kApi;
      f.document = api_name(key);
    } else if (key == "result") {
      f.dialect = Dialect::kBackOffice;
      f.document = "orderDetail";
    } else if (key == "pageItems") {
      f.dialect = Dialect::kBackOffice;
      f.document = "recentOrderList";
    }
  }

  bool open(bool array) {
    if (frames_.size() >= kMaxDepth) {
      too_deep_ = true;
      return false;
    }
    Frame* parent = frames_.empty() ? nullptr : &frames_.back();
    const std::string key = parent != nullptr && !parent->array ? parent->key : std::string();
    const std::size_t depth = frames_.size();
    Frame& f = frames_.emplace_back();  // a deque: `parent` stays valid
    f.array = array;
    if (parent != nullptr) {
      f.dialect = parent->dialect;
      f.document = parent->document;
      f.budget = parent->budget;
    }
    if (parent == nullptr && array) {
      f.document = "order";  // a top-level array: its objects are read on their own
    } else if (array && parent->node != nullptr && !parent->array && is_order_list_key(key)) {
      // An array of orders: each object in it is read on its own.
      f.order_list = true;
      recognised_ = true;
      context_for(f, parent, key);
      if (document_.empty()) document_ = f.document;
    } else if (!array && (parent == nullptr || (parent->array && parent->order_list) ||
                          (parent->array && depth == 1) ||
                          (!parent->array && parent->node != nullptr && is_wrapper_key(key)))) {
      // An order, or a wrapper around orders: kept as a value of its own until it ends.
      f.candidate = true;
      f.node = &roots_.emplace_back(Json::object());
      f.budget = &f.own;
      f.line = count_lines(*read_to_);
      if (parent == nullptr || !parent->order_list) context_for(f, parent, key);
    } else if (parent->node != nullptr && !parent->budget->spent()) {
      ++parent->budget->nodes;
      f.node = parent->array ? &parent->node->emplace_back(array ? Json::array() : Json::object())
                             : &((*parent->node)[key] = array ? Json::array() : Json::object());
    }
    return true;
  }

  bool scalar(Json v) {
    if (frames_.empty()) return true;  // a bare scalar: nothing to read
    Frame& f = frames_.back();
    if (f.node == nullptr || f.budget->spent()) return true;
    ++f.budget->nodes;
    if (f.array) {
      f.node->push_back(std::move(v));
    } else {
      (*f.node)[f.key] = std::move(v);
    }
    return true;
  }

  bool close() {
    if (frames_.empty()) return true;
    if (frames_.back().candidate) {
      finish(frames_.back(), roots_.back());
      roots_.pop_back();
    }
    frames_.pop_back();
    return true;
  }

  // A candidate ended: an order, a PDD error, or a wrapper whose orders were read already.
  void finish(const Frame& f, const Json& v) {
    if (member(v, "order_sn") != nullptr) {
      // A bare order (copied on its own) tells its dialect by its keys.
      Dialect d = f.dialect;
      if (f.document == "order") {
        d = member(v, "promise_shipping_time") || member(v, "group_time") ||
                    member(v, "order_status_str") || member(v, "shipping_id")
                ? Dialect::kBackOffice
                : Dialect::kApi;
      }
      recognised_ = true;
      if (document_.empty()) document_ = f.document;
      if (reader_.read(v, d, f.document, f.line)) {
        ++orders_;
      } else {
        unreadable_orders_.push_back(std::to_string(f.line));
      }
      return;
    }
    const Json* code = member(v, "error_code");
    const Json* msg = member(v, "error_msg");
    if (code != nullptr || (msg != nullptr && msg->is_string())) {
      recognised_ = true;
      problems_.push_back({f.line, "", "pdd_api_error",
                           "第 " + std::to_string(f.line) + " 行：拼多多接口返回错误「" +
                               text_of(v, "error_msg") + "」（error_code " +
                               text_of(v, "error_code") + "），其中没有订单；请重新获取后再粘贴"});
      return;
    }
    const Json* success = member(v, "success");
    if (success != nullptr && success->is_boolean() && !success->get<bool>() &&
        (member(v, "errorCode") != nullptr || member(v, "errorMsg") != nullptr)) {
      recognised_ = true;
      problems_.push_back({f.line, "", "backoffice_error",
                           "第 " + std::to_string(f.line) + " 行：商家后台返回错误「" +
                               text_of(v, "errorMsg") + "」（errorCode " + text_of(v, "errorCode") +
                               "），其中没有订单"});
    }
  }

  std::uint32_t line_;
  const char* counted_to_;
  const char** read_to_;
  OrderReader reader_;
  std::deque<Frame> frames_;  // a deque: a level's address stays valid while it is open
  std::deque<Json> roots_;    // the candidates' own values (an order or a wrapper of one)
  std::size_t orders_ = 0;
  bool recognised_ = false;
  bool too_deep_ = false;
  std::string document_;
  std::string error_;
  std::size_t error_at_ = 0;
  std::vector<InputError> problems_;
  std::vector<std::string> unreadable_orders_;
};

// True when the text starts like a JSON object or array, not like "[2025-03-10] …" or "{备注}".
bool starts_like_json(std::string_view s) {
  if (s.empty() || (s.front() != '{' && s.front() != '[')) return false;
  std::size_t i = 1;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  if (i == s.size()) return true;
  return s.front() == '{' ? s[i] == '"' || s[i] == '}'
                          : s[i] == '{' || s[i] == '[' || s[i] == ']' || s[i] == '"';
}

// A line that can only be part of a JSON document: it starts with a bracket, a quoted key or
// string, or is a bare literal ("123,", "true", "null},").
bool looks_like_json_line(std::string_view l) {
  l = trim(l);
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  if (l.empty()) return true;
  const char c = l.front();
  if (c == '{' || c == '}' || c == '[' || c == ']' || c == '"' || c == ',') return true;
  while (!l.empty() && (l.back() == ',' || l.back() == '}' || l.back() == ']')) l.remove_suffix(1);
  if (l == "true" || l == "false" || l == "null") return true;
  return !l.empty() && l.find_first_not_of("0123456789.-+eE") == std::string_view::npos;
}

// Where reading lines resumes after a document that breaks off at `error_at`: the start of the
// first line, from the one the error is on, that is not a piece of JSON (a table pasted after
// a cut-off document); the end of the text when there is none.
std::size_t resume_after_error(std::string_view text, std::size_t error_at) {
  const std::size_t bad = std::min(error_at > 0 ? error_at - 1 : 0, text.size());
  std::size_t ls = text.rfind('\n', bad == 0 ? 0 : bad - 1);
  ls = ls == std::string_view::npos || bad == 0 ? 0 : ls + 1;
  if (ls == 0) {  // the document's first line is JSON: the next one at the earliest
    const std::size_t nl = text.find('\n');
    if (nl == std::string_view::npos) return text.size();
    ls = nl + 1;
  }
  while (ls < text.size()) {
    const std::size_t nl = text.find('\n', ls);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    if (!looks_like_json_line(text.substr(ls, end - ls))) return ls;
    ls = end == text.size() ? end : end + 1;
  }
  return text.size();
}

std::string short_reason(std::string what) {
  // nlohmann: "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error
  // while parsing object - unexpected end of input; expected '}'": the part after the last ": ".
  const std::size_t tag = what.find("] ");
  if (what.rfind("[json.exception", 0) == 0 && tag != std::string::npos) what.erase(0, tag + 2);
  const std::size_t colon = what.rfind(": ");
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

}  // namespace

std::string_view pdd_logistics_name(std::int64_t id) {
  const auto& table = companies();
  const auto it = table.find(id);
  return it == table.end() ? std::string_view() : std::string_view(it->second.name);
}

std::string pdd_courier_for(std::int64_t id) {
  if (id <= 0) return "";
  const auto& table = companies();
  const auto it = table.find(id);
  if (it == table.end()) return "拼多多快递公司编号 " + std::to_string(id);
  return it->second.courier;
}

JsonDocumentRead read_pdd_json(std::string_view text, std::uint32_t line, ParsedInput* out) {
  JsonDocumentRead result;
  std::size_t start = 0;
  while (start < text.size()) {
    if (text[start] == ' ' || text[start] == '\t' || text[start] == '\n' || text[start] == '\r') {
      ++start;
    } else if (text.substr(start, 3) == "\xE3\x80\x80") {  // U+3000, as trim() drops it
      start += 3;
    } else {
      break;
    }
  }
  if (!starts_like_json(text.substr(start))) return result;
  if (!out->values) {
    out->values = std::make_shared<ValueStore>();
    out->values->text = text;
  }
  const std::size_t orders_before = out->orders.size();
  const std::size_t facts_before = out->facts.size();
  const std::size_t arena_before = out->values->arena.size();
  const char* read_to = text.data();
  const auto line_of = [&](std::size_t pos) {
    pos = std::min(pos, text.size());
    return line + static_cast<std::uint32_t>(std::count(
                      text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
  };
  const std::uint32_t first = line_of(start);
  const auto error = [&](std::uint32_t at, std::string message) {
    out->errors.push_back({at, "", "json_unreadable", std::move(message)});
  };
  try {
    Handler h(text, line, &read_to, out);
    const bool ok = Json::sax_parse(TrackingIterator(text.data(), &read_to),
                                    TrackingIterator(text.data() + text.size(), &read_to), &h,
                                    nlohmann::json::input_format_t::json, /*strict=*/false);
    result.handled = true;
    if (!ok) {
      // Nothing of a document that cannot be read is kept, and none of its ids is read as a
      // tracking number: it is reported once, at the line where it starts.
      out->orders.resize(orders_before);
      out->facts.resize(facts_before);
      out->values->arena.resize(arena_before);
      result.length = h.too_deep() ? text.size() : resume_after_error(text, h.error_at());
      if (h.too_deep()) {
        error(first, "第 " + std::to_string(first) + " 行起的 JSON 嵌套超过 " +
                         std::to_string(kMaxDepth) + " 层，不是拼多多订单或物流数据，未读取");
      } else {
        const std::uint32_t at = line_of(h.error_at());
        const std::uint32_t last = line_of(result.length > 0 ? result.length - 1 : 0);
        error(first, "第 " + std::to_string(first) + " 行起的 JSON 格式有误（第 " +
                         std::to_string(at) + " 行：" + short_reason(h.error()) + "），第 " +
                         std::to_string(first) +
                         (last > first ? "–" + std::to_string(last) : std::string()) +
                         " 行未读取；请完整复制接口返回的内容后再粘贴");
      }
      return result;
    }
    result.length = static_cast<std::size_t>(read_to - text.data());
    for (auto& p : h.problems()) out->errors.push_back(std::move(p));
    if (!h.unreadable_orders().empty()) {
      std::string lines;
      for (const auto& l : h.unreadable_orders()) lines += (lines.empty() ? "" : "、") + l;
      out->errors.push_back({first, "订单号", "pdd_order_unreadable",
                             "第 " + lines + " 行的订单没有可读的订单号（order_sn），已跳过"});
    }
    if (h.recognised()) {
      if (h.orders() == 0 && h.problems().empty() && h.unreadable_orders().empty()) {
        out->errors.push_back({first, "", "pdd_json_empty",
                               "第 " + std::to_string(first) + " 行起的拼多多订单数据（" +
                                   h.document() + "）里没有订单"});
      }
      return result;
    }
    // Well-formed, but no PDD order document: a courier aggregator's result is read by the
    // caller; anything else is reported once.
    std::vector<AggregatorTrace> traces;
    std::string why;
    if (parse_aggregator_json(text.substr(start, result.length - start), TraceKeywords::builtin(),
                              &traces, &why)) {
      result.handled = false;
      return result;
    }
    error(first, "第 " + std::to_string(first) +
                     " 行起的 JSON 不是 lanshou 能读取的数据（能读取：拼多多订单接口 "
                     "pdd.order.list.get / pdd.order.information.get 等的返回、商家后台订单列表 "
                     "recentOrderList 和订单详情、快递100 或快递鸟的物流查询结果），未读取；"
                     "其中的编号不会当作快递单号");
    return result;
  } catch (...) {
    // Out of memory while building one order, or a value nlohmann/json refuses to convert.
    out->orders.resize(orders_before);
    out->facts.resize(facts_before);
    out->values->arena.resize(arena_before);
    result.handled = true;
    result.length = text.size();
    error(first,
          "第 " + std::to_string(first) + " 行起的 JSON 无法读取（内容过大或格式异常），未读取");
    return result;
  }
}

}  // namespace lanshou
