#include "lanshou/tracking_verdict.h"

#include <algorithm>

namespace lanshou {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// No digit at all; or its digits (after a letter prefix such as SF, JT) are one digit repeated; or
// it is all digits counting up or down (123456…, 987654…, wrapping at 9/0). Real numbers are none
// of these. A letter prefix with a run (SF1234567890123) is left alone: tests and samples use it
// as a stand-in for a real shape, and the prefix alone shows the merchant knew the format.
bool is_placeholder(std::string_view n) {
  std::size_t letters = 0;
  while (letters < n.size() && !is_digit(n[letters])) ++letters;
  const std::string_view digits = n.substr(letters);
  if (digits.empty()) return true;
  if (!std::all_of(digits.begin(), digits.end(), is_digit) || digits.size() < 6) return false;
  bool same = true, up = true, down = true;
  for (std::size_t i = 1; i < digits.size(); ++i) {
    const int step = (digits[i] - digits[i - 1] + 10) % 10;
    same = same && step == 0;
    up = up && step == 1;
    down = down && step == 9;
  }
  return same || (letters == 0 && (up || down));
}

// The order's number without its hyphen (PDD writes 250311-512000000000101).
bool is_order_number(std::string_view n, std::string_view order_sn) {
  if (order_sn.empty()) return false;
  std::size_t k = 0;
  for (const char c : order_sn) {
    if (c == '-' || c == ' ') continue;
    if (k >= n.size() || n[k] != c) return false;
    ++k;
  }
  return k == n.size();
}

// Two letters, nine digits, two letters: the UPU S10 shape, whose last digit is a check digit.
bool fails_s10(std::string_view n) {
  if (n.size() != 13) return false;
  for (std::size_t i = 0; i < 13; ++i) {
    const bool letter = i < 2 || i > 10;
    if (letter == is_digit(n[i])) return false;
  }
  return s10_check_digit(n.substr(2, 8)) != n[10] - '0';
}

bool carries(const CourierMatch& m, const Courier* declared) {
  if (m.courier == declared) return true;
  const auto& as = m.courier->also_declared_as;
  return std::find(as.begin(), as.end(), declared->code) != as.end();
}

TrackingVerdict invalid(InvalidReason r) {
  return {TrackingVerdictKind::kInvalid, r, nullptr};
}

}  // namespace

std::string_view to_string(TrackingVerdictKind k) {
  constexpr std::string_view kNames[] = {"ok", "unverified", "invalid", "mismatch"};
  return kNames[static_cast<int>(k)];
}

std::string_view to_string(InvalidReason r) {
  constexpr std::string_view kNames[] = {"none",
                                         "s10_check_digit",
                                         "impossible_characters",
                                         "placeholder",
                                         "impossible_length",
                                         "order_number",
                                         "aggregator_says_missing"};
  return kNames[static_cast<int>(r)];
}

TrackingVerdict judge_tracking_number(std::string_view normalized, const Courier* declared,
                                      std::string_view order_sn,
                                      const std::vector<CourierMatch>& candidates,
                                      const TrackingEvidence& evidence) {
  const std::string_view n = normalized;
  if (n.empty()) return invalid(InvalidReason::kImpossibleCharacters);
  if (is_order_number(n, order_sn)) return invalid(InvalidReason::kOrderNumber);
  if (n.size() < kMinTrackingNoLength || n.size() > kMaxTrackingNoLength) {
    return invalid(InvalidReason::kImpossibleLength);
  }
  if (is_placeholder(n)) return invalid(InvalidReason::kPlaceholder);
  if (evidence.trace_events > 0) return {};  // the trace proves the number exists
  if (evidence.aggregator_says_missing) return invalid(InvalidReason::kAggregatorSaysMissing);
  if (candidates.empty() && fails_s10(n)) return invalid(InvalidReason::kS10CheckDigit);
  if (declared == nullptr) return {};
  if (std::any_of(candidates.begin(), candidates.end(),
                  [&](const CourierMatch& m) { return carries(m, declared); })) {
    return {};
  }
  // Candidates are best first: only a shape that one courier alone issues points elsewhere.
  if (!candidates.empty() && candidates.front().confidence == Confidence::kHigh) {
    return {TrackingVerdictKind::kMismatch, InvalidReason::kNone, candidates.front().courier};
  }
  return {TrackingVerdictKind::kUnverified, InvalidReason::kNone, nullptr};
}

}  // namespace lanshou
