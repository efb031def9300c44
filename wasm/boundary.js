// --post-js: the JavaScript half of the boundary (see boundary.cpp).
// Module.check(text, optionsJson) -> the result document as a JSON string.
// Module.wording(text, requestJson) -> the wording for one order as a JSON string.
// The text goes in as UTF-8 through malloc'd buffers and comes back the same way: one call in,
// one buffer out. Pointers are read with >>> 0 because memory may grow past 2 GiB.

var lanshouEncoder = new TextEncoder();
var lanshouDecoder = new TextDecoder('utf-8');

// Copies a JS string into a fresh malloc'd buffer; returns [ptr, byteLength].
function lanshouPutString(str) {
  // UTF-8 needs at most 3 bytes per UTF-16 code unit.
  var capacity = str.length * 3 + 1;
  var ptr = _malloc(capacity) >>> 0;
  if (!ptr) throw new RangeError('lanshou: 内存不足，文本太大（' + str.length + ' 字符）');
  // Take the view after malloc: growing memory replaces HEAPU8.
  var written = lanshouEncoder.encodeInto(str, HEAPU8.subarray(ptr, ptr + capacity)).written;
  return [ptr, written];
}

// Runs one exported C call fn(text, json) -> Result*, returns the result as a JS string.
function lanshouCall(fn, text, json) {
  text = text == null ? '' : String(text);
  if (json == null) json = '';
  else if (typeof json !== 'string') json = JSON.stringify(json);
  var input = lanshouPutString(text);
  var options;
  try {
    options = lanshouPutString(json);
  } catch (e) {
    _free(input[0]);
    throw e;
  }
  try {
    var result = fn(input[0], input[1], options[0], options[1]) >>> 0;
    try {
      var ptr = HEAPU32[result >>> 2] >>> 0;
      var len = HEAPU32[(result >>> 2) + 1] >>> 0;
      return lanshouDecoder.decode(HEAPU8.subarray(ptr, ptr + len));
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
