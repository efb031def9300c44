#include "lanshou/time.h"

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace lanshou {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int* y, int* m, int* d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned dd = doy - (153 * mp + 2) / 5 + 1;
  const unsigned mm = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (mm <= 2));
  *m = static_cast<int>(mm);
  *d = static_cast<int>(dd);
}

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// A small cursor over the text; every read is bounds-checked.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  std::size_t pos() const { return pos_; }
  void rewind(std::size_t pos) { pos_ = pos; }
  bool done() const { return pos_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[pos_]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  bool eat(std::string_view lit) {
    if (s_.substr(pos_, lit.size()) != lit) return false;
    pos_ += lit.size();
    return true;
  }
  // Reads between min and max ASCII digits.
  bool number(int min_digits, int max_digits, int* out) {
    int n = 0, v = 0;
    while (n < max_digits && peek() >= '0' && peek() <= '9') {
      v = v * 10 + (peek() - '0');
      ++pos_;
      ++n;
    }
    *out = v;
    return n >= min_digits;
  }
  void skip_spaces() {
    while (!done()) {
      if (peek() == ' ' || peek() == '\t') {
        ++pos_;
      } else if (!eat("\xE3\x80\x80")) {  // U+3000 ideographic space
        break;
      }
    }
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads HH:MM[:SS] or HH时MM分[SS秒].
bool read_clock(Cursor& c, CivilTime* t) {
  if (!c.number(1, 2, &t->hour)) return false;
  if (c.eat(':')) {
    if (!c.number(2, 2, &t->minute)) return false;
    if (c.eat(':') && !c.number(2, 2, &t->second)) return false;
    // Fractional seconds from ISO are dropped: PDD's clocks are to the second.
    if (c.peek() == '.') {
      c.eat('.');
      int ignored = 0;
      if (!c.number(1, 9, &ignored)) return false;
    }
    return true;
  }
  if (c.eat("时")) {
    if (!c.number(1, 2, &t->minute) || !c.eat("分")) return false;
    if (c.number(1, 2, &t->second) && !c.eat("秒")) return false;
    return true;
  }
  return false;
}

// Reads an ISO offset (Z, +08:00, +0800) if one is there; returns false on a malformed one.
bool read_offset(Cursor& c, bool* has, int* seconds) {
  *has = false;
  *seconds = 0;
  if (c.eat('Z')) {
    *has = true;
    return true;
  }
  const char sign = c.peek();
  if (sign != '+' && sign != '-') return true;
  c.eat(sign);
  int hh = 0, mm = 0;
  if (!c.number(2, 2, &hh)) return false;
  c.eat(':');
  if (!c.number(2, 2, &mm)) return false;
  if (hh > 14 || mm > 59) return false;
  *has = true;
  *seconds = (sign == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
  return true;
}

// 上午 / 下午 … before a clock, as the back office and Chinese date pickers write
// "2026年09月05日 下午08:38:32". How each turns a 12-hour clock into a 24-hour one.
enum class DayPart { kNone, kMorning, kAfternoon, kNoon, kNight };

DayPart eat_day_part(Cursor& c) {
  static constexpr std::pair<std::string_view, DayPart> kParts[] = {
      {"上午", DayPart::kMorning},   {"早上", DayPart::kMorning},   {"凌晨", DayPart::kNight},
      {"下午", DayPart::kAfternoon}, {"晚上", DayPart::kAfternoon}, {"傍晚", DayPart::kAfternoon},
      {"中午", DayPart::kNoon}};
  for (const auto& [word, part] : kParts) {
    if (c.eat(word)) return part;
  }
  return DayPart::kNone;
}

// The 24-hour hour of `hour` in that part of the day; -1 when it cannot be (上午15点).
int apply_day_part(DayPart part, int hour) {
  switch (part) {
    case DayPart::kNone:
      return hour;
    case DayPart::kMorning:
      return hour <= 12 ? hour : -1;
    case DayPart::kNight:  // 凌晨12点 is midnight
      return hour == 12 ? 0 : (hour <= 6 ? hour : -1);
    case DayPart::kAfternoon:  // 下午1点 is 13:00; 下午13点 is already a 24-hour clock
      return hour >= 1 && hour <= 11 ? hour + 12 : (hour <= 23 ? hour : -1);
    case DayPart::kNoon:  // 中午12点, 中午1点 (13:00)
      return hour >= 10 && hour <= 12 ? hour : (hour <= 2 ? hour + 12 : -1);
  }
  return -1;
}

// Reads an optional day part, then a clock, after a date.
enum class ClockRead { kNone, kOk, kBadFormat, kImpossible };

ClockRead read_clock_after_date(Cursor& c, bool need_space, CivilTime* t) {
  const std::size_t before = c.pos();
  c.skip_spaces();
  const DayPart part = eat_day_part(c);
  c.skip_spaces();
  if ((need_space && part == DayPart::kNone && c.pos() == before) || !is_digit(c.peek())) {
    c.rewind(before);  // no clock: the spaces stay with a trace line's text
    return ClockRead::kNone;
  }
  if (!read_clock(c, t)) return ClockRead::kBadFormat;
  t->hour = apply_day_part(part, t->hour);
  return t->hour < 0 ? ClockRead::kImpossible : ClockRead::kOk;
}

// Full-width digits and punctuation (０-９ ： － ／ ．), as some input methods type them, mapped to
// ASCII; from[k] is where byte k of the mapped text came from in the original.
bool has_full_width(std::string_view s) {
  for (std::size_t i = s.find("\xEF\xBC"); i != std::string_view::npos && i + 2 < s.size();
       i = s.find("\xEF\xBC", i + 1)) {
    const auto b = static_cast<unsigned char>(s[i + 2]);
    if ((b >= 0x8D && b <= 0x9A)) return true;  // －．／０-９：
  }
  return false;
}

std::string ascii_digits(std::string_view s, std::vector<std::size_t>* from) {
  std::string out;
  out.reserve(s.size());
  from->clear();
  for (std::size_t i = 0; i < s.size();) {
    if (i + 2 < s.size() && s[i] == '\xEF' && s[i + 1] == '\xBC') {
      const auto b = static_cast<unsigned char>(s[i + 2]);
      char ascii = 0;
      if (b >= 0x90 && b <= 0x99) ascii = static_cast<char>('0' + (b - 0x90));
      if (b == 0x9A) ascii = ':';
      if (b == 0x8D) ascii = '-';
      if (b == 0x8F) ascii = '/';
      if (b == 0x8E) ascii = '.';
      if (ascii != 0) {
        out += ascii;
        from->push_back(i);
        i += 3;
        continue;
      }
    }
    out += s[i];
    from->push_back(i);
    ++i;
  }
  from->push_back(s.size());
  return out;
}

}  // namespace

bool is_valid_civil(const CivilTime& t) {
  return t.year >= kMinYear && t.year <= kMaxYear && t.month >= 1 && t.month <= 12 && t.day >= 1 &&
         t.day <= days_in_month(t.year, t.month) && t.hour >= 0 && t.hour <= 23 && t.minute >= 0 &&
         t.minute <= 59 && t.second >= 0 && t.second <= 59;
}

Epoch from_beijing(const CivilTime& t) {
  return days_from_civil(t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day)) *
             86400 +
         Epoch{t.hour} * 3600 + Epoch{t.minute} * 60 + t.second - kBeijingOffsetSeconds;
}

CivilTime to_beijing(Epoch epoch) {
  const auto [days, secs] = beijing_day(epoch);
  CivilTime t;
  civil_from_days(days, &t.year, &t.month, &t.day);
  t.hour = static_cast<int>(secs / 3600);
  t.minute = static_cast<int>(secs / 60 % 60);
  t.second = static_cast<int>(secs % 60);
  return t;
}

TimeParse parse_time(std::string_view text, int context_year, std::size_t* consumed) {
  // The export's own form, "2025-03-05 22:53:34", read without the cursor: most values are this.
  if (consumed == nullptr && text.size() == 19 && text[4] == '-' && text[7] == '-' &&
      text[10] == ' ' && text[13] == ':' && text[16] == ':') {
    const auto d = [&](std::size_t k) { return static_cast<unsigned>(text[k]) - '0'; };
    const unsigned y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3), mo = d(5) * 10 + d(6),
                   dd = d(8) * 10 + d(9), h = d(11) * 10 + d(12), mi = d(14) * 10 + d(15),
                   se = d(17) * 10 + d(18);
    const bool digits = d(0) < 10 && d(1) < 10 && d(2) < 10 && d(3) < 10 && d(5) < 10 &&
                        d(6) < 10 && d(8) < 10 && d(9) < 10 && d(11) < 10 && d(12) < 10 &&
                        d(14) < 10 && d(15) < 10 && d(17) < 10 && d(18) < 10;
    if (digits) {
      const CivilTime t{static_cast<int>(y), static_cast<int>(mo), static_cast<int>(dd),
                        static_cast<int>(h), static_cast<int>(mi), static_cast<int>(se)};
      if (!is_valid_civil(t)) return {TimeStatus::kOutOfRange, 0};
      return {TimeStatus::kOk, from_beijing(t)};
    }
  }
  if (has_full_width(text)) {
    std::vector<std::size_t> from;
    const std::string ascii = ascii_digits(text, &from);
    std::size_t used = 0;
    const TimeParse p = parse_time(ascii, context_year, consumed != nullptr ? &used : nullptr);
    if (consumed != nullptr) *consumed = from[std::min(used, from.size() - 1)];
    return p;
  }
  Cursor c(text);
  c.skip_spaces();
  if (c.done()) return {TimeStatus::kEmpty, 0};
  if (!is_digit(c.peek())) return {TimeStatus::kBadFormat, 0};

  CivilTime t;
  int first = 0;
  const std::size_t start = c.pos();
  c.number(1, 4, &first);
  const std::size_t first_len = c.pos() - start;
  bool chinese = false;
  bool iso_t = false;
  if (first_len == 4) {
    t.year = first;
    char sep = c.peek();
    if (c.eat("年")) {
      chinese = true;
    } else if (sep == '-' || sep == '/' || sep == '.') {
      c.eat(sep);
    } else {
      return {TimeStatus::kBadFormat, 0};
    }
    if (!c.number(1, 2, &t.month)) return {TimeStatus::kBadFormat, 0};
    if (chinese ? !c.eat("月") : !c.eat(sep)) return {TimeStatus::kBadFormat, 0};
    if (!c.number(1, 2, &t.day)) return {TimeStatus::kBadFormat, 0};
    if (chinese) c.eat("日");
  } else if (first_len <= 2 && (c.peek() == '-' || c.peek() == '/' || c.eat("月"))) {
    // MM-DD HH:MM or MM月DD日 HH:MM: a trace line or a list page without a year.
    const bool chinese_md = c.peek() != '-' && c.peek() != '/';
    t.month = first;
    if (!chinese_md) c.eat(c.peek());
    if (!c.number(1, 2, &t.day)) return {TimeStatus::kBadFormat, 0};
    if (chinese_md) c.eat("日");
    if (context_year == 0) return {TimeStatus::kNeedsYear, 0};
    t.year = context_year;
    const ClockRead clock = read_clock_after_date(c, !chinese_md, &t);
    if (clock == ClockRead::kImpossible) return {TimeStatus::kOutOfRange, 0};
    if (clock != ClockRead::kOk) return {TimeStatus::kBadFormat, 0};
  } else {
    return {TimeStatus::kBadFormat, 0};
  }

  if (first_len == 4) {
    // After a full date: a clock after a space or 'T' (or right after 日, or after 上午/下午 …),
    // or nothing (a date alone is midnight; the spaces stay with a trace line's text).
    if (c.eat('T')) {
      iso_t = true;
      if (!read_clock(c, &t)) return {TimeStatus::kBadFormat, 0};
    } else {
      const ClockRead clock = read_clock_after_date(c, !chinese, &t);
      if (clock == ClockRead::kImpossible) return {TimeStatus::kOutOfRange, 0};
      if (clock == ClockRead::kBadFormat) return {TimeStatus::kBadFormat, 0};
    }
  }

  bool has_offset = false;
  int offset = 0;
  if (iso_t && !read_offset(c, &has_offset, &offset)) return {TimeStatus::kBadFormat, 0};

  if (consumed != nullptr) {
    *consumed = c.pos();
  } else {
    c.skip_spaces();
    if (!c.done()) return {TimeStatus::kBadFormat, 0};
  }
  if (t.hour == 24 || !is_valid_civil(t)) return {TimeStatus::kOutOfRange, 0};
  Epoch e = from_beijing(t);
  if (has_offset) e += kBeijingOffsetSeconds - offset;
  return {TimeStatus::kOk, e};
}

TimeParse parse_time_near(std::string_view text, Epoch context, std::size_t* consumed) {
  const TimeParse without = parse_time(text, 0, consumed);
  if (without.status != TimeStatus::kNeedsYear) return without;
  const int year = to_beijing(context).year;
  TimeParse best{TimeStatus::kNeedsYear, 0};
  for (const int y : {year, year - 1, year + 1}) {
    std::size_t used = 0;
    const TimeParse p = parse_time(text, y, consumed != nullptr ? &used : nullptr);
    if (p.status == TimeStatus::kOutOfRange && best.status == TimeStatus::kNeedsYear) best = p;
    if (!p.ok()) continue;  // 02-29 exists in one year of three at most
    const auto distance = [&](Epoch e) { return e > context ? e - context : context - e; };
    if (!best.ok() || distance(p.epoch) < distance(best.epoch)) {
      best = p;
      if (consumed != nullptr) *consumed = used;
    }
  }
  return best;
}

std::string_view time_status_message(TimeStatus status) {
  switch (status) {
    case TimeStatus::kOk:
      return "";
    case TimeStatus::kEmpty:
      return "时间为空";
    case TimeStatus::kBadFormat:
      return "时间格式无法识别，请写成 2026-11-26 12:00:00";
    case TimeStatus::kOutOfRange:
      return "时间不存在（月份、日期或时刻超出范围，年份须在 2000–2099 之间）";
    case TimeStatus::kNeedsYear:
      return "时间缺少年份，无法推断";
  }
  return "";
}

void append_iso(std::string& out, Epoch epoch) {
  const CivilTime t = to_beijing(epoch);
  char buf[32];
  const int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", t.year,
                              t.month, t.day, t.hour, t.minute, t.second);
  out.append(buf, static_cast<std::size_t>(n));
}

std::string format_iso(Epoch epoch) {
  std::string s;
  append_iso(s, epoch);
  return s;
}

std::string format_datetime(Epoch epoch) {
  const CivilTime t = to_beijing(epoch);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", t.year, t.month, t.day, t.hour,
                t.minute, t.second);
  return buf;
}

std::string format_short(Epoch epoch) {
  const CivilTime t = to_beijing(epoch);
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02d-%02d %02d:%02d", t.month, t.day, t.hour, t.minute);
  return buf;
}

std::string format_duration_zh(Epoch seconds) {
  if (seconds < 0) seconds = -seconds;
  const Epoch days = seconds / 86400;
  const Epoch hours = seconds / 3600 % 24;
  const Epoch minutes = seconds / 60 % 60;
  std::string s;
  auto part = [&s](Epoch v, const char* unit) {
    if (!s.empty()) s += ' ';
    s += std::to_string(v);
    s += ' ';
    s += unit;
  };
  if (days > 0) part(days, "天");
  if (hours > 0) part(hours, "小时");
  if (days == 0 && minutes > 0) part(minutes, "分钟");
  if (s.empty()) part(seconds, "秒");
  return s;
}

}  // namespace lanshou
