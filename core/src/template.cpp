#include "lanshou/template.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace lanshou {

bool TextSet::load(std::string_view json_text, std::string* error) {
  const nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, false);
  const auto texts = doc.is_object() ? doc.find("texts") : doc.end();
  if (doc.is_discarded() || !doc.is_object() || texts == doc.end() || !texts->is_object()) {
    *error = "模板文件缺少 texts 对象";
    return false;
  }
  std::vector<std::pair<std::string, std::string>> read;
  for (auto it = texts->begin(); it != texts->end(); ++it) {
    if (!it->is_string()) {
      *error = "模板 " + it.key() + " 不是文字";
      return false;
    }
    read.emplace_back(it.key(), it->get<std::string>());
  }
  std::sort(read.begin(), read.end());  // nlohmann's object is a sorted map already; keep it so
  texts_ = std::move(read);
  return true;
}

std::string_view TextSet::get(std::string_view name) const {
  const auto it = std::lower_bound(
      texts_.begin(), texts_.end(), name,
      [](const std::pair<std::string, std::string>& e, std::string_view n) { return e.first < n; });
  if (it != texts_.end() && it->first == name) return it->second;
  return "{missing template}";
}

bool TextSet::has(std::string_view name) const {
  return get(name) != "{missing template}";
}

}  // namespace lanshou
