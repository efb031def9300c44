// The PDD order JSON reader (core/src/pdd_json.cpp) on its own and behind read_input and check():
// every value it stores lies in the arena (ASan checks every byte), every line number inside the
// text, every order has an order number and facts that exist; a document it takes whole leaves
// nothing for the line reader to mine; it never reads more orders than the document has objects
// with an order_sn; the whole check() never throws and always gives valid JSON.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "lanshou/check.h"
#include "lanshou/input.h"
#include "lanshou/pdd_json.h"

namespace {

// Objects with an order_sn, to the depth the reader reads (it refuses deeper documents).
std::size_t order_objects(const nlohmann::json& v, int depth = 0) {
  std::size_t n = v.is_object() && v.contains("order_sn") ? 1 : 0;
  if (v.is_structured() && depth < 70) {
    for (const auto& child : v) n += order_objects(child, depth + 1);
  }
  return n;
}

void touch(std::string_view v) {
  volatile std::size_t sum = 0;
  for (char c : v) sum = sum + static_cast<unsigned char>(c);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t lines = 1;
  for (char c : text) lines += c == '\n';

  lanshou::ParsedInput out;
  out.values = std::make_shared<lanshou::ValueStore>();
  out.values->text = text;
  const lanshou::JsonDocumentRead r = lanshou::read_pdd_json(text, 1, &out);
  if (r.length > text.size()) __builtin_trap();
  if (r.length == 0 && (!out.orders.empty() || !out.errors.empty())) __builtin_trap();
  if (!r.handled && (!out.orders.empty() || !out.errors.empty())) __builtin_trap();
  for (const auto& o : out.orders) {
    if (o.line == 0 || o.line > lines || o.kind != lanshou::SourceKind::kJson) __builtin_trap();
    if (o.get(lanshou::Field::kOrderSn).empty() || out.facts_of(o) == nullptr) __builtin_trap();
    for (std::size_t f = 0; f < lanshou::kFieldCount; ++f) {
      touch(o.get(static_cast<lanshou::Field>(f)));
      touch(o.label(static_cast<lanshou::Field>(f)));
    }
  }
  for (const auto& e : out.errors) {
    if (e.line == 0 || e.line > lines || e.message.empty()) __builtin_trap();
  }
  if (r.length > 0 && r.handled) {
    // Well-formed JSON: no more orders than objects with an order_sn.
    const bool refused = !out.errors.empty() && out.errors.front().code == "json_unreadable";
    const auto doc = refused ? nlohmann::json()
                             : nlohmann::json::parse(text.substr(0, r.length), nullptr, false);
    if (!doc.is_discarded() && out.orders.size() > order_objects(doc)) __builtin_trap();
  }

  // Behind the whole reader: a document taken whole leaves nothing to mine.
  const lanshou::ParsedInput in = lanshou::read_input(text);
  if (r.handled && r.length == text.size() && in.orders.size() != out.orders.size()) {
    __builtin_trap();
  }

  lanshou::CheckOptions o;
  o.now = 1788667200;  // 2026-09-06 12:00 Beijing
  const auto result = lanshou::check(text, o);
  if (nlohmann::json::parse(result.text, nullptr, false).is_discarded()) __builtin_trap();
  return 0;
}
