#pragma once
// The receiver's region as issue 18's regional rules need it: province and city only, never the
// district, street, name or phone. "新疆维吾尔自治区乌鲁木齐市天山区…" →
// "新疆维吾尔自治区乌鲁木齐市".
#include <string_view>

namespace lanshou {

// The leading province (…省, …自治区, …特别行政区, or a municipality …市) and city (…市, …自治州,
// …州, …地区, …盟) of an address or of a province and city written one after the other: a prefix
// of the text. Empty when the text starts with no province (a masked "****", a street).
std::string_view region_of(std::string_view address);

}  // namespace lanshou
