// --post-js: the JavaScript half of the boundary (boundary.cpp is the embind half; lanshou.d.ts
// describes both). The embind class Module.Session holds one check; the functions below are the
// calls the page, node and the tests make, each a few lines over it:
//   Module.check(text, options)        -> the whole result document (or table, CSV) as a string
//   Module.checkCompact(text, options) -> the page's columns as typed arrays (one copy each)
//   Module.orderJson(i)                -> orders[i] of the last checkCompact
//   Module.sessionWording(request)     -> the wording for an order of the last checkCompact
//   Module.sessionOutput()             -> the whole result of the last checkCompact (its format)
//   Module.wording(text, request)      -> the wording for an order of `text`, read afresh
//   Module.rules(options), Module.version()
// The text goes in as UTF-8 through one malloc'd buffer (TextEncoder.encodeInto, no embind string)
// that the session takes over. Pointers are read with >>> 0 because memory may grow past 2 GiB.

var lanshouEncoder = new TextEncoder();
var lanshouDecoder = new TextDecoder('utf-8');

// Copies a JS string into a fresh malloc'd buffer; returns [ptr, byteLength]. UTF-8 takes 1 to 3
// bytes per UTF-16 unit: the text is encoded into 1.5 bytes per unit (an export of Chinese names
// and ASCII numbers takes about 1.25), the buffer grown for what is left when that was not enough,
// then shrunk to its size, so that the tail goes back to the allocator for the records and
// decisions that follow (wasm memory never shrinks: room asked for and not used would stay in the
// heap for good, and three bytes per unit, the most, was twice what an export needs).
function lanshouPutString(str) {
  var capacity = str.length + (str.length >>> 1) + 16;
  var ptr = _malloc(capacity) >>> 0;
  if (!ptr) throw new RangeError('lanshou: 内存不足，文本太大（' + str.length + ' 字符）');
  var read = 0, written = 0;
  for (;;) {
    // Take the view after malloc/realloc: growing memory replaces HEAPU8.
    var r = lanshouEncoder.encodeInto(read ? str.substring(read) : str,
                                      HEAPU8.subarray(ptr + written, ptr + capacity));
    read += r.read;
    written += r.written;
    if (read >= str.length) break;
    capacity = written + (str.length - read) * 3 + 16;
    var grown = _realloc(ptr, capacity) >>> 0;
    if (!grown) {
      _free(ptr);
      throw new RangeError('lanshou: 内存不足，文本太大（' + str.length + ' 字符）');
    }
    ptr = grown;
  }
  if (capacity > 4096 && written + 1 < capacity) {
    var shrunk = _realloc(ptr, written + 1) >>> 0;  // in place: dlmalloc splits off the tail
    if (shrunk) ptr = shrunk;
  }
  return [ptr, written];
}

function lanshouText(text) { return text == null ? '' : String(text); }
function lanshouJson(json) { return json == null ? '' : typeof json === 'string' ? json : JSON.stringify(json); }

// Milliseconds of the last check/checkCompact call: {in, run, out} (copy in, the C++ call, copy
// out and decode). For scripts/bench.sh; three performance.now() calls per call.
var lanshouNow = typeof performance !== 'undefined' ? function () { return performance.now(); } : Date.now;
Module['lastTimings'] = null;
// Bytes of wasm memory now (memory only grows: the peak so far).
Module['heapBytes'] = function () { return HEAPU8.length; };

// Runs `text` in `session` (which takes the buffer over).
function lanshouRun(session, text, options) {
  var input = lanshouPutString(text);
  session['run'](input[0], input[1], options);
}

Module['check'] = function (text, optionsJson) {
  text = lanshouText(text);
  var options = lanshouJson(optionsJson);
  var session = new Module['Session']();
  try {
    var t0 = lanshouNow();
    lanshouRun(session, text, options);
    var t1 = lanshouNow();
    var out = lanshouDecoder.decode(session['output']());
    Module['lastTimings'] = {in: 0, run: t1 - t0, out: lanshouNow() - t1};
    return out;
  } finally {
    session['clear']();
    session['delete']();
  }
};

// The session of the last checkCompact: its text, records and decisions stay in the module for
// orderJson and sessionWording until the next checkCompact.
var lanshouCompact = null;

// Module.checkCompact(text, optionsJson) -> {count, status, deadline, findings, fix, fixUntil, risk,
// line, courier, couriers, fieldsBytes, fieldOffsets, fields, head}: every order's decision in
// typed arrays (each copied out of wasm memory once); courier[i] indexes couriers (the distinct
// courier names); the per-order text fields as UTF-8 bytes with each order's byte offset
// (fieldOffsets has count + 1 entries), so a page decodes only the rows it shows; `fields` is the
// same text as one string, decoded on first use; the document's head (everything but "orders").
Module['checkCompact'] = function (text, optionsJson) {
  text = lanshouText(text);
  var options = lanshouJson(optionsJson);
  var t0 = lanshouNow();
  // The last session's memory is freed first: the new text reuses it.
  if (!lanshouCompact) lanshouCompact = new Module['Session']();
  var s = lanshouCompact;
  s['clear']();
  var input = lanshouPutString(text);
  var t1 = lanshouNow();
  s['run'](input[0], input[1], options);
  var t2 = lanshouNow();
  var n = s['count']();
  function copy(view) { return view.slice(); }
  var couriersText = lanshouDecoder.decode(s['couriersBytes']());
  var fieldsBytes = copy(s['fieldsBytes']()), fieldsText;
  var offsets = s['fieldOffsets']();
  var result = {
    count: n,
    status: copy(s['status']()),
    deadline: copy(s['deadline']()),
    findings: copy(s['findings']()),
    fix: copy(s['fix']()),
    fixUntil: copy(s['fixUntil']()),
    risk: copy(s['risk']()),
    line: copy(s['line']()),
    courier: copy(s['courier']()),
    couriers: couriersText ? couriersText.slice(0, -1).split('\n') : [],
    fieldsBytes: fieldsBytes,
    fieldOffsets: n ? copy(offsets) : new Uint32Array(1),
    head: s['head'](),
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

// Module.orderJson(i) -> orders[i] of the last checkCompact call, as a JSON string.
Module['orderJson'] = function (i) {
  if (!(i >= 0 && i < 4294967296)) throw new RangeError('lanshou: orderJson(' + i + ')');
  return lanshouCompact ? lanshouCompact['orderJson'](i >>> 0) : 'null';
};

// Module.sessionWording(request) -> the wording for one order of the last checkCompact (no second
// reading of the text): {"order_sn","actions","wordings","notes"} or {"error": "..."}.
Module['sessionWording'] = function (requestJson) {
  if (!lanshouCompact) return JSON.stringify({error: '还没有检查任何订单'});
  return lanshouCompact['wording'](lanshouJson(requestJson));
};

// Module.sessionOutput() -> the last checkCompact's whole result in the format its options asked
// for ("format": "csv": the page's export of what it shows), from the same decisions, without
// reading the text again; "" before the first.
Module['sessionOutput'] = function () {
  if (!lanshouCompact) return '';
  var out = lanshouDecoder.decode(lanshouCompact['output']());
  lanshouCompact['releaseOutput']();
  return out;
};

// Module.wording(text, requestJson) -> the same for an order of `text`, read and decided afresh
// with the request's "now" and "rules" (what `lanshou wording --format json` prints).
Module['wording'] = function (text, requestJson) {
  var request = lanshouJson(requestJson);
  var input = lanshouPutString(lanshouText(text));
  return Module['wordingForText'](input[0], input[1], request);  // frees the buffer
};

// Module.version() -> "0.1.0"
Module['version'] = function () { return Module['coreVersion'](); };

// Module.rules(optionsJson) -> every rule value with label, unit, source and confidence, the
// options' "rules" overrides merged, plus "errors": [{key, message}], as a JSON string.
Module['rules'] = function (optionsJson) { return Module['rulesJson'](lanshouJson(optionsJson)); };
