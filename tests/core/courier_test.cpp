#include "lanshou/courier.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

#include "lanshou/check.h"
#include "lanshou/embedded.h"
#include "lanshou/input.h"
#include "lanshou/time.h"

namespace lanshou {
namespace {

const CourierRegistry& builtin() {
  return CourierRegistry::builtin();
}

std::vector<std::string> detected_codes(const CourierRegistry& registry, std::string_view number) {
  std::vector<std::string> codes;
  for (const CourierMatch& m : registry.detect(number)) codes.push_back(m.courier->code);
  return codes;
}

std::string code_by_name(std::string_view name) {
  const Courier* c = builtin().find_by_name(name);
  return c == nullptr ? "(none)" : c->code;
}

// --- The data: every file loads, and each carries enough test numbers. ---

TEST(CourierData, EveryEmbeddedFileLoadsCleanly) {
  CourierRegistry registry;
  int files = 0;
  for (const EmbeddedFile& f : embedded_files()) {
    if (f.path.substr(0, 9) != "couriers/") continue;
    ++files;
    std::string error;
    EXPECT_TRUE(registry.add_from_json(f.bytes, f.path, &error)) << error;
  }
  EXPECT_EQ(files, 17);
  EXPECT_EQ(builtin().all().size(), 17u);
}

TEST(CourierData, EachFileIsNamedAfterItsCode) {
  for (const Courier& c : builtin().all()) {
    std::string path = "couriers/";
    for (const char ch : c.code) path.push_back(static_cast<char>(std::tolower(ch)));
    path += ".json";
    EXPECT_FALSE(embedded_file(path).empty()) << c.code;
  }
}

// Valid numbers are real ones from tests/fixtures/couriers/corpus.tsv wherever the corpus has them,
// so a shape backed by one real number carries one (issue 15); shape examples are marked in the
// note.
TEST(CourierData, EveryPatternHasValidAndTwoInvalidNumbers) {
  for (const Courier& c : builtin().all()) {
    EXPECT_EQ(c.as_of, "2026-12-07") << c.code;
    for (const CourierPattern& p : c.patterns) {
      EXPECT_GE(p.valid.size(), 1u) << c.code << " " << p.pattern;
      EXPECT_GE(p.invalid.size(), 2u) << c.code << " " << p.pattern;
    }
  }
}

// --- Every test number in the data against its own pattern and against every courier. ---

TEST(CourierDetect, ValidNumbersMatchTheirCourierWithThePatternsConfidence) {
  for (const Courier& c : builtin().all()) {
    for (const CourierPattern& p : c.patterns) {
      for (const TestNumber& t : p.valid) {
        EXPECT_TRUE(p.matches(t.number)) << c.code << " " << t.number;
        for (const CourierPattern& other : c.patterns) {
          if (&other != &p) {
            EXPECT_FALSE(other.matches(t.number)) << "two patterns of " << c.code;
          }
        }
        bool found = false;
        for (const CourierMatch& m : builtin().detect(t.number)) {
          if (m.courier != &c) continue;
          found = true;
          EXPECT_EQ(m.confidence, p.confidence) << t.number;
        }
        EXPECT_TRUE(found) << c.code << " " << t.number;
      }
    }
  }
}

TEST(CourierDetect, InvalidNumbersDoNotMatchTheirPattern) {
  for (const Courier& c : builtin().all()) {
    for (const CourierPattern& p : c.patterns) {
      for (const std::string& number : p.invalid) {
        EXPECT_FALSE(p.matches(number)) << c.code << " " << number;
      }
    }
  }
}

TEST(CourierDetect, EveryCollisionIsDeclaredInTheData) {
  for (const Courier& c : builtin().all()) {
    for (const CourierPattern& p : c.patterns) {
      for (const TestNumber& t : p.valid) {
        std::set<std::string> expected = {c.code};
        for (const std::string& code : t.also_matches) {
          EXPECT_NE(builtin().find_by_code(code), nullptr) << "unknown code " << code;
          expected.insert(code);
        }
        const std::vector<std::string> codes = detected_codes(builtin(), t.number);
        EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()), expected) << t.number;
        EXPECT_EQ(codes.size(), expected.size()) << "one entry per courier: " << t.number;
      }
    }
  }
}

// --- Detection. ---

TEST(CourierDetect, SampleNumbersFindExactlyTheirCourier) {
  const std::pair<const char*, const char*> samples[] = {
      {"75124400000101", "ZTO"}, {"YT7400000000103", "YTO"}, {"SF1400000000104", "SF"},
      {"431234567890201", "YD"}, {"77123456780202", "STO"},  {"JT1234567890203", "JTSD"},
      {"75124400000301", "ZTO"},
  };
  for (const auto& [number, code] : samples) {
    EXPECT_EQ(detected_codes(builtin(), number), std::vector<std::string>{code}) << number;
  }
}

TEST(CourierDetect, YunExpressIsToldFromYtoByLength) {
  EXPECT_EQ(detected_codes(builtin(), "YT2312345678901234"),
            std::vector<std::string>{"YUNEXPRESS"});
  EXPECT_EQ(detected_codes(builtin(), "YT2345678901234"), std::vector<std::string>{"YTO"});
}

TEST(CourierDetect, RanksByConfidenceThenRegistryOrder) {
  const auto postal = builtin().detect("5012345678901");
  ASSERT_EQ(postal.size(), 2u);
  EXPECT_EQ(postal[0].courier->code, "EMS");
  EXPECT_EQ(postal[0].confidence, Confidence::kMedium);
  EXPECT_EQ(postal[1].courier->code, "YD");
  EXPECT_EQ(postal[1].confidence, Confidence::kLow);
  // 12 digits: six couriers issued them; firm data before uncertain, then registry order.
  EXPECT_EQ(detected_codes(builtin(), "933346116516"),
            (std::vector<std::string>{"SF", "STO", "YTO", "ZTO", "ANE", "BEST"}));
}

TEST(CourierDetect, NormalisesSpacesHyphensCaseAndFullWidth) {
  EXPECT_EQ(detected_codes(builtin(), " sf 1400-0000-00104\t"), std::vector<std::string>{"SF"});
  EXPECT_EQ(detected_codes(builtin(), "ＳＦ１４００００００００１０４"),
            std::vector<std::string>{"SF"});
  EXPECT_EQ(detected_codes(builtin(), "\u3000jt1234567890203\u00a0"),
            std::vector<std::string>{"JTSD"});
  EXPECT_EQ(normalize_tracking_no(" sf-14\u300000 "), "SF1400");
  EXPECT_EQ(normalize_tracking_no("ｊｔ－１２"), "JT12");
  EXPECT_EQ(normalize_tracking_no("SF14#"), "");
  EXPECT_EQ(normalize_tracking_no("单号SF14"), "");
}

TEST(CourierDetect, GarbageFindsNothing) {
  for (const char* garbage : {"", "abc", "   ", "---", "中通快递", "SF14000000001O4", "0", "YT"}) {
    EXPECT_TRUE(builtin().detect(garbage).empty()) << garbage;
  }
  const std::string huge(std::size_t{10} << 20, '7');
  // Longer than any pattern: rejected before it is read in full (speed is measured in the bench).
  EXPECT_TRUE(builtin().detect(huge).empty());
}

TEST(CourierS10, CheckDigitsHaveTheExactValues) {
  EXPECT_EQ(s10_check_digit("47312482"), 9);  // RR473124829GB, the textbook example
  EXPECT_EQ(s10_check_digit("12345678"), 5);  // sum 204, 204 mod 11 = 6
  EXPECT_EQ(s10_check_digit("20241126"), 0);  // sum mod 11 = 1: 11 - 1 = 10 -> 0
  EXPECT_EQ(s10_check_digit("00000000"), 5);  // sum mod 11 = 0: 11 - 0 = 11 -> 5
  EXPECT_EQ(s10_check_digit("31415926"), 8);
  EXPECT_EQ(s10_check_digit("1234567"), -1);
  EXPECT_EQ(s10_check_digit("1234567A"), -1);
}

TEST(CourierS10, CheckDigitDecidesInternationalPostNumbers) {
  const auto ems = builtin().detect("EE123456785CN");
  ASSERT_EQ(ems.size(), 1u);
  EXPECT_EQ(ems[0].courier->code, "EMS");
  EXPECT_EQ(ems[0].confidence, Confidence::kHigh);
  EXPECT_TRUE(builtin().detect("EE123456784CN").empty());
  EXPECT_EQ(detected_codes(builtin(), "rr 473 124 829 cn"), std::vector<std::string>{"YZPY"});
}

TEST(CourierConfidence, HasStableNames) {
  EXPECT_EQ(to_string(Confidence::kHigh), "high");
  EXPECT_EQ(to_string(Confidence::kMedium), "medium");
  EXPECT_EQ(to_string(Confidence::kLow), "low");
}

// --- Names as merchants write them. ---

TEST(CourierName, ResolvesTheWaysMerchantsWriteNames) {
  const std::pair<const char*, const char*> names[] = {
      {"中通", "ZTO"},
      {"中通快递", "ZTO"},
      {"ZTO", "ZTO"},
      {"zto", "ZTO"},
      {"ｚｔｏ", "ZTO"},
      {"  中通快递 ", "ZTO"},
      {"\u3000中通快递\u3000", "ZTO"},
      {"中通快递(加盟)", "ZTO"},
      {"中通快递（加盟）", "ZTO"},
      {"zhongtong", "ZTO"},
      {"圆通速递", "YTO"},
      {"圆通", "YTO"},
      {"J&T", "JTSD"},
      {"Ｊ＆Ｔ", "JTSD"},
      {"j&t express", "JTSD"},
      {"极兔", "JTSD"},
      {"极兔速递", "JTSD"},
      {"百世快递", "JTSD"},
      {"顺丰", "SF"},
      {"SF Express", "SF"},
      {"韵达快递", "YD"},
      {"申通快递", "STO"},
      {"STO快递", "STO"},
      {"京东物流", "JD"},
      {"德邦物流", "DBL"},
      {"邮政EMS", "EMS"},
      {"EMS", "EMS"},
      {"邮政EMS快递", "EMS"},
      {"邮政", "YZPY"},
      {"中国邮政", "YZPY"},
      {"邮政快递包裹", "YZPY"},
      {"丰网速运", "FWX"},
      {"菜鸟速递", "CNSD"},
      {"云途", "YUNEXPRESS"},
  };
  for (const auto& [name, code] : names) EXPECT_EQ(code_by_name(name), code) << name;
}

TEST(CourierName, UnknownNamesFindNothing) {
  for (const char* name : {"某某物流", "", "   ", "Stone", "JTX", "物流"}) {
    EXPECT_EQ(code_by_name(name), "(none)") << name;
  }
}

TEST(CourierName, EveryCodeNameAndAliasFindsItsCourier) {
  for (const Courier& c : builtin().all()) {
    EXPECT_EQ(builtin().find_by_name(c.code), &c);
    EXPECT_EQ(builtin().find_by_name(c.name), &c);
    for (const std::string& alias : c.aliases)
      EXPECT_EQ(builtin().find_by_name(alias), &c) << alias;
    EXPECT_EQ(builtin().find_by_code(c.code), &c);
  }
  EXPECT_EQ(builtin().find_by_code("NOPE"), nullptr);
}

// --- Loading: bad data is refused with a message naming the file and the key. ---

constexpr const char* kTestCourier = R"({
  "code": "TST", "name": "测试快递", "aliases": ["测试"], "source": "test", "confidence": "firm",
  "as_of": "2026-11-26",
  "patterns": [{"pattern": "T[0-4]\\d{2,3}", "confidence": "high",
                "valid": ["T123", "T4567"], "invalid": ["T523", "T12"]}]
})";

std::string load_error(const std::string& text) {
  CourierRegistry registry;
  std::string error;
  EXPECT_FALSE(registry.add_from_json(text, "couriers/tst.json", &error));
  EXPECT_TRUE(registry.all().empty());
  return error;
}

std::string with(std::string_view from, std::string_view to) {
  std::string text = kTestCourier;
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(CourierRegistry, LoadsAFileAndMatchesVariableCounts) {
  CourierRegistry registry;
  std::string error;
  ASSERT_TRUE(registry.add_from_json(kTestCourier, "couriers/tst.json", &error)) << error;
  EXPECT_EQ(detected_codes(registry, "t-0123"), std::vector<std::string>{"TST"});
  EXPECT_TRUE(registry.detect("T01234").empty());
  EXPECT_EQ(registry.find_by_name("测试快递")->code, "TST");
}

TEST(CourierRegistry, RefusesBadDataNamingFileAndKey) {
  EXPECT_EQ(load_error("{"), "couriers/tst.json：不是一个 JSON 对象");
  EXPECT_EQ(load_error(with(R"("code": "TST", )", "")), "couriers/tst.json：键 code 缺失");
  EXPECT_EQ(load_error(with(R"("source": "test")", R"("source": 1)")),
            "couriers/tst.json：键 source 应为字符串");
  EXPECT_EQ(load_error(with(R"("confidence": "firm")", R"("confidance": "firm")")),
            "couriers/tst.json：键 confidance 不认识");
  EXPECT_EQ(load_error(with(R"("high")", R"("sure")")),
            "couriers/tst.json：键 patterns[0].confidence 应为 high、medium 或 low");
  EXPECT_EQ(load_error(with(R"(T[0-4])", R"(T[0-4)")),
            "couriers/tst.json：键 patterns[0].pattern 字符类中只能写 0-9 和 A-Z");
  EXPECT_EQ(load_error(with(R"(\\d{2,3})", R"(\\w{2,3})")),
            "couriers/tst.json：键 patterns[0].pattern 只支持 \\d 这一种转义");
  EXPECT_EQ(load_error(with(R"(\\d{2,3})", R"(\\d{3,2})")),
            "couriers/tst.json：键 patterns[0].pattern 重复次数不合法");
  EXPECT_EQ(
      load_error(with(R"(\\d{2,3})", R"(t\\d{2,3})")),
      "couriers/tst.json：键 patterns[0].pattern 只能由 0-9、A-Z、\\d、[...]、{n}、{n,m} 组成");
  EXPECT_EQ(load_error(with(R"(\\d{2,3})", R"(\\d{20}\\d{20})")),
            "couriers/tst.json：键 patterns[0].pattern 描述的单号过长（最多 32 位）");
  EXPECT_EQ(load_error(with(R"("T4567")", R"("T45678")")),
            "couriers/tst.json：键 patterns[0].valid[1] 的单号与模式不符：T45678");
  EXPECT_EQ(load_error(with(R"("T12"])", R"("T1234"])")),
            "couriers/tst.json：键 patterns[0].invalid[1] 的单号却与模式相符：T1234");
  EXPECT_EQ(
      load_error(with(R"("T12"])", R"("t12"])")),
      "couriers/tst.json：键 patterns[0].invalid[1] 应为规范写法的单号（只含大写字母和数字）：t12");
  EXPECT_EQ(load_error(with(R"("confidence": "high",)",
                            R"("confidence": "high", "checksum": {"algorithm": "mod99"},)")),
            "couriers/tst.json：键 patterns[0].checksum.algorithm 不是已知的校验算法：mod99");
}

TEST(CourierRegistry, RefusesAnAliasThatBelongsToAnotherCourier) {
  CourierRegistry registry;
  std::string error;
  ASSERT_TRUE(registry.add_from_json(kTestCourier, "couriers/tst.json", &error)) << error;
  const std::string other =
      with(R"("code": "TST", "name": "测试快递")", R"("code": "OTH", "name": "别家快递")");
  EXPECT_FALSE(registry.add_from_json(other, "couriers/oth.json", &error));
  EXPECT_EQ(error, "couriers/oth.json：键 aliases 中的 测试 已属于 测试快递（TST）");
  EXPECT_EQ(registry.all().size(), 1u);
}

TEST(CourierRegistry, AFileWithAKnownCodeReplacesThatCourier) {
  CourierRegistry registry;
  std::string error;
  ASSERT_TRUE(registry.add_from_json(kTestCourier, "couriers/tst.json", &error)) << error;
  ASSERT_TRUE(
      registry.add_from_json(with(R"("测试快递")", R"("新测试快递")"), "override.json", &error))
      << error;
  ASSERT_EQ(registry.all().size(), 1u);
  EXPECT_EQ(registry.all()[0].name, "新测试快递");
  EXPECT_EQ(registry.find_by_name("新测试快递"), &registry.all()[0]);
  EXPECT_EQ(detected_codes(registry, "T123"), std::vector<std::string>{"TST"});
}

}  // namespace
}  // namespace lanshou

// --- Short bare numbers (issue 15): read where a courier issues the shape, else named. ---

namespace lanshou {
namespace {

TEST(CourierShortNumbers, AreReadWhereACourierIssuesTheShapeOrListedWithTheirLine) {
  // 德邦 10 digits and old 京东 11 digits (corpus) are read on their own.
  ParsedInput a = read_input("8478081206\n57376073162\n");
  ASSERT_EQ(a.orders.size(), 2u);
  EXPECT_EQ(a.orders[0].get(Field::kTrackingNo), "8478081206");
  EXPECT_EQ(a.orders[1].get(Field::kTrackingNo), "57376073162");
  EXPECT_TRUE(a.errors.empty());
  // 8-9 digits: read with a courier that issues them, else a note on the line.
  ParsedInput b = read_input("德邦 20231587\n\n20231587\n");
  ASSERT_EQ(b.orders.size(), 1u);
  EXPECT_EQ(b.orders[0].get(Field::kTrackingNo), "20231587");
  EXPECT_EQ(b.orders[0].get(Field::kCourier), "德邦");
  ASSERT_EQ(b.errors.size(), 1u);
  EXPECT_EQ(b.errors[0].line, 3u);
  EXPECT_EQ(b.errors[0].code, "short_number_ignored");
  EXPECT_EQ(b.errors[0].message,
            "「20231587」像是快递单号，但这么短的单号只有少数快递公司使用，未当作单号读取；"
            "如是单号，请把快递公司写在同一行（如：德邦 20231587）");
  EXPECT_TRUE(b.errors[0].note);
  // A note is listed with the errors but is no row error: the CLI exits 0 for it.
  CheckOptions options;
  options.now = parse_time("2025-03-12 12:00:00").epoch;
  const CheckOutput noted = check("20231587\n", options);
  EXPECT_FALSE(noted.row_errors);
  EXPECT_NE(noted.text.find("\"short_number_ignored\""), std::string::npos);
  EXPECT_TRUE(check("订单号,支付时间\n250310-512000000000001,昨天下午\n", options).row_errors);
  // Dates, mobile numbers and words are no tracking numbers: nothing to say.
  ParsedInput c = read_input("20261207\n13800138000\n2026-12-07\nSTOCKING\n");
  EXPECT_TRUE(c.orders.empty());
  EXPECT_TRUE(c.errors.empty());
}

}  // namespace
}  // namespace lanshou
