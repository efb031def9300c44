#pragma once
// The rule engine: where each order stands against PDD's clocks, what is wrong, and the fix path.
// Decisions are codes and numbers; Chinese text is built from them where it is shown (report.cpp).
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
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
  // Uploaded, the pickup window passed, and nothing pasted could show a pickup (no trace, no
  // 揽收时间 column): not known to be late. Last, so the other codes keep their numbers.
  kPickupUnverified,
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
  kPromiseMissed,       // the promise (承诺发货时间) passed before the pickup: 延迟发货
  kComplaintRisk,       // unshipped past the complaint hours: the buyer may complain
  kFirstScanLate,       // no scan after the pickup within its hours (due soon or overdue)
  kFinalLegLate,        // not out for delivery after leaving the 分拨中心 (due soon or overdue)
  kSignForLate,         // out for delivery, not signed in time: 派签超时 (due soon or overdue)
  kTrackingUnverified,  // info: a shape lanshou does not know for the courier; nothing to change
  kFactsConflict,       // two sources of one order disagree (two couriers, two pickup times)
  kCount
};
// The compact result carries each order's findings as bits of a 32-bit word.
static_assert(static_cast<unsigned>(FindingCode::kCount) <= 32, "widen CompactResult::findings");
std::string_view to_string(FindingCode c);
std::string_view finding_zh(FindingCode c);  // short Chinese name for tables: "发货晚了", ...

enum class Severity : std::uint8_t { kInfo, kWarning, kCritical };
std::string_view to_string(Severity s);  // "info" / "warning" / "critical"

// One value a finding refers to, by name: the facts behind its words (explain.h renders them).
struct Param {
  enum class Kind : std::uint8_t { kTime, kSeconds, kYuan, kCount, kText, kFlag };
  std::string_view name;  // static, e.g. "deadline"
  Kind kind = Kind::kText;
  std::string text;         // kText: what the input says, or a courier code
  std::int64_t number = 0;  // kTime (epoch seconds), kSeconds, kCount, kFlag (0 / 1)
  double yuan = 0;          // kYuan
};

struct Finding {
  FindingCode code;
  Severity severity;
  std::vector<Param> params;

  const Param* param(std::string_view name) const;
  Epoch number(std::string_view name) const;  // 0 when absent
  bool flag(std::string_view name) const { return number(name) != 0; }
  std::string_view text(std::string_view name) const;  // "" when absent
};

enum class FixCode : std::uint8_t {
  kNone,
  kModifyDirect,
  kNotifyNoteExtraPackage,
  kNotifyNoteOnly
};
std::string_view to_string(FixCode c);  // "modify_direct", ...
std::string_view fix_zh(FixCode c);     // "可直接改单号", ... ("" for kNone)

// The steps of a fix path are words: explain.h renders them from the code and the rule set.
struct FixPath {
  FixCode code = FixCode::kNone;
  MaybeEpoch until;  // end of the path open now
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

// The steps of the explanation, in order: each becomes one line of words (explain.h). The engine
// records which steps it took; the values they show are the decision's own times and findings.
enum class Note : std::uint8_t {
  kShipOnTime,            // shipped before the ship deadline
  kShipLate,              // shipped after it
  kForeignTrace,          // the trace starts before the payment: not this order's
  kDeliveredAt,           // signed at a time
  kDeliveredByWord,       // the status word says signed
  kReturned,              // the trace shows a return
  kReturnedAdvice,        // what to do about it
  kProblem,               // the latest event is a problem
  kProblemAdvice,         // what to do about it
  kPickedUpInTime,        // pickup clock met
  kPickedUpLate,          // pickup clock missed, then picked up
  kPickupLateRisk,        // the compensation of a late pickup
  kAppeal,                // the appeal path
  kPickupClock,           // waiting for the pickup, against its deadline
  kNoPickupNoTrace,       // no trace pasted
  kNoPickupInTrace,       // a trace without a pickup
  kPickupDueSoon,         // hurry
  kPickupOverdueRisk,     // overdue: fake shipment risk
  kPickupUnverified,      // the window passed, nothing pasted shows the pickup: check it
  kUnpaid,                // not paid yet
  kShipClock,             // waiting for the shipment, against its deadline
  kUploadAdvice,          // do not upload numbers early
  kShipDueSoon,           // hurry
  kShipOverdueSuspended,  // overdue within a penalty suspension
  kShipOverdueRisk,       // overdue: late shipment compensation
  kDontUploadEarly,       // overdue: still, no number before the courier can collect
  kClosed,                // the order is closed
  kIncomplete,            // a needed time is missing (Trail::why)
  kPickupAfterLate,       // delivered/returned/problem, but picked up late
  kPickupAfterMissing,    // a problem and never picked up
  kFixDirect,             // the number can still be changed directly
  kFixExtraPackage,       // chat, note and an extra package
  kFixNoteOnly,           // chat and note only
  kPromiseCoversPickup,   // the promise is 发货及揽收: met by the pickup, not the upload
  kPromisePending,        // uploaded, waiting for the pickup before the promise
  kPromiseMet,            // picked up before the promise
  kPromiseMissed,         // the pickup (or the upload) came after the promise
  kPromiseUnknown,        // no pickup time to hold against the promise
  kComplaintClock,        // unshipped: when the buyer may complain
  kStageClock,            // the trace's running stage clock (Decision::clocks)
  kShipHold,              // an order tag holds the shipment: no ship clock
  kOrderTags,             // order tags that only annotate (rule data order_tags)
};

// PDD's clocks on an order. kShip is the promise (承诺发货时间); kPickup the fake-shipment window
// after the upload; kFirstScan .. kSignFor the trace's stages after the pickup; kComplaint the
// unshipped hours after which the buyer may complain.
enum class ClockKind : std::uint8_t {
  kShip,
  kPickup,
  kFirstScan,
  kTransit,
  kFinalLeg,
  kSignFor,
  kComplaint
};
std::string_view to_string(ClockKind k);  // "ship", "pickup", "first_scan", ...

enum class ClockState : std::uint8_t {
  kRunning,  // not met, deadline ahead
  kMet,      // met in time
  kMetLate,  // met after its deadline
  kMissed,   // deadline passed, not met
  kPaused    // not counting (an order tag, a penalty suspension)
};
std::string_view to_string(ClockState s);  // "running", "met", "met_late", "missed", "paused"

struct Clock {
  ClockKind kind = ClockKind::kShip;
  ClockState state = ClockState::kRunning;
  Epoch start = 0;
  Epoch deadline = 0;
  MaybeEpoch met_at;
};

// Why an order is incomplete.
enum class Missing : std::uint8_t {
  kNone,
  kShippedForPickup,    // picked up, no ship time
  kShippedForStatus,    // the status says shipped, no ship time
  kShippedForNumber,    // a number, no ship time
  kShipDeadlineInputs,  // no promise, group or payment time
};

// How the ship deadline was reached.
enum class ShipBasis : std::uint8_t {
  kNone,
  kColumn,   // the promise column (承诺发货时间, the API's last_ship_time)
  kGrouped,  // the group time + the promise hours
  kPaid,     // the payment time + the promise hours
  kPreSale,  // a pre-sale order's ship time (pre_sale_time)
  kSameDay   // 当日发货及揽收: the day of the group time, or the next after the cut-off hour
};

// Where a trace's final leg ends, by the rule data's province and city names.
enum class Region : std::uint8_t { kOrdinary, kRemote, kVeryRemote };
// "very_remote", "remote" or "" (ordinary): the words of the final_leg_late finding's params.
inline std::string_view to_string(Region r) {
  return r == Region::kVeryRemote ? "very_remote" : r == Region::kRemote ? "remote" : "";
}

// The facts the explanation needs besides the decision's times and findings.
struct Trail {
  static constexpr std::size_t kMaxNotes = 12;
  std::array<Note, kMaxNotes> notes{};
  std::uint8_t count = 0;
  ShipBasis ship_basis = ShipBasis::kNone;
  Missing missing = Missing::kNone;
  bool promised_unreadable = false;   // the promise column held something unreadable
  bool pickup_from_trace = false;     // the pickup time came from the trace
  bool pickup_inferred = false;       // ... from an event after the pickup
  bool number_wrong = false;          // a finding says the uploaded number is wrong
  Region region = Region::kOrdinary;  // the final leg's destination
  std::int16_t suspension = -1;       // RuleSet::suspensions index the ship deadline falls in
  MaybeEpoch default_ship_by;         // the group (or payment) time + the promise hours
  MaybeEpoch foreign_trace_start;     // set when the trace predates the payment
  std::uint32_t tags = 0;             // bit i: RuleSet::order_tags[i] applies to the order

  void add(Note n) {
    if (count < kMaxNotes) notes[count++] = n;
  }
  bool has(Note n) const {
    for (std::size_t i = 0; i < count; ++i) {
      if (notes[i] == n) return true;
    }
    return false;
  }
};

// The members are ordered so that the small ones fill what alignment would leave empty: every
// order keeps its decision for the whole session (issue 17 counts the memory per order).
struct Decision {
  static constexpr std::size_t kMaxClocks = 4;
  const RawOrder* raw = nullptr;
  std::string_view order_sn;  // a view into the record (the input outlives the decision)
  std::string tracking_no;    // normalised, or as written when it cannot be
  CourierView courier;
  OrderTimes times;
  MaybeEpoch deadline;
  std::vector<Finding> findings;
  Status status = Status::kIncomplete;
  std::uint8_t clock_count = 0;  // clocks in use
  FixPath fix;
  double risk_yuan = 0;  // compensation the merchant may pay on this order
  Trail trail;

  // The clocks that apply, in the order the engine met them; `deadline` is the earliest of those
  // not yet met and not yet passed (or the last one passed, for the overdue statuses). Kept a
  // column per field (104 bytes for four instead of 128).
  Clock clock_at(std::size_t i) const {
    return {clock_kind_[i], clock_state_[i], clock_start_[i], clock_deadline_[i], clock_met_[i]};
  }
  void set_clock(std::size_t i, const Clock& c) {
    clock_kind_[i] = c.kind;
    clock_state_[i] = c.state;
    clock_start_[i] = c.start;
    clock_deadline_[i] = c.deadline;
    clock_met_[i] = c.met_at;
  }
  // The first clock of a kind, if it applies.
  std::optional<Clock> clock(ClockKind k) const {
    for (std::size_t i = 0; i < clock_count; ++i) {
      if (clock_kind_[i] == k) return clock_at(i);
    }
    return std::nullopt;
  }

 private:
  std::array<Epoch, kMaxClocks> clock_start_{}, clock_deadline_{};
  std::array<MaybeEpoch, kMaxClocks> clock_met_{};
  std::array<ClockKind, kMaxClocks> clock_kind_{};
  std::array<ClockState, kMaxClocks> clock_state_{};
};

// A value the engine could not use, as facts: explain.h writes the message.
struct EngineError {
  std::uint32_t line = 0;
  std::string field;       // the column or label as written
  std::string code;        // time_bad_format, time_out_of_range, missing_time
  std::string_view value;  // the unreadable value (a view into the input), time errors
  TimeStatus time_status = TimeStatus::kOk;
  Missing missing = Missing::kNone;  // missing_time
};

// Decides every order. Cross-order findings (duplicate numbers) are applied here too.
// `threads` (native builds) decides that many ranges of orders at once; the result is the same.
// The orders' facts (order tags, pre-sale times) come from input.facts_of(record).
std::vector<Decision> decide_all(const ParsedInput& input, const RuleSet& rules, Epoch now,
                                 std::vector<EngineError>* errors, unsigned threads = 1);

// decide_all a batch at a time, for a writer that never holds every decision (the CLI's streamed
// document: 360 bytes and more per order). The duplicate numbers are found from the records
// first; each batch's decisions are then decide_all's for those orders, byte for byte, and its
// engine errors come in decide_all's order.
class BatchDecider {
 public:
  BatchDecider(const ParsedInput& input, const RuleSet& rules, Epoch now);
  ~BatchDecider();
  BatchDecider(const BatchDecider&) = delete;
  BatchDecider& operator=(const BatchDecider&) = delete;
  // Decides input.orders [begin, end) into *out (out[k] is order begin + k), on up to `threads`
  // threads, each range of the batch on its thread; then `then(range, from, to)`, if given, runs
  // on the same thread for the range's decisions out[from, to) (e.g. writes them); ranges are
  // numbered from 0 in order, fewer than `threads` (at least one).
  void decide(std::size_t begin, std::size_t end, std::vector<Decision>* out,
              std::vector<EngineError>* errors, unsigned threads,
              const std::function<void(std::size_t, std::size_t, std::size_t)>& then = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A finding that says the uploaded number itself is wrong (the wording module uses the same set).
bool says_number_wrong(FindingCode c);

// A finding that is only a possibility, nothing shown to be wrong: a promise missed only for want
// of a pickup record (unverified), one buyer's combined shipment (same_buyer). Its message says so;
// the result marks it "possible", the page's columns leave it out, wording writes nothing for it.
bool is_possibility(const Finding& f);

// A finding about the trace's stage clocks (due soon or passed).
inline bool is_stage_finding(FindingCode c) {
  return c == FindingCode::kFirstScanLate || c == FindingCode::kTraceStale ||
         c == FindingCode::kFinalLegLate || c == FindingCode::kSignForLate;
}

}  // namespace lanshou
