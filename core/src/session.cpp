#include "lanshou/session.h"

#include <algorithm>
#include <ctime>

#include "lanshou/explain.h"
#include "parallel.h"

namespace lanshou {

void Session::clear() {
  decisions_ = {};
  input_ = ParsedInput{};
  errors_ = {};
  compact_.reset();
  owned_.reset();
  // The rules too: a run copies them after its text, and in wasm memory a copy left there would
  // split the free space the next, equally long text needs (the heap grew by a text per run).
  rules_ = RuleSet();
}

void Session::run_owned(std::string input, const CheckOptions& options) {
  auto text = std::make_unique<std::string>(std::move(input));
  run(*text, options);  // clears what the session held before
  owned_ = std::move(text);
}

void Session::read(std::string_view input, const CheckOptions& options) {
  clear();
  threads_ = options.threads;
  format_ = options.format;
  now_ = options.now ? *options.now : static_cast<Epoch>(std::time(nullptr));
  std::vector<RuleError> rule_errors;
  rules_ = apply_overrides(options.base_rules != nullptr ? *options.base_rules : builtin_rules(),
                           options.rules_override_json, &rule_errors);
  InputLimits limits;
  limits.max_bytes = options.max_input_bytes;
  limits.threads = options.threads;
  limits.known_utf8 = options.input_is_utf8;
  limits.batch_lines = options.batch_lines;
  input_ = read_input(input, limits);
  for (const auto& e : rule_errors)
    errors_.push_back({0, e.key, "rule_override_invalid", e.message});
  errors_.insert(errors_.end(), input_.errors.begin(), input_.errors.end());
}

void Session::add_engine_errors(std::vector<EngineError> engine_errors) {
  const Explainer words(rules_, now_);
  for (auto& e : engine_errors) {
    std::string message = words.error_message(e);
    errors_.push_back({e.line, std::move(e.field), std::move(e.code), std::move(message)});
  }
  std::stable_sort(errors_.begin(), errors_.end(),
                   [](const InputError& a, const InputError& b) { return a.line < b.line; });
}

void Session::run(std::string_view input, const CheckOptions& options) {
  read(input, options);
  std::vector<EngineError> engine_errors;
  decisions_ = decide_all(input_, rules_, now_, &engine_errors, options.threads);
  add_engine_errors(std::move(engine_errors));
}

bool Session::stream_json(std::string_view input, const CheckOptions& options,
                          const std::function<void(std::string_view)>& write) {
  // Decided and written a batch at a time: what stays is the text, its records and the summary's
  // counts (a decision is 360 bytes and more, a third of the CLI's memory at 100k orders).
  // Each range of a batch is decided and written on its own thread, with its own writer.
  read(input, options);
  constexpr std::size_t kBatch = 1024;
  const std::size_t n = input_.orders.size();
  const std::size_t threads = std::max(1u, threads_);
  std::vector<OrderWriter> writers;
  for (std::size_t k = 0; k < threads; ++k) writers.emplace_back(rules_, now_);
  std::vector<std::string> texts(threads);  // a range's orders
  std::vector<Decision> batch;
  std::vector<EngineError> engine_errors;
  BatchDecider decider(input_, rules_, now_);
  SummaryBuilder summary(now_);
  write(write_json_start(report()));
  for (std::size_t begin = 0; begin < n; begin += kBatch) {
    const std::size_t end = std::min(n, begin + kBatch);
    for (auto& t : texts) t.clear();
    decider.decide(begin, end, &batch, &engine_errors, threads_,
                   [&](std::size_t r, std::size_t from, std::size_t to) {
                     for (std::size_t k = from; k < to; ++k) {
                       if (begin + k > 0) texts[r] += ',';
                       writers[r].append(texts[r], batch[k]);
                     }
                   });
    for (const auto& t : texts) {
      if (!t.empty()) write(t);
    }
    for (const Decision& d : batch) summary.add(d);
  }
  batch = {};
  add_engine_errors(std::move(engine_errors));
  write(write_json_end(report(), summary));
  return row_errors();
}

Report Session::report() const {
  Report report;
  report.rules = &rules_;
  report.now = now_;
  report.input = &input_;
  report.decisions = &decisions_;
  report.errors = errors_;
  return report;
}

std::string Session::json() const {
  return lanshou::write_json(report());
}

std::string Session::head() const {
  return lanshou::write_json_head(report());
}

std::string Session::order_json(std::size_t i) const {
  return write_order_json(decisions_[i], rules_, now_);
}

std::string Session::table() const {
  return write_table(report());
}

std::string Session::csv() const {
  return write_csv(report());
}

std::string Session::output() const {
  switch (format_) {
    case OutputFormat::kTable:
      return table();
    case OutputFormat::kCsv:
      return csv();
    case OutputFormat::kJson:
      break;
  }
  return json();
}

void Session::write_json(const std::function<void(std::string_view)>& write) const {
  // The orders' text is most of the work: with threads, a batch of orders is written at once (a
  // range of it per thread, each with its own writer) and handed out in order. A batch is about
  // 0.5 MB of text.
  constexpr std::size_t kBatch = 256;
  const std::size_t parts = parts_for(kBatch, threads_, 32);
  std::vector<OrderWriter> writers;
  for (std::size_t k = 0; k < parts; ++k) writers.emplace_back(rules_, now_);
  std::vector<std::string> batch;
  std::size_t batch_start = 0;
  lanshou::write_json_streamed(
      report(),
      [&](std::size_t i, std::string& out) {
        if (parts < 2) {
          writers[0].append(out, decisions_[i]);
          return;
        }
        if (i < batch_start || i >= batch_start + batch.size()) {
          batch_start = i;
          batch.resize(std::min(kBatch, decisions_.size() - i));
          run_parts(parts, [&](std::size_t k) {
            const std::size_t end = range_begin(batch.size(), parts, k + 1);
            for (std::size_t j = range_begin(batch.size(), parts, k); j < end; ++j) {
              batch[j].clear();
              writers[k].append(batch[j], decisions_[batch_start + j]);
            }
          });
        }
        out += batch[i - batch_start];  // each order is asked for once
      },
      write);
}

const CompactResult& Session::compact() {
  if (!compact_) compact_ = std::make_unique<CompactResult>(compact_of(*this, threads_));
  return *compact_;
}

bool Session::wording(const WordingInput& in, WordingResult* out, std::string* error) const {
  WordingInput with_now = in;
  if (!with_now.request.now) with_now.request.now = now_;
  return wording_for_decisions(decisions_, rules_, with_now, out, error);
}

}  // namespace lanshou
