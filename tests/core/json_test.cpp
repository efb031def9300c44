#include "lanshou/json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace lanshou {
namespace {

JsonValue parsed(std::string_view text) {
  JsonValue v;
  std::string error;
  EXPECT_TRUE(parse_json(text, &v, &error)) << text << ": " << error;
  return v;
}

std::string error_of(std::string_view text, int max_depth = kJsonMaxDepth) {
  JsonValue v;
  std::string error;
  EXPECT_FALSE(parse_json(text, &v, &error, max_depth)) << text;
  return error;
}

// What nlohmann/json (the library the core used before) writes for the same text.
std::string nlohmann_dump(std::string_view text) {
  return nlohmann::json::parse(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(Json, ReadsEveryTypeWithExactValues) {
  const JsonValue v = parsed(
      R"( {"s": "文字", "t": true, "f": false, "n": null, "i": -12, "u": 18446744073709551615,)"
      R"( "d": 2.5, "a": [1, "x", []], "o": {}} )");
  ASSERT_TRUE(v.is_object());
  EXPECT_EQ(v.find("s")->str(), "文字");
  EXPECT_TRUE(v.find("t")->as_bool());
  EXPECT_TRUE(v.find("f")->is_bool());
  EXPECT_FALSE(v.find("f")->as_bool());
  EXPECT_TRUE(v.find("n")->is_null());
  EXPECT_EQ(v.find("i")->type(), JsonValue::Type::kInt);
  EXPECT_EQ(v.find("i")->as_int64(), -12);
  EXPECT_EQ(v.find("u")->type(), JsonValue::Type::kUint);
  EXPECT_EQ(v.find("u")->as_uint64(), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(v.find("d")->type(), JsonValue::Type::kFloat);
  EXPECT_EQ(v.find("d")->as_double(), 2.5);
  ASSERT_TRUE(v.find("a")->is_array());
  EXPECT_EQ(v.find("a")->size(), 3U);
  EXPECT_EQ((*v.find("a"))[1].str(), "x");
  EXPECT_TRUE(v.find("o")->is_object());
  EXPECT_TRUE(v.find("o")->empty());
  EXPECT_EQ(v.find("missing"), nullptr);
  EXPECT_EQ(v.find("s")->find("s"), nullptr);  // not an object
}

TEST(Json, ObjectsKeepTheirOrderAndTheWriterCanSortThem) {
  const JsonValue v = parsed(R"({"b":1,"a":{"d":2,"c":3},"é":0,"A":4})");
  EXPECT_EQ(write_json(v), R"({"b":1,"a":{"d":2,"c":3},"é":0,"A":4})");
  EXPECT_EQ(write_json(v, JsonKeys::kSorted), R"({"A":4,"a":{"c":3,"d":2},"b":1,"é":0})");
}

TEST(Json, ARepeatedKeyKeepsItsFirstPlaceAndItsLastValue) {
  // nlohmann/json kept the last value too ({"a":3,"b":2} there, its keys sorted).
  const JsonValue v = parsed(R"({"a":1,"b":2,"a":3})");
  EXPECT_EQ(write_json(v), R"({"a":3,"b":2})");
  EXPECT_EQ(write_json(v, JsonKeys::kSorted), nlohmann_dump(R"({"a":1,"b":2,"a":3})"));
  std::string many = "{";
  for (int i = 0; i < 1000; ++i)
    many += "\"k" + std::to_string(i % 7) + "\":" + std::to_string(i) + ",";
  many.back() = '}';
  EXPECT_EQ(write_json(parsed(many), JsonKeys::kSorted), nlohmann_dump(many));
  EXPECT_EQ(write_json(parsed(many)),
            R"({"k0":994,"k1":995,"k2":996,"k3":997,"k4":998,"k5":999,"k6":993})");
}

TEST(Json, NumbersAreWrittenAsNlohmannWroteThem) {
  std::istringstream numbers(
      "0 -0 7 -12 18446744073709551615 18446744073709551616 -9223372036854775808 "
      "-9223372036854775809 2.0 -0.0 0.0 1.5 72.5 0.1 1e2 1E+2 1e-7 1e-5 0.0001 "
      "0.00001 123456789012345.0 1e15 1e16 1e21 1.7976931348623157e308 5e-324 "
      "2.2250738585072014e-308 0.30000000000000004 123.456789012345678 "
      "99999.99999999999 1.0000000000000002 9007199254740993 1e-400 3.14159e100 "
      "100000000000000000000000 ");
  for (std::string text; numbers >> text;) {
    EXPECT_EQ(write_json(parsed(text)), nlohmann_dump(text)) << text;
  }
  EXPECT_EQ(write_json(parsed("2.0")), "2.0");
  EXPECT_EQ(write_json(parsed("1e21")), "1e+21");
  EXPECT_EQ(write_json(parsed("-0")), "0");
  EXPECT_EQ(write_json(JsonValue::number(std::numeric_limits<double>::infinity())), "null");
}

TEST(Json, RandomDoublesAreWrittenAsNlohmannWroteThem) {
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  for (int i = 0; i < 20000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    double d = 0;
    std::memcpy(&d, &state, sizeof d);
    if (!std::isfinite(d)) continue;
    ASSERT_EQ(write_json(JsonValue::number(d)), nlohmann::json(d).dump()) << state;
  }
}

TEST(Json, BigIntegersBecomeFloatsBeyondSixtyFourBits) {
  EXPECT_EQ(parsed("9223372036854775807").type(), JsonValue::Type::kUint);
  EXPECT_EQ(parsed("-9223372036854775808").as_int64(), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(parsed("18446744073709551616").type(), JsonValue::Type::kFloat);
  EXPECT_EQ(parsed("18446744073709551616").as_double(), 18446744073709551616.0);
  EXPECT_EQ(error_of("1e400"), "第 1 行第 1 列：数字超出范围");
  EXPECT_EQ(error_of("[-" + std::string(400, '9') + "]"), "第 1 行第 2 列：数字超出范围");
}

TEST(Json, StringsWithSurrogatePairsAndEscapes) {
  EXPECT_EQ(parsed(R"("\ud83d\ude00")").str(), "😀");
  EXPECT_EQ(parsed(R"("\u00e9\u4E2D\u0000x")").str(), std::string("é中\0x", 7));
  EXPECT_EQ(parsed(R"("\"\\\/\b\f\n\r\t")").str(), "\"\\/\b\f\n\r\t");
  EXPECT_EQ(error_of(R"("\ud83d")"), "第 1 行第 2 列：\\u 代理项不成对");
  EXPECT_EQ(error_of(R"("\ud83d\u0041")"), "第 1 行第 2 列：\\u 代理项不成对");
  EXPECT_EQ(error_of(R"(["ok", "\ude00"])"), "第 1 行第 9 列：\\u 代理项不成对");
  EXPECT_EQ(error_of(R"("\u12G4")"), "第 1 行第 4 列：\\u 之后应有 4 位十六进制数");
  EXPECT_EQ(error_of(R"("\x")"), "第 1 行第 2 列：无效的转义 \\x");
}

TEST(Json, TheWriterEscapesAsNlohmannDid) {
  const std::string text = R"("a\b\f\n\r\t\u0001\u001f\u007f\"\\/é😀\u2028")";
  EXPECT_EQ(write_json(parsed(text)), nlohmann_dump(text));
  EXPECT_EQ(write_json(parsed(text)), "\"a\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\\\"\\\\/é😀\u2028\"");
}

TEST(Json, InvalidUtf8IsRefusedWhenReadAndReplacedWhenWritten) {
  EXPECT_EQ(error_of("{\"a\": \"x\xff\"}"), "第 1 行第 9 列：字符串中有无效的 UTF-8");
  EXPECT_EQ(error_of("\"\xed\xa0\x80\""), "第 1 行第 2 列：字符串中有无效的 UTF-8");  // a surrogate
  EXPECT_EQ(error_of("\"\xc0\xaf\""), "第 1 行第 2 列：字符串中有无效的 UTF-8");      // overlong
  // Built strings: one U+FFFD per maximal ill-formed subpart, as nlohmann's replace handler.
  for (const std::string s :
       {"a\xff", "\xe4\xb8", "\xe4\xb8x", "\xe4\xb8\xe4\xb8\xad", "\xf0\x9f\x98", "\xe0\x80\x80",
        "\xed\xa0\x80", "\xf4\x90\x80\x80", "\x80\x80", "\xc3", "ok\xc3\xa9\xfe\b"}) {
    EXPECT_EQ(write_json(JsonValue::string(s)),
              nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
        << s;
  }
  EXPECT_EQ(write_json(JsonValue::string("\xe4\xb8x")), "\"\xEF\xBF\xBDx\"");
}

TEST(Json, ErrorsSayWhereInLinesAndCharacters) {
  EXPECT_EQ(error_of(""), "第 1 行第 1 列：JSON 不完整");
  EXPECT_EQ(error_of("{\"a\" 1}"), "第 1 行第 6 列：缺少 :");
  EXPECT_EQ(error_of("{\n  \"名字\": 1,\n  \"b\": 2,\n}"),
            "第 4 行第 1 列：对象的键应为带引号的字符串");
  EXPECT_EQ(error_of("[1 2]"), "第 1 行第 4 列：数组中缺少 , 或 ]");
  EXPECT_EQ(error_of("{\"a\":1 \"b\":2}"), "第 1 行第 8 列：对象中缺少 , 或 }");
  EXPECT_EQ(error_of("[1,"), "第 1 行第 4 列：JSON 不完整");
  EXPECT_EQ(error_of("\"abc"), "第 1 行第 5 列：字符串缺少结尾的引号");
  EXPECT_EQ(error_of("\"a\tb\""), "第 1 行第 3 列：字符串中有未转义的控制字符");
  EXPECT_EQ(error_of("{} x"), "第 1 行第 4 列：JSON 之后还有多余的内容");
  EXPECT_EQ(error_of("01"), "第 1 行第 2 列：JSON 之后还有多余的内容");
  EXPECT_EQ(error_of("-"), "第 1 行第 2 列：无效的数字");
  EXPECT_EQ(error_of("1."), "第 1 行第 3 列：无效的数字");
  EXPECT_EQ(error_of("tru"), "第 1 行第 1 列：无法识别的值");
  EXPECT_EQ(error_of("NaN"), "第 1 行第 1 列：无法识别的值");
  EXPECT_EQ(error_of("'a'"), "第 1 行第 1 列：无法识别的值");
}

TEST(Json, NestingBeyondTheLimitIsRefusedWithoutRecursingIntoIt) {
  EXPECT_TRUE(parsed(std::string(kJsonMaxDepth, '[') + std::string(kJsonMaxDepth, ']')).is_array());
  EXPECT_EQ(error_of(std::string(kJsonMaxDepth + 1, '[') + std::string(kJsonMaxDepth + 1, ']')),
            "第 1 行第 257 列：嵌套超过 256 层");
  EXPECT_EQ(error_of(R"({"a":[{"b":1}]})", 2), "第 1 行第 7 列：嵌套超过 2 层");
  EXPECT_EQ(error_of(std::string(1000000, '[')), "第 1 行第 257 列：嵌套超过 256 层");
}

// nlohmann/json's lexer took a NUL byte for the end of the input and read "-922\0…" as -922
// (tests/fuzz/regressions/json-nul-after-value.json, found by fuzz_json); strict JSON refuses it.
TEST(Json, ANulByteAfterTheValueIsRefused) {
  EXPECT_EQ(error_of(std::string("-922\0\x02", 6)), "第 1 行第 5 列：JSON 之后还有多余的内容");
  EXPECT_EQ(error_of(std::string("{}\0", 3)), "第 1 行第 3 列：JSON 之后还有多余的内容");
  EXPECT_EQ(error_of(std::string("[1,\0]", 5)), "第 1 行第 4 列：无法识别的值");
}

TEST(Json, AByteOrderMarkAndSurroundingWhitespaceAreAccepted) {
  EXPECT_EQ(write_json(parsed("\xEF\xBB\xBF {\"a\":[]}\r\n\t")), R"({"a":[]})");
  EXPECT_EQ(error_of("\xEF\xBB{}"), "第 1 行第 1 列：无法识别的值");
}

TEST(Json, BuildingSetReplacesAndAppends) {
  JsonValue o;
  o.set("b", JsonValue::integer(1));
  o.set("a", JsonValue::string("x"));
  o.set("b", JsonValue::boolean(true));
  JsonValue list = JsonValue::array();
  list.push_back(JsonValue::number(2.0));
  list.push_back(JsonValue());
  o.set("list", std::move(list));
  EXPECT_EQ(write_json(o), R"({"b":true,"a":"x","list":[2.0,null]})");
  EXPECT_EQ(write_json(JsonValue::object()), "{}");
  EXPECT_EQ(write_json(JsonValue::array()), "[]");
}

TEST(Json, ParseWriteParseGivesTheSameDocument) {
  const std::string text =
      R"({"z":[1,-2,3.25,1e300,"\u0000\u001f",{"":null}],"y":{"x":{"w":[true,false]}},"中":"文"})";
  const std::string once = write_json(parsed(text));
  EXPECT_EQ(write_json(parsed(once)), once);
  EXPECT_EQ(write_json(parsed(text), JsonKeys::kSorted), nlohmann_dump(text));
}

}  // namespace
}  // namespace lanshou
