#include "lanshou/rules.h"

#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "lanshou/embedded.h"

namespace lanshou {
namespace {

using nlohmann::json;

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
bool parse_day(const json& v, Epoch* out) {
  if (!v.is_string()) return false;
  const TimeParse p = parse_time(v.get_ref<const std::string&>());
  if (!p.ok()) return false;
  *out = p.epoch;
  return true;
}

// Applies one value to the typed rule set; returns a Chinese reason on failure.
std::string apply_value(const Field& f, const json& value, RuleSet* rules) {
  constexpr double kMaxHours = 24.0 * 366;
  switch (f.kind) {
    case Kind::kHours:
    case Kind::kDays: {
      if (!value.is_number()) return "应为数字";
      const double v = value.get<double>();
      const double hours = f.kind == Kind::kDays ? v * 24 : v;
      if (!(hours >= 0 && hours <= kMaxHours)) return "应在 0 到 8784 小时（366 天）之间";
      rules->*f.seconds = static_cast<Epoch>(std::llround(hours * 3600));
      return "";
    }
    case Kind::kYuan: {
      if (!value.is_number()) return "应为数字";
      const double v = value.get<double>();
      if (!(v >= 0 && v <= 100000)) return "应在 0 到 100000 元之间";
      rules->*f.amount = v;
      return "";
    }
    case Kind::kCount: {
      if (!value.is_number_integer() && !value.is_number_unsigned()) return "应为整数";
      const auto v = value.get<std::int64_t>();
      if (v < 0 || v > 1000000) return "应在 0 到 1000000 之间";
      rules->*f.count = static_cast<int>(v);
      return "";
    }
    case Kind::kText:
      if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
        return "应为非空文字";
      }
      rules->*f.text = value.get<std::string>();
      return "";
    case Kind::kWords: {
      if (!value.is_array()) return "应为文字列表";
      std::vector<std::string> words;
      for (const auto& w : value) {
        if (!w.is_string() || w.get_ref<const std::string&>().empty())
          return "列表中每项应为非空文字";
        words.push_back(w.get<std::string>());
      }
      rules->*f.words = std::move(words);
      return "";
    }
    case Kind::kRanges: {
      if (!value.is_array())
        return "应为时段列表，如 [{\"from\": \"2025-01-20\", \"to\": \"2025-02-05\"}]";
      std::vector<Suspension> ranges;
      for (const auto& r : value) {
        Suspension s;
        if (!r.is_object() || !r.contains("from") || !r.contains("to") ||
            !parse_day(r["from"], &s.from) || !parse_day(r["to"], &s.to)) {
          return "每个时段须有 from 和 to 日期（YYYY-MM-DD）";
        }
        s.to += 86400 - 1;
        if (s.to < s.from) return "时段的结束日期早于开始日期";
        if (r.contains("label") && r["label"].is_string()) s.label = r["label"].get<std::string>();
        ranges.push_back(std::move(s));
      }
      rules->suspensions = std::move(ranges);
      return "";
    }
  }
  return "无法识别";
}

std::string_view string_at(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return {};
  return it->get_ref<const std::string&>();
}

}  // namespace

std::string_view confidence_zh(std::string_view confidence) {
  if (confidence == "firm") return "确定";
  if (confidence == "uncertain") return "待核实";
  if (confidence == "advice") return "建议";
  return "未注明";
}

std::string_view RuleSet::confidence(std::string_view key) const {
  if (!doc) return {};
  const auto& values = (*doc)["values"];
  auto it = values.find(std::string(key));
  if (it == values.end()) return {};
  return string_at(*it, "confidence");
}

std::string RuleSet::document_json() const {
  if (!doc) return "{}";
  json out = *doc;
  out["overridden"] = overridden;
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool load_rules(std::string_view json_text, RuleSet* out, RuleError* error) {
  json doc = json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
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
  auto values = doc.find("values");
  if (values == doc.end() || !values->is_object()) {
    *error = {"values", "规则文件缺少 values"};
    return false;
  }
  for (const auto& f : fields()) {
    auto it = values->find(f.key);
    if (it == values->end() || !it->is_object() || !it->contains("value")) {
      *error = {f.key, std::string("规则文件缺少 ") + f.key + ".value"};
      return false;
    }
    const std::string why = apply_value(f, (*it)["value"], &rules);
    if (!why.empty()) {
      *error = {f.key, std::string("规则 ") + f.key + " 的值" + why};
      return false;
    }
    if (f.amount == &RuleSet::fake_ship_compensation) {
      auto low = it->find("low");
      rules.fake_ship_compensation_low =
          low != it->end() && low->is_number() ? low->get<double>() : rules.fake_ship_compensation;
    }
  }
  rules.doc = std::make_shared<const json>(std::move(doc));
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
  const json over = json::parse(overrides_json.begin(), overrides_json.end(), nullptr, false);
  if (over.is_discarded() || !over.is_object()) {
    errors->push_back({"", "规则覆盖不是有效的 JSON 对象，已使用默认规则"});
    return rules;
  }
  json doc = base.doc ? *base.doc : json::object();
  for (const auto& [key, raw] : over.items()) {
    const Field* f = find_field(key);
    if (f == nullptr) {
      errors->push_back({key, "规则覆盖中的「" + key + "」不是已知的规则项，已忽略"});
      continue;
    }
    const json& value = raw.is_object() && raw.contains("value") ? raw["value"] : raw;
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
    json& entry = doc["values"][key];
    entry["default"] = entry["value"];
    entry["value"] = value;
    entry["overridden"] = true;
  }
  rules.doc = std::make_shared<const json>(std::move(doc));
  return rules;
}

}  // namespace lanshou
