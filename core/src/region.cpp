#include "lanshou/region.h"

#include <array>

#include "lanshou/text.h"

namespace lanshou {
namespace {

// The end of the earliest of `words` in s (past the word), or npos. Earliest wins: in
// "北京市朝阳区" the municipality's 市 ends the province.
std::size_t end_of_first(std::string_view s, const std::string_view* words, std::size_t n) {
  std::size_t best = std::string_view::npos, end = std::string_view::npos;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t at = s.find(words[i]);
    if (at != std::string_view::npos && (best == std::string_view::npos || at < best)) {
      best = at;
      end = at + words[i].size();
    }
  }
  return end;
}

}  // namespace

std::string_view region_of(std::string_view address) {
  address = trim(address);
  static constexpr std::array<std::string_view, 4> kProvince = {"特别行政区", "自治区", "省", "市"};
  static constexpr std::array<std::string_view, 4> kCity = {"自治州", "地区", "盟", "市"};
  static constexpr std::array<std::string_view, 1> kPrefecture = {"州"};  // 湖州市 ends at 市
  // Province names are 2–8 characters (内蒙古自治区, 新疆维吾尔自治区) and city names rarely longer
  // than 11 (…土家族苗族自治州): the words must come early. 3 bytes a character.
  constexpr std::size_t kProvinceBytes = 27, kCityBytes = 36;
  const std::size_t province = end_of_first(address, kProvince.data(), kProvince.size());
  if (province == std::string_view::npos || province > kProvinceBytes) return {};
  const std::string_view rest = address.substr(province);
  std::size_t city = end_of_first(rest, kCity.data(), kCity.size());
  if (city == std::string_view::npos) city = end_of_first(rest, kPrefecture.data(), 1);
  if (city == std::string_view::npos || city > kCityBytes) return address.substr(0, province);
  return address.substr(0, province + city);
}

}  // namespace lanshou
