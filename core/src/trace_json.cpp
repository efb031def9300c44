// The trace keyword data and the aggregators' JSON (快递100, 快递鸟): read once per load or per
// pasted result, so built for size in wasm (CMakeLists.txt, LANSHOU_WASM_COLD_SOURCES), apart from
// the per-event classifier in trace.cpp.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "lanshou/text.h"
#include "lanshou/trace.h"
#include "trace_internal.h"

namespace lanshou {
namespace {

using Json = nlohmann::json;
using trace_internal::filter_bit;
using trace_internal::kClassNames;
using trace_internal::kUnranked;
using trace_internal::pack_lead;
using trace_internal::trim_pasted;

// The member of an object, or null (also for a value that is no object).
const Json* member(const Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  const auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

// Strict JSON: nlohmann/json would stop at a NUL byte and take what came before for the document.
Json parse_strict(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) return Json(Json::value_t::discarded);
  return Json::parse(text.begin(), text.end(), nullptr, false);
}

}  // namespace

bool TraceKeywords::load(std::string_view json_text, std::string* error) {
  auto fail = [error](std::string message) {
    if (error != nullptr) *error = "trace/keywords.json：" + std::move(message);
    return false;
  };
  if (!json_nesting_within(json_text, 64)) return fail("顶层须是 JSON 对象");
  const Json doc = parse_strict(json_text);
  if (doc.is_discarded() || !doc.is_object()) return fail("顶层须是 JSON 对象");

  TraceKeywords next;
  // Precedence: every class but other, once each.
  const Json* precedence = member(doc, "precedence");
  if (precedence == nullptr || !precedence->is_array()) return fail("缺少 precedence 数组");
  next.rank_.fill(kUnranked);
  std::uint8_t rank = 0;
  for (const Json& name : *precedence) {
    EventClass c = EventClass::kOther;
    if (!name.is_string() || !event_class_from_string(name.get_ref<const std::string&>(), &c) ||
        c == EventClass::kOther || next.rank_[static_cast<std::size_t>(c)] != kUnranked) {
      return fail("precedence 中有未知或重复的类别");
    }
    next.rank_[static_cast<std::size_t>(c)] = rank++;
  }
  if (rank != kClassNames.size() - 1) return fail("precedence 须列出全部 7 个类别");

  // Keywords per class, the classes in key order (ties in the lead sort below keep this order).
  const Json* classes = member(doc, "classes");
  if (classes == nullptr || !classes->is_object()) return fail("缺少 classes 对象");
  for (const auto& [name, words] : classes->items()) {  // key order
    EventClass c = EventClass::kOther;
    if (!event_class_from_string(name, &c) || c == EventClass::kOther || !words.is_array()) {
      return fail("classes 中的 " + name + " 不是已知类别的关键词数组");
    }
    for (const Json& w : words) {
      if (!w.is_string() || w.get_ref<const std::string&>().empty()) {
        return fail("classes." + name + " 中有空的或非字符串的关键词");
      }
      next.keywords_.push_back({w.get<std::string>(), c, {}});
    }
  }

  // Negations: mask the keywords inside them; those with a class of their own are keywords too.
  std::vector<EventClass> negation_class;
  if (const Json* negations = member(doc, "negations"); negations != nullptr) {
    if (!negations->is_array()) return fail("negations 须是数组");
    for (const Json& n : *negations) {
      const Json* text = member(n, "text");
      const Json* as = member(n, "as");
      EventClass c = EventClass::kOther;
      if (text == nullptr || !text->is_string() || text->get_ref<const std::string&>().empty() ||
          (as != nullptr &&
           (!as->is_string() || !event_class_from_string(as->get_ref<const std::string&>(), &c)))) {
        return fail("negations 的每一项须是 {\"text\": 非空字符串, \"as\": 类别}");
      }
      next.negations_.push_back(text->get<std::string>());
      negation_class.push_back(c);
      if (c != EventClass::kOther) next.keywords_.push_back({next.negations_.back(), c, {}});
    }
  }
  for (Keyword& k : next.keywords_) {
    for (std::size_t n = 0; n < next.negations_.size(); ++n) {
      if (negation_class[n] == k.cls) continue;
      const std::string& phrase = next.negations_[n];
      for (std::size_t at = phrase.find(k.text); at != std::string::npos;
           at = phrase.find(k.text, at + 1)) {
        k.guards.push_back({static_cast<std::uint32_t>(n), static_cast<std::uint32_t>(at)});
      }
    }
  }

  // Aggregator state codes.
  if (const Json* states = member(doc, "aggregator_states"); states != nullptr) {
    if (!states->is_object()) return fail("aggregator_states 须是对象");
    for (const auto& [aggregator, codes] : states->items()) {
      if (!codes.is_object()) return fail("aggregator_states." + aggregator + " 须是对象");
      for (const auto& [code, name] : codes.items()) {
        EventClass c = EventClass::kOther;
        if (!name.is_string() || !event_class_from_string(name.get_ref<const std::string&>(), &c)) {
          std::string where = "aggregator_states." + aggregator;
          return fail(where.append(".").append(code).append(" 不是已知类别"));
        }
        next.states_.push_back({aggregator, code, c});
      }
    }
  }

  std::stable_sort(
      next.keywords_.begin(), next.keywords_.end(),
      [](const Keyword& a, const Keyword& b) { return pack_lead(a.text) < pack_lead(b.text); });
  for (const Keyword& k : next.keywords_) {
    next.lead_.push_back(pack_lead(k.text));
    const std::uint32_t bit = filter_bit(next.lead_.back());
    next.lead_filter_[bit / 64] |= std::uint64_t{1} << (bit % 64);
  }
  *this = std::move(next);
  if (error != nullptr) error->clear();
  return true;
}

// ---------------------------------------------------------------------------------------------
// Aggregator JSON

namespace {

constexpr int kMaxJsonDepth = 32;  // aggregator documents nest 5 deep at most
constexpr std::string_view kNotAggregator = "这段 JSON 不是快递100或快递鸟的物流查询结果";

// True if the text starts like a JSON object or array (not like "[2025-03-10] …").
bool looks_like_json(std::string_view s) {
  if (s.empty()) return false;
  if (s.front() == '{') return true;
  if (s.front() != '[') return false;
  const std::string_view rest = trim_pasted(s.substr(1));
  return rest.empty() || rest.front() == '{' || rest.front() == '[' || rest.front() == ']';
}

// A string or integer member as text ("" otherwise): codes and numbers come both ways.
std::string text_of(const Json& obj, const char* key) {
  const Json* v = member(obj, key);
  if (v == nullptr) return "";
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number_unsigned()) return std::to_string(v->get<std::uint64_t>());
  if (v->is_number_integer()) return std::to_string(v->get<std::int64_t>());
  return "";
}

bool is_false(const Json* v) {
  return v != nullptr && v->is_boolean() && !v->get<bool>();
}

// Reads one response into *out. False when it is none or an error response (*problem says
// which); on success *problem is empty or a warning.
bool read_one(const Json& root, const TraceKeywords& kw, AggregatorTrace* out,
              std::string* problem) {
  problem->clear();
  const Json* last = member(root, "lastResult");  // 快递100 push callback
  const Json& doc = last != nullptr && last->is_object() ? *last : root;
  const Json* data = member(doc, "data");
  const Json* traces = member(doc, "Traces");
  // "data" alone is too common a key: 快递100 also has nu/com/state, or is an error response.
  const Json* result = member(doc, "result");
  const bool kuaidi100 = member(doc, "returnCode") != nullptr ||
                         (data != nullptr && data->is_array() &&
                          (member(doc, "nu") || member(doc, "com") || member(doc, "state") ||
                           member(doc, "ischeck") || (result != nullptr && result->is_boolean())));
  const bool kdniao = (traces != nullptr && traces->is_array()) || member(doc, "EBusinessID");
  if (kuaidi100 == kdniao) {  // neither, or a mix of both
    *problem = kNotAggregator;
    return false;
  }
  const Json* events = kuaidi100 ? data : traces;
  const bool has_events = events != nullptr && events->is_array() && !events->empty();
  if (kuaidi100 && (is_false(result) || (!has_events && member(doc, "returnCode")))) {
    *problem = "快递100 查询失败：" + text_of(doc, "message");
    return false;
  }
  if (kdniao && is_false(member(doc, "Success")) && !has_events) {
    *problem = "快递鸟查询失败：" + text_of(doc, "Reason");
    return false;
  }

  out->tracking_no = text_of(doc, kuaidi100 ? "nu" : "LogisticCode");
  out->courier_hint = text_of(doc, kuaidi100 ? "com" : "ShipperCode");
  out->state_class = std::string(kw.state_class(kuaidi100 ? "kuaidi100" : "kdniao",
                                                text_of(doc, kuaidi100 ? "state" : "State")));
  out->events.clear();
  std::size_t skipped = 0;
  if (events != nullptr && events->is_array()) {
    for (const Json& e : *events) {
      std::string when = text_of(e, kuaidi100 ? "ftime" : "AcceptTime");
      if (when.empty() && kuaidi100) when = text_of(e, "time");
      const TimeParse t = parse_time(when);
      if (!t.ok()) {
        ++skipped;
        continue;
      }
      TraceEvent ev;
      ev.at = t.epoch;
      ev.text = std::string(trim_pasted(text_of(e, kuaidi100 ? "context" : "AcceptStation")));
      ev.cls = kw.classify(ev.text);
      out->events.push_back(std::move(ev));
    }
  }
  sort_events(out->events);
  if (skipped > 0) *problem = "有 " + std::to_string(skipped) + " 条轨迹的时间无法识别，已跳过";
  return true;
}

void append_note(std::string* notes, std::string_view note) {
  if (!notes->empty()) *notes += "；";
  *notes += note;
}

}  // namespace

bool parse_aggregator_json(std::string_view text, const TraceKeywords& kw,
                           std::vector<AggregatorTrace>* out, std::string* error) {
  out->clear();
  error->clear();
  text = trim_pasted(text);
  if (!looks_like_json(text)) return false;
  // Deep nesting is refused before the parser sees it, with its own message.
  if (!json_nesting_within(text, kMaxJsonDepth)) {
    *error = "JSON 嵌套过深，不是快递100或快递鸟的物流查询结果";
    return false;
  }
  try {
    const Json doc = parse_strict(text);
    if (doc.is_discarded()) {
      *error = "JSON 格式有误，无法读取物流信息";
      return false;
    }
    std::string problem;
    if (!doc.is_array()) {
      AggregatorTrace trace;
      if (!read_one(doc, kw, &trace, &problem)) {
        *error = problem;
        return false;
      }
      out->push_back(std::move(trace));
      *error = problem;
      return true;
    }
    std::string notes;
    for (std::size_t i = 0; i < doc.size(); ++i) {
      AggregatorTrace trace;
      const bool ok = read_one(doc[i], kw, &trace, &problem);
      if (ok) out->push_back(std::move(trace));
      if (!problem.empty())
        append_note(&notes, "第 " + std::to_string(i + 1) + " 个结果：" + problem);
    }
    if (out->empty()) {
      *error = doc.empty() ? std::string(kNotAggregator) : notes;
      return false;
    }
    *error = notes;
    return true;
  } catch (...) {
    out->clear();
    *error = "JSON 格式有误，无法读取物流信息";
    return false;
  }
}

}  // namespace lanshou
