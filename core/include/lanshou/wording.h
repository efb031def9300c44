#pragma once
// The right words in the right place: buyer messages, order notes, extra-package entries, refund
// rejections, appeals and exception declarations, filled with the order's own facts.
//
// The texts live in core/data/templates/zh.json (with source, confidence and as_of); this file
// picks the template that fits an order and fills its {slots}. A slot that cannot be filled is
// never left blank: the text shows 【请填写：…】 and the slot is listed in `missing`.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lanshou/engine.h"
#include "lanshou/rules.h"
#include "lanshou/time.h"

namespace lanshou {

// What the merchant asks for and what only the merchant knows. Empty strings are "not given".
struct WordingRequest {
  std::string kind;     // buyer_message, order_note, extra_package, refund_rejection, appeal,
                        // exception_declaration
  std::string reason;   // appeals and exception declarations: courier_overload, ...
  std::string variant;  // "" for the template's first (polite / full)
  std::string correct_courier;      // as the merchant writes it: 中通 -> 中通快递
  std::string correct_tracking_no;  // the number the parcel really travels under
  std::string outlet_name;          // the courier outlet (网点), e.g. 义乌稠城
  std::string reason_detail;        // the concrete cause, in the merchant's words
  std::string new_pickup_time;      // when the parcel will be collected or shipped (a time or text)
  // Additions beyond the first sketch, all optional:
  std::string correct_picked_up_time;  // when the correct number was collected (a time or text)
  std::string measures;                // what the merchant changed since (for appeals)
  std::string template_id;             // a specific template of the kind instead of the first fit
  std::optional<Epoch> now;            // today, for {date} and "截至…"; the caller's clock
};

struct Wording {
  std::string kind, template_id, variant;
  std::string title;  // Chinese: 买家消息, 违规申诉 · 快递网点爆仓（大促高峰）, ...
  std::string text;
  std::string where;                 // the field it is pasted into, e.g. 商家备注
  std::string menu;                  // the backend menu path, from the rule set
  std::vector<std::string> missing;  // slot names not filled (shown as 【请填写：…】 in text)
  std::vector<std::string> evidence;  // the checklist to attach, in Chinese
  std::size_t max_chars = 0;          // the field's limit in characters; 0 when none is known
  std::string max_chars_confidence;   // "firm" / "uncertain" for the limit
  std::size_t chars = 0;              // the text's length in characters (one 汉字 = 1)
  std::vector<std::string> variants_available;
  std::vector<std::string> warnings;  // Chinese: over the limit, a correct number of odd shape
};

// The built-in templates parse and hold together (every slot known, every reference resolved);
// returns false with a Chinese message naming the template otherwise. Tests call this.
bool builtin_templates_ok(std::string* error);

// Checks a templates document the way the built-in one is checked (for tests of the checks).
bool validate_templates_json(std::string_view json_text, std::string* error);

// The situation codes an order is in: its status, its findings, its fix path code and
// "wrong_number" when a finding says the uploaded number is wrong (courier mismatch, invalid,
// duplicate, trace before payment) or when number_wrong says the merchant knows it is.
std::vector<std::string> order_situations(const Decision& d, bool number_wrong = false);

// The wording kinds with a template that fits the order, in a stable order (buyer_message,
// order_note, extra_package, refund_rejection, appeal, exception_declaration). The result
// document lists them as the order's `actions`.
std::vector<std::string> fitting_kinds(const Decision& d, bool number_wrong = false);

// The template ids that fit the order for one kind (and reason, when given), best first.
std::vector<std::string> fitting_templates(const Decision& d, std::string_view kind,
                                           std::string_view reason = {}, bool number_wrong = false);

// Renders one text. The correct courier is resolved through the courier registry; when only the
// correct number is given, the courier comes from the number's shape or the uploaded courier.
// Returns false with a one-line Chinese message (listing the valid choices) when the kind, reason,
// variant or template is unknown or does not fit the order, or the correct number is unusable.
bool render_wording(const Decision& d, const RuleSet& rules, const WordingRequest& request,
                    Wording* out, std::string* error);

// {"kind":…,"template_id":…,"variant":…,"title":…,"text":…,"where":…,"menu":…,"max_chars":…,
//  "max_chars_confidence":…,"chars":…,"missing":[…],"evidence":[…],"variants_available":[…],
//  "warnings":[…]}
std::string wording_json(const Wording& w);

// One call for every face (CLI, wasm): input text as `check` reads it, the order to pick and the
// request. kind "all" renders every kind that fits (an appeal or exception declaration only when
// a reason is given; otherwise a note says which reasons fit).
struct WordingInput {
  std::string order_sn;  // "" when the input holds one order
  WordingRequest request;
  std::string rules_override_json;  // as CheckOptions::rules_override_json
};

struct WordingResult {
  std::string order_sn;
  std::vector<std::string> actions;  // fitting_kinds of the order
  std::vector<Wording> wordings;
  std::vector<std::string> notes;  // Chinese, e.g. which reasons an appeal can take
};

// Returns false with a one-line Chinese message when no single order can be picked (none, several
// and no order_sn, order_sn not found) or render_wording fails. Never throws.
bool wording_for_input(std::string_view input, const WordingInput& in, WordingResult* out,
                       std::string* error);

// The same over decisions already made (a Session's): in.rules_override_json is not read, the
// rules are the session's; a request without "now" takes the current clock.
bool wording_for_decisions(const std::vector<Decision>& decisions, const RuleSet& rules,
                           const WordingInput& in, WordingResult* out, std::string* error);

// {"order_sn":…,"actions":[…],"wordings":[…],"notes":[…]}
std::string wording_result_json(const WordingResult& r);

// Reads {"order_sn", "kind", "reason", "variant", "correct_courier", "correct_tracking_no",
// "correct_picked_up_time", "outlet_name", "reason_detail", "new_pickup_time", "measures",
// "template_id", "now", "rules"} for the wasm module. Unknown keys are ignored; a wrong type
// gives a Chinese message naming the key.
bool parse_wording_input_json(std::string_view json, WordingInput* out, std::string* error);

}  // namespace lanshou
