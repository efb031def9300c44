#include "lanshou/time.h"

#include <gtest/gtest.h>

namespace lanshou {
namespace {

std::string iso(std::string_view text, int year = 0) {
  const TimeParse p = parse_time(text, year);
  return p.ok() ? format_iso(p.epoch) : "status " + std::to_string(static_cast<int>(p.status));
}

TEST(Time, MaybeEpochReadsLikeAnOptionalInHalfTheBytes) {
  static_assert(sizeof(MaybeEpoch) == sizeof(Epoch));
  MaybeEpoch none;
  EXPECT_FALSE(none.has_value());
  EXPECT_FALSE(static_cast<bool>(none));
  EXPECT_EQ(none.value_or(7), 7);
  EXPECT_EQ(static_cast<std::optional<Epoch>>(none), std::nullopt);
  const MaybeEpoch zero = Epoch{0};  // 1970-01-01 is a value, not "none"
  EXPECT_TRUE(zero.has_value());
  EXPECT_EQ(*zero, 0);
  const MaybeEpoch from_optional = std::optional<Epoch>(1741575600);
  EXPECT_EQ(*from_optional, 1741575600);
  EXPECT_EQ(static_cast<std::optional<Epoch>>(from_optional), std::optional<Epoch>(1741575600));
  EXPECT_FALSE(MaybeEpoch(std::optional<Epoch>()).has_value());
  EXPECT_TRUE(MaybeEpoch(std::nullopt) == none);
  EXPECT_TRUE(from_optional != zero);
  MaybeEpoch reset = from_optional;
  reset.reset();
  EXPECT_FALSE(reset.has_value());
}

TEST(Time, ReadsEveryFormMerchantsPaste) {
  EXPECT_EQ(iso("2025-03-10 17:30:12"), "2025-03-10T17:30:12+08:00");
  EXPECT_EQ(iso("2025/03/10 12:30"), "2025-03-10T12:30:00+08:00");
  EXPECT_EQ(iso("2025/3/9 8:05"), "2025-03-09T08:05:00+08:00");
  EXPECT_EQ(iso("2025年03月10日 12:30"), "2025-03-10T12:30:00+08:00");
  EXPECT_EQ(iso("2025年3月10日 12时30分"), "2025-03-10T12:30:00+08:00");
  EXPECT_EQ(iso("2026-11-25T14:00:00"), "2026-11-25T14:00:00+08:00");
  EXPECT_EQ(iso("2026-11-26T12:00:00+08:00"), "2026-11-26T12:00:00+08:00");
  EXPECT_EQ(iso("2026-11-26T04:00:00Z"), "2026-11-26T12:00:00+08:00");
  EXPECT_EQ(iso("2026-11-26T05:00:00+0900"), "2026-11-26T04:00:00+08:00");
  EXPECT_EQ(iso("2026-11-26T04:00:00.123Z"), "2026-11-26T12:00:00+08:00");
  EXPECT_EQ(iso("2025-03-20"), "2025-03-20T00:00:00+08:00");
  EXPECT_EQ(iso("  2025-03-20 00:00:00  "), "2025-03-20T00:00:00+08:00");
  EXPECT_EQ(iso("03-11 08:03", 2025), "2025-03-11T08:03:00+08:00");
}

TEST(Time, RejectsImpossibleValuesAsOutOfRange) {
  EXPECT_EQ(parse_time("2025-02-30 10:00:00").status, TimeStatus::kOutOfRange);
  EXPECT_EQ(parse_time("2025-03-10 24:00:00").status, TimeStatus::kOutOfRange);
  EXPECT_EQ(parse_time("1900-01-01 00:00:00").status, TimeStatus::kOutOfRange);
  EXPECT_EQ(parse_time("2100-01-01 00:00:00").status, TimeStatus::kOutOfRange);
  EXPECT_EQ(parse_time("2025-13-01 00:00:00").status, TimeStatus::kOutOfRange);
  EXPECT_EQ(parse_time("2025-01-01 10:60:00").status, TimeStatus::kOutOfRange);
}

TEST(Time, LeapDayExistsOnlyInLeapYears) {
  EXPECT_EQ(iso("2028-02-29 23:59:59"), "2028-02-29T23:59:59+08:00");
  EXPECT_EQ(parse_time("2027-02-29 00:00:00").status, TimeStatus::kOutOfRange);
}

TEST(Time, RejectsTextThatIsNotATime) {
  EXPECT_EQ(parse_time("").status, TimeStatus::kEmpty);
  EXPECT_EQ(parse_time("   ").status, TimeStatus::kEmpty);
  EXPECT_EQ(parse_time("明天").status, TimeStatus::kBadFormat);
  EXPECT_EQ(parse_time("2025-03-10 12").status, TimeStatus::kBadFormat);
  EXPECT_EQ(parse_time("2025-03-10 12:30 extra").status, TimeStatus::kBadFormat);
  EXPECT_EQ(parse_time("03-11 08:03").status, TimeStatus::kNeedsYear);
}

TEST(Time, ReportsHowMuchOfATraceLineWasTheTime) {
  std::size_t used = 0;
  const std::string_view line = "2025-03-10 19:47:55 【金华市】 已揽收";
  const TimeParse p = parse_time(line, 0, &used);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(line.substr(used), " 【金华市】 已揽收");
}

TEST(Time, FormatsForPeople) {
  const Epoch e = parse_time("2026-01-02 03:04:05").epoch;
  EXPECT_EQ(format_datetime(e), "2026-01-02 03:04:05");
  EXPECT_EQ(format_short(e), "01-02 03:04");
  EXPECT_EQ(format_duration_zh(4 * 3600), "4 小时");
  EXPECT_EQ(format_duration_zh(27 * 3600 + 120), "1 天 3 小时");
  EXPECT_EQ(format_duration_zh(-25 * 60), "25 分钟");
  EXPECT_EQ(format_duration_zh(30), "30 秒");
}

TEST(Time, RoundTripsAcrossYearEnd) {
  const Epoch e = parse_time("2026-12-31 23:00:00").epoch + 3600;
  EXPECT_EQ(format_iso(e), "2027-01-01T00:00:00+08:00");
}

}  // namespace
// --- Issue 16: the forms of the back office, list pages and input methods -------------------

TEST(Time, ReadsADayPartBeforeATwelveHourClock) {
  EXPECT_EQ(iso("2026年09月05日 下午08:38:32"), "2026-09-05T20:38:32+08:00");
  EXPECT_EQ(iso("2026年09月05日 上午08:38:32"), "2026-09-05T08:38:32+08:00");
  EXPECT_EQ(iso("2026年09月05日 晚上11:05"), "2026-09-05T23:05:00+08:00");
  EXPECT_EQ(iso("2026年09月05日 凌晨12:30"), "2026-09-05T00:30:00+08:00");
  EXPECT_EQ(iso("2026年09月05日 凌晨3:30"), "2026-09-05T03:30:00+08:00");
  EXPECT_EQ(iso("2026年09月05日 中午12:10"), "2026-09-05T12:10:00+08:00");
  EXPECT_EQ(iso("2026年09月05日 中午1:10"), "2026-09-05T13:10:00+08:00");
  EXPECT_EQ(iso("2026年09月05日 下午12:10"), "2026-09-05T12:10:00+08:00");
  EXPECT_EQ(iso("2026年09月05日下午8:38"), "2026-09-05T20:38:00+08:00");
  EXPECT_EQ(iso("2026-09-05 下午08:38:32"), "2026-09-05T20:38:32+08:00");
  EXPECT_EQ(iso("2026-09-05 下午 20:38"), "2026-09-05T20:38:00+08:00");  // already 24-hour
  EXPECT_EQ(iso("09-05 下午08:38", 2026), "2026-09-05T20:38:00+08:00");
}

TEST(Time, AClockThatCannotBeInItsDayPartIsOutOfRange) {
  EXPECT_EQ(parse_time("2026年09月05日 上午15:00").status, TimeStatus::kOutOfRange);
  EXPECT_EQ(parse_time("2026年09月05日 凌晨09:00").status, TimeStatus::kOutOfRange);
  EXPECT_EQ(parse_time("2026年09月05日 下午").status, TimeStatus::kBadFormat);
}

TEST(Time, ReadsMinutesWithoutSecondsAndNoSpaceAfterTheDay) {
  EXPECT_EQ(iso("2026-09-05 20:38"), "2026-09-05T20:38:00+08:00");
  EXPECT_EQ(iso("2026年9月5日20:38"), "2026-09-05T20:38:00+08:00");
  EXPECT_EQ(iso("2026/3/12 23:54"), "2026-03-12T23:54:00+08:00");
}

TEST(Time, ReadsFullWidthDigitsAndPunctuation) {
  EXPECT_EQ(iso("２０２６－０９－０５　２０：３８"), "2026-09-05T20:38:00+08:00");
  EXPECT_EQ(iso("２０２６年９月５日 下午８：３８：３２"), "2026-09-05T20:38:32+08:00");
  EXPECT_EQ(iso("２０２６／０９／０５ ０８：００"), "2026-09-05T08:00:00+08:00");
  // A trace line: how much of the original text was the time, full-width bytes counted.
  std::size_t used = 0;
  const std::string line = "２０２６－０９－０５ ２０：３８ 已揽收";
  ASSERT_TRUE(parse_time(line, 0, &used).ok());
  EXPECT_EQ(line.substr(used), " 已揽收");
}

TEST(Time, ReadsAMonthAndDayInChineseWithTheYearFromContext) {
  EXPECT_EQ(iso("09月05日 20:38", 2026), "2026-09-05T20:38:00+08:00");
  EXPECT_EQ(iso("9月5日20:38", 2026), "2026-09-05T20:38:00+08:00");
  EXPECT_EQ(parse_time("09月05日 20:38").status, TimeStatus::kNeedsYear);
}

TEST(Time, TheYearOfAYearlessTimeIsTheOneNearestItsContext) {
  const Epoch jan2 = parse_time("2027-01-02 09:00:00").epoch;
  const Epoch dec30 = parse_time("2026-12-30 09:00:00").epoch;
  const auto near = [](std::string_view text, Epoch context) {
    const TimeParse p = parse_time_near(text, context);
    return p.ok() ? format_iso(p.epoch) : "status " + std::to_string(static_cast<int>(p.status));
  };
  EXPECT_EQ(near("12-31 23:00", jan2), "2026-12-31T23:00:00+08:00");
  EXPECT_EQ(near("01-02 08:00", dec30), "2027-01-02T08:00:00+08:00");
  EXPECT_EQ(near("08-15 12:00", dec30), "2026-08-15T12:00:00+08:00");
  EXPECT_EQ(near("06-15 12:00", dec30), "2027-06-15T12:00:00+08:00");       // over half a year back
  EXPECT_EQ(near("2025-06-15 12:00", dec30), "2025-06-15T12:00:00+08:00");  // a year wins
  EXPECT_EQ(near("02-29 12:00", parse_time("2028-03-01 00:00:00").epoch),
            "2028-02-29T12:00:00+08:00");
  EXPECT_EQ(parse_time_near("02-30 12:00", dec30).status, TimeStatus::kOutOfRange);
  EXPECT_EQ(parse_time_near("not a time", dec30).status, TimeStatus::kBadFormat);
}

}  // namespace lanshou
