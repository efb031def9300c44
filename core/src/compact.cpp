#include "lanshou/compact.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "lanshou/report.h"

namespace lanshou {
namespace {

void append_field(std::string& out, std::string_view v) {
  const std::size_t start = out.size();
  out.append(v.data(), v.size());
  // Values rarely hold a tab or line break: only bytes below 0x20 are looked at twice.
  for (std::size_t k = start; k < out.size(); ++k) {
    const char c = out[k];
    if (static_cast<unsigned char>(c) < 0x20 && (c == '\t' || c == '\n' || c == '\r')) out[k] = ' ';
  }
}

}  // namespace

void CompactSession::clear() {
  run_ = CheckRun{};
  dups_ = DuplicateIndex{};
  result_ = CompactResult{};
}

void CompactSession::run(std::string_view input, const CheckOptions& options) {
  clear();
  run_check(input, options, false, &run_);
  const std::vector<Decision>& ds = run_.decisions;
  const std::size_t n = ds.size();
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  CompactResult& r = result_;
  r.status.resize(n);
  r.deadline.resize(n);
  r.findings.resize(n);
  r.fix.resize(n);
  r.fix_until.resize(n);
  r.risk.resize(n);
  r.line.resize(n);
  r.fields.reserve(n * 64);
  r.field_offsets.resize(n + 1);
  r.courier.resize(n);
  std::unordered_map<std::string_view, std::uint16_t> courier_codes;
  constexpr std::uint16_t kLastCode = 0xFFFF;
  for (std::size_t i = 0; i < n; ++i) {
    const Decision& d = ds[i];
    r.status[i] = static_cast<std::uint8_t>(d.status);
    r.deadline[i] = has_clock(d.status) && d.deadline ? static_cast<double>(*d.deadline) : kNaN;
    std::uint16_t bits = 0;
    for (const auto& f : d.findings)
      bits |= static_cast<std::uint16_t>(1u << static_cast<unsigned>(f.code));
    r.findings[i] = bits;
    r.fix[i] = static_cast<std::uint8_t>(d.fix.code);
    r.fix_until[i] = d.fix.until ? static_cast<double>(*d.fix.until) : kNaN;
    r.risk[i] = static_cast<float>(d.risk_yuan);
    r.line[i] = d.raw->line;
    r.field_offsets[i] = static_cast<std::uint32_t>(r.fields.size());
    append_field(r.fields, d.order_sn);
    r.fields += '\t';
    append_field(r.fields, d.tracking_no);
    r.fields += '\t';
    // Coded by the name itself (a view into the input or the registry, which outlive the map);
    // listed as written into fields, with tabs and breaks made spaces.
    const std::string_view courier = d.courier.shown();
    const std::size_t courier_at = r.fields.size();
    append_field(r.fields, courier);
    auto it = courier_codes.find(courier);
    if (it == courier_codes.end()) {
      const std::size_t known = courier_codes.size();
      if (known < kLastCode) {
        r.couriers.append(r.fields, courier_at, r.fields.size() - courier_at);
        r.couriers += '\n';
      } else if (known == kLastCode) {
        r.couriers += "（其他）\n";
      }
      const auto code = static_cast<std::uint16_t>(std::min<std::size_t>(known, kLastCode));
      it = courier_codes.emplace(courier, code).first;
    }
    r.courier[i] = it->second;
    r.fields += '\t';
    append_field(r.fields, d.raw->get(Field::kProduct));
    r.fields += '\n';
  }
  r.field_offsets[n] = static_cast<std::uint32_t>(r.fields.size());
  // The head's action queue shows each listed order's action: only those few get their text.
  dups_ = index_duplicates(run_.decisions);
  fill_queue_actions(&run_, dups_);
  r.head = write_json_head(report_of(run_));
}

std::string CompactSession::order_json(std::size_t i) const {
  return write_order_json(decide_text(run_.decisions, i, run_.rules, run_.now, &dups_), run_.now);
}

}  // namespace lanshou
