// A reload in the middle of a merge (issue 20.7): the batch is written in one transaction (begun
// before the core checks it, done a moment after), so a reload finds the workspace with it or
// without it, whole: never half of it, nothing damaged, the marks kept. Once the page says it is
// saved, a reload finds it.
// Run: node --test tests/browser/workspace-reload.test.mjs   (after scripts/build.sh)
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {generate} from '../../scripts/bench/gen.mjs';
import {NOW, launch, ready, serve, watch} from './helpers.mjs';
import {MORNING, addBatch, closeDetail, mark, openOrder, restored, setMerge} from './workspace-helpers.mjs';

const BIG = 60000;
let server, origin, browser, page;
const problems = [];

before(async () => {
  ({server, url: origin} = await serve());
  browser = await launch();
  page = watch(await browser.context.newPage(), problems);
  await page.goto(`${origin}index.html?now=${NOW}`);
  await ready(page);
  await restored(page);
});
after(async () => {
  await browser?.close();
  server?.close();
});

// Pastes text the way a merchant does (a paste event on the page: a big text stays out of the box).
const pasteEvent = (text) => page.evaluate((t) => {
  const dt = new DataTransfer();
  dt.setData('text/plain', t);
  document.getElementById('paste').dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));
}, text);

const shown = () => page.textContent('#shown');
async function back() {
  await ready(page);
  await restored(page);
  assert.equal(await page.isVisible('#ws-problem'), false, await page.textContent('#ws-problem'));
}

test('reloaded while the core checks a big merged batch: the workspace comes back whole', {timeout: 120000}, async () => {
  await setMerge(page, true);
  await addBatch(page, MORNING);
  await openOrder(page, '250310-512000000000102');
  await mark(page, 'contacted');
  await closeDetail(page);
  await pasteEvent(generate(BIG, 7));
  // "正在检查（N 行）" comes once the worker has stored the batch and hands it to the core
  await page.waitForFunction(() => /^正在检查（/.test(document.getElementById('state').textContent), null, {timeout: 60000, polling: 20});
  await page.reload();
  await back();
  const total = Number((await shown()).match(/\/ ([\d,]+) 单/)[1].replace(/,/g, ''));
  assert.ok(total === 6 || total === BIG + 6, `${total} orders`);
  assert.match(await page.textContent('#ws-summary'), total === 6 ? /^1 批数据/ : /^2 批数据/);
  if (total === 6) {
    // the batch was not on disk yet: the merchant pastes it again, and this time waits
    await page.evaluate(() => { self.lanshouPage.timings().saved = null; });
    await pasteEvent(generate(BIG, 7));
    await page.waitForFunction(() => self.lanshouPage.timings().saved, null, {timeout: 60000});
    await page.reload();
    await back();
    assert.equal(await shown(), `显示 ${(BIG + 6).toLocaleString('en-US')} / ${(BIG + 6).toLocaleString('en-US')} 单`);
  }
  await page.fill('#f-search', '250310-512000000000102');
  await page.waitForFunction(() => document.querySelectorAll('#results tr[data-order-sn]').length === 1);
  assert.equal(await page.getAttribute('#results tr[data-order-sn="250310-512000000000102"]', 'data-handled'), '1');
  await page.fill('#f-search', '');
});

test('reloaded right after the paste: with or without the new batch, never half of it', {timeout: 120000}, async () => {
  const before = BIG + 6;
  await pasteEvent(generate(20000, 8));
  await page.reload();
  await back();
  const after = Number((await shown()).match(/\/ ([\d,]+) 单/)[1].replace(/,/g, ''));
  assert.ok(after === before || after === before + 20000, `${after} orders`);
  assert.match(await page.textContent('#ws-summary'), after === before ? /^2 批数据/ : /^3 批数据/);
  await page.click('#clear-local');
});

test('once the page says the batch is saved, a reload finds it', {timeout: 120000}, async () => {
  await setMerge(page, true);
  await addBatch(page, MORNING);
  await page.evaluate(() => { self.lanshouPage.timings().saved = null; });
  await pasteEvent(generate(20000, 9));
  await page.waitForFunction(() => self.lanshouPage.timings().saved, null, {timeout: 60000});
  await page.reload();
  await back();
  assert.equal(await shown(), '显示 20,006 / 20,006 单');
  await page.click('#clear-local');
});

test('nothing went wrong', () => {
  assert.deepEqual(problems, []);
});
