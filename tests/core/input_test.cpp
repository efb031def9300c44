// What lanshou reads from what merchants paste: tables, detail blocks, traces, bare numbers,
// aggregator JSON — and the errors it gives for what it cannot read.
#include "lanshou/input.h"

#include <gtest/gtest.h>

#include <string>

namespace lanshou {
namespace {

std::string v(const RawOrder& o, Field f) {
  return std::string(o.get(f));
}

TEST(InputTable, ReadsTheBackendExportWithQuotedCommasAndFullWidthCommas) {
  const std::string text =
      "\xEF\xBB\xBF商品,订单号,订单状态,支付时间,发货时间,快递单号,快递公司\r\n"
      "\"收纳盒, 大号\",250310-512000000000102,\"已发货，待签收\",2025-03-10 09:02:44,"
      "2025-03-10 17:30:12,75124400000101,中通快递\r\n";
  const ParsedInput in = read_input(text);
  ASSERT_EQ(in.orders.size(), 1u);
  const RawOrder& o = in.orders[0];
  EXPECT_EQ(o.line, 2u);
  EXPECT_EQ(o.kind, SourceKind::kTable);
  EXPECT_EQ(v(o, Field::kProduct), "收纳盒, 大号");
  EXPECT_EQ(v(o, Field::kOrderSn), "250310-512000000000102");
  EXPECT_EQ(v(o, Field::kStatus), "已发货，待签收");
  EXPECT_EQ(v(o, Field::kShipped), "2025-03-10 17:30:12");
  EXPECT_EQ(v(o, Field::kTrackingNo), "75124400000101");
  EXPECT_EQ(v(o, Field::kCourier), "中通快递");
  EXPECT_TRUE(in.errors.empty());
}

TEST(InputTable, QuotedFieldsHoldQuotesAndLineBreaksAndLineNumbersFollow) {
  const std::string text =
      "订单号,商家备注,快递单号\n"
      "250310-512000000000001,\"第一行\n第二行，\"\"加急\"\"\",75124400000101\n"
      "250310-512000000000002,,75124400000102\n";
  const ParsedInput in = read_input(text);
  ASSERT_EQ(in.orders.size(), 2u);
  EXPECT_EQ(v(in.orders[0], Field::kNote), "第一行\n第二行，\"加急\"");
  EXPECT_EQ(in.orders[0].line, 2u);
  EXPECT_EQ(in.orders[1].line, 4u);  // the quoted line break moved it down
}

// Values are kept as 8-byte references: pieces of the pasted text point into it, and only what
// had to be unpacked (escaped quotes, text after a closing quote) is copied into the arena.
TEST(InputTable, ValuesPointIntoTheTextAndOnlyUnpackedOnesAreCopied) {
  const std::string text =
      "订单号,商家备注,快递单号,快递公司\n"
      "250310-512000000000001,\"说\"\"加急\"\"\",75124400000101,\"中通\"快递\n"
      "250310-512000000000002,\"普通, 备注\",75124400000102,韵达\n";
  const ParsedInput in = read_input(text);
  ASSERT_EQ(in.orders.size(), 2u);
  const auto inside = [&](std::string_view s) {
    return !s.empty() && s.data() >= text.data() &&
           s.data() + s.size() <= text.data() + text.size();
  };
  EXPECT_EQ(v(in.orders[0], Field::kNote), "说\"加急\"");
  EXPECT_EQ(v(in.orders[0], Field::kCourier), "中通快递");
  EXPECT_FALSE(inside(in.orders[0].get(Field::kNote)));
  EXPECT_FALSE(inside(in.orders[0].get(Field::kCourier)));
  EXPECT_TRUE(inside(in.orders[0].get(Field::kTrackingNo)));
  EXPECT_EQ(v(in.orders[1], Field::kNote), "普通, 备注");  // quoted, nothing to unpack
  EXPECT_TRUE(inside(in.orders[1].get(Field::kNote)));
  EXPECT_EQ(in.values->arena, "说\"加急\"中通快递");
  EXPECT_TRUE(in.orders[1].get(Field::kOrderSn).data() ==
              text.data() + text.find("250310-512000000000002"));
  // A copy of the result (the page's session keeps one) reads the same values.
  const ParsedInput copy = in;
  EXPECT_EQ(v(copy.orders[0], Field::kNote), "说\"加急\"");
  EXPECT_EQ(sizeof(ValueRef), 8u);
}

TEST(InputTable, HeaderAliasesOfOtherExportVersionsAreRecognised) {
  const std::string text =
      "订单编号\t物流公司\t运单号\t成团时间\t揽件时间\t无关列\n"
      "250310-512000000000201\t韵达\t431234567890201\t2025-03-10 09:00:00\t2025-03-10 "
      "16:20:00\tx\n";
  const ParsedInput in = read_input(text);
  ASSERT_EQ(in.orders.size(), 1u);
  const RawOrder& o = in.orders[0];
  EXPECT_EQ(v(o, Field::kCourier), "韵达");
  EXPECT_EQ(v(o, Field::kTrackingNo), "431234567890201");
  EXPECT_EQ(v(o, Field::kGrouped), "2025-03-10 09:00:00");
  EXPECT_EQ(v(o, Field::kPickedUp), "2025-03-10 16:20:00");
  EXPECT_EQ(std::string(o.label(Field::kCourier)), "物流公司");
}

TEST(InputTable, ExcelNumberGuardsAreUnwrapped) {
  const ParsedInput in =
      read_input("订单号,快递单号\n=\"250310-512000000000001\",'75124400000101\n");
  ASSERT_EQ(in.orders.size(), 1u);
  EXPECT_EQ(v(in.orders[0], Field::kOrderSn), "250310-512000000000001");
  EXPECT_EQ(v(in.orders[0], Field::kTrackingNo), "75124400000101");
}

TEST(InputTable, CrOnlyLineEndsAreLineEnds) {
  const ParsedInput in = read_input(
      "订单号,快递单号\r250310-512000000000001,75124400000101\r250310-512000000000002,"
      "75124400000102\r");
  ASSERT_EQ(in.orders.size(), 2u);
  EXPECT_EQ(in.orders[1].line, 3u);
}

TEST(InputTable, UnclosedQuoteIsReportedOnceAndLaterRowsStillRead) {
  const ParsedInput in = read_input(
      "订单号,商家备注,快递单号\n"
      "250310-512000000000001,\"没有闭合,75124400000101\n"
      "250310-512000000000002,正常,75124400000102\n");
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_EQ(in.errors[0].code, "unclosed_quote");
  EXPECT_EQ(in.errors[0].line, 2u);
  ASSERT_EQ(in.orders.size(), 2u);
  EXPECT_EQ(v(in.orders[1], Field::kTrackingNo), "75124400000102");
}

TEST(InputTable, ALineWithoutDelimiterRightAfterTheTableEndsIt) {
  const ParsedInput in = read_input(
      "订单号,快递单号\n250310-512000000000001,75124400000101\n共 1 条\n75124400000102\n");
  ASSERT_EQ(in.orders.size(), 2u);
  EXPECT_EQ(in.orders[0].kind, SourceKind::kTable);
  EXPECT_EQ(in.orders[1].kind, SourceKind::kNumber);
  EXPECT_EQ(v(in.orders[1], Field::kTrackingNo), "75124400000102");
  EXPECT_EQ(in.ignored_lines, 1u);
  EXPECT_TRUE(in.errors.empty());
}

TEST(InputBlock, ReadsADetailBlockWithItsTraceNewestFirst) {
  const std::string text =
      "订单编号：250309-512000000000301\n"
      "成团时间：2025-03-09 11:20:05\n"
      "发货时间: 2025-03-10 09:15:40\n"
      "快递公司：中通快递\n"
      "收货人：张三\n"
      "运单号：75124400000301\n"
      "物流信息\n"
      "2025-03-11 08:03:12 【金华市】 快件已发往 【杭州转运中心】\n"
      "2025-03-10 19:47:55 【金华市】 【义乌稠城】 的 王师傅 已揽收\n"
      "2025-03-10 09:15:41 商家已发货，等待揽收\n";
  const ParsedInput in = read_input(text);
  ASSERT_EQ(in.orders.size(), 1u);
  const RawOrder& o = in.orders[0];
  EXPECT_EQ(o.kind, SourceKind::kBlock);
  EXPECT_EQ(v(o, Field::kOrderSn), "250309-512000000000301");
  EXPECT_EQ(v(o, Field::kGrouped), "2025-03-09 11:20:05");
  EXPECT_EQ(v(o, Field::kShipped), "2025-03-10 09:15:40");
  EXPECT_EQ(v(o, Field::kTrackingNo), "75124400000301");
  ASSERT_EQ(o.events.size(), 3u);
  EXPECT_EQ(o.events[0].cls, EventClass::kOther);  // sorted oldest first
  EXPECT_EQ(o.events[1].cls, EventClass::kPickup);
  EXPECT_EQ(o.events[2].cls, EventClass::kTransit);
  EXPECT_EQ(o.events[1].line, 9u);
}

TEST(InputBlock, TheNextOrderNumberStartsTheNextBlock) {
  const ParsedInput in = read_input(
      "订单号：250309-512000000000301\n运单号：75124400000301\n"
      "订单号：250309-512000000000302\n运单号：75124400000302\n");
  ASSERT_EQ(in.orders.size(), 2u);
  EXPECT_EQ(v(in.orders[1], Field::kTrackingNo), "75124400000302");
  EXPECT_EQ(in.orders[1].line, 3u);
}

TEST(InputTrace, YearlessTraceLinesTakeTheYearOfTheBlockAndCrossNewYear) {
  const ParsedInput in = read_input(
      "订单编号：251231-512000000000301\n发货时间：2025-12-31 20:00:00\n运单号：75124400000301\n"
      "01-01 09:00 快件已发往 【杭州转运中心】\n12-31 21:00 已揽收\n");
  ASSERT_EQ(in.orders.size(), 1u);
  ASSERT_EQ(in.orders[0].events.size(), 2u);
  EXPECT_EQ(format_iso(in.orders[0].events[0].at), "2025-12-31T21:00:00+08:00");
  EXPECT_EQ(format_iso(in.orders[0].events[1].at), "2026-01-01T09:00:00+08:00");
}

TEST(InputTrace, AnImpossibleTraceTimeIsAnErrorNamingTheLine) {
  const ParsedInput in = read_input("运单号：75124400000301\n2025-02-30 10:00:00 已揽收\n");
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_EQ(in.errors[0].line, 2u);
  EXPECT_EQ(in.errors[0].field, "物流轨迹");
  EXPECT_EQ(in.errors[0].code, "time_out_of_range");
}

TEST(InputNumbers, BareNumbersWithAnySeparatorBecomeEntries) {
  const ParsedInput in = read_input("75124400000101, SF1400000000104；YT7400000000103\n噪音文字\n");
  ASSERT_EQ(in.orders.size(), 3u);
  EXPECT_EQ(v(in.orders[0], Field::kTrackingNo), "75124400000101");
  EXPECT_EQ(v(in.orders[1], Field::kTrackingNo), "SF1400000000104");
  EXPECT_EQ(v(in.orders[2], Field::kTrackingNo), "YT7400000000103");
  EXPECT_EQ(in.orders[0].kind, SourceKind::kNumber);
  EXPECT_EQ(in.ignored_lines, 1u);
}

TEST(InputNumbers, ALineWithCourierOrderAndNumberKeepsThemTogether) {
  const ParsedInput in = read_input("250310-512000000000102 中通快递 75124400000101\n");
  ASSERT_EQ(in.orders.size(), 1u);
  EXPECT_EQ(v(in.orders[0], Field::kOrderSn), "250310-512000000000102");
  EXPECT_EQ(v(in.orders[0], Field::kCourier), "中通快递");
  EXPECT_EQ(v(in.orders[0], Field::kTrackingNo), "75124400000101");
}

TEST(InputNumbers, PhoneNumbersAndDatesAreNotTrackingNumbers) {
  const ParsedInput in = read_input("联系电话 13812345678，日期 2025-03-10\n");
  EXPECT_TRUE(in.orders.empty());
}

TEST(InputMixed, ATableABlockAndBareNumbersInOnePaste) {
  const std::string text =
      "订单号\t快递公司\t快递单号\t发货时间\n"
      "250310-512000000000201\t韵达快递\t431234567890201\t2025-03-10 10:00:00\n"
      "\n"
      "订单编号：250309-512000000000301\n运单号：75124400000301\n"
      "\n"
      "JT1234567890203\n";
  const ParsedInput in = read_input(text);
  ASSERT_EQ(in.orders.size(), 3u);
  EXPECT_EQ(in.orders[0].kind, SourceKind::kTable);
  EXPECT_EQ(in.orders[1].kind, SourceKind::kBlock);
  EXPECT_EQ(in.orders[1].line, 4u);
  EXPECT_EQ(in.orders[2].kind, SourceKind::kNumber);
  EXPECT_EQ(in.orders[2].line, 7u);
}

TEST(InputJson, Kuaidi100ResponseBecomesAnEntryWithEvents) {
  const ParsedInput in =
      read_input(R"({"message":"ok","nu":"75124400000101","com":"zhongtong","state":"0","data":[)"
                 R"({"time":"2025-03-11 08:03:12","context":"快件已发往 杭州转运中心"},)"
                 R"({"time":"2025-03-10 19:47:55","context":"【义乌稠城】已揽收"}]})");
  ASSERT_EQ(in.orders.size(), 1u);
  EXPECT_EQ(in.orders[0].kind, SourceKind::kJson);
  EXPECT_EQ(v(in.orders[0], Field::kTrackingNo), "75124400000101");
  ASSERT_EQ(in.orders[0].events.size(), 2u);
  EXPECT_EQ(in.orders[0].events[0].cls, EventClass::kPickup);
}

TEST(InputLimits, InputOverTheLimitIsRefusedWithAMessage) {
  InputLimits limits;
  limits.max_bytes = 1024 * 1024;
  const std::string big(limits.max_bytes + 1, 'a');
  const ParsedInput in = read_input(big, limits);
  EXPECT_TRUE(in.orders.empty());
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_EQ(in.errors[0].code, "input_too_large");
  EXPECT_EQ(in.errors[0].message, "输入内容有 1 MB，超过上限 1 MB；请分批检查");
}

// A table read in parts on several threads must give exactly what one reader gives: the same
// records (lines, values, labels) and the same errors, whatever the cuts fall on.
void ExpectSameAsOneReader(const std::string& text, unsigned threads, std::size_t min_part) {
  const ParsedInput one = read_input(text);
  InputLimits limits;
  limits.threads = threads;
  limits.min_part_bytes = min_part;
  const ParsedInput many = read_input(text, limits);
  ASSERT_EQ(many.orders.size(), one.orders.size()) << threads << " threads, parts of " << min_part;
  for (std::size_t i = 0; i < one.orders.size(); ++i) {
    const RawOrder& a = one.orders[i];
    const RawOrder& b = many.orders[i];
    ASSERT_EQ(b.line, a.line) << "order " << i;
    ASSERT_EQ(b.kind, a.kind) << "order " << i;
    for (std::size_t f = 0; f < kFieldCount; ++f) {
      ASSERT_EQ(b.get(static_cast<Field>(f)), a.get(static_cast<Field>(f))) << "order " << i;
      ASSERT_EQ(b.label(static_cast<Field>(f)), a.label(static_cast<Field>(f))) << "order " << i;
    }
    ASSERT_EQ(b.events.size(), a.events.size()) << "order " << i;
  }
  ASSERT_EQ(many.errors.size(), one.errors.size());
  for (std::size_t i = 0; i < one.errors.size(); ++i) {
    EXPECT_EQ(many.errors[i].line, one.errors[i].line);
    EXPECT_EQ(many.errors[i].code, one.errors[i].code);
    EXPECT_EQ(many.errors[i].message, one.errors[i].message);
  }
  EXPECT_EQ(many.ignored_lines, one.ignored_lines);
}

std::string Rows(int n, const char* eol, int quoted_break_every) {
  std::string t = std::string("订单号,商家备注,快递单号,快递公司,支付时间") + eol;
  for (int i = 0; i < n; ++i) {
    t += "250310-51200000" + std::to_string(1000000 + i) + ",";
    if (quoted_break_every > 0 && i % quoted_break_every == 0) {
      t += "\"第一行" + std::string(eol) + "第二行，\"\"加急\"\"\"";
    } else if (i % 7 == 0) {
      t += "\"普通, 备注\"";
    }
    t += ",7512440" + std::to_string(1000000 + i) + ",中通快递,2025-03-10 09:0" +
         std::to_string(i % 10) + ":00" + eol;
    if (i % 11 == 5) t += std::string(",,,,") + eol;  // a row of empty cells is no order
  }
  return t;
}

TEST(InputParallel, EveryCutGivesWhatOneReaderGives) {
  for (const char* eol : {"\n", "\r\n"}) {
    for (int breaks : {0, 3, 1}) {
      const std::string text = Rows(300, eol, breaks);
      for (unsigned threads : {2u, 3u, 5u}) {
        for (std::size_t min_part : {std::size_t{1}, std::size_t{97}, std::size_t{4096}}) {
          ExpectSameAsOneReader(text, threads, min_part);
        }
      }
    }
  }
}

TEST(InputParallel, TablesThatEndOrBreakMidwayStillReadTheSame) {
  const std::string rows = Rows(120, "\n", 0);
  // Two tables with a footer and a detail block between them.
  const std::string two =
      rows + "共 120 条\n\n订单编号：250309-512000000000301\n快递单号：75124400000999\n\n" + rows;
  // An unclosed quote switches quoting off for the rest of the table.
  std::string unclosed = rows;
  unclosed.insert(unclosed.find("250310-512000001000060"), "\"未闭合,");
  // A lone \r is a line break the cuts do not count: read by one reader.
  const std::string lone_cr = "订单号,快递单号\r250310-512000000000001,75124400000101\r" + rows;
  for (const std::string* text : {&two, static_cast<const std::string*>(&unclosed), &lone_cr}) {
    for (unsigned threads : {2u, 4u}) {
      for (std::size_t min_part : {std::size_t{1}, std::size_t{333}}) {
        ExpectSameAsOneReader(*text, threads, min_part);
      }
    }
  }
}

TEST(InputParallel, ABigExportIsReallyReadInParts) {
  const std::string text = Rows(20000, "\n", 0);  // ~1.4 MB
  InputLimits limits;
  limits.threads = 2;
  limits.min_part_bytes = 256 << 10;
  const ParsedInput in = read_input(text, limits);
#ifdef __EMSCRIPTEN__
  EXPECT_TRUE(in.part_values.empty());  // wasm has one thread: one reader
#else
  EXPECT_EQ(in.part_values.size(), 1u);  // the second part counted
#endif
  ASSERT_EQ(in.orders.size(), 20000u);
  EXPECT_EQ(in.orders.back().line, 1u + 20000u + 1818u);  // header, rows, the empty rows
  ExpectSameAsOneReader(text, 2, 256 << 10);
}

// The wasm boundary vouches for its text (TextEncoder's output is well-formed UTF-8): the reader
// then skips its pass over the bytes. Without the promise a bad byte is reported; with it, the
// records are the same and the pass is not made.
TEST(InputUtf8, KnownUtf8SkipsTheCheckAndReadsTheSame) {
  const std::string text = "订单号,快递单号\n250310-512000000000001,75124400000101\n\xFF\n";
  const ParsedInput checked = read_input(text);
  ASSERT_EQ(checked.errors.size(), 1u);
  EXPECT_EQ(checked.errors[0].code, "invalid_utf8");
  InputLimits trusted;
  trusted.known_utf8 = true;
  const ParsedInput vouched = read_input(text, trusted);
  EXPECT_TRUE(vouched.errors.empty());
  ASSERT_EQ(vouched.orders.size(), checked.orders.size());
  EXPECT_EQ(vouched.orders[0].get(Field::kTrackingNo), "75124400000101");
}

}  // namespace
}  // namespace lanshou
