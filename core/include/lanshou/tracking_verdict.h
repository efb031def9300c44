#pragma once
// What lanshou may say about an uploaded tracking number (issue 15). Domestic couriers publish no
// check digit and their shapes overlap, so a number is called wrong only on evidence: characters
// no number has, a length none has, a placeholder, the order's own number, a failed UPU S10 check
// digit, or an aggregator's answer that it does not exist. A number of an unusual shape for its
// courier is "unverified", never wrong; a trace proves the number whatever its shape.
#include <cstdint>
#include <string_view>
#include <vector>

#include "lanshou/courier.h"

namespace lanshou {

enum class TrackingVerdictKind : std::uint8_t {
  kOk,          // fits the declared courier, or a trace proves it, or nothing to compare with
  kUnverified,  // a shape lanshou does not know for the declared courier: check it, change nothing
  kInvalid,     // cannot be a tracking number (reason)
  kMismatch,    // belongs to another courier: fits its shape with high confidence, not the declared
};

enum class InvalidReason : std::uint8_t {
  kNone,
  kS10CheckDigit,         // an international post number whose check digit fails
  kImpossibleCharacters,  // a character no tracking number has
  kPlaceholder,           // one digit repeated, 123456… / 987654…, or no digit at all
  kImpossibleLength,      // shorter or longer than any courier's numbers
  kOrderNumber,           // the order's own number
  kAggregatorSaysMissing  // 快递100 / 快递鸟 answered that the number does not exist
};
std::string_view to_string(TrackingVerdictKind k);  // "ok", "unverified", "invalid", "mismatch"
std::string_view to_string(InvalidReason r);        // "s10_check_digit", ...

// What is known about the number besides its shape.
struct TrackingEvidence {
  std::size_t trace_events = 0;          // events of a trace read for this number
  bool aggregator_says_missing = false;  // an aggregator's "no such number" for it
};

struct TrackingVerdict {
  TrackingVerdictKind kind = TrackingVerdictKind::kOk;
  InvalidReason reason = InvalidReason::kNone;
  const Courier* other = nullptr;  // kMismatch: the courier whose shape the number has
};

// Numbers shorter or longer than this are no courier's (快递100 takes 6 to 32 characters).
constexpr std::size_t kMinTrackingNoLength = 6;

// normalized: normalize_tracking_no() of the number as written ("" when it holds a character no
// number has). declared: the courier the row names, null when none or unknown. order_sn: the
// order's number as written ("" when none). candidates: CourierRegistry::detect(normalized).
// Pure: the same arguments give the same verdict.
TrackingVerdict judge_tracking_number(std::string_view normalized, const Courier* declared,
                                      std::string_view order_sn,
                                      const std::vector<CourierMatch>& candidates,
                                      const TrackingEvidence& evidence);

}  // namespace lanshou
