// PDD order JSON (issue 16): the order API's and the back office's documents give one order per
// order in them and nothing else; unknown and broken JSON is reported once and never mined for
// numbers. Fixtures and their sources: tests/fixtures/pdd-json/.
#include "lanshou/pdd_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lanshou/check.h"
#include "lanshou/courier.h"
#include "lanshou/input.h"
#include "lanshou/time.h"
#include "slurp.h"

namespace lanshou {
namespace {

using nlohmann::json;

std::string fixture(const std::string& name) {
  return slurp(std::string(LANSHOU_SOURCE_DIR "/tests/fixtures/pdd-json/") + name);
}

json run(const std::string& text, const char* now = "2026-09-06T12:00:00+08:00") {
  CheckOptions o;
  o.now = parse_time(now).epoch;
  return json::parse(check(text, o).text);
}

std::vector<std::string> error_codes(const json& doc) {
  std::vector<std::string> codes;
  for (const json& e : doc.at("errors")) codes.push_back(e.value("code", ""));
  return codes;
}

// Objects with an order_sn anywhere in a document: what "one order per order" counts against.
std::size_t order_objects(const json& v) {
  std::size_t n = v.is_object() && v.contains("order_sn") ? 1 : 0;
  if (v.is_structured()) {
    for (const json& child : v) n += order_objects(child);
  }
  return n;
}

const RawOrder* find(const ParsedInput& in, std::string_view sn) {
  for (const RawOrder& o : in.orders) {
    if (o.get(Field::kOrderSn) == sn) return &o;
  }
  return nullptr;
}

TEST(PddJson, EachFixtureGivesExactlyItsOrdersAndErrors) {
  const json m = json::parse(fixture("expected.json"));
  ASSERT_GE(m.at("fixtures").size(), 9u);
  for (const auto& [name, want] : m.at("fixtures").items()) {
    SCOPED_TRACE(name);
    const std::string text = fixture(name);
    ASSERT_FALSE(text.empty());
    const json doc = run(text, want.at("now").get<std::string>().c_str());
    EXPECT_EQ(error_codes(doc), want.at("errors").get<std::vector<std::string>>())
        << doc.at("errors").dump();
    const json& orders = want.at("orders");
    EXPECT_EQ(doc.at("orders").size(), order_objects(json::parse(text)));
    ASSERT_EQ(doc.at("orders").size(), orders.size()) << doc.at("orders").dump();
    for (const json& o : doc.at("orders")) {
      const std::string sn = o.value("order_sn", "");
      ASSERT_TRUE(orders.contains(sn)) << "an order that is not in the document: " << o.dump();
      EXPECT_EQ(o.value("status", ""), orders.at(sn).get<std::string>()) << sn;
      EXPECT_EQ(o.at("source").value("kind", ""), "json");
    }
    const json explains = want.value("explain_contains", json::object());
    for (const auto& [sn, words] : explains.items()) {
      bool found = false;
      for (const json& o : doc.at("orders")) {
        if (o.value("order_sn", "") != sn) continue;
        for (const json& l : o.at("explain")) {
          found = found || l.get<std::string>().find(words.get<std::string>()) != std::string::npos;
        }
      }
      EXPECT_TRUE(found) << sn << ": " << words;
    }
  }
}

TEST(PddJson, TheOrderApiIsReadFieldByField) {
  const std::string text = fixture("api-order-list.json");
  const ParsedInput in = read_input(text);
  ASSERT_EQ(in.orders.size(), 4u);
  EXPECT_TRUE(in.errors.empty());

  const RawOrder* waiting = find(in, "260905-501000000000501");
  ASSERT_NE(waiting, nullptr);
  EXPECT_EQ(waiting->line, 7u);  // the line of its order_sn in the pretty-printed document
  EXPECT_EQ(waiting->get(Field::kStatus), "待发货");
  EXPECT_EQ(waiting->get(Field::kGrouped), "2026-09-05 20:38:32");
  EXPECT_EQ(waiting->label(Field::kGrouped), "成交时间");
  EXPECT_EQ(waiting->get(Field::kPromised), "2026-09-07 20:38:32");
  EXPECT_TRUE(waiting->get(Field::kShipped).empty());  // "" is not shipped
  EXPECT_EQ(waiting->get(Field::kProduct), "保温杯 500ml");
  EXPECT_EQ(waiting->get(Field::kQuantity), "1");
  EXPECT_EQ(waiting->get(Field::kAmount), "39.90");
  EXPECT_EQ(waiting->get(Field::kAfterSale), "无售后或售后关闭");
  EXPECT_EQ(waiting->get(Field::kRegion), "浙江省杭州市");  // province + city, not town
  const OrderFacts* f = in.facts_of(*waiting);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->document, "pdd.order.list.get");
  EXPECT_EQ(f->tags, std::vector<std::string>{"region_black_delay_shipping"});
  EXPECT_EQ(f->order_status, 1);
  EXPECT_EQ(f->refund_status, 1);

  const RawOrder* shipped = find(in, "260904-501000000000502");
  ASSERT_NE(shipped, nullptr);
  EXPECT_EQ(shipped->get(Field::kStatus), "已发货，待签收");
  EXPECT_EQ(shipped->get(Field::kTrackingNo), "78520000000502");
  EXPECT_EQ(shipped->get(Field::kCourier), "中通快递");  // logistics_id 115
  EXPECT_EQ(shipped->get(Field::kShipped), "2026-09-05 18:30:00");
  EXPECT_EQ(in.facts_of(*shipped)->logistics_id, 115);
  EXPECT_EQ(in.facts_of(*shipped)->tags, std::vector<std::string>{"open_in_festival"});

  const RawOrder* refunded = find(in, "260905-501000000000503");
  ASSERT_NE(refunded, nullptr);
  EXPECT_EQ(refunded->get(Field::kStatus), "未发货，退款成功");
  EXPECT_EQ(refunded->get(Field::kAfterSale), "退款成功");
  EXPECT_EQ(in.facts_of(*refunded)->after_sales_status, 10);  // 退款成功 in the SDK's list

  const RawOrder* presale = find(in, "260901-501000000000504");
  ASSERT_NE(presale, nullptr);
  const OrderFacts* pf = in.facts_of(*presale);
  EXPECT_EQ(pf->is_pre_sale, 1);
  ASSERT_TRUE(pf->pre_sale_time.has_value());
  EXPECT_EQ(format_datetime(*pf->pre_sale_time), "2026-09-10 12:00:00");
}

TEST(PddJson, TheBackOfficeListIsReadFieldByField) {
  const ParsedInput in = read_input(fixture("backoffice-recent-order-list.json"));
  ASSERT_EQ(in.orders.size(), 4u);
  const RawOrder* waiting = find(in, "260905-601000000000601");
  ASSERT_NE(waiting, nullptr);
  EXPECT_EQ(waiting->line, 1u);  // a response is one line
  EXPECT_EQ(waiting->get(Field::kStatus), "待发货");
  EXPECT_EQ(waiting->get(Field::kGrouped), "2026-09-05 20:38:32");  // group_time, unix seconds
  EXPECT_EQ(waiting->label(Field::kGrouped), "成团时间");
  EXPECT_EQ(waiting->get(Field::kPaid), "2026-09-05 20:38:31");
  EXPECT_EQ(waiting->get(Field::kPromised), "2026-09-07 20:38:32");  // promise_shipping_time
  EXPECT_TRUE(waiting->get(Field::kShipped).empty());                // shipping_time 0
  EXPECT_TRUE(waiting->get(Field::kCourier).empty());                // shipping_id 0
  EXPECT_EQ(waiting->get(Field::kAmount), "12.90");                  // order_amount in fen
  EXPECT_EQ(waiting->get(Field::kAfterSale), "无售后");
  EXPECT_EQ(waiting->get(Field::kRegion), "江苏省苏州市");  // province_name + city_name
  EXPECT_EQ(in.facts_of(*waiting)->document, "recentOrderList");
  EXPECT_EQ(in.facts_of(*waiting)->got_timeout_status, 0);

  const RawOrder* yunda = find(in, "260903-601000000000603");
  ASSERT_NE(yunda, nullptr);
  EXPECT_EQ(yunda->get(Field::kCourier), "韵达快递");  // shipping_id 121
  EXPECT_EQ(yunda->get(Field::kTrackingNo), "431300000000603");
  EXPECT_EQ(in.facts_of(*yunda)->got_timeout_status, 1);
  EXPECT_EQ(in.facts_of(*yunda)->order_status_str, "已发货，待收货");

  const RawOrder* cancelled = find(in, "260905-601000000000604");
  ASSERT_NE(cancelled, nullptr);
  EXPECT_TRUE(cancelled->get(Field::kPaid).empty());  // pay_time 0
}

TEST(PddJson, A2026ListItemNamesItsCourierInItsWaybillList) {
  // xingyu42/pddMerchant src/services/views/order.js: shipping_name or
  // waybillDTOList[0].shippingName.
  const ParsedInput in = read_input(
      R"({"success":true,"result":{"totalItemNum":1,"pageItems":[{"order_sn":"260904-601000000000602",)"
      R"("shipping_time":1788595200,"order_status_str":"已发货，待收货","shipping_id":0,)"
      R"("tracking_number":"78530000000602","waybillDTOList":[{"shippingName":"中通快递",)"
      R"("shippingPhone":"95311"}]}]}})");
  ASSERT_EQ(in.orders.size(), 1u);
  EXPECT_EQ(in.orders[0].get(Field::kCourier), "中通快递");
  EXPECT_TRUE(in.errors.empty());
}

TEST(PddJson, LogisticsIdsAreData) {
  EXPECT_EQ(pdd_logistics_name(115), "中通快递");
  EXPECT_EQ(pdd_logistics_name(44), "顺丰快递");
  EXPECT_EQ(pdd_logistics_name(999999), "");
  EXPECT_EQ(pdd_courier_for(0), "");
  EXPECT_EQ(pdd_courier_for(85), "圆通快递");
  EXPECT_EQ(pdd_courier_for(120), "京东配送");
  EXPECT_EQ(CourierRegistry::builtin().find_by_name("京东配送"),
            CourierRegistry::builtin().find_by_code("JD"));
  EXPECT_EQ(pdd_courier_for(999999), "拼多多快递公司编号 999999");
}

TEST(PddJson, EveryMappedLogisticsNameIsACourierAliasOfItsCode) {
  const json doc =
      json::parse(slurp(std::string(LANSHOU_SOURCE_DIR "/core/data/input/pdd_logistics.json")));
  std::size_t mapped = 0;
  for (const json& c : doc.at("companies")) {
    if (!c.contains("lanshou")) continue;
    ++mapped;
    const std::string name = c.at("name").get<std::string>();
    const Courier* by_code =
        CourierRegistry::builtin().find_by_code(c.at("lanshou").get<std::string>());
    ASSERT_NE(by_code, nullptr) << name;
    EXPECT_EQ(CourierRegistry::builtin().find_by_name(name), by_code) << name;
    EXPECT_EQ(pdd_courier_for(c.at("id").get<std::int64_t>()), name);
  }
  EXPECT_GE(mapped, 10u);
}

TEST(PddJson, AnAggregatorErrorKeepsItsOwnMessageAtItsLine) {
  const ParsedInput in = read_input(
      "\n{\"message\":\"快递公司参数异常：单号不存在或者已经过期\",\"returnCode\":\"400\","
      "\"result\":false}\n");
  EXPECT_TRUE(in.orders.empty());
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_EQ(in.errors[0].line, 2u);
  EXPECT_EQ(in.errors[0].message.rfind("快递100 查询失败", 0), 0u) << in.errors[0].message;
}

TEST(PddJson, ABareOrderAndABareArrayOfOrdersAreRead) {
  const std::string one =
      R"({"order_sn":"260905-601000000000701","order_status_str":"待发货","group_time":1788611912,)"
      R"("promise_shipping_time":1788784712,"shipping_time":0,"shipping_id":0})";
  ParsedInput in = read_input(one);
  ASSERT_EQ(in.orders.size(), 1u);
  EXPECT_EQ(in.orders[0].label(Field::kGrouped), "成团时间");  // back-office keys
  EXPECT_EQ(in.orders[0].get(Field::kPromised), "2026-09-07 20:38:32");

  const std::string many =
      R"([{"order_sn":"260905-501000000000702","order_status":1,"refund_status":1,)"
      R"("confirm_time":"2026-09-05 10:00:00"},{"order_sn":"260905-501000000000703"},{"x":1}])";
  in = read_input(many);
  ASSERT_EQ(in.orders.size(), 2u);
  EXPECT_EQ(in.orders[0].get(Field::kStatus), "待发货");
  EXPECT_EQ(in.orders[0].label(Field::kGrouped), "成交时间");
  EXPECT_TRUE(in.errors.empty());
}

TEST(PddJson, UnknownJsonIsReportedOnceAndNeverMinedForNumbers) {
  const json doc = run(fixture("unknown.json"));
  EXPECT_EQ(doc.at("orders").size(), 0u);
  ASSERT_EQ(error_codes(doc), std::vector<std::string>{"json_unreadable"});
  EXPECT_EQ(doc.at("errors")[0].value("line", 0), 1);
  EXPECT_NE(
      doc.at("errors")[0].value("message", "").find("第 1 行起的 JSON 不是 lanshou 能读取的数据"),
      std::string::npos);

  // The same after a blank line and with a table after it: the table is read, the JSON is not.
  const std::string text =
      "\n" + fixture("unknown.json") +
      "\n订单号,快递单号,快递公司\n250310-512000000000102,75124400000101,中通快递\n";
  const ParsedInput in = read_input(text);
  ASSERT_EQ(in.orders.size(), 1u);
  EXPECT_EQ(in.orders[0].get(Field::kOrderSn), "250310-512000000000102");
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_EQ(in.errors[0].line, 2u);
}

TEST(PddJson, ACutOffDocumentIsReportedOnceWithItsLines) {
  std::string text = fixture("api-order-list.json");
  text.resize(text.size() / 2);
  const json doc = run(text);
  EXPECT_EQ(doc.at("orders").size(), 0u);
  ASSERT_EQ(error_codes(doc), std::vector<std::string>{"json_unreadable"});
  const std::string message = doc.at("errors")[0].value("message", "");
  EXPECT_EQ(message.rfind("第 1 行起的 JSON 格式有误（第 ", 0), 0u) << message;
  EXPECT_NE(message.find("行未读取"), std::string::npos) << message;

  // A one-line response cut off: nothing of it is read as numbers either.
  std::string line = fixture("backoffice-recent-order-list.json");
  line.resize(line.size() - 200);
  const json cut = run(line);
  EXPECT_EQ(cut.at("orders").size(), 0u);
  EXPECT_EQ(error_codes(cut), std::vector<std::string>{"json_unreadable"});
}

TEST(PddJson, AnAggregatorResultIsStillReadAsATrace) {
  const std::string text =
      R"({"message":"ok","nu":"75124400000301","com":"zhongtong","state":"0","data":[)"
      R"({"time":"2025-03-10 19:47:55","context":"【义乌稠城】 已揽收"}]})";
  const ParsedInput in = read_input(text);
  ASSERT_EQ(in.orders.size(), 1u);
  EXPECT_EQ(in.orders[0].get(Field::kTrackingNo), "75124400000301");
  EXPECT_EQ(in.orders[0].events.size(), 1u);
  EXPECT_TRUE(in.errors.empty());
}

TEST(PddJson, HostileDocumentsGetAClearErrorNeverACrash) {
  struct Case {
    std::string text, code;
    std::size_t orders;
  };
  const std::string deep = std::string(5000, '[') + std::string(5000, ']');
  const Case cases[] = {
      // A time as a huge number: the engine names the field and the value.
      {R"({"result":{"pageItems":[{"order_sn":"260905-601000000000801","shipping_time":1e300,)"
       R"("promise_shipping_time":99999999999999999999999}]}})",
       "time_bad_format", 1},
      // Wrong types: an order number that is an object, a list that is an object.
      {R"({"result":{"pageItems":[{"order_sn":{"a":1}}]}})", "pdd_order_unreadable", 0},
      {R"({"result":{"pageItems":{"order_sn":"x"}}})", "json_unreadable", 0},
      {R"({"order_list_get_response":{"order_list":[]}})", "pdd_json_empty", 0},
      {deep, "json_unreadable", 0},
      {R"({"a":"\u0000 \ud800"})", "json_unreadable", 0},
      // The text after a document (here after a NUL) is read as any other line.
      {std::string(R"({"a":1})") + '\0' + " 250310-512000000000102 75124400000101",
       "json_unreadable", 1},
      {R"({"order_sn":1e999})", "json_unreadable", 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text.substr(0, 80));
    const json doc = run(c.text);
    EXPECT_EQ(doc.at("orders").size(), c.orders);
    bool found = false;
    for (const json& e : doc.at("errors")) found = found || e.value("code", "") == c.code;
    EXPECT_TRUE(found) << doc.at("errors").dump();
  }
}

TEST(PddJson, ALargeDocumentIsReadOneOrderAtATime) {
  std::string text =
      R"({"success":true,"errorCode":1000000,"result":{"totalItemNum":20000,"pageItems":[)";
  for (int i = 0; i < 20000; ++i) {
    if (i > 0) text += ',';
    char sn[32];
    std::snprintf(sn, sizeof sn, "260905-6%014d", i);
    text +=
        R"({"order_sn":")" + std::string(sn) +
        R"(","order_status_str":"待发货","group_time":1788611912,"promise_shipping_time":1788784712,)"
        R"("shipping_time":0,"shipping_id":0,"tracking_number":"","goods_name":"手机壳","order_amount":1290})";
  }
  text += "]}}";
  const ParsedInput in = read_input(text);
  EXPECT_EQ(in.orders.size(), 20000u);
  EXPECT_TRUE(in.errors.empty());
  EXPECT_EQ(in.facts.size(), 20000u);

  // Over the input limit: refused as a whole, as any paste is.
  InputLimits small;
  small.max_bytes = text.size() - 1;
  const ParsedInput refused = read_input(text, small);
  ASSERT_EQ(refused.errors.size(), 1u);
  EXPECT_EQ(refused.errors[0].code, "input_too_large");
}

}  // namespace
}  // namespace lanshou
