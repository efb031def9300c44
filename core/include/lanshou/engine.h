#pragma once
// The rule engine: where each order stands against PDD's clocks, what is wrong, and the fix path.
// Decisions are codes and numbers; Chinese text is built from them where it is shown (report.cpp).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lanshou/courier.h"
#include "lanshou/input.h"
#include "lanshou/rules.h"
#include "lanshou/time.h"

namespace lanshou {

enum class Status : std::uint8_t {
  kAwaitingShipment,
  kShipDueSoon,
  kShipOverdue,
  kAwaitingPickup,
  kPickupDueSoon,
  kPickupOverdue,
  kPickedUp,
  kPickedUpLate,
  kDelivered,
  kReturned,
  kException,
  kClosed,
  kIncomplete,
  kCount
};
constexpr std::size_t kStatusCount = static_cast<std::size_t>(Status::kCount);
std::string_view to_string(Status s);  // "awaiting_shipment", ...
std::string_view status_zh(Status s);  // "待发货", ...
bool has_clock(Status s);              // the six statuses with a deadline

enum class FindingCode : std::uint8_t {
  kShippedLate,
  kCourierMismatch,
  kCourierUnknown,
  kTrackingInvalid,
  kTrackingDuplicate,
  kOrderSnInvalid,
  kOrderDateMismatch,
  kTraceBeforePayment,
  kTraceStale,
  kPenaltySuspended,
  kFactsConflict,  // two sources of one order disagree (two couriers, two pickup times)
  kCount
};
std::string_view to_string(FindingCode c);
std::string_view finding_zh(FindingCode c);  // short Chinese name for tables: "发货晚了", ...

enum class Severity : std::uint8_t { kInfo, kWarning, kCritical };
std::string_view to_string(Severity s);  // "info" / "warning" / "critical"

struct Finding {
  FindingCode code;
  Severity severity;
  std::string message;  // Chinese, with the order's own facts
};

enum class FixCode : std::uint8_t {
  kNone,
  kModifyDirect,
  kNotifyNoteExtraPackage,
  kNotifyNoteOnly
};
std::string_view to_string(FixCode c);  // "modify_direct", ...
std::string_view fix_zh(FixCode c);     // "可直接改单号", ... ("" for kNone)

struct FixStep {
  std::string_view code;   // stable, e.g. "chat_buyer"
  std::string_view title;  // Chinese
  std::string_view menu;   // the backend menu path: a view into the RuleSet the order was decided
                           // with, which must outlive the decision
  std::string detail;
};

struct FixPath {
  FixCode code = FixCode::kNone;
  MaybeEpoch until;  // end of the path open now
  std::vector<FixStep> steps;
};

struct OrderTimes {
  MaybeEpoch paid, grouped, promised_ship_by, shipped, picked_up, delivered;
};

struct CourierView {
  const Courier* resolved = nullptr;  // what the row says, or the best detection without one
  std::string_view declared;          // as written
  std::vector<CourierMatch> candidates;
  // The name shown for the courier: lanshou's name for it, or as written when it is unknown.
  std::string_view shown() const {
    return resolved != nullptr ? std::string_view(resolved->name) : declared;
  }
};

struct Decision {
  const RawOrder* raw = nullptr;
  std::string_view order_sn;  // a view into the record (the input outlives the decision)
  std::string tracking_no;    // normalised, or as written when it cannot be
  CourierView courier;
  OrderTimes times;
  Status status = Status::kIncomplete;
  MaybeEpoch deadline;
  std::vector<Finding> findings;
  FixPath fix;
  std::vector<std::string> explain;
  double risk_yuan = 0;  // compensation the merchant may pay on this order
  std::string action;    // the next step in a few Chinese words, for the clock statuses
};

struct EngineError {
  std::uint32_t line;
  std::string field;
  std::string code;
  std::string message;
};

// Decides every order. Cross-order findings (duplicate numbers) are applied here too.
// With text = false only codes, times, amounts and errors are decided: explain, finding messages,
// action and fix steps stay empty (the compact path formats them per order with decide_text).
// `threads` (native builds) decides that many ranges of orders at once; the result is the same.
std::vector<Decision> decide_all(const std::vector<RawOrder>& orders, const RuleSet& rules,
                                 Epoch now, std::vector<EngineError>* errors, bool text = true,
                                 unsigned threads = 1);

// The tracking_duplicate message of each number used by two or more orders (by the finding),
// made once per number: decide_text's lookup, instead of a scan of all orders or of the number's
// orders per order (10,000 rows on one placeholder number must not cost 10,000 squared).
using DuplicateIndex = std::unordered_map<std::string_view, std::string>;
DuplicateIndex index_duplicates(const std::vector<Decision>& all);

// Order i of decisions made with text = false, decided again with all its text: identical to
// decide_all(..., true)[i]. `all` must be the whole run (duplicate numbers are cross-order);
// `dups`, index_duplicates(all), saves a scan of all orders per duplicate (null: scan).
Decision decide_text(const std::vector<Decision>& all, std::size_t i, const RuleSet& rules,
                     Epoch now, const DuplicateIndex* dups = nullptr);

}  // namespace lanshou
