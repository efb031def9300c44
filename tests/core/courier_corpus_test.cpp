// Every real number of tests/fixtures/couriers/corpus.tsv, pasted with its courier declared,
// through the whole check path: no correctly declared real number may get a critical finding, and
// courier detection must not fall below the accuracy recorded here (issue 15).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "lanshou/check.h"
#include "lanshou/courier.h"
#include "lanshou/explain.h"
#include "lanshou/session.h"
#include "lanshou/time.h"

namespace lanshou {
namespace {

struct Row {
  std::string number, courier, evidence;
};

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> cells;
  std::size_t from = 0;
  for (;;) {
    const std::size_t tab = line.find('\t', from);
    cells.push_back(line.substr(from, tab - from));
    if (tab == std::string::npos) return cells;
    from = tab + 1;
  }
}

// Rows after the comment lines and the header; first column the number, second the courier.
std::vector<Row> read_tsv(const std::string& name, std::size_t evidence_column) {
  std::ifstream in(std::string(LANSHOU_SOURCE_DIR "/tests/fixtures/couriers/") + name);
  std::vector<Row> rows;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    const std::vector<std::string> c = split_tabs(line);
    if (c.size() > evidence_column) rows.push_back({c[0], c[1], c[evidence_column]});
  }
  return rows;
}

const std::vector<Row>& corpus() {
  static const std::vector<Row> rows = read_tsv("corpus.tsv", 3);
  return rows;
}

// The name a merchant writes in the 快递公司 column for each courier of the corpus.
const std::map<std::string, std::string>& declared_names() {
  static const std::map<std::string, std::string> names = {
      {"ZTO", "中通快递"},  {"YTO", "圆通速递"}, {"STO", "申通快递"},  {"YD", "韵达快递"},
      {"JTSD", "极兔速递"}, {"SF", "顺丰速运"},  {"JD", "京东快递"},   {"YZPY", "邮政快递包裹"},
      {"EMS", "EMS"},       {"DBL", "德邦快递"}, {"BEST", "百世快递"}, {"ANE", "安能物流"},
      {"KYSY", "跨越速运"}, {"HHTT", "天天快递"}};
  return names;
}

// A number's shape: its letters, its length and its first digit (SF#15#1, #12#4, #15#7). A shape
// that numbers of two couriers of the corpus share (12 digits starting 4: 中通 and 申通) is shared;
// the others are issued by one courier as far as the corpus shows.
std::string shape_of(const std::string& n) {
  std::size_t letters = 0;
  while (letters < n.size() && (n[letters] < '0' || n[letters] > '9')) ++letters;
  return n.substr(0, letters) + "#" + std::to_string(n.size()) + "#" + n.substr(letters, 1);
}

// What lanshou reached on this corpus (issue 15): a change that lowers any of them fails. Raise
// them when the data gets better. Before issue 15 the same corpus gave top-1 88, among candidates
// 107, one-courier shapes 46 of 82 (56.1 %) and 81 false critical findings.
constexpr int kTop1Floor = 155;
constexpr int kAmongFloor = 199;
constexpr int kUniqueTop1Floor = 80;

struct Figures {
  int total = 0, top1 = 0, among = 0;
  int unique_total = 0, unique_top1 = 0;  // numbers whose shape one courier alone has here
  int critical = 0, unverified = 0;
};

// One table: every corpus number with its courier declared, uploaded an hour before "now" and not
// picked up yet, so the whole fix path is open and every finding the engine has can appear.
std::string corpus_table() {
  std::ostringstream t;
  t << "订单号,快递公司,快递单号,支付时间,发货时间\n";
  int i = 0;
  for (const Row& r : corpus()) {
    char sn[32];
    std::snprintf(sn, sizeof sn, "261206-%015d", 512000000 + i++);
    t << sn << "," << declared_names().at(r.courier) << "," << r.number
      << ",2026-12-06 09:00:00,2026-12-07 09:00:00\n";
  }
  return t.str();
}

TEST(CourierCorpus, HasTwoHundredRealNumbersOfFourteenCouriers) {
  std::set<std::string> couriers, numbers;
  for (const Row& r : corpus()) {
    couriers.insert(r.courier);
    EXPECT_TRUE(numbers.insert(r.number).second) << "twice: " << r.number;
    EXPECT_EQ(normalize_tracking_no(r.number), r.number) << "not normalised: " << r.number;
    EXPECT_TRUE(declared_names().count(r.courier)) << "no declared name for " << r.courier;
  }
  EXPECT_GE(corpus().size(), 200u);
  EXPECT_GE(couriers.size(), 14u);
}

TEST(CourierCorpus, CorrectlyDeclaredRealNumbersGetNoCriticalFinding) {
  const std::string table = corpus_table();
  CheckOptions options;
  options.now = parse_time("2026-12-07 10:00:00").epoch;
  Session run;
  run.run(table, options);
  ASSERT_EQ(run.decisions().size(), corpus().size());
  const Explainer words(run.rules(), run.now());

  std::map<std::string, std::set<std::string>> couriers_of_shape;
  for (const Row& r : corpus()) couriers_of_shape[shape_of(r.number)].insert(r.courier);

  Figures f;
  std::map<std::string, std::pair<int, int>> per_courier;  // courier -> {rows, top-1}
  for (std::size_t i = 0; i < corpus().size(); ++i) {
    const Row& r = corpus()[i];
    const Decision& d = run.decisions()[i];
    ASSERT_EQ(d.tracking_no, r.number);
    const std::vector<CourierMatch> cands = CourierRegistry::builtin().detect(r.number);
    const bool top1 = !cands.empty() && cands.front().courier->code == r.courier;
    bool among = false;
    for (const CourierMatch& m : cands) among = among || m.courier->code == r.courier;
    ++f.total;
    f.top1 += top1;
    f.among += among;
    per_courier[r.courier].first++;
    per_courier[r.courier].second += top1;
    if (couriers_of_shape[shape_of(r.number)].size() == 1) {
      ++f.unique_total;
      f.unique_top1 += top1;
    }
    for (const Finding& x : d.findings) {
      if (x.severity == Severity::kCritical) {
        ++f.critical;
        ADD_FAILURE() << r.number << " (" << r.courier << ", " << r.evidence
                      << ") got a critical finding " << to_string(x.code) << ": "
                      << words.message(x);
        break;
      }
    }
    for (const Finding& x : d.findings) {
      if (to_string(x.code) == "tracking_unverified") ++f.unverified;
    }
  }
  const auto pct = [](int n, int of) { return of == 0 ? 0.0 : 100.0 * n / of; };
  std::printf("[ corpus   ] %d numbers: top-1 %d (%.1f %%), label among candidates %d (%.1f %%)\n",
              f.total, f.top1, pct(f.top1, f.total), f.among, pct(f.among, f.total));
  std::printf("[ corpus   ] shape issued by one courier: %d numbers, top-1 %d (%.1f %%)\n",
              f.unique_total, f.unique_top1, pct(f.unique_top1, f.unique_total));
  std::printf("[ corpus   ] false critical findings: %d; tracking_unverified: %d\n", f.critical,
              f.unverified);
  for (const auto& [code, n] : per_courier) {
    std::printf("[ corpus   ]   %-5s %3d numbers, top-1 %3d\n", code.c_str(), n.first, n.second);
  }
  EXPECT_EQ(f.critical, 0);
  EXPECT_GE(f.top1, kTop1Floor);
  EXPECT_GE(f.among, kAmongFloor);
  EXPECT_GE(f.unique_top1, kUniqueTop1Floor);
  EXPECT_GE(100 * f.unique_top1, 90 * f.unique_total);  // issue 15: at least 90 %
  EXPECT_GE(100 * f.among, 97 * f.total);               // issue 15: at least 97 %
}

// Numbers an aggregator answered as not existing keep a real shape: from the shape alone they
// are never critical (only the aggregator's answer, as evidence, can make them so).
TEST(CourierCorpus, NotFoundNumbersAreNeverCriticalFromTheirShapeAlone) {
  std::ostringstream t;
  t << "订单号,快递公司,快递单号,支付时间,发货时间\n";
  const std::vector<Row> rows = read_tsv("not-found.tsv", 2);
  ASSERT_GE(rows.size(), 7u);
  int i = 0;
  for (const Row& r : rows) {
    char sn[32];
    std::snprintf(sn, sizeof sn, "261206-%015d", 513000000 + i++);
    t << sn << "," << declared_names().at(r.courier) << "," << r.number
      << ",2026-12-06 09:00:00,2026-12-07 09:00:00\n";
  }
  CheckOptions options;
  options.now = parse_time("2026-12-07 10:00:00").epoch;
  Session run;
  run.run(t.str(), options);
  ASSERT_EQ(run.decisions().size(), rows.size());
  const Explainer words(run.rules(), run.now());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    for (const Finding& x : run.decisions()[k].findings) {
      EXPECT_NE(x.severity, Severity::kCritical) << rows[k].number << ": " << words.message(x);
    }
  }
}

}  // namespace
}  // namespace lanshou
