#include "lanshou/region.h"

#include <initializer_list>

#include "lanshou/text.h"

namespace lanshou {
namespace {

// One past the first of `words` (UTF-8, 3 bytes a character) within the first `limit` bytes of
// s, trying the words at each character before moving on; npos when none is there.
std::size_t end_of_word(std::string_view s, std::initializer_list<std::string_view> words,
                        std::size_t limit) {
  for (std::size_t i = 0; i < s.size() && i < limit; i += 3) {
    for (const std::string_view w : words) {
      if (s.compare(i, w.size(), w) == 0) return i + w.size();
    }
  }
  return std::string_view::npos;
}

}  // namespace

// Province names are 2–8 characters (内蒙古自治区, 新疆维吾尔自治区) and city names rarely longer
// than 11 (…土家族苗族自治州): the words must come early.
std::string_view region_of(std::string_view address) {
  address = trim(address);
  if (address.empty() || static_cast<unsigned char>(address.front()) < 0xE0) return {};
  const std::size_t province = end_of_word(address, {"特别行政区", "自治区", "省", "市"}, 27);
  if (province == std::string_view::npos) return {};
  const std::string_view rest = address.substr(province);
  std::size_t city = end_of_word(rest, {"自治州", "地区", "盟", "市"}, 36);
  if (city == std::string_view::npos) city = end_of_word(rest, {"州"}, 36);  // 湖州市 ends at 市
  return address.substr(0, city == std::string_view::npos ? province : province + city);
}

}  // namespace lanshou
