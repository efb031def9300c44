// The wasm boundary, in embind: one class, `Session` (lanshou.d.ts describes it), and two
// functions, `rules` and `version`.
//
// The big input goes in through one malloc'd buffer that JavaScript fills with
// TextEncoder.encodeInto (boundary.js); the session takes it over and frees it at the next run or
// clear(). The page's columns come back as typed_memory_views into the session (no copy here;
// boundary.js copies each once), small values as embind strings and numbers, large texts (the
// whole document, a CSV) as a view of bytes that the caller decodes. No C++ exception reaches
// JavaScript: every failure becomes a document with one error entry.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "lanshou/check.h"
#include "lanshou/compact.h"
#include "lanshou/report.h"
#include "lanshou/rules.h"
#include "lanshou/session.h"
#include "lanshou/text.h"
#include "lanshou/wording.h"

namespace {

using emscripten::typed_memory_view;
using emscripten::val;

// The text always arrives through boundary.js, TextEncoder.encodeInto of a JS string: well-formed
// UTF-8 by definition (a lone surrogate becomes U+FFFD), so the core skips its own pass over it
// (9 % of the page's check). The CLI reads bytes from files and still checks.
constexpr bool kTextIsUtf8 = true;

std::string internal_error_message(std::string_view message) {
  std::string text;
  lanshou::append_json_string(text, std::string("内部错误：").append(message));
  return text;
}

// A document (or its head) in the shape of the core's, for when the core threw: no orders, one
// error. Built without the core, which may be what failed.
std::string internal_error(std::string_view message, bool with_orders) {
  return std::string("{\"lanshou\":\"" LANSHOU_VERSION "\",") +
         (with_orders ? "\"orders\":[]," : "") +
         "\"summary\":{\"orders\":0,\"by_status\":{}},\"errors\":[{\"line\":0,\"field\":\"\","
         "\"code\":\"internal_error\",\"message\":" +
         internal_error_message(message) + "}]}";
}

// A bad options document: the core's own report with no orders and one error, written by
// `write` (the whole document, or its head).
std::string options_error(const std::string& message,
                          std::string (*write)(const lanshou::Report&)) {
  const lanshou::ParsedInput input;
  const std::vector<lanshou::Decision> decisions;
  lanshou::Report report;
  report.rules = &lanshou::builtin_rules();
  report.now = static_cast<lanshou::Epoch>(std::time(nullptr));
  report.input = &input;
  report.decisions = &decisions;
  report.errors.push_back({0, "", "options_invalid", message});
  return write(report);
}

// {"error": "..."}: no wording could be made.
std::string error_document(const std::string& error) {
  std::string doc = "{\"error\":";
  lanshou::append_json_string(doc, error);
  return doc + "}";
}

// Runs work(); every exception becomes fallback(message).
template <typename Work, typename Fallback>
auto guarded(Work work, Fallback fallback) -> decltype(work()) {
  try {
    return work();
  } catch (const std::exception& e) {
    return fallback(e.what());
  } catch (...) {
    return fallback("未知异常");
  }
}

class WasmSession {
 public:
  // Checks a two-line text once, so that the core's data (rules, couriers, vocabulary, templates)
  // is read into memory now, below the first big text, rather than after it: wasm memory never
  // shrinks, and data left in the middle would split the space the next text needs.
  WasmSession() {
    guarded(
        [&] {
          lanshou::CheckOptions options;
          options.now = 0;
          session_.run("订单号,快递单号,快递公司\n250305-786101645436780,73069947402903,中通快递\n",
                       options);
          session_.compact();
          session_.clear();
          return 0;
        },
        [](const char*) { return 0; });
  }
  WasmSession(const WasmSession&) = delete;
  WasmSession& operator=(const WasmSession&) = delete;
  ~WasmSession() { clear(); }

  // Checks the text at `text` (`length` bytes, malloc'd by boundary.js; the session frees it)
  // with the options document. Never throws: a bad options document or a failure of the core
  // leaves a session with no orders whose head carries the error.
  void run(std::uintptr_t text, std::size_t length, const std::string& options_json) {
    clear();
    input_ = reinterpret_cast<char*>(text);
    guarded(
        [&] {
          lanshou::CheckOptions options;
          std::string error;
          if (!lanshou::parse_options_json(options_json, &options, &error)) {
            failed_ = true;
            head_ = options_error(error, &lanshou::write_json_head);
            document_ = options_error(error, &lanshou::write_json);
            return 0;
          }
          // As the CLI: without "now" the clock is the current time.
          if (!options.now) options.now = static_cast<lanshou::Epoch>(std::time(nullptr));
          options.input_is_utf8 = kTextIsUtf8;
          session_.run(std::string_view(input_, length), options);
          return 0;
        },
        [&](const char* message) {
          reset_core();
          failed_ = true;
          head_ = internal_error(message, false);
          document_ = internal_error(message, true);
          return 0;
        });
  }

  // Frees the text, the records, the decisions and any text made from them.
  void clear() {
    reset_core();
    std::free(input_);
    input_ = nullptr;
  }

  std::uint32_t count() const { return static_cast<std::uint32_t>(session_.count()); }

  // The page's columns: views into the session, valid until the next run or clear().
  val status() { return view(compact().status); }
  val deadline() { return view(compact().deadline); }
  val findings() { return view(compact().findings); }
  val fix() { return view(compact().fix); }
  val fixUntil() { return view(compact().fix_until); }
  val risk() { return view(compact().risk); }
  val line() { return view(compact().line); }
  val courier() { return view(compact().courier); }
  val fieldOffsets() { return view(compact().field_offsets); }
  val fieldsBytes() { return bytes(compact().fields); }
  val couriersBytes() { return bytes(compact().couriers); }

  // The document without its orders ({"lanshou","rules","now","summary","errors"}).
  std::string head() {
    if (failed_) return head_;
    return guarded([&] { return compact().head; },
                   [](const char* message) { return internal_error(message, false); });
  }

  // orders[i] of the document; "null" when i is out of range.
  std::string orderJson(std::uint32_t i) const {
    if (i >= session_.count()) return "null";
    return guarded([&] { return session_.order_json(i); },
                   [](const char* message) { return internal_error(message, false); });
  }

  // The whole result in the run's format (json, table or csv), as bytes: decoded by the caller,
  // held here until the next output(), run or clear().
  val output() {
    if (!failed_) {
      document_ = guarded([&] { return session_.output(); },
                          [](const char* message) { return internal_error(message, true); });
    }
    return bytes(document_);
  }
  void releaseOutput() { std::string().swap(document_); }

  // The wording for one order of this session: the request document of
  // lanshou::parse_wording_input_json (its "rules" and "now" are the session's); the result
  // document, or {"error": "..."}.
  std::string wording(const std::string& request_json) const {
    return guarded(
        [&] {
          lanshou::WordingInput in;
          lanshou::WordingResult out;
          std::string error;
          if (!lanshou::parse_wording_input_json(request_json, &in, &error) ||
              !session_.wording(in, &out, &error)) {
            return error_document(error);
          }
          return lanshou::wording_result_json(out);
        },
        [](const char* message) { return error_document(std::string("内部错误：") + message); });
  }

 private:
  template <typename T>
  static val view(const std::vector<T>& v) {
    return val(typed_memory_view(v.size(), v.data()));
  }
  static val bytes(const std::string& s) {
    return val(typed_memory_view(s.size(), reinterpret_cast<const std::uint8_t*>(s.data())));
  }

  const lanshou::CompactResult& compact() {
    if (failed_) return empty_;
    return session_.compact();
  }

  void reset_core() {
    session_.clear();
    failed_ = false;
    head_.clear();
    std::string().swap(document_);
  }

  lanshou::Session session_;
  char* input_ = nullptr;
  bool failed_ = false;
  std::string head_;      // when the session holds no run (bad options, the core threw)
  std::string document_;  // the last output()
  lanshou::CompactResult empty_;
};

// Every rule value (label, unit, source, confidence) with the options' overrides merged, as
// `lanshou rules` prints it; a bad override is listed in "errors" ({key, message}) and the default
// stays in force.
std::string rules(const std::string& options_json) {
  return guarded(
      [&] {
        lanshou::CheckOptions parsed;
        std::string error;
        std::vector<lanshou::RuleError> errors;
        lanshou::RuleSet rules = lanshou::builtin_rules();
        if (!lanshou::parse_options_json(options_json, &parsed, &error)) {
          errors.push_back({"", error});
        } else {
          rules = lanshou::apply_overrides(rules, parsed.rules_override_json, &errors);
        }
        return lanshou::rules_document_json(rules, errors);
      },
      [](const char* message) {
        return "{\"errors\":[{\"key\":\"\",\"message\":" + internal_error_message(message) + "}]}";
      });
}

// The wording for one order of `text` (malloc'd by boundary.js, freed here), read and decided
// afresh with the request's own "now" and "rules": what `lanshou wording` prints as JSON.
std::string wording_for_text(std::uintptr_t text, std::size_t length,
                             const std::string& request_json) {
  char* owned = reinterpret_cast<char*>(text);
  std::string out = guarded(
      [&] {
        lanshou::WordingInput in;
        lanshou::WordingResult result;
        std::string error;
        if (!lanshou::parse_wording_input_json(request_json, &in, &error) ||
            !lanshou::wording_for_input(std::string_view(owned, length), in, &result, &error)) {
          return error_document(error);
        }
        return lanshou::wording_result_json(result);
      },
      [](const char* message) { return error_document(std::string("内部错误：") + message); });
  std::free(owned);
  return out;
}

std::string version() {
  return LANSHOU_VERSION;
}

}  // namespace

EMSCRIPTEN_BINDINGS(lanshou) {
  emscripten::class_<WasmSession>("Session")
      .constructor<>()
      .function("run", &WasmSession::run)
      .function("clear", &WasmSession::clear)
      .function("count", &WasmSession::count)
      .function("status", &WasmSession::status)
      .function("deadline", &WasmSession::deadline)
      .function("findings", &WasmSession::findings)
      .function("fix", &WasmSession::fix)
      .function("fixUntil", &WasmSession::fixUntil)
      .function("risk", &WasmSession::risk)
      .function("line", &WasmSession::line)
      .function("courier", &WasmSession::courier)
      .function("fieldOffsets", &WasmSession::fieldOffsets)
      .function("fieldsBytes", &WasmSession::fieldsBytes)
      .function("couriersBytes", &WasmSession::couriersBytes)
      .function("head", &WasmSession::head)
      .function("orderJson", &WasmSession::orderJson)
      .function("output", &WasmSession::output)
      .function("releaseOutput", &WasmSession::releaseOutput)
      .function("wording", &WasmSession::wording);
  emscripten::function("rulesJson", &rules);
  emscripten::function("wordingForText", &wording_for_text);
  emscripten::function("coreVersion", &version);
}
