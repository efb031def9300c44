// The compact path (Module.checkCompact + Module.orderJson + Module.sessionOutput) must say exactly
// what check() says: for every fixture and a small generated export, the typed arrays, the fields, the head and each
// order's JSON agree with check()'s document byte for byte. Run: node --test tests/node/
// (after scripts/build.sh). No timing here: speed lives in scripts/bench.sh.
import assert from 'node:assert/strict';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join, resolve} from 'node:path';
import test from 'node:test';
import {fileURLToPath} from 'node:url';

import {generate, NOW as GEN_NOW} from '../../scripts/bench/gen.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = join(root, 'tests/fixtures');
const NOW = '2025-03-12T12:00:00+08:00';

const createLanshou = createRequire(import.meta.url)(join(root, 'build/wasm/lanshou.js'));
const lanshou = await createLanshou();

// The core's codes in the order of its compact arrays: core/data/vocabulary.json.
const VOCABULARY = JSON.parse(readFileSync(join(root, 'core/data/vocabulary.json'), 'utf8'));
const STATUSES = VOCABULARY.statuses.map((e) => e.code);
const FINDINGS = VOCABULARY.findings.map((e) => e.code);
const FIXES = VOCABULARY.fixes.map((e) => e.code);

function decode(bytes) {
  try {
    return new TextDecoder('utf-8', {fatal: true}).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

// The document's own bytes without "orders" and the trailing newline, as the head must be.
function headOf(json) {
  const doc = JSON.parse(json);
  const ordersAt = json.indexOf(',"orders":[');
  const summaryAt = json.lastIndexOf(',"summary":{"orders":');
  assert.ok(ordersAt > 0 && summaryAt > ordersAt && json.endsWith('\n'));
  return {orders: doc.orders, head: json.slice(0, ordersAt) + json.slice(summaryAt, -1)};
}

const epoch = (iso) => (iso === undefined ? NaN : Date.parse(iso) / 1000);
const utf8 = new TextDecoder();
const flat = (v) => (v ?? '').replace(/[\t\n\r]/g, ' ');

function agree(text, options, label) {
  const full = lanshou.check(text, options);
  const c = lanshou.checkCompact(text, options);
  const {orders, head} = headOf(full);
  assert.equal(c.count, orders.length, label);
  assert.equal(c.head, head, `${label}: head`);
  for (const [name, Type] of [['status', Uint8Array], ['deadline', Float64Array],
    ['findings', Uint32Array], ['fix', Uint8Array], ['fixUntil', Float64Array],
    ['risk', Float32Array], ['line', Uint32Array]]) {
    assert.ok(c[name] instanceof Type, `${label}: ${name}`);
    assert.equal(c[name].length, c.count, `${label}: ${name}`);
  }
  const rows = c.fields.split('\n');
  assert.equal(rows.length, c.count + 1, label);
  assert.equal(rows[c.count], '', label);
  let offset = full.indexOf('"orders":[') + '"orders":['.length;
  for (let i = 0; i < c.count; ++i) {
    const o = orders[i];
    const at = `${label}: order ${i}`;
    const json = lanshou.orderJson(i);
    assert.deepEqual(JSON.parse(json), o, at);
    // Byte for byte: the order's JSON is the next slice of the document.
    assert.equal(full.slice(offset, offset + json.length), json, at);
    offset += json.length + 1;
    assert.equal(STATUSES[c.status[i]], o.status, at);
    assert.ok(Object.is(c.deadline[i], epoch(o.deadline)), `${at}: deadline ${c.deadline[i]}`);
    const codes = FINDINGS.filter((_, b) => c.findings[i] & (1 << b));
    assert.deepEqual(codes, [...new Set(o.findings.filter((f) => !f.possible).map((f) => f.code))].sort(
      (a, b) => FINDINGS.indexOf(a) - FINDINGS.indexOf(b)), at);
    assert.equal(FIXES[c.fix[i]], o.fix_path ? o.fix_path.code : 'none', at);
    assert.ok(Object.is(c.fixUntil[i], epoch(o.fix_path?.until)), `${at}: fixUntil`);
    assert.equal(c.risk[i], Math.fround(o.risk_yuan), at);
    assert.equal(c.line[i], o.source.line, at);
    const [sn, no, courier, product] = rows[i].split('\t');
    assert.equal(sn, flat(o.order_sn), at);
    assert.equal(no, flat(o.tracking_no), at);
    assert.equal(courier, flat(o.courier.name ?? o.courier.declared), at);
    assert.equal(product, flat(o.product), at);
    // The same line from the bytes alone, and the courier by its code.
    const line = utf8.decode(c.fieldsBytes.subarray(c.fieldOffsets[i], c.fieldOffsets[i + 1]));
    assert.equal(line, rows[i] + '\n', at);
    assert.equal(c.couriers[c.courier[i]], courier, at);
  }
  assert.equal(c.fieldOffsets.length, c.count + 1, label);
  assert.equal(c.fieldOffsets[c.count], c.fieldsBytes.length, label);
  assert.ok(c.courier instanceof Uint16Array && c.courier.length === c.count, label);
  assert.equal(new Set(c.couriers).size, c.couriers.length, `${label}: couriers listed once`);
  assert.ok(c.couriers.every((name, k) => c.courier.includes(k)), `${label}: every courier used`);
  assert.equal(lanshou.orderJson(c.count), 'null', label);
  // The session's whole result, in its format: the bytes check() writes.
  assert.equal(lanshou.sessionOutput(), full, `${label}: sessionOutput`);
  return c;
}

const files = readdirSync(fixtures)
  .filter((name) => !name.startsWith('.') && statSync(join(fixtures, name)).isFile())
  .sort();

// Back-office text and mixed pastes (issue 16), on the day they were written for.
const backoffice = join(fixtures, 'backoffice');
for (const name of readdirSync(backoffice).filter((f) => f.endsWith('.txt')).sort()) {
  test(`checkCompact + orderJson agree with check() on backoffice/${name}`, () => {
    const text = decode(readFileSync(join(backoffice, name)));
    agree(text, JSON.stringify({now: '2026-12-07T12:00:00+08:00'}), name);
  });
}

for (const name of files) {
  test(`checkCompact + orderJson agree with check() on ${name}`, () => {
    const text = decode(readFileSync(join(fixtures, name)));
    for (const now of [NOW, '2025-03-10T09:00:00+08:00', '2025-04-20T12:00:00+08:00']) {
      agree(text, JSON.stringify({now}), `${name} @ ${now}`);
    }
    agree(text, JSON.stringify({now: NOW, rules: {pickup_window_hours: 48}}), `${name} overridden`);
  });
}

test('a small generated export (every status, traces, bad rows) agrees too', () => {
  const c = agree(generate(1500, 7), JSON.stringify({now: GEN_NOW}), 'generated');
  const seen = new Set(c.status);
  assert.ok(seen.size >= 12, `statuses seen: ${[...seen]}`);
});

test('sessionOutput in CSV (the page\'s export) is check()\'s CSV', () => {
  const text = generate(800, 3), options = JSON.stringify({now: GEN_NOW, format: 'csv'});
  lanshou.checkCompact(text, options);
  const csv = lanshou.sessionOutput();
  assert.equal(csv, lanshou.check(text, options));
  assert.match(csv.slice(0, 20), /^\uFEFF?行号,订单号,/);
});

test('orderJson answers for the last checkCompact call only', () => {
  const options = JSON.stringify({now: NOW});
  const a = decode(readFileSync(join(fixtures, files[0])));
  lanshou.checkCompact(a, options);
  const first = lanshou.orderJson(0);
  const c = lanshou.checkCompact('订单号,快递单号\n250311-512000000000101,75124400000101\n', options);
  assert.equal(c.count, 1);
  assert.notEqual(lanshou.orderJson(0), first);
  assert.equal(lanshou.orderJson(1), 'null');
  assert.throws(() => lanshou.orderJson(-1), RangeError);
});

test('bad options and empty input give a head with the error, never a throw', () => {
  for (const options of ['{not json', '[]', '{"now": 5}']) {
    const c = lanshou.checkCompact('订单号\n1\n', options);
    assert.equal(c.count, 0);
    const head = JSON.parse(c.head);
    assert.ok(head.errors.length >= 1 && head.errors[0].code === 'options_invalid', c.head);
    assert.equal(head.orders, undefined);
  }
  for (const text of ['', '\u0000', '\uD800 lone surrogate']) {
    const c = lanshou.checkCompact(text, JSON.stringify({now: NOW}));
    assert.equal(JSON.parse(c.head).lanshou, lanshou.version());
  }
});
