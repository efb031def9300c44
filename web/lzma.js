// lzmaDecode(bytes): the bytes of an .lzma file ("LZMA alone": `xz --format=lzma`) unpacked.
//
// The site ships the wasm LZMA-compressed (scripts/build-site.mjs): 151 KB instead of gzip's
// 195 KB. Browsers have no LZMA, so the worker unpacks it with this decoder, a plain-script port of
// LzmaSpec.cpp, the public-domain reference decoder of Igor Pavlov's LZMA SDK; the names of its
// parts (range decoder, bit trees, literal, length and distance decoders, state, rep0-3) are the
// spec's, so the two read side by side. A classic script, no modules and no eval: it runs in the
// worker of the site, of the offline file (from file://) and of the extension (MV3).
//
// The header: 1 byte lc/lp/pb, 4 bytes dictionary size, 8 bytes unpacked size (little endian).
// Unlike the spec this decoder needs the size (the build writes it; xz leaves it "unknown"): the
// output is one Uint8Array of that size, which is also the dictionary, so nothing is allocated
// while decoding. After the last byte an end marker may follow, as xz writes one; either way the
// range decoder must finish clean, which catches a damaged stream at the end if not before.
//
// Throws an Error with a message for the merchant and code 'header' (not an .lzma file this
// decoder takes), 'truncated' (the data ends early) or 'corrupt' (the data does not decode).
var lzmaDecode = (function () {
  'use strict';
  var PROB_BITS = 11;            // a probability is p / 2048 that the next bit is 0
  var PROB_HALF = 1 << (PROB_BITS - 1);
  var MOVE_BITS = 5;             // how fast a probability adapts
  var TOP = 1 << 24;             // the range decoder reads a byte when the range falls below this
  var STATES = 12;
  var POS_BITS_MAX = 4;
  var LEN_TO_POS_STATES = 4;
  var ALIGN_BITS = 4;
  var END_POS_MODEL_INDEX = 14;
  var FULL_DISTANCES = 128;
  var MATCH_MIN_LEN = 2;
  var MAX_SIZE = 256 * 1024 * 1024;  // refuse a header that claims more than any wasm we ship

  function fail(code, message) {
    var err = new Error(message);
    err.code = code;
    return err;
  }

  function probs(n) {
    return new Uint16Array(n).fill(PROB_HALF);
  }

  // --- the range decoder: bits with adaptive probabilities, and direct (even) bits ---------------
  // Its state lives in a Uint32Array, not in object fields or closure variables: range and code
  // take all 32 bits, and V8 keeps such a number unboxed in a typed array, where a field or a
  // closure variable holds it as a heap number (measured slower).
  var RANGE = 0, CODE = 1, NEXT = 2;

  function RangeDecoder(input, at) {
    this.input = input;
    this.state = new Uint32Array(3);
    this.state[RANGE] = 0xFFFFFFFF;
    this.state[NEXT] = at;
    if (this.next() !== 0) throw fail('corrupt', 'LZMA 数据已损坏（首字节不为 0）');
    var code = 0;
    for (var i = 0; i < 4; i++) code = code * 256 + this.next();
    if (code === 0xFFFFFFFF) throw fail('corrupt', 'LZMA 数据已损坏（起始码无效）');
    this.state[CODE] = code;
  }

  RangeDecoder.prototype.next = function () {
    var at = this.state[NEXT];
    if (at >= this.input.length) {
      throw fail('truncated', 'LZMA 数据不完整（在第 ' + this.input.length + ' 字节处中断）');
    }
    this.state[NEXT] = at + 1;
    return this.input[at];
  };

  // The code is 0 where the encoder flushed: a stream that decoded right ends so.
  RangeDecoder.prototype.clean = function () {
    return this.state[CODE] === 0;
  };

  // One bit with the probability probs[i], which then moves towards the bit seen.
  RangeDecoder.prototype.bit = function (probs, i) {
    var s = this.state, range = s[RANGE], code = s[CODE], p = probs[i];
    var bound = (range >>> PROB_BITS) * p, bit;
    if (code < bound) {
      range = bound;
      probs[i] = p + (((1 << PROB_BITS) - p) >>> MOVE_BITS);
      bit = 0;
    } else {
      range -= bound;
      code -= bound;
      probs[i] = p - (p >>> MOVE_BITS);
      bit = 1;
    }
    if (range < TOP) {
      range *= 256;
      code = code * 256 + this.next();
    }
    s[RANGE] = range;
    s[CODE] = code;
    return bit;
  };

  // count bits, each 0 or 1 with even odds, highest first (the middle bits of long distances).
  RangeDecoder.prototype.direct = function (count) {
    var s = this.state, result = 0;
    do {
      var range = s[RANGE] >>> 1, code = s[CODE];
      var bit = code >= range ? 1 : 0;
      if (bit) code -= range;
      if (code === range) throw fail('corrupt', 'LZMA 数据已损坏（距离位无效）');
      if (range < TOP) {
        range *= 256;
        code = code * 256 + this.next();
      }
      s[RANGE] = range;
      s[CODE] = code;
      result = result * 2 + bit;
    } while (--count);
    return result;
  };

  // A bit tree: a number of `bits` bits, highest first, each bit with the probability at the node
  // of the tree reached so far (probs[base + 1] is the root).
  RangeDecoder.prototype.tree = function (probs, base, bits) {
    var m = 1;
    for (var i = 0; i < bits; i++) m = (m << 1) + this.bit(probs, base + m);
    return m - (1 << bits);
  };

  // The same, lowest bit first (distances' low bits).
  RangeDecoder.prototype.reverse = function (probs, base, bits) {
    var m = 1, symbol = 0;
    for (var i = 0; i < bits; i++) {
      var bit = this.bit(probs, base + m);
      m = (m << 1) + bit;
      symbol |= bit << i;
    }
    return symbol;
  };

  // --- lengths: 2-9 (low, per position state), 10-17 (mid), 18-273 (high) -------------------------
  function LenDecoder() {
    this.choice = probs(2);
    this.low = probs(1 << POS_BITS_MAX << 3);
    this.mid = probs(1 << POS_BITS_MAX << 3);
    this.high = probs(256);
  }

  LenDecoder.prototype.decode = function (rc, posState) {
    if (rc.bit(this.choice, 0) === 0) return rc.tree(this.low, posState << 3, 3);
    if (rc.bit(this.choice, 1) === 0) return 8 + rc.tree(this.mid, posState << 3, 3);
    return 16 + rc.tree(this.high, 0, 8);
  };

  // --- literals: 8 bits, with probabilities chosen by the previous byte's top lc bits and the
  // position's low lp bits; right after a match, also by the byte the match would have given
  // next (matchByte), bit by bit until a bit differs from it.
  function LiteralDecoder(lc, lp) {
    this.lc = lc;
    this.lpMask = (1 << lp) - 1;
    this.probs = probs(0x300 << (lc + lp));
  }

  LiteralDecoder.prototype.decode = function (rc, prevByte, pos, matchByte) {
    var probs = this.probs, base = 0x300 * (((pos & this.lpMask) << this.lc) + (prevByte >>> (8 - this.lc)));
    var symbol = 1;
    if (matchByte >= 0) {
      do {
        var matchBit = (matchByte >>> 7) & 1;
        matchByte <<= 1;
        var bit = rc.bit(probs, base + ((1 + matchBit) << 8) + symbol);
        symbol = (symbol << 1) | bit;
        if (matchBit !== bit) break;
      } while (symbol < 0x100);
    }
    while (symbol < 0x100) symbol = (symbol << 1) | rc.bit(probs, base + symbol);
    return symbol - 0x100;
  };

  // --- distances (minus one) of a match: a 6-bit slot per length (2, 3, 4, 5+) gives the top two
  // bits and the number of bits after them; those come from bit trees (small distances) or as
  // direct bits plus 4 bits from a tree (large ones).
  function DistanceDecoder() {
    this.slot = probs(LEN_TO_POS_STATES << 6);
    this.special = probs(1 + FULL_DISTANCES - END_POS_MODEL_INDEX);
    this.align = probs(1 << ALIGN_BITS);
  }

  // len: the match's length minus 2.
  DistanceDecoder.prototype.decode = function (rc, len) {
    var slot = rc.tree(this.slot, (len < LEN_TO_POS_STATES - 1 ? len : LEN_TO_POS_STATES - 1) << 6, 6);
    if (slot < 4) return slot;
    var directBits = (slot >>> 1) - 1;
    var dist = (2 | (slot & 1)) * (1 << directBits);
    if (slot < END_POS_MODEL_INDEX) return dist + rc.reverse(this.special, dist - slot, directBits);
    return dist + rc.direct(directBits - ALIGN_BITS) * (1 << ALIGN_BITS) + rc.reverse(this.align, 0, ALIGN_BITS);
  };

  function corrupt(why, pos) {
    return fail('corrupt', 'LZMA 数据已损坏（' + why + '，在输出第 ' + pos + ' 字节处）');
  }

  function decode(input) {
    if (!input || input.length < 13) throw fail('header', 'LZMA 数据不完整（缺少 13 字节的文件头）');
    var props = input[0];
    if (props >= 9 * 5 * 5) throw fail('header', 'LZMA 文件头无效（lc/lp/pb = ' + props + '）');
    var lc = props % 9, lp = Math.floor(props / 9) % 5, pb = Math.floor(props / 45);
    var dictSize = (input[1] | input[2] << 8 | input[3] << 16 | input[4] << 24) >>> 0;
    if (dictSize < 4096) dictSize = 4096;
    var sizeLow = (input[5] | input[6] << 8 | input[7] << 16 | input[8] << 24) >>> 0;
    var sizeHigh = (input[9] | input[10] << 8 | input[11] << 16 | input[12] << 24) >>> 0;
    if (sizeHigh === 0xFFFFFFFF && sizeLow === 0xFFFFFFFF) {
      throw fail('header', 'LZMA 文件头未写明解压后的大小');
    }
    if (sizeHigh !== 0 || sizeLow > MAX_SIZE) throw fail('header', 'LZMA 文件头的大小不合理（' + sizeHigh + ':' + sizeLow + '）');

    var size = sizeLow, out = new Uint8Array(size), pos = 0;
    var rc = new RangeDecoder(input, 13);
    var literal = new LiteralDecoder(lc, lp), distance = new DistanceDecoder();
    var lenDecoder = new LenDecoder(), repLenDecoder = new LenDecoder();
    var isMatch = probs(STATES << POS_BITS_MAX), isRep0Long = probs(STATES << POS_BITS_MAX);
    var isRep = probs(STATES), isRepG0 = probs(STATES), isRepG1 = probs(STATES), isRepG2 = probs(STATES);
    var pbMask = (1 << pb) - 1;
    // state: what the last few symbols were (0-6 after a literal, 7-11 after a match or rep);
    // rep0-rep3: the last four distances, minus one.
    var state = 0, rep0 = 0, rep1 = 0, rep2 = 0, rep3 = 0;

    for (;;) {
      // All bytes out: done if the range decoder is clean; else an end marker must follow.
      if (pos === size && rc.clean()) break;
      var posState = pos & pbMask;
      if (rc.bit(isMatch, (state << POS_BITS_MAX) + posState) === 0) {
        if (pos === size) throw corrupt('数据多于文件头所写的大小', pos);
        out[pos] = literal.decode(rc, pos > 0 ? out[pos - 1] : 0, pos, state >= 7 ? out[pos - rep0 - 1] : -1);
        pos++;
        state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
        continue;
      }
      var len;
      if (rc.bit(isRep, state) !== 0) {
        if (pos === size) throw corrupt('数据多于文件头所写的大小', pos);
        if (pos === 0) throw corrupt('开头就引用了之前的数据', pos);
        if (rc.bit(isRepG0, state) === 0) {
          if (rc.bit(isRep0Long, (state << POS_BITS_MAX) + posState) === 0) {  // "short rep": one byte
            state = state < 7 ? 9 : 11;
            out[pos] = out[pos - rep0 - 1];
            pos++;
            continue;
          }
        } else {
          var dist;
          if (rc.bit(isRepG1, state) === 0) {
            dist = rep1;
          } else {
            if (rc.bit(isRepG2, state) === 0) {
              dist = rep2;
            } else {
              dist = rep3;
              rep3 = rep2;
            }
            rep2 = rep1;
          }
          rep1 = rep0;
          rep0 = dist;
        }
        len = repLenDecoder.decode(rc, posState);
        state = state < 7 ? 8 : 11;
      } else {
        rep3 = rep2;
        rep2 = rep1;
        rep1 = rep0;
        len = lenDecoder.decode(rc, posState);
        state = state < 7 ? 7 : 10;
        rep0 = distance.decode(rc, len);
        if (rep0 === 0xFFFFFFFF) {  // the end marker
          if (!rc.clean()) throw corrupt('结束标记后的校验不为 0', pos);
          break;
        }
        if (pos === size) throw corrupt('数据多于文件头所写的大小', pos);
        if (rep0 >= dictSize || rep0 >= pos) throw corrupt('引用的距离超出已解出的数据', pos);
      }
      len += MATCH_MIN_LEN;
      if (len > size - pos) throw corrupt('数据多于文件头所写的大小', pos);
      // Byte by byte: the source may overlap what this match writes (a run repeats itself).
      for (var from = pos - rep0 - 1, end = pos + len; pos < end; pos++, from++) out[pos] = out[from];
    }
    if (pos !== size) throw corrupt('数据在文件头所写的大小之前结束', pos);
    return out;
  }

  return decode;
})();
