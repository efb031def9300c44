#include "lanshou/rules.h"

#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <utility>

#include "lanshou/embedded.h"
#include "lanshou/text.h"

namespace lanshou {

using Json = nlohmann::json;

struct RuleDocument {
  Json json;
};

namespace {

// Deeper than any rule document or override needs; deeper text is refused before it is parsed
// (nlohmann/json's writer recurses).
constexpr int kMaxDepth = 256;

// Parses JSON without exceptions; a discarded value when the text is no JSON or nests too deep.
Json parse(std::string_view text) {
  if (!json_nesting_within(text, kMaxDepth)) return Json(Json::value_t::discarded);
  return Json::parse(text, nullptr, false);
}

const Json* member(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  const auto it = obj.find(key);
  return it != obj.end() ? &*it : nullptr;
}

enum class Kind {
  kHours,
  kDays,
  kYuan,
  kPercent,
  kCount,
  kHourOfDay,
  kText,
  kOptionalText,
  kWords,
  kRanges,
  kChoice,
  kTags
};

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
      {"trace_first_scan_hours", Kind::kHours, &RuleSet::trace_first_scan},
      {"trace_final_leg_hours", Kind::kHours, &RuleSet::trace_final_leg},
      {"trace_final_leg_remote_hours", Kind::kHours, &RuleSet::trace_final_leg_remote},
      {"trace_final_leg_very_remote_hours", Kind::kHours, &RuleSet::trace_final_leg_very_remote},
      {"sign_for_hours", Kind::kHours, &RuleSet::sign_for},
      {"complaint_unshipped_hours", Kind::kHours, &RuleSet::complaint_unshipped},
      {"direct_mail_promise_hours", Kind::kHours, &RuleSet::direct_mail_promise},
      {"direct_supply_promise_hours", Kind::kHours, &RuleSet::direct_supply_promise},
      {"promise_met_by", Kind::kChoice},
      {"same_day_cutoff_hour", Kind::kHourOfDay, nullptr, nullptr, &RuleSet::same_day_cutoff_hour},
      {"complaint_compensation_percent", Kind::kPercent, nullptr, &RuleSet::complaint_percent},
      {"complaint_compensation_min_yuan", Kind::kYuan, nullptr, &RuleSet::complaint_min},
      {"complaint_compensation_max_yuan", Kind::kYuan, nullptr, &RuleSet::complaint_max},
      {"remote_provinces", Kind::kWords, nullptr, nullptr, nullptr, nullptr,
       &RuleSet::remote_provinces},
      {"very_remote_provinces", Kind::kWords, nullptr, nullptr, nullptr, nullptr,
       &RuleSet::very_remote_provinces},
      {"distribution_center_words", Kind::kWords, nullptr, nullptr, nullptr, nullptr,
       &RuleSet::distribution_words},
      {"distribution_toward_words", Kind::kWords, nullptr, nullptr, nullptr, nullptr,
       &RuleSet::toward_words},
      {"order_tags", Kind::kTags},
      {"sender_city", Kind::kOptionalText, nullptr, nullptr, nullptr, &RuleSet::sender_city},
      {"refund_rejection_reason", Kind::kText, nullptr, nullptr, nullptr,
       &RuleSet::refund_rejection_reason},
      {"late_ship_compensation_yuan", Kind::kYuan, nullptr, &RuleSet::late_ship_compensation},
      {"fake_ship_compensation_yuan", Kind::kYuan, nullptr, &RuleSet::fake_ship_compensation},
      {"backlog_small_sku_threshold", Kind::kCount, nullptr, nullptr,
       &RuleSet::backlog_small_sku_threshold},
      {"duplicate_same_buyer_digits", Kind::kCount, nullptr, nullptr,
       &RuleSet::duplicate_same_buyer_digits},
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

std::string_view string_at(const Json& obj, const char* key) {
  const Json* v = member(obj, key);
  if (v == nullptr || !v->is_string()) return {};
  return v->get_ref<const std::string&>();
}

// A whole day in Beijing time: "2022-12-09".
bool parse_day(const Json* v, Epoch* out) {
  if (v == nullptr || !v->is_string()) return false;
  const TimeParse p = parse_time(v->get_ref<const std::string&>());
  if (!p.ok()) return false;
  *out = p.epoch;
  return true;
}

// Applies one value to the typed rule set; returns a Chinese reason on failure.
std::string apply_value(const Field& f, const Json& value, RuleSet* rules) {
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
    case Kind::kPercent: {
      if (!value.is_number()) return "应为数字";
      const double v = value.get<double>();
      if (!(v >= 0 && v <= 100)) return "应在 0 到 100 之间";
      rules->*f.amount = v;
      return "";
    }
    case Kind::kHourOfDay: {
      if (!value.is_number_integer()) return "应为整数";
      const std::int64_t v = value.get<std::int64_t>();
      if (v < 0 || v > 24) return "应在 0 到 24 点之间";
      rules->*f.count = static_cast<int>(v);
      return "";
    }
    case Kind::kChoice: {
      if (!value.is_string()) return "应为 pickup 或 upload";
      const std::string& v = value.get_ref<const std::string&>();
      if (v != "pickup" && v != "upload") return "应为 pickup 或 upload";
      rules->promise_met_by_pickup = v == "pickup";
      return "";
    }
    case Kind::kOptionalText:
      if (!value.is_string()) return "应为文字";
      rules->*f.text = value.get<std::string>();
      return "";
    case Kind::kTags: {
      if (!value.is_array())
        return "应为标记列表，如 [{\"tag\": \"ship_hold\", \"effect\": \"hold\"}]";
      std::vector<OrderTagRule> tags;
      for (const Json& t : value) {
        OrderTagRule rule;
        const std::string_view effect = string_at(t, "effect");
        rule.tag = std::string(string_at(t, "tag"));
        rule.label = std::string(string_at(t, "label"));
        if (rule.tag.empty()) return "每个标记须有 tag";
        if (effect == "hold") {
          rule.effect = OrderTagRule::Effect::kHold;
        } else if (effect == "same_day") {
          rule.effect = OrderTagRule::Effect::kSameDay;
        } else if (effect == "no_suspension") {
          rule.effect = OrderTagRule::Effect::kNoSuspension;
        } else if (effect == "annotate") {
          rule.effect = OrderTagRule::Effect::kAnnotate;
        } else {
          return "标记的 effect 应为 hold、same_day、no_suspension 或 annotate";
        }
        tags.push_back(std::move(rule));
      }
      rules->order_tags = std::move(tags);
      return "";
    }
    case Kind::kCount: {
      if (!value.is_number_integer()) return "应为整数";
      // An unsigned value above INT64_MAX wraps negative, as the core's reader read it before.
      const std::int64_t v = value.is_number_unsigned()
                                 ? static_cast<std::int64_t>(value.get<std::uint64_t>())
                                 : value.get<std::int64_t>();
      if (v < 0 || v > 1000000) return "应在 0 到 1000000 之间";
      rules->*f.count = static_cast<int>(v);
      return "";
    }
    case Kind::kText:
      if (!value.is_string() || value.get_ref<const std::string&>().empty()) return "应为非空文字";
      rules->*f.text = value.get<std::string>();
      return "";
    case Kind::kWords: {
      if (!value.is_array()) return "应为文字列表";
      std::vector<std::string> words;
      for (const Json& w : value) {
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
      for (const Json& r : value) {
        Suspension s;
        if (!parse_day(member(r, "from"), &s.from) || !parse_day(member(r, "to"), &s.to)) {
          return "每个时段须有 from 和 to 日期（YYYY-MM-DD）";
        }
        s.to += 86400 - 1;
        if (s.to < s.from) return "时段的结束日期早于开始日期";
        if (const Json* label = member(r, "label"); label != nullptr && label->is_string()) {
          s.label = label->get<std::string>();
        }
        if (const Json* cities = member(r, "cities"); cities != nullptr && !cities->is_null()) {
          if (!cities->is_array()) return "时段的 cities 应为城市或省份名的列表";
          for (const Json& c : *cities) {
            if (!c.is_string() || c.get_ref<const std::string&>().empty()) {
              return "时段的 cities 每项应为非空文字";
            }
            s.cities.push_back(c.get<std::string>());
          }
        }
        const std::string_view scope = string_at(r, "scope");
        if (!scope.empty() && scope != "receiver" && scope != "sender") {
          return "时段的 scope 应为 receiver（收货地）或 sender（发货地）";
        }
        s.sender = scope == "sender";
        ranges.push_back(std::move(s));
      }
      rules->suspensions = std::move(ranges);
      return "";
    }
  }
  return "无法识别";
}

// Compact JSON as the result documents write it: UTF-8 kept, ill-formed bytes replaced.
std::string dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::string_view confidence_zh(std::string_view confidence) {
  if (confidence == "firm") return "确定";
  if (confidence == "uncertain") return "待核实";
  if (confidence == "advice") return "建议";
  return "未注明";
}

std::string_view RuleSet::confidence(std::string_view key) const {
  const Json* values = doc ? member(doc->json, "values") : nullptr;
  const Json* value = values != nullptr ? member(*values, key) : nullptr;
  return value != nullptr ? string_at(*value, "confidence") : std::string_view();
}

// Objects keep their members in key order (nlohmann/json's default map), as the documents always
// listed them.
std::string RuleSet::document_json() const {
  if (!doc) return "{}";
  Json out = doc->json;
  out["overridden"] = overridden;
  return dump(out);
}

std::string rules_document_json(const RuleSet& rules, const std::vector<RuleError>& errors) {
  Json list = Json::array();
  for (const auto& e : errors) list.push_back({{"key", e.key}, {"message", e.message}});
  Json out = rules.doc ? rules.doc->json : Json::object();
  out["errors"] = std::move(list);
  if (rules.doc) out["overridden"] = rules.overridden;
  return dump(out);
}

bool load_rules(std::string_view json_text, RuleSet* out, RuleError* error) {
  Json doc = parse(json_text);
  if (!doc.is_object()) {
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
  const Json* values = member(doc, "values");
  if (values == nullptr || !values->is_object()) {
    *error = {"values", "规则文件缺少 values"};
    return false;
  }
  for (const auto& f : fields()) {
    const Json* entry = member(*values, f.key);
    const Json* value = entry != nullptr ? member(*entry, "value") : nullptr;
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
      const Json* low = member(*entry, "low");
      rules.fake_ship_compensation_low =
          low != nullptr && low->is_number() ? low->get<double>() : rules.fake_ship_compensation;
    }
  }
  rules.doc = std::make_shared<const RuleDocument>(RuleDocument{std::move(doc)});
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
  const Json over = parse(overrides_json);
  if (!over.is_object()) {
    errors->push_back({"", "规则覆盖不是有效的 JSON 对象，已使用默认规则"});
    return rules;
  }
  Json doc = base.doc ? base.doc->json : Json::object();
  // In key order (the map's): "overridden" and the errors have always listed the keys so.
  for (auto it = over.begin(); it != over.end(); ++it) {
    const std::string& key = it.key();
    const Json& raw = *it;
    const Field* f = find_field(key);
    if (f == nullptr) {
      errors->push_back({key, "规则覆盖中的「" + key + "」不是已知的规则项，已忽略"});
      continue;
    }
    const Json* inner = member(raw, "value");
    const Json& value = inner != nullptr ? *inner : raw;
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
    if (!doc.is_object()) doc = Json::object();
    Json& values = doc["values"];
    if (!values.is_object()) values = Json::object();
    Json& entry = values[key];
    if (!entry.is_object()) entry = Json::object();
    const Json* previous = member(entry, "value");
    Json previous_value = previous != nullptr ? *previous : Json();
    entry["default"] = std::move(previous_value);
    entry["value"] = value;
    entry["overridden"] = true;
  }
  rules.doc = std::make_shared<const RuleDocument>(RuleDocument{std::move(doc)});
  return rules;
}

}  // namespace lanshou
