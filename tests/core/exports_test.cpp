// Export generations (issue 16): every fixture in tests/fixtures/exports/ reads with no error and
// gives exactly the decisions listed in its expected.json, natively and in wasm.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lanshou/check.h"
#include "lanshou/input.h"
#include "lanshou/region.h"
#include "lanshou/time.h"
#include "slurp.h"

namespace lanshou {
namespace {

using nlohmann::json;

// Every order's status, every error's code, and whether each listed explanation is there.
void expect_fixture(const std::string& dir, const std::string& name, const json& want) {
  SCOPED_TRACE(dir + "/" + name);
  const std::string text =
      slurp(std::string(LANSHOU_SOURCE_DIR "/tests/fixtures/") + dir + "/" + name);
  ASSERT_FALSE(text.empty());
  CheckOptions o;
  o.now = parse_time(want.at("now").get<std::string>()).epoch;
  const json doc = json::parse(check(text, o).text);

  std::vector<std::string> codes;
  for (const json& e : doc.at("errors")) codes.push_back(e.value("code", ""));
  EXPECT_EQ(codes, want.at("errors").get<std::vector<std::string>>()) << doc.at("errors").dump();

  const json& orders = want.at("orders");
  ASSERT_EQ(doc.at("orders").size(), orders.size()) << doc.at("orders").dump();
  for (const json& o : doc.at("orders")) {
    const std::string sn = o.value("order_sn", "");
    ASSERT_TRUE(orders.contains(sn)) << "an order nobody put there: " << o.dump();
    EXPECT_EQ(o.value("status", ""), orders.at(sn).get<std::string>()) << sn;
  }
  const json explains = want.value("explain_contains", json::object());
  for (const auto& [sn, words] : explains.items()) {
    bool found = false;
    for (const json& o : doc.at("orders")) {
      if (o.value("order_sn", "") != sn) continue;
      for (const json& line : o.at("explain")) {
        found =
            found || line.get<std::string>().find(words.get<std::string>()) != std::string::npos;
      }
    }
    EXPECT_TRUE(found) << sn << " explains no 「" << words.get<std::string>() << "」";
  }
}

json manifest(const std::string& dir) {
  return json::parse(
      slurp(std::string(LANSHOU_SOURCE_DIR "/tests/fixtures/") + dir + "/expected.json"));
}

TEST(ExportGenerations, EachReadsWithoutErrorsAndGivesItsExpectedStatuses) {
  const json m = manifest("exports");
  ASSERT_GE(m.at("fixtures").size(), 4u);
  for (const auto& [name, want] : m.at("fixtures").items()) expect_fixture("exports", name, want);
}

// Rows of a real export (github Zhihuiwanguo/PDD-Operation-Analysis-Tools
// sample_data/订单表样例.csv, March 2026; README.md beside the fixture): PDD says none of these
// orders is late, and lanshou, with no trace, must not say so either: no critical finding, no
// overdue status, no money.
TEST(ExportGenerations, ARealExportWithoutTracesRaisesNoAlarm) {
  CheckOptions o;
  o.now = parse_time("2026-03-20 09:00:00").epoch;
  const json doc = json::parse(check(slurp(std::string(LANSHOU_SOURCE_DIR) +
                                           "/tests/fixtures/exports/2026-real-excerpt.csv"),
                                     o)
                                   .text);
  ASSERT_EQ(doc.at("orders").size(), 27u);
  for (const auto& order : doc.at("orders")) {
    const std::string status = order.at("status");
    EXPECT_NE(status, "pickup_overdue") << order.at("order_sn");
    EXPECT_NE(status, "ship_overdue") << order.at("order_sn");
    EXPECT_EQ(order.at("risk_yuan"), 0) << order.at("order_sn");
    for (const auto& f : order.at("findings")) {
      EXPECT_NE(f.at("severity"), "critical") << order.at("order_sn") << " " << f.at("code");
    }
  }
  EXPECT_EQ(doc.at("summary").at("risk_yuan"), 0);
}

TEST(ExportGenerations, EveryGenerationMapsItsTimeColumns) {
  // Which column each generation's times come from: 拼单成功时间 (2019–2020) or 订单成交时间 (since
  // 2023), read as the group time, with the header as written kept as its label.
  const struct {
    const char* file;
    const char* grouped;
    bool paid, promised;
  } cases[] = {{"2019-pindan.csv", "拼单成功时间", true, true},
               {"2020-pindan.csv", "拼单成功时间", true, true},
               {"2026-full.csv", "订单成交时间", true, true},
               {"2026-no-paytime.csv", "订单成交时间", false, false}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    const std::string text =
        slurp(std::string(LANSHOU_SOURCE_DIR "/tests/fixtures/exports/") + c.file);
    const ParsedInput in = read_input(text);
    ASSERT_FALSE(in.orders.empty());
    const RawOrder& o = in.orders.front();
    EXPECT_EQ(o.label(Field::kGrouped), c.grouped);
    EXPECT_FALSE(o.get(Field::kGrouped).empty());
    EXPECT_EQ(!o.get(Field::kPaid).empty(), c.paid);
    EXPECT_EQ(!o.get(Field::kPromised).empty(), c.promised);
    EXPECT_TRUE(in.errors.empty());
  }
}

TEST(ExportGenerations, TabPrefixedValuesAndLoneTabCellsReadAsIntended) {
  // PDD writes some cells with a tab before (or after) the value so that spreadsheets keep long
  // numbers as text, and empty cells as a lone tab.
  const std::string text =
      "订单号,订单状态,订单成交时间,承诺发货时间,发货时间,快递单号,快递公司,商品数量(件)\n"
      "\"\t260312-301000000000901\",待发货,\"\t2026-03-12 "
      "08:10:11\",\"\t\",\"\t\",\"\t\",\t,\"1\t\"\n"
      "260312-301000000000902\t,已发货，待收货,2026-03-12 08:10:11\t,\t2026-03-14 08:10:11,"
      "\t2026-03-13 10:20:30,\t78510000000902,中通快递,1\n";
  const ParsedInput in = read_input(text);
  ASSERT_EQ(in.orders.size(), 2u);
  EXPECT_EQ(in.orders[0].get(Field::kOrderSn), "260312-301000000000901");
  EXPECT_EQ(in.orders[0].get(Field::kGrouped), "2026-03-12 08:10:11");
  EXPECT_TRUE(in.orders[0].get(Field::kPromised).empty());
  EXPECT_TRUE(in.orders[0].get(Field::kTrackingNo).empty());
  EXPECT_TRUE(in.orders[0].get(Field::kCourier).empty());
  EXPECT_EQ(in.orders[0].get(Field::kQuantity), "1");
  EXPECT_EQ(in.orders[1].get(Field::kOrderSn), "260312-301000000000902");
  EXPECT_EQ(in.orders[1].get(Field::kTrackingNo), "78510000000902");
  EXPECT_EQ(in.orders[1].get(Field::kShipped), "2026-03-13 10:20:30");

  CheckOptions o;
  o.now = parse_time("2026-03-13T12:00:00+08:00").epoch;
  const json doc = json::parse(check(text, o).text);
  EXPECT_TRUE(doc.at("errors").empty()) << doc.at("errors").dump();
  EXPECT_EQ(doc.at("orders")[0].value("status", ""), "awaiting_shipment");
  EXPECT_EQ(doc.at("orders")[1].value("status", ""), "awaiting_pickup");
}

TEST(ExportGenerations, WithNoPromiseColumnTheDeadlineIsTheDealTimePlusThePromiseHours) {
  const std::string text =
      "订单成交时间,订单号,订单状态\n2026-05-19 09:30:00,260519-401000000000901,待发货\n";
  CheckOptions o;
  o.now = parse_time("2026-05-20T12:00:00+08:00").epoch;
  const json doc = json::parse(check(text, o).text);
  ASSERT_EQ(doc.at("orders").size(), 1u);
  const json& order = doc.at("orders")[0];
  EXPECT_EQ(order.at("times").value("promised_ship_by", ""), "2026-05-21T09:30:00+08:00");
  EXPECT_EQ(order.at("explain")[0].get<std::string>().rfind(
                "订单成交时间 05-19 09:30 + 发货时限 48 小时", 0),
            0u)
      << order.at("explain")[0];
}

TEST(Region, KeepsTheProvinceAndCityOnly) {
  EXPECT_EQ(region_of("新疆维吾尔自治区乌鲁木齐市天山区人民路 1 号"), "新疆维吾尔自治区乌鲁木齐市");
  EXPECT_EQ(region_of("浙江省杭州市西湖区益乐新村"), "浙江省杭州市");
  EXPECT_EQ(region_of("浙江省湖州市吴兴区"), "浙江省湖州市");
  EXPECT_EQ(region_of("湖北省恩施土家族苗族自治州恩施市"), "湖北省恩施土家族苗族自治州");
  EXPECT_EQ(region_of("北京市北京市朝阳区"), "北京市北京市");
  EXPECT_EQ(region_of("北京市"), "北京市");
  EXPECT_EQ(region_of("广西壮族自治区"), "广西壮族自治区");
  EXPECT_EQ(region_of("浙江省"), "浙江省");
  EXPECT_EQ(region_of("****"), "");
  EXPECT_EQ(region_of("益乐新村北6-6"), "");
  EXPECT_EQ(region_of(""), "");
}

TEST(Region, ExportsJoinAProvinceAndACityColumnAndCutAnAddress) {
  const std::string text =
      slurp(std::string(LANSHOU_SOURCE_DIR "/tests/fixtures/exports/2019-pindan.csv"));
  const ParsedInput in = read_input(text);
  ASSERT_FALSE(in.orders.empty());
  EXPECT_EQ(in.orders[0].get(Field::kRegion), "浙江省杭州市");  // 省 + 市, not 区 or 街道
  const ParsedInput addr = read_input(
      "订单号,收货地址\n250310-512000000000102,新疆维吾尔自治区乌鲁木齐市天山区人民路 1 号\n");
  ASSERT_EQ(addr.orders.size(), 1u);
  EXPECT_EQ(addr.orders[0].get(Field::kRegion), "新疆维吾尔自治区乌鲁木齐市");
  const ParsedInput masked = read_input("订单号,省,市\n250310-512000000000102,****,杭州市\n");
  ASSERT_EQ(masked.orders.size(), 1u);
  EXPECT_EQ(masked.orders[0].get(Field::kRegion), "杭州市");
}

}  // namespace
}  // namespace lanshou
