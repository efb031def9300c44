// The wasm boundary: one coarse call in, one buffer out.
//
// JavaScript (boundary.js) copies the pasted text and the options document into malloc'd
// buffers, calls lanshou_check, reads the result document through the returned (ptr, len) pair
// and hands the pair back to lanshou_free_result. No C++ exception crosses into JavaScript:
// every failure becomes a result document with one error entry.
#include <emscripten/emscripten.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lanshou/check.h"
#include "lanshou/compact.h"
#include "lanshou/engine.h"
#include "lanshou/input.h"
#include "lanshou/json.h"
#include "lanshou/report.h"
#include "lanshou/rules.h"
#include "lanshou/wording.h"

namespace {

// Read by JavaScript as two u32 at the returned address (wasm32).
struct Result {
  const char* ptr;
  std::size_t len;
  std::string* owner;  // JavaScript does not read this
};

// A minimal document in the shape of the core's, for when the core threw: no orders, one error.
#define LANSHOU_INTERNAL_ERROR_HEAD                                                       \
  "{\"lanshou\":\"" LANSHOU_VERSION                                                       \
  "\",\"orders\":[],\"summary\":{\"orders\":0,\"by_status\":{}},\"errors\":[{\"line\":0," \
  "\"field\":\"\",\"code\":\"internal_error\",\"message\":"

// Used when even building an error document fails (out of memory): static, never freed.
constexpr char kLastResort[] = LANSHOU_INTERNAL_ERROR_HEAD "\"内部错误：内存不足\"}]}";
Result g_last_resort{kLastResort, sizeof kLastResort - 1, nullptr};

// The message as a JSON string: "内部错误：<message>".
std::string internal_error_message(std::string_view message) {
  std::string text;
  lanshou::append_json_string(text, std::string("内部错误：").append(message));
  return text;
}

std::string internal_error_document(std::string_view message) {
  return LANSHOU_INTERNAL_ERROR_HEAD + internal_error_message(message) + "}]}";
}

// A bad options document: the core's own report with no orders and one error, written by
// `write` (the whole document, or its head for the compact path).
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

std::string options_error_document(const std::string& message) {
  return options_error(message, &lanshou::write_json);
}

// The text always arrives through boundary.js's lanshouPutString, TextEncoder.encodeInto of a JS
// string: well-formed UTF-8 by definition (a lone surrogate becomes U+FFFD), so the core skips its
// own pass over it (9 % of the page's check). The CLI reads bytes from files and still checks.
constexpr bool kTextIsUtf8 = true;

std::string run_check(std::string_view text, std::string_view options_json) {
  lanshou::CheckOptions options;
  std::string error;
  if (!lanshou::parse_options_json(options_json, &options, &error)) {
    return options_error_document(error);
  }
  // As the CLI: without "now" the clock is the current time.
  if (!options.now) options.now = static_cast<lanshou::Epoch>(std::time(nullptr));
  options.input_is_utf8 = kTextIsUtf8;
  return lanshou::check(text, options).text;
}

// Moves the document into a Result without copying it; throws std::bad_alloc like any `new`.
Result* to_result(std::string text) {
  auto owner = std::make_unique<std::string>(std::move(text));
  auto* result = new Result{owner->data(), owner->size(), owner.get()};
  owner.release();
  return result;
}

// Runs work() and wraps its text in a Result; every exception becomes an error document.
template <typename Work>
Result* guarded(Work work) {
  try {
    return to_result(work());
  } catch (const std::exception& e) {
    try {
      return to_result(internal_error_document(e.what()));
    } catch (...) {
      return &g_last_resort;
    }
  } catch (...) {
    try {
      return to_result(internal_error_document("未知异常"));
    } catch (...) {
      return &g_last_resort;
    }
  }
}

}  // namespace

extern "C" {

// Runs the check; the returned Result must go back to lanshou_free_result.
EMSCRIPTEN_KEEPALIVE Result* lanshou_check(const char* text, std::size_t text_len,
                                           const char* options, std::size_t options_len) {
  return guarded([&] {
    return run_check(std::string_view(text, text_len), std::string_view(options, options_len));
  });
}

// The wording for one order: {"error": "..."} when no wording can be made, never an exception.
EMSCRIPTEN_KEEPALIVE Result* lanshou_wording(const char* text, std::size_t text_len,
                                             const char* request, std::size_t request_len) {
  return guarded([&] {
    lanshou::WordingInput in;
    lanshou::WordingResult out;
    std::string error;
    if (!lanshou::parse_wording_input_json(std::string_view(request, request_len), &in, &error) ||
        !lanshou::wording_for_input(std::string_view(text, text_len), in, &out, &error)) {
      std::string doc = "{\"error\":";
      lanshou::append_json_string(doc, error);
      return doc + "}";
    }
    return lanshou::wording_result_json(out);
  });
}

EMSCRIPTEN_KEEPALIVE void lanshou_free_result(Result* result) {
  if (result == nullptr || result == &g_last_resort) return;
  delete result->owner;
  delete result;
}

}  // extern "C"

// The version string, static (no embind: a plain export keeps the module small).
extern "C" EMSCRIPTEN_KEEPALIVE const char* lanshou_version() {
  return LANSHOU_VERSION;
}

// --- The compact path (Module.checkCompact / Module.orderJson) ----------------------------------
//
// lanshou_check_compact decides every order without formatting its text and returns the address
// of a CompactView: JavaScript copies each array out once. The session keeps the input buffer
// (handed over by JavaScript, freed here at the next call), the records and the decisions so that
// lanshou_order_json(i) can format one order's full object on demand.
namespace {

struct CompactView {  // read by JavaScript as u32 words (wasm32)
  std::uint32_t count;
  const void* status;
  const void* deadline;
  const void* findings;
  const void* fix;
  const void* fix_until;
  const void* risk;
  const void* line;
  const char* fields;
  std::uint32_t fields_len;
  const char* head;
  std::uint32_t head_len;
  const void* field_offsets;  // count + 1 words
  const void* courier;
  const char* couriers;
  std::uint32_t couriers_len;
};

struct CompactState {
  lanshou::CompactSession session;
  char* input = nullptr;  // owned: malloc'd by JavaScript, freed here
  std::string head;       // when the session has nothing (bad options, internal error)
  CompactView view{};
};

CompactState& compact_state() {
  static CompactState* state = new CompactState();
  return *state;
}

void compact_reset(CompactState& s) {
  s.session.clear();
  std::free(s.input);
  s.input = nullptr;
  s.head.clear();
}

std::string options_error_head(const std::string& message) {
  return options_error(message, &lanshou::write_json_head);
}

// The head of a document with one internal_error entry (the core threw).
std::string internal_error_head(std::string_view message) {
  return "{\"lanshou\":\"" LANSHOU_VERSION
         "\",\"summary\":{\"orders\":0,\"by_status\":{}},\"errors\":[{\"line\":0,\"field\":\"\","
         "\"code\":\"internal_error\",\"message\":" +
         internal_error_message(message) + "}]}";
}

const CompactView* compact_view(CompactState& s) {
  CompactView& v = s.view;
  const lanshou::CompactResult& r = s.session.result();
  v.count = static_cast<std::uint32_t>(s.session.count());
  v.status = r.status.data();
  v.deadline = r.deadline.data();
  v.findings = r.findings.data();
  v.fix = r.fix.data();
  v.fix_until = r.fix_until.data();
  v.risk = r.risk.data();
  v.line = r.line.data();
  v.fields = r.fields.data();
  v.fields_len = static_cast<std::uint32_t>(r.fields.size());
  v.field_offsets = r.field_offsets.empty() ? nullptr : r.field_offsets.data();
  v.courier = r.courier.data();
  v.couriers = r.couriers.data();
  v.couriers_len = static_cast<std::uint32_t>(r.couriers.size());
  const std::string& head = s.head.empty() ? r.head : s.head;
  v.head = head.data();
  v.head_len = static_cast<std::uint32_t>(head.size());
  return &v;
}

}  // namespace

extern "C" {

// Takes ownership of text (malloc'd); options are only read. Never throws.
EMSCRIPTEN_KEEPALIVE const CompactView* lanshou_check_compact(char* text, std::size_t text_len,
                                                              const char* options,
                                                              std::size_t options_len) {
  CompactState& s = compact_state();
  compact_reset(s);
  s.input = text;
  try {
    lanshou::CheckOptions parsed;
    std::string error;
    if (!lanshou::parse_options_json(std::string_view(options, options_len), &parsed, &error)) {
      s.head = options_error_head(error);
    } else {
      if (!parsed.now) parsed.now = static_cast<lanshou::Epoch>(std::time(nullptr));
      parsed.input_is_utf8 = kTextIsUtf8;
      s.session.run(std::string_view(text, text_len), parsed);
    }
  } catch (const std::exception& e) {
    compact_reset(s);
    try {
      s.head = internal_error_head(e.what());
    } catch (...) {
      s.head = "{}";
    }
  } catch (...) {
    compact_reset(s);
    s.head = internal_error_head("未知异常");
  }
  return compact_view(s);
}

// Frees the last compact session (its input, records and decisions). JavaScript calls it before
// copying in the next text, so that the two never share the heap: wasm memory never shrinks.
EMSCRIPTEN_KEEPALIVE void lanshou_compact_clear() {
  compact_reset(compact_state());
}

// check()'s orders[i] of the last lanshou_check_compact; "null" when i is out of range.
EMSCRIPTEN_KEEPALIVE Result* lanshou_order_json(std::uint32_t i) {
  return guarded([&] {
    const CompactState& s = compact_state();
    if (i >= s.session.count()) return std::string("null");
    return s.session.order_json(i);
  });
}

}  // extern "C"

// Every rule value (label, unit, source, confidence) with the options' overrides merged, as
// `lanshou rules` prints it; a bad override is listed in "errors" ({key, message}) and the
// default stays in force.
extern "C" EMSCRIPTEN_KEEPALIVE Result* lanshou_rules(const char* text, std::size_t text_len,
                                                      const char* options,
                                                      std::size_t options_len) {
  static_cast<void>(text);
  static_cast<void>(text_len);
  return guarded([&] {
    lanshou::CheckOptions parsed;
    std::string error;
    std::vector<lanshou::RuleError> errors;
    lanshou::RuleSet rules = lanshou::builtin_rules();
    if (!lanshou::parse_options_json(std::string_view(options, options_len), &parsed, &error)) {
      errors.push_back({"", error});
    } else {
      rules = lanshou::apply_overrides(rules, parsed.rules_override_json, &errors);
    }
    return lanshou::rules_document_json(rules, errors);
  });
}
