#pragma once
// The compact result for the page: every order's decision as numbers and codes in flat arrays,
// its text formatted lazily, one order at a time, from the session that decided it.
//
// For the same input and options, head is write_json_head of check()'s document and
// order_json(i) is check()'s orders[i], byte for byte.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lanshou/check.h"

namespace lanshou {

struct CompactResult {
  std::vector<std::uint8_t> status;     // Status
  std::vector<double> deadline;         // epoch seconds; NaN without one (only clock statuses)
  std::vector<std::uint16_t> findings;  // bit i = FindingCode i
  std::vector<std::uint8_t> fix;        // FixCode
  std::vector<double> fix_until;        // epoch seconds; NaN without one
  std::vector<float> risk;              // yuan
  std::vector<std::uint32_t> line;      // 1-based input line
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

class CompactSession {
 public:
  CompactSession() = default;
  CompactSession(const CompactSession&) = delete;
  CompactSession& operator=(const CompactSession&) = delete;

  // Checks the input (which must stay alive, unchanged, until the next run or the session's end).
  void run(std::string_view input, const CheckOptions& options);
  const CompactResult& result() const { return result_; }
  std::size_t count() const { return run_.decisions.size(); }
  // check()'s orders[i] for the last run; i < count().
  std::string order_json(std::size_t i) const;
  // Frees the last run's records and decisions.
  void clear();

 private:
  CheckRun run_;
  DuplicateIndex dups_;  // for order_json: the orders on each shared number
  CompactResult result_;
};

}  // namespace lanshou
