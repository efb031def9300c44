// The site as GitHub Pages serves a project site: under a sub-path, https://USER.github.io/lanshou/.
// Here build/site is served at http://127.0.0.1:PORT/lanshou/ and nothing is served at the root,
// so any absolute URL or a service worker scoped to "/" shows up as a failed request.
// Run: node --test tests/browser/pages.test.mjs   (after scripts/build.sh)
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';
import {startServer} from '../../scripts/static-server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const NOW = encodeURIComponent('2025-03-12T12:00:00+08:00');
const EXPECTED = [
  ['250305-512000000000106', 'awaiting_shipment'],
  ['250308-512000000000104', 'delivered'],
  ['250309-512000000000103', 'awaiting_pickup'],
  ['250310-512000000000102', 'pickup_overdue'],
  ['250311-512000000000101', 'awaiting_shipment'],
  ['250311-512000000000105', 'closed'],
];

let tmp, server, origin, base, context, page;
const responses = [];
const problems = [];

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'lanshou-pages-'));
  symlinkSync(join(root, 'build/site'), join(tmp, 'lanshou'), 'dir');
  ({server, url: origin} = await startServer(tmp, 0));
  base = `${origin}lanshou/`;
  context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: {width: 1366, height: 900},
  });
  context.on('response', (r) => responses.push([r.url(), r.status()]));
  page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
});

after(async () => {
  await context?.close();
  server?.close();
  if (tmp) rmSync(tmp, {recursive: true, force: true});
});

async function ready() {
  await page.waitForFunction(() => !document.getElementById('run').disabled ||
                                   document.getElementById('state').className === 'tone-bad',
                             null, {timeout: 30000});
  assert.equal(await page.$eval('#run', (b) => b.disabled), false, await page.textContent('#state'));
}

async function check() {
  await page.fill('#paste', readFileSync(join(root, 'tests/fixtures/export-utf8.csv'), 'utf8'));
  await page.click('#run');
  await page.waitForFunction(() => !document.getElementById('run').disabled &&
                                   /^检查完成/.test(document.getElementById('state').textContent),
                             null, {timeout: 30000});
  const rows = await page.$$eval('#results tr[data-order-sn]', (trs) =>
    trs.map((tr) => [tr.getAttribute('data-order-sn'), tr.getAttribute('data-status')]));
  return rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

describe('the site under /lanshou/, as on GitHub Pages', () => {
  test('the folder URL opens the page and it checks the sample export', async () => {
    await page.goto(`${base}?now=${NOW}`);
    await ready();
    assert.deepEqual(await check(), EXPECTED);
  });

  test('every file it loads is under /lanshou/, and none is missing', () => {
    const outside = responses.filter(([u]) => u.startsWith(origin) && !u.startsWith(base));
    assert.deepEqual(outside, [], 'requests outside the sub-path');
    assert.deepEqual(responses.filter(([, status]) => status >= 400), []);
  });

  test('the service worker, if any, is scoped to /lanshou/ and keeps the page working offline', async () => {
    const scope = await page.evaluate(async () => {
      if (!('serviceWorker' in navigator)) return null;
      const registrations = await navigator.serviceWorker.getRegistrations();
      if (!registrations.length) return null;
      return (await navigator.serviceWorker.ready).scope;
    });
    if (scope === null) return;  // no service worker: nothing to scope
    assert.equal(scope, base);
    await page.reload();
    await ready();
    await context.setOffline(true);
    try {
      await page.reload();
      await ready();
      assert.deepEqual(await check(), EXPECTED);
    } finally {
      await context.setOffline(false);
    }
  });

  test('nothing went wrong', () => {
    assert.deepEqual(problems, []);
  });
});
