// --post-js: the JavaScript half of the boundary (see boundary.cpp).
// Module.check(text, optionsJson) -> the result document as a JSON string.
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

Module['check'] = function (text, optionsJson) {
  text = text == null ? '' : String(text);
  if (optionsJson == null) optionsJson = '';
  else if (typeof optionsJson !== 'string') optionsJson = JSON.stringify(optionsJson);
  var input = lanshouPutString(text);
  var options;
  try {
    options = lanshouPutString(optionsJson);
  } catch (e) {
    _free(input[0]);
    throw e;
  }
  try {
    var result = _lanshou_check(input[0], input[1], options[0], options[1]) >>> 0;
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
};
