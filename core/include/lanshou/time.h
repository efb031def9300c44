#pragma once
// Beijing time (UTC+08:00, no daylight saving) to and from the forms merchants paste.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace lanshou {

// Seconds since 1970-01-01T00:00:00Z. Every instant in lanshou is one of these.
using Epoch = std::int64_t;

// An instant that may be missing, in 8 bytes instead of std::optional's 16: every decision
// holds eight of them (issue 8 counts the memory per order). The smallest Epoch stands for "none";
// no time lanshou reads is anywhere near it (years 2000 to 2099). Converts to and from
// std::optional<Epoch> and reads like one.
class MaybeEpoch {
 public:
  constexpr MaybeEpoch() = default;
  constexpr MaybeEpoch(std::nullopt_t) {}   // NOLINT(google-explicit-constructor): as optional
  constexpr MaybeEpoch(Epoch e) : v_(e) {}  // NOLINT(google-explicit-constructor)
  constexpr MaybeEpoch(const std::optional<Epoch>& e)  // NOLINT(google-explicit-constructor)
      : v_(e ? *e : kNone) {}
  constexpr operator std::optional<Epoch>() const {  // NOLINT(google-explicit-constructor)
    return has_value() ? std::optional<Epoch>(v_) : std::nullopt;
  }
  constexpr bool has_value() const { return v_ != kNone; }
  constexpr explicit operator bool() const { return has_value(); }
  constexpr Epoch operator*() const { return v_; }
  constexpr Epoch value_or(Epoch other) const { return has_value() ? v_ : other; }
  constexpr void reset() { v_ = kNone; }
  friend constexpr bool operator==(MaybeEpoch a, MaybeEpoch b) { return a.v_ == b.v_; }
  friend constexpr bool operator!=(MaybeEpoch a, MaybeEpoch b) { return a.v_ != b.v_; }

 private:
  static constexpr Epoch kNone = std::numeric_limits<Epoch>::min();
  Epoch v_ = kNone;
};

constexpr Epoch kBeijingOffsetSeconds = Epoch{8} * 3600;
constexpr int kMinYear = 2000;  // earlier or later years are typing errors, not orders
constexpr int kMaxYear = 2099;

// An instant as Beijing's day number (days since 1970-01-01, Beijing) and the second of that day.
// Beijing has one offset all year, so the date depends on the day number alone.
struct BeijingDay {
  std::int64_t day = 0;
  std::int64_t second = 0;  // 0..86399
};
inline BeijingDay beijing_day(Epoch epoch) {
  const Epoch local = epoch + kBeijingOffsetSeconds;
  BeijingDay d{local / 86400, local % 86400};
  if (d.second < 0) {
    d.second += 86400;
    --d.day;
  }
  return d;
}

struct CivilTime {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

enum class TimeStatus {
  kOk,
  kEmpty,       // nothing but spaces
  kBadFormat,   // not a time lanshou knows how to read
  kOutOfRange,  // a real format but an impossible value (02-30, 24:00, year 1900)
  kNeedsYear,   // MM-DD HH:MM without a year to borrow from context
};

struct TimeParse {
  TimeStatus status = TimeStatus::kEmpty;
  Epoch epoch = 0;
  bool ok() const { return status == TimeStatus::kOk; }
};

// Reads YYYY-MM-DD HH:MM[:SS], YYYY/MM/DD HH:MM[:SS] (1- or 2-digit month, day and hour, as a
// spreadsheet writes them), YYYY年MM月DD日 HH:MM[:SS] (also HH时MM分, and with no space after 日),
// ISO 8601 with 'T' and an optional Z / ±HH:MM / ±HHMM offset, a date alone (00:00:00), and
// MM-DD HH:MM[:SS] or MM月DD日 HH:MM taking the year from context_year (0 = none). A 12-hour clock
// may follow 上午/早上/凌晨/中午/下午/晚上/傍晚 (2026年09月05日 下午08:38:32 is 20:38:32; 上午15:00
// is out of range). Full-width digits, colons, hyphens and slashes read as ASCII. Times without an
// offset are Beijing time.
// When consumed is given, the text may continue after the time (a trace line): *consumed is the
// length read; otherwise the whole text must be the time.
TimeParse parse_time(std::string_view text, int context_year = 0, std::size_t* consumed = nullptr);

// parse_time for text that may have no year (MM-DD HH:MM, MM月DD日 HH:MM): the year is the one
// that puts the time nearest to `context` (the caller's now, or another date of the same paste),
// so 12-31 23:00 read on 2027-01-02 is 2026-12-31 and 01-02 08:00 read on 2026-12-30 is 2027-01-02
// (the rule year-less trace lines follow). Text with a year reads as parse_time reads it.
TimeParse parse_time_near(std::string_view text, Epoch context, std::size_t* consumed = nullptr);

// The Chinese message for a failed parse, for the errors list.
std::string_view time_status_message(TimeStatus status);

CivilTime to_beijing(Epoch epoch);
Epoch from_beijing(const CivilTime& t);
bool is_valid_civil(const CivilTime& t);

// 2026-11-26T12:00:00+08:00
std::string format_iso(Epoch epoch);
void append_iso(std::string& out, Epoch epoch);
// 2026-11-26 12:00:00
std::string format_datetime(Epoch epoch);
// 11-26 12:00
std::string format_short(Epoch epoch);
// A duration in Chinese for explanations: "4 小时", "1 天 3 小时", "25 分钟", "30 秒".
std::string format_duration_zh(Epoch seconds);

}  // namespace lanshou
