// The wasm boundary: one coarse call in, one buffer out.
//
// JavaScript (boundary.js) copies the pasted text and the options document into malloc'd
// buffers, calls lanshou_check, reads the result document through the returned (ptr, len) pair
// and hands the pair back to lanshou_free_result. No C++ exception crosses into JavaScript:
// every failure becomes a result document with one error entry.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cstddef>
#include <ctime>
#include <exception>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "lanshou/check.h"
#include "lanshou/engine.h"
#include "lanshou/input.h"
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

std::string internal_error_document(std::string_view message) {
  const nlohmann::json text = std::string("内部错误：").append(message);
  return LANSHOU_INTERNAL_ERROR_HEAD +
         text.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "}]}";
}

// A bad options document: the core's own result document, with no orders and one error.
std::string options_error_document(const std::string& message) {
  const lanshou::ParsedInput input;
  const std::vector<lanshou::Decision> decisions;
  lanshou::Report report;
  report.rules = &lanshou::builtin_rules();
  report.now = static_cast<lanshou::Epoch>(std::time(nullptr));
  report.input = &input;
  report.decisions = &decisions;
  report.errors.push_back({0, "", "options_invalid", message});
  return lanshou::write_json(report);
}

std::string run_check(std::string_view text, std::string_view options_json) {
  lanshou::CheckOptions options;
  std::string error;
  if (!lanshou::parse_options_json(options_json, &options, &error)) {
    return options_error_document(error);
  }
  // As the CLI: without "now" the clock is the current time.
  if (!options.now) options.now = static_cast<lanshou::Epoch>(std::time(nullptr));
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
      return "{\"error\":" + nlohmann::json(error).dump(-1, ' ', false,
                                                        nlohmann::json::error_handler_t::replace) +
             "}";
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

namespace {
std::string version() {
  return LANSHOU_VERSION;
}
}  // namespace

EMSCRIPTEN_BINDINGS(lanshou) {
  emscripten::function("version", &version);
}
