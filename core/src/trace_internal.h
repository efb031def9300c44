#pragma once
// What trace.cpp (keywords, trace lines) and trace_json.cpp (the keyword data and aggregators'
// JSON, built for size in wasm) share.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace lanshou {
namespace trace_internal {

constexpr std::array<std::string_view, 8> kClassNames = {"other",  "pickup", "transit", "delivery",
                                                         "locker", "signed", "problem", "return"};
constexpr std::uint8_t kUnranked = 0xFF;

// The length of the first character of a non-empty text, cut at its end.
std::size_t lead_length(std::string_view text);
// The first character of a non-empty text (at most 4 bytes) packed into an integer.
std::uint32_t pack_lead(std::string_view text);
// A bit of TraceKeywords::lead_filter_ for a packed lead character.
std::uint32_t filter_bit(std::uint32_t key);
bool starts_with(std::string_view text, std::string_view prefix);
// Strips ASCII white space, U+3000 and U+00A0 (web copies) and a BOM from both ends.
std::string_view trim_pasted(std::string_view s);

}  // namespace trace_internal
}  // namespace lanshou
