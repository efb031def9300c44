#include "lanshou/text.h"

#include <cstdint>
#include <cstring>

namespace lanshou {

std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  }
  return n;
}

namespace {

// Appends the UTF-8 sequence at s[*i], or U+FFFD for one ill-formed byte, and moves *i past it.
void append_sequence_repaired(std::string& out, std::string_view s, std::size_t* i) {
  const std::size_t n = utf8_sequence(s, *i);
  if (n == 0) {
    out += "\xEF\xBF\xBD";
    ++*i;
  } else {
    out.append(s.data() + *i, n);
    *i += n;
  }
}

}  // namespace

std::string_view trim_slow(std::string_view s) {
  while (true) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
      s.remove_prefix(1);
    } else if (s.substr(0, 3) == "\xE3\x80\x80") {
      s.remove_prefix(3);
    } else {
      break;
    }
  }
  while (true) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
      s.remove_suffix(1);
    } else if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") {
      s.remove_suffix(3);
    } else {
      break;
    }
  }
  return s;
}

bool is_all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    // ASCII runs eight bytes at a time, then the common three-byte (CJK) sequences inline.
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      if ((w & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
    } else if (c >= 0xE1 && c <= 0xEF && c != 0xED && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 &&
               (p[i + 2] & 0xC0) == 0x80) {
      i += 3;
    } else {
      const std::size_t k = utf8_sequence(s, i);
      if (k == 0) return false;
      i += k;
    }
  }
  return true;
}

void append_utf8_repaired(std::string& out, std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t run = i;
    while (run < s.size() && static_cast<unsigned char>(s[run]) < 0x80) ++run;
    out.append(s.data() + i, run - i);
    i = run;
    if (i >= s.size()) break;
    append_sequence_repaired(out, s, &i);
  }
}

void append_json_escaped(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::size_t i = 0;
  while (i < s.size()) {
    // Copy the longest run that needs no escaping in one go.
    std::size_t run = i;
    while (run < s.size()) {
      const auto c = static_cast<unsigned char>(s[run]);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
      ++run;
    }
    out.append(s.data() + i, run - i);
    i = run;
    if (i >= s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      append_sequence_repaired(out, s, &i);
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
    ++i;
  }
}

void append_csv_cell(std::string& out, std::string_view s) {
  const bool formula = !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                                      s[0] == '\t' || s[0] == '\r');
  const bool quote = formula || s.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    append_utf8_repaired(out, s);
    return;
  }
  out += '"';
  if (formula) out += '\'';
  std::string repaired;
  append_utf8_repaired(repaired, s);
  for (char c : repaired) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++w;
      ++i;
    } else if (c >= 0xE0) {
      // Three- and four-byte characters here are CJK, full-width forms or emoji: two columns.
      w += 2;
      i += c >= 0xF0 ? 4 : 3;
    } else {
      ++w;
      i += 2;
    }
  }
  return w;
}

bool json_nesting_within(std::string_view s, int limit) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (const char c : s) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

}  // namespace lanshou
