#include "lanshou/engine.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <initializer_list>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

#include "lanshou/join.h"
#include "lanshou/text.h"
#include "lanshou/trace.h"
#include "parallel.h"

namespace lanshou {
namespace {

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
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
  } else {
    std::snprintf(buf, sizeof buf, "%.2f", v);
  }
  return buf;
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

// Text is lazy: with text off the decider makes every decision (codes, times, amounts, errors)
// but formats no explanation, finding message, action or fix step; decide_text() re-runs one
// order with text on when its document is written.
#define EXPLAIN(...)                              \
  do {                                            \
    if (text_) d_.explain.push_back(__VA_ARGS__); \
  } while (0)
#define ACTION(...)                     \
  do {                                  \
    if (text_) d_.action = __VA_ARGS__; \
  } while (0)
#define ADD(code, severity, ...) \
  add(code, severity, text_ ? std::string(__VA_ARGS__) : std::string())
#define STEP(...)                              \
  do {                                         \
    if (text_) f.steps.push_back(__VA_ARGS__); \
  } while (0)

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

class OrderDecider {
 public:
  OrderDecider(const RawOrder& o, const RuleSet& r, Epoch now, std::vector<EngineError>* errors,
               bool text = true, CourierNames* names = nullptr)
      : o_(o),
        r_(r),
        now_(now),
        now_year_(to_beijing(now).year),
        errors_(errors),
        text_(text),
        names_(names) {}

  Decision run() {
    d_.raw = &o_;
    d_.order_sn = o_.get(Field::kOrderSn);
    read_times();
    read_courier();
    decide_status();
    check_order_sn();
    check_courier();
    check_trace();
    check_conflicts();
    decide_fix_path();
    return std::move(d_);
  }

 private:
  // --- Wording helpers ---------------------------------------------------------------------

  // "03-12 21:05", or with the year when it is not the year of `now` (year roll-over):
  // format_short / format_datetime(t).substr(0, 16) without snprintf.
  std::string when(Epoch t) const {
    const CivilTime c = to_beijing(t);
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

  std::string conf(std::string_view key) const {
    return std::string(confidence_zh(r_.confidence(key)));
  }

  // "10–20 元" when the rule data gives a range, else "20 元".
  std::string fake_ship_amount() const {
    const double lo = r_.fake_ship_compensation_low, hi = r_.fake_ship_compensation;
    if (lo > 0 && lo < hi) return yuan(lo) + "–" + yuan(hi) + " 元";
    return yuan(hi) + " 元";
  }

  std::string fake_ship_risk_text() const {
    std::string s = "预计赔付 " + fake_ship_amount() + "（" + conf("fake_ship_compensation_yuan");
    if (r_.fake_ship_compensation_low > 0 &&
        r_.fake_ship_compensation_low < r_.fake_ship_compensation) {
      s += "，按 " + yuan(r_.fake_ship_compensation) + " 元计入";
    }
    return s + "）";
  }

  std::string appeal_text() const {
    return "如因快递网点爆仓、天灾、交通管制等客观原因，可带物流截图和网点证明申诉：" +
           r_.menu_appeal + "（" + conf("menu_appeal") + "）";
  }

  // "现在 03-12 12:00，还剩 9 小时 5 分钟" / "已超时 4 小时" / "恰好到截止时刻".
  std::string now_vs(Epoch deadline) const {
    const Epoch left = deadline - now_;
    std::string s = "现在 " + when(now_);
    if (left < 0) return s + "，已超时 " + span(-left);
    if (left == 0) return s + "，恰好到截止时刻";
    return s + "，还剩 " + span(left);
  }

  // --- Errors and findings -----------------------------------------------------------------

  void error(Field f, const char* code, std::string message) {
    errors_->push_back({o_.line_of(f), std::string(o_.label(f)), code, std::move(message)});
  }

  // The line of the field's value (a block's field has its own line), else the record's.
  std::string line_prefix(Field f) const { return "第 " + std::to_string(o_.line_of(f)) + " 行"; }

  void add(FindingCode code, Severity severity, std::string message) {
    d_.findings.push_back({code, severity, std::move(message)});
  }

  // --- Reading -----------------------------------------------------------------------------

  std::optional<Epoch> read_time(Field f) {
    const std::string_view v = o_.get(f);
    if (v.empty()) return std::nullopt;
    const TimeParse p = parse_time(v);
    if (p.ok()) return p.epoch;
    unreadable_[static_cast<std::size_t>(f)] = true;
    const std::string shown = clip(v, 40);
    error(f, p.status == TimeStatus::kOutOfRange ? "time_out_of_range" : "time_bad_format",
          line_prefix(f) + "「" + std::string(o_.label(f)) + "」的值「" + shown + "」无法读取：" +
              std::string(time_status_message(p.status)));
    return std::nullopt;
  }

  bool unreadable(Field f) const { return unreadable_[static_cast<std::size_t>(f)]; }

  void read_times() {
    OrderTimes& t = d_.times;
    t.paid = read_time(Field::kPaid);
    t.grouped = read_time(Field::kGrouped);
    promised_ = read_time(Field::kPromised);
    t.shipped = read_time(Field::kShipped);
    t.picked_up = read_time(Field::kPickedUp);
    t.delivered = read_time(Field::kDelivered);
    facts_ = summarize(o_.events);
    // A trace that starts before the order was paid belongs to another parcel (a reused number):
    // none of its pickups, signatures or problems are this order's. Only its first event is kept,
    // for the trace_before_payment finding.
    const std::optional<Epoch> start = t.paid ? t.paid : t.grouped;
    if (facts_.first_event && start && *facts_.first_event < *start) {
      foreign_trace_start_ = facts_.first_event;
      facts_ = TraceFacts{};
    }
    if (!t.picked_up && facts_.pickup) {
      t.picked_up = facts_.pickup;
      pickup_from_trace_ = true;
    }
    if (!t.delivered && facts_.signed_at) t.delivered = facts_.signed_at;
    const std::optional<Epoch> base = t.grouped ? t.grouped : t.paid;
    const std::optional<Epoch> by_default =
        base ? std::optional<Epoch>(*base + r_.ship_promise) : std::nullopt;
    t.promised_ship_by = promised_ ? promised_ : by_default;
    if (!t.promised_ship_by || !text_) return;

    // The ship deadline with its arithmetic, for the explanation.
    const std::string hours = window_text(r_.ship_promise);
    const std::string base_word = t.grouped ? "拼单成功" : "支付";
    if (promised_) {
      ship_line_ = "最晚发货 " + when(*promised_) + "：取表中的承诺发货时间";
      if (by_default && *promised_ > *by_default + 3600) {
        ship_line_ += "（比默认的" + base_word + "后 " + hours + "晚 " +
                      span(*promised_ - *by_default) + "，预售、定制商品常见）";
      } else if (by_default && *promised_ < *by_default - 3600) {
        ship_line_ += "（比默认的" + base_word + "后 " + hours + "早 " +
                      span(*by_default - *promised_) + "，该商品承诺了更短的发货时限）";
      }
    } else {
      ship_line_ = base_word + "时间 " + when(*base) + " + 发货时限 " + hours + "（" +
                   conf("ship_promise_hours") +
                   (t.grouped ? "" : "；缺拼单成功时间，按支付时间计") + "）= 最晚发货 " +
                   when(*t.promised_ship_by);
      if (unreadable(Field::kPromised)) ship_line_ += "（承诺发货时间无法读取，暂按默认时限估算）";
    }
  }

  void read_courier() {
    const std::string_view raw_no = o_.get(Field::kTrackingNo);
    const CourierRegistry& reg = CourierRegistry::builtin();
    if (!raw_no.empty()) {
      d_.tracking_no = normalize_tracking_no(raw_no);
      if (d_.tracking_no.empty()) {
        bad_number_ = true;
        d_.tracking_no = clip(raw_no, 64);
      } else {
        d_.courier.candidates = reg.detect(d_.tracking_no);
      }
    }
    d_.courier.declared = o_.get(Field::kCourier);
    if (!d_.courier.declared.empty()) {
      d_.courier.resolved = names_ != nullptr ? names_->find(d_.courier.declared)
                                              : reg.find_by_name(d_.courier.declared);
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

  std::string pickup_rule(Epoch deadline) const {
    return "发货时间 " + when(*d_.times.shipped) + " + 揽收时限 " + window_text(r_.pickup_window) +
           "（" + conf("pickup_window_hours") + "）= 截止 " + when(deadline);
  }

  std::string pickup_source() const {
    if (!pickup_from_trace_) return "";
    return facts_.pickup_inferred ? "（轨迹中没有揽收记录，按最早的后续记录推断，实际揽收可能更早）"
                                  : "（来自物流轨迹）";
  }

  // The row cannot be decided: a needed time is missing. An unreadable value already has its error.
  void incomplete(Field f, std::initializer_list<Field> needed, const char* why) {
    d_.status = Status::kIncomplete;
    EXPLAIN(std::string("信息不全：") + why);
    ACTION("补全信息后再检查");
    for (Field n : needed) {
      if (unreadable(n)) return;
    }
    error(f, "missing_time", line_prefix(f) + "：" + why);
  }

  // The upload advice of the seed article, with the pickup window it protects.
  std::string upload_advice() const {
    return "上传单号后 " + window_text(r_.pickup_window) + "（" + conf("pickup_window_hours") +
           "）内要有揽收记录，否则可能被判虚假发货：等快递能揽收时再上传单号，不要过早上传（经验建"
           "议）";
  }

  void decide_status() {
    const OrderTimes& t = d_.times;
    const std::string_view word = trim(o_.get(Field::kStatus));
    if (word_in(word, r_.status_closed)) {
      // Closed orders have no clock left to watch: no deadline lines, no money at risk.
      d_.status = Status::kClosed;
      EXPLAIN("订单状态为「" + std::string(word) + "」，订单已关闭，不再计算时效");
      return;
    }
    explain_shipped();
    if (foreign_trace_start_) {
      EXPLAIN("物流轨迹从 " + when(*foreign_trace_start_) +
              " 开始，早于下单付款，不是本订单的轨迹：其中的揽收、签收记录都不作数");
    }
    if (word_in(word, r_.status_delivered) || t.delivered) {
      d_.status = Status::kDelivered;
      EXPLAIN(t.delivered ? "买家已签收（" + when(*t.delivered) + "）"
                          : "订单状态为「" + std::string(word) + "」，买家已签收");
      pickup_after_the_fact();
    } else if (facts_.returned) {
      d_.status = Status::kReturned;
      EXPLAIN("物流轨迹显示快件被退回或拒收：" + event_text(EventClass::kReturn));
      pickup_after_the_fact();
      EXPLAIN("请联系买家，确认是重新发货还是退款");
      ACTION("联系买家处理退回");
    } else if (facts_.latest_class == EventClass::kProblem) {
      d_.status = Status::kException;
      EXPLAIN("最新物流记录是问题件：" + event_text(EventClass::kProblem));
      pickup_after_the_fact();
      EXPLAIN("请联系快递网点核实处理，并主动联系买家说明情况，避免买家投诉");
      ACTION("联系快递处理问题件");
    } else if (t.picked_up) {
      if (!t.shipped) {
        incomplete(Field::kShipped, {Field::kShipped},
                   "已有揽收记录，但缺少发货时间，无法判断揽收是否超时");
        return;
      }
      const Epoch deadline = *t.shipped + r_.pickup_window;
      const bool late = *t.picked_up > deadline;
      d_.status = late ? Status::kPickedUpLate : Status::kPickedUp;
      EXPLAIN(pickup_rule(deadline) + "；揽收时间 " + when(*t.picked_up) + pickup_source() +
              (late ? "，晚于截止 " + span(*t.picked_up - deadline) : "，在截止前揽收"));
      if (late) {
        d_.risk_yuan += r_.fake_ship_compensation;
        EXPLAIN("揽收超时可能被判虚假发货，" + fake_ship_risk_text());
        EXPLAIN(appeal_text());
        ACTION("准备申诉材料");
      }
    } else if (t.shipped || !d_.tracking_no.empty() || word_in(word, r_.status_shipped)) {
      if (!t.shipped) {
        incomplete(Field::kShipped, {Field::kShipped},
                   d_.tracking_no.empty() ? "订单状态为已发货，但缺少发货时间，无法计算揽收截止时间"
                                          : "有快递单号，但缺少发货时间，无法计算揽收截止时间");
        return;
      }
      const Epoch deadline = *t.shipped + r_.pickup_window;
      clock(deadline, Status::kAwaitingPickup, Status::kPickupDueSoon, Status::kPickupOverdue);
      EXPLAIN(pickup_rule(deadline) + "；" + now_vs(deadline));
      if (o_.events.empty()) {
        EXPLAIN("暂无揽收记录：如快递已揽收，粘贴物流轨迹或揽收时间即可核对");
      } else if (!foreign_trace_start_) {
        EXPLAIN("物流轨迹中还没有揽收记录");
      }
      switch (d_.status) {
        case Status::kAwaitingPickup:
          ACTION("确认快递在 " + when(deadline) + " 前揽收");
          break;
        case Status::kPickupDueSoon:
          EXPLAIN("离揽收截止不足 " + window_text(r_.due_soon) +
                  "：请马上联系快递网点上门揽收，揽收后留好物流截图");
          ACTION("马上联系快递揽收");
          break;
        default:
          d_.risk_yuan += r_.fake_ship_compensation;
          EXPLAIN("上传单号后超时未揽收，平台可能判为虚假发货，" + fake_ship_risk_text());
          EXPLAIN(appeal_text());
          ACTION("联系快递揽收并准备申诉");
          break;
      }
    } else if (word_in(word, r_.status_unpaid)) {
      d_.status = Status::kIncomplete;
      EXPLAIN("订单尚未支付，发货时钟还没有开始");
    } else if (t.promised_ship_by) {
      const Epoch deadline = *t.promised_ship_by;
      clock(deadline, Status::kAwaitingShipment, Status::kShipDueSoon, Status::kShipOverdue);
      EXPLAIN(ship_line_ + "；尚未上传单号，" + now_vs(deadline));
      switch (d_.status) {
        case Status::kAwaitingShipment:
          EXPLAIN(upload_advice());
          ACTION("在 " + when(deadline) + " 前发货");
          break;
        case Status::kShipDueSoon:
          EXPLAIN("离最晚发货不足 " + window_text(r_.due_soon) + "：请优先发货");
          EXPLAIN(upload_advice());
          ACTION("马上发货");
          break;
        default:
          if (suspended(deadline)) {
            EXPLAIN(
                "已超过最晚发货时间，但截止时刻落在平台暂停延迟发货处罚的时段内，暂不计赔付；仍请尽"
                "快发货");
          } else {
            d_.risk_yuan += r_.late_ship_compensation;
            EXPLAIN("已超过最晚发货时间：按延迟发货赔付买家 " + yuan(r_.late_ship_compensation) +
                    " 元（" + conf("late_ship_compensation_yuan") +
                    "，平台从货款中扣除）；仍请尽快发货，并联系买家说明");
          }
          EXPLAIN("不要为赶时效上传还不能揽收的单号：上传后 " + window_text(r_.pickup_window) +
                  "内没有揽收会被判虚假发货，赔付更多");
          ACTION("立即发货");
          break;
      }
    } else {
      incomplete(Field::kPaid, {Field::kPromised, Field::kGrouped, Field::kPaid},
                 "缺少承诺发货时间、拼单成功时间和支付时间，无法计算发货截止时间");
    }
  }

  // For shipped orders: the ship deadline against the ship time, and the late-shipment finding.
  void explain_shipped() {
    const OrderTimes& t = d_.times;
    if (!t.shipped || !t.promised_ship_by) return;
    const Epoch deadline = *t.promised_ship_by;
    if (*t.shipped <= deadline) {
      EXPLAIN(ship_line_ + "；发货时间 " + when(*t.shipped) + "，按时发货");
      return;
    }
    const std::string late = text_ ? span(*t.shipped - deadline) : std::string();
    EXPLAIN(ship_line_ + "；发货时间 " + when(*t.shipped) + "，晚了 " + late);
    const bool off = suspended(deadline);
    if (!off) d_.risk_yuan += r_.late_ship_compensation;
    ADD(FindingCode::kShippedLate, Severity::kWarning,
        "发货时间 " + when(*t.shipped) + " 晚于最晚发货时间 " + when(deadline) + "（晚 " + late +
            "）：" +
            (off ? "截止时刻落在平台暂停延迟发货处罚的时段内，暂不赔付"
                 : "按延迟发货赔付买家 " + yuan(r_.late_ship_compensation) + " 元（" +
                       conf("late_ship_compensation_yuan") + "）"));
  }

  // Delivered, returned or in trouble: a pickup that came late still counts against the merchant.
  void pickup_after_the_fact() {
    const OrderTimes& t = d_.times;
    if (!t.shipped) return;
    const Epoch deadline = *t.shipped + r_.pickup_window;
    if (t.picked_up && !(pickup_from_trace_ && facts_.pickup_inferred)) {
      if (*t.picked_up <= deadline) return;
      EXPLAIN(pickup_rule(deadline) + "；揽收时间 " + when(*t.picked_up) + pickup_source() +
              "，晚于截止 " + span(*t.picked_up - deadline) + "：可能被判虚假发货，" +
              fake_ship_risk_text());
      d_.risk_yuan += r_.fake_ship_compensation;
    } else if (!t.picked_up && d_.status == Status::kException && now_ > deadline) {
      EXPLAIN(pickup_rule(deadline) + "；至今没有揽收记录，" + now_vs(deadline) +
              "：可能被判虚假发货，" + fake_ship_risk_text());
      d_.risk_yuan += r_.fake_ship_compensation;
    }
  }

  const Suspension* suspension_at(Epoch deadline) const {
    for (const auto& s : r_.suspensions) {
      if (deadline >= s.from && deadline <= s.to) return &s;
    }
    return nullptr;
  }

  // Whether late-shipment penalties were suspended at the deadline; adds the finding once.
  bool suspended(Epoch deadline) {
    const Suspension* s = suspension_at(deadline);
    if (s == nullptr) return false;
    if (!suspension_noted_) {
      suspension_noted_ = true;
      ADD(FindingCode::kPenaltySuspended, Severity::kInfo,
          "最晚发货时间 " + when(deadline) + " 落在平台暂停延迟发货处罚的时段内（" +
              format_datetime(s->from).substr(0, 10) + " 至 " +
              format_datetime(s->to).substr(0, 10) + "，" + conf("penalty_suspensions") + "）" +
              (s->label.empty() ? "" : "：" + s->label));
    }
    return true;
  }

  // The latest event of a class, as "03-11 08:00 text".
  std::string event_text(EventClass cls) const {
    for (auto it = o_.events.rbegin(); it != o_.events.rend(); ++it) {
      if (it->cls == cls) return when(it->at) + " " + it->text;
    }
    return "";
  }

  // --- Checks on the numbers ---------------------------------------------------------------

  void check_order_sn() {
    const std::string_view sn = d_.order_sn;
    if (sn.empty()) return;
    int date_digits = 0;
    if (!order_sn_shape(sn, &date_digits)) {
      ADD(FindingCode::kOrderSnInvalid, Severity::kWarning,
          "订单号「" + clip(sn, 40) +
              "」不是拼多多订单号的格式（6 位日期-15 位数字，如 "
              "250311-512000000000101），请核对是否填错列");
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
      const std::string paid_word = by_paid ? "支付时间" : "拼单成功时间";
      ADD(FindingCode::kOrderDateMismatch, Severity::kWarning,
          "订单号中的日期 " + std::string(digits) +
              (valid ? "（" + format_datetime(order_day).substr(0, 10) + "）与" + paid_word + " " +
                           format_datetime(*paid).substr(0, 10) + " 对不上"
                     : " 不是有效日期") +
              "：请核对是否把别的订单的信息填到了这一行");
    }
  }

  void check_courier() {
    if (d_.tracking_no.empty()) return;
    if (bad_number_) {
      ADD(FindingCode::kTrackingInvalid, Severity::kCritical,
          "单号「" + d_.tracking_no + "」含有单号中不会出现的字符，请核对是否填错");
      return;
    }
    const auto& cands = d_.courier.candidates;
    if (d_.courier.declared.empty()) {
      if (cands.empty()) {
        ADD(FindingCode::kCourierUnknown, Severity::kWarning,
            "没有填写快递公司，单号「" + d_.tracking_no + "」也不符合已知快递公司的格式，请核对");
      }
      return;
    }
    const Courier* declared = d_.courier.resolved;
    if (declared == nullptr) {
      ADD(FindingCode::kCourierUnknown, Severity::kInfo,
          "快递公司「" + clip(d_.courier.declared, 40) +
              "」不在 lanshou 的快递公司列表中，无法核对单号格式");
      return;
    }
    const bool fits = std::any_of(cands.begin(), cands.end(),
                                  [&](const CourierMatch& m) { return m.courier == declared; });
    if (fits) return;
    // Candidates are best first: a high or medium match of another courier is a likely mix-up.
    if (!cands.empty() && cands.front().confidence != Confidence::kLow) {
      const CourierMatch& other = cands.front();
      const bool sure = other.confidence == Confidence::kHigh;
      ADD(FindingCode::kCourierMismatch, sure ? Severity::kCritical : Severity::kWarning,
          "单号「" + d_.tracking_no + "」" + (sure ? "是" : "更像") + other.courier->name +
              "的单号格式，但快递公司填的是" + declared->name +
              "：物流公司与单号不一致会被判虚假发货，请核对，填错了按下面的改单号步骤处理");
      return;
    }
    const bool data_firm = declared->confidence == "firm";
    ADD(FindingCode::kTrackingInvalid, data_firm ? Severity::kCritical : Severity::kWarning,
        "单号「" + d_.tracking_no + "」不符合" + declared->name + "的单号格式" +
            (data_firm ? "" : "（lanshou 对该快递公司的单号格式把握不大）") + "，请核对是否填错");
  }

  void check_trace() {
    const OrderTimes& t = d_.times;
    const std::optional<Epoch> start = t.paid ? t.paid : t.grouped;
    if (foreign_trace_start_) {
      ADD(FindingCode::kTraceBeforePayment, Severity::kCritical,
          "物流轨迹的第一条记录（" + when(*foreign_trace_start_) + "）早于" +
              (t.paid ? "支付时间" : "拼单成功时间") + "（" + when(*start) +
              "）：单号可能被重复使用，会被判虚假发货");
    }
    const bool moving = d_.status == Status::kPickedUp || d_.status == Status::kPickedUpLate;
    if (moving && facts_.latest_at && now_ - *facts_.latest_at > r_.trace_stale) {
      ADD(FindingCode::kTraceStale, Severity::kWarning,
          "揽收后物流停滞：最后一条记录在 " + when(*facts_.latest_at) + "，已 " +
              span(now_ - *facts_.latest_at) + "没有更新（超过 " + window_text(r_.trace_stale) +
              "，" + conf("trace_stale_hours") +
              "）：请联系快递网点核实，停滞的轨迹也可能被判虚假发货");
    }
  }

  // Facts of the order's sources that disagree (lanshou/join.h), each naming both lines.
  void check_conflicts() {
    for (const FactConflict& c : o_.conflicts()) {
      ADD(FindingCode::kFactsConflict, Severity::kWarning, conflict_message(o_, c));
    }
  }

  // --- Fix path ----------------------------------------------------------------------------

  static FixStep step(const char* code, const char* title, std::string_view menu,
                      std::string detail) {
    return {code, title, menu, std::move(detail)};
  }

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
      const std::string detail =
          text_ ? "在 " + when(direct_until) + " 前可直接修改单号" : std::string();
      STEP(step("modify_in_delivery_center", "方法一：在发货中心覆盖发货",
                r_.menu_modify_delivery_center, detail));
      STEP(step("modify_in_order_detail", "方法二：在订单详情修改单号", r_.menu_modify_order_detail,
                detail));
      if (say) {
        EXPLAIN("如单号填错：" + when(direct_until) + " 前可直接修改（发货后 " +
                window_text(r_.direct_change) + "，" + conf("direct_change_hours") +
                "）：发货中心勾选「覆盖发货」，或订单详情右上角「修改单号」");
      }
      return;
    }
    STEP(step("chat_buyer", "联系买家", r_.menu_chat_buyer,
              "把正确的快递公司和单号发给买家，避免买家申请平台介入"));
    STEP(step("order_note", "添加商家备注", r_.menu_order_note,
              "备注内容写：正确物流 + 快递公司 + 单号"));
    if (now_ <= extra_until) {
      f.code = FixCode::kNotifyNoteExtraPackage;
      f.until = extra_until;
      STEP(step("extra_package", "新增补寄额外包裹", r_.menu_extra_package,
                "在 " + when(extra_until) +
                    " 前可新增；额外包裹单号仅作记录和展示给买家，不具备发货效力，违规"
                    "判定仍以原上传单号为准"));
      if (say) {
        EXPLAIN("如单号填错：已超过可直接修改的 " + window_text(r_.direct_change) +
                "，需联系买家、添加备注，并在 " + when(extra_until) + " 前新增补寄包裹（" +
                conf("extra_package_days") + "）；补寄单号只作展示，违规仍按原单号判定");
      }
    } else {
      f.code = FixCode::kNotifyNoteOnly;
      if (say) {
        EXPLAIN("如单号填错：已超过发货后 " + window_text(r_.extra_package) +
                "，不能再新增补寄包裹，只能联系买家并添加备注");
      }
    }
    STEP(step("refund_rejection", "如买家申请退款：驳回", r_.menu_refund_rejection,
              "驳回原因选「填错物流单号」，并填写正确的物流公司和单号"));
  }

  const RawOrder& o_;
  const RuleSet& r_;
  const Epoch now_;
  const int now_year_;
  std::vector<EngineError>* errors_;
  const bool text_;
  CourierNames* names_;  // a per-run memo of courier names, or null
  Decision d_;
  TraceFacts facts_;
  std::optional<Epoch> promised_;
  std::optional<Epoch> foreign_trace_start_;  // set when the trace predates the payment
  std::string ship_line_;  // the ship deadline and how it was reached; empty without one
  std::array<bool, kFieldCount> unreadable_{};
  bool pickup_from_trace_ = false;
  bool bad_number_ = false;
  bool suspension_noted_ = false;
};

#undef EXPLAIN
#undef ACTION
#undef ADD
#undef STEP

// The other orders' numbers on one tracking number, in input order, without repeats.
std::vector<std::string_view> orders_on_number(const std::vector<Decision>& decisions,
                                               const std::vector<std::size_t>& idx) {
  std::vector<std::string_view> orders;
  std::unordered_set<std::string_view> seen;
  seen.reserve(idx.size());
  for (std::size_t i : idx) {
    if (seen.insert(decisions[i].order_sn).second) orders.push_back(decisions[i].order_sn);
  }
  return orders;
}

std::string duplicate_message(std::string_view number,
                              const std::vector<std::string_view>& orders) {
  std::string list;
  for (std::size_t k = 0; k < orders.size() && k < 5; ++k) {
    if (k > 0) list += "、";
    list += orders[k];
  }
  if (orders.size() > 5) list += " 等";
  return "单号「" + std::string(number) + "」同时用于 " + std::to_string(orders.size()) +
         " 个订单（" + list +
         "）：一个单号对应多个订单会被判虚假发货；如是同一买家同一地址的合并发货，可忽略";
}

bool counts_for_duplicates(const Decision& d) {
  return !d.tracking_no.empty() && !d.order_sn.empty();
}

// The same number on several orders: each of them gets the finding. One hash entry per number,
// the orders on it chained in input order (no vector per number).
void mark_duplicates(std::vector<Decision>& decisions, bool text) {
  constexpr auto kEnd = static_cast<std::size_t>(-1);
  struct Chain {
    std::size_t head, tail;
  };
  std::unordered_map<std::string_view, Chain> by_number;
  by_number.reserve(decisions.size());
  std::vector<std::size_t> next(decisions.size(), kEnd);
  std::vector<std::size_t> heads;  // numbers on two or more orders
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    const Decision& d = decisions[i];
    if (!counts_for_duplicates(d)) continue;
    const auto [it, inserted] = by_number.try_emplace(d.tracking_no, Chain{i, i});
    if (inserted) continue;
    if (it->second.head == it->second.tail) heads.push_back(it->second.head);
    next[it->second.tail] = i;
    it->second.tail = i;
  }
  std::vector<std::size_t> idx;
  for (const std::size_t head : heads) {
    idx.clear();
    for (std::size_t k = head; k != kEnd; k = next[k]) idx.push_back(k);
    const std::vector<std::string_view> orders = orders_on_number(decisions, idx);
    if (orders.size() < 2) continue;
    const std::string message =
        text ? duplicate_message(decisions[head].tracking_no, orders) : std::string();
    for (std::size_t i : idx) {
      decisions[i].findings.push_back(
          {FindingCode::kTrackingDuplicate, Severity::kCritical, message});
    }
  }
}

// A finding that says the uploaded number itself is wrong (the wording module uses the same set).
bool says_number_wrong(FindingCode c) {
  return c == FindingCode::kCourierMismatch || c == FindingCode::kTrackingInvalid ||
         c == FindingCode::kTrackingDuplicate || c == FindingCode::kTraceBeforePayment;
}

// When a finding says the number is wrong, the fix path is no longer an "if": say so, and make
// fixing the number the next step while the order still waits for its pickup.
void apply_wrong_number(Decision& d, Epoch now, bool text) {
  if (d.fix.code == FixCode::kNone || d.status == Status::kDelivered ||
      d.status == Status::kClosed) {
    return;
  }
  if (std::none_of(d.findings.begin(), d.findings.end(),
                   [](const Finding& f) { return says_number_wrong(f.code); })) {
    return;
  }
  if (!text) return;  // what follows is wording only
  static constexpr std::string_view kIf = "如单号填错：";
  for (auto& line : d.explain) {
    if (line.compare(0, kIf.size(), kIf) == 0)
      line.replace(0, kIf.size(), "单号很可能有误（见发现）：");
  }
  // Only while no pickup is known: a collected parcel travels on that number whatever it is.
  if (d.status != Status::kAwaitingPickup && d.status != Status::kPickupDueSoon &&
      d.status != Status::kPickupOverdue) {
    return;
  }
  switch (d.fix.code) {
    case FixCode::kModifyDirect: {
      const bool same_year = to_beijing(*d.fix.until).year == to_beijing(now).year;
      d.action =
          "在 " +
          (same_year ? format_short(*d.fix.until) : format_datetime(*d.fix.until).substr(0, 16)) +
          " 前改正单号";
      break;
    }
    case FixCode::kNotifyNoteExtraPackage:
      d.action = "联系买家、备注并补寄正确单号";
      break;
    default:
      d.action = "联系买家并备注正确单号";
      break;
  }
}

}  // namespace

std::string_view to_string(Status s) {
  static constexpr std::array<std::string_view, kStatusCount> kNames = {
      "awaiting_shipment", "ship_due_soon", "ship_overdue",   "awaiting_pickup", "pickup_due_soon",
      "pickup_overdue",    "picked_up",     "picked_up_late", "delivered",       "returned",
      "exception",         "closed",        "incomplete"};
  return kNames[static_cast<std::size_t>(s)];
}

std::string_view status_zh(Status s) {
  static constexpr std::array<std::string_view, kStatusCount> kNames = {
      "待发货",   "即将发货超时", "发货超时",       "待揽收", "即将揽收超时",
      "揽收超时", "已揽收",       "已揽收（超时）", "已签收", "已退回",
      "物流异常", "已关闭",       "信息不全"};
  return kNames[static_cast<std::size_t>(s)];
}

bool has_clock(Status s) {
  return s <= Status::kPickupOverdue;
}

std::string_view to_string(FindingCode c) {
  static constexpr std::array<std::string_view, static_cast<std::size_t>(FindingCode::kCount)>
      kNames = {"shipped_late",        "courier_mismatch",     "courier_unknown",
                "tracking_invalid",    "tracking_duplicate",   "order_sn_invalid",
                "order_date_mismatch", "trace_before_payment", "trace_stale",
                "penalty_suspended",   "facts_conflict"};
  return kNames[static_cast<std::size_t>(c)];
}

std::string_view finding_zh(FindingCode c) {
  static constexpr std::array<std::string_view, static_cast<std::size_t>(FindingCode::kCount)>
      kNames = {"发货晚了", "快递公司与单号不符", "快递公司未知",   "单号格式不对",
                "单号重复", "订单号格式不对",     "订单号日期不符", "轨迹早于支付",
                "物流停滞", "处罚暂停期",         "信息互相矛盾"};
  return kNames[static_cast<std::size_t>(c)];
}

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kCritical:
      return "critical";
  }
  return "info";
}

std::string_view to_string(FixCode c) {
  switch (c) {
    case FixCode::kNone:
      return "none";
    case FixCode::kModifyDirect:
      return "modify_direct";
    case FixCode::kNotifyNoteExtraPackage:
      return "notify_note_extra_package";
    case FixCode::kNotifyNoteOnly:
      return "notify_note_only";
  }
  return "none";
}

std::string_view fix_zh(FixCode c) {
  switch (c) {
    case FixCode::kNone:
      return "";
    case FixCode::kModifyDirect:
      return "可直接改单号";
    case FixCode::kNotifyNoteExtraPackage:
      return "联系买家+备注+补寄包裹";
    case FixCode::kNotifyNoteOnly:
      return "联系买家+备注";
  }
  return "";
}

std::vector<Decision> decide_all(const std::vector<RawOrder>& orders, const RuleSet& rules,
                                 Epoch now, std::vector<EngineError>* errors, bool text,
                                 unsigned threads) {
  std::vector<Decision> out;
#ifndef __EMSCRIPTEN__
  // Orders are decided one by one (the cross-order steps come after), so ranges of them can be
  // decided at once, each with its own courier-name memo and errors, which are joined in order.
  const std::size_t ranges = parts_for(orders.size(), threads, kMinOrdersPerPart);
  if (ranges > 1) {
    out.resize(orders.size());
    std::vector<std::vector<EngineError>> range_errors(ranges);
    run_parts(ranges, [&](std::size_t r) {
      CourierNames names;
      const std::size_t end = range_begin(orders.size(), ranges, r + 1);
      for (std::size_t i = range_begin(orders.size(), ranges, r); i < end; ++i) {
        out[i] = OrderDecider(orders[i], rules, now, &range_errors[r], text, &names).run();
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
    CourierNames names;
    for (const auto& o : orders) {
      out.push_back(OrderDecider(o, rules, now, errors, text, &names).run());
    }
  }
  (void)threads;  // wasm: one thread
  mark_duplicates(out, text);
  for (auto& d : out) apply_wrong_number(d, now, text);
  return out;
}

namespace {
bool is_duplicate(const Decision& d) {
  return std::any_of(d.findings.begin(), d.findings.end(),
                     [](const Finding& f) { return f.code == FindingCode::kTrackingDuplicate; });
}
}  // namespace

DuplicateIndex index_duplicates(const std::vector<Decision>& all) {
  std::unordered_map<std::string_view, std::vector<std::size_t>> groups;
  for (std::size_t k = 0; k < all.size(); ++k) {
    if (is_duplicate(all[k])) groups[all[k].tracking_no].push_back(k);
  }
  DuplicateIndex index;
  index.reserve(groups.size());
  for (const auto& [number, idx] : groups) {
    index.emplace(number, duplicate_message(number, orders_on_number(all, idx)));
  }
  return index;
}

Decision decide_text(const std::vector<Decision>& all, std::size_t i, const RuleSet& rules,
                     Epoch now, const DuplicateIndex* dups) {
  std::vector<EngineError> ignored;  // the same errors were reported when `all` was decided
  Decision d = OrderDecider(*all[i].raw, rules, now, &ignored, true).run();
  if (is_duplicate(all[i])) {
    // The index holds every flagged number (index_duplicates); without one, scan.
    const DuplicateIndex own = dups != nullptr ? DuplicateIndex() : index_duplicates(all);
    d.findings.push_back({FindingCode::kTrackingDuplicate, Severity::kCritical,
                          (dups != nullptr ? *dups : own).at(d.tracking_no)});
  }
  apply_wrong_number(d, now, true);
  return d;
}

}  // namespace lanshou
