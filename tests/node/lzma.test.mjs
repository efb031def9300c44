// web/lzma.js, the decoder the worker unpacks the site's wasm with: it gives back exactly what xz
// packed (the built site's own wasm, and data that drives every part of LZMA), and a damaged or
// cut-off stream ends in an error with a message, never in wrong bytes or a hang.
// Run: node --test tests/node/lzma.test.mjs   (after scripts/build.sh; needs xz, from xz-utils)
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {runInNewContext} from 'node:vm';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const built = existsSync(join(root, 'build/site/lanshou-worker.js'));

// web/lzma.js run as the worker runs it: a classic script that defines lzmaDecode.
const context = {Uint8Array, Uint16Array, Uint32Array, Error, Math};
runInNewContext(readFileSync(join(root, 'web/lzma.js'), 'utf8'), context, {filename: 'web/lzma.js'});
const lzmaDecode = (bytes) => Buffer.from(context.lzmaDecode(new Uint8Array(bytes)));

// xz's .lzma with the unpacked size written into the header, as scripts/build-site.mjs does.
function pack(bytes, options = 'preset=9e,lc=3,lp=0,pb=0') {
  const packed = execFileSync('xz', ['--format=lzma', `--lzma1=${options}`, '--stdout'], {input: bytes, maxBuffer: 64 << 20});
  packed.writeBigUInt64LE(BigInt(bytes.length), 5);
  return packed;
}

// Deterministic bytes: xorshift32.
function noise(n, seed) {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

const fixture = readFileSync(join(root, 'tests/fixtures/export-utf8.csv'));

const errorOf = (bytes) => {
  try {
    lzmaDecode(bytes);
  } catch (err) {
    return {code: err.code, message: err.message};
  }
  return null;
};

describe('web/lzma.js unpacks what xz packs', () => {
  test('the built site\'s wasm: LANSHOU_WASM_LZMA in lanshou-worker.js unpacks to the module\'s own wasm, byte for byte',
       {skip: !built && 'build/site is not built'}, () => {
    const worker = readFileSync(join(root, 'build/site/lanshou-worker.js'), 'utf8');
    const packed = Buffer.from(/LANSHOU_WASM_LZMA\s*=\s*"([A-Za-z0-9+/=]+)"/.exec(worker)[1], 'base64');
    const module = readFileSync(join(root, 'build/wasm/lanshou.js'), 'utf8');
    const wasm = Buffer.from(/data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/.exec(module)[1], 'base64');
    assert.equal(packed.readBigUInt64LE(5), BigInt(wasm.length), 'the header carries the size');
    assert.ok(lzmaDecode(packed).equals(wasm));
    assert.ok(packed.length < wasm.length * 0.3, `${packed.length} bytes packed for ${wasm.length}`);
  });

  const inputs = {
    'nothing': Buffer.alloc(0),
    'one byte': Buffer.from([0x61]),
    'the order export fixture': fixture,
    'noise (no match: every byte a literal)': noise(70000, 7),
    'a megabyte of zeros (the longest matches)': Buffer.alloc(1 << 20),
    'noise repeated at far distances (direct distance bits, rep0-rep3)':
      Buffer.concat([noise(300000, 1), fixture, noise(300000, 1).subarray(1000, 200000), noise(5000, 2), noise(300000, 1)]),
  };
  for (const [name, bytes] of Object.entries(inputs)) {
    test(`${name}: every lc/lp/pb xz allows that a build might choose`, () => {
      for (const options of ['preset=9e,lc=3,lp=0,pb=0', 'preset=6', 'preset=1,lc=0,lp=4,pb=4', 'preset=9,lc=4,lp=0,pb=1',
                             'preset=6,lc=1,lp=2,pb=3']) {
        assert.ok(lzmaDecode(pack(bytes, options)).equals(bytes), options);
      }
    });
  }
});

describe('web/lzma.js refuses what it cannot unpack, with a message', () => {
  const packed = pack(fixture);

  test('a stream cut short: "truncated", and where it ends', () => {
    for (const length of [13 + 3, Math.floor(packed.length / 2), packed.length - 1]) {
      assert.deepEqual(errorOf(packed.subarray(0, length)),
                       {code: 'truncated', message: `LZMA 数据不完整（在第 ${length} 字节处中断）`});
    }
  });

  test('a cut inside the 13-byte header: "header"', () => {
    assert.deepEqual(errorOf(packed.subarray(0, 12)), {code: 'header', message: 'LZMA 数据不完整（缺少 13 字节的文件头）'});
  });

  test('a header as xz writes it (size unknown): "header"', () => {
    const unknown = Buffer.from(packed);
    unknown.fill(0xff, 5, 13);
    assert.deepEqual(errorOf(unknown), {code: 'header', message: 'LZMA 文件头未写明解压后的大小'});
  });

  test('a header claiming more than 256 MB: "header", nothing allocated', () => {
    const huge = Buffer.from(packed);
    huge.writeBigUInt64LE(1n << 40n, 5);
    assert.equal(errorOf(huge).code, 'header');
  });

  test('a damaged byte anywhere in the data: an error, never other bytes', () => {
    // Every position of the fixture's stream, one bit flipped each time.
    const codes = new Set();
    for (let at = 13; at < packed.length; at++) {
      const damaged = Buffer.from(packed);
      damaged[at] ^= 0x10;
      const err = errorOf(damaged);
      assert.ok(err, `flipping a bit at ${at} still unpacked`);
      assert.match(err.message, /^LZMA 数据(已损坏|不完整)（/);
      codes.add(err.code);
    }
    assert.ok(codes.has('corrupt'));
  });

  test('a stream with more data than its header says: "corrupt"', () => {
    const short = Buffer.from(packed);
    short.writeBigUInt64LE(BigInt(fixture.length - 100), 5);
    assert.equal(errorOf(short).code, 'corrupt');
    assert.match(errorOf(short).message, /^LZMA 数据已损坏（数据多于文件头所写的大小，在输出第 \d+ 字节处）$/);
  });
});
