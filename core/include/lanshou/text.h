#pragma once
// Small text helpers shared by the readers and writers. UTF-8 throughout.
#include <string>
#include <string_view>

namespace lanshou {

// Drops ASCII spaces, tabs and U+3000 (ideographic space) at both ends.
std::string_view trim_slow(std::string_view s);
inline std::string_view trim(std::string_view s) {
  // Most values have nothing to trim: first and last byte are neither space, tab nor U+3000's lead.
  const auto edge = [](char c) { return c == ' ' || c == '\t' || c == '\xE3'; };
  if (s.empty() || (!edge(s.front()) && !edge(s[s.size() >= 3 ? s.size() - 3 : 0]) &&
                    s.back() != ' ' && s.back() != '\t')) {
    return s;
  }
  return trim_slow(s);
}

bool is_all_digits(std::string_view s);

// Length of the well-formed UTF-8 sequence at s[i], or 0 when it is ill-formed (RFC 3629).
std::size_t utf8_sequence(std::string_view s, std::size_t i);

// True when s is well-formed UTF-8.
bool is_valid_utf8(std::string_view s);

// Appends s to out with every ill-formed UTF-8 sequence replaced by U+FFFD, so that nothing the
// merchant pasted is dropped silently and every output stays valid UTF-8.
void append_utf8_repaired(std::string& out, std::string_view s);

// Appends s as the inside of a JSON string (quotes not included); ill-formed UTF-8 is repaired.
void append_json_escaped(std::string& out, std::string_view s);

// Appends s as a JSON string, quotes included (the core reads JSON with nlohmann/json; this and
// report.cpp's writer, which escapes the same way, are all it writes by hand).
inline void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  append_json_escaped(out, s);
  out += '"';
}

// A CSV cell per RFC 4180, quoted when needed; a cell starting with = + - @ (or tab/CR) is
// prefixed with an apostrophe so a spreadsheet shows it as text instead of running a formula.
void append_csv_cell(std::string& out, std::string_view s);

// False when JSON text nests arrays and objects deeper than limit (brackets in strings do not
// count). Checked before parsing text from outside, so that nesting too deep for that reader is
// named as such in its message (nlohmann/json's parser would recurse into it when dumped).
bool json_nesting_within(std::string_view s, int limit);

// Display width of UTF-8 text in a terminal (CJK wide characters count 2).
std::size_t display_width(std::string_view s);

}  // namespace lanshou
