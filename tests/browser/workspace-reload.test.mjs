// A reload in the middle of a merge (issue 20.7): the batch is stored in one transaction before it
// is checked, so a reload while the core checks it finds the workspace with it, whole; a reload
// before that finds the workspace without it. Either way nothing is damaged and the marks stay.
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

test('reloaded while the core checks a big merged batch: the workspace comes back with it', {timeout: 120000}, async () => {
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
  assert.equal(await shown(), `显示 ${(BIG + 6).toLocaleString('en-US')} / ${(BIG + 6).toLocaleString('en-US')} 单`);
  assert.match(await page.textContent('#ws-summary'), /^2 批数据/);
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
  const total = Number((await shown()).match(/\/ ([\d,]+) 单/)[1].replace(/,/g, ''));
  assert.ok(total === before || total === before + 20000, `${total} orders`);
  assert.match(await page.textContent('#ws-summary'), total === before ? /^2 批数据/ : /^3 批数据/);
  await page.click('#clear-local');
});

test('nothing went wrong', () => {
  assert.deepEqual(problems, []);
});
