#pragma once
// One check, and every view of it. A session reads the text once and decides every order once;
// the result document (whole or streamed), one order's JSON, the compact columns the page draws
// from, the terminal table, the CSV and the wording for an order are all made from those same
// decisions, in words only when asked (explain.h). Threads (native builds) split and join here.
#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lanshou/check.h"
#include "lanshou/compact.h"
#include "lanshou/engine.h"
#include "lanshou/input.h"
#include "lanshou/report.h"
#include "lanshou/rules.h"
#include "lanshou/wording.h"

namespace lanshou {

class Session {
 public:
  Session() = default;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Reads and decides `input`, which must stay alive and unchanged until the next run, clear() or
  // the session's end. Never throws for bad input: errors are part of the result.
  void run(std::string_view input, const CheckOptions& options);
  // The same, keeping the text itself (the wasm boundary hands its buffer over).
  void run_owned(std::string input, const CheckOptions& options);
  // Frees the text, the records, the decisions and the run's rules.
  void clear();

  std::size_t count() const { return decisions_.size(); }
  const std::vector<Decision>& decisions() const { return decisions_; }
  const RuleSet& rules() const { return rules_; }
  Epoch now() const { return now_; }
  const ParsedInput& input() const { return input_; }
  const std::vector<InputError>& errors() const { return errors_; }  // in line order
  bool row_errors() const {
    return std::any_of(errors_.begin(), errors_.end(), [](const InputError& e) { return !e.note; });
  }
  Report report() const;

  // The document of run(input, options) handed to `write` a piece at a time, as write_json()
  // would, without keeping the decisions: a batch of orders is decided, written and dropped at
  // a time (the CLI; memory per order is the text and its record). Afterwards the session holds
  // the records and errors but no decisions. Returns row_errors().
  bool stream_json(std::string_view input, const CheckOptions& options,
                   const std::function<void(std::string_view)>& write);

  // The result document (docs/result-document.md).
  std::string json() const;
  // The same bytes handed to `write` a piece at a time: each order's text is made when it is
  // written and then dropped (a batch of orders at once on several threads).
  void write_json(const std::function<void(std::string_view)>& write) const;
  // The document without "orders" and without its final newline.
  std::string head() const;
  // orders[i] of the document, i < count().
  std::string order_json(std::size_t i) const;
  std::string table() const;
  std::string csv() const;
  // json(), table() or csv() as the run's options asked.
  std::string output() const;

  // The page's columns (compact.h): made on first use, kept until the next run.
  const CompactResult& compact();

  // The wording for one order of this session (wording.h): `in.order_sn` picks it ("" when the
  // session holds one order). False with a one-line Chinese message otherwise.
  bool wording(const WordingInput& in, WordingResult* out, std::string* error) const;

 private:
  // run() without deciding: the rules, the records, the rules' and the input's errors.
  void read(std::string_view input, const CheckOptions& options);
  // The engine's errors in words, added; then every error in line order.
  void add_engine_errors(std::vector<EngineError> engine_errors);

  std::unique_ptr<std::string> owned_;  // the text, when the session keeps it
  unsigned threads_ = 1;
  OutputFormat format_ = OutputFormat::kJson;
  Epoch now_ = 0;
  RuleSet rules_;
  ParsedInput input_;
  std::vector<Decision> decisions_;
  std::vector<InputError> errors_;
  std::unique_ptr<CompactResult> compact_;
};

}  // namespace lanshou
