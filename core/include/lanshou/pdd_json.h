#pragma once
// PDD order JSON as merchants and the extension paste it: the order API's responses
// (pdd.order.list.get, pdd.order.information.get, pdd.order.number.list.increment.get,
// pdd.order.basic.list.get, and its error_response) and the back office's own
// (POST /mangkhut/mms/recentOrderList → result.pageItems[], /mangkhut/mms/orderDetail → result).
// One RawOrder per order; codes, tags and timeout marks the engine does not use yet go to
// ParsedInput::facts. The field names, codes and the logistics table are sourced in
// core/data/input/pdd_json.json, core/data/input/pdd_logistics.json and
// tests/fixtures/pdd-json/README.md.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "lanshou/input.h"

namespace lanshou {

struct JsonDocumentRead {
  // Bytes of the text the JSON value took (from the start of the text); 0 when the text does not
  // start with a JSON object or array. A malformed document takes its lines up to the first one,
  // from the line of the error on, that is no piece of JSON (a table pasted after a cut-off
  // document is still read), or the whole text.
  std::size_t length = 0;
  // True when the document was read here: a PDD order document (its orders appended), a PDD error
  // response, malformed JSON, JSON nested too deep, or JSON of no kind lanshou reads (each reported
  // once). False for a well-formed document that may be a courier aggregator's (快递100, 快递鸟):
  // the caller reads it as such.
  bool handled = false;
};

// Reads a JSON document at the start of `text` (leading spaces and line breaks allowed), which
// starts on line `line` of the paste, into *out: orders to out->orders with their values in
// out->values' arena, errors to out->errors, facts to out->facts. Streams the text (SAX), so a
// document of any size takes memory for one order at a time. Never throws.
JsonDocumentRead read_pdd_json(std::string_view text, std::uint32_t line, ParsedInput* out);

// PDD's name for a logistics id (pdd.logistics.companies.get), "" when lanshou does not know it.
std::string_view pdd_logistics_name(std::int64_t id);

// The courier name an order with this logistics id gets: PDD's name when lanshou's courier
// aliases know it, else the name of the courier the table maps the id to, else PDD's name, else
// "拼多多快递公司编号 N". Empty for id 0 (no courier yet).
std::string pdd_courier_for(std::int64_t id);

}  // namespace lanshou
