// What the merchant reads: the exact Chinese of explanations and findings, the money at risk, the
// action queue, the backlog advice, and the CSV and table faces. Uses the frozen testing rule set.
#include "lanshou/engine.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lanshou/check.h"
#include "lanshou/embedded.h"
#include "lanshou/rules.h"
#include "lanshou/session.h"

namespace lanshou {
namespace {

using nlohmann::json;

const RuleSet& testing_rules() {
  static const RuleSet rules = [] {
    RuleSet r;
    RuleError e;
    if (!load_rules(embedded_file("rules/testing.json"), &r, &e)) r.id = "broken: " + e.message;
    return r;
  }();
  return rules;
}

CheckOptions options(const char* now, const char* overrides = "") {
  CheckOptions o;
  o.now = parse_time(now).epoch;
  o.base_rules = &testing_rules();
  o.rules_override_json = overrides;
  return o;
}

json run(const std::string& input, const char* now, const char* overrides = "") {
  return json::parse(check(input, options(now, overrides)).text);
}

std::string run_as(const std::string& input, const char* now, OutputFormat format) {
  CheckOptions o = options(now);
  o.format = format;
  return check(input, o).text;
}

std::vector<std::string> explain(const json& order) {
  return order.at("explain").get<std::vector<std::string>>();
}

std::string message(const json& order, const char* code) {
  for (const auto& f : order.at("findings")) {
    if (f.at("code") == code) return f.at("message");
  }
  return "(no " + std::string(code) + ")";
}

const char kNow[] = "2025-03-12 12:00:00";
const char kHeader[] =
    "订单号,订单状态,支付时间,拼单成功时间,承诺发货时间,发货时间,揽收时间,快递单号,快递公司\n";

TEST(EngineExplain, ShipClockShowsTheArithmeticFromTheGroupTime) {
  const json doc =
      run(std::string(kHeader) +
              "250311-512000000000001,待发货,2025-03-11 10:00:00,2025-03-11 10:00:01,,,,,\n",
          kNow);
  const json& o = doc["orders"][0];
  EXPECT_EQ(explain(o),
            (std::vector<std::string>{
                "拼单成功时间 03-11 10:00 + 发货时限 48 小时（确定）= 最晚发货 03-13 10:00；"
                "尚未上传单号，现在 03-12 12:00，还剩 22 小时",
                "上传单号后 24 小时（待核实）内要有揽收记录，否则可能被判虚假发货：等快递能揽收时再"
                "上传单号，不要过早上传（经验建议）"}));
  EXPECT_EQ(o["action"], "在 03-13 10:00 前发货");
  EXPECT_EQ(o["status_text"], "待发货");
}

TEST(EngineExplain, PaymentFallbackAndOverdueNameTheCompensationAndWarnAgainstEarlyUpload) {
  const json doc =
      run(std::string(kHeader) + "250310-512000000000002,待发货,2025-03-10 08:00:00,,,,,,\n", kNow);
  const json& o = doc["orders"][0];
  EXPECT_EQ(o["status"], "ship_overdue");
  EXPECT_EQ(
      explain(o),
      (std::vector<std::string>{
          "支付时间 03-10 08:00 + 发货时限 48 小时（确定；缺拼单成功时间，按支付时间计）= 最晚"
          "发货 03-12 08:00；尚未上传单号，现在 03-12 12:00，已超时 4 小时",
          "已超过最晚发货时间：按延迟发货赔付买家 3 元（确定，平台从货款中扣除）；仍请尽快发货，"
          "并联系买家说明",
          "不要为赶时效上传还不能揽收的单号：上传后 24 小时内没有揽收会被判虚假发货，赔付更多"}));
  EXPECT_EQ(o["risk_yuan"], 3);
  EXPECT_EQ(o["action"], "立即发货");
}

TEST(EngineExplain, PresalePromiseSaysWhyItIsLaterThanTheDefault) {
  const json doc = run(std::string(kHeader) +
                           "250305-512000000000003,待发货,2025-03-05 12:00:00,2025-03-05 12:00:01,"
                           "2025-03-20 00:00:00,,,,\n",
                       kNow);
  EXPECT_EQ(
      explain(doc["orders"][0])[0],
      "最晚发货 03-20 00:00：取表中的承诺发货时间（比默认的拼单成功后 48 小时晚 12 天 11 小时，"
      "预售、定制商品常见）；尚未上传单号，现在 03-12 12:00，还剩 7 天 12 小时");
}

TEST(EngineExplain, PromiseEqualToTheDefaultAddsNoRemark) {
  const json doc = run(std::string(kHeader) +
                           "250311-512000000000004,待发货,2025-03-11 20:14:09,2025-03-11 20:14:10,"
                           "2025-03-13 20:14:10,,,,\n",
                       kNow);
  EXPECT_EQ(explain(doc["orders"][0])[0],
            "最晚发货 03-13 20:14：取表中的承诺发货时间；尚未上传单号，现在 03-12 12:00，还剩 1 天 "
            "8 小时");
}

// The issue's own example, in the testing rule set's words.
TEST(EngineExplain, PickupUnverifiedSaysWhatToCheckAndCountsNoMoney) {
  // Uploaded, the window passed, and no trace pasted: nothing shows whether it was picked up.
  const json doc =
      run("订单号\t快递公司\t快递单号\t发货时间\n"
          "250310-512000000000203\t极兔速递\tJT1234567890203\t2025/03/10 12:30\n",
          kNow);
  const json& o = doc["orders"][0];
  EXPECT_EQ(o["status"], "pickup_unverified");
  EXPECT_EQ(o["status_text"], "揽收待核实");
  EXPECT_EQ(o["deadline"], "2025-03-11T12:30:00+08:00");
  EXPECT_EQ(o["action"], "粘贴物流轨迹，核对是否已揽收");
  EXPECT_EQ(
      explain(o),
      (std::vector<std::string>{
          "发货时间 03-10 12:30 + 揽收时限 24 小时（待核实）= 截止 03-11 12:30；现在 03-12 "
          "12:00，已超时 23 小时 30 分钟",
          "暂无揽收记录：如快递已揽收，粘贴物流轨迹或揽收时间即可核对",
          "已过揽收截止时间，但粘贴的内容里没有物流轨迹或揽收时间，无法确认是否已揽收（多数包裹其实"
          "已"
          "揽收）。如确未揽收，平台可能判为虚假发货，预计赔付 10–20 元（待核实），这笔未计入合计。"
          "请粘贴物流轨迹或到快递官网核对",
          "如单号填错：已超过可直接修改的 24 小时，需联系买家、添加备注，并在 04-09 12:30 "
          "前新增补寄包裹（待核实）；补寄单号只作展示，违规仍按原单号判定"}));
  EXPECT_EQ(o["risk_yuan"], 0);
  EXPECT_EQ(doc["summary"]["risk_yuan"], 0);
}

TEST(EngineExplain, PickupOverdueReadsLikeTheIssueExample) {
  // The same order with its trace pasted below: the courier has not come.
  const json doc =
      run("订单号\t快递公司\t快递单号\t发货时间\n"
          "250310-512000000000203\t极兔速递\tJT1234567890203\t2025/03/10 12:30\n\n"
          "极兔速递 JT1234567890203\n"
          "2025-03-10 12:35:00 【杭州市】商家已打印电子面单，等待快递揽收\n",
          kNow);
  const json& o = doc["orders"][0];
  EXPECT_EQ(o["status_text"], "揽收超时");
  EXPECT_EQ(
      explain(o),
      (std::vector<std::string>{
          "发货时间 03-10 12:30 + 揽收时限 24 小时（待核实）= 截止 03-11 12:30；现在 03-12 "
          "12:00，已超"
          "时 23 小时 30 分钟",
          "物流轨迹中还没有揽收记录",
          "上传单号后超时未揽收，平台可能判为虚假发货，预计赔付 10–20 元（待核实，按 20 元计入）",
          "如因快递网点爆仓、天灾、交通管制等客观原因，可带物流截图和网点证明申诉：商家后台 → "
          "店铺管理 "
          "→ 违规管理 → 找到该违规 → 申诉（待核实）",
          "如单号填错：已超过可直接修改的 24 小时，需联系买家、添加备注，并在 04-09 12:30 "
          "前新增补寄包裹"
          "（待核实）；补寄单号只作展示，违规仍按原单号判定"}));
  EXPECT_EQ(o["risk_yuan"], 20);
  const json& steps = o["fix_path"]["steps"];
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[2]["code"], "extra_package");
  EXPECT_EQ(
      steps[2]["detail"],
      "在 04-09 12:30 前可新增；额外包裹单号仅作记录和展示给买家，不具备发货效力，违规判定仍以原上"
      "传单号为准");
}

TEST(EngineExplain, DirectChangeNamesBothMenuPaths) {
  const json doc = run(std::string(kHeader) +
                           "250311-512000000000005,已发货，待签收,2025-03-11 08:00:00,"
                           "2025-03-11 08:00:01,,2025-03-11 14:00:00,,JT0000000000005,极兔速递\n",
                       kNow);
  const json& o = doc["orders"][0];
  EXPECT_EQ(o["status"], "pickup_due_soon");
  EXPECT_EQ(explain(o)[3], "离揽收截止不足 6 小时：请马上联系快递网点上门揽收，揽收后留好物流截图");
  EXPECT_EQ(
      explain(o)[4],
      "如单号填错：03-12 14:00 前可直接修改（发货后 24 小时，确定）：发货中心勾选「覆盖发货」，"
      "或订单详情右上角「修改单号」");
  const json& steps = o["fix_path"]["steps"];
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0]["menu"],
            "发货管理 → 发货中心 → 批量导入或单条导入，勾选「覆盖发货」，找到订单后修改单号");
  EXPECT_EQ(steps[1]["menu"], "发货管理 → 订单查询 → 找到订单 → 查看详情 → 右上角「修改单号」");
  EXPECT_EQ(steps[1]["detail"], "在 03-12 14:00 前可直接修改单号");
}

TEST(EngineExplain, TimesOfAnotherYearThanNowShowTheirYear) {
  const json doc =
      run(std::string(kHeader) +
              "251230-512000000000006,待发货,2025-12-30 11:59:59,2025-12-30 12:00:00,,,,,\n",
          "2026-01-01 09:00:00");
  EXPECT_EQ(explain(doc["orders"][0])[0],
            "拼单成功时间 2025-12-30 12:00 + 发货时限 48 小时（确定）= 最晚发货 01-01 "
            "12:00；尚未上传单号，"
            "现在 01-01 09:00，还剩 3 小时");
}

TEST(EngineExplain, SuspendedOverdueOrderOwesNothingButMustStillShip) {
  const json doc =
      run(std::string(kHeader) +
              "250122-512000000000051,待发货,2025-01-22 10:00:00,2025-01-22 10:00:01,,,,,\n",
          "2025-01-25 12:00:00");
  const json& o = doc["orders"][0];
  EXPECT_EQ(
      explain(o)[1],
      "已超过最晚发货时间，但截止时刻落在平台暂停延迟发货处罚的时段内，暂不计赔付；仍请尽快发货");
  EXPECT_EQ(
      message(o, "penalty_suspended"),
      "最晚发货时间 01-24 10:00 落在平台暂停延迟发货处罚的时段内（2025-01-20 至 2025-02-05，待核"
      "实）：测试用暂停时段");
  EXPECT_EQ(o["risk_yuan"], 0);
}

TEST(EngineExplain, ClosedOrderSaysOnlyThatItIsClosed) {
  const json doc = run(std::string(kHeader) +
                           "250301-512000000000016,已发货，退款成功,2025-03-01 10:00:00,"
                           "2025-03-01 10:00:01,,2025-03-05 10:00:00,,JT0000000000016,极兔速递\n",
                       kNow);
  const json& o = doc["orders"][0];
  EXPECT_EQ(explain(o),
            (std::vector<std::string>{"订单状态为「已发货，退款成功」，订单已关闭，不再计算时效"}));
  EXPECT_TRUE(o["findings"].empty());  // shipped late, but nothing is owed on a closed order
  EXPECT_EQ(o["risk_yuan"], 0);
  EXPECT_FALSE(o.contains("fix_path"));  // nothing to fix on a closed order (issue 16.6)
}

TEST(EngineFixPath, ARefundedOrderIsOfferedNoFixPath) {
  const json doc = run(std::string(kHeader) +
                           "250311-512000000000019,已发货，待签收,2025-03-11 10:00:00,"
                           "2025-03-11 10:00:01,,2025-03-12 10:00:00,,JT0000000000019,极兔速递\n",
                       kNow);
  EXPECT_EQ(doc["orders"][0]["fix_path"]["code"], "modify_direct");
  const json refunded =
      run("订单号,订单状态,售后状态,支付时间,发货时间,快递单号,快递公司\n"
          "250311-512000000000019,已发货，待签收,退款成功,2025-03-11 10:00:00,"
          "2025-03-12 10:00:00,JT0000000000019,极兔速递\n",
          kNow);
  EXPECT_FALSE(refunded["orders"][0].contains("fix_path"));
  for (const auto& line : refunded["orders"][0]["explain"]) {
    EXPECT_EQ(line.get<std::string>().find("可直接修改"), std::string::npos) << line;
  }
}

TEST(EngineExplain, ATraceFromBeforePaymentIsNotThisOrdersPickup) {
  const json doc =
      run("订单编号：250310-512000000000105\n支付时间：2025-03-10 10:00:00\n"
          "发货时间：2025-03-10 11:00:00\n快递公司：极兔速递\n运单号：JT0000000000105\n"
          "2025-03-10 11:59:59 【杭州转运中心】 快件已发往 【杭州西湖】\n"
          "2025-03-09 18:00:00 【义乌稠城】 已揽收\n",
          kNow);
  const json& o = doc["orders"][0];
  EXPECT_EQ(o["status"], "pickup_overdue");
  EXPECT_FALSE(o["times"].contains("picked_up"));
  EXPECT_EQ(
      explain(o)[1],
      "物流轨迹从 03-09 18:00 开始，早于下单付款，不是本订单的轨迹：其中的揽收、签收记录都不作数");
  EXPECT_EQ(
      message(o, "trace_before_payment"),
      "物流轨迹的第一条记录（03-09 18:00）早于支付时间（03-10 10:00）：单号可能被重复使用，会被判虚"
      "假发货");
}

TEST(EngineExplain, AWrongNumberMakesFixingItTheNextStep) {
  const json doc = run(std::string(kHeader) +
                           "250311-512000000000001,已发货，待签收,2025-03-11 08:00:00,,,"
                           "2025-03-11 14:00:00,,SF1234567890123,中通快递\n"
                           "250310-512000000000002,已发货，待签收,2025-03-10 08:00:00,,,"
                           "2025-03-10 12:30:00,,SF1234567890124,中通快递\n"
                           "250311-512000000000003,已发货，待签收,2025-03-11 08:00:00,,,"
                           "2025-03-11 14:00:00,,75124400000003,中通快递\n",
                       kNow);
  const json& direct = doc["orders"][0];
  EXPECT_EQ(direct["action"], "在 03-12 14:00 前改正单号");
  EXPECT_EQ(
      explain(direct).back(),
      "单号很可能有误（见发现）：03-12 14:00 前可直接修改（发货后 24 小时，确定）：发货中心勾选"
      "「覆盖发货」，或订单详情右上角「修改单号」");
  EXPECT_EQ(doc["orders"][1]["action"], "联系买家、备注并补寄正确单号");
  // A number that fits the declared courier keeps the ordinary wording.
  const json& fine = doc["orders"][2];
  EXPECT_EQ(fine["action"], "马上联系快递揽收");
  EXPECT_EQ(explain(fine).back().substr(0, std::string("如单号填错：").size()), "如单号填错：");
  EXPECT_EQ(doc["summary"]["action_queue"][0]["action"], "在 03-12 14:00 前改正单号");
}

TEST(EngineFindings, ASharedNumberOfOneBuyerIsACombinedShipmentNotAWrongNumber) {
  // Two orders of one buyer (order numbers ending 0395, as in a real export) on one number.
  const json doc = run(std::string(kHeader) +
                           "250311-109890814310395,已发货，待签收,2025-03-11 08:00:00,,,"
                           "2025-03-11 14:00:00,,78585828901246,中通快递\n"
                           "250311-071240333670395,已发货，待签收,2025-03-11 08:10:00,,,"
                           "2025-03-11 14:00:00,,78585828901246,中通快递\n",
                       kNow);
  const json& first = doc["orders"][0];
  EXPECT_EQ(
      message(first, "tracking_duplicate"),
      "单号「78585828901246」同时用于 2 个订单（250311-109890814310395、250311-071240333670395），"
      "订单号末 4 位相同，多半是同一买家的合并发货（待核实）：如确是同一买家同一地址，无需处理；"
      "如不是，请改正单号");
  EXPECT_EQ(first["action"], "马上联系快递揽收");
  EXPECT_EQ(explain(first).back().substr(0, std::string("如单号填错：").size()), "如单号填错：");
  EXPECT_EQ(first["findings"][0]["possible"], true);
}

TEST(EngineFindings, APossibilityIsMarkedAndLeftOutOfThePagesColumnsAndTheTable) {
  // No trace: the promise passed with no pickup record (possible), and a shared number of one
  // buyer (possible); a shared number of two buyers is a problem.
  const std::string input = std::string(kHeader) +
                            "250310-512000000000061,已发货，待签收,2025-03-10 08:00:00,,,"
                            "2025-03-10 12:00:00,,78585606730920,中通快递\n"
                            "250310-512000000010061,已发货，待签收,2025-03-10 08:00:00,,,"
                            "2025-03-10 12:00:00,,78585606730920,中通快递\n"
                            "250310-512000000000062,已发货，待签收,2025-03-10 08:00:00,,,"
                            "2025-03-10 12:00:00,,78585606730937,中通快递\n"
                            "250310-512000000000063,已发货，待签收,2025-03-10 08:00:00,,,"
                            "2025-03-10 12:00:00,,78585606730937,中通快递\n";
  const json doc = run(input, kNow, R"({"promise_met_by": "pickup"})");
  const json& combined = doc["orders"][0];
  ASSERT_EQ(combined["findings"].size(), 2u);
  for (const auto& f : combined["findings"]) {
    EXPECT_EQ(f["severity"], "info") << f;
    EXPECT_EQ(f["possible"], true) << f;
  }
  const json& shared = doc["orders"][2];
  ASSERT_EQ(shared["findings"].size(), 2u);
  EXPECT_EQ(shared["findings"][1]["code"], "tracking_duplicate");
  EXPECT_EQ(shared["findings"][1]["severity"], "critical");
  EXPECT_FALSE(shared["findings"][1].contains("possible"));

  Session s;
  CheckOptions o = options(kNow, R"({"promise_met_by": "pickup"})");
  s.run(input, o);
  const std::uint32_t duplicate = 1u << static_cast<unsigned>(FindingCode::kTrackingDuplicate);
  EXPECT_EQ(s.compact().findings[0], 0u);
  EXPECT_EQ(s.compact().findings[1], 0u);
  EXPECT_EQ(s.compact().findings[2], duplicate);
  o.format = OutputFormat::kCsv;
  Session t;
  t.run(input, o);
  const std::string csv = t.csv();
  EXPECT_EQ(csv.find("承诺时间前未揽收"), std::string::npos);
  EXPECT_NE(csv.find("单号重复"), std::string::npos);
}

TEST(EngineFindings, MessagesNameTheOrdersOwnFacts) {
  const json doc =
      run(std::string(kHeader) +
              "250301-512000000000001,待发货,2025-03-11 10:00:00,2025-03-11 10:00:01,,,,,\n"
              "250310-512000000000002,已发货，待签收,2025-03-10 08:00:00,,,2025-03-10 12:30:00,,"
              "SF1234567890123,中通快递\n"
              "250311-512000000000003,已发货，待签收,2025-03-11 10:00:00,,,2025-03-12 10:00:00,,"
              "75124400000095,韵达快递\n"
              "250311-512000000000004,已发货，待签收,2025-03-11 10:00:00,,,2025-03-12 10:00:00,,"
              "JT12345678,极兔速递\n"
              "250311-512000000000005,已发货，待签收,2025-03-11 10:00:00,,,2025-03-12 10:00:00,,"
              "AN8800000000096,顺心捷达\n"
              "250308-512000000000006,已发货，待签收,2025-03-08 08:00:00,2025-03-08 08:00:01,,"
              "2025-03-10 09:00:00,2025-03-11 10:00:00,JT0000000000006,极兔速递\n"
              "250311-512000000000007,已发货，待签收,2025-03-11 08:00:00,2025-03-11 08:00:01,,"
              "2025-03-11 14:00:00,,JT0000000000006,极兔速递\n"
              "1234,待发货,2025-03-11 10:00:00,,,,,,\n",
          kNow);
  const json& o = doc["orders"];
  EXPECT_EQ(
      message(o[0], "order_date_mismatch"),
      "订单号中的日期 250301（2025-03-01）与支付时间 2025-03-11 对不上：请核对是否把别的订单的信息"
      "填到了这一行");
  EXPECT_EQ(message(o[1], "courier_mismatch"),
            "单号「SF1234567890123」是顺丰速运的单号格式，但快递公司填的是中通快递：物流公司与单号"
            "不一致会"
            "被判虚假发货，请核对，填错了按下面的改单号步骤处理");
  // All digits carry no owner mark, and JT + 8 digits is no known shape: nothing to change.
  EXPECT_EQ(message(o[2], "tracking_unverified"), "单号形式少见，请在快递官网或快递100核对");
  EXPECT_EQ(message(o[3], "tracking_unverified"), "单号形式少见，请在快递官网或快递100核对");
  EXPECT_EQ(message(o[4], "courier_unknown"),
            "快递公司「顺心捷达」不在 lanshou 的快递公司列表中，无法核对单号格式");
  EXPECT_EQ(
      message(o[5], "shipped_late"),
      "发货时间 03-10 09:00 晚于最晚发货时间 03-10 08:00（晚 59 分钟）：按延迟发货赔付买家 3 元（确"
      "定）");
  const std::string duplicate =
      "单号「JT0000000000006」同时用于 2 个订单（250308-512000000000006、250311-512000000000007）："
      "一个单号对应多个订单会被判虚假发货；如是同一买家同一地址的合并发货，可忽略";
  EXPECT_EQ(message(o[5], "tracking_duplicate"), duplicate);
  EXPECT_EQ(message(o[6], "tracking_duplicate"), duplicate);
  EXPECT_EQ(
      message(o[7], "order_sn_invalid"),
      "订单号「1234」不是拼多多订单号的格式（6 位日期-15 位数字，如 250311-512000000000101），请核"
      "对是否填错列");
}

TEST(EngineFindings, StaleTraceSaysSinceWhen) {
  const json doc =
      run("订单编号：250310-512000000000046\n支付时间：2025-03-10 08:00:00\n"
          "发货时间：2025-03-10 10:00:00\n快递公司：极兔速递\n运单号：JT0000000000046\n"
          "2025-03-10 10:30:00 【义乌稠城】 已揽收\n"
          "2025-03-10 11:59:59 【金华市】 快件已发往 杭州市\n",
          kNow);
  EXPECT_EQ(message(doc["orders"][0], "trace_stale"),
            "揽收后物流停滞：最后一条记录在 03-10 11:59，已 2 天没有更新（超过 48 "
            "小时，建议）：请联系快递"
            "网点核实，停滞的轨迹也可能被判虚假发货");
}

TEST(EngineSummary, MoneyAtRiskAddsEveryCompensationEstimate) {
  const json doc =
      run(std::string(kHeader) +
              // ship overdue: 3
              "250310-512000000000001,待发货,2025-03-10 08:00:00,,,,,,\n"
              // pickup window passed, no trace pasted (pickup_unverified): nothing counted
              "250310-512000000000002,已发货，待签收,2025-03-10 08:00:00,,,2025-03-10 12:30:00,,"
              "JT0000000000002,极兔速递\n"
              // shipped late (3) and picked up late (20)
              "250308-512000000000003,已发货，待签收,2025-03-08 08:00:00,2025-03-08 08:00:01,,"
              "2025-03-10 09:00:00,2025-03-11 10:00:00,JT0000000000003,极兔速递\n"
              // delivered, but picked up late: 20
              "250308-512000000000004,已签收,2025-03-08 08:00:00,2025-03-08 08:00:01,,"
              "2025-03-08 09:00:00,2025-03-09 10:00:00,JT0000000000004,极兔速递\n"
              // closed after shipping late: nothing
              "250301-512000000000005,已发货，退款成功,2025-03-01 10:00:00,2025-03-01 10:00:01,,"
              "2025-03-05 10:00:00,,JT0000000000005,极兔速递\n"
              // on time everywhere: nothing
              "250311-512000000000006,待发货,2025-03-11 10:00:00,2025-03-11 10:00:01,,,,,\n"
              // pickup overdue, its trace shows the parcel waiting for the courier: 20
              "250310-512000000000007,已发货，待签收,2025-03-10 08:00:00,,,2025-03-10 12:30:00,,"
              "JT0000000000007,极兔速递\n\n极兔速递 JT0000000000007\n"
              "2025-03-10 12:40:00 【杭州市】商家已打印电子面单，等待快递揽收\n",
          kNow);
  std::vector<int> risks;
  for (const auto& o : doc["orders"]) risks.push_back(o["risk_yuan"]);
  EXPECT_EQ(risks, (std::vector<int>{3, 0, 23, 20, 0, 0, 20}));
  EXPECT_EQ(doc["orders"][1]["status"], "pickup_unverified");
  EXPECT_EQ(doc["orders"][6]["status"], "pickup_overdue");
  EXPECT_EQ(doc["summary"]["risk_yuan"], 66);
  EXPECT_EQ(explain(doc["orders"][3])[2],
            "发货时间 03-08 09:00 + 揽收时限 24 小时（待核实）= 截止 03-09 09:00；揽收时间 03-09 "
            "10:00，晚于"
            "截止 1 小时：可能被判虚假发货，预计赔付 10–20 元（待核实，按 20 元计入）");
}

TEST(EngineSummary, MoneyAtRiskFollowsOverriddenAmounts) {
  const json doc =
      run(std::string(kHeader) +
              "250310-512000000000001,待发货,2025-03-10 08:00:00,,,,,,\n"
              "250310-512000000000002,已发货，待签收,2025-03-10 08:00:00,,,"
              "2025-03-10 12:30:00,,JT0000000000002,极兔速递\n\n极兔速递 JT0000000000002\n"
              "2025-03-10 12:40:00 【杭州市】商家已打印电子面单，等待快递揽收\n",
          kNow, R"({"late_ship_compensation_yuan": 1.5, "fake_ship_compensation_yuan": 10})");
  EXPECT_EQ(doc["summary"]["risk_yuan"], 11.5);
  EXPECT_EQ(
      explain(doc["orders"][0])[1],
      "已超过最晚发货时间：按延迟发货赔付买家 1.50 元（确定，平台从货款中扣除）；仍请尽快发货，并联"
      "系买家说明");
  // The low end (10) is no longer below the estimate: one amount, nothing to explain.
  EXPECT_EQ(explain(doc["orders"][1])[3],
            "上传单号后超时未揽收，平台可能判为虚假发货，预计赔付 10 元（待核实）");
}

TEST(EngineSummary, ActionQueueIsMostUrgentFirstAndLeavesOutWhatCannotBeSaved) {
  const json doc =
      run(std::string(kHeader) +
              // awaiting shipment, 22 h left
              "250311-512000000000001,待发货,2025-03-11 10:00:00,2025-03-11 10:00:01,,,,,\n"
              // ship overdue: cannot be saved any more
              "250310-512000000000002,待发货,2025-03-10 08:00:00,,,,,,\n"
              // pickup due soon, 2 h left
              "250311-512000000000003,已发货，待签收,2025-03-11 08:00:00,,,2025-03-11 14:00:00,,"
              "JT0000000000003,极兔速递\n"
              // at the ship deadline this very second: still in the queue
              "250310-512000000000004,待发货,2025-03-10 11:59:59,2025-03-10 12:00:00,,,,,\n"
              // picked up: nothing to do
              "250310-512000000000005,已发货，待签收,2025-03-10 08:00:00,,,2025-03-10 12:00:00,"
              "2025-03-10 18:00:00,JT0000000000005,极兔速递\n"
              // same deadline as the first one: input order kept
              "250311-512000000000006,待发货,2025-03-11 10:00:00,2025-03-11 10:00:01,,,,,\n",
          kNow);
  const json& q = doc["summary"]["action_queue"];
  std::vector<std::string> order;
  for (const auto& e : q) order.push_back(e["order_sn"]);
  EXPECT_EQ(order, (std::vector<std::string>{"250310-512000000000004", "250311-512000000000003",
                                             "250311-512000000000001", "250311-512000000000006"}));
  EXPECT_EQ(doc["summary"]["action_queue_total"], 4);
  EXPECT_EQ(q[0]["remaining_seconds"], 0);
  EXPECT_EQ(q[0]["action"], "马上发货");
  EXPECT_EQ(q[1]["action"], "马上联系快递揽收");
  EXPECT_EQ(q[1]["tracking_no"], "JT0000000000003");
  EXPECT_EQ(q[2]["action"], "在 03-13 10:00 前发货");
}

TEST(EngineSummary, BacklogAdviceSmallProductsFirstThenEarliestDeadline) {
  std::string input = "商品,订单号,订单状态,支付时间,拼单成功时间\n";
  // 爆款: 3 pending (at the threshold of 3 below: not "first"), the earliest deadline of all.
  for (int k = 1; k <= 3; ++k) {
    input += "爆款,250310-51200000000000" + std::to_string(k) +
             ",待发货,2025-03-10 20:00:00,2025-03-10 20:00:01\n";
  }
  input += "小众A,250311-512000000000004,待发货,2025-03-11 09:00:00,2025-03-11 09:00:01\n";
  input += "小众B,250311-512000000000005,待发货,2025-03-11 08:00:00,2025-03-11 08:00:01\n";
  input += "小众B,250311-512000000000006,待发货,2025-03-11 10:00:00,2025-03-11 10:00:01\n";
  // Shipped: not pending.
  input += "小众C,250311-512000000000007,已发货，待签收,2025-03-11 08:00:00,2025-03-11 08:00:01\n";
  const json doc = run(input, kNow, R"({"backlog_small_sku_threshold": 3})");
  const json& advice = doc["summary"]["backlog_advice"];
  EXPECT_EQ(advice["confidence"], "advice");
  EXPECT_EQ(advice["threshold"], 3);
  EXPECT_EQ(advice["message"],
            "压单时先处理待发货少于 3 单的商品：单量小的商品容错率低（建议，来自商家经验）");
  const json want = json::parse(R"([
    {"product": "小众B", "pending": 2, "first": true, "earliest_deadline": "2025-03-13T08:00:01+08:00"},
    {"product": "小众A", "pending": 1, "first": true, "earliest_deadline": "2025-03-13T09:00:01+08:00"},
    {"product": "爆款", "pending": 3, "first": false, "earliest_deadline": "2025-03-12T20:00:01+08:00"}
  ])");
  EXPECT_EQ(advice["products"], want);
}

TEST(EngineSummary, NoBacklogAdviceWithoutPendingProducts) {
  const json doc =
      run(std::string(kHeader) +
              "250311-512000000000001,待发货,2025-03-11 10:00:00,2025-03-11 10:00:01,,,,,\n",
          kNow);
  EXPECT_FALSE(doc["summary"].contains("backlog_advice"));  // no 商品 column
}

TEST(EngineReport, JsonLeavesOutWhatIsAbsent) {
  const json doc =
      run(std::string(kHeader) +
              "250311-512000000000001,待发货,2025-03-11 10:00:00,2025-03-11 10:00:01,,,,,\n"
              "250301-512000000000002,已取消,2025-03-01 10:00:00,,,,,,\n",
          kNow);
  const json& waiting = doc["orders"][0];
  EXPECT_FALSE(waiting.contains("fix_path"));  // no 发货时间
  EXPECT_FALSE(waiting.contains("tracking_no"));
  EXPECT_FALSE(waiting["times"].contains("shipped"));
  EXPECT_EQ(waiting["deadline"], "2025-03-13T10:00:01+08:00");
  const json& closed = doc["orders"][1];
  EXPECT_FALSE(closed.contains("deadline"));
  EXPECT_FALSE(closed.contains("remaining_seconds"));
  EXPECT_FALSE(closed.contains("action"));
  EXPECT_EQ(doc["summary"]["by_status"].size(), kStatusCount);
}

TEST(EngineReport, CsvOpensInAChineseExcelAndNeutralisesFormulas) {
  const std::string csv = run_as(
      "商品,订单号,订单状态,支付时间,拼单成功时间,发货时间,快递单号,快递公司\n"
      "\"=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\",250311-512000000000001,待发货,"
      "2025-03-11 10:00:00,2025-03-11 10:00:01,,,\n"
      "收纳盒,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\",已发货，待签收,"
      "2025-03-10 08:00:00,2025-03-10 08:00:01,2025-03-10 12:30:00,SF1234567890123,顺丰速运\n",
      kNow, OutputFormat::kCsv);
  ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  std::vector<std::string> lines;
  for (std::size_t p = 3, e; p < csv.size(); p = e + 2) {
    e = csv.find("\r\n", p);
    ASSERT_NE(e, std::string::npos) << "every line ends with CRLF";
    lines.push_back(csv.substr(p, e - p));
  }
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(
      lines[0],
      "行号,订单号,商品,检查结果,状态代码,截止时间,剩余秒数,剩余,快递公司,快递单号,发现,发现代码,"
      "预计赔付(元),修改单号方式,可操作截止,下一步,说明,订单状态,商品数量(件),用户实付金额(元),"
      "支付时间,拼单成功时间,订单确认时间,承诺发货时间,发货时间,揽收时间,确认收货时间,商家备注,"
      "售后状态");
  // The product cell is text, not a formula; the numbers stay numbers.
  EXPECT_EQ(
      lines[1],
      "2,250311-512000000000001,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\",待发货,"
      "awaiting_shipment,2025-03-13 10:00:01,79201,剩 22 小时,,,,,0,,,在 03-13 10:00 前发货,"
      "拼单成功时间 03-11 10:00 + 发货时限 48 小时（确定）= 最晚发货 03-13 10:00；尚未上传单号，现"
      "在 03-12 12:00，还剩 22 小时；上传单号后 24 "
      "小时（待核实）内要有揽收记录，否则可能被判虚假发货"
      "：等快递能揽收时再上传单号，不要过早上传（经验建议）,待发货,,,2025-03-11 10:00:00,"
      "2025-03-11 10:00:01,,,,,,,");
  EXPECT_EQ(
      lines[2].substr(0, lines[2].find(",粘贴物流轨迹，核对是否已揽收,")),
      "3,\"'=HYPERLINK(\"\"http://"
      "evil.example\"\",\"\"点我\"\")\",收纳盒,揽收待核实,pickup_unverified,"
      "2025-03-11 12:30:00,-84600,已超时 23 小时 30 分钟,顺丰速运,SF1234567890123,订单号格式不对,"
      "order_sn_invalid,0,联系买家+备注+补寄包裹,2025-04-09 12:30:00");
}

TEST(EngineReport, TableShowsTheSameDecisionsAndTheSummary) {
  const std::string table = run_as(
      "商品,订单号,订单状态,支付时间,拼单成功时间,发货时间,快递单号,快递公司\n"
      "拖鞋,250311-512000000000001,待发货,2025-03-11 10:00:00,2025-03-11 10:00:01,,,\n"
      "袜子,250310-512000000000002,已发货，待签收,2025-03-10 08:00:00,2025-03-10 08:00:01,"
      "2025-03-10 12:30:00,SF1234567890123,中通快递\n"
      "袜子,250301-512000000000003,已取消,2025-03-01 08:00:00,,,,\n",
      kNow, OutputFormat::kTable);
  EXPECT_EQ(table,
            "行  订单号                  状态        截止时间             剩余                    "
            "快递    "
            "  单号             发现                改单号                                         "
            "赔付(元)\n"
            "2   250311-512000000000001  待发货      2025-03-13 10:00:01  剩 22 小时\n"
            "3   250310-512000000000002  揽收待核实  2025-03-11 12:30:00  已超时 23 小时 30 分钟  "
            "中通快递"
            "  SF1234567890123  快递公司与单号不符  联系买家+备注+补寄包裹（至 2025-04-09 12:30）\n"
            "4   250301-512000000000003  已关闭\n"
            "\n"
            "共 3 单；现在 2025-03-12 12:00:00；规则 testing frozen-1（2026-11-26）\n"
            "状态：待发货 1 · 已关闭 1 · 揽收待核实 1\n"
            "预计赔付：0 元\n"
            "优先处理（1 单，最急的在前）：\n"
            "  1. 250311-512000000000001 待发货 剩 22 小时：在 03-13 10:00 前发货\n"
            "压单时先处理待发货少于 50 "
            "单的商品：单量小的商品容错率低（建议，来自商家经验）。建议顺序：拖鞋"
            "（1 单）\n");
}

TEST(EngineReport, TableListsErrorsWithTheirLine) {
  const std::string table = run_as(std::string(kHeader) + "250311-512000000000001,待发货,,,,,,,\n",
                                   kNow, OutputFormat::kTable);
  EXPECT_NE(
      table.find(
          "错误（第 2 行）：第 2 行：缺少承诺发货时间、拼单成功时间和支付时间，无法计算发货截止"
          "时间\n"),
      std::string::npos)
      << table;
}

TEST(EngineNames, StatusAndFindingNamesAreTheContractsClosedSets) {
  const std::vector<std::string> statuses = {
      "awaiting_shipment", "ship_due_soon", "ship_overdue",   "awaiting_pickup",  "pickup_due_soon",
      "pickup_overdue",    "picked_up",     "picked_up_late", "delivered",        "returned",
      "exception",         "closed",        "incomplete",     "pickup_unverified"};
  ASSERT_EQ(statuses.size(), kStatusCount);
  for (std::size_t i = 0; i < kStatusCount; ++i) {
    EXPECT_EQ(to_string(static_cast<Status>(i)), statuses[i]);
    EXPECT_FALSE(status_zh(static_cast<Status>(i)).empty());
    EXPECT_EQ(has_clock(static_cast<Status>(i)), i < 6 || statuses[i] == "pickup_unverified")
        << statuses[i];
  }
  const std::vector<std::string> findings = {
      "shipped_late",       "courier_mismatch",  "courier_unknown",     "tracking_invalid",
      "tracking_duplicate", "order_sn_invalid",  "order_date_mismatch", "trace_before_payment",
      "trace_stale",        "penalty_suspended", "promise_missed",      "complaint_risk",
      "first_scan_late",    "final_leg_late",    "sign_for_late",       "tracking_unverified",
      "facts_conflict"};
  ASSERT_EQ(findings.size(), static_cast<std::size_t>(FindingCode::kCount));
  for (std::size_t i = 0; i < findings.size(); ++i) {
    EXPECT_EQ(to_string(static_cast<FindingCode>(i)), findings[i]);
    EXPECT_FALSE(finding_zh(static_cast<FindingCode>(i)).empty());
  }
}

TEST(EngineRules, TestingRuleSetHoldsTheFrozenValues) {
  const RuleSet& r = testing_rules();
  EXPECT_EQ(r.ship_promise, 48 * 3600);
  EXPECT_EQ(r.pickup_window, 24 * 3600);
  EXPECT_EQ(r.direct_change, 24 * 3600);
  EXPECT_EQ(r.extra_package, 30 * 86400);
  EXPECT_EQ(r.due_soon, 6 * 3600);
  EXPECT_EQ(r.trace_stale, 48 * 3600);
  EXPECT_EQ(r.late_ship_compensation, 3);
  EXPECT_EQ(r.fake_ship_compensation, 20);
  EXPECT_EQ(r.fake_ship_compensation_low, 10);
  ASSERT_EQ(r.suspensions.size(), 1u);
  EXPECT_EQ(format_iso(r.suspensions[0].from), "2025-01-20T00:00:00+08:00");
  EXPECT_EQ(format_iso(r.suspensions[0].to), "2025-02-05T23:59:59+08:00");
}

// Every value of the real rule set carries what the merchant needs to judge it.
TEST(EngineRules, EveryPddRuleValueHasLabelSourceAndConfidence) {
  const json doc = json::parse(embedded_file("rules/pdd.json"));
  for (const auto& [key, v] : doc.at("values").items()) {
    EXPECT_FALSE(v.value("label", "").empty()) << key;
    EXPECT_FALSE(v.value("source", "").empty()) << key;
    EXPECT_FALSE(v.value("unit", "").empty()) << key;
    const std::string c = v.value("confidence", "");
    EXPECT_TRUE(c == "firm" || c == "uncertain" || c == "advice") << key << ": " << c;
  }
  // The testing set has the same keys, so logic tests exercise every value the engine reads.
  const json testing = json::parse(embedded_file("rules/testing.json"));
  for (const auto& [key, v] : doc.at("values").items()) {
    EXPECT_TRUE(testing.at("values").contains(key)) << key;
  }
}

}  // namespace
}  // namespace lanshou
