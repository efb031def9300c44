#pragma once
// The compact result for the page: every order's decision as numbers and codes in flat arrays;
// its words are made one order at a time by the session that decided it (Session::order_json).
//
// For the same input and options, head is the session's head() (check()'s document without its
// orders), byte for byte.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lanshou {

struct CompactResult {
  std::vector<std::uint8_t> status;  // Status
  std::vector<double> deadline;      // epoch seconds; NaN without one (only clock statuses)
  // bit i = FindingCode i (up to 32 codes); a possibility (is_possibility) is left out
  std::vector<std::uint32_t> findings;
  std::vector<std::uint8_t> fix;    // FixCode
  std::vector<double> fix_until;    // epoch seconds; NaN without one
  std::vector<float> risk;          // yuan
  std::vector<std::uint32_t> line;  // 1-based input line
  // Per order one line: order_sn \t tracking_no \t courier name \t product \n, with tabs and line
  // breaks inside values replaced by spaces; order i's line starts at field_offsets[i] (bytes) and
  // field_offsets[count] is fields.size(), so a reader can decode only the lines it shows.
  std::string fields;
  std::vector<std::uint32_t> field_offsets;
  // The courier field as a code: courier[i] indexes couriers, the distinct courier names in order
  // of first appearance, each followed by \n ("" for none). Past 65,535 names the rest share
  // the last code, named "（其他）".
  std::vector<std::uint16_t> courier;
  std::string couriers;
  std::string head;  // write_json_head: {"lanshou","rules","now","summary","errors"}
};

class Session;

// The columns of a session's decisions (Session::compact() keeps them); ranges of orders are
// packed on `threads` threads, with the same result as one.
CompactResult compact_of(const Session& session, unsigned threads);

}  // namespace lanshou
