#pragma once
// Writes the result document: JSON (the contract every face shares), a terminal table and CSV.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lanshou/engine.h"
#include "lanshou/input.h"
#include "lanshou/rules.h"

namespace lanshou {

struct Report {
  const RuleSet* rules = nullptr;
  Epoch now = 0;
  const ParsedInput* input = nullptr;
  const std::vector<Decision>* decisions = nullptr;
  std::vector<InputError> errors;  // every error, in line order
};

std::string write_json(const Report& r);
// The document without "orders" and without the final newline: lanshou, rules, now, summary and
// errors, the same bytes write_json gives for those keys.
std::string write_json_head(const Report& r);
// Indexes into ds of the orders write_json_head lists in summary.action_queue, in that order.
std::vector<std::size_t> action_queue_shown(const std::vector<Decision>& ds, Epoch now);
// One element of "orders", byte-identical to the one write_json writes for d.
std::string write_order_json(const Decision& d, const RuleSet& rules, Epoch now);
// The same, for many orders of one run: what can be reused from one order to the next (the
// explanation's texts, the wording kinds of each kind of decision) is kept. One per thread.
class OrderWriter {
 public:
  OrderWriter(const RuleSet& rules, Epoch now);
  ~OrderWriter();
  OrderWriter(OrderWriter&&) noexcept;
  OrderWriter(const OrderWriter&) = delete;
  OrderWriter& operator=(const OrderWriter&) = delete;
  // Appends write_order_json(d, rules, now) to out.
  void append(std::string& out, const Decision& d);

 private:
  struct Memo;
  Epoch now_;
  std::unique_ptr<Memo> memo_;
};
// write_json in pieces, for documents too big to hold (1M orders: ~1.9 GB): `write` receives the
// same bytes in order, about a megabyte at a time; `order(i, out)` appends order i's object (which
// must be write_order_json of the decision write_json would write), made when its turn comes.
void write_json_streamed(const Report& r,
                         const std::function<void(std::size_t, std::string&)>& order,
                         const std::function<void(std::string_view)>& write);
// The document for a writer that decides a batch of orders at a time and never holds them all
// (Session::stream_json): write_json_start, then each order's OrderWriter text (a comma between
// two), then write_json_end, whose summary comes from every decision given to a SummaryBuilder
// in input order, are write_json's bytes. The Report's decisions are not read.
class SummaryBuilder {
 public:
  explicit SummaryBuilder(Epoch now);
  ~SummaryBuilder();
  SummaryBuilder(const SummaryBuilder&) = delete;
  SummaryBuilder& operator=(const SummaryBuilder&) = delete;
  // The next decision, in input order. It may be gone after the call (a copy is kept of the few
  // the summary's action queue may list).
  void add(const Decision& d);

 private:
  friend std::string write_json_end(const Report& r, SummaryBuilder& summary);
  struct State;
  std::unique_ptr<State> state_;
};
// `{"lanshou":…,"rules":…,"now":…,"orders":[`
std::string write_json_start(const Report& r);
// `],"summary":…,"errors":[…]}` and the final newline; r.errors must be every error, in line order.
std::string write_json_end(const Report& r, SummaryBuilder& summary);
std::string write_table(const Report& r);
// UTF-8 with BOM for a Chinese Excel; formula-looking cells are neutralised.
std::string write_csv(const Report& r);

}  // namespace lanshou
