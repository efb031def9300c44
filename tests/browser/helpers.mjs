// What every browser test shares: Debian's chromium through playwright-core, the static server
// for build/site, the fixtures, the clock the fixtures are checked at, and the page's stable hooks
// (textarea#paste, button#run, #state, tr[data-order-sn][data-status]).
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';
import {startServer} from '../../scripts/static-server.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const site = join(root, 'build/site');
export const artifacts = join(root, 'tests/browser/artifacts');
export const NOW_ISO = '2025-03-12T12:00:00+08:00';
export const NOW = encodeURIComponent(NOW_ISO);
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// tests/fixtures/export-utf8.csv at NOW_ISO, sorted by order number. 102's 24 h pickup window
// passed and the export carries no pickup time: 揽收待核实 (pickup_unverified), not 揽收超时.
export const EXPECTED = [
  ['250305-512000000000106', 'awaiting_shipment'],
  ['250308-512000000000104', 'delivered'],
  ['250309-512000000000103', 'awaiting_pickup'],
  ['250310-512000000000102', 'pickup_unverified'],
  ['250311-512000000000101', 'awaiting_shipment'],
  ['250311-512000000000105', 'closed'],
];

// A trace for 102's parcel (中通 75124400000101) that shows it still waiting for the courier,
// pasted after the export (after a blank line): the core joins it to 102, whose 揽收超时 is then
// known: pickup_overdue, 20 元 of fake shipment + 3 元 for its promise (the summary's ¥23).
export const WAITING_102 = '\n中通快递 75124400000101\n2025-03-10 17:35:00 【义乌市】商家已打印电子面单，等待快递揽收\n';
export const EXPECTED_WAITING = EXPECTED.map(([sn, status]) => [sn, sn === '250310-512000000000102' ? 'pickup_overdue' : status]);

export const fixture = (name) => readFileSync(join(root, 'tests/fixtures', name), 'utf8');
export const sorted = (rows) => [...rows].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
export const rowsOf = (page) => page.$$eval('#results tr[data-order-sn]', (trs) =>
  trs.map((tr) => [tr.getAttribute('data-order-sn'), tr.getAttribute('data-status')]));

// What the CLI decides for a fixture at NOW_ISO, sorted by order number: the page must agree.
export function cliStatuses(name) {
  const run = spawnSync(join(root, 'build/native/lanshou'), ['check', join(root, 'tests/fixtures', name), '--now', NOW_ISO]);
  assert.ok(run.status === 0 || run.status === 1, run.stderr.toString());
  return sorted(JSON.parse(run.stdout.toString('utf8')).orders.map((o) => [o.order_sn, o.status]));
}

// The same for a text (written to a temporary file).
export function cliStatusesOfText(text) {
  const folder = mkdtempSync(join(tmpdir(), 'lanshou-cli-'));
  try {
    writeFileSync(join(folder, 'input.txt'), text);
    const run = spawnSync(join(root, 'build/native/lanshou'), ['check', join(folder, 'input.txt'), '--now', NOW_ISO]);
    assert.ok(run.status === 0 || run.status === 1, run.stderr.toString());
    return sorted(JSON.parse(run.stdout.toString('utf8')).orders.map((o) => [o.order_sn, o.status]));
  } finally {
    rmSync(folder, {recursive: true, force: true});
  }
}

// A persistent chromium profile in a temporary folder. options: playwright's launch options
// (viewport, offline, acceptDownloads, ...), plus args to add and profile to use a given folder.
// close() closes the browser and removes the temporary folder.
export async function launch({args = [], profile, ...options} = {}) {
  mkdirSync(artifacts, {recursive: true});
  const tmp = profile ? null : mkdtempSync(join(tmpdir(), 'lanshou-chromium-'));
  const context = await chromium.launchPersistentContext(profile ?? tmp, {
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...args],
    viewport: {width: 1366, height: 900},
    ...options,
  });
  return {
    context,
    close: async () => {
      await context.close();
      if (tmp) rmSync(tmp, {recursive: true, force: true});
    },
  };
}

// build/site (or dir) on a free loopback port; url ends with '/'.
export const serve = (dir = site) => startServer(dir, 0);

// Console errors, page errors and dialogs of a page go into problems (each one fails a test).
export function watch(page, problems) {
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  return page;
}

// Ready when #run is enabled (it starts disabled and the app enables it once its engine runs); a
// failed start shows its reason in #state.
export async function ready(page) {
  await page.waitForFunction(() => !document.getElementById('run').disabled ||
                                   document.getElementById('state').className === 'tone-bad',
                             null, {timeout: 30000});
  assert.equal(await page.$eval('#run', (b) => b.disabled), false, await page.textContent('#state'));
}

// The check is over and it worked: #run is enabled again and #state says so (in either language).
export async function settled(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('state');
    return !document.getElementById('run').disabled && s.dataset.phase !== 'busy' && !/^正在|^已恢复/.test(s.textContent);
  }, null, {timeout: 30000});
  assert.match(await page.textContent('#state'), /^(检查完成|Check complete)/);
}

// Waits until the table shows exactly these order numbers in this order (the worker filters and
// sorts, so a new choice shows a moment later), or fails showing what it shows.
export async function waitForOrder(page, sns, timeout = 10000) {
  try {
    await page.waitForFunction((want) => JSON.stringify([...document.querySelectorAll('#results tr[data-order-sn]')]
      .map((tr) => tr.getAttribute('data-order-sn'))) === JSON.stringify(want), sns, {timeout});
  } catch (err) {
    assert.deepEqual((await rowsOf(page)).map((r) => r[0]), sns);
    throw err;
  }
}

// Waits until the table's row for order sn shows this status (the worker re-decides after a rule
// change, so the new status shows a moment later).
export async function waitForStatus(page, sn, status, timeout = 10000) {
  await page.waitForFunction(([s, want]) => document.querySelector(`#results tr[data-order-sn="${s}"]`)
    ?.getAttribute('data-status') === want, [sn, status], {timeout});
}

// A blob worker inherits its page's CSP: what it says about eval (refused) and WebAssembly.
export async function workerPolicy(page) {
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

// For the tests of what the page says of one input at a time (not of the workspace): each new
// input replaces the last, the merchant's fresh start, where the page's default is to merge them
// (issue 20; tests/browser/workspace*.test.mjs). On every page of the context, before its scripts:
// the remembered settings say replace, unless something was remembered already.
export function oneInputAtATime(context) {
  return context.addInitScript(() => {
    try {
      if (!localStorage.getItem('lanshou.settings')) localStorage.setItem('lanshou.settings', '{"mode":"replace"}');
    } catch { /* a page without local storage */ }
  });
}

// Pastes text into #paste, clicks 检查 and returns the rows shown, in the page's order.
export async function paste(page, text) {
  await page.fill('#paste', text);
  await page.click('#run');
  await settled(page);
  return rowsOf(page);
}
