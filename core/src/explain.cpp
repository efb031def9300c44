#include "lanshou/explain.h"

#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <utility>

#include "lanshou/embedded.h"
#include "lanshou/text.h"
#include "lanshou/trace.h"

namespace lanshou {
namespace {

using Slots = std::initializer_list<std::pair<std::string_view, std::string_view>>;

// One text with its slots filled from `slots`; a slot not listed stays as {name}.
std::string render(std::string_view text, Slots slots) {
  std::string out;
  out.reserve(text.size() + 48);
  expand_template(out, text, [&slots](std::string_view name, std::string& o) {
    for (const auto& [key, value] : slots) {
      if (key == name) {
        o += value;
        return true;
      }
    }
    return false;
  });
  return out;
}

// At most max_bytes of what the merchant wrote, cut on a UTF-8 character boundary, "…" if cut.
std::string clip(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  std::size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "…";
}

std::string span(Epoch seconds) {
  return format_duration_zh(seconds);
}

// A rule's window as the rule states it: "24 小时", "30 天".
std::string window_text(Epoch seconds) {
  if (seconds % 86400 == 0 && seconds >= Epoch{3} * 86400)
    return std::to_string(seconds / 86400) + " 天";
  if (seconds % 3600 == 0) return std::to_string(seconds / 3600) + " 小时";
  return format_duration_zh(seconds);
}

std::string yuan(double v) {
  char buf[32];
  if (v == static_cast<double>(static_cast<long long>(v))) {
    return std::to_string(static_cast<long long>(v));  // what "%lld" writes
  } else {
    std::snprintf(buf, sizeof buf, "%.2f", v);
  }
  return buf;
}

std::string date_of(Epoch t) {
  return format_datetime(t).substr(0, 10);
}

std::string_view missing_key(Missing m) {
  switch (m) {
    case Missing::kShippedForPickup:
      return "missing.shipped_for_pickup";
    case Missing::kShippedForStatus:
      return "missing.shipped_for_status";
    case Missing::kShippedForNumber:
      return "missing.shipped_for_number";
    case Missing::kShipDeadlineInputs:
      return "missing.ship_deadline_inputs";
    case Missing::kNone:
      break;
  }
  return "";
}

}  // namespace

const TextSet& explain_texts() {
  static const TextSet texts = [] {
    TextSet t;
    std::string error;
    if (!t.load(embedded_file("templates/explain.zh.json"), &error)) std::abort();
    return t;
  }();
  return texts;
}

Explainer::Explainer(const RuleSet& rules, Epoch now, const TextSet& texts)
    : r_(rules), now_(now), now_year_(to_beijing(now).year), t_(texts) {}

std::string_view Explainer::Texts::cached(const char* literal) const {
  const auto key = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(literal));
  std::size_t at = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 56);
  for (std::size_t probe = 0; probe < slots_.size(); ++probe, at = (at + 1) % slots_.size()) {
    Slot& slot = slots_[at];
    if (slot.key == literal) return slot.text;
    if (slot.key == nullptr) {
      slot.key = literal;
      slot.text = set_.get(literal);
      return slot.text;
    }
  }
  return set_.get(literal);  // a full table: more literals than slots
}

std::string Explainer::when(Epoch t) const {
  const auto [day, secs] = beijing_day(t);
  auto& [known, slot_day, date] = when_days_[static_cast<std::uint64_t>(day) % when_days_.size()];
  if (!known || day != slot_day) {
    date = to_beijing(t);
    slot_day = day;
    known = true;
  }
  CivilTime c = date;
  c.hour = static_cast<int>(secs / 3600);
  c.minute = static_cast<int>(secs / 60 % 60);
  if (c.year < 1000 || c.year > 9999) return format_datetime(t).substr(0, 16);
  char b[16];
  std::size_t k = 0;
  const auto two = [&](int v) {
    b[k++] = static_cast<char>('0' + v / 10);
    b[k++] = static_cast<char>('0' + v % 10);
  };
  if (c.year != now_year_) {
    two(c.year / 100);
    two(c.year % 100);
    b[k++] = '-';
  }
  two(c.month);
  b[k++] = '-';
  two(c.day);
  b[k++] = ' ';
  two(c.hour);
  b[k++] = ':';
  two(c.minute);
  return std::string(b, k);
}

std::string_view Explainer::conf(std::string_view key) const {
  return confidence_zh(r_.confidence(key));
}

std::string_view Explainer::conf_cached(const char* key) const {
  for (auto& [k, v] : confs_) {
    if (k == key) return v;
    if (k == nullptr) {
      k = key;
      v = conf(std::string_view(key));
      return v;
    }
  }
  return conf(std::string_view(key));
}

// A rule's window in words (window_text), made once per value.
const std::string& Explainer::window(Epoch seconds) const {
  for (std::size_t i = 0; i < window_count_; ++i) {
    if (windows_[i].first == seconds) return windows_[i].second;
  }
  auto& slot = windows_[window_count_ < windows_.size() ? window_count_++ : windows_.size() - 1];
  slot = {seconds, window_text(seconds)};
  return slot.second;
}

// "10–20 元" when the rule data gives a range, else "20 元".
std::string Explainer::fake_ship_amount() const {
  const double lo = r_.fake_ship_compensation_low, hi = r_.fake_ship_compensation;
  if (lo > 0 && lo < hi)
    return render(t_.get("amount.range"), {{"low", yuan(lo)}, {"high", yuan(hi)}});
  return render(t_.get("amount.one"), {{"high", yuan(hi)}});
}

const std::string& Explainer::risk() const {
  if (!risk_.empty()) return risk_;
  const double lo = r_.fake_ship_compensation_low, hi = r_.fake_ship_compensation;
  const bool range = lo > 0 && lo < hi;
  risk_ = render(range ? t_.get("risk.range") : t_.get("risk"),
                 {{"amount", fake_ship_amount()},
                  {"conf", conf("fake_ship_compensation_yuan")},
                  {"high", yuan(hi)}});
  return risk_;
}

// "现在 03-12 12:00，还剩 9 小时 5 分钟" / "已超时 4 小时" / "恰好到截止时刻".
std::string Explainer::now_vs(Epoch deadline) const {
  const Epoch left = deadline - now_;
  const std::string now = when(now_);
  if (left < 0) return render(t_.get("now_vs.over"), {{"now", now}, {"over", span(-left)}});
  if (left == 0) return render(t_.get("now_vs.exact"), {{"now", now}});
  return render(t_.get("now_vs.left"), {{"now", now}, {"left", span(left)}});
}

std::string Explainer::pickup_rule(const Decision& d) const {
  const Epoch shipped = *d.times.shipped;
  return render(t_.get("pickup_rule"), {{"shipped", when(shipped)},
                                        {"window", window(r_.pickup_window)},
                                        {"conf", conf("pickup_window_hours")},
                                        {"deadline", when(shipped + r_.pickup_window)}});
}

std::string Explainer::pickup_source(const Decision& d) const {
  if (!d.trail.pickup_from_trace) return "";
  return std::string(
      (d.trail.pickup_inferred ? t_.get("pickup_source.inferred") : t_.get("pickup_source.trace")));
}

// The ship deadline and how it was reached.
std::string Explainer::ship_line(const Decision& d) const {
  const OrderTimes& t = d.times;
  const Trail& tr = d.trail;
  const std::string& hours = window(r_.ship_promise);
  // The base time's column as the document names it (订单成交时间, 成交时间, 成团时间 …), or the
  // template's word when the column has lanshou's own name.
  const auto column = [&](Field f, std::string_view word) {
    std::string_view c = d.raw != nullptr ? d.raw->label(f) : std::string_view();
    if (c.empty() || c == field_name(f)) return std::string(word);
    if (c.size() > 6 && c.substr(c.size() - 6) == "时间") c.remove_suffix(6);
    return std::string(c);
  };
  const std::string base_word = t.grouped ? column(Field::kGrouped, t_.get("word.grouped"))
                                          : column(Field::kPaid, t_.get("word.paid"));
  if (tr.ship_basis == ShipBasis::kPreSale) {
    return render(t_.get("ship_line.pre_sale"), {{"promised", when(*t.promised_ship_by)}});
  }
  if (tr.ship_basis == ShipBasis::kSameDay) {
    return render(t_.get("ship_line.same_day"),
                  {{"base_word", base_word},
                   {"base", when(t.grouped ? *t.grouped : *t.paid)},
                   {"cutoff", std::to_string(r_.same_day_cutoff_hour)},
                   {"conf", conf("same_day_cutoff_hour")},
                   {"deadline", when(*t.promised_ship_by)}});
  }
  if (tr.ship_basis == ShipBasis::kColumn) {
    const Epoch promised = *t.promised_ship_by;
    std::string s = render(t_.get("ship_line.column"), {{"promised", when(promised)}});
    const MaybeEpoch by_default = tr.default_ship_by;
    if (by_default && promised > *by_default + 3600) {
      s += render(
          t_.get("ship_line.column_later"),
          {{"base_word", base_word}, {"hours", hours}, {"diff", span(promised - *by_default)}});
    } else if (by_default && promised < *by_default - 3600) {
      s += render(
          t_.get("ship_line.column_earlier"),
          {{"base_word", base_word}, {"hours", hours}, {"diff", span(*by_default - promised)}});
    }
    return s;
  }
  const Epoch base = t.grouped ? *t.grouped : *t.paid;
  std::string s =
      render(t_.get("ship_line.default"),
             {{"base_word", base_word},
              {"base", when(base)},
              {"hours", hours},
              {"conf", conf("ship_promise_hours")},
              {"paid_note", t.grouped ? std::string_view() : t_.get("ship_line.paid_note")},
              {"deadline", when(*t.promised_ship_by)}});
  if (tr.promised_unreadable) s += t_.get("ship_line.promised_unreadable");
  return s;
}

// The latest event of a class, as "03-11 08:00 text".
std::string Explainer::event_text(const Decision& d, EventClass cls) const {
  const auto& events = d.raw->events;
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    if (it->cls == cls) return when(it->at) + " " + it->text;
  }
  return "";
}

std::string Explainer::missing_text(Missing m) const {
  return std::string(t_.get(missing_key(m)));
}

std::string Explainer::note(const Decision& d, Note n) const {
  const OrderTimes& t = d.times;
  const auto text = [this](const auto& key) { return std::string(t_.get(key)); };
  switch (n) {
    case Note::kShipOnTime:
      return render(t_.get("note.ship_on_time"),
                    {{"ship_line", ship_line(d)}, {"shipped", when(*t.shipped)}});
    case Note::kShipLate:
      return render(t_.get("note.ship_late"), {{"ship_line", ship_line(d)},
                                               {"shipped", when(*t.shipped)},
                                               {"late", span(*t.shipped - *t.promised_ship_by)}});
    case Note::kForeignTrace:
      return render(t_.get("note.foreign_trace"), {{"start", when(*d.trail.foreign_trace_start)}});
    case Note::kDeliveredAt:
      return render(t_.get("note.delivered_at"), {{"delivered", when(*t.delivered)}});
    case Note::kDeliveredByWord:
      return render(t_.get("note.delivered_by_word"), {{"word", trim(d.raw->get(Field::kStatus))}});
    case Note::kReturned:
      return render(t_.get("note.returned"), {{"event", event_text(d, EventClass::kReturn)}});
    case Note::kReturnedAdvice:
      return text("note.returned_advice");
    case Note::kProblem:
      return render(t_.get("note.problem"), {{"event", event_text(d, EventClass::kProblem)}});
    case Note::kProblemAdvice:
      return text("note.problem_advice");
    case Note::kPickedUpInTime:
      return render(t_.get("note.picked_up_in_time"), {{"pickup_rule", pickup_rule(d)},
                                                       {"picked_up", when(*t.picked_up)},
                                                       {"pickup_source", pickup_source(d)}});
    case Note::kPickedUpLate:
    case Note::kPickupAfterLate: {
      const Epoch deadline = *t.shipped + r_.pickup_window;
      return render((n == Note::kPickedUpLate ? t_.get("note.picked_up_late")
                                              : t_.get("note.pickup_after_late")),
                    {{"pickup_rule", pickup_rule(d)},
                     {"picked_up", when(*t.picked_up)},
                     {"pickup_source", pickup_source(d)},
                     {"late", span(*t.picked_up - deadline)},
                     {"risk", risk()}});
    }
    case Note::kPickupLateRisk:
      return render(t_.get("note.pickup_late_risk"), {{"risk", risk()}});
    case Note::kAppeal:
      return render(t_.get("note.appeal"),
                    {{"menu", r_.menu_appeal}, {"conf", conf("menu_appeal")}});
    case Note::kPickupClock:
      return render(t_.get("note.pickup_clock"),
                    {{"pickup_rule", pickup_rule(d)}, {"now_vs", now_vs(*d.deadline)}});
    case Note::kNoPickupNoTrace:
      return text("note.no_pickup_no_trace");
    case Note::kNoPickupInTrace:
      return text("note.no_pickup_in_trace");
    case Note::kPickupDueSoon:
      return render(t_.get("note.pickup_due_soon"), {{"due_soon", window(r_.due_soon)}});
    case Note::kPickupOverdueRisk:
      return render(t_.get("note.pickup_overdue_risk"), {{"risk", risk()}});
    case Note::kPickupUnverified:
      return render(
          t_.get("note.pickup_unverified"),
          {{"risk", render(t_.get("risk"), {{"amount", fake_ship_amount()},
                                            {"conf", conf("fake_ship_compensation_yuan")}})}});
    case Note::kUnpaid:
      return text("note.unpaid");
    case Note::kShipClock:
      return render(t_.get("note.ship_clock"),
                    {{"ship_line", ship_line(d)}, {"now_vs", now_vs(*d.deadline)}});
    case Note::kUploadAdvice:
      return render(t_.get("note.upload_advice"), {{"pickup_window", window(r_.pickup_window)},
                                                   {"conf", conf("pickup_window_hours")}});
    case Note::kShipDueSoon:
      return render(t_.get("note.ship_due_soon"), {{"due_soon", window(r_.due_soon)}});
    case Note::kShipOverdueSuspended:
      return text("note.ship_overdue_suspended");
    case Note::kShipOverdueRisk:
      return render(t_.get("note.ship_overdue_risk"),
                    {{"amount", yuan(r_.late_ship_compensation)},
                     {"conf", conf("late_ship_compensation_yuan")}});
    case Note::kDontUploadEarly:
      return render(t_.get("note.dont_upload_early"),
                    {{"pickup_window", window(r_.pickup_window)}});
    case Note::kClosed:
      return render(t_.get("note.closed"), {{"word", trim(d.raw->get(Field::kStatus))}});
    case Note::kIncomplete:
      return render(t_.get("note.incomplete"), {{"why", missing_text(d.trail.missing)}});
    case Note::kPickupAfterMissing:
      return render(t_.get("note.pickup_after_missing"),
                    {{"pickup_rule", pickup_rule(d)},
                     {"now_vs", now_vs(*t.shipped + r_.pickup_window)},
                     {"risk", risk()}});
    case Note::kFixDirect:
    case Note::kFixExtraPackage:
    case Note::kFixNoteOnly: {
      const std::string_view prefix =
          (d.trail.number_wrong ? t_.get("fix.number_wrong") : t_.get("fix.if_wrong"));
      const std::string until = d.fix.until ? when(*d.fix.until) : std::string();
      if (n == Note::kFixDirect) {
        return render(t_.get("note.fix_direct"), {{"prefix", prefix},
                                                  {"until", until},
                                                  {"direct_change", window(r_.direct_change)},
                                                  {"conf", conf("direct_change_hours")}});
      }
      if (n == Note::kFixExtraPackage) {
        return render(t_.get("note.fix_extra_package"),
                      {{"prefix", prefix},
                       {"direct_change", window(r_.direct_change)},
                       {"until", until},
                       {"conf", conf("extra_package_days")}});
      }
      return render(t_.get("note.fix_note_only"),
                    {{"prefix", prefix}, {"extra_package", window(r_.extra_package)}});
    }
    case Note::kPromiseCoversPickup:
      return render(t_.get("note.promise_covers_pickup"), {{"conf", conf("promise_met_by")}});
    case Note::kPromisePending:
      return render(t_.get("note.promise_pending"), {{"ship_line", ship_line(d)},
                                                     {"shipped", when(*t.shipped)},
                                                     {"conf", conf("promise_met_by")},
                                                     {"now_vs", now_vs(*t.promised_ship_by)}});
    case Note::kPromiseMet:
      return render(t_.get("note.promise_met"),
                    {{"ship_line", ship_line(d)}, {"picked_up", when(*t.picked_up)}});
    case Note::kPromiseMissed: {
      const Finding* f = finding(d, FindingCode::kPromiseMissed);
      if (f == nullptr) return "";
      return render(
          t_.get(f->flag("unverified") ? "note.promise_missed.unverified" : "note.promise_missed"),
          {{"ship_line", ship_line(d)},
           {"what", promise_what(*f)},
           {"late", span(f->number("late"))},
           {"consequence", promise_consequence(*f)}});
    }
    case Note::kPromiseUnknown:
      return render(t_.get("note.promise_unknown"), {{"ship_line", ship_line(d)},
                                                     {"shipped", when(*t.shipped)},
                                                     {"conf", conf("promise_met_by")}});
    case Note::kComplaintClock: {
      const std::optional<Clock> c = d.clock(ClockKind::kComplaint);
      if (!c) return "";
      return render(t_.get("note.complaint_clock"), {{"hours", window(r_.complaint_unshipped)},
                                                     {"deadline", when(c->deadline)},
                                                     {"percent", yuan(r_.complaint_percent)},
                                                     {"min", yuan(r_.complaint_min)},
                                                     {"max", yuan(r_.complaint_max)},
                                                     {"conf", conf("complaint_unshipped_hours")}});
    }
    case Note::kStageClock:
      return stage_line(d);
    case Note::kShipHold:
      return render(t_.get("note.ship_hold"),
                    {{"labels", tag_labels(d, true)}, {"conf", conf("order_tags")}});
    case Note::kOrderTags:
      return render(t_.get("note.order_tags"),
                    {{"labels", tag_labels(d, false)}, {"conf", conf("order_tags")}});
  }
  return "";
}

// The labels of the order's tags that hold the shipment (hold) or only annotate it, "、"-joined.
std::string Explainer::tag_labels(const Decision& d, bool hold) const {
  std::string out;
  for (std::size_t k = 0; k < r_.order_tags.size() && k < 32; ++k) {
    const OrderTagRule& tag = r_.order_tags[k];
    if ((d.trail.tags >> k & 1U) == 0) continue;
    const bool is_hold = tag.effect == OrderTagRule::Effect::kHold;
    if (is_hold != hold || (!hold && tag.effect != OrderTagRule::Effect::kAnnotate)) continue;
    if (!out.empty()) out += "、";
    out += tag.label.empty() ? tag.tag : tag.label;
  }
  return out;
}

const Finding* Explainer::finding(const Decision& d, FindingCode code) {
  for (const auto& f : d.findings) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

// What came after the promise: the pickup, the upload, or nothing yet.
std::string Explainer::promise_what(const Finding& f) const {
  if (f.param("picked_up") != nullptr) {
    return render(t_.get("note.promise_missed.picked_up"),
                  {{"picked_up", when(f.number("picked_up"))}});
  }
  if (f.number("shipped") > f.number("deadline")) {
    return render(t_.get("note.promise_missed.uploaded"), {{"shipped", when(f.number("shipped"))}});
  }
  return std::string(t_.get(f.flag("unverified") ? "note.promise_missed.waiting"
                                                 : "note.promise_missed.waiting_in_trace"));
}

std::string Explainer::promise_consequence(const Finding& f) const {
  if (f.flag("suspended")) return std::string(t_.get("finding.shipped_late.suspended"));
  if (f.flag("unverified")) {
    return render(t_.get("finding.promise_missed.unverified"),
                  {{"amount", yuan(r_.late_ship_compensation)},
                   {"conf", conf("late_ship_compensation_yuan")}});
  }
  if (compensation_.empty()) {
    compensation_ = render(t_.get("finding.promise_missed.compensation"),
                           {{"amount", yuan(r_.late_ship_compensation)},
                            {"conf", conf("late_ship_compensation_yuan")}});
  }
  return compensation_;
}

// The rule key of a stage clock's hours, for its confidence.
std::string_view Explainer::stage_rule(ClockKind k) {
  switch (k) {
    case ClockKind::kFirstScan:
      return "trace_first_scan_hours";
    case ClockKind::kFinalLeg:
      return "trace_final_leg_hours";
    case ClockKind::kSignFor:
      return "sign_for_hours";
    default:
      return "trace_stale_hours";
  }
}

std::string Explainer::region_word(std::string_view region) const {
  return std::string(region == "very_remote" ? t_.get("region.very_remote")
                     : region == "remote"    ? t_.get("region.remote")
                                             : t_.get("region.ordinary"));
}

// The trace's current stage clock: what it waits for, from when, until when, and where it stands.
std::string Explainer::stage_line(const Decision& d) const {
  std::optional<Clock> c;
  for (std::size_t i = d.clock_count; i-- > 0;) {
    const ClockKind k = d.clock_at(i).kind;
    if (k == ClockKind::kFirstScan || k == ClockKind::kTransit || k == ClockKind::kFinalLeg ||
        k == ClockKind::kSignFor) {
      c = d.clock_at(i);
      break;
    }
  }
  if (!c) return "";
  const std::string key(to_string(c->kind));
  std::string region;
  if (c->kind == ClockKind::kFinalLeg) {
    const Finding* f = finding(d, FindingCode::kFinalLegLate);
    region = region_word(f != nullptr ? f->text("region") : to_string(d.trail.region));
  }
  std::string state;
  switch (c->state) {
    case ClockState::kMet:
      state = render(t_.get("stage.state.met"), {{"met_at", when(*c->met_at)}});
      break;
    case ClockState::kMetLate:
      state = render(t_.get("stage.state.met_late"),
                     {{"met_at", when(*c->met_at)}, {"late", span(*c->met_at - c->deadline)}});
      break;
    default:
      state = now_vs(c->deadline);
      break;
  }
  return render(t_.get("note.stage_clock"),
                {{"stage", render(t_.get("stage." + key), {{"region", region}})},
                 {"start_word", t_.get("stage.start." + key)},
                 {"start", when(c->start)},
                 {"hours", window_text(c->deadline - c->start)},
                 {"deadline", when(c->deadline)},
                 {"state", state}});
}

std::string Explainer::action(const Decision& d) const {
  const auto text = [this](const auto& key) { return std::string(t_.get(key)); };
  const bool pickup_clock =
      d.status == Status::kAwaitingPickup || d.status == Status::kPickupDueSoon ||
      d.status == Status::kPickupOverdue || d.status == Status::kPickupUnverified;
  // Only while no pickup is known: a collected parcel travels on that number whatever it is.
  if (pickup_clock && d.trail.number_wrong) {
    switch (d.fix.code) {
      case FixCode::kModifyDirect:
        return render(t_.get("action.fix_direct"), {{"until", when(*d.fix.until)}});
      case FixCode::kNotifyNoteExtraPackage:
        return text("action.fix_extra_package");
      default:
        return text("action.fix_note_only");
    }
  }
  switch (d.status) {
    case Status::kIncomplete:
      return d.trail.missing != Missing::kNone ? text("action.incomplete") : std::string();
    case Status::kReturned:
      return text("action.returned");
    case Status::kException:
      return text("action.exception");
    case Status::kPickedUpLate:
      return text("action.picked_up_late");
    case Status::kPickedUp:
      for (const auto& f : d.findings) {
        if (is_stage_finding(f.code)) {
          return (f.flag("overdue") ? text("action.stage_late") : text("action.stage_due"));
        }
      }
      return "";
    case Status::kAwaitingPickup:
      return render(t_.get("action.awaiting_pickup"), {{"deadline", when(*d.deadline)}});
    case Status::kPickupDueSoon:
      return text("action.pickup_due_soon");
    case Status::kPickupOverdue:
      return text("action.pickup_overdue");
    case Status::kPickupUnverified:
      return text("action.pickup_unverified");
    case Status::kAwaitingShipment:
      return render(t_.get("action.awaiting_shipment"), {{"deadline", when(*d.deadline)}});
    case Status::kShipDueSoon:
      return text("action.ship_due_soon");
    case Status::kShipOverdue:
      return text("action.ship_overdue");
    default:
      return "";
  }
}

std::string Explainer::message(const Finding& f) const {
  const auto text = [this](const auto& key) { return std::string(t_.get(key)); };
  const auto time = [&](std::string_view name) { return when(f.number(name)); };
  switch (f.code) {
    case FindingCode::kShippedLate:
      return render(
          t_.get("finding.shipped_late"),
          {{"shipped", time("shipped")},
           {"deadline", time("deadline")},
           {"late", span(f.number("late"))},
           {"consequence", f.flag("suspended")
                               ? text("finding.shipped_late.suspended")
                               : render(t_.get("finding.shipped_late.compensation"),
                                        {{"amount", yuan(r_.late_ship_compensation)},
                                         {"conf", conf("late_ship_compensation_yuan")}})}});
    case FindingCode::kPenaltySuspended: {
      const std::string_view label = f.text("label");
      return render(t_.get("finding.penalty_suspended"),
                    {{"deadline", time("deadline")},
                     {"from", date_of(f.number("from"))},
                     {"to", date_of(f.number("to"))},
                     {"conf", conf("penalty_suspensions")},
                     {"label", label.empty() ? std::string()
                                             : render(t_.get("finding.penalty_suspended.label"),
                                                      {{"label", label}})}});
    }
    case FindingCode::kOrderSnInvalid:
      return render(t_.get("finding.order_sn_invalid"),
                    {{"order_sn", clip(f.text("order_sn"), 40)}});
    case FindingCode::kOrderDateMismatch: {
      const std::string detail =
          f.flag("date_valid")
              ? render(t_.get("finding.order_date_mismatch.valid"),
                       {{"order_day", date_of(f.number("order_day"))},
                        {"paid_word", (f.flag("by_paid") ? t_.get("word.paid_time")
                                                         : t_.get("word.grouped_time"))},
                        {"paid", date_of(f.number("paid"))}})
              : text("finding.order_date_mismatch.invalid");
      return render(t_.get("finding.order_date_mismatch"),
                    {{"digits", f.text("date_digits")}, {"detail", detail}});
    }
    case FindingCode::kTrackingInvalid:  // one text per reason (tracking_verdict.h)
      return render(
          t_.get("finding.tracking_invalid." + std::string(f.text("reason"))),
          {{"number", f.text("number")}, {"length", std::to_string(f.text("number").size())}});
    case FindingCode::kTrackingUnverified:
      return render(t_.get("finding.tracking_unverified"), {{"number", f.text("number")}});
    case FindingCode::kCourierUnknown:
      if (f.text("reason") == "not_listed") {
        return render(t_.get("finding.courier_unknown.not_listed"),
                      {{"declared", clip(f.text("declared"), 40)}});
      }
      return render(t_.get("finding.courier_unknown.no_courier_no_shape"),
                    {{"number", f.text("number")}});
    case FindingCode::kCourierMismatch: {
      const CourierRegistry& reg = CourierRegistry::builtin();
      const Courier* other = reg.find_by_code(f.text("courier"));
      const Courier* declared = reg.find_by_code(f.text("declared"));
      return render(
          t_.get("finding.courier_mismatch"),
          {{"number", f.text("number")},
           {"likeness", (f.flag("sure") ? t_.get("finding.courier_mismatch.sure")
                                        : t_.get("finding.courier_mismatch.likely"))},
           {"courier", other != nullptr ? std::string_view(other->name) : f.text("courier")},
           {"declared",
            declared != nullptr ? std::string_view(declared->name) : f.text("declared")}});
    }
    case FindingCode::kFactsConflict:
      return render(t_.get("finding.facts_conflict"),
                    {{"field", f.text("field")},
                     {"kept", clip(f.text("kept"), 80)},
                     {"kept_line", std::to_string(f.number("kept_line"))},
                     {"other", clip(f.text("other"), 80)},
                     {"other_line", std::to_string(f.number("other_line"))}});
    case FindingCode::kTrackingDuplicate: {
      std::string list;
      std::size_t shown = 0;
      for (const auto& p : f.params) {
        if (p.name != "order") continue;
        if (shown++ > 0) list += "、";
        list += p.text;
      }
      const Epoch orders = f.number("orders");
      if (orders > 5) list += t_.get("finding.tracking_duplicate.more");
      return render(t_.get(f.flag("same_buyer") ? "finding.tracking_duplicate.same_buyer"
                                                : "finding.tracking_duplicate"),
                    {{"number", f.text("number")},
                     {"orders", std::to_string(orders)},
                     {"list", list},
                     {"digits", std::to_string(r_.duplicate_same_buyer_digits)}});
    }
    case FindingCode::kTraceBeforePayment:
      return render(t_.get("finding.trace_before_payment"),
                    {{"first_event", time("first_event")},
                     {"start_word",
                      (f.flag("by_paid") ? t_.get("word.paid_time") : t_.get("word.grouped_time"))},
                     {"start", time("start")}});
    case FindingCode::kTraceStale:
      if (!f.flag("overdue")) {
        return render(t_.get("finding.trace_stale.due"), {{"start", time("start")},
                                                          {"deadline", time("deadline")},
                                                          {"conf", conf("trace_stale_hours")}});
      }
      return render(t_.get("finding.trace_stale"), {{"latest", time("start")},
                                                    {"since", span(f.number("since"))},
                                                    {"threshold", window_text(f.number("hours"))},
                                                    {"conf", conf("trace_stale_hours")}});
    case FindingCode::kPromiseMissed:
      return render(t_.get(f.flag("unverified") ? "finding.promise_missed.unverified_line"
                                                : "finding.promise_missed"),
                    {{"deadline", time("deadline")},
                     {"what", promise_what(f)},
                     {"late", span(f.number("late"))},
                     {"consequence", promise_consequence(f)}});
    case FindingCode::kComplaintRisk: {
      const Param* paid = f.param("paid");
      const Param* amount = f.param("compensation");
      const std::string basis = render((paid != nullptr ? t_.get("finding.complaint_risk.paid")
                                                        : t_.get("finding.complaint_risk.no_paid")),
                                       {{"paid", yuan(paid != nullptr ? paid->yuan : 0)},
                                        {"percent", yuan(r_.complaint_percent)},
                                        {"min", yuan(r_.complaint_min)},
                                        {"max", yuan(r_.complaint_max)}});
      return render(t_.get("finding.complaint_risk"),
                    {{"hours", window(r_.complaint_unshipped)},
                     {"deadline", time("deadline")},
                     {"amount", yuan(amount != nullptr ? amount->yuan : 0)},
                     {"basis", basis},
                     {"conf", conf("complaint_unshipped_hours")}});
    }
    case FindingCode::kFirstScanLate:
    case FindingCode::kFinalLegLate:
    case FindingCode::kSignForLate: {
      const ClockKind kind = f.code == FindingCode::kFirstScanLate  ? ClockKind::kFirstScan
                             : f.code == FindingCode::kFinalLegLate ? ClockKind::kFinalLeg
                                                                    : ClockKind::kSignFor;
      const std::string key =
          "finding." + std::string(to_string(f.code)) + (f.flag("overdue") ? "" : ".due");
      return render(t_.get(key), {{"start", time("start")},
                                  {"deadline", time("deadline")},
                                  {"hours", window_text(f.number("hours"))},
                                  {"hub", f.text("hub")},
                                  {"region", region_word(f.text("region"))},
                                  {"conf", conf(stage_rule(kind))}});
    }
    case FindingCode::kCount:
      break;
  }
  return "";
}

std::vector<FixStep> Explainer::steps(const Decision& d) const {
  std::vector<FixStep> out;
  out.reserve(4);
  const auto step = [&](std::string_view code, std::string_view title, std::string_view menu,
                        std::string detail) {
    out.push_back({code, title, menu, std::move(detail)});
  };
  switch (d.fix.code) {
    case FixCode::kNone:
      return out;
    case FixCode::kModifyDirect: {
      const std::string detail =
          render(t_.get("step.modify.detail"), {{"until", when(*d.fix.until)}});
      step("modify_in_delivery_center", t_.get("step.modify_in_delivery_center"),
           r_.menu_modify_delivery_center, detail);
      step("modify_in_order_detail", t_.get("step.modify_in_order_detail"),
           r_.menu_modify_order_detail, detail);
      return out;
    }
    case FixCode::kNotifyNoteExtraPackage:
    case FixCode::kNotifyNoteOnly:
      break;
  }
  step("chat_buyer", t_.get("step.chat_buyer"), r_.menu_chat_buyer,
       std::string(t_.get("step.chat_buyer.detail")));
  step("order_note", t_.get("step.order_note"), r_.menu_order_note,
       std::string(t_.get("step.order_note.detail")));
  if (d.fix.code == FixCode::kNotifyNoteExtraPackage) {
    step("extra_package", t_.get("step.extra_package"), r_.menu_extra_package,
         render(t_.get("step.extra_package.detail"), {{"until", when(*d.fix.until)}}));
  }
  step("refund_rejection", t_.get("step.refund_rejection"), r_.menu_refund_rejection,
       std::string(t_.get("step.refund_rejection.detail")));
  return out;
}

OrderText Explainer::order(const Decision& d) const {
  OrderText out;
  out.explain.reserve(d.trail.count);
  for (std::size_t i = 0; i < d.trail.count; ++i) out.explain.push_back(note(d, d.trail.notes[i]));
  out.messages.reserve(d.findings.size());
  for (const auto& f : d.findings) out.messages.push_back(message(f));
  out.action = action(d);
  out.steps = steps(d);
  return out;
}

std::string Explainer::error_message(const EngineError& e) const {
  const std::string line = std::to_string(e.line);
  if (e.code == "missing_time") {
    return render(t_.get("error.missing_time"), {{"line", line}, {"why", missing_text(e.missing)}});
  }
  return render(t_.get("error.time"), {{"line", line},
                                       {"label", e.field},
                                       {"value", clip(e.value, 40)},
                                       {"why", time_status_message(e.time_status)}});
}

std::string Explainer::backlog_message() const {
  return render(t_.get("backlog"), {{"threshold", std::to_string(r_.backlog_small_sku_threshold)},
                                    {"conf", conf("backlog_small_sku_threshold")}});
}

}  // namespace lanshou
