#pragma once
// The options of a check, and two short ways to run one: text in, the result document out (a
// Session, session.h, is the long way, with every other view of the same decisions).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lanshou/rules.h"
#include "lanshou/time.h"

namespace lanshou {

enum class OutputFormat { kJson, kTable, kCsv };

struct CheckOptions {
  std::optional<Epoch> now;         // the clock; the caller fills it (CLI: system clock)
  std::string rules_override_json;  // a JSON object merged over the built-in rule set; "" for none
  OutputFormat format = OutputFormat::kJson;
  const RuleSet* base_rules = nullptr;      // the rule set overrides apply to; null: built-in
  std::size_t max_input_bytes = 64u << 20;  // larger input is refused with a message
  // Threads for reading long tables and deciding (native builds; wasm has one). The result does
  // not depend on it. The CLI passes the machine's count (--threads); the library default is 1.
  unsigned threads = 1;
  // The text is known to be well-formed UTF-8 (InputLimits::known_utf8): the wasm boundary sets it.
  bool input_is_utf8 = false;
  // The first line of each batch when the text is a workspace's batches, oldest first (the page's
  // options "batches": [{"line": 1, "at": "…"}, …]): a later batch's fact replaces an earlier
  // batch's without a conflict finding (JoinOptions::batch_lines). Empty: one paste.
  std::vector<std::uint32_t> batch_lines;
};

// Reads the options document the wasm module takes:
// {"now": "...", "rules": {...}, "format": "json|table|csv", "max_input_mb": 64,
//  "batches": [{"line": 1, "at": "..."}, ...]}.
// Returns false with a Chinese message naming the key on a malformed document.
bool parse_options_json(std::string_view json, CheckOptions* out, std::string* error);

struct CheckOutput {
  std::string text;         // the result document in the requested format
  bool row_errors = false;  // some rows or fields could not be read (CLI exit 1)
};

// Never throws. Input larger than the configured limit yields a document with one error.
CheckOutput check(std::string_view input, const CheckOptions& options);

// check() with format JSON, the same bytes, handed to `write` piece by piece: a batch of orders is
// decided, written and dropped at a time (Session::stream_json), so memory holds the text and its
// records, not the document (about 10 times the input) nor the decisions. Returns
// CheckOutput::row_errors.
bool check_json_streamed(std::string_view input, const CheckOptions& options,
                         const std::function<void(std::string_view)>& write);

}  // namespace lanshou
