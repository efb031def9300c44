// Every call from the worker into the wasm module is in this file, so that a change of the
// module's interface stays here. The module (wasm/boundary.js) keeps one embind Session for the
// compact path: checkCompact fills it, orderJson and sessionWording read it.
//
// The module's factory comes before the worker's code in its source, its packed binary after it
// (scripts/build-site.mjs writes them): createLanshou (the emscripten glue, build/wasm/lanshou.js),
// lzmaDecode (web/lzma.js) and LANSHOU_WASM_LZMA (the wasm, LZMA-packed, base64: read once the
// whole source has run).
/* global createLanshou, lzmaDecode, LANSHOU_WASM_LZMA */

var lanshou = null;
var unpackMs = null;

function message(err) { return String((err && err.message) || err); }

// The wasm travels LZMA-compressed (151 KB where gzip gives 195 KB); lzmaDecode unpacks it here.
// Damaged data fails with a message the page shows, no hang. Resolves with {version, unpackMs}.
export function start() {
  return Promise.resolve().then(function () {
    var t0 = performance.now(), wasm;
    try {
      var raw = atob(LANSHOU_WASM_LZMA), packed = new Uint8Array(raw.length);
      for (var i = 0; i < raw.length; i++) packed[i] = raw.charCodeAt(i);
      wasm = lzmaDecode(packed);
    } catch (err) {
      throw new Error('引擎数据无法解压：' + message(err) + '。请刷新页面，或重新下载离线版');
    }
    unpackMs = Math.round((performance.now() - t0) * 10) / 10;
    return createLanshou({wasmBinary: wasm});
  }).then(function (module) {
    lanshou = module;
    return {version: module.version(), unpackMs: unpackMs};
  });
}

// The compact result of a check, in arrays the caller owns (copies, not views into wasm memory:
// they are transferred to the page and kept after the next call):
//   count; per order i: status[i], deadline[i] (epoch s, NaN none), findings[i] (bits), fix[i],
//   fixUntil[i], risk[i] (yuan), line[i], courier[i] (index into couriers, the distinct names);
//   fieldsBytes + fieldOffsets: "order_sn \t tracking_no \t courier \t product" per order, UTF-8,
//   order i at fieldOffsets[i] .. fieldOffsets[i+1]-1; fields: the same as one string, lines
//   ending in \n; head: the result document without its orders (JSON text: now, summary, errors).
// text: the input; options: the options JSON text. Each check's session is asked for CSV as its
// whole result: the page's export (csv()) is then a view of the check it shows.
export function checkCompact(text, options) {
  var o = JSON.parse(options || '{}');
  o.format = 'csv';
  return lanshou.checkCompact(text, JSON.stringify(o));
}

// Order i of the last checkCompact, the full JSON object of the result document, as text.
export function orderJson(index) {
  return lanshou.orderJson(index);
}

// The words for one order of the last checkCompact (its decisions, not a second reading of the
// text): request is the wording request JSON text (order_sn, kind, the merchant's slots).
export function sessionWording(request) {
  return lanshou.sessionWording(request);
}

// The orders of the last checkCompact as CSV (its decisions: the text is not read again).
export function csv() {
  return lanshou.sessionOutput();
}

// Every rule value with its source and confidence, under the options' overrides (JSON text).
export function rules(options) {
  return lanshou.rules(options);
}
