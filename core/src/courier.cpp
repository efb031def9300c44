#include "lanshou/courier.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <tuple>

#include "lanshou/embedded.h"
#include "lanshou/text.h"

namespace lanshou {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kConfidenceNames[] = {"high", "medium", "low"};
constexpr std::uint64_t kDigits = (std::uint64_t{1} << 10) - 1;

// One character of UTF-8 text, with full-width ASCII (U+FF01..U+FF5E) folded to ASCII and the
// no-break and ideographic spaces reported as ' '. ascii is 0 for any other non-ASCII character.
struct Char {
  char ascii;
  std::size_t length;
};

Char next_char(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0U;
  };
  const unsigned lead = byte(0);
  if (lead < 0x80) return {static_cast<char>(lead), 1};
  if (lead == 0xC2 && byte(1) == 0xA0) return {' ', 2};
  if (lead == 0xE3 && byte(1) == 0x80 && byte(2) == 0x80) return {' ', 3};
  if (lead == 0xEF && (byte(1) & 0xC0) == 0x80 && (byte(2) & 0xC0) == 0x80) {
    const unsigned cp = 0xF000 | (byte(1) & 0x3F) << 6 | (byte(2) & 0x3F);
    if (cp >= 0xFF01 && cp <= 0xFF5E) return {static_cast<char>(cp - 0xFEE0), 3};
  }
  const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return {0, std::min(length, s.size() - i)};
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// The bit of a normalised number's character in an Atom's set; 0 for any other character.
std::uint64_t char_bit(char c) {
  if (c >= '0' && c <= '9') return std::uint64_t{1} << (c - '0');
  if (c >= 'A' && c <= 'Z') return std::uint64_t{1} << (c - 'A' + 10);
  return 0;
}

// Calls put(c) for each character of the normalised number. False when the number holds a
// character no tracking number has, or when put refuses one (too long).
template <class Put>
bool normalize_number(std::string_view raw, Put put) {
  for (std::size_t i = 0; i < raw.size();) {
    const Char c = next_char(raw, i);
    i += c.length;
    if (is_space(c.ascii) || c.ascii == '-') continue;
    const char upper =
        c.ascii >= 'a' && c.ascii <= 'z' ? static_cast<char>(c.ascii - 'a' + 'A') : c.ascii;
    if (char_bit(upper) == 0 || !put(upper)) return false;
  }
  return true;
}

std::string normalize_name(std::string_view raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size();) {
    const Char c = next_char(raw, i);
    if (c.ascii == 0) {
      out.append(raw.substr(i, c.length));
    } else if (!is_space(c.ascii)) {
      out.push_back(c.ascii >= 'A' && c.ascii <= 'Z' ? static_cast<char>(c.ascii - 'A' + 'a')
                                                     : c.ascii);
    }
    i += c.length;
  }
  return out;
}

// Reads one or two digits at s[*i].
bool read_count(std::string_view s, std::size_t* i, std::size_t* out) {
  std::size_t n = 0, digits = 0;
  while (*i < s.size() && digits < 2 && s[*i] >= '0' && s[*i] <= '9') {
    n = n * 10 + static_cast<std::size_t>(s[*i] - '0');
    ++*i;
    ++digits;
  }
  *out = n;
  return digits > 0;
}

// Compiles p->pattern (syntax in courier.h); returns nullptr, or what is wrong with it.
const char* compile(CourierPattern* p) {
  const std::string_view s = p->pattern;
  p->atoms.clear();
  p->min_length = p->max_length = 0;
  p->first_chars = 0;
  for (std::size_t i = 0; i < s.size();) {
    CourierPattern::Atom atom;
    if (s[i] == '\\') {
      if (i + 1 >= s.size() || s[i + 1] != 'd') return "只支持 \\d 这一种转义";
      atom.chars = kDigits;
      i += 2;
    } else if (s[i] == '[') {
      for (++i; i < s.size() && s[i] != ']';) {
        const std::uint64_t from = char_bit(s[i]);
        if (from == 0) return "字符类中只能写 0-9 和 A-Z";
        if (i + 2 < s.size() && s[i + 1] == '-' && s[i + 2] != ']') {
          const std::uint64_t to = char_bit(s[i + 2]);
          if (to < from) return "字符类中的范围不合法";
          atom.chars |= (to << 1) - from;
          i += 3;
        } else {
          atom.chars |= from;
          ++i;
        }
      }
      if (i >= s.size() || atom.chars == 0) return "字符类没有闭合或为空";
      ++i;
    } else {
      atom.chars = char_bit(s[i]);
      if (atom.chars == 0) return "只能由 0-9、A-Z、\\d、[...]、{n}、{n,m} 组成";
      ++i;
    }
    if (i < s.size() && s[i] == '{') {
      std::size_t min = 0, max = 0;
      ++i;
      if (!read_count(s, &i, &min)) return "重复次数应为 {n} 或 {n,m}";
      max = min;
      if (i < s.size() && s[i] == ',') {
        ++i;
        if (!read_count(s, &i, &max)) return "重复次数应为 {n} 或 {n,m}";
      }
      if (i >= s.size() || s[i] != '}') return "重复次数应为 {n} 或 {n,m}";
      ++i;
      if (max == 0 || min > max || max > kMaxTrackingNoLength) return "重复次数不合法";
      atom.min = static_cast<std::uint8_t>(min);
      atom.max = static_cast<std::uint8_t>(max);
    }
    if (p->min_length == 0) p->first_chars |= atom.chars;
    p->min_length += atom.min;
    p->max_length += atom.max;
    p->atoms.push_back(atom);
  }
  if (p->min_length == 0) return "不能为空";
  if (p->max_length > kMaxTrackingNoLength) return "描述的单号过长（最多 32 位）";
  return nullptr;
}

// Backtracking is cheap here: patterns are short and almost every atom has a fixed count.
bool match_atoms(const CourierPattern::Atom* atom, const CourierPattern::Atom* end,
                 std::string_view s) {
  if (atom == end) return s.empty();
  std::size_t n = 0;
  while (n < atom->max && n < s.size() && (atom->chars & char_bit(s[n])) != 0) ++n;
  if (n < atom->min) return false;
  for (;; --n) {
    if (match_atoms(atom + 1, end, s.substr(n))) return true;
    if (n == atom->min) return false;
  }
}

bool verify_s10(std::string_view digits) {
  return digits.size() == 9 && s10_check_digit(digits.substr(0, 8)) == digits[8] - '0';
}

struct ChecksumInfo {
  std::string_view name;  // as written in the data
  ChecksumAlgorithm algorithm;
  bool (*verify)(std::string_view digits);  // the number's digits, check digit last
};
constexpr ChecksumInfo kChecksums[] = {{"s10", ChecksumAlgorithm::kS10, verify_s10}};

bool checksum_ok(const Checksum& checksum, std::string_view number) {
  if (checksum.algorithm == ChecksumAlgorithm::kNone) return true;
  std::array<char, kMaxTrackingNoLength> digits{};
  std::size_t n = 0;
  for (const char c : number) {
    if (c >= '0' && c <= '9' && n < digits.size()) digits[n++] = c;
  }
  for (const ChecksumInfo& info : kChecksums) {
    if (info.algorithm == checksum.algorithm) return info.verify({digits.data(), n});
  }
  return false;
}

// Reads one courier file, reporting the first problem as "<file>：键 <key> <problem>".
class Reader {
 public:
  Reader(std::string_view file, std::string* error) : file_(file), error_(error) {}

  bool fail(const std::string& key, std::string_view problem) const {
    if (error_ != nullptr) {
      *error_ = std::string(file_) + "：键 " + key + " " + std::string(problem);
    }
    return false;
  }

  bool courier(std::string_view text, Courier* c) const {
    // A courier file is a few levels deep; deeper text is refused before the DOM (whose
    // destructor recurses) is built.
    const Json root = json_nesting_within(text, 16) ? Json::parse(text, nullptr, false)
                                                    : Json(Json::value_t::discarded);
    if (root.is_discarded() || !root.is_object()) {
      if (error_ != nullptr) *error_ = std::string(file_) + "：不是一个 JSON 对象";
      return false;
    }
    if (!known_keys(root, "",
                    {"code", "name", "aliases", "also_declared_as", "source", "confidence", "as_of",
                     "patterns"}) ||
        !string(root, "", "code", &c->code) || !string(root, "", "name", &c->name) ||
        !strings(root, "", "aliases", true, &c->aliases) ||
        !strings(root, "", "also_declared_as", false, &c->also_declared_as) ||
        !string(root, "", "source", &c->source) ||
        !string(root, "", "confidence", &c->confidence) || !string(root, "", "as_of", &c->as_of)) {
      return false;
    }
    if (!std::all_of(c->code.begin(), c->code.end(), [](char ch) { return char_bit(ch) != 0; })) {
      return fail("code", "应只含大写字母和数字");
    }
    if (c->confidence != "firm" && c->confidence != "uncertain") {
      return fail("confidence", "应为 firm 或 uncertain");
    }
    if (!is_date(c->as_of)) return fail("as_of", "应为 YYYY-MM-DD 形式的日期");
    const auto patterns = root.find("patterns");
    if (patterns == root.end()) return fail("patterns", "缺失");
    if (!patterns->is_array()) return fail("patterns", "应为数组");
    c->patterns.resize(patterns->size());
    for (std::size_t i = 0; i < patterns->size(); ++i) {
      if (!pattern((*patterns)[i], "patterns[" + std::to_string(i) + "]", &c->patterns[i])) {
        return false;
      }
    }
    return true;
  }

 private:
  bool pattern(const Json& obj, const std::string& path, CourierPattern* p) const {
    if (!obj.is_object()) return fail(path, "应为对象");
    const std::string prefix = path + ".";
    std::string confidence;
    if (!known_keys(obj, prefix,
                    {"pattern", "confidence", "checksum", "note", "valid", "invalid"}) ||
        !string(obj, prefix, "pattern", &p->pattern) ||
        !string(obj, prefix, "confidence", &confidence) ||
        !string(obj, prefix, "note", &p->note, false) || !checksum(obj, prefix, &p->checksum)) {
      return false;
    }
    if (const char* problem = compile(p)) return fail(prefix + "pattern", problem);
    const auto* name =
        std::find(std::begin(kConfidenceNames), std::end(kConfidenceNames), confidence);
    if (name == std::end(kConfidenceNames)) {
      return fail(prefix + "confidence", "应为 high、medium 或 low");
    }
    p->confidence = static_cast<Confidence>(name - std::begin(kConfidenceNames));

    const auto valid = obj.find("valid");
    if (valid == obj.end() || !valid->is_array() || valid->empty()) {
      return fail(prefix + "valid", "应为非空数组");
    }
    for (std::size_t i = 0; i < valid->size(); ++i) {
      const std::string key = prefix + "valid[" + std::to_string(i) + "]";
      const Json& v = (*valid)[i];
      TestNumber t;
      if (v.is_object()) {
        if (!known_keys(v, key + ".", {"number", "also_matches"}) ||
            !string(v, key + ".", "number", &t.number) ||
            !strings(v, key + ".", "also_matches", false, &t.also_matches)) {
          return false;
        }
      } else if (v.is_string()) {
        t.number = v.get<std::string>();
      } else {
        return fail(key, "应为单号字符串或 {\"number\", \"also_matches\"} 对象");
      }
      if (!test_number(key, t.number, *p, true)) return false;
      p->valid.push_back(std::move(t));
    }
    if (!strings(obj, prefix, "invalid", true, &p->invalid)) return false;
    if (p->invalid.empty()) return fail(prefix + "invalid", "应为非空数组");
    for (std::size_t i = 0; i < p->invalid.size(); ++i) {
      const std::string key = prefix + "invalid[" + std::to_string(i) + "]";
      if (!test_number(key, p->invalid[i], *p, false)) return false;
    }
    return true;
  }

  bool checksum(const Json& obj, const std::string& prefix, Checksum* out) const {
    const auto it = obj.find("checksum");
    if (it == obj.end()) return true;
    const std::string key = prefix + "checksum";
    std::string algorithm;
    if (!it->is_object()) return fail(key, "应为对象，如 {\"algorithm\": \"s10\"}");
    if (!known_keys(*it, key + ".", {"algorithm"}) ||
        !string(*it, key + ".", "algorithm", &algorithm)) {
      return false;
    }
    for (const ChecksumInfo& info : kChecksums) {
      if (info.name == algorithm) {
        out->algorithm = info.algorithm;
        return true;
      }
    }
    return fail(key + ".algorithm", "不是已知的校验算法：" + algorithm);
  }

  bool test_number(const std::string& key, const std::string& number, const CourierPattern& p,
                   bool valid) const {
    if (number.empty() || normalize_tracking_no(number) != number) {
      return fail(key, "应为规范写法的单号（只含大写字母和数字）：" + number);
    }
    if (p.matches(number) != valid) {
      return fail(key, (valid ? "的单号与模式不符：" : "的单号却与模式相符：") + number);
    }
    return true;
  }

  // The first unknown key in key order is reported.
  bool known_keys(const Json& obj, const std::string& prefix,
                  std::initializer_list<std::string_view> known) const {
    for (const auto& member : obj.items()) {  // std::map: key order
      const std::string& key = member.key();
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        return fail(prefix + key, "不认识");
      }
    }
    return true;
  }

  bool string(const Json& obj, const std::string& prefix, const char* key, std::string* out,
              bool required = true) const {
    const auto it = obj.find(key);
    if (it == obj.end()) return !required || fail(prefix + key, "缺失");
    if (!it->is_string()) return fail(prefix + key, "应为字符串");
    *out = it->get<std::string>();
    return !required || !out->empty() || fail(prefix + key, "不能为空");
  }

  bool strings(const Json& obj, const std::string& prefix, const char* key, bool required,
               std::vector<std::string>* out) const {
    const auto it = obj.find(key);
    if (it == obj.end()) return !required || fail(prefix + key, "缺失");
    if (!it->is_array()) return fail(prefix + key, "应为字符串数组");
    for (const Json& s : *it) {
      if (!s.is_string() || s.get_ref<const std::string&>().empty()) {
        return fail(prefix + key, "应为非空字符串的数组");
      }
      out->push_back(s.get<std::string>());
    }
    return true;
  }

  static bool is_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
    }
    return true;
  }

  std::string_view file_;
  std::string* error_;
};

}  // namespace

std::string_view to_string(Confidence c) {
  return kConfidenceNames[static_cast<int>(c)];
}

int s10_check_digit(std::string_view serial) {
  static constexpr int kWeights[] = {8, 6, 4, 2, 3, 5, 9, 7};
  if (serial.size() != 8) return -1;
  int sum = 0;
  for (std::size_t i = 0; i < serial.size(); ++i) {
    if (serial[i] < '0' || serial[i] > '9') return -1;
    sum += (serial[i] - '0') * kWeights[i];
  }
  const int c = 11 - sum % 11;
  return c == 10 ? 0 : c == 11 ? 5 : c;
}

bool CourierPattern::matches(std::string_view normalized) const {
  return normalized.size() >= min_length && normalized.size() <= max_length &&
         match_atoms(atoms.data(), atoms.data() + atoms.size(), normalized) &&
         checksum_ok(checksum, normalized);
}

std::string normalize_tracking_no(std::string_view raw) {
  // Written by index into a sized string: push_back is an out-of-line call in wasm's libc++.
  std::string out(raw.size(), '\0');
  std::size_t n = 0;
  if (!normalize_number(raw, [&](char c) {
        out[n++] = c;
        return true;
      })) {
    n = 0;
  }
  out.resize(n);
  return out;
}

const CourierRegistry& CourierRegistry::builtin() {
  static const CourierRegistry registry = [] {
    CourierRegistry r;
    for (const EmbeddedFile& f : embedded_files()) {
      const std::string_view dir = "couriers/", ext = ".json";
      if (f.path.substr(0, dir.size()) == dir && f.path.size() > ext.size() &&
          f.path.substr(f.path.size() - ext.size()) == ext) {
        // A bad file is left out; the CourierData tests load every file and report it.
        r.add_from_json(f.bytes, f.path, nullptr);
      }
    }
    return r;
  }();
  return registry;
}

bool CourierRegistry::add_from_json(std::string_view json_text, std::string_view file_name,
                                    std::string* error) {
  Courier c;
  const Reader reader(file_name, error);
  if (!reader.courier(json_text, &c)) return false;
  const Courier* existing = find_by_code(c.code);
  const std::size_t index = existing != nullptr
                                ? static_cast<std::size_t>(existing - couriers_.data())
                                : couriers_.size();
  std::vector<std::string> names = {c.code, c.name};
  names.insert(names.end(), c.aliases.begin(), c.aliases.end());
  for (const std::string& name : names) {
    const std::string normalized = normalize_name(name);
    if (normalized.empty()) return reader.fail("aliases", "中有空的别名");
    for (const Alias& a : aliases_) {
      if (a.normalized == normalized && a.courier != index) {
        const Courier& owner = couriers_[a.courier];
        return reader.fail("aliases",
                           "中的 " + name + " 已属于 " + owner.name + "（" + owner.code + "）");
      }
    }
  }
  if (index == couriers_.size()) {
    couriers_.push_back(std::move(c));
  } else {
    couriers_[index] = std::move(c);
  }
  rebuild_index();
  return true;
}

void CourierRegistry::rebuild_index() {
  aliases_.clear();
  for (auto& bucket : by_length_) bucket.clear();
  for (std::size_t i = 0; i < couriers_.size(); ++i) {
    const Courier& c = couriers_[i];
    aliases_.push_back({normalize_name(c.code), i});
    aliases_.push_back({normalize_name(c.name), i});
    for (const std::string& alias : c.aliases) aliases_.push_back({normalize_name(alias), i});
    for (std::size_t j = 0; j < c.patterns.size(); ++j) {
      for (std::size_t n = c.patterns[j].min_length; n <= c.patterns[j].max_length; ++n) {
        by_length_[n].push_back({i, j});
      }
    }
  }
  const auto key = [](const Alias& a) { return std::tie(a.normalized, a.courier); };
  std::sort(aliases_.begin(), aliases_.end(),
            [&](const Alias& a, const Alias& b) { return key(a) < key(b); });
  aliases_.erase(std::unique(aliases_.begin(), aliases_.end(),
                             [&](const Alias& a, const Alias& b) { return key(a) == key(b); }),
                 aliases_.end());
}

const Courier* CourierRegistry::find_by_code(std::string_view code) const {
  for (const Courier& c : couriers_) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

const Courier* CourierRegistry::find_by_name(std::string_view declared_name) const {
  const std::string name = normalize_name(declared_name);
  // The whole name first, then ever shorter prefixes that end on a character boundary.
  for (std::size_t length = name.size(); length > 0; --length) {
    if (length < name.size() &&
        ((name[length] & 0xC0) == 0x80 || (is_alnum(name[length - 1]) && is_alnum(name[length])))) {
      continue;
    }
    const std::string_view prefix(name.data(), length);
    const auto it = std::lower_bound(
        aliases_.begin(), aliases_.end(), prefix,
        [](const Alias& a, std::string_view n) { return std::string_view(a.normalized) < n; });
    if (it != aliases_.end() && it->normalized == prefix) return &couriers_[it->courier];
  }
  return nullptr;
}

std::vector<CourierMatch> CourierRegistry::detect(std::string_view tracking_no) const {
  std::array<char, kMaxTrackingNoLength> buffer{};
  std::size_t n = 0;
  std::vector<CourierMatch> out;
  if (!normalize_number(tracking_no,
                        [&](char c) {
                          if (n == buffer.size()) return false;
                          buffer[n++] = c;
                          return true;
                        }) ||
      n == 0) {
    return out;
  }
  const std::string_view number(buffer.data(), n);
  const std::uint64_t first = char_bit(number[0]);
  for (const PatternRef& ref : by_length_[n]) {
    const Courier& courier = couriers_[ref.courier];
    const CourierPattern& p = courier.patterns[ref.pattern];
    if ((p.first_chars & first) == 0 || !p.matches(number)) continue;
    const auto it = std::find_if(out.begin(), out.end(),
                                 [&](const CourierMatch& m) { return m.courier == &courier; });
    if (it == out.end()) {
      if (out.empty()) out.reserve(4);  // a handful at most: one allocation
      out.push_back({&courier, p.confidence});
    } else if (p.confidence < it->confidence) {
      it->confidence = p.confidence;
    }
  }
  // A stable insertion sort: a handful of entries, and std::stable_sort would allocate.
  const auto before = [](const CourierMatch& a, const CourierMatch& b) {
    return a.confidence != b.confidence ? a.confidence < b.confidence
                                        : a.courier->firm() && !b.courier->firm();
  };
  for (std::size_t i = 1; i < out.size(); ++i) {
    for (std::size_t j = i; j > 0 && before(out[j], out[j - 1]); --j) {
      std::swap(out[j], out[j - 1]);
    }
  }
  return out;
}

}  // namespace lanshou
