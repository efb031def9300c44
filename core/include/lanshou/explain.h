#pragma once
// The words of a decision: its explanation lines, each finding's message, the next step (action)
// and the steps of its fix path, rendered from the decision's facts (engine.h) with the texts of
// core/data/templates/explain.zh.json. Nothing here decides: the same decision always reads the
// same, and the engine never waits for words it does not need.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
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

// Not thread-safe: it remembers the texts it looked up and the words that are the same for every
// order of a run (one explainer per thread).
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
  // The texts by name. A name written as a literal is looked up once and then found by its
  // address (a literal's address names its text for the whole run); other names are looked up
  // each time.
  class Texts {
   public:
    explicit Texts(const TextSet& set) : set_(set) {}
    template <std::size_t N>
    std::string_view get(const char (&literal)[N]) const {
      return cached(literal);
    }
    std::string_view get(std::string_view name) const { return set_.get(name); }

   private:
    std::string_view cached(const char* literal) const;
    struct Slot {
      const char* key = nullptr;
      std::string_view text;
    };
    const TextSet& set_;
    mutable std::array<Slot, 256> slots_{};
  };

  std::string note(const Decision& d, Note n) const;
  std::string ship_line(const Decision& d) const;
  std::string pickup_rule(const Decision& d) const;
  std::string pickup_source(const Decision& d) const;
  std::string now_vs(Epoch deadline) const;
  const std::string& risk() const;
  std::string fake_ship_amount() const;
  template <std::size_t N>
  std::string_view conf(const char (&key)[N]) const {
    return conf_cached(key);
  }
  std::string_view conf(std::string_view key) const;
  std::string_view conf_cached(const char* key) const;
  const std::string& window(Epoch seconds) const;
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
  const Texts t_;
  // Words that depend on the rules only, made on first use.
  mutable std::string risk_;
  mutable std::string compensation_;  // finding.promise_missed.compensation, not suspended
  mutable std::array<std::pair<const char*, std::string_view>, 16> confs_{};
  mutable std::array<std::pair<Epoch, std::string>, 8> windows_{};
  mutable std::size_t window_count_ = 0;
  // when(): the dates of the last days formatted, by day number (an order's times fall on a few).
  mutable std::array<std::tuple<bool, std::int64_t, CivilTime>, 16> when_days_{};
};

}  // namespace lanshou
