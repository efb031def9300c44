// The page in Debian's chromium: index.html over http and lanshou-offline.html from file://.
// Run: node --test tests/browser/   (after scripts/build.sh)
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {chromium} from 'playwright-core';
import {startServer} from '../../scripts/static-server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const site = join(root, 'build/site');
const artifacts = join(root, 'tests/browser/artifacts');
const NOW = '2025-03-12T12:00:00%2B08:00';
const PAYLOAD = '<img src=x onerror=alert(1)>';

const EXPECTED = [
  ['250311-512000000000101', 'awaiting_shipment'],
  ['250310-512000000000102', 'pickup_overdue'],
  ['250309-512000000000103', 'awaiting_pickup'],
  ['250308-512000000000104', 'delivered'],
  ['250311-512000000000105', 'closed'],
  ['250305-512000000000106', 'awaiting_shipment'],
];

let context, server, origin, profile;
const requests = [];
const problems = [];  // console errors, page errors and dialogs: each one fails the test

before(async () => {
  mkdirSync(artifacts, {recursive: true});
  ({server, url: origin} = await startServer(site, 0));
  profile = mkdtempSync(join(tmpdir(), 'lanshou-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: {width: 1100, height: 800},
  });
  context.on('request', (r) => requests.push(r.url()));
});

after(async () => {
  await context?.close();
  server?.close();
  if (profile) rmSync(profile, {recursive: true, force: true});
});

async function openPage(url) {
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  requests.length = 0;
  problems.length = 0;
  await page.goto(url);
  // Ready when #run is enabled; a failed start shows its reason in #state.
  await page.waitForFunction(() => !document.getElementById('run').disabled ||
                                   document.getElementById('state').className === 'tone-bad',
                             null, {timeout: 30000});
  assert.equal(await page.$eval('#run', (b) => b.disabled), false, await page.textContent('#state'));
  return page;
}

async function paste(page, text) {
  await page.fill('#paste', text);
  await page.click('#run');
  await page.waitForFunction(() => document.getElementById('state').textContent !== '正在检查…',
                             null, {timeout: 30000});
  assert.equal(await page.textContent('#state'), '检查完成。');
  return page.$$eval('#results tbody tr', (rows) =>
    rows.map((tr) => [tr.getAttribute('data-order-sn'), tr.getAttribute('data-status')]));
}

const fixture = (name) => readFileSync(join(root, 'tests/fixtures', name), 'utf8');

// A paste whose every field is markup: it must come out as text.
const HOSTILE = [
  '订单号,订单状态,支付时间,拼单成功时间,承诺发货时间,发货时间,快递单号,快递公司',
  `${PAYLOAD},${PAYLOAD},${PAYLOAD},,,,${PAYLOAD},${PAYLOAD}`,
  `250311-512000000000109,待发货,2025-03-11 20:14:09,,,,${PAYLOAD},${PAYLOAD}`,
].join('\n');

async function assertNoMarkup(page) {
  assert.equal(await page.locator('img').count(), 0, 'pasted markup became an element');
  // Rendered straight from a document holding the payload in every field the page shows.
  const texts = await page.evaluate((p) => {
    self.lanshouPage.render({
      lanshou: 'test', now: p,
      orders: [{order_sn: p, status: p, deadline: p, remaining_seconds: 60, courier: {name: p}, tracking_no: p}],
      errors: [{line: 2, field: p, code: 'x', message: p}],
    });
    const row = document.querySelector('#results tbody tr');
    return {cells: [...row.cells].map((c) => c.textContent), sn: row.getAttribute('data-order-sn'),
            error: document.querySelector('#errors li').textContent};
  }, PAYLOAD);
  assert.equal(await page.locator('img').count(), 0, 'a document value became an element');
  assert.equal(texts.sn, PAYLOAD);
  assert.deepEqual([texts.cells[0], texts.cells[1], texts.cells[2], texts.cells[4], texts.cells[5]],
                   [PAYLOAD, PAYLOAD, PAYLOAD, PAYLOAD, PAYLOAD]);
  assert.ok(texts.error.includes(PAYLOAD), texts.error);
}

// A blob worker inherits the page's CSP: eval is refused there, WebAssembly is allowed.
async function workerPolicy(page) {
  return page.evaluate(() => new Promise((done) => {
    const src = `
      let evalBlocked = false, wasm = false;
      try { (0, eval)('1'); } catch (e) { evalBlocked = true; }
      WebAssembly.instantiate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))
        .then(() => { wasm = true; }, () => {})
        .finally(() => postMessage({evalBlocked, wasm}));`;
    const w = new Worker(URL.createObjectURL(new Blob([src], {type: 'text/javascript'})));
    w.onmessage = (e) => done(e.data);
    w.onerror = (e) => done({error: e.message});
  }));
}

function assertLocal(allowed) {
  const away = requests.filter((u) => !u.startsWith(allowed) && !/^(blob|data):/.test(u));
  assert.deepEqual(away, [], 'requests left the page');
}

describe('index.html over http', () => {
  let page;
  before(async () => { page = await openPage(`${origin}index.html?now=${NOW}`); });
  after(async () => { await page?.close(); });

  test('the sample export shows the right statuses', async () => {
    const rows = await paste(page, fixture('export-utf8.csv'));
    await page.screenshot({path: join(artifacts, 'index.png'), fullPage: true});
    assert.deepEqual(rows, EXPECTED);
  });

  test('pasted markup stays text', async () => {
    await paste(page, HOSTILE);
    await assertNoMarkup(page);
  });

  test('nothing leaves the origin and nothing went wrong', () => {
    assert.ok(requests.some((u) => u.startsWith(`${origin}index.html`)), 'the page was not requested');
    assertLocal(origin);
    assert.deepEqual(problems, []);
  });

  test('the worker runs under the page policy', async () => {
    assert.deepEqual(await workerPolicy(page), {evalBlocked: true, wasm: true});
  });
});

describe('lanshou-offline.html from file://', () => {
  const file = pathToFileURL(join(site, 'lanshou-offline.html')).href;
  let page;
  before(async () => { page = await openPage(`${file}?now=${NOW}`); });
  after(async () => { await page?.close(); });

  test('the sample export shows the right statuses', async () => {
    const rows = await paste(page, fixture('export-utf8.csv'));
    await page.screenshot({path: join(artifacts, 'offline.png'), fullPage: true});
    assert.deepEqual(rows, EXPECTED);
  });

  test('pasted markup stays text', async () => {
    await paste(page, HOSTILE);
    await assertNoMarkup(page);
  });

  test('the one file is all that is loaded and nothing went wrong', () => {
    assert.deepEqual(requests.filter((u) => !/^(blob|data):/.test(u)), [`${file}?now=${NOW}`]);
    assert.deepEqual(problems, []);
  });

  test('the worker runs under the page policy', async () => {
    assert.deepEqual(await workerPolicy(page), {evalBlocked: true, wasm: true});
  });
});
