// The vocabulary file and the engine's enums name the same codes in the same order.
#include "lanshou/vocabulary.h"

#include <gtest/gtest.h>

#include <string>

#include "lanshou/engine.h"

namespace lanshou {
namespace {

TEST(Vocabulary, ListsEveryEnumValueInOrder) {
  const Vocabulary& v = vocabulary();
  ASSERT_EQ(v.statuses.size(), kStatusCount);
  ASSERT_EQ(v.findings.size(), static_cast<std::size_t>(FindingCode::kCount));
  ASSERT_EQ(v.fixes.size(), 4u);
  ASSERT_EQ(v.severities.size(), 3u);
  EXPECT_EQ(to_string(Status::kAwaitingShipment), "awaiting_shipment");
  EXPECT_EQ(to_string(Status::kIncomplete), "incomplete");
  EXPECT_EQ(status_zh(Status::kPickupOverdue), "揽收超时");
  EXPECT_EQ(to_string(FindingCode::kPenaltySuspended), "penalty_suspended");
  EXPECT_EQ(finding_zh(FindingCode::kTrackingDuplicate), "单号重复");
  EXPECT_EQ(to_string(FixCode::kNotifyNoteOnly), "notify_note_only");
  EXPECT_EQ(fix_zh(FixCode::kModifyDirect), "可直接改单号");
  EXPECT_EQ(fix_zh(FixCode::kNone), "");
  EXPECT_EQ(to_string(Severity::kCritical), "critical");
}

TEST(Vocabulary, EveryEntryHasItsWords) {
  const Vocabulary& v = vocabulary();
  for (const auto* list : {&v.statuses, &v.findings}) {
    for (const auto& e : *list) {
      EXPECT_FALSE(e.zh.empty()) << e.code;
      EXPECT_FALSE(e.en.empty()) << e.code;
      EXPECT_FALSE(e.tone.empty()) << e.code;
    }
  }
  for (const auto& f : v.findings) {
    EXPECT_TRUE(f.severity == "info" || f.severity == "warning" || f.severity == "critical")
        << f.code;
  }
  for (std::size_t i = 0; i < v.statuses.size(); ++i) {
    EXPECT_EQ(!v.statuses[i].clock.empty(), has_clock(static_cast<Status>(i)))
        << v.statuses[i].code;
  }
}

TEST(Vocabulary, RefusesADocumentWithoutItsLists) {
  Vocabulary v;
  std::string error;
  EXPECT_FALSE(parse_vocabulary("{\"statuses\": []}", &v, &error));
  EXPECT_EQ(error, "词汇表缺少列表 findings");
  EXPECT_FALSE(parse_vocabulary("[1", &v, &error));
  EXPECT_EQ(error, "词汇表不是有效的 JSON 对象");
  EXPECT_FALSE(parse_vocabulary("{\"statuses\": [{\"zh\": \"x\"}]}", &v, &error));
  EXPECT_EQ(error, "词汇表 statuses 的第 1 项没有 code");
}

}  // namespace
}  // namespace lanshou
