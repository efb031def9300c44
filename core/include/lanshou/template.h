#pragma once
// The one template renderer: a text with {name} slots, each filled by the caller. The wording
// (wording.h) and the explanation (explain.h) both render with it; their texts are data under
// core/data/templates/.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lanshou {

// Appends `text` to `out`, each {name} replaced by what fill(name, out) appends. fill returns
// false when it has no value: the slot is then left as written, braces and all (tests look for
// them). A '{' without its '}' is copied as it is.
template <typename Fill>
void expand_template(std::string& out, std::string_view text, Fill&& fill) {
  std::size_t from = 0;
  while (from < text.size()) {
    const std::size_t open = text.find('{', from);
    if (open == std::string_view::npos) break;
    const std::size_t close = text.find('}', open + 1);
    if (close == std::string_view::npos) break;
    out.append(text.data() + from, open - from);
    const std::string_view name = text.substr(open + 1, close - open - 1);
    if (!fill(name, out)) out.append(text.data() + open, close + 1 - open);
    from = close + 1;
  }
  out.append(text.data() + from, text.size() - from);
}

// A named set of texts read from a templates document's "texts" object.
class TextSet {
 public:
  // Reads {"texts": {"name": "text", ...}}; false with a Chinese message on a bad document.
  bool load(std::string_view json_text, std::string* error);
  // The text of `name`, or "{name}" when there is none (tests render every text and look for it).
  std::string_view get(std::string_view name) const;
  bool has(std::string_view name) const;
  template <typename Each>
  void for_each(Each&& each) const {
    for (const auto& [name, text] : texts_) each(name, text);
  }

 private:
  std::vector<std::pair<std::string, std::string>> texts_;  // sorted by name
  std::string missing_;
};

}  // namespace lanshou
