// Issue 20's "done when", as ONE test run three ways: on the site served over http, on the offline
// file opened from file:// with the network off, and in the extension's side panel (the extension
// assembled by scripts/build-extension.mjs and installed unpacked, as the extension's own tests do;
// the panel's page opened as a tab; it keeps replace as its default: the merchant ticks 合并). On
// each face, the merchant's day (workspace-helpers.mjs merchantDay): an export, a trace for one of
// its orders, a corrected export, one workspace with the statuses in the merchant's words, the
// change list, and the handled mark and note intact after a reload; then two shops' batches and a
// mark across a reload.
// Run: node --test tests/browser/workspace-faces.test.mjs   (after scripts/build.sh; LANSHOU_SITE=DIR
// assembles the extension from another built site than build/site)
import assert from 'node:assert/strict';
import {copyFileSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {pathToFileURL} from 'node:url';
import {buildExtension} from '../../scripts/build-extension.mjs';
import {EXPECTED, NOW, launch, ready, rowsOf, serve, site, watch} from './helpers.mjs';
import {MORNING, OTHER_SHOP, addBatch, closeDetail, mark, marksShown, merchantDay, note, openOrder, restored,
  setMerge, setShop} from './workspace-helpers.mjs';

// Each face: opens a browser on the page; resolves {browser, url, done} (done: frees what it made).
const FACES = {
  'the site': async () => {
    const {server, url} = await serve();
    const browser = await launch();
    return {browser, url: `${url}index.html?now=${NOW}`, done: () => server.close()};
  },
  'the offline file from file://, network off': async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'lanshou-ws-offline-'));
    mkdirSync(join(tmp, 'Desktop'));
    copyFileSync(join(site, 'lanshou-offline.html'), join(tmp, 'Desktop', '揽收.html'));
    const browser = await launch({profile: join(tmp, 'profile'), offline: true});
    await browser.context.setOffline(true);
    return {browser, url: `${pathToFileURL(join(tmp, 'Desktop', '揽收.html')).href}?now=${NOW}`,
      done: () => rmSync(tmp, {recursive: true, force: true})};
  },
  'the extension\'s side panel': async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'lanshou-ws-extension-'));
    buildExtension(process.env.LANSHOU_SITE ?? site, join(tmp, 'extension'));
    const browser = await launch({
      profile: join(tmp, 'profile'),
      ignoreDefaultArgs: ['--disable-extensions'],
      args: [`--disable-extensions-except=${join(tmp, 'extension')}`, `--load-extension=${join(tmp, 'extension')}`],
      viewport: {width: 420, height: 900},
    });
    const worker = browser.context.serviceWorkers()[0] ?? await browser.context.waitForEvent('serviceworker', {timeout: 20000});
    // the panel keeps replace as its default (sidePanelHtml: its backend feed checks the paste and
    // the page's orders as one text at each load); the merchant ticks 合并 (remembered)
    return {browser, url: `chrome-extension://${new URL(worker.url()).host}/sidepanel.html?now=${NOW}`, mergeDefault: false,
      done: () => rmSync(tmp, {recursive: true, force: true})};
  },
};

// Two shops' batches merged and a mark, kept across a reload (the shop filter lists both).
async function shopsAcrossReload(page, reload) {
  await setMerge(page, true);
  await setShop(page, '旗舰店');
  assert.deepEqual(await addBatch(page, MORNING), EXPECTED);
  await setShop(page, '二店');
  assert.equal((await addBatch(page, OTHER_SHOP)).length, 8);
  await openOrder(page, '250310-512000000000102');
  await mark(page, 'appealed');
  await note(page, '已提交申诉');
  await closeDetail(page);
  await reload();
  await restored(page);
  assert.equal((await rowsOf(page)).length, 8);
  assert.match(await page.textContent('#ws-summary'), /^2 批数据 · 店铺：旗舰店、二店/);
  assert.deepEqual(await page.$$eval('#f-shop option', (os) => os.map((o) => o.value)), ['', '旗舰店', '二店']);
  await openOrder(page, '250310-512000000000102');
  assert.deepEqual(await marksShown(page), {contacted: false, resent: false, appealed: true, note: '已提交申诉'});
  await closeDetail(page);
}

for (const [face, open] of Object.entries(FACES)) {
  describe(face, () => {
    let made, page;
    const problems = [];
    before(async () => {
      made = await open();
      page = watch(await made.browser.context.newPage(), problems);
      await page.goto(made.url);
      await ready(page);
      await restored(page);
    });
    after(async () => {
      await made?.browser.close();
      made?.done();
    });
    const reload = () => page.reload().then(() => ready(page));
    // each test starts from an empty workspace and the page's defaults
    const wipe = async () => {
      await page.click('#clear-local');
      await page.waitForFunction(() => document.getElementById('output').hidden && !document.getElementById('run').disabled);
    };

    test('the merchant\'s day: an export, a trace for one of its orders, a corrected export, a reload', async () => {
      try {
        await merchantDay(page, reload, made.mergeDefault ?? true);
      } finally {
        await wipe();
      }
    });

    test('two shops\' batches and a handled mark are kept across a reload', async () => {
      try {
        await shopsAcrossReload(page, reload);
      } finally {
        await wipe();
      }
    });

    test('nothing went wrong', () => {
      assert.deepEqual(problems, []);
    });
  });
}
