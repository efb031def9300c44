#include "lanshou/check.h"

#include <algorithm>
#include <ctime>

#include "lanshou/engine.h"
#include "lanshou/input.h"
#include "lanshou/json.h"
#include "lanshou/report.h"
#include "lanshou/rules.h"
#include "lanshou/text.h"
#include "parallel.h"

namespace lanshou {

bool parse_options_json(std::string_view json, CheckOptions* out, std::string* error) {
  if (json.empty()) return true;
  // The options' "rules" is written again below: refuse nesting deeper than any rule needs.
  if (!json_nesting_within(json, 64)) {
    *error = "选项的 JSON 嵌套过深（超过 64 层），无法读取";
    return false;
  }
  JsonValue doc;
  if (!parse_json(json, &doc) || !doc.is_object()) {
    *error = "选项不是有效的 JSON 对象";
    return false;
  }
  if (const JsonValue* it = doc.find("now"); it != nullptr && !it->is_null()) {
    const TimeParse p =
        it->is_string() ? parse_time(it->str()) : TimeParse{TimeStatus::kBadFormat, 0};
    if (!p.ok()) {
      *error = "选项 now 无法读取：" + std::string(time_status_message(p.status));
      return false;
    }
    out->now = p.epoch;
  }
  if (const JsonValue* it = doc.find("rules"); it != nullptr && !it->is_null()) {
    out->rules_override_json = it->is_string() ? it->str() : write_json(*it, JsonKeys::kSorted);
  }
  if (const JsonValue* it = doc.find("max_input_mb"); it != nullptr && !it->is_null()) {
    if (!it->is_number() || it->as_double() < 1 || it->as_double() > 1024) {
      *error = "选项 max_input_mb 应为 1 到 1024 之间的数字";
      return false;
    }
    out->max_input_bytes = static_cast<std::size_t>(it->as_double() * 1024 * 1024);
  }
  if (const JsonValue* it = doc.find("format"); it != nullptr && it->is_string()) {
    const std::string& f = it->str();
    if (f == "table") out->format = OutputFormat::kTable;
    if (f == "csv") out->format = OutputFormat::kCsv;
  }
  return true;
}

void run_check(std::string_view input, const CheckOptions& options, bool text, CheckRun* out) {
  out->now = options.now ? *options.now : static_cast<Epoch>(std::time(nullptr));
  std::vector<RuleError> rule_errors;
  out->rules =
      apply_overrides(options.base_rules != nullptr ? *options.base_rules : builtin_rules(),
                      options.rules_override_json, &rule_errors);
  InputLimits limits;
  limits.max_bytes = options.max_input_bytes;
  limits.threads = options.threads;
  limits.known_utf8 = options.input_is_utf8;
  out->input = read_input(input, limits);
  std::vector<EngineError> engine_errors;
  out->decisions =
      decide_all(out->input.orders, out->rules, out->now, &engine_errors, text, options.threads);
  out->errors.clear();
  for (const auto& e : rule_errors) {
    out->errors.push_back({0, e.key, "rule_override_invalid", e.message});
  }
  out->errors.insert(out->errors.end(), out->input.errors.begin(), out->input.errors.end());
  for (auto& e : engine_errors) {
    out->errors.push_back({e.line, std::move(e.field), std::move(e.code), std::move(e.message)});
  }
  std::stable_sort(out->errors.begin(), out->errors.end(),
                   [](const InputError& a, const InputError& b) { return a.line < b.line; });
}

Report report_of(const CheckRun& run) {
  Report report;
  report.rules = &run.rules;
  report.now = run.now;
  report.input = &run.input;
  report.decisions = &run.decisions;
  report.errors = run.errors;
  return report;
}

void fill_queue_actions(CheckRun* run, const DuplicateIndex& dups) {
  for (std::size_t k : action_queue_shown(run->decisions, run->now)) {
    run->decisions[k].action = decide_text(run->decisions, k, run->rules, run->now, &dups).action;
  }
}

bool check_json_streamed(std::string_view input, const CheckOptions& options,
                         const std::function<void(std::string_view)>& write) {
  CheckRun run;
  run_check(input, options, false, &run);
  const DuplicateIndex dups = index_duplicates(run.decisions);
  fill_queue_actions(&run, dups);
  const Report report = report_of(run);
  const auto order_json = [&](std::size_t i) {
    return write_order_json(decide_text(run.decisions, i, run.rules, run.now, &dups), run.now);
  };
  // The orders' text is most of the work: with threads, a batch of orders is written at once (a
  // range of it per thread) and handed out in order. A batch is about 0.5 MB of text.
  constexpr std::size_t kBatch = 256;
  const std::size_t parts = parts_for(kBatch, options.threads, 32);
  std::vector<std::string> batch;
  std::size_t batch_start = 0;
  write_json_streamed(
      report,
      [&](std::size_t i) -> std::string {
        if (parts < 2) return order_json(i);
        if (i < batch_start || i >= batch_start + batch.size()) {
          batch_start = i;
          batch.assign(std::min(kBatch, run.decisions.size() - i), std::string());
          run_parts(parts, [&](std::size_t k) {
            const std::size_t end = range_begin(batch.size(), parts, k + 1);
            for (std::size_t j = range_begin(batch.size(), parts, k); j < end; ++j) {
              batch[j] = order_json(batch_start + j);
            }
          });
        }
        return std::move(batch[i - batch_start]);  // each order is asked for once
      },
      write);
  return !report.errors.empty();
}

CheckOutput check(std::string_view input, const CheckOptions& options) {
  CheckRun run;
  run_check(input, options, true, &run);
  const Report report = report_of(run);

  CheckOutput out;
  out.row_errors = !report.errors.empty();
  switch (options.format) {
    case OutputFormat::kJson:
      out.text = write_json(report);
      break;
    case OutputFormat::kTable:
      out.text = write_table(report);
      break;
    case OutputFormat::kCsv:
      out.text = write_csv(report);
      break;
  }
  return out;
}

}  // namespace lanshou
