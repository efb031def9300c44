#include "lanshou/vocabulary.h"

#include <nlohmann/json.hpp>

#include "lanshou/embedded.h"

namespace lanshou {
namespace {

bool read_list(const nlohmann::json& doc, const char* key, std::vector<VocabularyEntry>* out,
               std::string* error) {
  const auto it = doc.find(key);
  if (it == doc.end() || !it->is_array()) {
    *error = std::string("词汇表缺少列表 ") + key;
    return false;
  }
  for (const auto& e : *it) {
    const auto text = [&e](const char* k) {
      const auto v = e.find(k);
      return v != e.end() && v->is_string() ? v->get<std::string>() : std::string();
    };
    VocabularyEntry entry;
    entry.code = text("code");
    if (!e.is_object() || entry.code.empty()) {
      *error = std::string("词汇表 ") + key + " 的第 " + std::to_string(out->size() + 1) +
               " 项没有 code";
      return false;
    }
    entry.zh = text("zh");
    entry.page_zh = text("page_zh");
    entry.en = text("en");
    entry.tone = text("tone");
    entry.severity = text("severity");
    entry.clock = text("clock");
    const auto rank = e.find("rank");
    if (rank != e.end() && rank->is_number_integer()) entry.rank = rank->get<int>();
    out->push_back(std::move(entry));
  }
  return true;
}

}  // namespace

bool parse_vocabulary(std::string_view json_text, Vocabulary* out, std::string* error) {
  const nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    *error = "词汇表不是有效的 JSON 对象";
    return false;
  }
  Vocabulary v;
  if (!read_list(doc, "statuses", &v.statuses, error) ||
      !read_list(doc, "findings", &v.findings, error) ||
      !read_list(doc, "fixes", &v.fixes, error) ||
      !read_list(doc, "severities", &v.severities, error)) {
    return false;
  }
  *out = std::move(v);
  return true;
}

const Vocabulary& vocabulary() {
  static const Vocabulary v = [] {
    Vocabulary parsed;
    std::string error;
    parse_vocabulary(embedded_file("vocabulary.json"), &parsed, &error);
    return parsed;
  }();
  return v;
}

}  // namespace lanshou
