#include "lanshou/tracking_verdict.h"

#include <gtest/gtest.h>

#include <string>

#include "lanshou/session.h"

namespace lanshou {
namespace {

const Courier* courier(std::string_view code) {
  return CourierRegistry::builtin().find_by_code(code);
}

TrackingVerdict judge(std::string_view raw, std::string_view declared_code,
                      std::string_view order_sn = "", TrackingEvidence evidence = {}) {
  const std::string n = normalize_tracking_no(raw);
  return judge_tracking_number(n, declared_code.empty() ? nullptr : courier(declared_code),
                               order_sn, CourierRegistry::builtin().detect(n), evidence);
}

std::string kind(const TrackingVerdict& v) {
  std::string s(to_string(v.kind));
  if (v.kind == TrackingVerdictKind::kInvalid) s += ":" + std::string(to_string(v.reason));
  if (v.kind == TrackingVerdictKind::kMismatch) s += ":" + v.other->code;
  return s;
}

TEST(TrackingVerdict, RealNumbersOfTheDeclaredCourierAreOk) {
  // From tests/fixtures/couriers/corpus.tsv: the shapes issue 15 saw flagged as wrong.
  EXPECT_EQ(kind(judge("773027491214552", "STO")), "ok");  // 申通 15 digits 77
  EXPECT_EQ(kind(judge("79103298300372", "ZTO")), "ok");   // 中通 79
  EXPECT_EQ(kind(judge("3101959187888", "YD")), "ok");     // 韵达 13 digits
  EXPECT_EQ(kind(judge("9862325358361", "YZPY")), "ok");   // 邮政 13 digits
  EXPECT_EQ(kind(judge("1201088260402", "YD")), "ok");     // 韵达 on EMS's shape
  EXPECT_EQ(kind(judge("8478081206", "DBL")), "ok");       // 德邦 10 digits
  EXPECT_EQ(kind(judge("883694722577193295", "YTO")), "ok");
  EXPECT_EQ(kind(judge("57376073162", "JD")), "ok");  // old 京东 11 digits
}

TEST(TrackingVerdict, OldBestNumbersAreOkUnderTheNameThatNowMeans极兔) {
  EXPECT_EQ(CourierRegistry::builtin().find_by_name("百世快递"), courier("JTSD"));
  EXPECT_EQ(kind(judge("70267806030689", "JTSD")), "ok");
  EXPECT_EQ(kind(judge("557020683421114", "JTSD")), "ok");
}

TEST(TrackingVerdict, AShapeOneCourierOwnsDeclaredAsAnotherIsAMismatch) {
  EXPECT_EQ(kind(judge("SF1385628716739", "ZTO")), "mismatch:SF");
  EXPECT_EQ(kind(judge("JT5261988016578", "YTO")), "mismatch:JTSD");
}

TEST(TrackingVerdict, AllDigitShapesOfAnotherCourierAreOnlyUnverified) {
  // 14 digits 7x are 中通's, but digits carry no owner mark: check, do not change.
  EXPECT_EQ(kind(judge("75124400000095", "YD")), "unverified");
  EXPECT_EQ(kind(judge("JT12345678", "JTSD")), "unverified");
  EXPECT_EQ(kind(judge("JDVC14368245107123", "JD")), "unverified");
}

TEST(TrackingVerdict, ATraceProvesTheNumber) {
  TrackingEvidence trace;
  trace.trace_events = 3;
  EXPECT_EQ(kind(judge("75124400000095", "YD", "", trace)), "ok");
  EXPECT_EQ(kind(judge("SF1385628716739", "ZTO", "", trace)), "ok");
  EXPECT_EQ(kind(judge("ZX12", "ZTO", "", trace)), "invalid:impossible_length");
}

TEST(TrackingVerdict, InvalidOnlyWhenTheNumberCannotBeRight) {
  EXPECT_EQ(kind(judge("", "ZTO")), "invalid:impossible_characters");
  EXPECT_EQ(kind(judge("12345", "ZTO")), "invalid:impossible_length");
  EXPECT_EQ(kind(judge("773027491214552773027491214552773", "STO")), "invalid:impossible_length");
  for (const char* placeholder : {"11111111111", "999999999999999", "1234567890", "9876543210",
                                  "JT0000000000000", "NOTRACKING"}) {
    EXPECT_EQ(kind(judge(placeholder, "JTSD")), "invalid:placeholder") << placeholder;
  }
  EXPECT_EQ(kind(judge("250311512000000000101", "ZTO", "250311-512000000000101")),
            "invalid:order_number");
  EXPECT_EQ(kind(judge("EE123456784CN", "EMS")), "invalid:s10_check_digit");
  EXPECT_EQ(kind(judge("EE123456785CN", "EMS")), "ok");
  TrackingEvidence missing;
  missing.aggregator_says_missing = true;
  EXPECT_EQ(kind(judge("253368960873", "SF", "", missing)), "invalid:aggregator_says_missing");
  EXPECT_EQ(kind(judge("253368960873", "SF")), "ok");  // the same number from its shape alone
}

TEST(TrackingVerdict, WithoutADeclaredCourierOnlyTheNumberItselfIsJudged) {
  EXPECT_EQ(kind(judge("75124400000095", "")), "ok");
  EXPECT_EQ(kind(judge("XQ0000000000000", "")), "invalid:placeholder");
  EXPECT_EQ(kind(judge("XQ8816300000097", "")), "ok");
}

TEST(TrackingVerdict, NamesAreStable) {
  EXPECT_EQ(to_string(InvalidReason::kS10CheckDigit), "s10_check_digit");
  EXPECT_EQ(to_string(InvalidReason::kImpossibleCharacters), "impossible_characters");
  EXPECT_EQ(to_string(InvalidReason::kPlaceholder), "placeholder");
  EXPECT_EQ(to_string(InvalidReason::kImpossibleLength), "impossible_length");
  EXPECT_EQ(to_string(InvalidReason::kOrderNumber), "order_number");
  EXPECT_EQ(to_string(InvalidReason::kAggregatorSaysMissing), "aggregator_says_missing");
  EXPECT_EQ(to_string(TrackingVerdictKind::kUnverified), "unverified");
  EXPECT_EQ(to_string(TrackingVerdictKind::kMismatch), "mismatch");
}

TEST(CourierData, AlsoDeclaredAsNamesKnownCouriers) {
  for (const Courier& c : CourierRegistry::builtin().all()) {
    for (const std::string& code : c.also_declared_as) {
      EXPECT_NE(courier(code), nullptr) << c.code << " names " << code;
    }
  }
}

}  // namespace
}  // namespace lanshou

namespace lanshou {
namespace {

TEST(CourierName, AggregatorCodesFindTheirCourier) {
  const std::pair<const char*, const char*> codes[] = {// 快递100 com
                                                       {"zhongtong", "ZTO"},
                                                       {"yuantong", "YTO"},
                                                       {"shentong", "STO"},
                                                       {"yunda", "YD"},
                                                       {"jtexpress", "JTSD"},
                                                       {"shunfeng", "SF"},
                                                       {"jd", "JD"},
                                                       {"youzhengguonei", "YZPY"},
                                                       {"ems", "EMS"},
                                                       {"debangwuliu", "DBL"},
                                                       {"debangkuaidi", "DBL"},
                                                       {"huitongkuaidi", "JTSD"},
                                                       {"annengwuliu", "ANE"},
                                                       {"kuayue", "KYSY"},
                                                       {"tiantian", "HHTT"},
                                                       // 快递鸟 ShipperCode
                                                       {"ZTO", "ZTO"},
                                                       {"YTO", "YTO"},
                                                       {"STO", "STO"},
                                                       {"YD", "YD"},
                                                       {"JTSD", "JTSD"},
                                                       {"SF", "SF"},
                                                       {"YZPY", "YZPY"},
                                                       {"DBL", "DBL"},
                                                       {"HTKY", "JTSD"},
                                                       {"ANE", "ANE"},
                                                       {"KYSY", "KYSY"}};
  for (const auto& [name, code] : codes) {
    const Courier* c = CourierRegistry::builtin().find_by_name(name);
    ASSERT_NE(c, nullptr) << name;
    EXPECT_EQ(c->code, code) << name;
  }
}

// A 快递100 answer with a trace proves its number even when lanshou does not know the shape for
// the courier it names (issue 15: evidence beats guessing).
TEST(TrackingVerdict, AnAggregatorTraceClearsShapeDoubt) {
  const std::string doc =
      R"({"message":"ok","nu":"75124400000095","ischeck":"0","com":"yunda","status":"200",)"
      R"("state":"0","data":[{"time":"2026-12-07 08:00:00","ftime":"2026-12-07 08:00:00",)"
      R"("context":"【杭州市】快件已揽收"}]})";
  CheckOptions options;
  options.now = parse_time("2026-12-07 10:00:00").epoch;
  Session s;
  s.run(doc, options);
  ASSERT_EQ(s.decisions().size(), 1u);
  EXPECT_EQ(s.decisions()[0].courier.resolved, courier("YD"));
  EXPECT_TRUE(s.decisions()[0].findings.empty());
  // The same number and courier without the trace: unverified, nothing to change.
  Session t;
  t.run("快递公司,快递单号\n韵达快递,75124400000095\n", options);
  ASSERT_EQ(t.decisions().size(), 1u);
  ASSERT_EQ(t.decisions()[0].findings.size(), 1u);
  EXPECT_EQ(t.decisions()[0].findings[0].code, FindingCode::kTrackingUnverified);
  EXPECT_EQ(t.decisions()[0].findings[0].severity, Severity::kInfo);
}

}  // namespace
}  // namespace lanshou
