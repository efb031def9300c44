#pragma once
// The words of a decision: its explanation lines, each finding's message, the next step (action)
// and the steps of its fix path, rendered from the decision's facts (engine.h) with the texts of
// core/data/templates/explain.zh.json. Nothing here decides: the same decision always reads the
// same, and the engine never waits for words it does not need.
#include <string>
#include <string_view>
#include <vector>

#include "lanshou/engine.h"
#include "lanshou/rules.h"
#include "lanshou/template.h"
#include "lanshou/time.h"

namespace lanshou {

struct FixStep {
  std::string_view code;   // stable, e.g. "chat_buyer"
  std::string_view title;  // Chinese, from the templates
  std::string_view menu;   // the backend menu path, from the rule set
  std::string detail;
};

struct OrderText {
  std::vector<std::string> explain;
  std::vector<std::string> messages;  // one per finding, in the decision's order
  std::string action;                 // the next step in a few words; "" when there is none
  std::vector<FixStep> steps;         // the fix path's steps
};

// The built-in texts (core/data/templates/explain.zh.json), parsed once.
const TextSet& explain_texts();

class Explainer {
 public:
  // rules and texts must outlive the explainer; now is the run's clock.
  Explainer(const RuleSet& rules, Epoch now, const TextSet& texts = explain_texts());

  OrderText order(const Decision& d) const;
  std::string action(const Decision& d) const;
  std::string message(const Finding& f) const;
  std::vector<FixStep> steps(const Decision& d) const;
  std::string error_message(const EngineError& e) const;
  std::string backlog_message() const;

  // "03-12 21:05", or "2024-03-12 21:05" when the year is not the current one.
  std::string when(Epoch t) const;

 private:
  std::string note(const Decision& d, Note n) const;
  std::string ship_line(const Decision& d) const;
  std::string pickup_rule(const Decision& d) const;
  std::string pickup_source(const Decision& d) const;
  std::string now_vs(Epoch deadline) const;
  std::string risk() const;
  std::string fake_ship_amount() const;
  std::string conf(std::string_view key) const;
  std::string event_text(const Decision& d, EventClass cls) const;
  std::string missing_text(Missing m) const;
  static const Finding* finding(const Decision& d, FindingCode code);
  std::string promise_what(const Finding& f) const;
  std::string promise_consequence(const Finding& f) const;
  static std::string_view stage_rule(ClockKind k);
  std::string region_word(std::string_view region) const;
  std::string stage_line(const Decision& d) const;
  std::string tag_labels(const Decision& d, bool hold) const;

  const RuleSet& r_;
  const Epoch now_;
  const int now_year_;
  const TextSet& t_;
};

}  // namespace lanshou
