#include "lanshou/wording.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "lanshou/courier.h"
#include "lanshou/embedded.h"
#include "lanshou/input.h"
#include "lanshou/session.h"
#include "lanshou/template.h"
#include "lanshou/text.h"

namespace lanshou {
namespace {

using Json = nlohmann::json;
// The wording documents keep their keys in the order written.
using OrderedJson = nlohmann::ordered_json;

// The member named key of an object; nullptr when there is none or this is no object.
const Json* member(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  const auto it = obj.find(key);
  return it != obj.end() ? &*it : nullptr;
}

// Compact JSON: UTF-8 kept, ill-formed bytes replaced (U+FFFD).
template <typename J>
std::string dump(const J& j) {
  return j.dump(-1, ' ', false, J::error_handler_t::replace);
}

constexpr std::string_view kTemplatesPath = "templates/zh.json";
constexpr std::string_view kAllKinds = "all";

// ---------------------------------------------------------------------------------------------
// The template data.

struct Evidence {
  std::string name, note;
};

struct Variant {
  std::string id, name, text;
};

struct Template {
  std::string id, kind, reason, field, where;
  bool friendly_times = false;
  std::vector<std::string> situations, unless;
  std::vector<Evidence> evidence;
  std::map<std::string, std::string> hints;
  std::vector<Variant> variants;
};

struct FieldInfo {
  std::string name, menu, confidence;
  std::size_t max_chars = 0;
};

struct Named {
  std::string code, name;
};

struct Reason {
  std::string code, name;
  std::vector<std::string> kinds;
};

struct TemplateSet {
  std::vector<Named> kinds;
  std::map<std::string, FieldInfo> fields;
  std::vector<Reason> reasons;
  std::map<std::string, std::string> situation_names;
  std::vector<Named> violations;  // code = situation
  std::map<std::string, std::string> slot_labels;
  std::map<std::string, std::string> timelines;
  std::vector<Template> templates;

  const Named* kind(std::string_view code) const {
    for (const auto& k : kinds) {
      if (k.code == code) return &k;
    }
    return nullptr;
  }
  const Reason* reason(std::string_view code) const {
    for (const auto& r : reasons) {
      if (r.code == code) return &r;
    }
    return nullptr;
  }
  const Template* find(std::string_view id) const {
    for (const auto& t : templates) {
      if (t.id == id) return &t;
    }
    return nullptr;
  }
  bool kind_takes_reason(std::string_view kind) const {
    return std::any_of(templates.begin(), templates.end(),
                       [&](const Template& t) { return t.kind == kind && !t.reason.empty(); });
  }
};

// Every slot the code knows how to fill. The data gives each a label for the 【请填写：…】 marker.
constexpr std::string_view kSlots[] = {"order_sn",
                                       "product",
                                       "courier_name",
                                       "tracking_no",
                                       "correct_courier_name",
                                       "correct_tracking_no",
                                       "correct_picked_up_time",
                                       "paid_time",
                                       "grouped_time",
                                       "promised_ship_by",
                                       "shipped_time",
                                       "picked_up_time",
                                       "new_pickup_time",
                                       "extra_package_until",
                                       "outlet_name",
                                       "courier_outlet",
                                       "reason_detail",
                                       "measures",
                                       "date",
                                       "now_time",
                                       "violation",
                                       "timeline",
                                       "evidence_list"};
// Slots made of other slots: not allowed inside a timeline.
constexpr std::string_view kCompositeSlots[] = {"violation", "timeline", "evidence_list",
                                                "courier_outlet"};
constexpr std::string_view kTimelines[] = {"picked_up", "not_picked_up", "not_shipped"};
constexpr std::string_view kMenuKeys[] = {"menu_modify_delivery_center",
                                          "menu_modify_order_detail",
                                          "menu_chat_buyer",
                                          "menu_order_note",
                                          "menu_extra_package",
                                          "menu_refund_rejection",
                                          "menu_appeal",
                                          "menu_exception_declaration"};

template <std::size_t N>
bool one_of(std::string_view v, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), v) != std::end(list);
}

bool contains(const std::vector<std::string>& list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

const std::string& menu_value(const RuleSet& r, std::string_view key) {
  static const std::string kNone;
  if (key == "menu_modify_delivery_center") return r.menu_modify_delivery_center;
  if (key == "menu_modify_order_detail") return r.menu_modify_order_detail;
  if (key == "menu_chat_buyer") return r.menu_chat_buyer;
  if (key == "menu_order_note") return r.menu_order_note;
  if (key == "menu_extra_package") return r.menu_extra_package;
  if (key == "menu_refund_rejection") return r.menu_refund_rejection;
  if (key == "menu_appeal") return r.menu_appeal;
  if (key == "menu_exception_declaration") return r.menu_exception_declaration;
  return kNone;
}

// Every situation code an order can be in.
const std::vector<std::string>& known_situations() {
  static const std::vector<std::string> list = [] {
    std::vector<std::string> v = {"wrong_number"};
    for (std::size_t i = 0; i < kStatusCount; ++i) {
      v.emplace_back(to_string(static_cast<Status>(i)));
    }
    for (std::size_t i = 0; i < static_cast<std::size_t>(FindingCode::kCount); ++i) {
      v.emplace_back(to_string(static_cast<FindingCode>(i)));
    }
    for (FixCode c :
         {FixCode::kModifyDirect, FixCode::kNotifyNoteExtraPackage, FixCode::kNotifyNoteOnly}) {
      v.emplace_back(to_string(c));
    }
    return v;
  }();
  return list;
}

// Reads a JSON document without throwing: every accessor checks the type first.
class Reader {
 public:
  explicit Reader(std::string* error) : error_(error) {}

  bool fail(const std::string& where, const std::string& what) {
    if (error_->empty()) *error_ = "模板数据 " + where + "：" + what;
    return false;
  }

  bool str(const Json& obj, const char* key, const std::string& where, std::string* out,
           bool required = true) {
    const Json* it = member(obj, key);
    if (it == nullptr || it->is_null()) {
      return required ? fail(where, std::string("缺少 ") + key) : true;
    }
    if (!it->is_string()) return fail(where, std::string(key) + " 应为文字");
    *out = it->get<std::string>();
    if (required && out->empty()) return fail(where, std::string(key) + " 不能为空");
    return true;
  }

  bool strings(const Json& obj, const char* key, const std::string& where,
               std::vector<std::string>* out, bool required = true) {
    const Json* it = member(obj, key);
    if (it == nullptr || it->is_null()) {
      return required ? fail(where, std::string("缺少 ") + key) : true;
    }
    if (!it->is_array()) return fail(where, std::string(key) + " 应为文字列表");
    for (const Json& v : *it) {
      if (!v.is_string() || v.get_ref<const std::string&>().empty()) {
        return fail(where, std::string(key) + " 的每一项应为非空文字");
      }
      out->push_back(v.get<std::string>());
    }
    if (required && out->empty()) return fail(where, std::string(key) + " 不能为空");
    return true;
  }

 private:
  std::string* error_;
};

// Checks the {slot} placeholders of one text: balanced, known, and allowed here.
bool check_slots(const TemplateSet& ts, std::string_view text, bool in_timeline,
                 const std::string& where, Reader& rd) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '}') return rd.fail(where, "多余的 }");
    if (text[i] != '{') continue;
    const std::size_t close = text.find('}', i + 1);
    if (close == std::string_view::npos) return rd.fail(where, "{ 没有对应的 }");
    const std::string_view name = text.substr(i + 1, close - i - 1);
    if (name.find('{') != std::string_view::npos) return rd.fail(where, "{ 没有对应的 }");
    if (!one_of(name, kSlots) || ts.slot_labels.count(std::string(name)) == 0) {
      return rd.fail(where, "未知的占位 {" + std::string(name) + "}");
    }
    if (in_timeline && one_of(name, kCompositeSlots)) {
      return rd.fail(where, "时间经过中不能使用 {" + std::string(name) + "}");
    }
    i = close;
  }
  return true;
}

bool parse_template(const Json& j, std::size_t index, const TemplateSet& ts, Template* t,
                    Reader& rd) {
  std::string where = "templates[" + std::to_string(index) + "]";
  if (!j.is_object()) return rd.fail(where, "应为对象");
  if (!rd.str(j, "id", where, &t->id)) return false;
  where = "模板 " + t->id;
  if (!rd.str(j, "kind", where, &t->kind) || !rd.str(j, "field", where, &t->field) ||
      !rd.str(j, "reason", where, &t->reason, false) ||
      !rd.str(j, "where", where, &t->where, false) ||
      !rd.strings(j, "situations", where, &t->situations) ||
      !rd.strings(j, "unless", where, &t->unless, false)) {
    return false;
  }
  if (ts.kind(t->kind) == nullptr) return rd.fail(where, "未知的类型 " + t->kind);
  if (ts.fields.count(t->field) == 0) return rd.fail(where, "未知的字段 " + t->field);
  if (!t->reason.empty()) {
    const Reason* r = ts.reason(t->reason);
    if (r == nullptr) return rd.fail(where, "未知的原因 " + t->reason);
    if (!contains(r->kinds, t->kind)) {
      return rd.fail(where, "原因 " + t->reason + " 不适用于类型 " + t->kind);
    }
  }
  for (const auto* list : {&t->situations, &t->unless}) {
    for (const auto& s : *list) {
      if (!contains(known_situations(), s)) return rd.fail(where, "未知的情形 " + s);
      if (ts.situation_names.count(s) == 0) return rd.fail(where, "情形 " + s + " 缺少中文名");
    }
  }
  std::string style;
  if (!rd.str(j, "time_style", where, &style, false)) return false;
  if (!style.empty() && style != "friendly" && style != "full") {
    return rd.fail(where, "time_style 只能是 friendly 或 full");
  }
  t->friendly_times = style == "friendly";
  if (const Json* it = member(j, "evidence"); it != nullptr && !it->is_null()) {
    if (!it->is_array()) return rd.fail(where, "evidence 应为列表");
    for (const Json& e : *it) {
      Evidence ev;
      if (e.is_string()) {
        ev.name = e.get<std::string>();
      } else if (e.is_object()) {
        if (!rd.str(e, "name", where + " evidence", &ev.name) ||
            !rd.str(e, "note", where + " evidence", &ev.note, false)) {
          return false;
        }
      }
      if (ev.name.empty()) return rd.fail(where, "evidence 的每一项应有名称");
      t->evidence.push_back(std::move(ev));
    }
  }
  if (const Json* it = member(j, "hints"); it != nullptr && !it->is_null()) {
    if (!it->is_object()) return rd.fail(where, "hints 应为对象");
    for (auto m = it->begin(); m != it->end(); ++m) {  // the first bad one in key order
      const std::string& slot = m.key();
      const Json& hint = *m;
      if (!one_of(slot, kSlots)) return rd.fail(where, "hints 中未知的占位 " + slot);
      if (!hint.is_string() || hint.get_ref<const std::string&>().empty()) {
        return rd.fail(where, "hints." + slot + " 应为非空文字");
      }
      t->hints[slot] = hint.get<std::string>();
    }
  }
  const Json* vit = member(j, "variants");
  if (vit == nullptr || !vit->is_array() || vit->empty()) {
    return rd.fail(where, "variants 应为非空列表");
  }
  for (const Json& v : *vit) {
    Variant var;
    if (!v.is_object()) return rd.fail(where, "variants 的每一项应为对象");
    if (!rd.str(v, "id", where, &var.id) || !rd.str(v, "name", where, &var.name) ||
        !rd.str(v, "text", where, &var.text)) {
      return false;
    }
    for (const auto& other : t->variants) {
      if (other.id == var.id) return rd.fail(where, "语气 " + var.id + " 重复");
    }
    if (!check_slots(ts, var.text, false, where + " 语气 " + var.id, rd)) return false;
    t->variants.push_back(std::move(var));
  }
  return true;
}

bool parse_templates(std::string_view text, TemplateSet* out, std::string* error) {
  error->clear();
  Reader rd(error);
  const Json doc = Json::parse(text, nullptr, false);
  if (!doc.is_object()) return rd.fail("", "不是有效的 JSON 对象");
  TemplateSet ts;
  for (const char* key : {"id", "as_of", "source", "confidence"}) {
    std::string ignored;
    if (!rd.str(doc, key, "文档", &ignored)) return false;
  }

  const Json* kinds = member(doc, "kinds");
  if (kinds == nullptr || !kinds->is_array()) return rd.fail("kinds", "应为列表");
  for (const Json& k : *kinds) {
    Named n;
    if (!k.is_object() || !rd.str(k, "code", "kinds", &n.code) ||
        !rd.str(k, "name", "kinds", &n.name)) {
      return rd.fail("kinds", "每一项应有 code 和 name");
    }
    if (n.code == kAllKinds || ts.kind(n.code) != nullptr) {
      return rd.fail("kinds", "类型 " + n.code + " 重复或保留");
    }
    ts.kinds.push_back(std::move(n));
  }

  // Objects in key order: the first problem reported is the first in that order.
  const Json* fields = member(doc, "fields");
  if (fields == nullptr || !fields->is_object()) return rd.fail("fields", "应为对象");
  for (auto m = fields->begin(); m != fields->end(); ++m) {
    const std::string& key = m.key();
    const Json& f = *m;
    const std::string where = "fields." + key;
    FieldInfo fi;
    if (!f.is_object()) return rd.fail(where, "应为对象");
    if (!rd.str(f, "name", where, &fi.name) || !rd.str(f, "menu", where, &fi.menu) ||
        !rd.str(f, "confidence", where, &fi.confidence)) {
      return false;
    }
    if (!one_of(fi.menu, kMenuKeys)) return rd.fail(where, "未知的菜单路径 " + fi.menu);
    const Json* mc = member(f, "max_chars");
    if (mc == nullptr || !mc->is_number_unsigned()) {
      return rd.fail(where, "max_chars 应为非负整数（0 表示没有已知上限）");
    }
    fi.max_chars = static_cast<std::size_t>(mc->get<std::uint64_t>());
    ts.fields[key] = std::move(fi);
  }

  const Json* reasons = member(doc, "reasons");
  if (reasons == nullptr || !reasons->is_array()) return rd.fail("reasons", "应为列表");
  for (const Json& r : *reasons) {
    Reason reason;
    if (!r.is_object() || !rd.str(r, "code", "reasons", &reason.code) ||
        !rd.str(r, "name", "reasons", &reason.name) ||
        !rd.strings(r, "kinds", "reasons." + reason.code, &reason.kinds)) {
      return rd.fail("reasons", "每一项应有 code、name 和 kinds");
    }
    for (const auto& k : reason.kinds) {
      if (ts.kind(k) == nullptr) return rd.fail("reasons." + reason.code, "未知的类型 " + k);
    }
    if (ts.reason(reason.code) != nullptr) return rd.fail("reasons", reason.code + " 重复");
    ts.reasons.push_back(std::move(reason));
  }

  const Json* situations = member(doc, "situations");
  if (situations == nullptr || !situations->is_object()) {
    return rd.fail("situations", "应为对象");
  }
  for (auto m = situations->begin(); m != situations->end(); ++m) {
    const std::string& code = m.key();
    const Json& name = *m;
    if (!contains(known_situations(), code)) return rd.fail("situations", "未知的情形 " + code);
    if (!name.is_string()) return rd.fail("situations." + code, "应为文字");
    ts.situation_names[code] = name.get<std::string>();
  }

  const Json* violations = member(doc, "violations");
  if (violations == nullptr || !violations->is_array()) {
    return rd.fail("violations", "应为列表");
  }
  for (const Json& v : *violations) {
    Named n;
    if (!v.is_object() || !rd.str(v, "situation", "violations", &n.code) ||
        !rd.str(v, "name", "violations", &n.name)) {
      return rd.fail("violations", "每一项应有 situation 和 name");
    }
    if (!contains(known_situations(), n.code)) {
      return rd.fail("violations", "未知的情形 " + n.code);
    }
    ts.violations.push_back(std::move(n));
  }

  const Json* slots = member(doc, "slots");
  if (slots == nullptr || !slots->is_object()) return rd.fail("slots", "应为对象");
  for (auto m = slots->begin(); m != slots->end(); ++m) {
    const std::string& slot = m.key();
    const Json& s = *m;
    if (!one_of(slot, kSlots)) return rd.fail("slots", "未知的占位 " + slot);
    std::string label;
    if (!s.is_object() || !rd.str(s, "label", "slots." + slot, &label)) return false;
    ts.slot_labels[slot] = std::move(label);
  }
  for (std::string_view slot : kSlots) {
    if (ts.slot_labels.count(std::string(slot)) == 0) {
      return rd.fail("slots", "缺少占位 " + std::string(slot) + " 的 label");
    }
  }

  const Json* timelines = member(doc, "timelines");
  if (timelines == nullptr || !timelines->is_object()) return rd.fail("timelines", "应为对象");
  for (std::string_view key : kTimelines) {
    std::string text;
    if (!rd.str(*timelines, std::string(key).c_str(), "timelines", &text)) return false;
    if (!check_slots(ts, text, true, "timelines." + std::string(key), rd)) return false;
    ts.timelines[std::string(key)] = std::move(text);
  }

  const Json* templates = member(doc, "templates");
  if (templates == nullptr || !templates->is_array() || templates->empty()) {
    return rd.fail("templates", "应为非空列表");
  }
  for (std::size_t i = 0; i < templates->size(); ++i) {
    Template t;
    if (!parse_template((*templates)[i], i, ts, &t, rd)) return false;
    if (ts.find(t.id) != nullptr) return rd.fail("模板 " + t.id, "id 重复");
    ts.templates.push_back(std::move(t));
  }
  for (const auto& k : ts.kinds) {
    if (std::none_of(ts.templates.begin(), ts.templates.end(),
                     [&](const Template& t) { return t.kind == k.code; })) {
      return rd.fail("kinds", "类型 " + k.code + " 没有模板");
    }
  }
  for (const auto& r : ts.reasons) {
    for (const auto& k : r.kinds) {
      if (std::none_of(ts.templates.begin(), ts.templates.end(),
                       [&](const Template& t) { return t.kind == k && t.reason == r.code; })) {
        return rd.fail("reasons." + r.code, "类型 " + k + " 没有这个原因的模板");
      }
    }
  }
  *out = std::move(ts);
  return true;
}

struct Builtin {
  TemplateSet set;
  std::string error;
  bool ok = false;
};

const Builtin& builtin() {
  static const Builtin b = [] {
    Builtin r;
    r.ok = parse_templates(embedded_file(kTemplatesPath), &r.set, &r.error);
    return r;
  }();
  return b;
}

// ---------------------------------------------------------------------------------------------
// Situations and fitting.

bool fits(const Template& t, const std::vector<std::string>& situations) {
  const auto in = [&](const std::string& s) { return contains(situations, s); };
  return std::any_of(t.situations.begin(), t.situations.end(), in) &&
         std::none_of(t.unless.begin(), t.unless.end(), in);
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

std::string situations_zh(const TemplateSet& ts, const std::vector<std::string>& codes) {
  std::vector<std::string> names;
  for (const auto& c : codes) {
    const auto it = ts.situation_names.find(c);
    const std::string& n = it != ts.situation_names.end() ? it->second : c;
    if (!contains(names, n)) names.push_back(n);
  }
  return join(names, "、");
}

std::string kinds_list(const TemplateSet& ts) {
  std::vector<std::string> items;
  for (const auto& k : ts.kinds) items.push_back(k.code + "（" + k.name + "）");
  return join(items, "、");
}

std::vector<const Reason*> reasons_for_kind(const TemplateSet& ts, std::string_view kind) {
  std::vector<const Reason*> out;
  for (const auto& r : ts.reasons) {
    if (contains(r.kinds, kind)) out.push_back(&r);
  }
  return out;
}

std::string reasons_list(const std::vector<const Reason*>& reasons) {
  std::vector<std::string> items;
  items.reserve(reasons.size());
  for (const Reason* r : reasons) items.push_back(r->code + "（" + r->name + "）");
  return join(items, "、");
}

// The reasons of a kind that have a template fitting these situations.
std::vector<const Reason*> fitting_reasons(const TemplateSet& ts, std::string_view kind,
                                           const std::vector<std::string>& situations) {
  std::vector<const Reason*> out;
  for (const Reason* r : reasons_for_kind(ts, kind)) {
    for (const auto& t : ts.templates) {
      if (t.kind == kind && t.reason == r->code && fits(t, situations)) {
        out.push_back(r);
        break;
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rendering.

std::size_t count_chars(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// A value the merchant typed: trimmed, and braces made full-width so that no text ever holds a
// placeholder-looking `{`.
std::string merchant_value(std::string_view v) {
  v = trim(v);
  std::string out;
  append_utf8_repaired(out, v);
  std::string clean;
  clean.reserve(out.size());
  for (const char c : out) {
    if (c == '{') {
      clean += "｛";
    } else if (c == '}') {
      clean += "｝";
    } else if (c == '\r' || c == '\n') {
      clean += ' ';
    } else {
      clean += c;
    }
  }
  return clean;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string two(int v) {
  std::string s = std::to_string(v);
  return v < 10 ? "0" + s : s;
}

std::string friendly_time(Epoch e) {
  const CivilTime c = to_beijing(e);
  return std::to_string(c.month) + "月" + std::to_string(c.day) + "日 " + two(c.hour) + ":" +
         two(c.minute);
}

std::string friendly_date(Epoch e) {
  const CivilTime c = to_beijing(e);
  return std::to_string(c.month) + "月" + std::to_string(c.day) + "日";
}

struct SlotValue {
  bool ok = false;
  std::string text;
};

class Renderer {
 public:
  Renderer(const TemplateSet& ts, const Template& t, const Decision& d, const RuleSet& rules,
           const WordingRequest& rq, const std::vector<std::string>& situations)
      : ts_(ts), t_(t), d_(d), rules_(rules), rq_(rq), situations_(situations) {}

  // Resolves the correct courier and number; false with a message when the number is unusable.
  bool prepare(std::string* error, std::vector<std::string>* warnings) {
    const CourierRegistry& reg = CourierRegistry::builtin();
    const Courier* uploaded = d_.courier.resolved;
    const Courier* correct = nullptr;
    if (!trim(rq_.correct_courier).empty()) {
      correct = reg.find_by_name(trim(rq_.correct_courier));
      correct_courier_ = correct != nullptr ? correct->name : merchant_value(rq_.correct_courier);
    }
    if (!trim(rq_.correct_tracking_no).empty()) {
      const std::string shown = merchant_value(rq_.correct_tracking_no);
      correct_no_ = normalize_tracking_no(trim(rq_.correct_tracking_no));
      if (correct_no_.empty()) {
        *error = "正确单号「" + shown + "」含有单号中不会出现的字符，请核对";
        return false;
      }
      const bool same_courier = correct == nullptr || correct == uploaded;
      if (correct_no_ == d_.tracking_no && same_courier) {
        *error = "正确单号「" + shown +
                 "」与原上传的单号相同：如果填错的是快递公司，请同时给出正确的快递公司";
        return false;
      }
      const std::vector<CourierMatch> cands = reg.detect(correct_no_);
      const auto fits_number = [&](const Courier* c) {
        return std::any_of(cands.begin(), cands.end(),
                           [&](const CourierMatch& m) { return m.courier == c; });
      };
      if (correct != nullptr) {
        if (!fits_number(correct)) {
          warnings->push_back("正确单号 " + correct_no_ + " 不符合" + correct->name +
                              "的单号格式，请再核对一遍");
        }
      } else if (correct_courier_.empty()) {
        // Only the number: the uploaded courier when it fits (a mistyped number), else the one
        // courier the number's shape names.
        if (uploaded != nullptr && fits_number(uploaded)) {
          correct_courier_ = uploaded->name;
        } else if (cands.size() == 1 ||
                   (cands.size() > 1 && cands[0].confidence == Confidence::kHigh &&
                    cands[1].confidence != Confidence::kHigh)) {
          correct_courier_ = cands[0].courier->name;
        }
      }
    } else if (correct != nullptr && correct != uploaded && !d_.tracking_no.empty()) {
      // Only the courier was wrong: the uploaded number stands when it fits the right courier.
      for (const auto& m : reg.detect(d_.tracking_no)) {
        if (m.courier == correct) correct_no_ = d_.tracking_no;
      }
    }
    return true;
  }

  std::string expand(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 64);
    expand_template(out, text, [this](std::string_view slot, std::string& o) {
      const std::string name(slot);  // checked at load
      const SlotValue v = value(name);
      if (v.ok) {
        o += v.text;
        return true;
      }
      if (!contains(missing_, name)) missing_.push_back(name);
      const auto hint = t_.hints.find(name);
      o += "【请填写：";
      o += hint != t_.hints.end() ? hint->second : ts_.slot_labels.at(name);
      o += "】";
      return true;
    });
    return out;
  }

  std::vector<std::string> take_missing() { return std::move(missing_); }

 private:
  static SlotValue some(std::string s) {
    if (s.empty()) return {};
    return {true, std::move(s)};
  }

  SlotValue time(const std::optional<Epoch>& e) const {
    if (!e) return {};
    return {true, t_.friendly_times ? friendly_time(*e) : format_datetime(*e)};
  }

  // A time the merchant typed: shown in the template's style when lanshou can read it.
  SlotValue typed_time(std::string_view typed) const {
    const std::string shown = merchant_value(typed);
    if (shown.empty()) return {};
    int year = 0;
    if (rq_.now) year = to_beijing(*rq_.now).year;
    const TimeParse p = parse_time(shown, year);
    return p.ok() ? time(p.epoch) : SlotValue{true, shown};
  }

  SlotValue value(const std::string& name) {
    const OrderTimes& t = d_.times;
    if (name == "order_sn") return some(merchant_value(d_.order_sn));
    if (name == "product") {
      return some(d_.raw != nullptr ? merchant_value(d_.raw->get(Field::kProduct)) : "");
    }
    if (name == "courier_name") {
      if (d_.courier.resolved != nullptr) return some(d_.courier.resolved->name);
      return some(merchant_value(d_.courier.declared));
    }
    if (name == "tracking_no") return some(merchant_value(d_.tracking_no));
    if (name == "correct_courier_name") return some(correct_courier_);
    if (name == "correct_tracking_no") return some(correct_no_);
    if (name == "correct_picked_up_time") return typed_time(rq_.correct_picked_up_time);
    if (name == "paid_time") return time(t.paid);
    if (name == "grouped_time") return time(t.grouped ? t.grouped : t.paid);
    if (name == "promised_ship_by") return time(t.promised_ship_by);
    if (name == "shipped_time") return time(t.shipped);
    if (name == "picked_up_time") return time(t.picked_up);
    if (name == "new_pickup_time") return typed_time(rq_.new_pickup_time);
    if (name == "extra_package_until") {
      return t.shipped ? time(*t.shipped + rules_.extra_package) : SlotValue{};
    }
    if (name == "outlet_name") {
      std::string outlet = merchant_value(rq_.outlet_name);
      // The templates say "{outlet_name}网点": 义乌稠城网点 must not become 义乌稠城网点网点.
      while (ends_with(outlet, "网点")) outlet.resize(outlet.size() - std::string("网点").size());
      return some(std::string(trim(outlet)));
    }
    if (name == "courier_outlet") {
      // "中通快递义乌稠城网点"; before shipping the order names no courier: the merchant's partner.
      std::string courier = value("courier_name").text;
      if (courier.empty()) courier = "合作快递";
      return {true, courier + expand("{outlet_name}") + "网点"};
    }
    if (name == "reason_detail") return some(merchant_value(rq_.reason_detail));
    if (name == "measures") return some(merchant_value(rq_.measures));
    if (name == "date") {
      if (!rq_.now) return {};
      return {true, t_.friendly_times ? friendly_date(*rq_.now)
                                      : format_datetime(*rq_.now).substr(0, 10)};
    }
    if (name == "now_time") return time(rq_.now);
    if (name == "violation") {
      for (const auto& v : ts_.violations) {
        if (contains(situations_, v.code)) return {true, v.name};
      }
      return {};
    }
    if (name == "timeline") {
      const char* key = t.picked_up ? "picked_up" : (t.shipped ? "not_picked_up" : "not_shipped");
      return {true, expand(ts_.timelines.at(key))};
    }
    if (name == "evidence_list") {
      std::vector<std::string> names;
      for (const auto& e : t_.evidence) names.push_back(e.name);
      return some(join(names, "、"));
    }
    return {};
  }

  const TemplateSet& ts_;
  const Template& t_;
  const Decision& d_;
  const RuleSet& rules_;
  const WordingRequest& rq_;
  const std::vector<std::string>& situations_;
  std::string correct_courier_, correct_no_;
  std::vector<std::string> missing_;
};

bool number_wrong_from(const WordingRequest& rq) {
  return !trim(rq.correct_tracking_no).empty() || !trim(rq.correct_courier).empty();
}

std::string order_label(const Decision& d) {
  std::string s = d.order_sn.empty() ? "该订单" : "订单 " + merchant_value(d.order_sn);
  return s + "（" + std::string(status_zh(d.status)) + "）";
}

// Picks the template for the request; false with a Chinese message listing the valid choices.
bool choose(const TemplateSet& ts, const Decision& d, const WordingRequest& rq,
            const std::vector<std::string>& situations, const Template** out, std::string* error) {
  const std::string kind(trim(rq.kind));
  const Named* kind_info = ts.kind(kind);
  if (kind_info == nullptr) {
    *error = (kind.empty() ? std::string("缺少话术类型")
                           : "未知的话术类型「" + merchant_value(kind) + "」") +
             "，可选：" + kinds_list(ts);
    return false;
  }
  const std::string reason(trim(rq.reason));
  const bool takes_reason = ts.kind_takes_reason(kind);
  const std::vector<const Reason*> valid = reasons_for_kind(ts, kind);
  if (!reason.empty() && ts.reason(reason) == nullptr) {
    *error = "未知的原因代码「" + merchant_value(reason) + "」，" +
             (takes_reason ? "「" + kind_info->name + "」可选：" + reasons_list(valid)
                           : "「" + kind_info->name + "」不需要原因");
    return false;
  }
  if (takes_reason) {
    if (reason.empty()) {
      const auto fit = fitting_reasons(ts, kind, situations);
      *error =
          "「" + kind_info->name + "」需要选择原因（reason），" +
          (fit.empty() ? "可选：" + reasons_list(valid) + "（但都不适用于" + order_label(d) + "）"
                       : order_label(d) + "可选：" + reasons_list(fit));
      return false;
    }
    if (std::none_of(valid.begin(), valid.end(),
                     [&](const Reason* r) { return r->code == reason; })) {
      *error =
          "原因「" + reason + "」不适用于「" + kind_info->name + "」，可选：" + reasons_list(valid);
      return false;
    }
  }
  const auto wanted = [&](const Template& t) {
    return t.kind == kind && (!takes_reason || t.reason == reason);
  };
  const std::string id(trim(rq.template_id));
  if (!id.empty()) {
    const Template* t = ts.find(id);
    if (t == nullptr || !wanted(*t)) {
      std::vector<std::string> ids;
      for (const auto& c : ts.templates) {
        if (wanted(c)) ids.push_back(c.id);
      }
      *error = "「" + kind_info->name + "」没有模板「" + merchant_value(id) + "」，可选：" +
               join(ids, "、");
      return false;
    }
    if (!fits(*t, situations)) {
      *error =
          "模板 " + id + " 用于" + situations_zh(ts, t->situations) + "，不适用于" + order_label(d);
      return false;
    }
    *out = t;
    return true;
  }
  std::vector<std::string> claimed;
  bool wants_number = false;
  for (const auto& t : ts.templates) {
    if (!wanted(t)) continue;
    if (fits(t, situations)) {
      *out = &t;
      return true;
    }
    for (const auto& s : t.situations) {
      if (!contains(claimed, s)) claimed.push_back(s);
    }
    wants_number = wants_number || contains(t.situations, "wrong_number");
  }
  std::string title = kind_info->name;
  if (takes_reason) title += " · " + ts.reason(reason)->name;
  *error = order_label(d) + "不适用「" + title + "」：它用于" + situations_zh(ts, claimed);
  if (wants_number && !contains(situations, "wrong_number")) {
    *error += "；如单号填错，请给出正确单号或正确的快递公司";
  }
  return false;
}

// In this order, the order of WordingResult's documentation (wording.h).
OrderedJson wording_object(const Wording& w) {
  OrderedJson o = OrderedJson::object();
  o["kind"] = w.kind;
  o["template_id"] = w.template_id;
  o["variant"] = w.variant;
  o["title"] = w.title;
  o["text"] = w.text;
  o["where"] = w.where;
  o["menu"] = w.menu;
  o["max_chars"] = static_cast<std::int64_t>(w.max_chars);
  o["max_chars_confidence"] = w.max_chars_confidence;
  o["chars"] = static_cast<std::int64_t>(w.chars);
  o["missing"] = w.missing;
  o["evidence"] = w.evidence;
  o["variants_available"] = w.variants_available;
  o["warnings"] = w.warnings;
  return o;
}

}  // namespace

bool builtin_templates_ok(std::string* error) {
  const Builtin& b = builtin();
  if (!b.ok) *error = b.error;
  return b.ok;
}

bool validate_templates_json(std::string_view json_text, std::string* error) {
  TemplateSet ts;
  return parse_templates(json_text, &ts, error);
}

std::vector<std::string> order_situations(const Decision& d, bool number_wrong) {
  std::vector<std::string> s;
  s.emplace_back(to_string(d.status));
  bool wrong = number_wrong;
  for (const auto& f : d.findings) {
    // A possibility is no situation to write about: a promise missed only for want of a pickup
    // record (unverified), one buyer's combined shipment (same_buyer).
    if (is_possibility(f)) continue;
    const std::string code(to_string(f.code));
    if (!contains(s, code)) s.push_back(code);
    wrong = wrong || says_number_wrong(f.code);
  }
  if (d.fix.code != FixCode::kNone) s.emplace_back(to_string(d.fix.code));
  // A wrong number is only a situation once a number was uploaded.
  if (wrong && (d.times.shipped || !d.tracking_no.empty())) s.emplace_back("wrong_number");
  return s;
}

std::vector<std::string> fitting_kinds(const Decision& d, bool number_wrong) {
  std::vector<std::string> out;
  const Builtin& b = builtin();
  if (!b.ok) return out;
  const std::vector<std::string> situations = order_situations(d, number_wrong);
  for (const auto& k : b.set.kinds) {
    for (const auto& t : b.set.templates) {
      if (t.kind == k.code && fits(t, situations)) {
        out.push_back(k.code);
        break;
      }
    }
  }
  return out;
}

std::vector<std::string> fitting_templates(const Decision& d, std::string_view kind,
                                           std::string_view reason, bool number_wrong) {
  std::vector<std::string> out;
  const Builtin& b = builtin();
  if (!b.ok) return out;
  const std::vector<std::string> situations = order_situations(d, number_wrong);
  for (const auto& t : b.set.templates) {
    if (t.kind == kind && (reason.empty() || t.reason == reason) && fits(t, situations)) {
      out.push_back(t.id);
    }
  }
  return out;
}

bool render_wording(const Decision& d, const RuleSet& rules, const WordingRequest& request,
                    Wording* out, std::string* error) {
  const Builtin& b = builtin();
  if (!b.ok) {
    *error = b.error;
    return false;
  }
  const TemplateSet& ts = b.set;
  const std::vector<std::string> situations = order_situations(d, number_wrong_from(request));
  const Template* t = nullptr;
  if (!choose(ts, d, request, situations, &t, error)) return false;

  const std::string variant_id(trim(request.variant));
  const Variant* variant = &t->variants.front();
  if (!variant_id.empty()) {
    variant = nullptr;
    for (const auto& v : t->variants) {
      if (v.id == variant_id) variant = &v;
    }
    if (variant == nullptr) {
      std::vector<std::string> items;
      for (const auto& v : t->variants) items.push_back(v.id + "（" + v.name + "）");
      *error = "模板 " + t->id + " 没有「" + merchant_value(variant_id) + "」这种写法，可选：" +
               join(items, "、");
      return false;
    }
  }

  Wording w;
  Renderer r(ts, *t, d, rules, request, situations);
  if (!r.prepare(error, &w.warnings)) return false;
  const FieldInfo& field = ts.fields.at(t->field);
  w.kind = t->kind;
  w.template_id = t->id;
  w.variant = variant->id;
  w.title = ts.kind(t->kind)->name;
  if (!t->reason.empty()) w.title += " · " + ts.reason(t->reason)->name;
  w.text = r.expand(variant->text);
  w.missing = r.take_missing();
  w.where = t->where.empty() ? field.name : t->where;
  w.menu = menu_value(rules, field.menu);
  w.max_chars = field.max_chars;
  w.max_chars_confidence = field.confidence;
  w.chars = count_chars(w.text);
  for (const auto& e : t->evidence) {
    w.evidence.push_back(e.note.empty() ? e.name : e.name + "（" + e.note + "）");
  }
  for (const auto& v : t->variants) w.variants_available.push_back(v.id);
  // With 【请填写：…】 markers (and their examples) still in the text its length says little.
  if (w.max_chars > 0 && w.chars > w.max_chars && w.missing.empty()) {
    w.warnings.push_back("共 " + std::to_string(w.chars) + " 字，超过「" + field.name + "」约 " +
                         std::to_string(w.max_chars) + " 字的上限，请删减");
  }
  *out = std::move(w);
  return true;
}

std::string wording_json(const Wording& w) {
  return dump(wording_object(w));
}

bool wording_for_input(std::string_view input, const WordingInput& in, WordingResult* out,
                       std::string* error) {
  CheckOptions options;
  options.now = in.request.now ? *in.request.now : static_cast<Epoch>(std::time(nullptr));
  options.rules_override_json = in.rules_override_json;
  Session session;
  session.run(input, options);
  std::vector<std::string> notes;
  for (const auto& e : session.errors()) {
    if (e.code == "rule_override_invalid") notes.push_back(e.message);
  }
  WordingInput with_now = in;
  with_now.request.now = options.now;
  if (!wording_for_decisions(session.decisions(), session.rules(), with_now, out, error)) {
    return false;
  }
  out->notes.insert(out->notes.begin(), notes.begin(), notes.end());
  return true;
}

bool wording_for_decisions(const std::vector<Decision>& decisions, const RuleSet& rules,
                           const WordingInput& in, WordingResult* out, std::string* error) {
  WordingRequest rq = in.request;
  if (!rq.now) rq.now = static_cast<Epoch>(std::time(nullptr));
  WordingResult result;
  if (decisions.empty()) {
    *error = "输入中没有找到订单";
    return false;
  }
  std::vector<std::string> sns;
  for (const auto& d : decisions) {
    if (!d.order_sn.empty() && !contains(sns, d.order_sn)) sns.emplace_back(d.order_sn);
  }
  std::vector<std::string> shown(sns.begin(), sns.begin() + std::min<std::size_t>(sns.size(), 5));
  const std::string shown_list = join(shown, "、") + (sns.size() > 5 ? " 等" : "");
  const Decision* d = nullptr;
  const std::string_view want = trim(in.order_sn);
  if (!want.empty()) {
    for (const auto& c : decisions) {
      if (c.order_sn == want) {
        d = &c;
        break;
      }
    }
    if (d == nullptr) {
      *error = "输入中找不到订单号「" + merchant_value(want) + "」" +
               (sns.empty() ? "" : "，输入中的订单号：" + shown_list);
      return false;
    }
  } else if (decisions.size() == 1) {
    d = &decisions.front();
  } else {
    *error = "输入中有 " + std::to_string(decisions.size()) + " 个订单，请指定订单号" +
             (sns.empty() ? "" : "：" + shown_list);
    return false;
  }

  result.order_sn = std::string(d->order_sn);
  result.actions = fitting_kinds(*d, number_wrong_from(rq));
  if (trim(rq.kind) != kAllKinds) {
    Wording w;
    if (!render_wording(*d, rules, rq, &w, error)) return false;
    result.wordings.push_back(std::move(w));
    *out = std::move(result);
    return true;
  }
  const TemplateSet& ts = builtin().set;
  const std::vector<std::string> situations = order_situations(*d, number_wrong_from(rq));
  for (const auto& kind : result.actions) {
    WordingRequest one = rq;
    one.kind = kind;
    one.template_id.clear();
    if (ts.kind_takes_reason(kind)) {
      const auto fit = fitting_reasons(ts, kind, situations);
      const bool reason_fits = std::any_of(
          fit.begin(), fit.end(), [&](const Reason* r) { return r->code == trim(rq.reason); });
      if (!reason_fits) {
        result.notes.push_back("「" + ts.kind(kind)->name + "」需要选择原因（reason），可选：" +
                               reasons_list(fit));
        continue;
      }
    } else {
      one.reason.clear();
    }
    Wording w;
    std::string why;
    bool ok = render_wording(*d, rules, one, &w, &why);
    if (!ok && !trim(one.variant).empty()) {
      one.variant.clear();  // a variant one kind has need not exist for another
      ok = render_wording(*d, rules, one, &w, &why);
    }
    if (ok) {
      result.wordings.push_back(std::move(w));
    } else {
      result.notes.push_back(why);
    }
  }
  *out = std::move(result);
  return true;
}

std::string wording_result_json(const WordingResult& r) {
  OrderedJson o = OrderedJson::object();
  o["order_sn"] = r.order_sn;
  o["actions"] = r.actions;
  OrderedJson& wordings = o["wordings"] = OrderedJson::array();
  for (const auto& w : r.wordings) wordings.push_back(wording_object(w));
  o["notes"] = r.notes;
  return dump(o);
}

bool parse_wording_input_json(std::string_view text, WordingInput* out, std::string* error) {
  if (!json_nesting_within(text, 64)) {  // "rules" is written again below
    *error = "请求的 JSON 嵌套过深（超过 64 层），无法读取";
    return false;
  }
  const Json doc = Json::parse(text, nullptr, false);
  if (!doc.is_object()) {
    *error = "请求不是有效的 JSON 对象";
    return false;
  }
  WordingInput in;
  const std::pair<const char*, std::string*> strings[] = {
      {"order_sn", &in.order_sn},
      {"kind", &in.request.kind},
      {"reason", &in.request.reason},
      {"variant", &in.request.variant},
      {"correct_courier", &in.request.correct_courier},
      {"correct_tracking_no", &in.request.correct_tracking_no},
      {"correct_picked_up_time", &in.request.correct_picked_up_time},
      {"outlet_name", &in.request.outlet_name},
      {"reason_detail", &in.request.reason_detail},
      {"new_pickup_time", &in.request.new_pickup_time},
      {"measures", &in.request.measures},
      {"template_id", &in.request.template_id},
  };
  for (const auto& [key, dst] : strings) {
    const Json* it = member(doc, key);
    if (it == nullptr || it->is_null()) continue;
    if (!it->is_string()) {
      *error = std::string("请求中的 ") + key + " 应为文字";
      return false;
    }
    *dst = it->get<std::string>();
  }
  if (const Json* it = member(doc, "now"); it != nullptr && !it->is_null()) {
    const TimeParse p = it->is_string() ? parse_time(it->get_ref<const std::string&>())
                                        : TimeParse{TimeStatus::kBadFormat, 0};
    if (!p.ok()) {
      *error = "请求中的 now 无法读取：" + std::string(time_status_message(p.status));
      return false;
    }
    in.request.now = p.epoch;
  }
  if (const Json* it = member(doc, "rules"); it != nullptr && !it->is_null()) {
    in.rules_override_json = it->is_string() ? it->get<std::string>() : dump(*it);
  }
  *out = std::move(in);
  return true;
}

}  // namespace lanshou
