#include "lanshou/compact.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "lanshou/session.h"
#include "parallel.h"

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

CompactResult compact_of(const Session& session, unsigned threads) {
  const std::vector<Decision>& ds = session.decisions();
  const std::size_t n = ds.size();
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  CompactResult out;
  CompactResult& r = out;
  r.status.resize(n);
  r.deadline.resize(n);
  r.findings.resize(n);
  r.fix.resize(n);
  r.fix_until.resize(n);
  r.risk.resize(n);
  r.line.resize(n);
  r.field_offsets.resize(n + 1);
  r.courier.resize(n);
  // Ranges of orders are packed at once (native builds with threads; one range otherwise), each
  // into its own fields text with its own courier codes in order of first appearance; the texts
  // are then joined and the codes renumbered in the one order a single pass would have given.
  struct Range {
    std::string fields;
    std::vector<std::string_view> names;  // its couriers, in order of first appearance
    std::vector<std::string> shown;       // each as written into fields
  };
  constexpr std::uint16_t kLastCode = 0xFFFF;
  const std::size_t ranges = parts_for(n, threads, kMinOrdersPerPart);
  std::vector<Range> part(ranges);
  run_parts(ranges, [&](std::size_t k) {
    Range& p = part[k];
    const std::size_t begin = range_begin(n, ranges, k), end = range_begin(n, ranges, k + 1);
    p.fields.reserve((end - begin) * 64);
    std::unordered_map<std::string_view, std::uint32_t> local;
    for (std::size_t i = begin; i < end; ++i) {
      const Decision& d = ds[i];
      r.status[i] = static_cast<std::uint8_t>(d.status);
      r.deadline[i] = has_clock(d.status) && d.deadline ? static_cast<double>(*d.deadline) : kNaN;
      std::uint32_t bits = 0;
      for (const auto& f : d.findings) bits |= std::uint32_t{1} << static_cast<unsigned>(f.code);
      r.findings[i] = bits;
      r.fix[i] = static_cast<std::uint8_t>(d.fix.code);
      r.fix_until[i] = d.fix.until ? static_cast<double>(*d.fix.until) : kNaN;
      r.risk[i] = static_cast<float>(d.risk_yuan);
      r.line[i] = d.raw->line;
      r.field_offsets[i] = static_cast<std::uint32_t>(p.fields.size());  // within the range
      append_field(p.fields, d.order_sn);
      p.fields += '\t';
      append_field(p.fields, d.tracking_no);
      p.fields += '\t';
      // Coded by the name itself (a view into the input or the registry, which outlive the map);
      // listed as written into fields, with tabs and breaks made spaces.
      const std::string_view courier = d.courier.shown();
      const std::size_t courier_at = p.fields.size();
      append_field(p.fields, courier);
      auto it = local.find(courier);
      if (it == local.end()) {
        it = local.emplace(courier, static_cast<std::uint32_t>(p.names.size())).first;
        p.names.push_back(courier);
        p.shown.emplace_back(p.fields, courier_at, p.fields.size() - courier_at);
      }
      r.courier[i] =
          static_cast<std::uint16_t>(std::min<std::uint32_t>(it->second, std::uint32_t{kLastCode}));
      p.fields += '\t';
      append_field(p.fields, d.raw->get(Field::kProduct));
      p.fields += '\n';
    }
  });
  // Join: the fields texts one after another, the offsets moved by what came before, and the
  // courier codes given in order of first appearance across the ranges. Past 65,535 names the
  // rest share the last code, listed once as "（其他）".
  std::size_t total = 0;
  for (const Range& p : part) total += p.fields.size();
  if (ranges == 1) {
    r.fields = std::move(part[0].fields);  // one range (wasm): no copy of the text
  } else {
    r.fields.reserve(total);
  }
  std::unordered_map<std::string_view, std::uint16_t> courier_codes;
  for (std::size_t k = 0; k < ranges; ++k) {
    Range& p = part[k];
    const std::size_t begin = range_begin(n, ranges, k), end = range_begin(n, ranges, k + 1);
    const auto base = static_cast<std::uint32_t>(ranges == 1 ? 0 : r.fields.size());
    if (ranges > 1) {
      r.fields += p.fields;
      std::string().swap(p.fields);
    }
    std::vector<std::uint16_t> code(p.names.size());
    for (std::size_t c = 0; c < p.names.size(); ++c) {
      auto it = courier_codes.find(p.names[c]);
      if (it == courier_codes.end()) {
        const std::size_t known = courier_codes.size();
        if (known < kLastCode) {
          r.couriers += p.shown[c];
          r.couriers += '\n';
        } else if (known == kLastCode) {
          r.couriers += "（其他）\n";
        }
        it = courier_codes
                 .emplace(p.names[c],
                          static_cast<std::uint16_t>(std::min<std::size_t>(known, kLastCode)))
                 .first;
      }
      code[c] = it->second;
    }
    for (std::size_t i = begin; i < end; ++i) {
      r.field_offsets[i] += base;
      r.courier[i] = code[std::min<std::size_t>(r.courier[i], code.size() - 1)];
    }
  }
  r.field_offsets[n] = static_cast<std::uint32_t>(r.fields.size());
  r.head = session.head();
  return out;
}

}  // namespace lanshou
