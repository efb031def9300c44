// Runs every golden vector of core/data/rules/golden/ through check() with the frozen testing rule
// set and compares the result document with the vector's expectations. The vectors are data: add
// one by adding an object to a file listed in golden/index.json (no directory listing, so that the
// same test runs under node in the wasm build).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "lanshou/check.h"
#include "lanshou/embedded.h"
#include "lanshou/engine.h"
#include "lanshou/rules.h"

namespace lanshou {
namespace {

using nlohmann::json;

const char kGoldenDir[] = LANSHOU_SOURCE_DIR "/core/data/rules/golden";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Vector {
  std::string file;
  std::string name;
  json doc;
};

// gtest prints parameters; the default would dump the whole json.
void PrintTo(const Vector& v, std::ostream* os) {
  *os << v.file << ": " << v.name;
}

// Every vector of every file in index.json; a vector named "load_error" reports what went wrong.
std::vector<Vector> load_vectors() {
  std::vector<Vector> out;
  const json index =
      json::parse(read_file(std::string(kGoldenDir) + "/index.json"), nullptr, false);
  if (index.is_discarded() || !index.contains("files")) {
    out.push_back({"index.json", "load_error", json{{"error", "golden/index.json unreadable"}}});
    return out;
  }
  for (const auto& f : index["files"]) {
    const std::string file = f.get<std::string>();
    const json doc = json::parse(read_file(std::string(kGoldenDir) + "/" + file), nullptr, false);
    if (doc.is_discarded() || !doc.contains("vectors")) {
      out.push_back({file, "load_error", json{{"error", file + " unreadable"}}});
      continue;
    }
    for (const auto& v : doc["vectors"]) out.push_back({file, v.value("name", ""), v});
  }
  return out;
}

const std::vector<Vector>& vectors() {
  static const std::vector<Vector> v = load_vectors();
  return v;
}

const RuleSet& testing_rules() {
  static const RuleSet rules = [] {
    RuleSet r;
    RuleError e;
    if (!load_rules(embedded_file("rules/testing.json"), &r, &e)) r.id = "broken: " + e.message;
    return r;
  }();
  return rules;
}

std::string input_text(const json& input) {
  if (input.is_string()) return input.get<std::string>();
  std::string text;
  for (const auto& line : input) text += line.get<std::string>() + "\n";
  return text;
}

json run_vector(const json& v) {
  CheckOptions options;
  const TimeParse now = parse_time(v.at("now").get<std::string>());
  EXPECT_TRUE(now.ok()) << "bad now in the vector";
  options.now = now.epoch;
  if (v.value("rule_set", "testing") == "testing") options.base_rules = &testing_rules();
  if (v.contains("rules")) options.rules_override_json = v["rules"].dump();
  const CheckOutput out = check(input_text(v.at("input")), options);
  return json::parse(out.text);
}

std::multiset<std::string> finding_codes(const json& order) {
  std::multiset<std::string> codes;
  for (const auto& f : order.value("findings", json::array())) codes.insert(f.at("code"));
  return codes;
}

// A key the vector states must match; a clock or fix key it leaves out must be absent.
void expect_same_key(const json& want, const json& got, const char* key, const std::string& where) {
  if (want.contains(key)) {
    EXPECT_TRUE(got.contains(key)) << where << ": no " << key << ", want " << want[key];
    if (got.contains(key)) {
      EXPECT_EQ(got[key], want[key]) << where << ": " << key;
    }
  } else {
    EXPECT_FALSE(got.contains(key)) << where << ": unexpected " << key << " = " << got[key];
  }
}

void check_order(const json& want, const json& got, const std::string& where) {
  EXPECT_EQ(got.at("status"), want.at("status")) << where;
  expect_same_key(want, got, "order_sn", where);
  expect_same_key(want, got, "deadline", where);
  expect_same_key(want, got, "remaining_seconds", where);
  std::multiset<std::string> want_codes;
  for (const auto& c : want.value("findings", json::array()))
    want_codes.insert(c.get<std::string>());
  EXPECT_EQ(finding_codes(got), want_codes) << where << ": findings";
  if (want.contains("fix_path")) {
    ASSERT_TRUE(got.contains("fix_path")) << where << ": no fix_path";
    EXPECT_EQ(got["fix_path"].at("code"), want["fix_path"].at("code")) << where;
    expect_same_key(want["fix_path"], got["fix_path"], "until", where + " fix_path");
  } else {
    EXPECT_FALSE(got.contains("fix_path")) << where << ": unexpected fix_path " << got["fix_path"];
  }
  // Optional, checked only when the vector states them.
  if (want.contains("risk_yuan")) {
    EXPECT_EQ(got.at("risk_yuan"), want["risk_yuan"]) << where;
  }
  if (want.contains("tracking_no")) {
    EXPECT_EQ(got.value("tracking_no", ""), want["tracking_no"]) << where;
  }
  if (want.contains("courier")) {
    EXPECT_EQ(got.at("courier").value("code", ""), want["courier"]) << where << ": courier";
  }
  if (want.contains("times")) {
    for (const auto& [k, v] : want["times"].items()) {
      EXPECT_EQ(got.at("times").value(k, json()), v) << where << ": times." << k;
    }
  }
  if (want.contains("clocks")) {  // {kind: {deadline, state}}: the clocks stated, exactly those
    std::map<std::string, json> got_clocks;
    for (const auto& c : got.at("clocks")) {
      got_clocks[c.at("kind").get<std::string>()] = {{"deadline", c.at("deadline")},
                                                     {"state", c.at("state")}};
    }
    std::map<std::string, json> want_clocks;
    for (const auto& [kind, c] : want["clocks"].items()) want_clocks[kind] = c;
    EXPECT_EQ(json(got_clocks), json(want_clocks)) << where << ": clocks";
  }
  if (want.contains("severities")) {
    for (const auto& [code, severity] : want["severities"].items()) {
      bool seen = false;
      for (const auto& f : got.at("findings")) {
        if (f.at("code") != code) continue;
        seen = true;
        EXPECT_EQ(f.at("severity"), severity) << where << ": severity of " << code;
      }
      EXPECT_TRUE(seen) << where << ": no finding " << code;
    }
  }
}

void check_summary(const json& want, const json& doc) {
  const json& got = doc.at("summary");
  if (want.contains("risk_yuan")) {
    EXPECT_EQ(got.at("risk_yuan"), want["risk_yuan"]) << "summary";
  }
  if (want.contains("by_status")) {
    for (const auto& [k, v] : want["by_status"].items()) {
      EXPECT_EQ(got.at("by_status").at(k), v) << "summary.by_status." << k;
    }
  }
  if (want.contains("action_queue")) {
    std::vector<std::string> queue;
    for (const auto& q : got.at("action_queue")) queue.push_back(q.value("order_sn", ""));
    EXPECT_EQ(queue, want["action_queue"].get<std::vector<std::string>>()) << "action queue";
  }
  if (want.contains("overridden")) {
    EXPECT_EQ(doc.at("rules").at("overridden"), want["overridden"]) << "rules.overridden";
  }
}

class GoldenVector : public testing::TestWithParam<Vector> {};

TEST_P(GoldenVector, MatchesExpectations) {
  const Vector& v = GetParam();
  ASSERT_FALSE(v.doc.contains("error")) << v.doc["error"];
  ASSERT_TRUE(v.doc.contains("expect")) << v.name << " has no expect";
  const json& want = v.doc["expect"];
  const json doc = run_vector(v.doc);
  SCOPED_TRACE(v.file + ": " + v.name);

  const json& orders = doc.at("orders");
  const json want_orders = want.value("orders", json::array());
  ASSERT_EQ(orders.size(), want_orders.size()) << doc.dump(1);
  for (std::size_t i = 0; i < orders.size(); ++i) {
    check_order(want_orders[i], orders[i],
                "order " + std::to_string(i) + " (" + orders[i].value("order_sn", "") + ")");
  }

  // Errors: the same (line, code) list in order; field too when the vector names it.
  const json want_errors = want.value("errors", json::array());
  const json& errors = doc.at("errors");
  ASSERT_EQ(errors.size(), want_errors.size()) << errors.dump(1);
  for (std::size_t i = 0; i < errors.size(); ++i) {
    EXPECT_EQ(errors[i].at("line"), want_errors[i].at("line")) << "error " << i;
    EXPECT_EQ(errors[i].at("code"), want_errors[i].at("code")) << "error " << i;
    if (want_errors[i].contains("field")) {
      EXPECT_EQ(errors[i].at("field"), want_errors[i]["field"]) << "error " << i;
    }
    if (want_errors[i].contains("message_contains")) {
      const std::string message = errors[i].at("message");
      const std::string part = want_errors[i]["message_contains"];
      EXPECT_NE(message.find(part), std::string::npos) << message << " lacks " << part;
    }
  }
  if (want.contains("summary")) check_summary(want["summary"], doc);
}

INSTANTIATE_TEST_SUITE_P(Golden, GoldenVector, testing::ValuesIn(vectors()),
                         [](const testing::TestParamInfo<Vector>& info) {
                           return info.param.name;
                         });

TEST(GoldenIndex, TestingRuleSetLoads) {
  EXPECT_EQ(testing_rules().id, "testing");
  EXPECT_EQ(testing_rules().version, "frozen-1");
}

TEST(GoldenIndex, VectorNamesAreUniqueAndEveryVectorStatesWhatItCovers) {
  std::set<std::string> names;
  for (const auto& v : vectors()) {
    EXPECT_TRUE(names.insert(v.name).second) << "duplicate vector name " << v.name;
    EXPECT_FALSE(v.doc.value("covers", "").empty()) << v.name << " says nothing in covers";
    EXPECT_EQ(v.doc.value("rule_set", ""), "testing") << v.name;
  }
}

// The coverage promise, kept by a test: every status and every finding has a vector.
TEST(GoldenIndex, EveryStatusAndFindingIsExpectedSomewhere) {
  std::set<std::string> statuses, findings;
  for (const auto& v : vectors()) {
    if (!v.doc.contains("expect")) continue;
    for (const auto& o : v.doc["expect"].value("orders", json::array())) {
      statuses.insert(o.at("status").get<std::string>());
      for (const auto& f : o.value("findings", json::array()))
        findings.insert(f.get<std::string>());
    }
  }
  for (std::size_t i = 0; i < kStatusCount; ++i) {
    const std::string s(to_string(static_cast<Status>(i)));
    EXPECT_TRUE(statuses.count(s)) << "no golden vector expects status " << s;
  }
  for (std::size_t i = 0; i < static_cast<std::size_t>(FindingCode::kCount); ++i) {
    const std::string f(to_string(static_cast<FindingCode>(i)));
    EXPECT_TRUE(findings.count(f)) << "no golden vector expects finding " << f;
  }
}

}  // namespace
}  // namespace lanshou
