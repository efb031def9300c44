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
}  // namespace lanshou
