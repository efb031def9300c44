#include "lanshou/rules.h"

#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <utility>

#include "lanshou/embedded.h"
#include "lanshou/json.h"

namespace lanshou {
namespace {

enum class Kind { kHours, kDays, kYuan, kCount, kText, kWords, kRanges };

// Every value the engine reads, with where it goes. The document may hold more (shown, unused).
struct Field {
  const char* key;
  Kind kind;
  Epoch RuleSet::*seconds = nullptr;
  double RuleSet::*amount = nullptr;
  int RuleSet::*count = nullptr;
  std::string RuleSet::*text = nullptr;
  std::vector<std::string> RuleSet::*words = nullptr;
};

const std::vector<Field>& fields() {
  static const std::vector<Field> f = {
      {"ship_promise_hours", Kind::kHours, &RuleSet::ship_promise},
      {"pickup_window_hours", Kind::kHours, &RuleSet::pickup_window},
      {"direct_change_hours", Kind::kHours, &RuleSet::direct_change},
      {"extra_package_days", Kind::kDays, &RuleSet::extra_package},
      {"due_soon_hours", Kind::kHours, &RuleSet::due_soon},
      {"trace_stale_hours", Kind::kHours, &RuleSet::trace_stale},
      {"late_ship_compensation_yuan", Kind::kYuan, nullptr, &RuleSet::late_ship_compensation},
      {"fake_ship_compensation_yuan", Kind::kYuan, nullptr, &RuleSet::fake_ship_compensation},
      {"backlog_small_sku_threshold", Kind::kCount, nullptr, nullptr,
       &RuleSet::backlog_small_sku_threshold},
      {"penalty_suspensions", Kind::kRanges},
      {"menu_modify_delivery_center", Kind::kText, nullptr, nullptr, nullptr,
       &RuleSet::menu_modify_delivery_center},
      {"menu_modify_order_detail", Kind::kText, nullptr, nullptr, nullptr,
       &RuleSet::menu_modify_order_detail},
      {"menu_chat_buyer", Kind::kText, nullptr, nullptr, nullptr, &RuleSet::menu_chat_buyer},
      {"menu_order_note", Kind::kText, nullptr, nullptr, nullptr, &RuleSet::menu_order_note},
      {"menu_extra_package", Kind::kText, nullptr, nullptr, nullptr, &RuleSet::menu_extra_package},
      {"menu_refund_rejection", Kind::kText, nullptr, nullptr, nullptr,
       &RuleSet::menu_refund_rejection},
      {"menu_appeal", Kind::kText, nullptr, nullptr, nullptr, &RuleSet::menu_appeal},
      {"menu_exception_declaration", Kind::kText, nullptr, nullptr, nullptr,
       &RuleSet::menu_exception_declaration},
      {"status_words_closed", Kind::kWords, nullptr, nullptr, nullptr, nullptr,
       &RuleSet::status_closed},
      {"status_words_delivered", Kind::kWords, nullptr, nullptr, nullptr, nullptr,
       &RuleSet::status_delivered},
      {"status_words_unpaid", Kind::kWords, nullptr, nullptr, nullptr, nullptr,
       &RuleSet::status_unpaid},
      {"status_words_shipped", Kind::kWords, nullptr, nullptr, nullptr, nullptr,
       &RuleSet::status_shipped},
  };
  return f;
}

const Field* find_field(std::string_view key) {
  for (const auto& f : fields()) {
    if (key == f.key) return &f;
  }
  return nullptr;
}

// A whole day in Beijing time: "2022-12-09".
bool parse_day(const JsonValue* v, Epoch* out) {
  if (v == nullptr || !v->is_string()) return false;
  const TimeParse p = parse_time(v->str());
  if (!p.ok()) return false;
  *out = p.epoch;
  return true;
}

// Applies one value to the typed rule set; returns a Chinese reason on failure.
std::string apply_value(const Field& f, const JsonValue& value, RuleSet* rules) {
  constexpr double kMaxHours = 24.0 * 366;
  switch (f.kind) {
    case Kind::kHours:
    case Kind::kDays: {
      if (!value.is_number()) return "应为数字";
      const double v = value.as_double();
      const double hours = f.kind == Kind::kDays ? v * 24 : v;
      if (!(hours >= 0 && hours <= kMaxHours)) return "应在 0 到 8784 小时（366 天）之间";
      rules->*f.seconds = static_cast<Epoch>(std::llround(hours * 3600));
      return "";
    }
    case Kind::kYuan: {
      if (!value.is_number()) return "应为数字";
      const double v = value.as_double();
      if (!(v >= 0 && v <= 100000)) return "应在 0 到 100000 元之间";
      rules->*f.amount = v;
      return "";
    }
    case Kind::kCount: {
      if (!value.is_integer()) return "应为整数";
      const std::int64_t v = value.as_int64();
      if (v < 0 || v > 1000000) return "应在 0 到 1000000 之间";
      rules->*f.count = static_cast<int>(v);
      return "";
    }
    case Kind::kText:
      if (!value.is_string() || value.str().empty()) return "应为非空文字";
      rules->*f.text = value.str();
      return "";
    case Kind::kWords: {
      if (!value.is_array()) return "应为文字列表";
      std::vector<std::string> words;
      for (const JsonValue& w : value.items()) {
        if (!w.is_string() || w.str().empty()) return "列表中每项应为非空文字";
        words.push_back(w.str());
      }
      rules->*f.words = std::move(words);
      return "";
    }
    case Kind::kRanges: {
      if (!value.is_array())
        return "应为时段列表，如 [{\"from\": \"2025-01-20\", \"to\": \"2025-02-05\"}]";
      std::vector<Suspension> ranges;
      for (const JsonValue& r : value.items()) {
        Suspension s;
        if (!parse_day(r.find("from"), &s.from) || !parse_day(r.find("to"), &s.to)) {
          return "每个时段须有 from 和 to 日期（YYYY-MM-DD）";
        }
        s.to += 86400 - 1;
        if (s.to < s.from) return "时段的结束日期早于开始日期";
        if (const JsonValue* label = r.find("label"); label != nullptr && label->is_string()) {
          s.label = label->str();
        }
        ranges.push_back(std::move(s));
      }
      rules->suspensions = std::move(ranges);
      return "";
    }
  }
  return "无法识别";
}

std::string_view string_at(const JsonValue& obj, const char* key) {
  const JsonValue* v = obj.find(key);
  if (v == nullptr || !v->is_string()) return {};
  return v->str();
}

JsonValue string_array(const std::vector<std::string>& v) {
  JsonValue a = JsonValue::array();
  for (const auto& s : v) a.push_back(JsonValue::string(s));
  return a;
}

}  // namespace

std::string_view confidence_zh(std::string_view confidence) {
  if (confidence == "firm") return "确定";
  if (confidence == "uncertain") return "待核实";
  if (confidence == "advice") return "建议";
  return "未注明";
}

std::string_view RuleSet::confidence(std::string_view key) const {
  const JsonValue* values = doc ? doc->find("values") : nullptr;
  const JsonValue* value = values != nullptr ? values->find(key) : nullptr;
  return value != nullptr ? string_at(*value, "confidence") : std::string_view();
}

// The document with extra members (in key order, replacing any of the same name), written in key
// order as the JSON library used before kept its objects. Written around doc, not into a copy.
std::string document_with(
    const JsonValue* doc,
    std::initializer_list<std::pair<std::string_view, const JsonValue*>> extra) {
  std::string out = "{";
  auto member = [&out](std::string_view key, const JsonValue& v) {
    if (out.size() > 1) out += ',';
    append_json_string(out, key);
    out += ':';
    append_json(out, v, JsonKeys::kSorted);
  };
  auto next = extra.begin();
  if (doc != nullptr) {
    for (const std::size_t m : doc->sorted_members()) {
      const std::string& key = doc->keys()[m];
      for (; next != extra.end() && next->first < key; ++next) member(next->first, *next->second);
      if (next != extra.end() && next->first == key) continue;
      member(key, (*doc)[m]);
    }
  }
  for (; next != extra.end(); ++next) member(next->first, *next->second);
  out += '}';
  return out;
}

std::string RuleSet::document_json() const {
  if (!doc) return "{}";
  const JsonValue list = string_array(overridden);
  return document_with(doc.get(), {{"overridden", &list}});
}

std::string rules_document_json(const RuleSet& rules, const std::vector<RuleError>& errors) {
  JsonValue list = JsonValue::array();
  for (const auto& e : errors) {
    JsonValue item = JsonValue::object();
    item.set("key", JsonValue::string(e.key));
    item.set("message", JsonValue::string(e.message));
    list.push_back(std::move(item));
  }
  if (!rules.doc) return document_with(nullptr, {{"errors", &list}});
  const JsonValue overridden = string_array(rules.overridden);
  return document_with(rules.doc.get(), {{"errors", &list}, {"overridden", &overridden}});
}

bool load_rules(std::string_view json_text, RuleSet* out, RuleError* error) {
  JsonValue doc;
  if (!parse_json(json_text, &doc) || !doc.is_object()) {
    *error = {"", "规则文件不是有效的 JSON 对象"};
    return false;
  }
  RuleSet rules;
  for (const char* key : {"id", "version", "as_of"}) {
    if (string_at(doc, key).empty()) {
      *error = {key, std::string("规则文件缺少 ") + key};
      return false;
    }
  }
  rules.id = string_at(doc, "id");
  rules.name = string_at(doc, "name");
  rules.version = string_at(doc, "version");
  rules.as_of = string_at(doc, "as_of");
  const JsonValue* values = doc.find("values");
  if (values == nullptr || !values->is_object()) {
    *error = {"values", "规则文件缺少 values"};
    return false;
  }
  for (const auto& f : fields()) {
    const JsonValue* entry = values->find(f.key);
    const JsonValue* value = entry != nullptr ? entry->find("value") : nullptr;
    if (value == nullptr) {
      *error = {f.key, std::string("规则文件缺少 ") + f.key + ".value"};
      return false;
    }
    const std::string why = apply_value(f, *value, &rules);
    if (!why.empty()) {
      *error = {f.key, std::string("规则 ") + f.key + " 的值" + why};
      return false;
    }
    if (f.amount == &RuleSet::fake_ship_compensation) {
      const JsonValue* low = entry->find("low");
      rules.fake_ship_compensation_low =
          low != nullptr && low->is_number() ? low->as_double() : rules.fake_ship_compensation;
    }
  }
  rules.doc = std::make_shared<const JsonValue>(std::move(doc));
  *out = std::move(rules);
  return true;
}

const RuleSet& builtin_rules() {
  static const RuleSet rules = [] {
    RuleSet r;
    RuleError e;
    // The embedded data is checked by the unit tests; a failure here is a build defect.
    if (!load_rules(embedded_file("rules/pdd.json"), &r, &e)) std::abort();
    return r;
  }();
  return rules;
}

RuleSet apply_overrides(const RuleSet& base, std::string_view overrides_json,
                        std::vector<RuleError>* errors) {
  RuleSet rules = base;
  if (overrides_json.empty()) return rules;
  JsonValue over;
  if (!parse_json(overrides_json, &over) || !over.is_object()) {
    errors->push_back({"", "规则覆盖不是有效的 JSON 对象，已使用默认规则"});
    return rules;
  }
  JsonValue doc = base.doc ? *base.doc : JsonValue::object();
  // In key order: "overridden" and the errors have always listed the keys so.
  for (const std::size_t m : over.sorted_members()) {
    const std::string& key = over.keys()[m];
    const JsonValue& raw = over[m];
    const Field* f = find_field(key);
    if (f == nullptr) {
      errors->push_back({key, "规则覆盖中的「" + key + "」不是已知的规则项，已忽略"});
      continue;
    }
    const JsonValue* inner = raw.find("value");
    const JsonValue& value = inner != nullptr ? *inner : raw;
    RuleSet trial = rules;
    const std::string why = apply_value(*f, value, &trial);
    if (!why.empty()) {
      std::string message = "规则覆盖「";
      message.append(key).append("」的值").append(why).append("，已保留默认值");
      errors->push_back({key, std::move(message)});
      continue;
    }
    rules = std::move(trial);
    rules.overridden.push_back(key);
    JsonValue* values = doc.find("values");
    if (values == nullptr) values = &doc.set("values", JsonValue::object());
    JsonValue* entry = values->find(key);
    if (entry == nullptr) entry = &values->set(key, JsonValue::object());
    const JsonValue* previous = entry->find("value");
    entry->set("default", previous != nullptr ? *previous : JsonValue());
    entry->set("value", value);
    entry->set("overridden", JsonValue::boolean(true));
  }
  rules.doc = std::make_shared<const JsonValue>(std::move(doc));
  return rules;
}

}  // namespace lanshou
