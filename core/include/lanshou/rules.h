#pragma once
// The rule set: every hour, window, amount, menu path and status word the engine uses, read from
// data (core/data/rules/*.json) and optionally overridden by the merchant.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lanshou/time.h"

namespace lanshou {

struct RuleDocument;  // the parsed document (nlohmann/json), private to rules.cpp

struct Suspension {
  Epoch from = 0;  // first second of the first day
  Epoch to = 0;    // last second of the last day
  std::string label;
  // Regional suspensions: the cities or provinces it covers ("" = everywhere), matched against the
  // receiver's region or the merchant's sender_city.
  std::vector<std::string> cities;
  bool sender = false;  // scope "sender": the cities are where parcels are sent from
};

// An order tag (PDD order API order_tag_list) and what it does to the clocks.
struct OrderTagRule {
  enum class Effect : std::uint8_t { kAnnotate, kHold, kSameDay, kNoSuspension };
  std::string tag, label;
  Effect effect = Effect::kAnnotate;
};

struct RuleSet {
  std::string id, name, version, as_of;

  Epoch ship_promise = 0;  // seconds
  Epoch pickup_window = 0;
  Epoch direct_change = 0;
  Epoch extra_package = 0;
  Epoch due_soon = 0;
  Epoch trace_stale = 0;  // in transit without an update
  Epoch trace_first_scan = 0;
  Epoch trace_final_leg = 0, trace_final_leg_remote = 0, trace_final_leg_very_remote = 0;
  Epoch sign_for = 0;
  Epoch complaint_unshipped = 0;
  Epoch direct_mail_promise = 0, direct_supply_promise = 0;
  bool promise_met_by_pickup = true;  // promise_met_by: "pickup" (default) or "upload"
  int same_day_cutoff_hour = 16;
  double complaint_percent = 0, complaint_min = 0, complaint_max = 0;
  double late_ship_compensation = 0;
  double fake_ship_compensation = 0;
  double fake_ship_compensation_low = 0;
  int backlog_small_sku_threshold = 0;
  // Orders sharing one tracking number whose order numbers end in the same this-many digits are
  // taken for one buyer's combined shipment (0: never).
  int duplicate_same_buyer_digits = 0;
  std::vector<Suspension> suspensions;
  std::vector<OrderTagRule> order_tags;
  std::vector<std::string> remote_provinces, very_remote_provinces, distribution_words,
      toward_words;
  std::string sender_city, refund_rejection_reason;

  std::string menu_modify_delivery_center, menu_modify_order_detail, menu_chat_buyer,
      menu_order_note, menu_extra_package, menu_refund_rejection, menu_appeal,
      menu_exception_declaration;
  std::vector<std::string> status_closed, status_delivered, status_unpaid, status_shipped;

  // The confidence ("firm" / "uncertain" / "advice") of one value, by key; "" when unknown.
  std::string_view confidence(std::string_view key) const;
  // Keys the merchant overrode in this rule set.
  std::vector<std::string> overridden;

  // The whole document (values with label, unit, source, confidence), overrides merged, for
  // showing to the merchant.
  std::string document_json() const;

  // Implementation detail: the parsed document, kept for confidence() and document_json().
  std::shared_ptr<const RuleDocument> doc;
};

struct RuleError {
  std::string key;      // e.g. "pickup_window_hours" or "" for the document
  std::string message;  // Chinese, names the key
};

// Parses a rule set document. Returns false and fills *error when it is unusable.
bool load_rules(std::string_view json_text, RuleSet* out, RuleError* error);

// The built-in PDD rule set (core/data/rules/pdd.json), parsed once.
const RuleSet& builtin_rules();

// Merges a JSON object of overrides over base: {"pickup_window_hours": 72} or
// {"pickup_window_hours": {"value": 72}}. Each bad key is reported and left at its default;
// good keys still apply.
RuleSet apply_overrides(const RuleSet& base, std::string_view overrides_json,
                        std::vector<RuleError>* errors);

// document_json() with "errors": [{"key", "message"}] beside "overridden", as the wasm module's
// rules() returns it.
std::string rules_document_json(const RuleSet& rules, const std::vector<RuleError>& errors);

// "确定" / "待核实" / "建议" for firm / uncertain / advice.
std::string_view confidence_zh(std::string_view confidence);

}  // namespace lanshou
