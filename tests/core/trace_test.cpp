#include "lanshou/trace.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "lanshou/embedded.h"

namespace lanshou {
namespace {

// /work/shared/samples/order-detail.txt, trace part, newest first as pasted.
constexpr std::string_view kSampleNewestFirst[] = {
    "2025-03-11 08:03:12 【金华市】 快件已发往 【杭州转运中心】",
    "2025-03-10 19:47:55 【金华市】 【义乌稠城】（0579-8xxxxxx） 的 王师傅 （138xxxx0000） 已揽收",
    "2025-03-10 09:15:41 商家已发货，等待揽收",
};

std::string_view cls(std::string_view text) {
  return to_string(TraceKeywords::builtin().classify(text));
}

Epoch at(std::string_view text) {
  return parse_time(text).epoch;
}

TraceEvent event(std::string_view time, EventClass c, std::string text = "") {
  return {at(time), c, std::move(text), 0};
}

TraceEvent line(std::string_view text, int year = 0) {
  TraceEvent e;
  TimeStatus status = TimeStatus::kEmpty;
  EXPECT_TRUE(parse_trace_line(text, year, TraceKeywords::builtin(), &e, &status)) << text;
  EXPECT_EQ(status, TimeStatus::kOk) << text;
  return e;
}

TimeStatus line_status(std::string_view text, int year = 0) {
  TraceEvent e;
  TimeStatus status = TimeStatus::kOk;
  EXPECT_FALSE(parse_trace_line(text, year, TraceKeywords::builtin(), &e, &status)) << text;
  return status;
}

std::vector<AggregatorTrace> aggregator(std::string_view text, std::string* error) {
  std::vector<AggregatorTrace> out;
  EXPECT_TRUE(parse_aggregator_json(text, TraceKeywords::builtin(), &out, error)) << *error;
  return out;
}

std::string aggregator_error(std::string_view text) {
  std::vector<AggregatorTrace> out;
  std::string error = "unset";
  EXPECT_FALSE(parse_aggregator_json(text, TraceKeywords::builtin(), &out, &error)) << text;
  EXPECT_TRUE(out.empty());
  return error;
}

nlohmann::json builtin_json() {
  return nlohmann::json::parse(embedded_file("trace/keywords.json"));
}

// ---------------------------------------------------------------------------------------------

TEST(TraceKeywords, BuiltinDataLoadsAndIsDated) {
  TraceKeywords kw;
  std::string error;
  EXPECT_TRUE(kw.load(embedded_file("trace/keywords.json"), &error)) << error;
  EXPECT_EQ(error, "");
  const nlohmann::json doc = builtin_json();
  EXPECT_EQ(doc["as_of"], "2026-12-07");
  EXPECT_FALSE(doc["source"].get<std::string>().empty());
  EXPECT_FALSE(doc["confidence"].get<std::string>().empty());
  EXPECT_EQ(doc["precedence"],
            nlohmann::json::parse(R"(["return","signed","problem","locker","delivery","transit",)"
                                  R"("pickup"])"));
}

TEST(TraceKeywords, ClassNamesRoundTrip) {
  const EventClass all[] = {EventClass::kOther,    EventClass::kPickup, EventClass::kTransit,
                            EventClass::kDelivery, EventClass::kLocker, EventClass::kSigned,
                            EventClass::kProblem,  EventClass::kReturn};
  const std::string_view names[] = {"other",  "pickup", "transit", "delivery",
                                    "locker", "signed", "problem", "return"};
  for (std::size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(to_string(all[i]), names[i]);
    EventClass back = EventClass::kOther;
    EXPECT_TRUE(event_class_from_string(names[i], &back));
    EXPECT_EQ(back, all[i]);
  }
  EventClass unchanged = EventClass::kSigned;
  EXPECT_FALSE(event_class_from_string("picked", &unchanged));
  EXPECT_EQ(unchanged, EventClass::kSigned);
}

TEST(TraceClassify, SampleOrderDetailLines) {
  EXPECT_EQ(to_string(line(kSampleNewestFirst[0]).cls), "transit");
  EXPECT_EQ(to_string(line(kSampleNewestFirst[1]).cls), "pickup");
  EXPECT_EQ(to_string(line(kSampleNewestFirst[2]).cls), "other");
}

TEST(TraceClassify, EveryKeywordAloneIsItsClass) {
  const nlohmann::json doc = builtin_json();
  int count = 0;
  for (const auto& [name, words] : doc["classes"].items()) {
    for (const auto& w : words) {
      EXPECT_EQ(cls(w.get<std::string>()), name) << w;
      ++count;
    }
  }
  EXPECT_EQ(count, 69);
}

TEST(TraceClassify, PickupLines) {
  EXPECT_EQ(cls("【义乌稠城】 的 王师傅 已揽收"), "pickup");
  EXPECT_EQ(cls("您的快件被【浙江省金华市义乌市公司】揽收，揽收人：张三"), "pickup");
  EXPECT_EQ(cls("【金华义乌】快递员 张三 已揽件"), "pickup");
  EXPECT_EQ(cls("【浙江省金华市义乌市公司】 已收件 取件人：张三"), "pickup");
  EXPECT_EQ(cls("顺丰速运 已收取快件"), "pickup");
  EXPECT_EQ(cls("【义乌市揽投部】已收寄，揽投员：李四"), "pickup");
  EXPECT_EQ(cls("收件员：张三 电话：138xxxx0000"), "pickup");
  EXPECT_EQ(cls("揽收成功"), "pickup");
}

TEST(TraceClassify, TransitLines) {
  EXPECT_EQ(cls("【金华市】 快件已发往 【杭州转运中心】"), "transit");
  EXPECT_EQ(cls("快件已到达【杭州转运中心】"), "transit");
  EXPECT_EQ(cls("快件离开【义乌分拨中心】已发出"), "transit");
  EXPECT_EQ(cls("【杭州】已完成分拣"), "transit");
  EXPECT_EQ(cls("快件运输中"), "transit");
  EXPECT_EQ(cls("【华东中转场】装车"), "transit");
}

TEST(TraceClassify, DeliveryLines) {
  EXPECT_EQ(cls("【杭州市】 【西湖】 的 张三（138xxxx） 正在派件"), "delivery");
  EXPECT_EQ(cls("快件已到达【西湖营业部】，正在派送途中"), "delivery");
  EXPECT_EQ(cls("【杭州市西湖区揽投部】安排投递，投递员：李四"), "delivery");
  EXPECT_EQ(cls("配送员【王五】已出发"), "delivery");
}

TEST(TraceClassify, LockerLines) {
  EXPECT_EQ(cls("快件已送达【菜鸟驿站】，请凭取件码 3-2-1001 及时取件"), "locker");
  EXPECT_EQ(cls("快件已存放至【丰巢快递柜】"), "locker");
  EXPECT_EQ(cls("已放入智能柜"), "locker");
  EXPECT_EQ(cls("快件已由【小区门卫】代收"), "locker");
  EXPECT_EQ(cls("快件已到达【兔喜生活】"), "locker");
}

TEST(TraceClassify, SignedLines) {
  EXPECT_EQ(cls("快件已签收"), "signed");
  EXPECT_EQ(cls("【杭州市】 快件已签收，签收人：本人，如有疑问请电联快递员"), "signed");
  EXPECT_EQ(cls("您的快件已由本人签收"), "signed");
  EXPECT_EQ(cls("已妥投"), "signed");
  EXPECT_EQ(cls("他人签收，签收人：门卫"), "signed");
}

TEST(TraceClassify, ProblemLines) {
  EXPECT_EQ(cls("快件已被列为问题件"), "problem");
  EXPECT_EQ(cls("疑难件，请联系发件网点"), "problem");
  EXPECT_EQ(cls("快件在【杭州】滞留"), "problem");
  EXPECT_EQ(cls("派送不成功，无法联系收件人"), "problem");
  EXPECT_EQ(cls("收件地址不详，派件失败"), "problem");
  EXPECT_EQ(cls("快件已被拦截"), "problem");
  EXPECT_EQ(cls("派件异常"), "problem");
}

TEST(TraceClassify, ReturnLines) {
  EXPECT_EQ(cls("快件已退回"), "return");
  EXPECT_EQ(cls("退件处理中"), "return");
  EXPECT_EQ(cls("收件人拒收"), "return");
  EXPECT_EQ(cls("已退签"), "return");
  EXPECT_EQ(cls("收件人拒绝签收"), "return");
}

TEST(TraceClassify, EveryNegationAloneIsItsOwnClass) {
  const nlohmann::json doc = builtin_json();
  int count = 0;
  for (const auto& n : doc["negations"]) {
    EXPECT_EQ(cls(n["text"].get<std::string>()), n["as"].get<std::string>()) << n;
    ++count;
  }
  EXPECT_EQ(count, 31);
}

TEST(TraceClassify, NegationsInContext) {
  EXPECT_EQ(cls("商家已发货，等待揽收"), "other");
  EXPECT_EQ(cls("【杭州市】商家已打印电子面单，等待快递揽收"), "other");
  EXPECT_EQ(cls("已打包，等待快递上门揽收"), "other");
  EXPECT_EQ(cls("包裹正在等待快递员揽收"), "other");
  EXPECT_EQ(cls("包裹待揽收"), "other");
  EXPECT_EQ(cls("超过 24 小时未揽收"), "other");
  EXPECT_EQ(cls("包裹等待揽件"), "other");
  EXPECT_EQ(cls("待揽件"), "other");
  EXPECT_EQ(cls("商家正在通知快递公司揽件"), "other");
  EXPECT_EQ(cls("您的订单已下单"), "other");
  EXPECT_EQ(cls("快递员揽收失败，原因：超出服务范围"), "problem");
  EXPECT_EQ(cls("揽件失败"), "problem");
  EXPECT_EQ(cls("商家已取消揽收"), "problem");
  EXPECT_EQ(cls("【义乌稠城】派件员 张三 已揽收"), "pickup");
  EXPECT_EQ(cls("派件人：李四"), "other");
  EXPECT_EQ(cls("【杭州】派件员 李四 正在派件"), "delivery");
  EXPECT_EQ(cls("快件已被丰巢代收，签收人凭取件码取件"), "locker");
  EXPECT_EQ(cls("未妥投，原因：收件人电话关机"), "problem");
  EXPECT_EQ(cls("代收货款 25.00 元"), "other");
  EXPECT_EQ(cls("您的订单已到达【北京配送中心】"), "transit");
  EXPECT_EQ(cls("快件已到达【菜鸟驿站】，逾期将退回"), "locker");
  EXPECT_EQ(cls("【义乌】已揽收，如有异常请致电网点"), "pickup");
  // A delivery attempt that failed is a problem, not a delivery (issue 16).
  EXPECT_EQ(cls("【杭州市西湖区揽投部】暂时未投递成功，原因：收件人不在，联系电话：0571-8xxxxxxx"),
            "problem");
  EXPECT_EQ(cls("快件投递不成功，将再次投递"), "problem");
  EXPECT_EQ(cls("因地址不全无法投递"), "problem");
  EXPECT_EQ(cls("快件未派送成功，快递员将联系您"), "problem");
  EXPECT_EQ(cls("【杭州市西湖区揽投部】已投递，投递员：王五"), "delivery");
  // The mask covers only the phrase itself: a second keyword elsewhere still counts.
  EXPECT_EQ(cls("等待揽收超时，快递员已揽收"), "pickup");
}

TEST(TraceClassify, PrecedenceBetweenClasses) {
  EXPECT_EQ(cls("退回件已签收"), "return");
  EXPECT_EQ(cls("已签收，签收人：丰巢智能柜"), "signed");
  EXPECT_EQ(cls("已签收，签收人：菜鸟驿站"), "signed");
  EXPECT_EQ(cls("派送失败，无法联系收件人"), "problem");
  EXPECT_EQ(cls("驿站滞留"), "problem");
  EXPECT_EQ(cls("快件已到达【菜鸟驿站】"), "locker");
  EXPECT_EQ(cls("快件已到达【西湖营业部】，准备派送"), "delivery");
  EXPECT_EQ(cls("【义乌】已揽收，发往【杭州转运中心】"), "transit");
}

TEST(TraceClassify, OtherAndOddInput) {
  EXPECT_EQ(cls(""), "other");
  EXPECT_EQ(cls("感谢使用中通快递，期待再次为您服务"), "other");
  EXPECT_EQ(cls("order shipped"), "other");
  EXPECT_EQ(cls("\xE6"), "other");                  // a cut UTF-8 character
  EXPECT_EQ(cls("\xFF\xFE\x80\xE5\xB7"), "other");  // stray bytes
  EXPECT_EQ(cls(std::string_view("\0已揽收", 10)), "pickup");
}

TEST(TraceKeywords, LoadsCustomDataAndKeepsOldDataOnError) {
  TraceKeywords kw;
  EXPECT_EQ(to_string(kw.classify("已揽收")), "other");  // empty until loaded
  std::string error;
  ASSERT_TRUE(kw.load(R"({"precedence":["return","signed","problem","locker","delivery",
      "transit","pickup"],"classes":{"pickup":["揽"],"signed":["签"]},
      "negations":[{"text":"未揽","as":"other"},{"text":"揽失败","as":"problem"}],
      "aggregator_states":{"x":{"1":"pickup"}}})",
                      &error))
      << error;
  EXPECT_EQ(to_string(kw.classify("已揽")), "pickup");
  EXPECT_EQ(to_string(kw.classify("未揽")), "other");
  EXPECT_EQ(to_string(kw.classify("揽失败")), "problem");
  EXPECT_EQ(to_string(kw.classify("揽签")), "signed");
  EXPECT_EQ(kw.state_class("x", "1"), "pickup");
  EXPECT_EQ(kw.state_class("x", "2"), "");

  const std::string_view bad[] = {
      "",
      "{",
      "[]",
      R"({"classes":{}})",
      R"({"precedence":["return","return"],"classes":{}})",
      R"({"precedence":["return","signed","problem","locker","delivery","transit"],"classes":{}})",
      R"({"precedence":["return","signed","problem","locker","delivery","transit","other"]})",
      R"({"precedence":["return","signed","problem","locker","delivery","transit","pickup"],
          "classes":{"shipped":["发"]}})",
      R"({"precedence":["return","signed","problem","locker","delivery","transit","pickup"],
          "classes":{"pickup":[""]}})",
      R"({"precedence":["return","signed","problem","locker","delivery","transit","pickup"],
          "classes":{"pickup":[1]}})",
      R"({"precedence":["return","signed","problem","locker","delivery","transit","pickup"],
          "classes":{},"negations":["未揽"]})",
      R"({"precedence":["return","signed","problem","locker","delivery","transit","pickup"],
          "classes":{},"negations":[{"text":"未揽","as":"nothing"}]})",
      R"({"precedence":["return","signed","problem","locker","delivery","transit","pickup"],
          "classes":{},"aggregator_states":{"x":{"1":"done"}}})",
  };
  for (std::string_view text : bad) {
    error.clear();
    EXPECT_FALSE(kw.load(text, &error)) << text;
    EXPECT_EQ(error.rfind("trace/keywords.json：", 0), 0U) << error;
  }
  EXPECT_EQ(to_string(kw.classify("已揽")), "pickup");
  EXPECT_EQ(to_string(kw.classify("未揽")), "other");
}

TEST(TraceKeywords, AggregatorStateCodes) {
  const TraceKeywords& kw = TraceKeywords::builtin();
  const std::string_view kuaidi100[] = {"transit", "pickup",   "problem", "signed",
                                        "return",  "delivery", "return"};
  for (int s = 0; s <= 6; ++s)
    EXPECT_EQ(kw.state_class("kuaidi100", std::to_string(s)), kuaidi100[s]);
  EXPECT_EQ(kw.state_class("kuaidi100", "14"), "return");
  EXPECT_EQ(kw.state_class("kuaidi100", "102"), "other");
  EXPECT_EQ(kw.state_class("kuaidi100", "501"), "locker");
  EXPECT_EQ(kw.state_class("kuaidi100", "99"), "");
  const std::string_view kdniao[] = {"other", "pickup", "transit", "signed", "problem"};
  for (int s = 0; s <= 4; ++s) EXPECT_EQ(kw.state_class("kdniao", std::to_string(s)), kdniao[s]);
  EXPECT_EQ(kw.state_class("kdniao", "5"), "");
  EXPECT_EQ(kw.state_class("cainiao", "1"), "");
}

// ---------------------------------------------------------------------------------------------

TEST(TraceLine, ReadsTimeAndTrimmedText) {
  const TraceEvent e = line(kSampleNewestFirst[1]);
  EXPECT_EQ(format_iso(e.at), "2025-03-10T19:47:55+08:00");
  EXPECT_EQ(e.text, "【金华市】 【义乌稠城】（0579-8xxxxxx） 的 王师傅 （138xxxx0000） 已揽收");
  EXPECT_EQ(e.cls, EventClass::kPickup);
  EXPECT_EQ(e.line, 0U);

  const TraceEvent slash = line("2025/3/10 9:05\t已揽收\r");
  EXPECT_EQ(format_iso(slash.at), "2025-03-10T09:05:00+08:00");
  EXPECT_EQ(slash.text, "已揽收");
  const TraceEvent chinese = line(
      "\xEF\xBB\xBF\xC2\xA0"
      "2025年03月10日 19:47 　快件已揽收　");
  EXPECT_EQ(format_iso(chinese.at), "2025-03-10T19:47:00+08:00");
  EXPECT_EQ(chinese.text, "快件已揽收");
  const TraceEvent iso = line("2025-03-11T08:03:12+08:00 快件已发往杭州");
  EXPECT_EQ(format_iso(iso.at), "2025-03-11T08:03:12+08:00");
  EXPECT_EQ(iso.cls, EventClass::kTransit);
  const TraceEvent bare = line("2025-03-11 08:03:12");
  EXPECT_EQ(bare.text, "");
  EXPECT_EQ(bare.cls, EventClass::kOther);
}

TEST(TraceLine, MonthDayTakesTheContextYear) {
  const TraceEvent e = line("03-11 08:03 【金华市】 快件已发往 【杭州转运中心】", 2025);
  EXPECT_EQ(format_iso(e.at), "2025-03-11T08:03:00+08:00");
  EXPECT_EQ(e.text, "【金华市】 快件已发往 【杭州转运中心】");
  EXPECT_EQ(e.cls, EventClass::kTransit);
  EXPECT_EQ(format_iso(line("12-31 23:59:59 已签收", 2026).at), "2026-12-31T23:59:59+08:00");
  EXPECT_EQ(line_status("03-11 08:03 快件已发往杭州"), TimeStatus::kNeedsYear);
}

TEST(TraceLine, ImpossibleTimesAreReported) {
  EXPECT_EQ(line_status("2025-02-30 10:00:00 快件已揽收"), TimeStatus::kOutOfRange);
  EXPECT_EQ(line_status("2025-03-10 24:00:00 快件已揽收"), TimeStatus::kOutOfRange);
  EXPECT_EQ(line_status("02-29 10:00 快件已揽收", 2025), TimeStatus::kOutOfRange);
  EXPECT_EQ(format_iso(line("02-29 10:00 快件已揽收", 2028).at), "2028-02-29T10:00:00+08:00");
}

TEST(TraceLine, NonTraceLinesAreNotEvents) {
  EXPECT_EQ(line_status("订单编号：250309-512000000000301"), TimeStatus::kBadFormat);
  EXPECT_EQ(line_status("250309-512000000000301"), TimeStatus::kBadFormat);
  EXPECT_EQ(line_status("物流信息"), TimeStatus::kBadFormat);
  EXPECT_EQ(line_status("75124400000301"), TimeStatus::kBadFormat);
  EXPECT_EQ(line_status("2025-03-10 快件已揽收"), TimeStatus::kBadFormat);  // no clock
  EXPECT_EQ(line_status("2025-03-10 19:47:551 快件已揽收"), TimeStatus::kBadFormat);
  EXPECT_EQ(line_status(""), TimeStatus::kEmpty);
  EXPECT_EQ(line_status(" \t\r"), TimeStatus::kEmpty);
  TraceEvent e;
  EXPECT_FALSE(parse_trace_line("物流信息", 0, TraceKeywords::builtin(), &e, nullptr));
}

// ---------------------------------------------------------------------------------------------

std::vector<TraceEvent> sample_events(bool newest_first) {
  std::vector<TraceEvent> events;
  for (std::size_t i = 0; i < 3; ++i) {
    events.push_back(line(kSampleNewestFirst[newest_first ? i : 2 - i]));
    events.back().line = static_cast<std::uint32_t>(events.size());
  }
  return events;
}

std::vector<std::string> texts(const std::vector<TraceEvent>& events) {
  std::vector<std::string> out;
  out.reserve(events.size());
  for (const TraceEvent& e : events) out.push_back(format_datetime(e.at) + " " + e.text);
  return out;
}

TEST(TraceSort, NewestFirstAndOldestFirstGiveTheSameOrder) {
  std::vector<TraceEvent> newest = sample_events(true);
  std::vector<TraceEvent> oldest = sample_events(false);
  sort_events(newest);
  sort_events(oldest);
  const std::vector<std::string> expected = {
      "2025-03-10 09:15:41 商家已发货，等待揽收",
      "2025-03-10 19:47:55 【金华市】 【义乌稠城】（0579-8xxxxxx） 的 王师傅 （138xxxx0000） "
      "已揽收",
      "2025-03-11 08:03:12 【金华市】 快件已发往 【杭州转运中心】",
  };
  EXPECT_EQ(texts(newest), expected);
  EXPECT_EQ(texts(oldest), expected);
  // Line numbers travel with their events.
  EXPECT_EQ(newest[0].line, 3U);
  EXPECT_EQ(oldest[0].line, 1U);
}

TEST(TraceSort, EqualTimesKeepChronologicalOrderEitherWay) {
  std::vector<TraceEvent> newest = {
      event("2025-03-11 08:00:00", EventClass::kTransit, "发往杭州"),
      event("2025-03-10 19:00:00", EventClass::kTransit, "到达义乌分拨"),
      event("2025-03-10 19:00:00", EventClass::kPickup, "已揽收"),
  };
  std::vector<TraceEvent> oldest(newest.rbegin(), newest.rend());
  sort_events(newest);
  sort_events(oldest);
  const std::vector<std::string> expected = {"2025-03-10 19:00:00 已揽收",
                                             "2025-03-10 19:00:00 到达义乌分拨",
                                             "2025-03-11 08:00:00 发往杭州"};
  EXPECT_EQ(texts(newest), expected);
  EXPECT_EQ(texts(oldest), expected);

  std::vector<TraceEvent> none;
  sort_events(none);
  EXPECT_TRUE(none.empty());
}

// ---------------------------------------------------------------------------------------------

constexpr std::string_view kKuaidi100 = R"({
  "message": "ok", "nu": "75124400000301", "ischeck": "0", "condition": "00", "com": "zhongtong",
  "status": "200", "state": "0",
  "data": [
    {"time": "2025-03-11 08:03:12", "ftime": "2025-03-11 08:03:12",
     "context": "【金华市】 快件已发往 【杭州转运中心】", "location": "金华市"},
    {"time": "2025-03-10 19:47:55", "ftime": "2025-03-10 19:47:55",
     "context": "【金华市】 【义乌稠城】 的 王师傅 已揽收", "location": "金华市"},
    {"time": "2025-03-10 09:15:41", "ftime": "2025-03-10 09:15:41",
     "context": "商家已发货，等待揽收", "location": ""}
  ]
})";

constexpr std::string_view kKdniao = R"({
  "EBusinessID": "1234567", "ShipperCode": "YTO", "LogisticCode": "YT7512440000302",
  "Success": true, "State": "3", "Reason": null,
  "Traces": [
    {"AcceptTime": "2025-03-10 18:20:00", "AcceptStation": "您的快件被【浙江省金华市义乌市公司】揽收"},
    {"AcceptTime": "2025-03-11 02:10:00", "AcceptStation": "快件已到达【杭州转运中心】"},
    {"AcceptTime": "2025-03-12 09:30:00", "AcceptStation": "【杭州市西湖区公司】派件人：李四 派件中"},
    {"AcceptTime": "2025-03-12 15:02:00", "AcceptStation": "快件已签收，签收人：本人"}
  ]
})";

std::vector<std::string> summary(const AggregatorTrace& t) {
  std::vector<std::string> out;
  for (const TraceEvent& e : t.events) {
    out.push_back(format_datetime(e.at) + " " + std::string(to_string(e.cls)) + " " + e.text +
                  " @" + std::to_string(e.line));
  }
  return out;
}

TEST(TraceAggregator, Kuaidi100NewestFirst) {
  std::string error;
  const std::vector<AggregatorTrace> out = aggregator(kKuaidi100, &error);
  EXPECT_EQ(error, "");
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].tracking_no, "75124400000301");
  EXPECT_EQ(out[0].courier_hint, "zhongtong");
  EXPECT_EQ(out[0].state_class, "transit");
  EXPECT_EQ(summary(out[0]),
            (std::vector<std::string>{
                "2025-03-10 09:15:41 other 商家已发货，等待揽收 @0",
                "2025-03-10 19:47:55 pickup 【金华市】 【义乌稠城】 的 王师傅 已揽收 @0",
                "2025-03-11 08:03:12 transit 【金华市】 快件已发往 【杭州转运中心】 @0",
            }));
}

TEST(TraceAggregator, Kuaidi100TimeOnlyNumericStateAndPushCallback) {
  std::string error;
  std::vector<AggregatorTrace> out = aggregator(
      R"({"message":"ok","nu":123456789012,"com":"yunda","state":3,"data":[
          {"time":"2025-03-12 15:02:00","context":"快件已签收"},
          {"time":"2025-03-10 18:00:00","context":"【义乌】已揽收"}]})",
      &error);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].tracking_no, "123456789012");
  EXPECT_EQ(out[0].state_class, "signed");
  EXPECT_EQ(summary(out[0]),
            (std::vector<std::string>{"2025-03-10 18:00:00 pickup 【义乌】已揽收 @0",
                                      "2025-03-12 15:02:00 signed 快件已签收 @0"}));

  out = aggregator(R"({"status":"polling","message":"","lastResult":{"message":"ok","nu":"YT1",
      "com":"yuantong","state":"5","data":[{"time":"2025-03-12 09:30:00",
      "ftime":"2025-03-12 09:30:00","context":"正在派件"}]}})",
                   &error);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].tracking_no, "YT1");
  EXPECT_EQ(out[0].state_class, "delivery");
  EXPECT_EQ(summary(out[0]),
            (std::vector<std::string>{"2025-03-12 09:30:00 delivery 正在派件 @0"}));
}

TEST(TraceAggregator, KdniaoOldestFirst) {
  std::string error;
  const std::vector<AggregatorTrace> out = aggregator(kKdniao, &error);
  EXPECT_EQ(error, "");
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].tracking_no, "YT7512440000302");
  EXPECT_EQ(out[0].courier_hint, "YTO");
  EXPECT_EQ(out[0].state_class, "signed");
  EXPECT_EQ(summary(out[0]),
            (std::vector<std::string>{
                "2025-03-10 18:20:00 pickup 您的快件被【浙江省金华市义乌市公司】揽收 @0",
                "2025-03-11 02:10:00 transit 快件已到达【杭州转运中心】 @0",
                "2025-03-12 09:30:00 delivery 【杭州市西湖区公司】派件人：李四 派件中 @0",
                "2025-03-12 15:02:00 signed 快件已签收，签收人：本人 @0",
            }));
}

TEST(TraceAggregator, KdniaoWithoutTracesYet) {
  std::string error;
  const std::vector<AggregatorTrace> out = aggregator(
      R"({"EBusinessID":"1","ShipperCode":"ZTO","LogisticCode":"7512","Success":true,"State":0,
          "Reason":"暂无轨迹信息","Traces":[]})",
      &error);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].state_class, "other");
  EXPECT_TRUE(out[0].events.empty());
}

TEST(TraceAggregator, ArrayOfResponses) {
  std::string error;
  std::vector<AggregatorTrace> out =
      aggregator("[" + std::string(kKuaidi100) + "," + std::string(kKdniao) + "]", &error);
  EXPECT_EQ(error, "");
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(out[0].courier_hint, "zhongtong");
  EXPECT_EQ(out[1].courier_hint, "YTO");

  out = aggregator("[" + std::string(kKdniao) + R"(,{"foo":1},{"result":false,"returnCode":"400",
      "message":"找不到对应公司"}])",
                   &error);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(error,
            "第 2 个结果：这段 JSON 不是快递100或快递鸟的物流查询结果；"
            "第 3 个结果：快递100 查询失败：找不到对应公司");
}

TEST(TraceAggregator, SkippedEventsAreAWarning) {
  std::string error;
  const std::vector<AggregatorTrace> out = aggregator(
      R"({"nu":"1","com":"zhongtong","state":"1","data":[{"ftime":"昨天","context":"已揽收"},
          {"context":"无时间"},7,{"ftime":"2025-03-10 19:47:55","context":"已揽收"}]})",
      &error);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].events.size(), 1U);
  EXPECT_EQ(error, "有 3 条轨迹的时间无法识别，已跳过");
}

TEST(TraceAggregator, ErrorResponses) {
  EXPECT_EQ(aggregator_error(R"({"result":false,"returnCode":"400","message":"找不到对应公司"})"),
            "快递100 查询失败：找不到对应公司");
  EXPECT_EQ(aggregator_error(R"({"result":false,"message":"验签失败","data":[]})"),
            "快递100 查询失败：验签失败");
  EXPECT_EQ(aggregator_error(R"({"EBusinessID":"1","Success":false,"Reason":"业务错误"})"),
            "快递鸟查询失败：业务错误");
}

TEST(TraceAggregator, NotJsonIsNotAnError) {
  EXPECT_EQ(aggregator_error(""), "");
  EXPECT_EQ(aggregator_error("2025-03-10 19:47:55 已揽收"), "");
  EXPECT_EQ(aggregator_error("[2025-03-10 19:47:55] 已揽收"), "");
  EXPECT_EQ(aggregator_error("[1, 2, 3]"), "");  // not an object list: not for this reader
  EXPECT_EQ(aggregator_error("订单编号：250309-512000000000301"), "");
}

TEST(TraceAggregator, MalformedOrForeignJson) {
  const std::string malformed = "JSON 格式有误，无法读取物流信息";
  const std::string foreign = "这段 JSON 不是快递100或快递鸟的物流查询结果";
  EXPECT_EQ(aggregator_error("{"), malformed);
  EXPECT_EQ(aggregator_error(R"({"nu": "1", "data": [)"), malformed);
  EXPECT_EQ(aggregator_error("{\"nu\": \"\xFF\", \"data\": []}"), malformed);  // not UTF-8
  EXPECT_EQ(aggregator_error(R"({"nu":"1","data":[]} trailing)"), malformed);
  EXPECT_EQ(aggregator_error("{}"), foreign);
  EXPECT_EQ(aggregator_error("[]"), foreign);
  EXPECT_EQ(aggregator_error(R"([{}, [1], {"a": 1}])"),
            "第 1 个结果：" + foreign + "；第 2 个结果：" + foreign + "；第 3 个结果：" + foreign);
  EXPECT_EQ(aggregator_error(R"({"code":0,"data":[{"time":"2025-03-10 10:00:00"}]})"), foreign);
  EXPECT_EQ(aggregator_error(R"({"nu":"1","data":[],"Traces":[]})"), foreign);
}

TEST(TraceAggregator, DeepNestingDoesNotCrash) {
  const std::string deep = "嵌套过深";
  const std::size_t n = 100000;
  EXPECT_NE(aggregator_error(std::string(n, '[') + std::string(n, ']')).find(deep),
            std::string::npos);
  EXPECT_NE(aggregator_error(std::string(n, '[')).find(deep), std::string::npos);
  std::string objects;
  for (std::size_t i = 0; i < n; ++i) objects += R"({"a":)";
  EXPECT_NE(aggregator_error(objects).find(deep), std::string::npos);
  // Brackets inside strings are not nesting.
  std::string error;
  const std::vector<AggregatorTrace> out =
      aggregator(R"({"nu":")" + std::string(1000, '[') + R"(","com":"zto","data":[]})", &error);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].tracking_no.size(), 1000U);
}

// ---------------------------------------------------------------------------------------------

TEST(TraceSummary, ExplicitPickupFromTheSample) {
  std::vector<TraceEvent> events = sample_events(true);
  sort_events(events);
  const TraceFacts f = summarize(events);
  EXPECT_EQ(format_iso(*f.first_event), "2025-03-10T09:15:41+08:00");
  EXPECT_EQ(format_iso(*f.pickup), "2025-03-10T19:47:55+08:00");
  EXPECT_FALSE(f.pickup_inferred);
  EXPECT_FALSE(f.signed_at.has_value());
  EXPECT_EQ(format_iso(*f.latest_at), "2025-03-11T08:03:12+08:00");
  EXPECT_EQ(f.latest_class, EventClass::kTransit);
  EXPECT_FALSE(f.latest_is_problem);
  EXPECT_FALSE(f.returned);
}

TEST(TraceSummary, PickupInferredFromTheFirstLaterStage) {
  const TraceFacts f = summarize({
      event("2025-03-10 09:15:41", EventClass::kOther),
      event("2025-03-10 12:00:00", EventClass::kProblem),  // 揽收失败: proves nothing
      event("2025-03-11 02:10:00", EventClass::kTransit),
      event("2025-03-12 09:30:00", EventClass::kDelivery),
  });
  EXPECT_EQ(format_iso(*f.pickup), "2025-03-11T02:10:00+08:00");
  EXPECT_TRUE(f.pickup_inferred);
  EXPECT_EQ(f.latest_class, EventClass::kDelivery);

  const TraceFacts locker = summarize({event("2025-03-12 10:00:00", EventClass::kLocker)});
  EXPECT_EQ(format_iso(*locker.pickup), "2025-03-12T10:00:00+08:00");
  EXPECT_TRUE(locker.pickup_inferred);

  const TraceFacts none = summarize({event("2025-03-10 09:15:41", EventClass::kOther),
                                     event("2025-03-10 12:00:00", EventClass::kProblem)});
  EXPECT_FALSE(none.pickup.has_value());
  EXPECT_FALSE(none.pickup_inferred);
}

TEST(TraceSummary, ExplicitPickupWinsOverAnEarlierTransit) {
  const TraceFacts f = summarize({event("2025-03-10 18:00:00", EventClass::kTransit),
                                  event("2025-03-10 19:00:00", EventClass::kPickup)});
  EXPECT_EQ(format_iso(*f.pickup), "2025-03-10T19:00:00+08:00");
  EXPECT_FALSE(f.pickup_inferred);
}

TEST(TraceSummary, SignedTrace) {
  std::string error;
  const std::vector<AggregatorTrace> out = aggregator(kKdniao, &error);
  ASSERT_EQ(out.size(), 1U);
  const TraceFacts f = summarize(out[0].events);
  EXPECT_EQ(format_iso(*f.pickup), "2025-03-10T18:20:00+08:00");
  EXPECT_FALSE(f.pickup_inferred);
  EXPECT_EQ(format_iso(*f.signed_at), "2025-03-12T15:02:00+08:00");
  EXPECT_EQ(format_iso(*f.latest_at), "2025-03-12T15:02:00+08:00");
  EXPECT_EQ(f.latest_class, EventClass::kSigned);
  EXPECT_FALSE(f.latest_is_problem);

  const TraceFacts only_signed = summarize({event("2025-03-12 15:02:00", EventClass::kSigned)});
  EXPECT_EQ(format_iso(*only_signed.pickup), "2025-03-12T15:02:00+08:00");
  EXPECT_TRUE(only_signed.pickup_inferred);
}

TEST(TraceSummary, ProblemOrReturnLatest) {
  const TraceFacts problem = summarize({event("2025-03-10 18:20:00", EventClass::kPickup),
                                        event("2025-03-11 02:10:00", EventClass::kTransit),
                                        event("2025-03-13 10:00:00", EventClass::kProblem)});
  EXPECT_EQ(problem.latest_class, EventClass::kProblem);
  EXPECT_TRUE(problem.latest_is_problem);
  EXPECT_FALSE(problem.returned);

  const TraceFacts returned = summarize({event("2025-03-10 18:20:00", EventClass::kPickup),
                                         event("2025-03-13 10:00:00", EventClass::kReturn)});
  EXPECT_EQ(returned.latest_class, EventClass::kReturn);
  EXPECT_TRUE(returned.latest_is_problem);
  EXPECT_TRUE(returned.returned);

  // A problem that was resolved is not the latest.
  const TraceFacts resolved = summarize({event("2025-03-11 10:00:00", EventClass::kProblem),
                                         event("2025-03-12 10:00:00", EventClass::kSigned)});
  EXPECT_FALSE(resolved.latest_is_problem);
  // Equal times: the later entry of the oldest-first list is the newer.
  const TraceFacts tie = summarize({event("2025-03-12 10:00:00", EventClass::kDelivery),
                                    event("2025-03-12 10:00:00", EventClass::kSigned)});
  EXPECT_EQ(tie.latest_class, EventClass::kSigned);
}

TEST(TraceSummary, EmptyTrace) {
  const TraceFacts f = summarize({});
  EXPECT_FALSE(f.first_event.has_value());
  EXPECT_FALSE(f.latest_at.has_value());
  EXPECT_FALSE(f.pickup.has_value());
  EXPECT_FALSE(f.signed_at.has_value());
  EXPECT_EQ(f.latest_class, EventClass::kOther);
  EXPECT_FALSE(f.latest_is_problem);
}

}  // namespace
}  // namespace lanshou
