// Back-office text as merchants copy it from mms.pinduoduo.com, and the join of everything pasted
// about one order or parcel (issue 16). Fixtures and their sources: tests/fixtures/backoffice/.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lanshou/check.h"
#include "lanshou/input.h"
#include "lanshou/join.h"
#include "lanshou/order_facts.h"
#include "slurp.h"

namespace lanshou {
namespace {

using nlohmann::json;

constexpr char kNow[] = "2026-12-07 12:00:00";

std::string v(const RawOrder& o, Field f) {
  return std::string(o.get(f));
}

std::string fixture(const std::string& name) {
  return slurp(std::string(LANSHOU_SOURCE_DIR "/tests/fixtures/backoffice/") + name);
}

json run(const std::string& text, const char* now = kNow) {
  CheckOptions o;
  o.now = parse_time(now).epoch;
  return json::parse(check(text, o).text);
}

std::vector<std::string> statuses(const json& doc) {
  std::vector<std::string> s;
  for (const auto& o : doc["orders"]) s.push_back(o["status"]);
  return s;
}

std::vector<std::string> codes(const json& order) {
  std::vector<std::string> c;
  for (const auto& f : order["findings"]) c.push_back(f["code"]);
  return c;
}

// --- The fixtures, decided ----------------------------------------------------------------

const char* const kFixtures[] = {"list-one-line.txt",        "list-multiline.txt",
                                 "detail-page.txt",          "detail-no-ship-time.txt",
                                 "courier-number-lines.txt", "paste-join.txt"};

TEST(BackOfficeFixtures, NoShippedOrderIsEverOnTheShipClock) {
  for (const char* name : kFixtures) {
    const std::string text = fixture(name);
    ASSERT_FALSE(text.empty()) << name;
    const json doc = run(text);
    ASSERT_FALSE(doc["orders"].empty()) << name;
    for (const auto& o : doc["orders"]) {
      const std::string status = o["status"];
      const bool ship_clock =
          status == "ship_overdue" || status == "ship_due_soon" || status == "awaiting_shipment";
      // Every order the fixtures show as shipped has a number, a ship time or a shipped word;
      // an order on the ship clock must have none of them.
      if (ship_clock) {
        EXPECT_FALSE(o.contains("tracking_no")) << name << " " << o;
        EXPECT_FALSE(o["times"].contains("shipped")) << name << " " << o;
      }
    }
  }
}

TEST(BackOfficeFixtures, TheListPageCopiedWithItsHeaderOnOneLine) {
  const json doc = run(fixture("list-one-line.txt"));
  ASSERT_EQ(doc["orders"].size(), 6u);  // the filter form and the chips are no orders
  std::vector<std::string> sns;
  for (const auto& o : doc["orders"]) sns.push_back(o["order_sn"]);
  EXPECT_EQ(sns, (std::vector<std::string>{"261205-081736459201847", "261204-119320485716302",
                                           "261203-220481937465011", "261202-330917264850193",
                                           "261201-440286153907264", "261206-551830274619385"}));
  EXPECT_EQ(statuses(doc), (std::vector<std::string>{"awaiting_shipment", "incomplete", "delivered",
                                                     "closed", "ship_overdue", "incomplete"}));
  // 订单成交时间 is the group time, 承诺发货时间 the deadline.
  EXPECT_EQ(doc["orders"][0]["times"]["grouped"], "2026-12-05T20:14:09+08:00");
  EXPECT_EQ(doc["orders"][0]["deadline"], "2026-12-07T20:14:09+08:00");
  // A shipped order without its ship time says so on its card's line, not the ship clock.
  ASSERT_EQ(doc["errors"].size(), 2u);
  EXPECT_EQ(doc["errors"][0]["line"], 33);
  EXPECT_EQ(doc["errors"][0]["code"], "missing_time");
  for (const auto& o : doc["orders"]) {
    for (const std::string& code : codes(o)) EXPECT_NE(code, "order_sn_invalid") << o;
  }
}

TEST(BackOfficeFixtures, TheListPageWithEveryLabelAndValueOnItsOwnLine) {
  const json doc = run(fixture("list-multiline.txt"));
  ASSERT_EQ(doc["orders"].size(), 3u);
  EXPECT_EQ(doc["orders"][0]["order_sn"], "261206-660491827305516");
  EXPECT_EQ(doc["orders"][0]["times"]["promised_ship_by"], "2026-12-08T21:40:00+08:00");
  EXPECT_EQ(statuses(doc),
            (std::vector<std::string>{"awaiting_shipment", "incomplete", "ship_overdue"}));
  EXPECT_EQ(doc["orders"][1]["source"]["line"], 37);
}

TEST(BackOfficeFixtures, TheDetailPageIsOneOrderWithItsNumberAndTrace) {
  const json doc = run(fixture("detail-page.txt"));
  ASSERT_EQ(doc["orders"].size(), 1u);
  const json& o = doc["orders"][0];
  EXPECT_EQ(o["order_sn"], "261203-990264718350642");
  EXPECT_EQ(o["tracking_no"], "78512440000301");
  EXPECT_EQ(o["courier"]["code"], "ZTO");
  EXPECT_EQ(o["status"], "picked_up");
  ASSERT_EQ(o["events"].size(), 3u);
  EXPECT_EQ(o["events"][0]["text"], "商家已发货，等待揽收");
  EXPECT_EQ(o["events"][0]["at"], "2026-12-04T16:40:06+08:00");
  EXPECT_EQ(o["events"][1]["class"], "pickup");
  EXPECT_EQ(o["times"]["picked_up"], "2026-12-04T19:47:55+08:00");
  EXPECT_TRUE(doc["errors"].empty());
}

TEST(BackOfficeFixtures, ASignedOrReturnedTraceDecidesWithoutTheShipTime) {
  const json doc = run(fixture("detail-no-ship-time.txt"));
  ASSERT_EQ(doc["orders"].size(), 2u);
  EXPECT_EQ(statuses(doc), (std::vector<std::string>{"delivered", "returned"}));
  EXPECT_EQ(doc["orders"][0]["tracking_no"], "4312200000512");  // on the line after its label
  EXPECT_EQ(doc["orders"][0]["events"].size(), 3u);             // after the blank line
  EXPECT_FALSE(doc["orders"][0].contains("fix_path"));
  EXPECT_TRUE(doc["errors"].empty());
}

TEST(BackOfficeFixtures, ACourierAndItsNumberOnOneLineAreThatOrders) {
  const json doc = run(fixture("courier-number-lines.txt"));
  ASSERT_EQ(doc["orders"].size(), 3u);  // no number split off as a second order
  const char* const numbers[] = {"79012345678901", "79012345678918", "78512440000318"};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(doc["orders"][i]["tracking_no"], numbers[i]);
    EXPECT_EQ(doc["orders"][i]["courier"]["declared"], "中通快递");
  }
  EXPECT_EQ(statuses(doc),
            (std::vector<std::string>{"picked_up", "pickup_unverified", "picked_up"}));
}

TEST(BackOfficeFixtures, EverythingAboutAnOrderIsJoinedAndConflictsNameBothLines) {
  const json doc = run(fixture("paste-join.txt"));
  ASSERT_EQ(doc["orders"].size(), 4u);
  for (const auto& o : doc["orders"]) {
    EXPECT_EQ(o["status"], "picked_up") << o;
    EXPECT_FALSE(o["events"].empty()) << o;
  }
  // The trace above its number line, the number line with its trace, the 快递100 result.
  EXPECT_EQ(doc["orders"][0]["events"].size(), 2u);
  EXPECT_EQ(doc["orders"][1]["events"].size(), 2u);
  EXPECT_EQ(doc["orders"][2]["events"].size(), 2u);
  const json& last = doc["orders"][3];
  EXPECT_EQ(last["source"]["line"], 9);
  EXPECT_EQ(last["courier"]["declared"], "申通快递");  // the first value is kept
  std::vector<std::string> messages;
  for (const auto& f : last["findings"]) {
    if (f["code"] == "facts_conflict") messages.push_back(f["message"]);
  }
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0],
            "「快递公司」两处不一致：第 9 行是「申通快递」，第 30 行是「中通快递」。lanshou 按第 9 "
            "行的值计算；请核对哪一个是对的，错的一处会让时效判断出错");
  EXPECT_NE(
      messages[1].find("「揽收时间」两处不一致：第 31 行是「2026-12-05 19:00:00」，第 34 行是"),
      std::string::npos);
  EXPECT_TRUE(doc["errors"].empty());
}

// --- The reader ---------------------------------------------------------------------------

TEST(BackOfficeReader, SeveralLabelsOnOneLineEachKeepTheirValue) {
  const ParsedInput in = read_input(
      "订单编号：261205-081736459201847 复制 订单成交时间：2026-12-05 20:14:09 "
      "承诺发货时间：2026-12-07 20:14:09\n");
  ASSERT_EQ(in.orders.size(), 1u);
  EXPECT_EQ(v(in.orders[0], Field::kOrderSn), "261205-081736459201847");
  EXPECT_EQ(v(in.orders[0], Field::kGrouped), "2026-12-05 20:14:09");
  EXPECT_EQ(v(in.orders[0], Field::kPromised), "2026-12-07 20:14:09");
  EXPECT_EQ(in.orders[0].label(Field::kGrouped), "订单成交时间");
}

TEST(BackOfficeReader, LabelsGluedToTheValueBeforeThemAndLinksGluedToNumbers) {
  const ParsedInput in =
      read_input("订单编号：261205-081736459201847复制订单成交时间：2026-12-05 20:14:09\n");
  ASSERT_EQ(in.orders.size(), 1u);
  EXPECT_EQ(v(in.orders[0], Field::kOrderSn), "261205-081736459201847");
  EXPECT_EQ(v(in.orders[0], Field::kGrouped), "2026-12-05 20:14:09");
}

TEST(BackOfficeReader, AValueOnTheLineAfterItsLabel) {
  const ParsedInput in = read_input(
      "订单号：\n261203-990264718350642\n复制\n发货时间：\n2026-12-04 16:40:05\n"
      "快递单号：\n78512440000301\n");
  ASSERT_EQ(in.orders.size(), 1u);
  const RawOrder& o = in.orders[0];
  EXPECT_EQ(v(o, Field::kOrderSn), "261203-990264718350642");
  EXPECT_EQ(v(o, Field::kShipped), "2026-12-04 16:40:05");
  EXPECT_EQ(v(o, Field::kTrackingNo), "78512440000301");
  EXPECT_EQ(o.line_of(Field::kShipped), 5u);
  EXPECT_EQ(o.line_of(Field::kTrackingNo), 7u);
  EXPECT_TRUE(o.events.empty());  // the time after its label is no trace step
}

TEST(BackOfficeReader, LinkWordsAreStrippedFromValues) {
  const ParsedInput in = read_input(
      "订单号：261203-990264718350642 复制\n收货人：李** 手机号：138****5678 查看手机号\n"
      "快递单号：78512440000301 复制 修改单号\n");
  ASSERT_EQ(in.orders.size(), 1u);
  EXPECT_EQ(v(in.orders[0], Field::kOrderSn), "261203-990264718350642");
  EXPECT_EQ(v(in.orders[0], Field::kTrackingNo), "78512440000301");
}

TEST(BackOfficeReader, StatusWordsWithoutALabelInsideACard) {
  const ParsedInput in = read_input(
      "订单编号：261204-119320485716302\n儿童保暖秋衣秋裤套装\n"
      "蓝色 120\t已发货，待收货\t2\t79.80\t75.80\t王**\t橙子\t查看详情\n"
      "订单编号：261205-081736459201847\n待发货\n");
  ASSERT_EQ(in.orders.size(), 2u);
  EXPECT_EQ(v(in.orders[0], Field::kStatus), "已发货，待收货");
  EXPECT_EQ(v(in.orders[1], Field::kStatus), "待发货");
  EXPECT_EQ(in.orders[1].line_of(Field::kStatus), 5u);
}

TEST(BackOfficeReader, TheFilterFormAndTheQuickFiltersAreNoOrders) {
  const ParsedInput in = read_input(
      "快速筛选订单：\n待发货(2)\n即将延迟发货(1)\n已发货未签收\n2\n"
      "订单编号：\n商品ID：\n快递单号：\n订单状态：\n全部\n售后状态：全部\n剩余揽件时间：不限\n"
      "订单成交时间：\n2026-11-30 00:00:00 ~ 2026-12-07 23:59:59\n承诺发货时间：全部\n"
      "订单编号\n快递单号\n订单状态\n全部\n查询\n重置\n批量导出\n查询结果 共查询到 0 条数据\n"
      "ID: 601099512345678\n");
  EXPECT_TRUE(in.orders.empty());
  EXPECT_TRUE(in.errors.empty());
}

TEST(BackOfficeReader, TraceStepsPrintedAsTextThenTime) {
  const ParsedInput in = read_input(
      "订单号：261203-990264718350642\n物流信息\n"
      "【杭州市】快件已到达【杭州转运中心】\n2026-12-05 08:03:12\n"
      "【金华市】【义乌稠城】的王师傅已揽收\n2026-12-04 19:47:55\n");
  ASSERT_EQ(in.orders.size(), 1u);
  const auto& e = in.orders[0].events;
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].text, "【金华市】【义乌稠城】的王师傅已揽收");
  EXPECT_EQ(e[0].cls, EventClass::kPickup);
  EXPECT_EQ(format_iso(e[0].at), "2026-12-04T19:47:55+08:00");
  EXPECT_EQ(e[0].line, 5u);
  EXPECT_EQ(e[1].text, "【杭州市】快件已到达【杭州转运中心】");
}

TEST(BackOfficeReader, TraceStepsPrintedAsTimeThenTextBehindAHeading) {
  const ParsedInput in = read_input(
      "订单号：261203-990264718350642\n物流信息\n"
      "2026-12-05 08:03:12\n【杭州市】快件已到达【杭州转运中心】\n"
      "2026-12-04 19:47:55\n【金华市】【义乌稠城】的王师傅已揽收\n");
  ASSERT_EQ(in.orders.size(), 1u);
  const auto& e = in.orders[0].events;
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].text, "【金华市】【义乌稠城】的王师傅已揽收");
  EXPECT_EQ(e[1].text, "【杭州市】快件已到达【杭州转运中心】");
  EXPECT_EQ(in.ignored_lines, 1u);  // 物流信息
}

TEST(BackOfficeReader, ALabelOfATimeLanshouDoesNotReadIsNoTraceStep) {
  const ParsedInput in = read_input(
      "订单号：261203-990264718350642\n发货时间\n2026-12-04 16:40:05\n预计送达时间\n"
      "2026-12-09 18:00:00\n");
  ASSERT_EQ(in.orders.size(), 1u);
  EXPECT_EQ(v(in.orders[0], Field::kShipped), "2026-12-04 16:40:05");  // its alias alone
  ASSERT_EQ(in.orders[0].events.size(), 1u);  // the lone time is a step without text, as before
  EXPECT_EQ(in.orders[0].events[0].text, "");
}

TEST(BackOfficeReader, ACourierAndItsNumberInsideABlockThreeWays) {
  for (const char* line : {"中通快递 78512440000318", "中通快递: 78512440000318",
                           "中通快递：78512440000318", "快递公司：中通快递 78512440000318"}) {
    const std::string text = std::string("订单编号：261204-161803398874989\n") + line + "\n";
    const ParsedInput in = read_input(text);  // the text outlives what is read from it
    ASSERT_EQ(in.orders.size(), 1u) << line;
    EXPECT_EQ(v(in.orders[0], Field::kTrackingNo), "78512440000318") << line;
    EXPECT_EQ(v(in.orders[0], Field::kCourier), "中通快递") << line;
    EXPECT_EQ(in.orders[0].line_of(Field::kTrackingNo), 2u) << line;
  }
}

TEST(BackOfficeReader, AnAggregatorResultAmongOtherTextKeepsItsEvents) {
  const ParsedInput in = read_input(
      "查询结果：\n{\n  \"message\": \"ok\", \"nu\": \"4312200000707\", \"com\": \"yunda\",\n"
      "  \"state\": \"0\",\n  \"data\": [{\"time\": \"2026-12-06 07:12:40\", \"context\": "
      "\"【杭州市】快件已发往【杭州分拨中心】\"},\n    {\"time\": \"2026-12-05 20:31:05\", "
      "\"context\": \"【义乌市】快件已被【义乌稠城】揽收\"}]\n}\n"
      "250311-512000000000101\n");
  ASSERT_EQ(in.orders.size(), 1u);
  EXPECT_EQ(in.orders[0].kind, SourceKind::kJson);
  EXPECT_EQ(in.orders[0].line, 2u);
  EXPECT_EQ(v(in.orders[0], Field::kTrackingNo), "4312200000707");
  EXPECT_EQ(in.orders[0].events.size(), 2u);
  EXPECT_EQ(in.ignored_lines, 2u);  // 查询结果： and the order number alone
}

TEST(BackOfficeReader, AKdniaoResultOnOneLineJoinsItsExportedOrder) {
  const json doc =
      run(std::string("订单号,订单状态,支付时间,发货时间,快递单号,快递公司\n"
                      "261204-606060606060606,已发货，待签收,2026-12-04 11:30:40,"
                      "2026-12-05 17:10:00,75124400000606,中通快递\n\n") +
          R"({"EBusinessID":"1","ShipperCode":"ZTO","LogisticCode":"75124400000606",)"
          R"("Success":true,"State":"2","Traces":[{"AcceptTime":"2026-12-05 22:08:44",)"
          R"("AcceptStation":"【金华市】【义乌稠城】的王师傅已揽收"}]})"
          "\n");
  ASSERT_EQ(doc["orders"].size(), 1u);
  EXPECT_EQ(doc["orders"][0]["status"], "picked_up");
  EXPECT_EQ(doc["orders"][0]["events"].size(), 1u);
}

TEST(BackOfficeReader, AnErrorInABlockNamesTheLineOfTheBadField) {
  const json doc =
      run("订单号：261203-990264718350642\n订单状态：已发货，待签收\n快递单号：78512440000301\n"
          "发货时间：2026-12-32 16:40:05\n");
  ASSERT_EQ(doc["errors"].size(), 1u);
  EXPECT_EQ(doc["errors"][0]["line"], 4);
  EXPECT_EQ(doc["errors"][0]["field"], "发货时间");
  EXPECT_EQ(doc["errors"][0]["message"].get<std::string>().substr(0, 9), "第 4 行");
}

TEST(BackOfficeReader, TwoValuesOfOneFactInOneBlockAreAConflict) {
  const ParsedInput in = read_input(
      "订单号：261203-990264718350642\n快递单号：78512440000301\n物流信息\n"
      "中通快递 78512440000301\n运单号：YT7503018845120\n");
  ASSERT_EQ(in.orders.size(), 1u);
  const auto& c = in.orders[0].conflicts();
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].field, Field::kTrackingNo);
  EXPECT_EQ(c[0].kept_line, 2u);
  EXPECT_EQ(c[0].other_line, 5u);
  EXPECT_EQ(in.orders[0].view(c[0].other), "YT7503018845120");
}

// --- The join -----------------------------------------------------------------------------

const char kExport[] =
    "订单号,订单状态,支付时间,承诺发货时间,发货时间,快递单号,快递公司\n"
    "261204-606060606060606,已发货，待签收,2026-12-04 11:30:40,2026-12-06 11:30:40,"
    "2026-12-05 17:10:00,75124400000606,中通快递\n";
const char kTrace[] =
    "2026-12-06 11:30:02 【杭州市】快件已发往【宁波转运中心】\n"
    "2026-12-05 22:08:44 【金华市】【义乌稠城】的王师傅已揽收\n";

void expect_joined(const std::string& text, const char* where) {
  const ParsedInput in = read_input(text);
  ASSERT_EQ(in.orders.size(), 1u) << where;
  EXPECT_EQ(v(in.orders[0], Field::kOrderSn), "261204-606060606060606") << where;
  EXPECT_EQ(in.orders[0].events.size(), 2u) << where;
  EXPECT_EQ(in.orders[0].kind, SourceKind::kTable) << where;
  const json doc = run(text);
  EXPECT_EQ(doc["orders"][0]["status"], "picked_up") << where;
  EXPECT_EQ(doc["orders"][0]["times"]["picked_up"], "2026-12-05T22:08:44+08:00") << where;
}

TEST(Join, ATraceJoinsItsOrderWhereverItIsPasted) {
  const std::string before = std::string("75124400000606\n") + kTrace + "\n" + kExport;
  const std::string below = std::string(kTrace) + "中通 75124400000606\n\n" + kExport;
  const std::string after = std::string(kExport) + "\n中通快递 75124400000606\n" + kTrace;
  const std::string blank = std::string(kExport) + "\n75124400000606\n\n" + kTrace;
  const std::string between =
      std::string("订单号,快递单号\n250311-512000000000101,75124400000101\n\n") +
      "75124400000606\n" + kTrace + "\n" + kExport;
  expect_joined(before, "number line, its trace, then the export");
  expect_joined(below, "the trace, its number below it, then the export");
  expect_joined(after, "the export, then the number and its trace");
  expect_joined(blank, "the trace after a blank line below its number");
  const ParsedInput in = read_input(between);
  ASSERT_EQ(in.orders.size(), 2u);
  EXPECT_EQ(in.orders[1].events.size(), 2u);
}

TEST(Join, ATraceWithoutANumberAfterABlankLineBelongsToTheBlockAbove) {
  const std::string text =
      "订单号：261204-606060606060606\n运单号：75124400000606\n\n\n物流信息\n" +
      std::string(kTrace) + "\n2026-12-07 09:00:00 【宁波市】快件已签收\n";
  const ParsedInput in = read_input(text);
  ASSERT_EQ(in.orders.size(), 1u);  // blank lines and a heading in between
  EXPECT_EQ(in.orders[0].events.size(), 3u);
  // Below a table it is nobody's: which row would it be?
  const std::string rows =
      "订单号,快递单号\n261204-606060606060606,75124400000606\n"
      "261204-707070707070707,75124400000707\n\n" +
      std::string(kTrace);
  const ParsedInput table = read_input(rows);
  ASSERT_EQ(table.orders.size(), 3u);
  EXPECT_EQ(table.orders[2].kind, SourceKind::kTrace);
}

TEST(Join, OrdersSharingOneNumberStayApartAndATraceJoinsEach) {
  const std::string text =
      "订单号,快递单号,快递公司\n"
      "250311-512000000000091,JT0000000000091,极兔速递\n"
      "250311-512000000000092,JT0000000000091,极兔速递\n\n"
      "JT0000000000091\n2025-03-12 10:00:00 【义乌】已揽收\n";
  const ParsedInput in = read_input(text);
  ASSERT_EQ(in.orders.size(), 2u);
  EXPECT_EQ(in.orders[0].events.size(), 1u);
  EXPECT_EQ(in.orders[1].events.size(), 1u);
}

TEST(Join, ATraceOfANumberOnTooManyOrdersJoinsNone) {
  std::string text = "订单号,快递单号\n";
  for (int i = 0; i < 20; ++i) {
    text += "250311-5120000000001" + std::to_string(10 + i) + ",JT0000000000091\n";
  }
  text += "\nJT0000000000091\n2025-03-12 10:00:00 【义乌】已揽收\n";
  const ParsedInput in = read_input(text);
  ASSERT_EQ(in.orders.size(), 21u);
  EXPECT_EQ(in.orders[20].kind, SourceKind::kNumber);
  EXPECT_EQ(in.orders[20].events.size(), 1u);
}

TEST(Join, AnEventPastedTwiceIsKeptOnce) {
  const std::string text =
      std::string(kExport) + "\n75124400000606\n" + kTrace + "\n75124400000606\n" + kTrace;
  const ParsedInput in = read_input(text);
  ASSERT_EQ(in.orders.size(), 1u);
  EXPECT_EQ(in.orders[0].events.size(), 2u);
}

TEST(Join, TheFurthestStatusWinsWithoutAConflict) {
  const ParsedInput in = read_input(
      "订单号,订单状态\n261204-606060606060606,待发货\n\n订单编号：261204-606060606060606\n"
      "已发货，待收货\n");
  ASSERT_EQ(in.orders.size(), 1u);
  EXPECT_EQ(v(in.orders[0], Field::kStatus), "已发货，待收货");
  EXPECT_TRUE(in.orders[0].conflicts().empty());
}

TEST(Join, SameFactsWrittenDifferentlyAreNoConflict) {
  EXPECT_TRUE(same_fact(Field::kCourier, "中通", "中通快递"));
  EXPECT_TRUE(same_fact(Field::kShipped, "2026-12-05 17:10", "2026-12-05 17:10:40"));
  EXPECT_TRUE(same_fact(Field::kTrackingNo, "7512 4400 0006 06", "75124400000606"));
  EXPECT_FALSE(same_fact(Field::kCourier, "中通快递", "圆通速递"));
  EXPECT_FALSE(same_fact(Field::kPickedUp, "2026-12-05 17:10:00", "2026-12-05 17:12:00"));
  EXPECT_TRUE(same_fact(Field::kAmount, "19.90", "20.00"));
}

TEST(Join, LaterWinsMergesANewerBatchWithoutConflicts) {
  InputLimits raw;
  raw.join = false;
  ParsedInput in = read_input(
      "订单号,订单状态,快递公司\n261204-606060606060606,待发货,中通快递\n\n"
      "订单号：261204-606060606060606\n快递公司：圆通速递\n订单状态：已发货，待签收\n",
      raw);
  ASSERT_EQ(in.orders.size(), 2u);
  JoinOptions newer;
  newer.later_wins = true;
  join_records(&in, newer);
  ASSERT_EQ(in.orders.size(), 1u);
  EXPECT_EQ(v(in.orders[0], Field::kCourier), "圆通速递");
  EXPECT_EQ(in.orders[0].line_of(Field::kCourier), 5u);
  EXPECT_TRUE(in.orders[0].conflicts().empty());
}

TEST(Join, ALaterBatchReplacesAFactWithoutAConflictButOneBatchStillHasIts) {
  // The page's workspace: batch 1 (line 1) an export, batch 2 (line 4) a corrected export and a
  // detail block that contradicts it within that batch.
  const std::string text =
      "订单号,订单状态,快递单号,快递公司\n"
      "261204-606060606060606,已发货，待签收,75124400000606,申通快递\n"
      "\n"
      "订单号,订单状态,快递单号,快递公司\n"
      "261204-606060606060606,已发货，待签收,75124400000606,中通快递\n"
      "\n"
      "订单号：261204-606060606060606\n快递公司：圆通速递\n";
  CheckOptions options;
  std::string error;
  ASSERT_TRUE(parse_options_json(
      R"({"now": "2026-12-07T12:00:00+08:00", "batches": [{"line": 1, "at": "2026-12-06T08:00:00+08:00"},)"
      R"( {"line": 4, "at": "2026-12-07T09:00:00+08:00"}]})",
      &options, &error))
      << error;
  EXPECT_EQ(options.batch_lines, (std::vector<std::uint32_t>{1, 4}));
  const json doc = json::parse(check(text, options).text);
  ASSERT_EQ(doc["orders"].size(), 1u);
  const json& o = doc["orders"][0];
  EXPECT_EQ(o["courier"]["declared"], "中通快递");  // batch 2's export replaced batch 1's
  std::vector<std::string> messages;
  for (const auto& f : o["findings"]) {
    if (f["code"] == "facts_conflict") messages.push_back(f["message"]);
  }
  ASSERT_EQ(messages.size(), 1u);  // only the contradiction inside batch 2
  EXPECT_NE(messages[0].find("第 5 行是「中通快递」，第 8 行是「圆通速递」"), std::string::npos)
      << messages[0];
  // Without batches the same text is one paste: the first courier, two conflicts.
  const json one = run(text);
  EXPECT_EQ(one["orders"][0]["courier"]["declared"], "申通快递");
  const std::vector<std::string> found = codes(one["orders"][0]);
  EXPECT_EQ(std::count(found.begin(), found.end(), "facts_conflict"), 2);
  for (const char* bad :
       {R"({"batches": 3})", R"({"batches": [{"line": 0}]})", R"({"batches": [{"at": "x"}]})"}) {
    CheckOptions o2;
    EXPECT_FALSE(parse_options_json(bad, &o2, &error)) << bad;
    EXPECT_NE(error.find("batches"), std::string::npos) << error;
  }
}

TEST(Join, IsLinearOnAHundredThousandOrdersWithTheirTraces) {
  std::string text = "订单号,订单状态,支付时间,发货时间,快递单号,快递公司\n";
  std::string traces;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    char sn[32], no[32];
    std::snprintf(sn, sizeof sn, "261204-%015d", i);
    std::snprintf(no, sizeof no, "751244%08d", i);
    text += std::string(sn) + ",已发货，待签收,2026-12-04 10:00:00,2026-12-05 10:00:00," + no +
            ",中通快递\n";
    if (i % 10 == 0) traces += std::string(no) + "\n2026-12-05 20:00:00 【义乌】已揽收\n\n";
  }
  text += "\n" + traces;
  const auto t0 = std::chrono::steady_clock::now();
  const ParsedInput in = read_input(text);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_EQ(in.orders.size(), static_cast<std::size_t>(n));
  EXPECT_EQ(in.orders[10].events.size(), 1u);
  EXPECT_TRUE(in.orders[11].events.empty());
  EXPECT_LT(seconds, 20.0);  // about 0.3 s natively; generous for sanitizers and wasm
}

TEST(Join, ABackOfficeJsonOrderJoinsTheTraceBelowItAndKeepsItsFacts) {
  // formats-json's recentOrderList fixture, then the trace of its third order's number.
  const std::string text =
      slurp(LANSHOU_SOURCE_DIR "/tests/fixtures/pdd-json/backoffice-recent-order-list.json") +
      "\n韵达快递 431300000000603\n2026-09-04 20:10:00 【义乌市】快件已被【义乌公司】揽收\n";
  const ParsedInput in = read_input(text);
  ASSERT_EQ(in.orders.size(), 4u);
  const RawOrder& o = in.orders[2];
  EXPECT_EQ(v(o, Field::kOrderSn), "260903-601000000000603");
  EXPECT_EQ(o.kind, SourceKind::kJson);
  EXPECT_EQ(o.events.size(), 1u);
  ASSERT_NE(in.facts_of(o), nullptr);  // the order's PDD codes survive the join
  EXPECT_EQ(in.facts_of(o)->order_status_str, "已发货，待收货");
  const json doc = run(text, "2026-09-06 12:00:00");
  EXPECT_NE(doc["orders"][2]["status"], "pickup_overdue");  // its status without the trace
  EXPECT_EQ(doc["orders"][2]["times"]["picked_up"], "2026-09-04T20:10:00+08:00");
}

// --- Hostile back-office text ---------------------------------------------------------------

// Each of these read in linear time: a few MB in well under the limit even under sanitizers.
TEST(BackOfficeHostile, PathologicalPagesReadInLinearTime) {
  const auto fill = [](const std::string& unit, std::string head = "") {
    while (head.size() < (std::size_t{4} << 20)) head += unit;
    return head;
  };
  std::string colons = "订单编号：";
  for (int i = 0; i < 1300; ++i) colons += "：";
  std::string links = "订单号：2612";
  for (int i = 0; i < 1000; ++i) links += "复制 ";
  const std::vector<std::pair<const char*, std::string>> cases = {
      {"4 KB lines of colons after a label", fill(colons + "\n")},
      {"unclosed { on every line", fill("{\n")},
      {"[{ nested on one line", fill("[{\"a\":")},
      {"a two-line trace of 4 MB",
       fill("快件已揽收\n2026-12-05 08:03:12\n", "订单号：261203-990264718350642\n")},
      {"a label waiting for its value behind link words", fill("订单号：\n复制\n")},
      {"one block contradicting itself",
       fill("揽收时间：2026-12-05 08:03:12\n揽收时间：2026-12-06 08:03:12\n",
            "订单号：261203-990264718350642\n")},
      {"traces of a thousand numbers",
       [] {
         std::string s;
         for (int i = 0; s.size() < (std::size_t{4} << 20); ++i) {
           s += "75124400" + std::to_string(100000 + i % 1000) + "\n2026-12-05 08:03:12 已揽收\n\n";
         }
         return s;
       }()},
      {"a thousand link words per value", fill(links + "\n")},
      {"time-only lines",
       fill("2026-12-05 08:03:12\n", "订单号：261203-990264718350642\n物流信息\n")}};
  for (const auto& [name, text] : cases) {
    const auto t0 = std::chrono::steady_clock::now();
    const ParsedInput in = read_input(text);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(seconds, 30.0) << name;  // about 0.1-0.5 s natively
    for (const auto& e : in.errors) EXPECT_FALSE(e.message.empty()) << name;
  }
}

TEST(BackOfficeHostile, TwentyThousandTracesOfOnePlaceholderNumberJoinNoOrder) {
  std::string text = "订单号,快递单号\n";
  for (int i = 0; i < 20000; ++i) {
    text += "250311-5120000" + std::to_string(10000000 + i) + ",JT0000000000091\n";
  }
  text += "\n";
  for (int i = 0; i < 20000; ++i) text += "JT0000000000091\n2026-12-05 08:03:12 已揽收\n\n";
  const ParsedInput in = read_input(text);
  ASSERT_EQ(in.orders.size(), 20001u);  // the traces are one parcel, joined to none of the orders
  EXPECT_EQ(in.orders.back().events.size(), 1u);  // the same event, kept once
  EXPECT_TRUE(in.orders.front().events.empty());
}

// --- Decisions ----------------------------------------------------------------------------

TEST(BackOfficeDecisions, AFailedDeliveryIsAProblemNotADelivery) {
  const json doc =
      run("订单号：261201-102938475610293\n发货时间：2026-12-02 10:00:00\n快递单号：9812345678901\n"
          "2026-12-02 18:31:07 【义乌市】已收寄\n"
          "2026-12-05 09:02:40 【杭州市西湖区揽投部】暂时未投递成功，原因：收件人不在\n");
  EXPECT_EQ(doc["orders"][0]["status"], "exception");
}

TEST(BackOfficeDecisions, ACancelledOrderFromTheListIsClosedWithNoFixPath) {
  const json doc = run(
      "订单编号：261202-330917264850193 复制 订单成交时间：2026-12-02 22:48:03 "
      "承诺发货时间：2026-12-04 22:48:03\n灰色 M\t已取消\t1\t59.90\t0.00\t赵**\t木木\t查看详情\n");
  ASSERT_EQ(doc["orders"].size(), 1u);
  EXPECT_EQ(doc["orders"][0]["status"], "closed");
  EXPECT_FALSE(doc["orders"][0].contains("fix_path"));
  EXPECT_EQ(doc["orders"][0]["risk_yuan"], 0);
}

}  // namespace
}  // namespace lanshou
