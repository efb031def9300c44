#pragma once
// Couriers (快递公司): their names as merchants write them and the shapes of their tracking
// numbers. The facts live in core/data/couriers/<code>.json, one file per courier; this file only
// reads them.
//
// Domestic Chinese couriers publish no check digit and their lengths overlap, so detection returns
// every courier whose patterns fit, ranked by confidence; the declared courier decides.
//
// Pattern syntax (no std::regex in lanshou): a concatenation of atoms, each optionally followed by
// {n} or {n,m}. An atom is a literal 0-9 or A-Z, \d, or a class such as [A-Z0-9], [34] or [5-9]
// (single characters and ranges, no negation). Numbers are normalised to 0-9 and A-Z before they
// are matched, so patterns hold nothing else. The whole number must match.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lanshou {

enum class Confidence { kHigh, kMedium, kLow };  // in this order: best first
std::string_view to_string(Confidence c);        // "high" / "medium" / "low"

// A check-digit algorithm, named in the data as {"algorithm": "s10"}. It reads the digits of the
// normalised number in order, letters skipped; the last digit is the check digit. Another algorithm
// (mod7, mod10 with weights, luhn) is one more enum value, one function and one table row; its
// parameters would join `Checksum`.
enum class ChecksumAlgorithm { kNone, kS10 };
struct Checksum {
  ChecksumAlgorithm algorithm = ChecksumAlgorithm::kNone;
};

// UPU S10 (EMS and post, AA#########AA): weights 8,6,4,2,3,5,9,7 over the 8 serial digits,
// c = 11 - (sum mod 11), 10 -> 0, 11 -> 5. Returns -1 unless serial is exactly 8 ASCII digits.
int s10_check_digit(std::string_view serial);

// A number that the data says fits a pattern. also_matches names the other couriers (by code)
// that it also fits, so that overlaps are declared and tested rather than hidden.
struct TestNumber {
  std::string number;
  std::vector<std::string> also_matches;
};

struct CourierPattern {
  struct Atom {
    std::uint64_t chars = 0;  // bit i: '0'+i for i < 10, 'A'+(i-10) above
    std::uint8_t min = 1, max = 1;
  };

  std::string pattern;  // as written in the data, e.g. "7[34568]\d{12}"
  Confidence confidence = Confidence::kLow;
  Checksum checksum;
  std::string note;
  std::vector<TestNumber> valid;     // each must match
  std::vector<std::string> invalid;  // near misses: none may match

  std::vector<Atom> atoms;  // compiled
  std::uint64_t first_chars = 0;
  std::size_t min_length = 0, max_length = 0;

  // Whether a normalised number (see normalize_tracking_no) fits, check digit included.
  bool matches(std::string_view normalized) const;
};

struct Courier {
  std::string code, name;  // 快递鸟 code, e.g. "ZTO"; display name, e.g. "中通快递"
  std::vector<std::string> aliases;
  // Codes of couriers whose declared name may carry this courier's numbers: 百世's old numbers
  // (BEST) travel under 百世快递, a name that now resolves to 极兔 (JTSD).
  std::vector<std::string> also_declared_as;
  std::string source, confidence, as_of;  // confidence: "firm" or "uncertain"
  std::vector<CourierPattern> patterns;

  bool firm() const { return confidence == "firm"; }
};

struct CourierMatch {
  const Courier* courier;
  Confidence confidence;
};

// The longest tracking number any pattern may describe.
constexpr std::size_t kMaxTrackingNoLength = 32;

class CourierRegistry {
 public:
  // The built-in registry, parsed once from the embedded core/data/couriers/*.json.
  static const CourierRegistry& builtin();

  // Loads one courier file; returns false and sets *error (Chinese message naming the file and
  // key) on bad data, leaving the registry unchanged. Every valid test number must match its
  // pattern and no invalid one may; an alias may belong to one courier only. A file whose code is
  // already loaded replaces that courier (a merchant's override). Pointers from this registry stay
  // valid until the next call.
  bool add_from_json(std::string_view json_text, std::string_view file_name, std::string* error);

  const std::vector<Courier>& all() const { return couriers_; }
  const Courier* find_by_code(std::string_view code) const;

  // Resolves a merchant-written courier name: exact alias match after normalising (spaces, ASCII
  // and full-width, dropped; ASCII case-insensitive; full-width ASCII folded to half-width), the
  // code and the name counting as aliases; then the longest alias that the name starts with (so
  // 中通快递(加盟) still finds ZTO), where an alias ending in a letter or digit must not run on
  // into another one (STO does not find "Stone"). nullptr if none.
  const Courier* find_by_name(std::string_view declared_name) const;

  // All couriers whose patterns match the number, best first (by confidence, then couriers whose
  // data is firm before uncertain ones, then registry order), one entry per courier (its best
  // pattern). The number is normalised first.
  std::vector<CourierMatch> detect(std::string_view tracking_no) const;

 private:
  struct Alias {
    std::string normalized;
    std::size_t courier;
  };
  struct PatternRef {
    std::size_t courier, pattern;
  };
  void rebuild_index();

  std::vector<Courier> couriers_;
  std::vector<Alias> aliases_;  // sorted by normalized
  // Patterns by the lengths of number they can match, in registry order.
  std::vector<std::vector<PatternRef>> by_length_ =
      std::vector<std::vector<PatternRef>>(kMaxTrackingNoLength + 1);
};

// Normalises a tracking number as detect() does: drops spaces (ASCII, full-width, no-break) and
// hyphens, folds full-width digits and letters to ASCII and uppercases letters. Empty when the
// number holds a character no tracking number has.
std::string normalize_tracking_no(std::string_view raw);

}  // namespace lanshou
