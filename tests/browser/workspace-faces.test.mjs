// The workspace on the two other faces of the page (issue 20, "done when"): the offline file from
// file:// with the network off, and the extension's side panel (the site's app in the extension,
// installed unpacked). On each: batches merged and a handled mark, kept across a reload; and the
// merchant's day (export, a trace for one of its orders, a corrected export), which needs the
// core's join (TODO until the core has it, as in workspace.test.mjs).
// Run: node --test tests/browser/workspace-faces.test.mjs   (after scripts/build.sh)
import assert from 'node:assert/strict';
import {copyFileSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {pathToFileURL} from 'node:url';
import {buildExtension} from '../../scripts/build-extension.mjs';
import {EXPECTED, NOW, launch, ready, rowsOf, site, sorted, watch} from './helpers.mjs';
import {MORNING, OTHER_SHOP, addBatch, assertDay, closeDetail, joinMissing, mark, marksShown, merchantDay, note, openOrder,
  restored, setMerge} from './workspace-helpers.mjs';

// Merged batches and a mark survive a reload (needs no join: the two batches share no order).
async function keptAcrossReload(page, reload) {
  await setMerge(page, true);
  assert.deepEqual(await addBatch(page, MORNING), EXPECTED);
  assert.equal((await addBatch(page, OTHER_SHOP)).length, 8);
  await openOrder(page, '250310-512000000000102');
  await mark(page, 'appealed');
  await note(page, '已提交申诉');
  await closeDetail(page);
  await reload();
  await restored(page);
  assert.equal((await rowsOf(page)).length, 8);
  assert.match(await page.textContent('#ws-summary'), /^2 批数据/);
  await openOrder(page, '250310-512000000000102');
  assert.deepEqual(await marksShown(page), {contacted: false, resent: false, appealed: true, note: '已提交申诉'});
  await closeDetail(page);
  await page.click('#clear-local');
  await page.waitForFunction(() => document.getElementById('output').hidden);
}

async function day(page, reload, t) {
  const d = await merchantDay(page, reload);
  const missing = joinMissing(d);
  if (missing) t.todo(missing);
  assertDay(d);
}

describe('the offline file from file://, network off', () => {
  let tmp, browser, page;
  const problems = [];
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'lanshou-ws-offline-'));
    mkdirSync(join(tmp, 'Desktop'));
    copyFileSync(join(site, 'lanshou-offline.html'), join(tmp, 'Desktop', '揽收.html'));
    browser = await launch({profile: join(tmp, 'profile'), offline: true});
    await browser.context.setOffline(true);
    page = watch(await browser.context.newPage(), problems);
    await page.goto(`${pathToFileURL(join(tmp, 'Desktop', '揽收.html')).href}?now=${NOW}`);
    await ready(page);
    await restored(page);
  });
  after(async () => {
    await browser?.close();
    if (tmp) rmSync(tmp, {recursive: true, force: true});
  });
  const reload = () => page.reload().then(() => ready(page));

  test('merged batches and a handled mark are kept across a reload', async () => {
    await keptAcrossReload(page, reload);
  });

  test('the merchant\'s day', async (t) => {
    try {
      await day(page, reload, t);
    } finally {
      await page.click('#clear-local');
    }
  });

  test('nothing went wrong', () => {
    assert.deepEqual(problems, []);
  });
});

describe('the extension\'s side panel', () => {
  let tmp, browser, page;
  const problems = [];
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'lanshou-ws-extension-'));
    buildExtension(process.env.LANSHOU_SITE ?? site, join(tmp, 'extension'));
    browser = await launch({
      profile: join(tmp, 'profile'),
      ignoreDefaultArgs: ['--disable-extensions'],
      args: [`--disable-extensions-except=${join(tmp, 'extension')}`, `--load-extension=${join(tmp, 'extension')}`],
      viewport: {width: 420, height: 900},
    });
    const worker = browser.context.serviceWorkers()[0] ?? await browser.context.waitForEvent('serviceworker', {timeout: 20000});
    page = watch(await browser.context.newPage(), problems);
    await page.goto(`chrome-extension://${new URL(worker.url()).host}/sidepanel.html?now=${NOW}`);
    await ready(page);
    await restored(page);
  });
  after(async () => {
    await browser?.close();
    if (tmp) rmSync(tmp, {recursive: true, force: true});
  });
  const reload = () => page.reload().then(() => ready(page));

  test('merged batches and a handled mark are kept across a reload of the panel', async () => {
    await keptAcrossReload(page, reload);
  });

  test('the merchant\'s day', async (t) => {
    try {
      await day(page, reload, t);
    } finally {
      await page.click('#clear-local');
    }
  });

  test('nothing went wrong', () => {
    assert.deepEqual(problems, []);
  });
});
