// --post-js: the JavaScript half of the boundary (see boundary.cpp).
// Module.check(text, optionsJson) -> the result document as a JSON string.
// Module.wording(text, requestJson) -> the wording for one order as a JSON string.
// The text goes in as UTF-8 through malloc'd buffers and comes back the same way: one call in,
// one buffer out. Pointers are read with >>> 0 because memory may grow past 2 GiB.

var lanshouEncoder = new TextEncoder();
var lanshouDecoder = new TextDecoder('utf-8');

// Copies a JS string into a fresh malloc'd buffer; returns [ptr, byteLength]. UTF-8 needs at most
// 3 bytes per UTF-16 unit: the text is encoded in place into that much, then the buffer is shrunk
// to its size, so the tail goes back to the allocator for the records and decisions that follow
// (wasm memory never shrinks: a tail left unused would stay in the heap for good).
function lanshouPutString(str) {
  var capacity = str.length * 3 + 1;
  var ptr = _malloc(capacity) >>> 0;
  if (!ptr) throw new RangeError('lanshou: 内存不足，文本太大（' + str.length + ' 字符）');
  // Take the view after malloc: growing memory replaces HEAPU8.
  var written = lanshouEncoder.encodeInto(str, HEAPU8.subarray(ptr, ptr + capacity)).written;
  if (capacity > 4096 && written + 1 < capacity) {
    var shrunk = _realloc(ptr, written + 1) >>> 0;  // in place: dlmalloc splits off the tail
    if (shrunk) ptr = shrunk;
  }
  return [ptr, written];
}

// Milliseconds of the last check/checkCompact call: {in, run, out} (copy in, the C++ call, copy
// out and decode). For scripts/bench.sh; three performance.now() calls per call.
var lanshouNow = typeof performance !== 'undefined' ? function () { return performance.now(); } : Date.now;
Module['lastTimings'] = null;
// Bytes of wasm memory now (memory only grows: the peak so far).
Module['heapBytes'] = function () { return HEAPU8.length; };

// The text and the options (a JSON string or a value to stringify) in two malloc'd buffers:
// [[textPtr, textLen], [optionsPtr, optionsLen]]. Nothing stays allocated if either fails.
// beforeCopy, if given, runs once both are strings, before any memory is taken.
function lanshouPutInputs(text, json, beforeCopy) {
  text = text == null ? '' : String(text);
  json = json == null ? '' : typeof json === 'string' ? json : JSON.stringify(json);
  if (beforeCopy) beforeCopy();
  var input = lanshouPutString(text);
  try {
    return [input, lanshouPutString(json)];
  } catch (e) {
    _free(input[0]);
    throw e;
  }
}

// Runs one exported C call fn(text, json) -> Result*, returns the result as a JS string.
function lanshouCall(fn, text, json) {
  var t0 = lanshouNow();
  var inputs = lanshouPutInputs(text, json), input = inputs[0], options = inputs[1];
  try {
    var t1 = lanshouNow();
    var result = fn(input[0], input[1], options[0], options[1]) >>> 0;
    var t2 = lanshouNow();
    try {
      var ptr = HEAPU32[result >>> 2] >>> 0;
      var len = HEAPU32[(result >>> 2) + 1] >>> 0;
      var out = lanshouDecoder.decode(HEAPU8.subarray(ptr, ptr + len));
      Module['lastTimings'] = {in: t1 - t0, run: t2 - t1, out: lanshouNow() - t2};
      return out;
    } finally {
      _lanshou_free_result(result);
    }
  } finally {
    _free(input[0]);
    _free(options[0]);
  }
}

Module['check'] = function (text, optionsJson) {
  return lanshouCall(_lanshou_check, text, optionsJson);
};

// Module.wording(text, requestJson) -> {"order_sn","actions","wordings","notes"} or {"error": "..."}
// as a JSON string; the request is lanshou::parse_wording_input_json's document.
Module['wording'] = function (text, requestJson) {
  return lanshouCall(_lanshou_wording, text, requestJson);
};

// Module.version() -> "0.1.0"
Module['version'] = function () {
  var ptr = _lanshou_version() >>> 0;
  var end = ptr;
  while (HEAPU8[end]) ++end;
  return lanshouDecoder.decode(HEAPU8.subarray(ptr, end));
};

// Module.checkCompact(text, optionsJson) -> {count, status, deadline, findings, fix, fixUntil, risk,
// line, courier, couriers, fieldsBytes, fieldOffsets, fields, head}: every order's decision in
// typed arrays (each copied out of wasm memory once); courier[i] indexes couriers (the distinct
// courier names); the per-order text fields as UTF-8 bytes with each order's byte offset
// (fieldOffsets has count + 1 entries), so a page decodes only the rows it shows;
// `fields` is the same text as one string, decoded on first use; the document's head (everything
// but "orders") as JSON. Module.orderJson(i) then gives check()'s orders[i] for the same call.
// The input buffer stays in the module (it is the session's) until the next checkCompact.
Module['checkCompact'] = function (text, optionsJson) {
  var t0 = lanshouNow();
  // The last session's memory is freed first: the new text reuses it.
  var inputs = lanshouPutInputs(text, optionsJson, _lanshou_compact_clear);
  var input = inputs[0], options = inputs[1];
  var view, t1 = lanshouNow(), t2;
  try {
    view = _lanshou_check_compact(input[0], input[1], options[0], options[1]) >>> 2;  // owns input
  } finally {
    t2 = lanshouNow();
    _free(options[0]);
  }
  var u32 = HEAPU32;
  var n = u32[view] >>> 0;
  function copy(word, bytes, count) {
    var ptr = u32[view + word] >>> 0;
    return HEAPU8.slice(ptr, ptr + (count === undefined ? n : count) * bytes).buffer;
  }
  function bytesAt(word) {
    var ptr = u32[view + word] >>> 0;
    return HEAPU8.slice(ptr, ptr + (u32[view + word + 1] >>> 0));
  }
  var couriersText = lanshouDecoder.decode(bytesAt(14));
  var fieldsBytes = bytesAt(8), fieldsText;
  var result = {
    count: n,
    status: new Uint8Array(copy(1, 1)),
    deadline: new Float64Array(copy(2, 8)),
    findings: new Uint16Array(copy(3, 2)),
    fix: new Uint8Array(copy(4, 1)),
    fixUntil: new Float64Array(copy(5, 8)),
    risk: new Float32Array(copy(6, 4)),
    line: new Uint32Array(copy(7, 4)),
    courier: new Uint16Array(copy(13, 2)),
    couriers: couriersText ? couriersText.slice(0, -1).split('\n') : [],
    fieldsBytes: fieldsBytes,
    fieldOffsets: n ? new Uint32Array(copy(12, 4, n + 1)) : new Uint32Array(1),
    head: lanshouDecoder.decode(bytesAt(10)),
  };
  Object.defineProperty(result, 'fields', {
    enumerable: true,
    get: function () {
      if (fieldsText === undefined) fieldsText = lanshouDecoder.decode(fieldsBytes);
      return fieldsText;
    },
  });
  Module['lastTimings'] = {in: t1 - t0, run: t2 - t1, out: lanshouNow() - t2};
  return result;
};

// Module.orderJson(i) -> check()'s orders[i] of the last checkCompact call, as a JSON string.
Module['orderJson'] = function (i) {
  if (!(i >= 0 && i < 4294967296)) throw new RangeError('lanshou: orderJson(' + i + ')');
  var result = _lanshou_order_json(i >>> 0) >>> 0;
  try {
    var ptr = HEAPU32[result >>> 2] >>> 0;
    var len = HEAPU32[(result >>> 2) + 1] >>> 0;
    return lanshouDecoder.decode(HEAPU8.subarray(ptr, ptr + len));
  } finally {
    _lanshou_free_result(result);
  }
};

// Module.rules(optionsJson) -> every rule value with label, unit, source and confidence, the
// options' "rules" overrides merged, plus "errors": [{key, message}], as a JSON string.
Module['rules'] = function (optionsJson) {
  return lanshouCall(_lanshou_rules, '', optionsJson);
};
