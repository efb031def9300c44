#include "lanshou/pdd_json.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "lanshou/embedded.h"
#include "lanshou/region.h"
#include "lanshou/text.h"
#include "lanshou/trace.h"

namespace lanshou {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxDepth = 64;  // PDD documents nest 5 deep

// A message from its pieces: one call instead of a chain of temporaries.
std::string said(std::initializer_list<std::string_view> parts) {
  std::string s;
  for (const std::string_view p : parts) s.append(p);
  return s;
}

// --- Data: codes, status words, logistics ids ----------------------------------------------

struct StatusRule {
  int confirm_status = -1, order_status = -1, refund_status = -1;
  std::string word;
};

struct Codes {
  std::vector<std::pair<int, std::string>> refund_status;
  std::vector<StatusRule> status_words;
};

// A data file the tests check; broken embedded data would be a build defect, so it aborts.
Json load_data(std::string_view path) {
  const std::string_view bytes = embedded_file(path);
  Json doc = Json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (!doc.is_object()) std::abort();
  return doc;
}

std::vector<std::pair<int, std::string>> code_words(const Json& doc, const char* key) {
  std::vector<std::pair<int, std::string>> words;
  const auto it = doc.find(key);
  if (it == doc.end() || !it->is_object()) return words;
  for (const auto& [code, word] : it->items()) {
    if (word.is_string()) words.emplace_back(std::atoi(code.c_str()), word.get<std::string>());
  }
  return words;
}

const Codes& codes() {
  static const Codes c = [] {
    Codes out;
    const Json doc = load_data("input/pdd_json.json");
    out.refund_status = code_words(doc, "refund_status");
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
  std::int64_t id = -1;
  std::string name;  // PDD's name, which lanshou's courier aliases know (a unit test checks)
};

const std::vector<Company>& companies() {
  static const std::vector<Company> table = [] {
    std::vector<Company> out;
    const Json doc = load_data("input/pdd_logistics.json");
    const auto list = doc.find("companies");
    if (list == doc.end() || !list->is_array()) return out;
    for (const Json& c : *list)
      out.push_back({c.value("id", std::int64_t{-1}), c.value("name", "")});
    return out;
  }();
  return table;
}

const Company* company(std::int64_t id) {
  for (const Company& c : companies()) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

// --- One order as read ------------------------------------------------------------------

// The member names the reader uses (order API, back office, error responses), each followed by
// a space.
constexpr std::string_view kKeptNames =
    "after_sales_status city city_name confirm_status confirm_time delivery_one_day errorCode "
    "errorMsg error_code error_msg extra_delivery_list gift_delivery_list goods_count "
    "goods_name goods_number got_timeout_status group_status group_time is_pre_sale item_list "
    "last_ship_time logistics_id mall_remark name order_amount order_sn order_status "
    "order_status_str order_tag_list pay_amount pay_time pre_sale_time promise_delivery_time "
    "promise_shipping_time province province_name receive_time refund_status remark "
    "resend_delivery_list risk_control_status shipping_id shipping_name shipping_status "
    "shipping_time shippingName sub_code sub_msg success track_update_timeout_status "
    "tracking_number urge_shipping_time value waybillDTOList ";

bool kept(std::string_view name) {
  for (std::size_t at = kKeptNames.find(name); at != std::string_view::npos;
       at = kKeptNames.find(name, at + 1)) {
    const bool starts = at == 0 || kKeptNames[at - 1] == ' ';
    if (starts && at + name.size() < kKeptNames.size() && kKeptNames[at + name.size()] == ' ') {
      return true;
    }
  }
  return false;
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

  static std::string word_for(const std::vector<std::pair<int, std::string>>& words, int code) {
    for (const auto& [c, w] : words) {
      if (c == code) return w;
    }
    return "";
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
    // 2026 list items may name it only in waybillDTOList[0].shippingName (xingyu42/pddMerchant
    // src/services/views/order.js).
    const Json* waybills = member(order, "waybillDTOList");
    if (courier.empty() && waybills != nullptr && waybills->is_array() && !waybills->empty()) {
      courier = text_of((*waybills)[0], "shippingName");
    }
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
      // The slot lives in the record's RecordExtra (input.h): one 24-bit index in RawOrder's
      // padding serves the field lines, the conflicts and these facts.
      if (RecordExtra* x = extra_of(o, *out->values)) {
        x->facts = static_cast<std::uint32_t>(out->facts.size());
      }
    }
    return true;
  }
};

// --- The document: a DOM of the values lanshou reads, then a walk to the orders -------------

// Arrays under these keys hold orders (pdd.order.*.get, recentOrderList).
bool is_order_list_key(std::string_view k) {
  return k == "order_list" || k == "order_sn_list" || k == "pageItems";
}

bool is_response_key(std::string_view k) {
  return k.size() > 9 && k.substr(k.size() - 9) == "_response";
}

// Objects under these keys are read on their own: an order, or a wrapper of one.
bool is_wrapper_key(std::string_view k) {
  return k == "result" || k == "order_info" || is_response_key(k);
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

// Keeps, of any document, only the members the walk and the reader use (kKeptNames and the
// wrappers and lists of orders): a document of any size leaves a small tree.
bool keep_member(int /*depth*/, Json::parse_event_t event, Json& parsed) {
  if (event != Json::parse_event_t::key || !parsed.is_string()) return true;
  const std::string& k = parsed.get_ref<const std::string&>();
  return kept(k) || is_order_list_key(k) || is_wrapper_key(k);
}

// Finds the orders of a document, in document order within each list.
struct Walk {
  OrderReader reader;
  std::uint32_t first;
  std::vector<std::ptrdiff_t> placed;  // per order object: its index in the orders, or -1
  std::vector<InputError> problems;
  bool recognised = false;
  std::string document;

  static Dialect dialect_of(const Json& o) {
    return member(o, "promise_shipping_time") || member(o, "group_time") ||
                   member(o, "order_status_str") || member(o, "shipping_id")
               ? Dialect::kBackOffice
               : Dialect::kApi;
  }

  void order(const Json& o, Dialect d, const std::string& doc) {
    recognised = true;
    if (document.empty()) document = doc;
    // A bare order (copied on its own) tells its dialect by its keys.
    if (doc == "order") d = dialect_of(o);
    placed.push_back(reader.read(o, d, doc, first)
                         ? static_cast<std::ptrdiff_t>(reader.out->orders.size() - 1)
                         : -1);
  }

  // An object that is an order, or a wrapper of orders (a response, result, order_info).
  void wrapper(const Json& w, Dialect d, const std::string& doc, int depth) {
    if (!w.is_object()) return;
    if (member(w, "order_sn") != nullptr) {
      order(w, d, doc);
      return;
    }
    for (const auto& [key, v] : w.items()) {
      if (is_order_list_key(key) && v.is_array()) {
        recognised = true;
        const bool page = key == "pageItems";
        const std::string list_doc = page ? std::string("recentOrderList") : doc;
        if (document.empty()) document = list_doc;
        for (const Json& e : v) {
          if (member(e, "order_sn") != nullptr) {
            order(e, page ? Dialect::kBackOffice : d, list_doc);
          }
        }
      } else if (is_wrapper_key(key) && v.is_object() && depth < 4) {
        if (is_response_key(key)) {
          wrapper(v, Dialect::kApi, api_name(key), depth + 1);
        } else if (key == "result") {
          wrapper(v, Dialect::kBackOffice, "orderDetail", depth + 1);
        } else {
          wrapper(v, d, doc, depth + 1);
        }
      }
    }
    const Json* msg = member(w, "error_msg");
    if (member(w, "error_code") != nullptr || (msg != nullptr && msg->is_string())) {
      recognised = true;
      problems.push_back(
          {first, "", "pdd_api_error",
           said({"第 ", std::to_string(first), " 行：拼多多接口返回错误「", text_of(w, "error_msg"),
                 "」（error_code ", text_of(w, "error_code"),
                 "），其中没有订单；请重新获取后再粘贴"})});
      return;
    }
    const Json* success = member(w, "success");
    if (success != nullptr && success->is_boolean() && !success->get<bool>() &&
        (member(w, "errorCode") != nullptr || member(w, "errorMsg") != nullptr)) {
      recognised = true;
      problems.push_back(
          {first, "", "backoffice_error",
           said({"第 ", std::to_string(first), " 行：商家后台返回错误「", text_of(w, "errorMsg"),
                 "」（errorCode ", text_of(w, "errorCode"), "），其中没有订单"})});
    }
  }

  void document_root(const Json& root) {
    if (root.is_array()) {
      for (const Json& e : root) wrapper(e, Dialect::kApi, "order", 0);
    } else {
      wrapper(root, Dialect::kApi, "order", 0);
    }
  }
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

// One past the bracket that closes the JSON value starting at s[start] ('{' or '['), brackets in
// strings not counted; npos when it never closes. The parser then reads exactly that span.
std::size_t json_value_end(std::string_view s, std::size_t start) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = start; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && depth > 0 && --depth == 0) {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// Where the keys "order_sn" of a well-formed document are, in document order: a quote that no
// backslash escapes, the name, a quote, then a colon.
std::vector<std::size_t> order_sn_keys(std::string_view s) {
  constexpr std::string_view kKey = "\"order_sn\"";
  std::vector<std::size_t> at;
  for (std::size_t p = s.find(kKey); p != std::string_view::npos; p = s.find(kKey, p + 1)) {
    std::size_t slashes = 0;
    while (slashes < p && s[p - 1 - slashes] == '\\') ++slashes;
    std::size_t j = p + kKey.size();
    while (j < s.size() && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r')) ++j;
    if (slashes % 2 == 0 && j < s.size() && s[j] == ':') at.push_back(p);
  }
  return at;
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

std::string unknown_json_message(std::uint32_t line) {
  return said(
      {"第 ", std::to_string(line),
       " 行起的 JSON 不是 lanshou 能读取的数据（能读取：拼多多订单接口 pdd.order.list.get / "
       "pdd.order.information.get 等的返回、商家后台订单列表 recentOrderList 和订单详情、"
       "快递100 或快递鸟的物流查询结果），未读取；其中的编号不会当作快递单号"});
}

std::string_view pdd_logistics_name(std::int64_t id) {
  const Company* c = company(id);
  return c == nullptr ? std::string_view() : std::string_view(c->name);
}

std::string pdd_courier_for(std::int64_t id) {
  if (id <= 0) return "";
  const Company* c = company(id);
  return c == nullptr ? "拼多多快递公司编号 " + std::to_string(id) : c->name;
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
    // The parser reads the value's own span, keeping only what the reader uses (keep_member).
    const std::size_t close = json_value_end(text, start);
    const std::size_t end = close == std::string_view::npos ? text.size() : close;
    const std::string_view span = text.substr(start, end - start);
    result.handled = true;
    if (!json_nesting_within(span, static_cast<int>(kMaxDepth))) {
      result.length = text.size();
      error(first, said({"第 ", std::to_string(first), " 行起的 JSON 嵌套超过 ",
                         std::to_string(kMaxDepth), " 层，不是拼多多订单或物流数据，未读取"}));
      return result;
    }
    Json root;
    try {
      root = Json::parse(span.begin(), span.end(), keep_member, /*allow_exceptions=*/true);
    } catch (const Json::exception& e) {
      // Nothing of a document that cannot be read is kept, and none of its ids is read as a
      // tracking number: it is reported once, at the line where it starts.
      const bool syntax = e.id >= 101 && e.id <= 199;  // parse_error: where it broke
      const std::size_t at_byte =
          syntax ? start + static_cast<const Json::parse_error&>(e).byte : text.size();
      result.length = resume_after_error(text, at_byte);
      const std::uint32_t at = line_of(at_byte);
      const std::uint32_t last = line_of(result.length > 0 ? result.length - 1 : 0);
      const std::string from_line = std::to_string(first);
      error(first,
            said({"第 ", from_line, " 行起的 JSON 格式有误（第 ", std::to_string(at), " 行：",
                  short_reason(e.what()), "），第 ", from_line, last > first ? "–" : "",
                  last > first ? std::to_string(last) : std::string(),
                  " 行未读取；请完整复制接口返回的内容后再粘贴"}));
      return result;
    }
    result.length = end;
    Walk walk{OrderReader{out, codes()}, first, {}, {}, false, ""};
    walk.document_root(root);
    // Each order on the line of its order_sn key (where the merchant finds the order number),
    // when there are as many keys as orders (the walk visits each list in document order); else
    // on the document's first line.
    const std::vector<std::size_t> keys = order_sn_keys(span);
    const bool paired = keys.size() == walk.placed.size();
    std::string unreadable;
    std::uint32_t counted = first;
    std::size_t from = start;
    for (std::size_t k = 0; k < walk.placed.size(); ++k) {
      std::uint32_t at = first;
      if (paired) {  // ascending: the lines are counted in one pass
        const std::size_t to = start + keys[k];
        counted += static_cast<std::uint32_t>(
            std::count(text.begin() + static_cast<std::ptrdiff_t>(from),
                       text.begin() + static_cast<std::ptrdiff_t>(to), '\n'));
        from = to;
        at = counted;
      }
      if (walk.placed[k] >= 0) {
        out->orders[static_cast<std::size_t>(walk.placed[k])].line = at;
      } else {
        if (!unreadable.empty()) unreadable += "、";
        unreadable += std::to_string(at);
      }
    }
    for (auto& p : walk.problems) out->errors.push_back(std::move(p));
    if (!unreadable.empty()) {
      out->errors.push_back(
          {first, "订单号", "pdd_order_unreadable",
           said({"第 ", unreadable, " 行的订单没有可读的订单号（order_sn），已跳过"})});
    }
    if (walk.recognised) {
      if (walk.placed.empty() && walk.problems.empty()) {
        out->errors.push_back({first, "", "pdd_json_empty",
                               said({"第 ", std::to_string(first), " 行起的拼多多订单数据（",
                                     walk.document, "）里没有订单"})});
      }
      return result;
    }
    // Well-formed, but no PDD order document: the caller reads it as a courier aggregator's
    // result or reports it once (unknown_json_message).
    result.handled = false;
    return result;
  } catch (...) {
    // Out of memory while building one order, or a value nlohmann/json refuses to convert.
    out->orders.resize(orders_before);
    out->facts.resize(facts_before);
    out->values->arena.resize(arena_before);
    result.handled = true;
    result.length = text.size();
    error(first, said({"第 ", std::to_string(first),
                       " 行起的 JSON 无法读取（内容过大或格式异常），未读取"}));
    return result;
  }
}

}  // namespace lanshou
