// check_json_streamed (the CLI's JSON output) writes exactly check()'s document, piece by piece.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "lanshou/check.h"
#include "lanshou/compact.h"
#include "lanshou/session.h"
#include "lanshou/time.h"
#include "slurp.h"

namespace lanshou {
namespace {

void expect_same(const std::string& text, CheckOptions o, const std::string& label) {
  o.format = OutputFormat::kJson;
  const CheckOutput whole = check(text, o);
  std::string streamed;
  int pieces = 0;
  const bool row_errors = check_json_streamed(text, o, [&](std::string_view part) {
    streamed += part;
    ++pieces;
  });
  EXPECT_EQ(streamed, whole.text) << label;
  EXPECT_EQ(row_errors, whole.row_errors) << label;
  EXPECT_GE(pieces, 1) << label;
}

TEST(Streamed, SameBytesAsCheckForEveryFixtureAndClock) {
  for (const char* name :
       {"export-utf8.csv", "export-gbk.csv", "from-spreadsheet.tsv", "order-detail.txt"}) {
    const std::string text = slurp(std::string(LANSHOU_SOURCE_DIR "/tests/fixtures/") + name);
    ASSERT_FALSE(text.empty()) << name;
    for (const char* now :
         {"2025-03-12T12:00:00+08:00", "2025-03-10T09:00:00+08:00", "2025-04-20T12:00:00+08:00"}) {
      CheckOptions o;
      o.now = parse_time(now).epoch;
      expect_same(text, o, std::string(name) + " @ " + now);
      o.rules_override_json = R"({"pickup_window_hours": 48, "no_such_rule": 1})";
      expect_same(text, o, std::string(name) + " overridden @ " + now);
    }
  }
}

TEST(Streamed, ManyOrdersComeInSeveralPiecesAndARefusedInputInOne) {
  std::string text = "订单号,订单状态,支付时间,发货时间,快递单号,快递公司\n";
  for (int i = 0; i < 3000; ++i) {
    const std::string n = std::to_string(100000000 + i);
    text += "250311-512000" + n + ",已发货，待签收,2025-03-11 08:00:00,2025-03-11 18:00:00,751244" +
            n + ",中通快递\n";
  }
  CheckOptions o;
  o.now = parse_time("2025-03-12T12:00:00+08:00").epoch;
  expect_same(text, o, "3000 orders");
  int pieces = 0;
  check_json_streamed(text, o, [&](std::string_view) { ++pieces; });
  EXPECT_GT(pieces, 1);
  o.max_input_bytes = 1024;
  expect_same(text, o, "refused");
}

// The streamed document decides a batch of orders at a time and keeps none (Session::stream_json):
// numbers shared by orders far apart (in different batches, one on 300 orders), an action queue
// of thousands of orders with tied deadlines (its first 100 picked as they come), the backlog's
// products, on one thread and on three.
TEST(Streamed, BatchesGiveTheWholeDocumentsDuplicatesQueueAndBacklog) {
  std::string text = "订单号,订单状态,支付时间,发货时间,快递单号,快递公司,商品\n";
  const char* paid[] = {"2025-03-11 08:00:00", "2025-03-11 20:00:00", "2025-03-10 14:00:00",
                        "2025-03-12 09:30:00", "2025-03-11 08:00:00"};
  for (int i = 0; i < 6000; ++i) {
    const std::string n = std::to_string(100000000 + i);
    const bool shipped = i % 3 == 0;
    std::string number = "751244" + n;
    if (i % 1500 == 9) number = "75124400000009";  // four orders, one per batch
    if (i % 20 == 3) number = "YT7400000000103";   // 300 orders
    text += "250311-512000" + n + "," + (shipped ? "已发货，待签收" : "待发货") + "," +
            paid[i % 5] + "," + (shipped ? "2025-03-11 18:00:00" : "") + "," +
            (shipped || i % 20 == 3 ? number : "") + ",中通快递,商品" + std::to_string(i % 37) +
            "\n";
  }
  CheckOptions o;
  o.now = parse_time("2025-03-12T12:00:00+08:00").epoch;
  expect_same(text, o, "6000 orders");
  o.threads = 3;
  expect_same(text, o, "6000 orders, 3 threads");
  const CheckOutput whole = check(text, o);
  EXPECT_NE(whole.text.find("\"tracking_duplicate\""), std::string::npos);
  EXPECT_NE(whole.text.find("\"backlog_advice\""), std::string::npos);
}

// Native builds read long tables in parts and decide ranges of orders on several threads: every
// output is byte for byte the one thread's. 2.3 MB of export rows (so the reader cuts them into
// parts) in several statuses, some with a quoted line break, and every 997th order on the
// tracking number of the order before it (duplicates that cross the ranges).
TEST(Threads, SameResultOnAnyNumberOfThreads) {
  std::string text = "订单号,订单状态,支付时间,发货时间,快递单号,快递公司,商家备注\n";
  const char* statuses[] = {"已发货，待签收", "待发货", "已签收", "已发货，待签收"};
  for (int i = 0; text.size() < (std::size_t{9} << 18); ++i) {
    const std::string n = std::to_string(100000000 + i);
    const std::string tracking = std::to_string(100000000 + (i % 997 == 0 && i > 0 ? i - 1 : i));
    text += "250311-512000" + n + "," + statuses[i % 4] + ",2025-03-11 08:00:00," +
            (i % 4 == 1 ? "" : "2025-03-11 18:00:00") + ",751244" + tracking + ",中通快递," +
            (i % 13 == 0 ? "\"第一行\n第二行\"" : "") + "\n";
  }
  CheckOptions one;
  one.now = parse_time("2025-03-12T12:00:00+08:00").epoch;
  for (const OutputFormat format : {OutputFormat::kJson, OutputFormat::kCsv}) {
    one.format = format;
    const CheckOutput expected = check(text, one);
    for (unsigned threads : {2u, 3u}) {
      CheckOptions many = one;
      many.threads = threads;
      const CheckOutput got = check(text, many);
      EXPECT_EQ(got.row_errors, expected.row_errors);
      EXPECT_TRUE(got.text == expected.text) << threads << " threads, format " << int(format);
    }
  }
  CheckOptions many = one;
  many.threads = 2;
  expect_same(text, many, "2 threads");
}

// The page's compact result packed in ranges on several threads equals the one-thread packing:
// every array, the fields text and its offsets, the courier codes and names, the head.
void ExpectSameCompact(const std::string& text, const std::string& label) {
  CheckOptions one;
  one.now = parse_time("2025-03-12T12:00:00+08:00").epoch;
  one.max_input_bytes = std::size_t{256} << 20;
  Session expected;
  expected.run(text, one);
  const CompactResult& a = expected.compact();
  for (unsigned threads : {2u, 3u}) {
    CheckOptions many = one;
    many.threads = threads;
    Session got;
    got.run(text, many);
    const CompactResult& b = got.compact();
    ASSERT_EQ(got.count(), expected.count()) << label;
    EXPECT_TRUE(b.status == a.status) << label << ", " << threads << " threads";
    EXPECT_TRUE(b.findings == a.findings) << label;
    EXPECT_TRUE(b.fix == a.fix) << label;
    EXPECT_TRUE(b.line == a.line) << label;
    EXPECT_TRUE(b.risk == a.risk) << label;
    EXPECT_TRUE(b.fields == a.fields) << label;
    EXPECT_TRUE(b.field_offsets == a.field_offsets) << label;
    EXPECT_TRUE(b.courier == a.courier) << label;
    EXPECT_TRUE(b.couriers == a.couriers) << label;
    EXPECT_TRUE(b.head == a.head) << label;
    for (std::size_t i = 0; i < a.deadline.size(); ++i) {  // NaN for none: compared as such
      ASSERT_TRUE(b.deadline[i] == a.deadline[i] ||
                  (std::isnan(b.deadline[i]) && std::isnan(a.deadline[i])))
          << label << ", order " << i;
    }
    EXPECT_EQ(got.order_json(got.count() - 1), expected.order_json(expected.count() - 1)) << label;
  }
}

TEST(Threads, CompactResultIsTheSameOnAnyNumberOfThreads) {
  std::string text = "订单号,订单状态,支付时间,发货时间,快递单号,快递公司,商品\n";
  const char* couriers[] = {"中通快递", "韵达", "顺丰速运", "", "某某快递", "中通快递"};
  for (int i = 0; i < 20000; ++i) {
    const std::string n = std::to_string(100000000 + i);
    text += "250311-512000" + n + ",已发货，待签收,2025-03-11 08:00:00,2025-03-11 18:00:00,751244" +
            n + "," + couriers[i % 6] + ",商品\t" + std::to_string(i % 17) + "\n";
  }
  ExpectSameCompact(text, "20,000 orders");
}

// More than 65,535 courier names: past the last code all share it, listed once as "（其他）",
// whichever range a name first shows up in.
TEST(Threads, CompactCourierCodesPastTheLastOneAreShared) {
  std::string text = "订单号,快递单号,快递公司\n";
  for (int i = 0; i < 70000; ++i) {
    const std::string n = std::to_string(100000000 + i);
    text += "250311-512000" + n + ",751244" + n + ",快递" + std::to_string(i % 69000) + "\n";
  }
  ExpectSameCompact(text, "70,000 courier names");
  CheckOptions o;
  o.now = parse_time("2025-03-12T12:00:00+08:00").epoch;
  o.threads = 2;
  Session s;
  s.run(text, o);
  EXPECT_EQ(s.compact().courier[68999], 0xFFFF);  // 快递68999, the 69,000th name
  EXPECT_EQ(s.compact().courier[69999], 999);     // 快递999 again
  EXPECT_EQ(s.compact().courier[0], 0);
  EXPECT_EQ(s.compact().courier[69000], 0);  // 快递0 again
  const std::string& names = s.compact().couriers;
  EXPECT_EQ(names.substr(names.size() - std::string("（其他）\n").size()), "（其他）\n");
  EXPECT_EQ(std::count(names.begin(), names.end(), '\n'), 65536);
}

}  // namespace
}  // namespace lanshou
