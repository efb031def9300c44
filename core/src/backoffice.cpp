#include "backoffice.h"

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "lanshou/embedded.h"
#include "lanshou/text.h"

namespace lanshou {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kFullWidthComma = "，";

// The word with every ASCII comma written full-width, as the list keeps its status words.
std::string full_width_commas(std::string_view word) {
  std::string w;
  w.reserve(word.size() + 8);
  for (const char c : word) {
    if (c == ',') {
      w += kFullWidthComma;
    } else {
      w += c;
    }
  }
  return w;
}

bool in(const std::vector<std::string>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// What separates tokens: ASCII spaces, tabs, and U+3000 (three bytes starting at i).
bool is_space(char c) {
  return c == ' ' || c == '\t';
}
bool is_wide_space(std::string_view s, std::size_t i) {
  return i + 2 < s.size() && s[i] == '\xE3' && s[i + 1] == '\x80' && s[i + 2] == '\x80';
}
bool is_gap(std::string_view s, std::size_t i) {
  return is_space(s[i]) || is_wide_space(s, i);
}

}  // namespace

bool field_aliases_from_data(std::string_view json_text, const std::string_view* keys,
                             std::size_t count, std::vector<std::vector<std::string>>* out) {
  const Json doc = Json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return false;
  const auto fields = doc.find("fields");
  if (fields == doc.end() || !fields->is_object()) return false;
  out->assign(count, {});
  for (std::size_t i = 0; i < count; ++i) {
    const auto list = fields->find(std::string(keys[i]));
    if (list == fields->end() || !list->is_array()) continue;
    for (const Json& a : *list) {
      if (a.is_string()) (*out)[i].push_back(a.get<std::string>());
    }
  }
  return true;
}

const BackOfficeWords& BackOfficeWords::builtin() {
  static const BackOfficeWords words = [] {
    BackOfficeWords w;
    const std::string_view text = embedded_file("input/backoffice.json");
    const Json doc = Json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) std::abort();  // checked by unit tests
    // The non-empty strings of a list (nothing when it is missing or no list).
    const auto strings = [](const Json& obj, const std::string& key) {
      std::vector<std::string> out;
      const auto list = obj.find(key);
      if (list == obj.end() || !list->is_array()) return out;
      for (const Json& v : *list) {
        if (v.is_string() && !v.get_ref<const std::string&>().empty()) {
          out.push_back(v.get<std::string>());
        }
      }
      return out;
    };
    if (const auto labels = doc.find("labels"); labels != doc.end() && labels->is_object()) {
      for (std::size_t f = 0; f < kFieldCount; ++f) {
        for (std::string& v : strings(*labels, std::string(field_key(static_cast<Field>(f))))) {
          w.labels_.emplace_back(std::move(v), static_cast<Field>(f));
        }
      }
    }
    w.other_labels_ = strings(doc, "other_labels");
    w.link_words_ = strings(doc, "link_words");
    w.placeholders_ = strings(doc, "placeholders");
    static constexpr std::pair<const char*, StatusStage> kStages[] = {
        {"unpaid", StatusStage::kUnpaid},
        {"awaiting", StatusStage::kAwaiting},
        {"shipped", StatusStage::kShipped},
        {"delivered", StatusStage::kDelivered},
        {"closed", StatusStage::kClosed}};
    if (const auto st = doc.find("status_words"); st != doc.end() && st->is_object()) {
      for (const auto& [key, stage] : kStages) {
        for (const std::string& v : strings(*st, key)) {
          w.status_words_.emplace_back(full_width_commas(v), stage);
        }
      }
    }
    return w;
  }();
  return words;
}

bool BackOfficeWords::is_other_label(std::string_view label) const {
  return in(other_labels_, trim(label));
}

bool BackOfficeWords::is_link_word(std::string_view word) const {
  return in(link_words_, trim(word));
}

bool BackOfficeWords::is_placeholder(std::string_view value) const {
  value = trim(value);
  if (value.empty() || in(placeholders_, value)) return true;
  return value.substr(0, 9) == "请输入" || value.substr(0, 9) == "请选择";
}

StatusStage BackOfficeWords::status_stage(std::string_view word) const {
  word = trim(word);
  if (word.empty() || word.size() > 64) return StatusStage::kNone;
  std::string wide;
  if (word.find(',') != std::string_view::npos) {
    wide = full_width_commas(word);
    word = wide;
  }
  for (const auto& [w, stage] : status_words_) {
    if (w == word) return stage;
  }
  return StatusStage::kNone;
}

std::string_view BackOfficeWords::strip_links(std::string_view value) const {
  value = trim(value);
  // Whole tokens at either end: "… 复制", "138****5678 查看手机号". A few at most, so that a
  // value of a million link words stays linear.
  for (int round = 0; round < 4 && !value.empty(); ++round) {
    bool cut = false;
    std::size_t gap = value.size();
    while (gap > 0 && !is_space(value[gap - 1]) && !(gap >= 3 && is_wide_space(value, gap - 3))) {
      --gap;
    }
    if (gap > 0) {
      const std::size_t skip = value[gap - 1] == ' ' || value[gap - 1] == '\t' ? 1 : 3;
      if (is_link_word(value.substr(gap))) {
        value = trim(value.substr(0, gap - skip));
        cut = true;
      }
    }
    std::size_t first = 0;
    while (first < value.size() && !is_gap(value, first)) ++first;
    if (first < value.size() && is_link_word(value.substr(0, first))) {
      value = trim(value.substr(first));
      cut = true;
    }
    if (!cut) break;
  }
  if (is_link_word(value)) return {};
  // A link glued to a number or a code: "261205-081736459201847复制".
  for (const std::string& w : link_words_) {
    if (value.size() > w.size() && value.compare(value.size() - w.size(), w.size(), w) == 0) {
      const char before = value[value.size() - w.size() - 1];
      if ((before >= '0' && before <= '9') || (before >= 'A' && before <= 'Z') ||
          (before >= 'a' && before <= 'z') || before == '*') {
        return trim(value.substr(0, value.size() - w.size()));
      }
    }
  }
  return value;
}

}  // namespace lanshou
