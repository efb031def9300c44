#include "lanshou/engine.h"

#include <algorithm>
#include <unordered_map>

#include "lanshou/text.h"
#include "lanshou/trace.h"

namespace lanshou {
namespace {

std::string hours_text(Epoch seconds) { return format_duration_zh(seconds); }

// A rule's window as the rule states it: "24 小时", "30 天".
std::string window_text(Epoch seconds) {
  if (seconds % 86400 == 0 && seconds >= 3 * 86400) return std::to_string(seconds / 86400) + " 天";
  if (seconds % 3600 == 0) return std::to_string(seconds / 3600) + " 小时";
  return format_duration_zh(seconds);
}

std::string conf(const RuleSet& r, std::string_view key) {
  return std::string(confidence_zh(r.confidence(key)));
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

// Status words compare with ASCII and full-width commas alike: spreadsheets turn one into the other.
bool word_in(std::string_view word, const std::vector<std::string>& list) {
  word = trim(word);
  if (word.empty()) return false;
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

class OrderDecider {
 public:
  OrderDecider(const RawOrder& o, const RuleSet& r, Epoch now, std::vector<EngineError>* errors)
      : o_(o), r_(r), now_(now), errors_(errors) {}

  Decision run() {
    d_.raw = &o_;
    d_.order_sn = std::string(o_.get(Field::kOrderSn));
    read_times();
    read_courier();
    decide_status();
    check_order_sn();
    check_courier();
    check_trace();
    decide_fix_path();
    return std::move(d_);
  }

 private:
  void error(Field f, const char* code, std::string message) {
    errors_->push_back({o_.line, std::string(o_.label[static_cast<std::size_t>(f)]), code,
                        std::move(message)});
  }

  std::string line_prefix() const { return "第 " + std::to_string(o_.line) + " 行"; }

  std::optional<Epoch> read_time(Field f) {
    const std::string_view v = o_.get(f);
    if (v.empty()) return std::nullopt;
    const TimeParse p = parse_time(v);
    if (p.ok()) return p.epoch;
    unreadable_ = true;
    std::string shown(v.substr(0, 40));
    error(f, p.status == TimeStatus::kOutOfRange ? "time_out_of_range" : "time_bad_format",
          line_prefix() + "「" + std::string(o_.label[static_cast<std::size_t>(f)]) + "」的值「" +
              shown + "」无法读取：" + std::string(time_status_message(p.status)));
    return std::nullopt;
  }

  void read_times() {
    OrderTimes& t = d_.times;
    t.paid = read_time(Field::kPaid);
    t.grouped = read_time(Field::kGrouped);
    promised_ = read_time(Field::kPromised);
    t.shipped = read_time(Field::kShipped);
    t.picked_up = read_time(Field::kPickedUp);
    t.delivered = read_time(Field::kDelivered);
    facts_ = summarize(o_.events);
    if (!t.picked_up && facts_.pickup) {
      t.picked_up = facts_.pickup;
      pickup_from_trace_ = true;
    }
    if (!t.delivered && facts_.signed_at) t.delivered = facts_.signed_at;
    if (promised_) {
      t.promised_ship_by = promised_;
    } else if (t.grouped) {
      t.promised_ship_by = *t.grouped + r_.ship_promise;
    } else if (t.paid) {
      t.promised_ship_by = *t.paid + r_.ship_promise;
    }
  }

  void read_courier() {
    const std::string_view raw_no = o_.get(Field::kTrackingNo);
    const CourierRegistry& reg = CourierRegistry::builtin();
    if (!raw_no.empty()) {
      d_.tracking_no = normalize_tracking_no(raw_no);
      if (d_.tracking_no.empty()) {
        bad_number_ = true;
        d_.tracking_no = std::string(raw_no.substr(0, 64));
      } else {
        d_.courier.candidates = reg.detect(d_.tracking_no);
      }
    }
    d_.courier.declared = o_.get(Field::kCourier);
    if (!d_.courier.declared.empty()) {
      d_.courier.resolved = reg.find_by_name(d_.courier.declared);
    } else if (!d_.courier.candidates.empty()) {
      d_.courier.resolved = d_.courier.candidates.front().courier;
    }
  }

  // Sets a clock status from the deadline: overdue past it, due soon within the warning window.
  void clock(Epoch deadline, Status waiting, Status soon, Status overdue) {
    d_.deadline = deadline;
    const Epoch left = deadline - now_;
    d_.status = left < 0 ? overdue : (left <= r_.due_soon ? soon : waiting);
  }

  std::string now_vs(Epoch deadline) const {
    const Epoch left = deadline - now_;
    std::string s = "现在 " + format_short(now_);
    if (left < 0) return s + "，已超时 " + hours_text(-left);
    if (left == 0) return s + "，恰好到截止时刻";
    return s + "，还剩 " + hours_text(left);
  }

  void explain_ship_deadline() {
    const OrderTimes& t = d_.times;
    if (!t.promised_ship_by) return;
    const std::string promise = std::to_string(r_.ship_promise / 3600);
    if (promised_) {
      d_.explain.push_back("承诺发货时间 " + format_short(*promised_) +
                           "（表中的承诺发货时间优先于默认 " + promise + " 小时，预售和定制商品更晚）");
    } else if (t.grouped) {
      d_.explain.push_back("拼单成功时间 " + format_short(*t.grouped) + " + 发货时限 " + promise +
                           " 小时（" + conf(r_, "ship_promise_hours") + "）= 最晚发货 " +
                           format_short(*t.promised_ship_by));
    } else {
      d_.explain.push_back("支付时间 " + format_short(*t.paid) + " + 发货时限 " + promise +
                           " 小时（" + conf(r_, "ship_promise_hours") + "；缺拼单成功时间，按支付时间计）= 最晚发货 " +
                           format_short(*t.promised_ship_by));
    }
  }

  std::string pickup_rule(Epoch deadline) const {
    return "发货时间 " + format_short(*d_.times.shipped) + " + 揽收时限 " +
           window_text(r_.pickup_window) + "（" + conf(r_, "pickup_window_hours") + "）= 截止 " +
           format_short(deadline);
  }

  void incomplete(Field f, const char* why) {
    d_.status = Status::kIncomplete;
    d_.explain.push_back(std::string("信息不全：") + why);
    if (!unreadable_) error(f, "missing_time", line_prefix() + "：" + why);
  }

  void decide_status() {
    const OrderTimes& t = d_.times;
    const std::string_view word = o_.get(Field::kStatus);
    explain_ship_deadline();
    if (word_in(word, r_.status_closed)) {
      d_.status = Status::kClosed;
      d_.explain.push_back("订单状态为「" + std::string(trim(word)) + "」，订单已关闭，不再计算时效");
    } else if (word_in(word, r_.status_delivered) || t.delivered) {
      d_.status = Status::kDelivered;
      d_.explain.push_back(t.delivered ? "已签收（" + format_short(*t.delivered) + "）"
                                       : "订单状态为「" + std::string(trim(word)) + "」");
    } else if (facts_.returned) {
      d_.status = Status::kReturned;
      d_.explain.push_back("物流轨迹显示快件已退回或被拒收");
    } else if (facts_.latest_class == EventClass::kProblem) {
      d_.status = Status::kException;
      d_.explain.push_back("最新物流记录是问题件：" + latest_text());
    } else if (t.picked_up) {
      if (!t.shipped) {
        incomplete(Field::kShipped, "已有揽收记录，但缺少发货时间，无法判断揽收是否超时");
        return;
      }
      const Epoch deadline = *t.shipped + r_.pickup_window;
      const bool late = *t.picked_up > deadline;
      d_.status = late ? Status::kPickedUpLate : Status::kPickedUp;
      pickup_deadline_ = deadline;
      std::string line = pickup_rule(deadline) + "；揽收时间 " + format_short(*t.picked_up) +
                         (pickup_from_trace_ ? (facts_.pickup_inferred ? "（由物流轨迹中的后续记录推断）"
                                                                       : "（来自物流轨迹）")
                                            : "");
      line += late ? "，晚于截止 " + hours_text(*t.picked_up - deadline)
                   : "，在截止前揽收";
      d_.explain.push_back(line);
      if (late) {
        d_.risk_yuan += r_.fake_ship_compensation;
        d_.explain.push_back("揽收超时可能被判虚假发货，预计赔付约 " + yuan(r_.fake_ship_compensation) +
                             " 元（" + conf(r_, "fake_ship_compensation_yuan") + "）；可凭客观原因申诉");
      }
    } else if (t.shipped || !d_.tracking_no.empty()) {
      if (!t.shipped) {
        incomplete(Field::kShipped, "有快递单号，但缺少发货时间，无法计算揽收截止时间");
        return;
      }
      const Epoch deadline = *t.shipped + r_.pickup_window;
      clock(deadline, Status::kAwaitingPickup, Status::kPickupDueSoon, Status::kPickupOverdue);
      pickup_deadline_ = deadline;
      d_.explain.push_back(pickup_rule(deadline) + "；" + now_vs(deadline));
      d_.explain.push_back(o_.events.empty()
                               ? "暂无揽收记录：如快递已揽收，粘贴物流轨迹或揽收时间即可核对"
                               : "物流轨迹中还没有揽收记录");
      if (d_.status == Status::kPickupOverdue) {
        d_.risk_yuan += r_.fake_ship_compensation;
        d_.explain.push_back("上传单号后超时未揽收，平台可能判为虚假发货，预计赔付约 " +
                             yuan(r_.fake_ship_compensation) + " 元（" +
                             conf(r_, "fake_ship_compensation_yuan") + "）");
      }
    } else if (word_in(word, r_.status_unpaid)) {
      d_.status = Status::kIncomplete;
      d_.explain.push_back("订单尚未支付，发货时钟还没有开始");
    } else if (t.promised_ship_by) {
      clock(*t.promised_ship_by, Status::kAwaitingShipment, Status::kShipDueSoon,
            Status::kShipOverdue);
      d_.explain.push_back("尚未上传单号；" + now_vs(*t.promised_ship_by));
      if (d_.status == Status::kShipOverdue && !suspended(*t.promised_ship_by)) {
        d_.risk_yuan += r_.late_ship_compensation;
        d_.explain.push_back("已超过最晚发货时间，将按延迟发货赔付买家 " +
                             yuan(r_.late_ship_compensation) + " 元（" +
                             conf(r_, "late_ship_compensation_yuan") + "）；尽快发货并联系买家");
      }
    } else {
      incomplete(Field::kPaid, "缺少承诺发货时间、拼单成功时间和支付时间，无法计算发货截止时间");
    }
    if (t.shipped && t.promised_ship_by && *t.shipped > *t.promised_ship_by) {
      const bool off = suspended(*t.promised_ship_by);
      if (!off) d_.risk_yuan += r_.late_ship_compensation;
      add(FindingCode::kShippedLate, Severity::kWarning,
          "发货时间 " + format_short(*t.shipped) + " 晚于最晚发货时间 " +
              format_short(*t.promised_ship_by) + "（晚 " +
              hours_text(*t.shipped - *t.promised_ship_by) + "），" +
              (off ? "恰在平台暂停处罚期间" : "可能按延迟发货赔付买家 " +
                                                  yuan(r_.late_ship_compensation) + " 元（" +
                                                  conf(r_, "late_ship_compensation_yuan") + "）"));
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
      add(FindingCode::kPenaltySuspended, Severity::kInfo,
          "最晚发货时间 " + format_short(deadline) + " 落在平台暂停延迟发货处罚的时段内（" +
              format_datetime(s->from).substr(0, 10) + " 至 " +
              format_datetime(s->to).substr(0, 10) + "，" + conf(r_, "penalty_suspensions") +
              "）" + (s->label.empty() ? "" : "：" + s->label));
    }
    return true;
  }

  std::string latest_text() const {
    if (o_.events.empty()) return "";
    return format_short(o_.events.back().at) + " " + o_.events.back().text;
  }

  void add(FindingCode code, Severity severity, std::string message) {
    d_.findings.push_back({code, severity, std::move(message)});
  }

  void check_order_sn() {
    const std::string_view sn = d_.order_sn;
    if (sn.empty()) return;
    int date_digits = 0;
    if (!order_sn_shape(sn, &date_digits)) {
      add(FindingCode::kOrderSnInvalid, Severity::kWarning,
          "订单号「" + std::string(sn.substr(0, 40)) +
              "」不是拼多多订单号的格式（6 位日期-15 位数字，如 250311-512000000000101）");
      return;
    }
    const std::optional<Epoch> paid = d_.times.paid ? d_.times.paid : d_.times.grouped;
    if (!paid) return;
    CivilTime c;
    const std::string_view digits = sn.substr(0, static_cast<std::size_t>(date_digits));
    const int yy = std::stoi(std::string(digits.substr(0, date_digits - 4)));
    c.year = date_digits == 6 ? 2000 + yy : yy;
    c.month = std::stoi(std::string(digits.substr(date_digits - 4, 2)));
    c.day = std::stoi(std::string(digits.substr(date_digits - 2, 2)));
    const bool valid = is_valid_civil(c);
    const Epoch order_day = valid ? from_beijing(c) : 0;
    const CivilTime p = to_beijing(*paid);
    const Epoch paid_day = from_beijing({p.year, p.month, p.day, 0, 0, 0});
    if (!valid || order_day > paid_day || paid_day - order_day > 86400) {
      add(FindingCode::kOrderDateMismatch, Severity::kWarning,
          "订单号中的日期 " + std::string(digits) + " 与支付时间 " +
              format_datetime(*paid).substr(0, 10) + " 对不上：请核对是否把别的订单的信息填到了这一行");
    }
  }

  void check_courier() {
    if (d_.tracking_no.empty()) return;
    if (bad_number_) {
      add(FindingCode::kTrackingInvalid, Severity::kCritical,
          "单号「" + d_.tracking_no + "」含有单号中不会出现的字符，请核对是否填错");
      return;
    }
    const Courier* declared = d_.courier.declared.empty() ? nullptr : d_.courier.resolved;
    const auto& cands = d_.courier.candidates;
    if (!d_.courier.declared.empty() && declared == nullptr) {
      add(FindingCode::kCourierUnknown, Severity::kWarning,
          "快递公司「" + std::string(d_.courier.declared.substr(0, 40)) +
              "」不在 lanshou 的快递公司列表中，无法核对单号格式");
      return;
    }
    if (declared == nullptr) {
      if (cands.empty()) {
        add(FindingCode::kCourierUnknown, Severity::kWarning,
            "没有填写快递公司，单号「" + d_.tracking_no + "」也不符合已知快递公司的格式");
      }
      return;
    }
    const bool fits = std::any_of(cands.begin(), cands.end(),
                                  [&](const CourierMatch& m) { return m.courier == declared; });
    if (fits) return;
    const CourierMatch* other = nullptr;
    for (const auto& m : cands) {
      if (m.confidence == Confidence::kHigh) {
        other = &m;
        break;
      }
    }
    if (other != nullptr) {
      add(FindingCode::kCourierMismatch, Severity::kCritical,
          "单号「" + d_.tracking_no + "」是" + other->courier->name + "的单号格式，但快递公司填的是" +
              declared->name + "：物流公司与单号不一致会被判虚假发货，请按填错单号处理");
    } else {
      add(FindingCode::kTrackingInvalid, Severity::kCritical,
          "单号「" + d_.tracking_no + "」不符合" + declared->name + "的单号格式，请核对是否填错");
    }
  }

  void check_trace() {
    const OrderTimes& t = d_.times;
    const std::optional<Epoch> start = t.paid ? t.paid : t.grouped;
    if (facts_.first_event && start && *facts_.first_event < *start) {
      add(FindingCode::kTraceBeforePayment, Severity::kCritical,
          "物流轨迹的第一条记录（" + format_short(*facts_.first_event) + "）早于支付时间（" +
              format_short(*start) + "）：单号可能被重复使用，会被判虚假发货");
    }
    const bool moving = d_.status == Status::kPickedUp || d_.status == Status::kPickedUpLate;
    if (moving && facts_.latest_at && now_ - *facts_.latest_at > r_.trace_stale) {
      add(FindingCode::kTraceStale, Severity::kWarning,
          "揽收后已有 " + hours_text(now_ - *facts_.latest_at) + " 没有新的物流记录（超过 " +
              window_text(r_.trace_stale) + "，" + conf(r_, "trace_stale_hours") +
              "）：请联系快递网点核实，停滞的轨迹也可能被判虚假发货");
    }
  }

  FixStep step(const char* code, const char* title, const std::string& menu, std::string detail) {
    return {code, title, menu, std::move(detail)};
  }

  void decide_fix_path() {
    if (!d_.times.shipped) return;
    const Epoch shipped = *d_.times.shipped;
    FixPath& f = d_.fix;
    const Epoch direct_until = shipped + r_.direct_change;
    const Epoch extra_until = shipped + r_.extra_package;
    if (now_ <= direct_until) {
      f.code = FixCode::kModifyDirect;
      f.until = direct_until;
      f.steps.push_back(step("modify_in_delivery_center", "方法一：在发货中心覆盖发货",
                             r_.menu_modify_delivery_center,
                             "在 " + format_short(direct_until) + " 前可直接修改单号"));
      f.steps.push_back(step("modify_in_order_detail", "方法二：在订单详情修改单号",
                             r_.menu_modify_order_detail,
                             "在 " + format_short(direct_until) + " 前可直接修改单号"));
      d_.explain.push_back("如单号填错：" + format_short(direct_until) + " 前可直接修改（发货后 " +
                           window_text(r_.direct_change) + "，" + conf(r_, "direct_change_hours") +
                           "）");
      return;
    }
    f.steps.push_back(step("chat_buyer", "联系买家", r_.menu_chat_buyer,
                           "把正确的快递公司和单号发给买家，避免买家申请平台介入"));
    f.steps.push_back(step("order_note", "添加商家备注", r_.menu_order_note,
                           "备注内容写：正确物流 + 快递公司 + 单号"));
    if (now_ <= extra_until) {
      f.code = FixCode::kNotifyNoteExtraPackage;
      f.until = extra_until;
      f.steps.push_back(step("extra_package", "新增补寄额外包裹", r_.menu_extra_package,
                             "在 " + format_short(extra_until) +
                                 " 前可新增；额外包裹单号仅作记录和展示给买家，不具备发货效力，违规判定仍以原上传单号为准"));
      d_.explain.push_back("如单号填错：已超过可直接修改的 " + window_text(r_.direct_change) +
                           "，需联系买家、添加备注，并在 " + format_short(extra_until) +
                           " 前新增补寄包裹（" + conf(r_, "extra_package_days") + "）");
    } else {
      f.code = FixCode::kNotifyNoteOnly;
      d_.explain.push_back("如单号填错：已超过发货后 " + window_text(r_.extra_package) +
                           "，不能再新增补寄包裹，只能联系买家并添加备注");
    }
    f.steps.push_back(step("refund_rejection", "如买家申请退款：驳回", r_.menu_refund_rejection,
                           "驳回原因选「填错物流单号」，并填写正确的物流公司和单号"));
  }

  const RawOrder& o_;
  const RuleSet& r_;
  const Epoch now_;
  std::vector<EngineError>* errors_;
  Decision d_;
  TraceFacts facts_;
  std::optional<Epoch> promised_;
  std::optional<Epoch> pickup_deadline_;
  bool pickup_from_trace_ = false;
  bool unreadable_ = false;
  bool bad_number_ = false;
  bool suspension_noted_ = false;
};

// The same number on several orders: each of them gets the finding.
void mark_duplicates(std::vector<Decision>& decisions) {
  std::unordered_map<std::string_view, std::vector<std::size_t>> by_number;
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    const Decision& d = decisions[i];
    if (d.tracking_no.empty() || d.order_sn.empty()) continue;
    by_number[d.tracking_no].push_back(i);
  }
  for (const auto& [number, idx] : by_number) {
    std::vector<std::string_view> orders;
    for (std::size_t i : idx) {
      if (std::find(orders.begin(), orders.end(), decisions[i].order_sn) == orders.end()) {
        orders.push_back(decisions[i].order_sn);
      }
    }
    if (orders.size() < 2) continue;
    std::string list;
    for (std::size_t k = 0; k < orders.size() && k < 5; ++k) {
      if (k > 0) list += "、";
      list += orders[k];
    }
    if (orders.size() > 5) list += " 等";
    for (std::size_t i : idx) {
      decisions[i].findings.push_back(
          {FindingCode::kTrackingDuplicate, Severity::kCritical,
           "单号「" + std::string(number) + "」同时用于 " + std::to_string(orders.size()) +
               " 个订单（" + list + "）：一个单号对应多个订单会被判虚假发货"});
    }
  }
}

}  // namespace

std::string_view to_string(Status s) {
  static constexpr std::array<std::string_view, kStatusCount> kNames = {
      "awaiting_shipment", "ship_due_soon", "ship_overdue",  "awaiting_pickup", "pickup_due_soon",
      "pickup_overdue",    "picked_up",     "picked_up_late", "delivered",      "returned",
      "exception",         "closed",        "incomplete"};
  return kNames[static_cast<std::size_t>(s)];
}

std::string_view status_zh(Status s) {
  static constexpr std::array<std::string_view, kStatusCount> kNames = {
      "待发货",   "即将发货超时", "发货超时", "待揽收",   "即将揽收超时", "揽收超时", "已揽收",
      "揽收晚了", "已签收",       "已退回",   "物流异常", "已关闭",       "信息不全"};
  return kNames[static_cast<std::size_t>(s)];
}

bool has_clock(Status s) { return s <= Status::kPickupOverdue; }

std::string_view to_string(FindingCode c) {
  static constexpr std::array<std::string_view, static_cast<std::size_t>(FindingCode::kCount)>
      kNames = {"shipped_late",       "courier_mismatch",    "courier_unknown", "tracking_invalid",
                "tracking_duplicate", "order_sn_invalid",    "order_date_mismatch",
                "trace_before_payment", "trace_stale",       "penalty_suspended"};
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

std::vector<Decision> decide_all(const std::vector<RawOrder>& orders, const RuleSet& rules,
                                 Epoch now, std::vector<EngineError>* errors) {
  std::vector<Decision> out;
  out.reserve(orders.size());
  for (const auto& o : orders) out.push_back(OrderDecider(o, rules, now, errors).run());
  mark_duplicates(out);
  return out;
}

}  // namespace lanshou
