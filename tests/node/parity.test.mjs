// The wasm module and the native CLI must give byte-identical result documents on every fixture.
// Run: node --test tests/node/   (after scripts/build.sh)
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join, resolve} from 'node:path';
import test from 'node:test';
import {fileURLToPath} from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = process.env.LANSHOU_CLI ?? join(root, 'build/native/lanshou');
const fixtures = join(root, 'tests/fixtures');
const NOW = '2025-03-12T12:00:00+08:00';

const createLanshou = createRequire(import.meta.url)(join(root, 'build/wasm/lanshou.js'));
const lanshou = await createLanshou();

// As the page does: strict UTF-8 first, else GB18030 (a superset of GBK).
function decode(bytes) {
  try {
    return new TextDecoder('utf-8', {fatal: true}).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

const files = readdirSync(fixtures)
  .filter((name) => !name.startsWith('.') && statSync(join(fixtures, name)).isFile())
  .sort();

test('there are fixtures', () => assert.ok(files.length >= 4, `only ${files.length} in ${fixtures}`));

for (const name of files) {
  test(`wasm check() and the CLI agree byte for byte on ${name}`, () => {
    const file = join(fixtures, name);
    const run = spawnSync(cli, ['check', file, '--now', NOW, '--format', 'json'], {maxBuffer: 1 << 28});
    assert.equal(run.error, undefined, `cannot run ${cli}: ${run.error}`);
    assert.ok(run.status === 0 || run.status === 1, `CLI exit ${run.status}: ${run.stderr}`);
    const wasm = lanshou.check(decode(readFileSync(file)), JSON.stringify({now: NOW}));
    assert.equal(wasm, run.stdout.toString('utf8'));  // shows a readable diff
    assert.ok(Buffer.from(wasm, 'utf8').equals(run.stdout));
  });
}

// The export generations and PDD JSON fixtures (issue 16), each at the clock of its expected.json.
for (const dir of ['exports', 'pdd-json']) {
  const manifest = JSON.parse(readFileSync(join(fixtures, dir, 'expected.json'), 'utf8'));
  const names = readdirSync(join(fixtures, dir)).filter((n) => n !== 'expected.json' && n !== 'README.md').sort();
  test(`every fixture in ${dir}/ has its expected decisions`, () => {
    assert.deepEqual(names, Object.keys(manifest.fixtures).sort());
  });
  for (const name of names) {
    const {now} = manifest.fixtures[name];
    test(`wasm check() and the CLI agree byte for byte on ${dir}/${name}`, () => {
      const file = join(fixtures, dir, name);
      const run = spawnSync(cli, ['check', file, '--now', now, '--format', 'json'], {maxBuffer: 1 << 28});
      assert.equal(run.error, undefined, `cannot run ${cli}: ${run.error}`);
      assert.ok(run.status === 0 || run.status === 1, `CLI exit ${run.status}: ${run.stderr}`);
      const wasm = lanshou.check(decode(readFileSync(file)), JSON.stringify({now}));
      assert.equal(wasm, run.stdout.toString('utf8'));
      assert.ok(Buffer.from(wasm, 'utf8').equals(run.stdout));
      const doc = JSON.parse(wasm);
      assert.deepEqual(Object.fromEntries(doc.orders.map((o) => [o.order_sn, o.status])),
        manifest.fixtures[name].orders);
    });
  }
}

test('a bad options document gives an error entry, never a throw', () => {
  for (const options of ['{not json', '[]', '{"now": 5}', '{"now": "yesterday"}', '{"rules": "x"}']) {
    let json;
    assert.doesNotThrow(() => { json = lanshou.check('订单号\n1\n', options); }, options);
    const doc = JSON.parse(json);
    assert.ok(Array.isArray(doc.errors) && doc.errors.length >= 1, `no error for ${options}: ${json}`);
    assert.ok(doc.errors.every((e) => typeof e.message === 'string' && e.message), json);
    assert.deepEqual(doc.orders, [], json);
  }
});

test('without "now" the clock is the current time', () => {
  for (const options of ['{}', '', undefined]) {
    const doc = JSON.parse(lanshou.check('订单号\n', options));
    assert.equal(typeof doc.now, 'string', JSON.stringify(doc));
    assert.ok(Math.abs(Date.parse(doc.now) - Date.now()) < 120e3, doc.now);
  }
});

test('text of any size and script crosses the boundary and the module stays usable', () => {
  const big = '订单号,快递单号\n' + '250311-512000000000101,中文🚚"引号"\n'.repeat(20000);
  for (const text of ['', '\u0000', '\uD800 lone surrogate', big]) {
    const doc = JSON.parse(lanshou.check(text, JSON.stringify({now: NOW})));
    assert.equal(doc.lanshou, lanshou.version());
  }
});

// docs/result-document.md's example is the CLI's real output (the one order it shows).
test('the documented example is what the CLI prints', () => {
  const doc = readFileSync(join(root, 'docs/result-document.md'), 'utf8');
  const example = JSON.parse(doc.slice(doc.indexOf('```json\n') + 8, doc.indexOf('\n```', doc.indexOf('```json\n'))));
  const cli = spawnSync(join(root, 'build/native/lanshou'),
    ['check', join(root, 'tests/fixtures/from-spreadsheet.tsv'), '--now', '2025-03-12T12:00:00+08:00'],
    {encoding: 'utf8'});
  assert.equal(cli.status, 0, cli.stderr);
  const out = JSON.parse(cli.stdout);
  const shown = new Set(example.orders.map((o) => o.order_sn));
  out.orders = out.orders.filter((o) => shown.has(o.order_sn));
  assert.deepEqual(example, out);
});

// The module skips the core's UTF-8 pass (its text always comes from TextEncoder, which writes
// well-formed UTF-8 and turns a lone surrogate into U+FFFD). A JS string with a lone surrogate must
// therefore come out exactly as the CLI's result for the bytes TextEncoder makes of it: the order
// read, the character shown as U+FFFD, and no invalid_utf8 error (there is nothing invalid left).
test('a lone surrogate: wasm and the CLI on TextEncoder\'s bytes agree, no invalid_utf8', () => {
  const text = '订单号,快递单号,快递公司,商家备注\n250310-512000000000001,75124400000101,中通快递,备注\uD800结束\n';
  const bytes = new TextEncoder().encode(text);
  assert.ok(Buffer.from(bytes).includes(Buffer.from([0xef, 0xbf, 0xbd])));
  const run = spawnSync(cli, ['check', '-', '--now', NOW, '--format', 'json'], {input: bytes, maxBuffer: 1 << 24});
  assert.ok(run.status === 0 || run.status === 1, `CLI exit ${run.status}: ${run.stderr}`);
  const wasm = lanshou.check(text, JSON.stringify({now: NOW}));
  assert.equal(wasm, run.stdout.toString('utf8'));
  const doc = JSON.parse(wasm);
  assert.equal(doc.orders.length, 1);
  assert.equal(doc.orders[0].tracking_no, '75124400000101');
  assert.ok(!doc.errors.some((e) => e.code === 'invalid_utf8'), JSON.stringify(doc.errors));
  const compact = lanshou.checkCompact(text, JSON.stringify({now: NOW}));
  assert.equal(compact.count, 1);
});
