// Exports round-trip: every fixture checked, exported as CSV, and the CSV read back gives the
// same decisions — statuses, deadlines, findings, fix paths, amounts at risk — for every order,
// and lanshou's own problems table in the export is not read as orders.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "lanshou/check.h"
#include "lanshou/time.h"
#include "slurp.h"

namespace lanshou {
namespace {

using nlohmann::json;

std::string run(const std::string& text, OutputFormat format, const char* now) {
  CheckOptions o;
  o.now = parse_time(now).epoch;
  o.format = format;
  return check(text, o).text;
}

std::set<std::string> finding_codes(const json& order) {
  std::set<std::string> codes;
  for (const auto& f : order.value("findings", json::array())) {
    codes.insert(f.value("code", ""));
  }
  return codes;
}

std::string fix_code(const json& order) {
  const auto it = order.find("fix_path");
  return it != order.end() && it->is_object() ? it->value("code", "") : "";
}

class RoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(RoundTrip, ExportReadBackDecidesTheSame) {
  const std::string text = slurp(std::string(LANSHOU_SOURCE_DIR "/tests/fixtures/") + GetParam());
  ASSERT_FALSE(text.empty());
  for (const char* now : {"2025-03-12T12:00:00+08:00", "2025-03-10T09:00:00+08:00"}) {
    const json first = json::parse(run(text, OutputFormat::kJson, now));
    const std::string csv = run(text, OutputFormat::kCsv, now);
    const json again = json::parse(run(csv, OutputFormat::kJson, now));
    ASSERT_EQ(again["orders"].size(), first["orders"].size()) << GetParam() << " @ " << now;
    ASSERT_GT(first["orders"].size(), 0u);
    for (std::size_t i = 0; i < first["orders"].size(); ++i) {
      const json& a = first["orders"][i];
      const json& b = again["orders"][i];
      SCOPED_TRACE(std::string(GetParam()) + " @ " + now + " order " + std::to_string(i));
      EXPECT_EQ(b.value("order_sn", ""), a.value("order_sn", ""));
      EXPECT_EQ(b.value("status", ""), a.value("status", ""));
      EXPECT_EQ(b.value("deadline", ""), a.value("deadline", ""));
      EXPECT_EQ(b.value("tracking_no", ""), a.value("tracking_no", ""));
      EXPECT_EQ(b.value("risk_yuan", -1.0), a.value("risk_yuan", -1.0));
      EXPECT_EQ(fix_code(b), fix_code(a));
      EXPECT_EQ(finding_codes(b), finding_codes(a));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, RoundTrip,
                         ::testing::Values("export-utf8.csv", "from-spreadsheet.tsv",
                                           "order-detail.txt"));

TEST(RoundTripProblems, ProblemsTableIsKeptOutOfTheOrders) {
  // One good row and one row whose payment time cannot be read, tracking number in the message.
  const std::string text =
      "订单号,订单状态,支付时间,快递单号,快递公司\n"
      "250311-512000000000101,待发货,2025-03-11 20:14:09,,\n"
      "250311-512000000000102,已发货，待签收,2025-13-45 99:00:00,75124400000102,中通快递\n";
  const std::string csv = run(text, OutputFormat::kCsv, "2025-03-12T12:00:00+08:00");
  EXPECT_NE(
      csv.find("\r\n\r\n读取问题所在行,字段,问题代码,问题说明\r\n3,支付时间,time_out_of_range,"),
      std::string::npos)
      << csv;
  const json again = json::parse(run(csv, OutputFormat::kJson, "2025-03-12T12:00:00+08:00"));
  ASSERT_EQ(again["orders"].size(), 2u);
  EXPECT_EQ(again["orders"][0]["status"], "awaiting_shipment");
  EXPECT_EQ(again["summary"]["orders"], 2);
}

}  // namespace
}  // namespace lanshou
