#include "lanshou/compact.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <unordered_map>

#include "lanshou/session.h"
#include "parallel.h"

namespace lanshou {
namespace {

// Copies v to `to` with tabs and line breaks made spaces; returns the end. Values rarely hold one:
// eight bytes at a time are checked for any byte below 0x20 (exact as a whole: a borrow only runs
// on from a byte that is below), and only then looked at one by one.
char* put_field(char* to, std::string_view v) {
  if (v.empty()) return to;
  std::memcpy(to, v.data(), v.size());
  constexpr std::uint64_t k01 = 0x0101010101010101ULL, k80 = 0x8080808080808080ULL;
  std::size_t k = 0;
  for (; k + 8 <= v.size(); k += 8) {
    std::uint64_t w;
    std::memcpy(&w, to + k, 8);
    if (((w - k01 * 0x20) & ~w & k80) == 0) continue;
    for (std::size_t b = k; b < k + 8; ++b) {
      if (to[b] == '\t' || to[b] == '\n' || to[b] == '\r') to[b] = ' ';
    }
  }
  for (; k < v.size(); ++k) {
    const char c = to[k];
    if (static_cast<unsigned char>(c) < 0x20 && (c == '\t' || c == '\n' || c == '\r')) to[k] = ' ';
  }
  return to + v.size();
}

// A range's courier names, each with its code (order of first appearance). Exports use a handful
// of names: a short list searched from the last one found, by address first (names lanshou knows
// are views into the registry), then by content; a hash map once the list grows long.
class CourierCodes {
 public:
  // The code of `name`, and whether it is new (then the caller lists it).
  std::pair<std::uint32_t, bool> code(std::string_view name) {
    const std::size_t count = names_.size();
    if (count <= kShort) {
      for (std::size_t k = 0, at = last_; k < count; ++k, at = at + 1 == count ? 0 : at + 1) {
        const std::string_view known = names_[at];
        if ((known.data() == name.data() && known.size() == name.size()) || known == name) {
          last_ = at;
          return {static_cast<std::uint32_t>(at), false};
        }
      }
    } else {
      if (map_.empty()) {
        for (std::size_t k = 0; k < count; ++k) map_.emplace(names_[k], k);
      }
      const auto it = map_.find(name);
      if (it != map_.end()) return {it->second, false};
      map_.emplace(name, static_cast<std::uint32_t>(count));
    }
    names_.push_back(name);
    last_ = count;
    return {static_cast<std::uint32_t>(count), true};
  }
  const std::vector<std::string_view>& names() const { return names_; }

 private:
  static constexpr std::size_t kShort = 32;
  std::vector<std::string_view> names_;
  std::unordered_map<std::string_view, std::uint32_t> map_;
  std::size_t last_ = 0;
};

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
    // The fields text is sized first and then written by address: std::string's appends are
    // out-of-line calls in wasm's libc++, four values and four separators per order.
    std::size_t size = 0;
    for (std::size_t i = begin; i < end; ++i) {
      const Decision& d = ds[i];
      size += d.order_sn.size() + d.tracking_no.size() + d.courier.shown().size() +
              d.raw->get(Field::kProduct).size() + 4;
    }
    p.fields.resize(size);
    char* const base = p.fields.data();
    char* to = base;
    CourierCodes codes;
    for (std::size_t i = begin; i < end; ++i) {
      const Decision& d = ds[i];
      r.status[i] = static_cast<std::uint8_t>(d.status);
      r.deadline[i] = has_clock(d.status) && d.deadline ? static_cast<double>(*d.deadline) : kNaN;
      std::uint32_t bits = 0;
      for (const auto& f : d.findings) {
        if (!is_possibility(f)) bits |= std::uint32_t{1} << static_cast<unsigned>(f.code);
      }
      r.findings[i] = bits;
      r.fix[i] = static_cast<std::uint8_t>(d.fix.code);
      r.fix_until[i] = d.fix.until ? static_cast<double>(*d.fix.until) : kNaN;
      r.risk[i] = static_cast<float>(d.risk_yuan);
      r.line[i] = d.raw->line;
      r.field_offsets[i] = static_cast<std::uint32_t>(to - base);  // within the range
      to = put_field(to, d.order_sn);
      *to++ = '\t';
      to = put_field(to, d.tracking_no);
      *to++ = '\t';
      // Coded by the name itself (a view into the input or the registry, which outlive the
      // codes); listed as written into fields, with tabs and breaks made spaces.
      const std::string_view courier = d.courier.shown();
      char* const courier_at = to;
      to = put_field(to, courier);
      const auto [code, added] = codes.code(courier);
      if (added) p.shown.emplace_back(courier_at, static_cast<std::size_t>(to - courier_at));
      r.courier[i] = static_cast<std::uint16_t>(std::min<std::uint32_t>(code, kLastCode));
      *to++ = '\t';
      to = put_field(to, d.raw->get(Field::kProduct));
      *to++ = '\n';
    }
    p.names = codes.names();
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
