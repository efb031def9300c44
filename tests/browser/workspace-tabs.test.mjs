// Two tabs on one workspace (issue 20.7): what each adds or marks is kept, also when both do it at
// the same moment (the worker's writes take a Web Lock; the other tab hears of them on a
// BroadcastChannel and checks again).
// Run: node --test tests/browser/workspace-tabs.test.mjs   (after scripts/build.sh)
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {NOW, launch, ready, rowsOf, serve, settled, watch} from './helpers.mjs';
import {MORNING, OTHER_SHOP, closeDetail, mark, openOrder, restored, setMerge} from './workspace-helpers.mjs';

let server, origin, browser, a, b;
const problems = [];

before(async () => {
  ({server, url: origin} = await serve());
  browser = await launch();
  a = await open();
  // merging is the default; a choice in one tab is remembered for the next
  await setMerge(a, false);
  await setMerge(a, true);
  b = await open();
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function open() {
  const page = watch(await browser.context.newPage(), problems);
  await page.goto(`${origin}index.html?now=${NOW}`);
  await ready(page);
  await restored(page);
  return page;
}

const count = (page, n) => page.waitForFunction((want) =>
  document.querySelectorAll('#results tr[data-order-sn]').length === want && document.getElementById('state').dataset.phase === 'done',
n, {timeout: 30000});
const handled = (page, sn) => page.getAttribute(`#results tr[data-order-sn="${sn}"]`, 'data-handled');

// One order to ship, with its own number.
const one = (n) => `订单号,订单状态,支付时间,承诺发货时间\n250312-51200000000${n},待发货,2025-03-12 08:00:00,2025-03-14 08:00:00\n`;

async function add(page, text) {
  await page.fill('#paste', text);
  await page.click('#run');
  await settled(page);
}

test('a batch added in one tab shows in the other', async () => {
  assert.equal(await b.isChecked('#merge'), true);
  await add(a, MORNING);
  await count(b, 6);
  assert.match(await b.textContent('#state'), /另一个标签页更新了工作区/);
  await add(b, OTHER_SHOP);
  await count(a, 8);
});

test('two batches added at the same moment are both kept', async () => {
  await Promise.all([add(a, one('0001')), add(b, one('0002'))]);
  await count(a, 10);
  await count(b, 10);
  await a.reload();
  await ready(a);
  await restored(a);
  assert.equal((await rowsOf(a)).length, 10);
});

test('marks set in both tabs at once, on different orders and on the same one, are all kept', async () => {
  await Promise.all([openOrder(a, '250310-512000000000102'), openOrder(b, '250311-512000000000901')]);
  await Promise.all([mark(a, 'contacted'), mark(b, 'appealed')]);
  await Promise.all([closeDetail(a), closeDetail(b)]);
  // each tab hears of the other's mark without a reload
  await a.waitForFunction(() => document.querySelector('#results tr[data-order-sn="250311-512000000000901"]')?.getAttribute('data-handled') === '4');
  await b.waitForFunction(() => document.querySelector('#results tr[data-order-sn="250310-512000000000102"]')?.getAttribute('data-handled') === '1');
  await Promise.all([openOrder(a, '250309-512000000000103'), openOrder(b, '250309-512000000000103')]);
  await Promise.all([mark(a, 'contacted'), mark(b, 'resent')]);
  await Promise.all([closeDetail(a), closeDetail(b)]);
  for (const page of [a, b]) {
    await page.reload();
    await ready(page);
    await restored(page);
    assert.equal(await handled(page, '250310-512000000000102'), '1');
    assert.equal(await handled(page, '250311-512000000000901'), '4');
    assert.equal(await handled(page, '250309-512000000000103'), '3');
  }
});

test('clearing in one tab clears the other', async () => {
  await a.click('#ws-clear');
  await a.waitForFunction(() => document.getElementById('output').hidden);
  await b.waitForFunction(() => document.getElementById('output').hidden, null, {timeout: 30000});
  assert.match(await b.textContent('#state'), /已清空工作区/);
  await a.click('#clear-local');
});

test('nothing went wrong', () => {
  assert.deepEqual(problems, []);
});
