#include "lanshou/engine.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <initializer_list>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

#include "lanshou/join.h"
#include "lanshou/text.h"
#include "lanshou/trace.h"
#include "lanshou/tracking_verdict.h"
#include "lanshou/vocabulary.h"
#include "parallel.h"

namespace lanshou {
namespace {

std::string clip(std::string_view s, std::size_t max_bytes);

// A decision's tracking_no: the number normalised, or as written (clipped) when it cannot be.
std::string tracking_key(std::string_view raw, bool* bad) {
  std::string no = normalize_tracking_no(raw);
  *bad = no.empty();
  if (*bad) return clip(raw, 64);
  return no;
}

// Status words compare with ASCII and full-width commas alike: spreadsheets turn one into the
// other.
bool word_in(std::string_view word, const std::vector<std::string>& list) {
  word = trim(word);
  if (word.empty()) return false;
  if (word.find(',') == std::string_view::npos) {
    return std::find(list.begin(), list.end(), word) != list.end();
  }
  std::string w(word);
  for (std::size_t p = w.find(','); p != std::string::npos; p = w.find(',', p)) {
    w.replace(p, 1, "，");
  }
  return std::find(list.begin(), list.end(), w) != list.end();
}

bool order_sn_shape(std::string_view sn, int* date_digits) {
  const std::size_t dash = sn.find('-');
  if (dash == std::string_view::npos) return false;
  const std::string_view head = sn.substr(0, dash), tail = sn.substr(dash + 1);
  if (!is_all_digits(head) || !is_all_digits(tail)) return false;
  if (head.size() == 6 && tail.size() == 15) {
    *date_digits = 6;
    return true;
  }
  if (head.size() == 8 && tail.size() >= 9 && tail.size() <= 15) {
    *date_digits = 8;
    return true;
  }
  return false;
}

// At most max_bytes of what the merchant wrote, cut on a UTF-8 character boundary, "…" if cut: a
// number that is no number can be a whole pasted line.
std::string clip(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  std::size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "…";
}

Param time_param(std::string_view name, Epoch t) {
  return {name, Param::Kind::kTime, {}, t, 0};
}
Param seconds_param(std::string_view name, Epoch s) {
  return {name, Param::Kind::kSeconds, {}, s, 0};
}
Param yuan_param(std::string_view name, double v) {
  return {name, Param::Kind::kYuan, {}, 0, v};
}
Param count_param(std::string_view name, std::int64_t n) {
  return {name, Param::Kind::kCount, {}, n, 0};
}
Param flag_param(std::string_view name, bool v) {
  return {name, Param::Kind::kFlag, {}, v ? 1 : 0, 0};
}
Param text_param(std::string_view name, std::string_view v) {
  return {name, Param::Kind::kText, std::string(v), 0, 0};
}

// The courier column repeats a handful of spellings: each is looked up once per run.
class CourierNames {
 public:
  const Courier* find(std::string_view name) {
    for (std::size_t k = 0; k < used_; ++k) {
      if (entries_[k].name == name) return entries_[k].courier;
    }
    const Courier* c = CourierRegistry::builtin().find_by_name(name);
    Entry& e = used_ < entries_.size() ? entries_[used_++] : entries_[next_++ % entries_.size()];
    e = {name, c};
    return c;
  }

 private:
  struct Entry {
    std::string_view name;
    const Courier* courier = nullptr;
  };
  std::array<Entry, 16> entries_{};
  std::size_t used_ = 0, next_ = 0;
};

// The status column repeats a handful of words too: which lists each is in is worked out once per
// run (word_in compares against every word of four lists).
class StatusWords {
 public:
  enum : std::uint8_t { kClosed = 1, kDelivered = 2, kShipped = 4, kUnpaid = 8 };
  std::uint8_t lists(std::string_view word, const RuleSet& r) {
    for (std::size_t k = 0; k < used_; ++k) {
      if (entries_[k].word == word) return entries_[k].lists;
    }
    const std::uint8_t lists = (word_in(word, r.status_closed) ? kClosed : 0) |
                               (word_in(word, r.status_delivered) ? kDelivered : 0) |
                               (word_in(word, r.status_shipped) ? kShipped : 0) |
                               (word_in(word, r.status_unpaid) ? kUnpaid : 0);
    Entry& e = used_ < entries_.size() ? entries_[used_++] : entries_[next_++ % entries_.size()];
    e = {word, lists};
    return lists;
  }

 private:
  struct Entry {
    std::string_view word;
    std::uint8_t lists = 0;
  };
  std::array<Entry, 16> entries_{};
  std::size_t used_ = 0, next_ = 0;
};

// What one run's orders share: memos of the names and status words they repeat.
struct RunMemo {
  CourierNames names;
  StatusWords words;
};

// Decides one order: its status, clocks, findings, fix path and money at risk, as codes, times
// and amounts, and the steps it took (Trail) for the explanation. No words: see explain.h.
class OrderDecider {
 public:
  // Decides into `d` (a default-constructed decision, written in place).
  OrderDecider(const RawOrder& o, const OrderFacts* facts, const RuleSet& r, Epoch now,
               std::vector<EngineError>* errors, RunMemo* memo, Decision& d)
      : o_(o), order_facts_(facts), r_(r), now_(now), errors_(errors), memo_(memo), d_(d) {}

  void run() {
    d_.raw = &o_;
    d_.order_sn = o_.get(Field::kOrderSn);
    read_tags();
    read_times();
    read_courier();
    decide_status();
    if (annotated()) note(Note::kOrderTags);
    check_order_sn();
    check_courier();
    check_trace();
    check_conflicts();
    decide_fix_path();
  }

 private:
  void note(Note n) { d_.trail.add(n); }

  // Whether a tag that only annotates applies.
  bool annotated() const {
    for (std::size_t k = 0; k < r_.order_tags.size() && k < 32; ++k) {
      if ((d_.trail.tags >> k & 1U) != 0 &&
          r_.order_tags[k].effect == OrderTagRule::Effect::kAnnotate) {
        return true;
      }
    }
    return false;
  }

  // Records a clock with its state at now_: met (in time or late) by met_at, else running or
  // missed.
  void add_clock(ClockKind kind, Epoch start, Epoch deadline, MaybeEpoch met_at,
                 bool paused = false) {
    if (d_.clock_count >= Decision::kMaxClocks) return;
    Clock c;
    c.kind = kind;
    c.start = start;
    c.deadline = deadline;
    c.met_at = met_at;
    if (paused) {
      c.state = ClockState::kPaused;
    } else if (met_at) {
      c.state = *met_at <= deadline ? ClockState::kMet : ClockState::kMetLate;
    } else {
      c.state = now_ > deadline ? ClockState::kMissed : ClockState::kRunning;
    }
    d_.set_clock(d_.clock_count++, c);
  }

  void add(FindingCode code, Severity severity, std::vector<Param> params) {
    d_.findings.push_back({code, severity, std::move(params)});
  }

  // --- Reading -----------------------------------------------------------------------------

  std::optional<Epoch> read_time(Field f) {
    const std::string_view v = o_.get(f);
    if (v.empty()) return std::nullopt;
    const TimeParse p = parse_time_near(v, now_);  // a year-less MM-DD takes now's year
    if (p.ok()) return p.epoch;
    unreadable_[static_cast<std::size_t>(f)] = true;
    EngineError e;
    e.line = o_.line_of(f);  // a block's field has its own line
    e.field = std::string(o_.label(f));
    e.code = p.status == TimeStatus::kOutOfRange ? "time_out_of_range" : "time_bad_format";
    e.value = v;
    e.time_status = p.status;
    errors_->push_back(std::move(e));
    return std::nullopt;
  }

  bool unreadable(Field f) const { return unreadable_[static_cast<std::size_t>(f)]; }

  // The order's tags (PDD order JSON's order_tag_list, delivery_one_day, risk_control_status) and
  // what the rule data says each does to the clocks.
  void read_tags() {
    if (order_facts_ == nullptr) return;
    const OrderFacts& f = *order_facts_;
    const auto apply = [this](std::size_t k) {
      d_.trail.tags |= std::uint32_t{1} << k;
      switch (r_.order_tags[k].effect) {
        case OrderTagRule::Effect::kHold:
          hold_ = true;
          break;
        case OrderTagRule::Effect::kSameDay:
          same_day_ = true;
          break;
        case OrderTagRule::Effect::kNoSuspension:
          no_suspension_ = true;
          break;
        case OrderTagRule::Effect::kAnnotate:
          break;
      }
    };
    for (std::size_t k = 0; k < r_.order_tags.size() && k < 32; ++k) {
      const std::string& tag = r_.order_tags[k].tag;
      const bool flagged = std::find(f.tags.begin(), f.tags.end(), tag) != f.tags.end() ||
                           (tag == "delivery_one_day" && f.delivery_one_day == 1) ||
                           (tag == "risk_control" && f.risk_control_status == 1);
      if (flagged) apply(k);
    }
  }

  void read_times() {
    OrderTimes& t = d_.times;
    t.paid = read_time(Field::kPaid);
    t.grouped = read_time(Field::kGrouped);
    const std::optional<Epoch> promised = read_time(Field::kPromised);
    t.shipped = read_time(Field::kShipped);
    t.picked_up = read_time(Field::kPickedUp);
    t.delivered = read_time(Field::kDelivered);
    facts_ = summarize(o_.events);
    // A trace that starts before the order was paid belongs to another parcel (a reused number):
    // none of its pickups, signatures or problems are this order's. Only its first event is kept,
    // for the trace_before_payment finding.
    const std::optional<Epoch> start = t.paid ? t.paid : t.grouped;
    if (facts_.first_event && start && *facts_.first_event < *start) {
      d_.trail.foreign_trace_start = facts_.first_event;
      facts_ = TraceFacts{};
    }
    if (!t.picked_up && facts_.pickup) {
      t.picked_up = facts_.pickup;
      d_.trail.pickup_from_trace = true;
      d_.trail.pickup_inferred = facts_.pickup_inferred;
    }
    if (!t.delivered && facts_.signed_at) t.delivered = facts_.signed_at;
    const std::optional<Epoch> base = t.grouped ? t.grouped : t.paid;
    if (base) d_.trail.default_ship_by = *base + r_.ship_promise;
    t.promised_ship_by = promised ? MaybeEpoch(promised) : d_.trail.default_ship_by;
    d_.trail.promised_unreadable = unreadable(Field::kPromised);
    if (promised) {
      d_.trail.ship_basis = ShipBasis::kColumn;
    } else if (order_facts_ != nullptr && order_facts_->pre_sale_time &&
               order_facts_->is_pre_sale != 0) {
      // A pre-sale order without its own promise ships by its pre-sale time. An order that says it
      // is no pre-sale (is_pre_sale 0) keeps the usual promise even when a pre_sale_time is sent
      // (the back office fills it for ordinary orders too); with no is_pre_sale at all the time is
      // trusted, so a real pre-sale order is never reported late by the 48 h default.
      t.promised_ship_by = order_facts_->pre_sale_time;
      d_.trail.ship_basis = ShipBasis::kPreSale;
    } else if (base && same_day_) {
      t.promised_ship_by = same_day_deadline(*base);
      d_.trail.ship_basis = ShipBasis::kSameDay;
    } else if (base) {
      d_.trail.ship_basis = t.grouped ? ShipBasis::kGrouped : ShipBasis::kPaid;
    }
  }

  // 当日发货及揽收: grouped before the cut-off hour, the end of that day (Beijing); after it, the
  // end of the next day.
  Epoch same_day_deadline(Epoch grouped) const {
    const Epoch local = grouped + kBeijingOffsetSeconds;
    const Epoch midnight = local - (((local % 86400) + 86400) % 86400) - kBeijingOffsetSeconds;
    const Epoch cutoff = midnight + Epoch{r_.same_day_cutoff_hour} * 3600;
    return midnight + (grouped < cutoff ? 86400 : 2 * 86400) - 1;
  }

  void read_courier() {
    const std::string_view raw_no = o_.get(Field::kTrackingNo);
    const CourierRegistry& reg = CourierRegistry::builtin();
    if (!raw_no.empty()) {
      d_.tracking_no = tracking_key(raw_no, &bad_number_);
      if (!bad_number_) {
        d_.courier.candidates = reg.detect(d_.tracking_no);
      }
    }
    d_.courier.declared = o_.get(Field::kCourier);
    if (!d_.courier.declared.empty()) {
      d_.courier.resolved = memo_->names.find(d_.courier.declared);
    } else if (!d_.courier.candidates.empty()) {
      d_.courier.resolved = d_.courier.candidates.front().courier;
    }
  }

  // --- Status ------------------------------------------------------------------------------

  // Sets a clock status from the deadline: overdue past it, due soon within the warning window.
  void clock(Epoch deadline, Status waiting, Status soon, Status overdue) {
    d_.deadline = deadline;
    const Epoch left = deadline - now_;
    d_.status = left < 0 ? overdue : (left <= r_.due_soon ? soon : waiting);
  }

  // The row cannot be decided: a needed time is missing. An unreadable value already has its error.
  void incomplete(Field f, std::initializer_list<Field> needed, Missing why) {
    d_.status = Status::kIncomplete;
    d_.trail.missing = why;
    note(Note::kIncomplete);
    for (Field n : needed) {
      if (unreadable(n)) return;
    }
    EngineError e;
    e.line = o_.line_of(f);  // the record's line when the field has no value
    e.field = std::string(o_.label(f));
    e.code = "missing_time";
    e.missing = why;
    errors_->push_back(std::move(e));
  }

  void decide_status() {
    const OrderTimes& t = d_.times;
    const std::uint8_t word = memo_->words.lists(trim(o_.get(Field::kStatus)), r_);
    if ((word & StatusWords::kClosed) != 0) {
      // Closed orders have no clock left to watch: no deadline lines, no money at risk.
      d_.status = Status::kClosed;
      note(Note::kClosed);
      return;
    }
    promise();
    if (d_.trail.foreign_trace_start) note(Note::kForeignTrace);
    if ((word & StatusWords::kDelivered) != 0 || t.delivered) {
      d_.status = Status::kDelivered;
      note(t.delivered ? Note::kDeliveredAt : Note::kDeliveredByWord);
      pickup_after_the_fact();
    } else if (facts_.returned) {
      d_.status = Status::kReturned;
      note(Note::kReturned);
      pickup_after_the_fact();
      note(Note::kReturnedAdvice);
    } else if (facts_.latest_class == EventClass::kProblem) {
      d_.status = Status::kException;
      note(Note::kProblem);
      pickup_after_the_fact();
      note(Note::kProblemAdvice);
    } else if (t.picked_up) {
      if (!t.shipped) {
        incomplete(Field::kShipped, {Field::kShipped}, Missing::kShippedForPickup);
        return;
      }
      const Epoch deadline = *t.shipped + r_.pickup_window;
      add_clock(ClockKind::kPickup, *t.shipped, deadline, t.picked_up);
      const bool late = *t.picked_up > deadline;
      d_.status = late ? Status::kPickedUpLate : Status::kPickedUp;
      note(late ? Note::kPickedUpLate : Note::kPickedUpInTime);
      if (late) {
        d_.risk_yuan += r_.fake_ship_compensation;
        note(Note::kPickupLateRisk);
        note(Note::kAppeal);
      }
    } else if (t.shipped || !d_.tracking_no.empty() || (word & StatusWords::kShipped) != 0) {
      if (!t.shipped) {
        incomplete(
            Field::kShipped, {Field::kShipped},
            d_.tracking_no.empty() ? Missing::kShippedForStatus : Missing::kShippedForNumber);
        return;
      }
      const Epoch pickup_deadline = *t.shipped + r_.pickup_window;
      add_clock(ClockKind::kPickup, *t.shipped, pickup_deadline, std::nullopt);
      // The earliest clock not yet met and not yet passed: the promise, when the pickup must meet
      // it and it comes first; else the fake-shipment window (overdue once that has passed).
      Epoch deadline = pickup_deadline;
      if (promise_pending_ && *t.promised_ship_by < pickup_deadline) deadline = *t.promised_ship_by;
      clock(deadline, Status::kAwaitingPickup, Status::kPickupDueSoon, Status::kPickupOverdue);
      note(Note::kPickupClock);
      if (o_.events.empty()) {
        note(Note::kNoPickupNoTrace);
      } else if (!d_.trail.foreign_trace_start) {
        note(Note::kNoPickupInTrace);
      }
      if (d_.status == Status::kPickupDueSoon) {
        note(Note::kPickupDueSoon);
      } else if (d_.status == Status::kPickupOverdue && !pickup_observable()) {
        // Nothing pasted could show the pickup: most such parcels were collected (a real export
        // had 923 of them, all in transit). Say what to check, count no money.
        d_.status = Status::kPickupUnverified;
        note(Note::kPickupUnverified);
      } else if (d_.status == Status::kPickupOverdue) {
        d_.risk_yuan += r_.fake_ship_compensation;
        note(Note::kPickupOverdueRisk);
        note(Note::kAppeal);
      }
    } else if ((word & StatusWords::kUnpaid) != 0) {
      d_.status = Status::kIncomplete;
      note(Note::kUnpaid);
    } else if (hold_) {
      // The platform holds the shipment: no ship clock runs, nothing is late, nothing to upload.
      d_.status = Status::kAwaitingShipment;
      note(Note::kShipHold);
    } else if (t.promised_ship_by) {
      const Epoch deadline = *t.promised_ship_by;
      const std::optional<Epoch> base = t.grouped ? t.grouped : t.paid;
      add_clock(ClockKind::kShip, base.value_or(deadline), deadline, std::nullopt);
      clock(deadline, Status::kAwaitingShipment, Status::kShipDueSoon, Status::kShipOverdue);
      note(Note::kShipClock);
      if (r_.promise_met_by_pickup) note(Note::kPromiseCoversPickup);
      switch (d_.status) {
        case Status::kAwaitingShipment:
          note(Note::kUploadAdvice);
          break;
        case Status::kShipDueSoon:
          note(Note::kShipDueSoon);
          note(Note::kUploadAdvice);
          break;
        default:
          if (suspended(deadline)) {
            note(Note::kShipOverdueSuspended);
          } else {
            d_.risk_yuan += r_.late_ship_compensation;
            note(Note::kShipOverdueRisk);
          }
          note(Note::kDontUploadEarly);
          break;
      }
      complaint_clock(deadline);
    } else {
      incomplete(Field::kPaid, {Field::kPromised, Field::kGrouped, Field::kPaid},
                 Missing::kShipDeadlineInputs);
    }
  }

  // Whether what was pasted about the order could show its pickup: a trace of its number (even one
  // that turns out to be another parcel's). Without one, "no pickup known" is no evidence: a
  // 揽收时间 column left empty is not either (lanshou's own CSV export writes that column).
  bool pickup_observable() const { return !o_.events.empty(); }

  // For shipped orders: the promise (承诺发货时间) against the upload or, when the promise is
  // 发货及揽收 (promise_met_by: pickup), against the pickup; the late-shipment finding.
  void promise() {
    const OrderTimes& t = d_.times;
    if (!t.shipped || !t.promised_ship_by) return;
    const Epoch deadline = *t.promised_ship_by;
    const std::optional<Epoch> base = t.grouped ? t.grouped : t.paid;
    const Epoch start = base.value_or(deadline);
    if (!r_.promise_met_by_pickup) {
      add_clock(ClockKind::kShip, start, deadline, t.shipped);
      if (*t.shipped <= deadline) {
        note(Note::kShipOnTime);
        return;
      }
      note(Note::kShipLate);
      const bool off = suspended(deadline);
      if (!off) d_.risk_yuan += r_.late_ship_compensation;
      add(FindingCode::kShippedLate, Severity::kWarning,
          {time_param("shipped", *t.shipped), time_param("deadline", deadline),
           seconds_param("late", *t.shipped - deadline), flag_param("suspended", off),
           yuan_param("compensation", r_.late_ship_compensation)});
      return;
    }
    // A pickup read from the trace's first later event is only an upper bound of the real one.
    const bool pickup_known =
        t.picked_up && !(d_.trail.pickup_from_trace && d_.trail.pickup_inferred);
    const bool finished =
        (memo_->words.lists(trim(o_.get(Field::kStatus)), r_) & StatusWords::kDelivered) != 0 ||
        t.delivered || facts_.returned || facts_.latest_class == EventClass::kProblem;
    MaybeEpoch late_by;  // when the promise was missed: the upload, the pickup or now
    if (*t.shipped > deadline) {
      late_by = pickup_known ? *t.picked_up : *t.shipped;
    } else if (pickup_known) {
      if (*t.picked_up > deadline) late_by = *t.picked_up;
    } else if (t.picked_up && *t.picked_up <= deadline) {
      // inferred, and no later than the promise: the pickup was in time
    } else if (finished || t.picked_up) {
      add_clock(ClockKind::kShip, start, deadline, std::nullopt, true);
      note(Note::kPromiseUnknown);
      return;
    } else if (now_ > deadline) {
      late_by = now_;
    } else {
      promise_pending_ = true;
      add_clock(ClockKind::kShip, start, deadline, std::nullopt);
      note(Note::kPromisePending);
      return;
    }
    if (!late_by) {
      add_clock(ClockKind::kShip, start, deadline, t.picked_up);
      note(Note::kPromiseMet);
      return;
    }
    add_clock(ClockKind::kShip, start, deadline, pickup_known ? t.picked_up : MaybeEpoch());
    note(Note::kPromiseMissed);
    const bool off = suspended(deadline);
    // Missed only because no pickup is known, and nothing pasted could show one: a possibility
    // (info), its money not counted.
    const bool unverified = !t.picked_up && *t.shipped <= deadline && !pickup_observable();
    if (!off && !unverified) d_.risk_yuan += r_.late_ship_compensation;
    std::vector<Param> params;
    params.reserve(pickup_known ? 7 : 6);
    params.push_back(time_param("deadline", deadline));
    params.push_back(time_param("shipped", *t.shipped));
    params.push_back(seconds_param("late", *late_by - deadline));
    params.push_back(flag_param("suspended", off));
    params.push_back(yuan_param("compensation", r_.late_ship_compensation));
    params.push_back(flag_param("unverified", unverified));
    if (pickup_known) params.push_back(time_param("picked_up", *t.picked_up));
    add(FindingCode::kPromiseMissed, unverified ? Severity::kInfo : Severity::kWarning,
        std::move(params));
  }

  // Unshipped: after complaint_unshipped hours the buyer may complain (paid amount × percent,
  // within the minimum and maximum), once the promise has passed too.
  void complaint_clock(Epoch promised) {
    const OrderTimes& t = d_.times;
    const std::optional<Epoch> base = t.grouped ? t.grouped : t.paid;
    if (!base || r_.complaint_unshipped <= 0) return;
    const Epoch deadline = *base + r_.complaint_unshipped;
    // During a penalty suspension the buyer's complaint is not counted either (lanshou's reading:
    // the same logistics disruption; a false alarm costs more than a miss).
    const bool off = suspension_at(promised) != nullptr;
    add_clock(ClockKind::kComplaint, *base, deadline, std::nullopt, off);
    if (off || now_ <= deadline || now_ <= promised) return;
    note(Note::kComplaintClock);
    const std::optional<double> paid = amount_paid();
    double amount = r_.complaint_min;
    if (paid) {
      amount = *paid * r_.complaint_percent / 100;
      amount = std::max(r_.complaint_min, std::min(r_.complaint_max, amount));
      amount = static_cast<double>(std::llround(amount * 100)) / 100;  // fen
    }
    d_.risk_yuan += amount;
    std::vector<Param> params;
    params.reserve(paid ? 4 : 3);
    params.push_back(time_param("deadline", deadline));
    params.push_back(seconds_param("since", now_ - deadline));
    params.push_back(yuan_param("compensation", amount));
    if (paid) params.push_back(yuan_param("paid", *paid));
    add(FindingCode::kComplaintRisk, Severity::kWarning, std::move(params));
  }

  // The amount the buyer paid (用户实付金额), when the row gives a plain number of yuan.
  std::optional<double> amount_paid() const {
    std::string_view v = trim(o_.get(Field::kAmount));
    for (const std::string_view sign : {"¥", "￥", "元"}) {
      if (v.substr(0, sign.size()) == sign) v.remove_prefix(sign.size());
      if (v.size() >= sign.size() && v.substr(v.size() - sign.size()) == sign) {
        v.remove_suffix(sign.size());
      }
    }
    v = trim(v);
    if (v.empty() || v.size() > 12) return std::nullopt;
    double value = 0, scale = 0;
    for (const char c : v) {
      if (c == '.' && scale == 0) {
        scale = 1;
      } else if (c >= '0' && c <= '9') {
        if (scale > 0) {
          scale /= 10;
          value += (c - '0') * scale;
        } else {
          value = value * 10 + (c - '0');
        }
      } else {
        return std::nullopt;
      }
    }
    return value;
  }

  // Delivered, returned or in trouble: a pickup that came late still counts against the merchant.
  void pickup_after_the_fact() {
    const OrderTimes& t = d_.times;
    if (!t.shipped) return;
    const Epoch deadline = *t.shipped + r_.pickup_window;
    if (t.picked_up && !(d_.trail.pickup_from_trace && d_.trail.pickup_inferred)) {
      if (*t.picked_up <= deadline) return;
      note(Note::kPickupAfterLate);
      d_.risk_yuan += r_.fake_ship_compensation;
    } else if (!t.picked_up && d_.status == Status::kException && now_ > deadline) {
      note(Note::kPickupAfterMissing);
      d_.risk_yuan += r_.fake_ship_compensation;
    }
  }

  // The penalty suspension the deadline falls in, or null.
  const Suspension* suspension_at(Epoch deadline) const {
    for (const auto& s : r_.suspensions) {
      if (applies(s, deadline)) return &s;
    }
    return nullptr;
  }

  // A penalty suspension covers the order when its deadline falls in the period and, for a
  // regional one, the receiver's region (or the merchant's sender_city, scope "sender") names one
  // of its cities. Not for an order tagged 不打烊 (no_suspension).
  bool applies(const Suspension& s, Epoch deadline) const {
    if (no_suspension_ || deadline < s.from || deadline > s.to) return false;
    if (s.cities.empty()) return true;
    const std::string_view where =
        s.sender ? std::string_view(r_.sender_city) : trim(o_.get(Field::kRegion));
    return !where.empty() && mentions_any(where, s.cities);
  }

  // Whether late-shipment penalties were suspended at the deadline; adds the finding once.
  bool suspended(Epoch deadline) {
    for (std::size_t k = 0; k < r_.suspensions.size(); ++k) {
      const Suspension& s = r_.suspensions[k];
      if (!applies(s, deadline)) continue;
      if (d_.trail.suspension < 0) {
        d_.trail.suspension = static_cast<std::int16_t>(k);
        add(FindingCode::kPenaltySuspended, Severity::kInfo,
            {time_param("deadline", deadline), time_param("from", s.from), time_param("to", s.to),
             text_param("label", s.label)});
      }
      return true;
    }
    return false;
  }

  // --- Checks on the numbers ---------------------------------------------------------------

  void check_order_sn() {
    const std::string_view sn = d_.order_sn;
    if (sn.empty()) return;
    int date_digits = 0;
    if (!order_sn_shape(sn, &date_digits)) {
      add(FindingCode::kOrderSnInvalid, Severity::kWarning, {text_param("order_sn", sn)});
      return;
    }
    const bool by_paid = d_.times.paid.has_value();
    const std::optional<Epoch> paid = by_paid ? d_.times.paid : d_.times.grouped;
    if (!paid) return;
    CivilTime c;
    const std::string_view digits = sn.substr(0, static_cast<std::size_t>(date_digits));
    const auto number = [&](std::size_t from, std::size_t n) {  // shape-checked ASCII digits
      int v = 0;
      for (std::size_t k = from; k < from + n; ++k) v = v * 10 + (digits[k] - '0');
      return v;
    };
    const auto dd = static_cast<std::size_t>(date_digits);
    const int yy = number(0, dd - 4);
    c.year = date_digits == 6 ? 2000 + yy : yy;
    c.month = number(dd - 4, 2);
    c.day = number(dd - 2, 2);
    const bool valid = is_valid_civil(c);
    const Epoch order_day = valid ? from_beijing(c) : 0;
    // Midnight (Beijing) of the day paid: Beijing has no daylight saving, days are 86,400 s.
    const Epoch paid_local = *paid + kBeijingOffsetSeconds;
    const Epoch paid_day =
        paid_local - (((paid_local % 86400) + 86400) % 86400) - kBeijingOffsetSeconds;
    // An order is paid the day it is placed, or the next day when placed just before midnight.
    if (!valid || order_day > paid_day || paid_day - order_day > 86400) {
      std::vector<Param> params;
      params.reserve(valid ? 5 : 4);
      params.push_back(text_param("date_digits", digits));
      params.push_back(flag_param("date_valid", valid));
      params.push_back(flag_param("by_paid", by_paid));
      params.push_back(time_param("paid", *paid));
      if (valid) params.push_back(time_param("order_day", order_day));
      add(FindingCode::kOrderDateMismatch, Severity::kWarning, std::move(params));
    }
  }

  void check_courier() {
    if (d_.tracking_no.empty()) return;
    const Courier* declared = d_.courier.declared.empty() ? nullptr : d_.courier.resolved;
    TrackingEvidence evidence;
    evidence.trace_events = o_.events.size();
    const TrackingVerdict v =
        judge_tracking_number(bad_number_ ? std::string_view() : d_.tracking_no, declared,
                              d_.order_sn, d_.courier.candidates, evidence);
    switch (v.kind) {
      case TrackingVerdictKind::kInvalid:
        add(FindingCode::kTrackingInvalid, Severity::kCritical,
            {text_param("number", d_.tracking_no), text_param("reason", to_string(v.reason))});
        return;
      case TrackingVerdictKind::kMismatch:
        add(FindingCode::kCourierMismatch, Severity::kCritical,
            {text_param("number", d_.tracking_no), text_param("courier", v.other->code),
             text_param("declared", declared->code), flag_param("sure", true)});
        return;
      case TrackingVerdictKind::kUnverified:
        add(FindingCode::kTrackingUnverified, Severity::kInfo,
            {text_param("number", d_.tracking_no), text_param("declared", declared->code)});
        return;
      case TrackingVerdictKind::kOk:
        break;
    }
    if (d_.courier.declared.empty()) {
      if (d_.courier.candidates.empty()) {
        add(FindingCode::kCourierUnknown, Severity::kWarning,
            {text_param("number", d_.tracking_no), text_param("reason", "no_courier_no_shape")});
      }
    } else if (declared == nullptr) {
      add(FindingCode::kCourierUnknown, Severity::kInfo,
          {text_param("declared", d_.courier.declared), text_param("reason", "not_listed")});
    }
  }

  void check_trace() {
    const OrderTimes& t = d_.times;
    const std::optional<Epoch> start = t.paid ? t.paid : t.grouped;
    if (d_.trail.foreign_trace_start) {
      add(FindingCode::kTraceBeforePayment, Severity::kCritical,
          {time_param("first_event", *d_.trail.foreign_trace_start), time_param("start", *start),
           flag_param("by_paid", t.paid.has_value())});
    }
    const bool moving = d_.status == Status::kPickedUp || d_.status == Status::kPickedUpLate;
    if (moving && !o_.events.empty() && t.picked_up && facts_.latest_at) {
      stages();
      note(Note::kStageClock);
    }
  }

  // The trace's stage clocks after the pickup (rule data: trace_*_hours, sign_for_hours): the next
  // scan after the pickup; then, for the latest events, out for delivery → signed (派签), after the
  // 分拨中心 → out for delivery (by the destination's remoteness), or simply the next update in
  // transit. Each is a finding while it is due soon (info) or passed (warning), with its deadline.
  void stages() {
    const Epoch pickup = *d_.times.picked_up;
    const auto& events = o_.events;
    MaybeEpoch next_scan;
    for (const auto& e : events) {
      if (e.at > pickup && e.cls != EventClass::kPickup) {
        next_scan = e.at;
        break;
      }
    }
    const Epoch first_deadline = pickup + r_.trace_first_scan;
    if (!next_scan) {
      stage(ClockKind::kFirstScan, FindingCode::kFirstScanLate, pickup, first_deadline, {});
      return;
    }
    add_clock(ClockKind::kFirstScan, pickup, first_deadline, next_scan);
    const TraceEvent& latest = events.back();
    if (latest.cls == EventClass::kDelivery) {
      stage(ClockKind::kSignFor, FindingCode::kSignForLate, latest.at, latest.at + r_.sign_for, {});
      return;
    }
    // The latest event at a distribution centre, with nothing out for delivery after it.
    const TraceEvent* hub = nullptr;
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
      if (it->cls == EventClass::kDelivery || it->cls == EventClass::kLocker) break;
      if (it->cls == EventClass::kTransit && at_hub(it->text)) {
        hub = &*it;
        break;
      }
    }
    // After a distribution centre the final leg's allowance (longer for remote areas) replaces
    // the plain wait for the next update.
    if (hub != nullptr) {
      // The receiver's region when the order names it, else where the centre is.
      const std::string_view receiver = trim(o_.get(Field::kRegion));
      const std::string_view region =
          !receiver.empty() ? remoteness(receiver) : remoteness(hub->text);
      d_.trail.region = region == "very_remote" ? Region::kVeryRemote
                        : region == "remote"    ? Region::kRemote
                                                : Region::kOrdinary;
      const Epoch hours = region == "very_remote" ? r_.trace_final_leg_very_remote
                          : region == "remote"    ? r_.trace_final_leg_remote
                                                  : r_.trace_final_leg;
      stage(ClockKind::kFinalLeg, FindingCode::kFinalLegLate, hub->at, hub->at + hours,
            {text_param("region", region), text_param("hub", hub->text)});
      return;
    }
    stage(ClockKind::kTransit, FindingCode::kTraceStale, *facts_.latest_at,
          *facts_.latest_at + r_.trace_stale, {});
  }

  // One stage clock, not yet met: running, or passed. Its finding while due soon or passed.
  void stage(ClockKind kind, FindingCode code, Epoch start, Epoch deadline,
             std::vector<Param> extra) {
    add_clock(kind, start, deadline, std::nullopt);
    const bool passed = now_ > deadline;
    if (!passed && deadline - now_ > r_.due_soon) return;
    std::vector<Param> params;
    params.reserve(5 + extra.size());
    params.push_back(time_param("start", start));
    params.push_back(time_param("deadline", deadline));
    params.push_back(seconds_param("hours", deadline - start));
    params.push_back(flag_param("overdue", passed));
    if (passed) params.push_back(seconds_param("since", now_ - start));
    for (auto& p : extra) params.push_back(std::move(p));
    add(code, passed ? Severity::kWarning : Severity::kInfo, std::move(params));
    // Due soon: the order joins the action queue with this deadline (its status keeps no clock).
    if (!passed) d_.deadline = deadline;
  }

  static bool mentions_any(std::string_view text, const std::vector<std::string>& words) {
    return std::any_of(words.begin(), words.end(), [&](const std::string& w) {
      return !w.empty() && text.find(w) != std::string_view::npos;
    });
  }

  // Whether an event happened at a distribution centre: its name is in the text, and no word of
  // heading there (发往, 下一站) comes before it.
  bool at_hub(std::string_view text) const {
    std::size_t first_hub = std::string_view::npos;
    for (const auto& w : r_.distribution_words) {
      if (!w.empty()) first_hub = std::min(first_hub, text.find(w));
    }
    if (first_hub == std::string_view::npos) return false;
    return std::none_of(r_.toward_words.begin(), r_.toward_words.end(), [&](const std::string& w) {
      const std::size_t at = w.empty() ? std::string_view::npos : text.find(w);
      return at != std::string_view::npos && at < first_hub;
    });
  }

  // "very_remote", "remote" or "" (ordinary) for a place (a region, a trace event's text), by the
  // province and city names of the rule data.
  std::string_view remoteness(std::string_view where) const {
    if (mentions_any(where, r_.very_remote_provinces)) return "very_remote";
    if (mentions_any(where, r_.remote_provinces)) return "remote";
    return "";
  }

  // Facts of the order's sources that disagree (lanshou/join.h), each naming both lines.
  void check_conflicts() {
    for (const FactConflict& c : o_.conflicts()) {
      add(FindingCode::kFactsConflict, Severity::kWarning,
          {text_param("field", o_.label(c.field)), text_param("kept", o_.view(c.kept)),
           count_param("kept_line", c.kept_line), text_param("other", o_.view(c.other)),
           count_param("other_line", c.other_line)});
    }
  }

  // --- Fix path ----------------------------------------------------------------------------

  void decide_fix_path() {
    if (!d_.times.shipped) return;
    // Closed, cancelled or refunded: no number to fix, and no path to offer (issue 16.6).
    if (d_.status == Status::kClosed ||
        o_.get(Field::kAfterSale).find("退款成功") != std::string_view::npos) {
      return;
    }
    const Epoch shipped = *d_.times.shipped;
    FixPath& f = d_.fix;
    const Epoch direct_until = shipped + r_.direct_change;
    const Epoch extra_until = shipped + r_.extra_package;
    // Signed: the number did its job; the path stays in the data.
    const bool say = d_.status != Status::kDelivered;
    if (now_ <= direct_until) {
      f.code = FixCode::kModifyDirect;
      f.until = direct_until;
      if (say) note(Note::kFixDirect);
    } else if (now_ <= extra_until) {
      f.code = FixCode::kNotifyNoteExtraPackage;
      f.until = extra_until;
      if (say) note(Note::kFixExtraPackage);
    } else {
      f.code = FixCode::kNotifyNoteOnly;
      if (say) note(Note::kFixNoteOnly);
    }
  }

  const RawOrder& o_;
  const OrderFacts* order_facts_;  // PDD order JSON's codes and tags, or null
  const RuleSet& r_;
  const Epoch now_;
  std::vector<EngineError>* errors_;
  RunMemo* memo_;  // what the run's orders share
  Decision& d_;
  TraceFacts facts_;
  std::array<bool, kFieldCount> unreadable_{};
  bool bad_number_ = false;
  bool promise_pending_ = false;  // uploaded, not picked up, the promise still ahead
  bool hold_ = false;             // an order tag holds the shipment
  bool same_day_ = false;         // 当日发货及揽收
  bool no_suspension_ = false;    // penalty suspensions do not apply (不打烊)
};

bool counts_for_duplicates(const Decision& d) {
  return !d.tracking_no.empty() && !d.order_sn.empty();
}

// The same number on several orders: each of them gets the finding, which names how many orders
// share it and the first five. The numbers are indexed in one open-addressing table of order
// indexes (no allocation per number: in wasm a hash map's node per order cost more than the
// rest), the orders on a number chained in input order; the params are made once per number
// (20,000 rows on one placeholder number must not cost 20,000 squared).
//
// Orders whose numbers end in the same `same_buyer_digits` digits are taken for one buyer's
// combined shipment (合并发货): the finding is then info, flagged same_buyer, and says nothing is
// wrong with the number (a real export showed every shared number so; rules
// "duplicate_same_buyer_digits").
bool same_buyer(const std::vector<std::string_view>& orders, int digits) {
  if (digits <= 0) return false;
  const auto n = static_cast<std::size_t>(digits);
  const auto tail = [n](std::string_view sn) {
    return sn.size() > n ? sn.substr(sn.size() - n) : std::string_view();
  };
  const std::string_view first = tail(orders.front());
  if (first.empty() ||
      !std::all_of(first.begin(), first.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  return std::all_of(orders.begin(), orders.end(),
                     [&](std::string_view sn) { return tail(sn) == first; });
}

// `number(i)` and `sn(i)` are order i's normalised number and order number (an empty number: the
// order does not count); `mark(i, head, severity, params)` is called for every order on a shared
// number, in input order: head is the group's first order, severity and params the finding's
// (the same for the group).
template <typename Number, typename Sn, typename Mark>
void find_duplicates(std::size_t n, int same_buyer_digits, const Number& number, const Sn& sn,
                     const Mark& mark) {
  constexpr auto kEnd = static_cast<std::uint32_t>(-1);
  std::size_t capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  std::vector<std::uint32_t> slot(capacity, kEnd);  // the first order on each number
  std::vector<std::uint32_t> next(n, kEnd), tail(n, kEnd);
  std::vector<std::uint32_t> heads;  // numbers on two or more orders
  const std::hash<std::string_view> hash;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view no = number(i);
    if (no.empty()) continue;
    std::size_t at = hash(no) & (capacity - 1);
    while (slot[at] != kEnd && number(slot[at]) != no) at = (at + 1) & (capacity - 1);
    const auto index = static_cast<std::uint32_t>(i);
    if (slot[at] == kEnd) {
      slot[at] = index;
      tail[i] = index;
      continue;
    }
    const std::uint32_t head = slot[at];
    if (tail[head] == head) heads.push_back(head);
    next[tail[head]] = index;
    tail[head] = index;
  }
  std::vector<std::string_view> orders;
  std::unordered_set<std::string_view> seen;
  for (const std::uint32_t head : heads) {
    // The orders on the number, in input order, without repeats.
    orders.clear();
    seen.clear();
    for (std::uint32_t k = head; k != kEnd; k = next[k]) {
      if (seen.insert(sn(k)).second) orders.push_back(sn(k));
    }
    if (orders.size() < 2) continue;
    const bool combined = same_buyer(orders, same_buyer_digits);
    std::vector<Param> params{text_param("number", number(head)),
                              count_param("orders", static_cast<std::int64_t>(orders.size())),
                              flag_param("same_buyer", combined)};
    for (std::size_t k = 0; k < orders.size() && k < 5; ++k) {
      params.push_back(text_param("order", orders[k]));
    }
    const Severity severity = combined ? Severity::kInfo : Severity::kCritical;
    for (std::uint32_t k = head; k != kEnd; k = next[k]) mark(k, head, severity, params);
  }
}

void mark_duplicates(std::vector<Decision>& decisions, int same_buyer_digits) {
  find_duplicates(
      decisions.size(), same_buyer_digits,
      [&](std::size_t i) {
        const Decision& d = decisions[i];
        return counts_for_duplicates(d) ? std::string_view(d.tracking_no) : std::string_view();
      },
      [&](std::size_t i) { return decisions[i].order_sn; },
      [&](std::size_t i, std::size_t, Severity severity, const std::vector<Param>& params) {
        decisions[i].findings.push_back({FindingCode::kTrackingDuplicate, severity, params});
      });
}

// When a finding says the number is wrong, the fix path is no longer an "if": the explanation and
// the next step say so (explain.h).
void apply_wrong_number(Decision& d) {
  if (d.fix.code == FixCode::kNone || d.status == Status::kDelivered ||
      d.status == Status::kClosed) {
    return;
  }
  d.trail.number_wrong = std::any_of(d.findings.begin(), d.findings.end(), [](const Finding& f) {
    return says_number_wrong(f.code) && !is_possibility(f);
  });
}

}  // namespace

const Param* Finding::param(std::string_view name) const {
  for (const auto& p : params) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

Epoch Finding::number(std::string_view name) const {
  const Param* p = param(name);
  return p != nullptr ? p->number : 0;
}

std::string_view Finding::text(std::string_view name) const {
  const Param* p = param(name);
  return p != nullptr ? std::string_view(p->text) : std::string_view();
}

bool is_possibility(const Finding& f) {
  return (f.code == FindingCode::kPromiseMissed && f.flag("unverified")) ||
         (f.code == FindingCode::kTrackingDuplicate && f.flag("same_buyer"));
}

bool says_number_wrong(FindingCode c) {
  return c == FindingCode::kCourierMismatch || c == FindingCode::kTrackingInvalid ||
         c == FindingCode::kTrackingDuplicate || c == FindingCode::kTraceBeforePayment;
}

namespace {
// The vocabulary's word for entry i of a list, "" past its end (a data file that lost an entry is
// caught by tests/core/vocabulary_test.cpp; the core never indexes out of the list).
std::string_view word(const std::vector<VocabularyEntry>& list, std::size_t i,
                      std::string VocabularyEntry::*member) {
  return i < list.size() ? std::string_view(list[i].*member) : std::string_view();
}
}  // namespace

std::string_view to_string(Status s) {
  return word(vocabulary().statuses, static_cast<std::size_t>(s), &VocabularyEntry::code);
}

std::string_view status_zh(Status s) {
  return word(vocabulary().statuses, static_cast<std::size_t>(s), &VocabularyEntry::zh);
}

bool has_clock(Status s) {
  return s <= Status::kPickupOverdue || s == Status::kPickupUnverified;
}

std::string_view to_string(FindingCode c) {
  return word(vocabulary().findings, static_cast<std::size_t>(c), &VocabularyEntry::code);
}

std::string_view finding_zh(FindingCode c) {
  return word(vocabulary().findings, static_cast<std::size_t>(c), &VocabularyEntry::zh);
}

std::string_view to_string(Severity s) {
  return word(vocabulary().severities, static_cast<std::size_t>(s), &VocabularyEntry::code);
}

std::string_view to_string(ClockKind k) {
  static constexpr std::array<std::string_view, 7> kNames = {
      "ship", "pickup", "first_scan", "transit", "final_leg", "sign_for", "complaint"};
  return kNames[static_cast<std::size_t>(k)];
}

std::string_view to_string(ClockState s) {
  static constexpr std::array<std::string_view, 5> kNames = {"running", "met", "met_late", "missed",
                                                             "paused"};
  return kNames[static_cast<std::size_t>(s)];
}

std::string_view to_string(FixCode c) {
  return word(vocabulary().fixes, static_cast<std::size_t>(c), &VocabularyEntry::code);
}

std::string_view fix_zh(FixCode c) {
  return word(vocabulary().fixes, static_cast<std::size_t>(c), &VocabularyEntry::zh);
}

std::vector<Decision> decide_all(const ParsedInput& input, const RuleSet& rules, Epoch now,
                                 std::vector<EngineError>* errors, unsigned threads) {
  const std::vector<RawOrder>& orders = input.orders;
  std::vector<Decision> out;
#ifndef __EMSCRIPTEN__
  // Orders are decided one by one (the cross-order steps come after), so ranges of them can be
  // decided at once, each with its own courier-name memo and errors, which are joined in order.
  const std::size_t ranges = parts_for(orders.size(), threads, kMinOrdersPerPart);
  if (ranges > 1) {
    out.resize(orders.size());
    std::vector<std::vector<EngineError>> range_errors(ranges);
    run_parts(ranges, [&](std::size_t r) {
      RunMemo memo;
      const std::size_t end = range_begin(orders.size(), ranges, r + 1);
      for (std::size_t i = range_begin(orders.size(), ranges, r); i < end; ++i) {
        OrderDecider(orders[i], input.facts_of(orders[i]), rules, now, &range_errors[r], &memo,
                     out[i])
            .run();
      }
    });
    for (auto& e : range_errors) {
      errors->insert(errors->end(), std::make_move_iterator(e.begin()),
                     std::make_move_iterator(e.end()));
    }
  }
#endif
  if (out.empty()) {
    out.reserve(orders.size());
    RunMemo memo;
    for (const auto& o : orders) {
      OrderDecider(o, input.facts_of(o), rules, now, errors, &memo, out.emplace_back()).run();
    }
  }
  (void)threads;  // wasm: one thread
  mark_duplicates(out, rules.duplicate_same_buyer_digits);
  for (auto& d : out) apply_wrong_number(d);
  return out;
}

struct BatchDecider::Impl {
  Impl(const ParsedInput& in, const RuleSet& r, Epoch t) : input(in), rules(r), now(t) {}
  const ParsedInput& input;
  const RuleSet& rules;
  Epoch now;
  std::vector<RunMemo> memos;                    // one per range of a batch
  std::vector<std::uint32_t> group;              // per order: its duplicate group, or kNoGroup
  std::vector<std::vector<Param>> group_params;  // per group: the finding's params
  std::vector<Severity> group_severity;          // and its severity
  static constexpr std::uint32_t kNoGroup = static_cast<std::uint32_t>(-1);
};

BatchDecider::BatchDecider(const ParsedInput& input, const RuleSet& rules, Epoch now)
    : impl_(std::make_unique<Impl>(input, rules, now)) {
  // The numbers shared by orders, from the records: a decision's tracking_no and order_sn are its
  // record's number (tracking_key) and order number, so the groups are mark_duplicates'.
  const std::vector<RawOrder>& orders = input.orders;
  std::vector<std::string> keys(orders.size());
  for (std::size_t i = 0; i < orders.size(); ++i) {
    const std::string_view raw = orders[i].get(Field::kTrackingNo);
    if (raw.empty() || orders[i].get(Field::kOrderSn).empty()) continue;
    bool bad = false;
    keys[i] = tracking_key(raw, &bad);
  }
  Impl& m = *impl_;
  std::size_t last = orders.size();  // the head of the group last met
  find_duplicates(
      orders.size(), rules.duplicate_same_buyer_digits,
      [&](std::size_t i) { return std::string_view(keys[i]); },
      [&](std::size_t i) { return orders[i].get(Field::kOrderSn); },
      [&](std::size_t i, std::size_t head, Severity severity, const std::vector<Param>& params) {
        if (m.group.empty()) m.group.assign(orders.size(), Impl::kNoGroup);
        if (head != last) {
          m.group_params.push_back(params);
          m.group_severity.push_back(severity);
          last = head;
        }
        m.group[i] = static_cast<std::uint32_t>(m.group_params.size() - 1);
      });
}

BatchDecider::~BatchDecider() = default;

void BatchDecider::decide(std::size_t begin, std::size_t end, std::vector<Decision>* out,
                          std::vector<EngineError>* errors, unsigned threads,
                          const std::function<void(std::size_t, std::size_t, std::size_t)>& then) {
  Impl& m = *impl_;
  const std::vector<RawOrder>& orders = m.input.orders;
  out->clear();
  out->resize(end - begin);
  const std::size_t ranges = parts_for(end - begin, threads, kMinOrdersPerBatchPart);
  if (m.memos.size() < ranges) m.memos.resize(ranges);
  std::vector<std::vector<EngineError>> range_errors(ranges);
  run_parts(ranges, [&](std::size_t r) {
    const std::size_t from = begin + range_begin(end - begin, ranges, r);
    const std::size_t to = begin + range_begin(end - begin, ranges, r + 1);
    for (std::size_t i = from; i < to; ++i) {
      Decision& d = (*out)[i - begin];
      OrderDecider(orders[i], m.input.facts_of(orders[i]), m.rules, m.now, &range_errors[r],
                   &m.memos[r], d)
          .run();
      if (!m.group.empty() && m.group[i] != Impl::kNoGroup) {
        d.findings.push_back({FindingCode::kTrackingDuplicate, m.group_severity[m.group[i]],
                              m.group_params[m.group[i]]});
      }
      apply_wrong_number(d);
    }
    if (then) then(r, from - begin, to - begin);
  });
  for (auto& e : range_errors) {
    errors->insert(errors->end(), std::make_move_iterator(e.begin()),
                   std::make_move_iterator(e.end()));
  }
}

}  // namespace lanshou
