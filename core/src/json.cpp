#include "lanshou/json.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <numeric>

#include "lanshou/text.h"

namespace lanshou {

// ---------------------------------------------------------------------------------------------
// The document model

JsonValue JsonValue::boolean(bool b) {
  JsonValue v;
  v.type_ = Type::kBool;
  v.bits_.b = b;
  return v;
}

JsonValue JsonValue::integer(std::int64_t i) {
  JsonValue v;
  v.type_ = Type::kInt;
  v.bits_.i = i;
  return v;
}

JsonValue JsonValue::number(double d) {
  JsonValue v;
  v.type_ = Type::kFloat;
  v.bits_.d = d;
  return v;
}

JsonValue JsonValue::string(std::string s) {
  JsonValue v;
  v.type_ = Type::kString;
  v.str_ = std::move(s);
  return v;
}

JsonValue JsonValue::array() {
  JsonValue v;
  v.type_ = Type::kArray;
  return v;
}

JsonValue JsonValue::object() {
  JsonValue v;
  v.type_ = Type::kObject;
  return v;
}

double JsonValue::as_double() const {
  switch (type_) {
    case Type::kInt:
      return static_cast<double>(bits_.i);
    case Type::kUint:
      return static_cast<double>(bits_.u);
    case Type::kFloat:
      return bits_.d;
    default:
      return 0;
  }
}

std::int64_t JsonValue::as_int64() const {
  if (type_ == Type::kFloat) return static_cast<std::int64_t>(bits_.d);
  return is_integer() ? bits_.i : 0;
}

std::uint64_t JsonValue::as_uint64() const {
  if (type_ == Type::kFloat) return static_cast<std::uint64_t>(bits_.d);
  return is_integer() ? bits_.u : 0;
}

std::vector<std::size_t> JsonValue::sorted_members() const {
  std::vector<std::size_t> order(keys_.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) {
    const int c = keys_[a].compare(keys_[b]);
    return c < 0 || (c == 0 && a < b);
  });
  return order;
}

const JsonValue* JsonValue::find(std::string_view key) const {
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key) return &items_[i];
  }
  return nullptr;
}

JsonValue* JsonValue::find(std::string_view key) {
  return const_cast<JsonValue*>(static_cast<const JsonValue&>(*this).find(key));
}

void JsonValue::push_back(JsonValue v) {
  items_.push_back(std::move(v));
}

JsonValue& JsonValue::set(std::string_view key, JsonValue v) {
  if (type_ == Type::kNull) type_ = Type::kObject;
  if (JsonValue* existing = find(key)) {
    *existing = std::move(v);
    return *existing;
  }
  keys_.emplace_back(key);
  items_.push_back(std::move(v));
  return items_.back();
}

// ---------------------------------------------------------------------------------------------
// The parser

class JsonParser {
 public:
  JsonParser(std::string_view text, int max_depth)
      : begin_(text.data()),
        p_(text.data()),
        end_(text.data() + text.size()),
        max_depth_(max_depth) {}

  bool document(JsonValue* out) {
    if (end_ - p_ >= 3 && std::memcmp(p_, "\xEF\xBB\xBF", 3) == 0) p_ += 3;
    skip_space();
    if (!value(out, 0)) return false;
    skip_space();
    return p_ == end_ || fail("JSON 之后还有多余的内容");
  }

  // "第 L 行第 C 列：what", the column counted in characters.
  std::string message() const {
    std::string what = what_;
    if (what_ == kTooDeep) what = "嵌套超过 " + std::to_string(max_depth_) + " 层";
    if (what_ == kBadEscape && at_[1] > ' ' && at_[1] < 0x7F) what.append(1, at_[1]);
    std::size_t line = 1, column = 1;
    for (const char* c = begin_; c < at_; ++c) {
      if (*c == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(*c) & 0xC0) != 0x80) {
        ++column;
      }
    }
    return "第 " + std::to_string(line) + " 行第 " + std::to_string(column) + " 列：" + what;
  }

 private:
  // Messages are kept as pointers until message() is asked for: no string is built while parsing.
  static constexpr const char* kTooDeep = "嵌套过深";
  static constexpr const char* kBadEscape = "无效的转义 \\";

  bool fail(const char* what) {
    at_ = p_;
    what_ = what;
    return false;
  }
  bool fail_at(const char* at, const char* what) {
    p_ = at;
    return fail(what);
  }

  void skip_space() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  bool digit() const { return p_ < end_ && *p_ >= '0' && *p_ <= '9'; }
  void digits() {
    while (digit()) ++p_;
  }

  bool value(JsonValue* out, int depth) {
    if (p_ == end_) return fail("JSON 不完整");
    switch (*p_) {
      case '{':
      case '[':
        if (depth >= max_depth_) {
          return fail(kTooDeep);
        }
        return *p_ == '{' ? object(out, depth + 1) : array(out, depth + 1);
      case '"':
        out->type_ = JsonValue::Type::kString;
        return string(&out->str_);
      case 't':
        out->type_ = JsonValue::Type::kBool;
        out->bits_.b = true;
        return literal("true");
      case 'f':
        out->type_ = JsonValue::Type::kBool;
        return literal("false");
      case 'n':
        return literal("null");
      default:
        if (*p_ == '-' || (*p_ >= '0' && *p_ <= '9')) return number(out);
        return fail("无法识别的值");
    }
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::string_view(p_, word.size()) != word) {
      return fail("无法识别的值");
    }
    p_ += word.size();
    return true;
  }

  bool array(JsonValue* out, int depth) {
    out->type_ = JsonValue::Type::kArray;
    ++p_;
    skip_space();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    while (true) {
      out->items_.emplace_back();
      if (!value(&out->items_.back(), depth)) return false;
      skip_space();
      if (p_ < end_ && *p_ == ',') {
        ++p_;
        skip_space();
      } else if (p_ < end_ && *p_ == ']') {
        ++p_;
        return true;
      } else {
        return fail(p_ == end_ ? "JSON 不完整" : "数组中缺少 , 或 ]");
      }
    }
  }

  bool object(JsonValue* out, int depth) {
    out->type_ = JsonValue::Type::kObject;
    ++p_;
    skip_space();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    while (true) {
      if (p_ == end_) return fail("JSON 不完整");
      if (*p_ != '"') return fail("对象的键应为带引号的字符串");
      std::string key;
      if (!string(&key)) return false;
      skip_space();
      if (p_ == end_ || *p_ != ':') return fail(p_ == end_ ? "JSON 不完整" : "缺少 :");
      ++p_;
      skip_space();
      out->keys_.push_back(std::move(key));
      out->items_.emplace_back();
      if (!value(&out->items_.back(), depth)) return false;
      skip_space();
      if (p_ < end_ && *p_ == ',') {
        ++p_;
        skip_space();
      } else if (p_ < end_ && *p_ == '}') {
        ++p_;
        merge_repeated_keys(out);
        return true;
      } else {
        return fail(p_ == end_ ? "JSON 不完整" : "对象中缺少 , 或 }");
      }
    }
  }

  // A repeated key keeps the place of its first occurrence and the value of its last.
  static void merge_repeated_keys(JsonValue* obj) {
    std::vector<std::string>& keys = obj->keys_;
    std::vector<JsonValue>& items = obj->items_;
    if (keys.size() < 2) return;
    const std::vector<std::size_t> order = obj->sorted_members();
    std::vector<bool> drop;
    std::size_t first = 0;  // in order: the first occurrence of the key at order[k]
    for (std::size_t k = 1; k < order.size(); ++k) {
      if (keys[order[k]] != keys[order[first]]) {
        first = k;
        continue;
      }
      if (drop.empty()) drop.resize(keys.size());
      items[order[first]] = std::move(items[order[k]]);
      drop[order[k]] = true;
    }
    if (drop.empty()) return;
    std::size_t n = 0;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (drop[i]) continue;
      if (n != i) {
        keys[n] = std::move(keys[i]);
        items[n] = std::move(items[i]);
      }
      ++n;
    }
    keys.resize(n);
    items.resize(n);
  }

  bool hex4(unsigned* out) {
    if (end_ - p_ < 4) return fail("\\u 之后应有 4 位十六进制数");
    unsigned v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = p_[k];
      unsigned d = 0;
      if (c >= '0' && c <= '9') {
        d = static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        d = static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        d = static_cast<unsigned>(c - 'A' + 10);
      } else {
        return fail("\\u 之后应有 4 位十六进制数");
      }
      v = v * 16 + d;
    }
    p_ += 4;
    *out = v;
    return true;
  }

  bool escape(std::string* out) {
    const char* start = p_ - 1;  // the backslash
    if (p_ == end_) return fail("字符串缺少结尾的引号");
    const char c = *p_++;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        *out += c;
        return true;
      case 'b':
        *out += '\b';
        return true;
      case 'f':
        *out += '\f';
        return true;
      case 'n':
        *out += '\n';
        return true;
      case 'r':
        *out += '\r';
        return true;
      case 't':
        *out += '\t';
        return true;
      case 'u':
        break;
      default:
        return fail_at(start, kBadEscape);
    }
    unsigned cp = 0;
    if (!hex4(&cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return fail_at(start, "\\u 代理项不成对");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      unsigned low = 0;
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return fail_at(start, "\\u 代理项不成对");
      p_ += 2;
      if (!hex4(&low)) return false;
      if (low < 0xDC00 || low > 0xDFFF) return fail_at(start, "\\u 代理项不成对");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    if (cp < 0x80) {
      *out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      *out += static_cast<char>(0xC0 | (cp >> 6));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      *out += static_cast<char>(0xE0 | (cp >> 12));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      *out += static_cast<char>(0xF0 | (cp >> 18));
      *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return true;
  }

  bool string(std::string* out) {
    ++p_;  // the opening quote
    while (true) {
      const char* run = p_;
      while (p_ < end_) {
        const auto c = static_cast<unsigned char>(*p_);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++p_;
      }
      out->append(run, static_cast<std::size_t>(p_ - run));
      if (p_ == end_) return fail("字符串缺少结尾的引号");
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c < 0x20) return fail("字符串中有未转义的控制字符");
      if (c >= 0x80) {
        const std::size_t n =
            utf8_sequence(std::string_view(p_, static_cast<std::size_t>(end_ - p_)), 0);
        if (n == 0) return fail("字符串中有无效的 UTF-8");
        out->append(p_, n);
        p_ += n;
        continue;
      }
      ++p_;
      if (!escape(out)) return false;
    }
  }

  bool number(JsonValue* out) {
    const char* start = p_;
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    if (!digit()) return fail("无效的数字");
    if (*p_ == '0') {
      ++p_;
    } else {
      digits();
    }
    const char* int_end = p_;
    if (p_ < end_ && *p_ == '.') {
      ++p_;
      if (!digit()) return fail("无效的数字");
      digits();
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (!digit()) return fail("无效的数字");
      digits();
    }
    if (p_ == int_end) {  // an integer: exact when it fits in 64 bits
      std::uint64_t v = 0;
      bool fits = true;
      for (const char* d = start + (negative ? 1 : 0); d < p_ && fits; ++d) {
        const auto digit = static_cast<std::uint64_t>(*d - '0');
        fits = v <= (UINT64_MAX - digit) / 10;
        v = v * 10 + digit;
      }
      if (fits && !negative) {
        out->type_ = JsonValue::Type::kUint;
        out->bits_.u = v;
        return true;
      }
      if (fits && v <= (std::uint64_t{1} << 63)) {
        out->type_ = JsonValue::Type::kInt;
        out->bits_.u = 0 - v;
        return true;
      }
    }
    const std::string token(start, p_);
    const double d = std::strtod(token.c_str(), nullptr);
    if (!std::isfinite(d)) return fail_at(start, "数字超出范围");
    out->type_ = JsonValue::Type::kFloat;
    out->bits_.d = d;
    return true;
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  int max_depth_;
  const char* at_ = nullptr;
  const char* what_ = "";
};

bool parse_json(std::string_view text, JsonValue* out, std::string* error, int max_depth) {
  JsonParser parser(text, max_depth);
  JsonValue v;
  if (!parser.document(&v)) {
    if (error != nullptr) *error = parser.message();
    return false;
  }
  *out = std::move(v);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Numbers as JSON for Modern C++ 3.11 (the library the core used before) printed them: Grisu2
// (Florian Loitsch, "Printing Floating-Point Numbers Quickly and Accurately with Integers",
// PLDI 2010), ported from that library's detail/conversions/to_chars.hpp (MIT license;
// Copyright (c) 2009 Florian Loitsch, 2013-2022 Niels Lohmann). Grisu2 does not always give the
// shortest text, so only this port keeps the old bytes.
namespace {

struct Fp {  // f * 2^e
  std::uint64_t f;
  int e;
};

Fp mul(Fp x, Fp y) {
  const std::uint64_t u_lo = x.f & 0xFFFFFFFFu, u_hi = x.f >> 32u;
  const std::uint64_t v_lo = y.f & 0xFFFFFFFFu, v_hi = y.f >> 32u;
  const std::uint64_t p0 = u_lo * v_lo, p1 = u_lo * v_hi, p2 = u_hi * v_lo, p3 = u_hi * v_hi;
  std::uint64_t q = (p0 >> 32u) + (p1 & 0xFFFFFFFFu) + (p2 & 0xFFFFFFFFu);
  q += std::uint64_t{1} << 31u;  // round, ties up
  return {p3 + (p2 >> 32u) + (p1 >> 32u) + (q >> 32u), x.e + y.e + 64};
}

Fp normalize(Fp x) {
  while ((x.f >> 63u) == 0) {
    x.f <<= 1u;
    x.e--;
  }
  return x;
}

constexpr int kAlpha = -60;

struct CachedPower {  // f * 2^e ~= 10^k
  std::uint64_t f;
  std::int16_t e, k;
};

CachedPower cached_power(int e) {
  static constexpr CachedPower kPowers[] = {
      {0xAB70FE17C79AC6CA, -1060, -300}, {0xFF77B1FCBEBCDC4F, -1034, -292},
      {0xBE5691EF416BD60C, -1007, -284}, {0x8DD01FAD907FFC3C, -980, -276},
      {0xD3515C2831559A83, -954, -268},  {0x9D71AC8FADA6C9B5, -927, -260},
      {0xEA9C227723EE8BCB, -901, -252},  {0xAECC49914078536D, -874, -244},
      {0x823C12795DB6CE57, -847, -236},  {0xC21094364DFB5637, -821, -228},
      {0x9096EA6F3848984F, -794, -220},  {0xD77485CB25823AC7, -768, -212},
      {0xA086CFCD97BF97F4, -741, -204},  {0xEF340A98172AACE5, -715, -196},
      {0xB23867FB2A35B28E, -688, -188},  {0x84C8D4DFD2C63F3B, -661, -180},
      {0xC5DD44271AD3CDBA, -635, -172},  {0x936B9FCEBB25C996, -608, -164},
      {0xDBAC6C247D62A584, -582, -156},  {0xA3AB66580D5FDAF6, -555, -148},
      {0xF3E2F893DEC3F126, -529, -140},  {0xB5B5ADA8AAFF80B8, -502, -132},
      {0x87625F056C7C4A8B, -475, -124},  {0xC9BCFF6034C13053, -449, -116},
      {0x964E858C91BA2655, -422, -108},  {0xDFF9772470297EBD, -396, -100},
      {0xA6DFBD9FB8E5B88F, -369, -92},   {0xF8A95FCF88747D94, -343, -84},
      {0xB94470938FA89BCF, -316, -76},   {0x8A08F0F8BF0F156B, -289, -68},
      {0xCDB02555653131B6, -263, -60},   {0x993FE2C6D07B7FAC, -236, -52},
      {0xE45C10C42A2B3B06, -210, -44},   {0xAA242499697392D3, -183, -36},
      {0xFD87B5F28300CA0E, -157, -28},   {0xBCE5086492111AEB, -130, -20},
      {0x8CBCCC096F5088CC, -103, -12},   {0xD1B71758E219652C, -77, -4},
      {0x9C40000000000000, -50, 4},      {0xE8D4A51000000000, -24, 12},
      {0xAD78EBC5AC620000, 3, 20},       {0x813F3978F8940984, 30, 28},
      {0xC097CE7BC90715B3, 56, 36},      {0x8F7E32CE7BEA5C70, 83, 44},
      {0xD5D238A4ABE98068, 109, 52},     {0x9F4F2726179A2245, 136, 60},
      {0xED63A231D4C4FB27, 162, 68},     {0xB0DE65388CC8ADA8, 189, 76},
      {0x83C7088E1AAB65DB, 216, 84},     {0xC45D1DF942711D9A, 242, 92},
      {0x924D692CA61BE758, 269, 100},    {0xDA01EE641A708DEA, 295, 108},
      {0xA26DA3999AEF774A, 322, 116},    {0xF209787BB47D6B85, 348, 124},
      {0xB454E4A179DD1877, 375, 132},    {0x865B86925B9BC5C2, 402, 140},
      {0xC83553C5C8965D3D, 428, 148},    {0x952AB45CFA97A0B3, 455, 156},
      {0xDE469FBD99A05FE3, 481, 164},    {0xA59BC234DB398C25, 508, 172},
      {0xF6C69A72A3989F5C, 534, 180},    {0xB7DCBF5354E9BECE, 561, 188},
      {0x88FCF317F22241E2, 588, 196},    {0xCC20CE9BD35C78A5, 614, 204},
      {0x98165AF37B2153DF, 641, 212},    {0xE2A0B5DC971F303A, 667, 220},
      {0xA8D9D1535CE3B396, 694, 228},    {0xFB9B7CD9A4A7443C, 720, 236},
      {0xBB764C4CA7A44410, 747, 244},    {0x8BAB8EEFB6409C1A, 774, 252},
      {0xD01FEF10A657842C, 800, 260},    {0x9B10A4E5E9913129, 827, 268},
      {0xE7109BFBA19C0C9D, 853, 276},    {0xAC2820D9623BF429, 880, 284},
      {0x80444B5E7AA7CF85, 907, 292},    {0xBF21E44003ACDD2D, 933, 300},
      {0x8E679C2F5E44FF8F, 960, 308},    {0xD433179D9C8CB841, 986, 316},
      {0x9E19DB92B4E31BA9, 1013, 324},
  };
  const int f = kAlpha - e - 1;
  const int k = (f * 78913) / (1 << 18) + static_cast<int>(f > 0);
  return kPowers[(300 + k + 7) / 8];
}

void grisu2_round(char* buf, int len, std::uint64_t dist, std::uint64_t delta, std::uint64_t rest,
                  std::uint64_t ten_k) {
  while (rest < dist && delta - rest >= ten_k &&
         (rest + ten_k < dist || dist - rest > rest + ten_k - dist)) {
    buf[len - 1]--;
    rest += ten_k;
  }
}

// Digits of a number between m_minus and m_plus (exponent in [-60, -32]), closest to w.
void grisu2_digits(char* buf, int* len, int* exponent, Fp m_minus, Fp w, Fp m_plus) {
  std::uint64_t delta = m_plus.f - m_minus.f;
  std::uint64_t dist = m_plus.f - w.f;
  const int shift = -m_plus.e;
  const std::uint64_t one = std::uint64_t{1} << shift;
  auto p1 = static_cast<std::uint32_t>(m_plus.f >> shift);
  std::uint64_t p2 = m_plus.f & (one - 1);
  std::uint32_t pow10 = 1;
  int n = 1;
  while (n < 10 && p1 >= pow10 * 10) {
    pow10 *= 10;
    ++n;
  }
  while (n > 0) {
    buf[(*len)++] = static_cast<char>('0' + p1 / pow10);
    p1 %= pow10;
    n--;
    const std::uint64_t rest = (std::uint64_t{p1} << shift) + p2;
    if (rest <= delta) {
      *exponent += n;
      grisu2_round(buf, *len, dist, delta, rest, std::uint64_t{pow10} << shift);
      return;
    }
    pow10 /= 10;
  }
  int m = 0;
  while (true) {
    p2 *= 10;
    buf[(*len)++] = static_cast<char>('0' + (p2 >> shift));
    p2 &= one - 1;
    m++;
    delta *= 10;
    dist *= 10;
    if (p2 <= delta) break;
  }
  *exponent -= m;
  grisu2_round(buf, *len, dist, delta, p2, one);
}

// value = buf[0, len) * 10^exponent, value finite and > 0.
void grisu2(char* buf, int* len, int* exponent, double value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  constexpr std::uint64_t kHidden = std::uint64_t{1} << 52;
  constexpr int kBias = 1075;
  const std::uint64_t e = bits >> 52;
  const std::uint64_t f = bits & (kHidden - 1);
  const Fp v = e == 0 ? Fp{f, 1 - kBias} : Fp{f + kHidden, static_cast<int>(e) - kBias};
  const bool lower_closer = f == 0 && e > 1;
  const Fp plus = normalize(Fp{2 * v.f + 1, v.e - 1});
  Fp minus = lower_closer ? Fp{4 * v.f - 1, v.e - 2} : Fp{2 * v.f - 1, v.e - 1};
  minus = Fp{minus.f << (minus.e - plus.e), plus.e};
  const Fp w = normalize(v);
  const CachedPower c = cached_power(plus.e);
  const Fp ck{c.f, c.e};
  const Fp cw = mul(w, ck), cminus = mul(minus, ck), cplus = mul(plus, ck);
  *exponent = -c.k;
  grisu2_digits(buf, len, exponent, Fp{cminus.f + 1, cminus.e}, cw, Fp{cplus.f - 1, cplus.e});
}

void append_double(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  if (std::signbit(value)) {
    value = -value;
    out += '-';
  }
  if (value == 0) {
    out += "0.0";
    return;
  }
  char buf[32];
  int k = 0, exponent = 0;
  grisu2(buf, &k, &exponent, value);
  const int n = k + exponent;  // the decimal point's place
  constexpr int kMinExp = -4, kMaxExp = 15;
  const std::string_view digits(buf, static_cast<std::size_t>(k));
  if (k <= n && n <= kMaxExp) {  // 1234500.0
    out.append(digits).append(static_cast<std::size_t>(n - k), '0').append(".0");
  } else if (0 < n && n <= kMaxExp) {  // 12.345
    out.append(digits.substr(0, static_cast<std::size_t>(n))).append(1, '.');
    out.append(digits.substr(static_cast<std::size_t>(n)));
  } else if (kMinExp < n && n <= 0) {  // 0.0012345
    out.append("0.").append(static_cast<std::size_t>(-n), '0').append(digits);
  } else {  // 1.2345e+20, 1e-05
    out += digits[0];
    if (k > 1) out.append(1, '.').append(digits.substr(1));
    int e = n - 1;
    out += e < 0 ? "e-" : "e+";
    e = e < 0 ? -e : e;
    if (e >= 100) out += static_cast<char>('0' + e / 100);
    out += static_cast<char>('0' + e / 10 % 10);
    out += static_cast<char>('0' + e % 10);
  }
}

// Escapes s (valid UTF-8): as append_json_escaped, with \b and \f written short.
void append_escaped_valid(std::string& out, std::string_view s) {
  while (!s.empty()) {
    const std::size_t stop = std::min(s.find('\b'), s.find('\f'));  // memchr, twice
    append_json_escaped(out, s.substr(0, stop));
    if (stop == std::string_view::npos) break;
    out += s[stop] == '\b' ? "\\b" : "\\f";
    s.remove_prefix(stop + 1);
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  if (is_valid_utf8(s)) {
    append_escaped_valid(out, s);
  } else {
    // One U+FFFD per maximal ill-formed subpart (the lead byte and the continuation bytes that
    // fit it), as the library used before wrote them (error_handler_t::replace).
    std::string repaired;
    std::size_t i = 0;
    while (i < s.size()) {
      const std::size_t n = utf8_sequence(s, i);
      if (n > 0) {
        repaired.append(s, i, n);
        i += n;
        continue;
      }
      repaired += "\xEF\xBF\xBD";
      const auto lead = static_cast<unsigned char>(s[i++]);
      if (lead < 0xC2 || lead > 0xF4) continue;
      const std::size_t need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
      const unsigned char lo = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
      const unsigned char hi = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
      for (std::size_t k = 0; k < need && i < s.size(); ++k, ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < (k == 0 ? lo : 0x80) || c > (k == 0 ? hi : 0xBF)) break;
      }
    }
    append_escaped_valid(out, repaired);
  }
  out += '"';
}

void append_json(std::string& out, const JsonValue& v, JsonKeys keys) {
  switch (v.type()) {
    case JsonValue::Type::kNull:
      out += "null";
      return;
    case JsonValue::Type::kBool:
      out += v.as_bool() ? "true" : "false";
      return;
    case JsonValue::Type::kInt:
      out += std::to_string(v.as_int64());
      return;
    case JsonValue::Type::kUint:
      out += std::to_string(v.as_uint64());
      return;
    case JsonValue::Type::kFloat:
      append_double(out, v.as_double());
      return;
    case JsonValue::Type::kString:
      append_json_string(out, v.str());
      return;
    case JsonValue::Type::kArray:
      out += '[';
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (i > 0) out += ',';
        append_json(out, v[i], keys);
      }
      out += ']';
      return;
    case JsonValue::Type::kObject: {
      out += '{';
      // Most objects are small: their order is sorted on the stack.
      std::size_t small[16] = {};
      std::vector<std::size_t> big;
      const std::size_t* order = nullptr;
      if (keys == JsonKeys::kSorted && v.size() <= 16) {
        for (std::size_t i = 0; i < v.size(); ++i) {
          std::size_t k = i;
          for (; k > 0 && v.keys()[i] < v.keys()[small[k - 1]]; --k) small[k] = small[k - 1];
          small[k] = i;
        }
        order = small;
      } else if (keys == JsonKeys::kSorted) {
        big = v.sorted_members();
        order = big.data();
      }
      for (std::size_t i = 0; i < v.size(); ++i) {
        const std::size_t m = order == nullptr ? i : order[i];
        if (i > 0) out += ',';
        append_json_string(out, v.keys()[m]);
        out += ':';
        append_json(out, v[m], keys);
      }
      out += '}';
      return;
    }
  }
}

std::string write_json(const JsonValue& v, JsonKeys keys) {
  std::string out;
  append_json(out, v, keys);
  return out;
}

}  // namespace lanshou
