// What the workspace tests share (issue 20): the exports of a merchant's day, at the fixtures'
// clock (helpers.mjs NOW_ISO), and the page's stable hooks for the workspace: #merge, #shop,
// #changes [data-change], #ws-summary, #ws-problem[data-problem], the detail's #mark-* checkboxes
// and #mark-note, tr[data-handled].
import assert from 'node:assert/strict';
import {EXPECTED, fixture, rowsOf, settled, sorted} from './helpers.mjs';

const HEAD = '商品,订单号,订单状态,商品数量(件),用户实付金额(元),支付时间,拼单成功时间,订单确认时间,承诺发货时间,发货时间,揽收时间,确认收货时间,快递单号,快递公司,商家备注,售后状态';

// The morning's export: tests/fixtures/export-utf8.csv (six orders, helpers.mjs EXPECTED).
export const MORNING = fixture('export-utf8.csv');

// The courier's trace for order 102's parcel (中通 75124400000101), as copied from a tracking page:
// picked up 03-10 19:47, before its deadline of 03-11 17:30.
export const TRACE_102 = '75124400000101\n2025-03-11 08:03:12 【金华市】 快件已发往 【杭州转运中心】\n' +
  '2025-03-10 19:47:55 【义乌市】 您的快件已被 中通 揽收\n';

// The afternoon's corrected export of the same shop: 101's promise time was wrong (it was due
// yesterday: now overdue), 103 was picked up, 106 was shipped and delivered, 107 is new; 104 and 105
// are no longer in it.
export const AFTERNOON = [
  HEAD,
  '棉拖鞋 男款,250311-512000000000101,待发货,1,18.80,2025-03-11 20:14:09,2025-03-11 20:14:10,2025-03-11 20:14:10,2025-03-11 20:14:10,,,,,,,无售后或售后取消',
  '"收纳盒, 大号",250310-512000000000102,"已发货，待签收",2,31.60,2025-03-10 09:02:44,2025-03-10 09:02:45,2025-03-10 09:02:45,2025-03-12 09:02:45,2025-03-10 17:30:12,,,75124400000101,中通快递,,无售后或售后取消',
  '儿童袜 5双,250309-512000000000103,"已发货，待签收",1,12.90,2025-03-09 22:40:00,2025-03-09 22:40:01,2025-03-09 22:40:01,2025-03-11 22:40:01,2025-03-11 21:05:33,2025-03-11 23:10:00,,YT7400000000103,圆通速递,仓库压单,无售后或售后取消',
  '台历 2025,250305-512000000000106,已签收,3,27.00,2025-03-05 12:00:00,2025-03-05 12:00:01,2025-03-05 12:00:01,2025-03-20 00:00:00,2025-03-09 10:00:00,,2025-03-11 18:00:00,SF1400000000106,顺丰速运,,无售后或售后取消',
  '帆布袋,250312-512000000000107,待发货,1,15.00,2025-03-12 09:00:00,2025-03-12 09:00:01,2025-03-12 09:00:01,2025-03-14 09:00:01,,,,,,,无售后或售后取消',
].join('\n') + '\n';

// AFTERNOON alone, at NOW (what the CLI says for it). 102: no pickup time, no trace: 揽收待核实.
export const AFTERNOON_ALONE = [
  ['250305-512000000000106', 'delivered'],
  ['250309-512000000000103', 'picked_up'],
  ['250310-512000000000102', 'pickup_unverified'],
  ['250311-512000000000101', 'ship_overdue'],
  ['250312-512000000000107', 'awaiting_shipment'],
];

// Another shop's orders (its own order numbers).
export const OTHER_SHOP = [
  HEAD,
  '杯子,250311-512000000000901,待发货,1,9.90,2025-03-11 10:00:00,2025-03-11 10:00:01,2025-03-11 10:00:01,2025-03-13 10:00:01,,,,,,,无售后或售后取消',
  '碗,250311-512000000000902,"已发货，待签收",1,9.90,2025-03-11 10:00:00,2025-03-11 10:00:01,2025-03-11 10:00:01,2025-03-13 10:00:01,2025-03-12 08:00:00,,,YT7400000000902,圆通速递,,无售后或售后取消',
].join('\n') + '\n';

// The workspace after the day, merged (the default), with the core's join (issue 16.3): the trace
// joined to 102 (picked up in time), the afternoon's facts over the morning's, 104 and 105 still
// there (gone from the export, not from the workspace).
export const DAY_END = [
  ['250305-512000000000106', 'delivered'],
  ['250308-512000000000104', 'delivered'],
  ['250309-512000000000103', 'picked_up'],
  ['250310-512000000000102', 'picked_up'],
  ['250311-512000000000101', 'ship_overdue'],
  ['250311-512000000000105', 'closed'],
  ['250312-512000000000107', 'awaiting_shipment'],
];

// DAY_END as the merchant reads it: the status words of the table.
export const DAY_END_WORDS = [
  ['250305-512000000000106', '已签收'],
  ['250308-512000000000104', '已签收'],
  ['250309-512000000000103', '已揽收'],
  ['250310-512000000000102', '已揽收'],
  ['250311-512000000000101', '发货超时'],
  ['250311-512000000000105', '已关闭'],
  ['250312-512000000000107', '待发货'],
];

// The change list after the corrected export: one order of each kind, and the two orders the
// morning's export listed and the afternoon's does not (still in the workspace: a filter).
export const DAY_CHANGES = {overdue: '新超时 1', picked: '新揽收 1', delivered: '新签收 1', new: '新订单 1', gone: '不在新数据中 2'};

// The table's rows as the merchant reads them: order number and the words of its status, sorted.
export const wordsOf = async (page) => sorted(await page.$$eval('#results tr[data-order-sn]', (trs) =>
  trs.map((tr) => [tr.getAttribute('data-order-sn'), tr.querySelector('.chip').textContent])));

export async function setMerge(page, on) {
  if ((await page.isChecked('#merge')) !== on) await page.click('#merge');
}

export async function setShop(page, name) {
  await page.fill('#shop', name);
  await page.dispatchEvent('#shop', 'change');
}

// Pastes a batch into the box and checks it; the rows shown, sorted by order number.
export async function addBatch(page, text) {
  await page.fill('#paste', text);
  await page.click('#run');
  await settled(page);
  return sorted(await rowsOf(page));
}

// The change list: {kind: text} of its buttons (and the gone list's summary).
export const changes = (page) => page.$$eval('#changes [data-change]', (es) =>
  Object.fromEntries(es.map((e) => [e.getAttribute('data-change'), (e.querySelector('summary') ?? e).textContent])));

export async function openOrder(page, sn) {
  await page.click(`#results tr[data-order-sn="${sn}"]`);
  await page.waitForSelector('#detail:not([hidden]) .marks-section');
}

// Ticks (or unticks) marks in the open detail and waits until each is saved.
export async function mark(page, ...kinds) {
  for (const kind of kinds) {
    await page.evaluate(() => { document.querySelector('.mark-status').textContent = ''; });
    await page.click(`#mark-${kind}`);
    await page.waitForFunction(() => /已保存|Saved/.test(document.querySelector('.mark-status').textContent));
  }
}

export async function note(page, text) {
  await page.evaluate(() => { document.querySelector('.mark-status').textContent = ''; });
  await page.fill('#mark-note', text);
  await page.waitForFunction(() => /已保存|Saved/.test(document.querySelector('.mark-status').textContent), null, {timeout: 5000});
}

// The marks of the open detail: {contacted, resent, appealed, note}.
export const marksShown = (page) => page.evaluate(() => ({
  contacted: document.getElementById('mark-contacted').checked, resent: document.getElementById('mark-resent').checked,
  appealed: document.getElementById('mark-appealed').checked, note: document.getElementById('mark-note').value,
}));

export async function closeDetail(page) {
  await page.click('#detail-close');
  assert.equal(await page.isHidden('#detail'), true);
}

// After a reload: the workspace is back (restored and checked).
export async function restored(page) {
  await page.waitForFunction(() => document.getElementById('state').dataset.phase !== 'loading' &&
    !document.getElementById('run').disabled && document.getElementById('state').dataset.phase !== 'busy', null, {timeout: 30000});
}

// The merchant's day (issue 20's "done when") on any face of the page (the site, the offline file,
// the extension's side panel), in the page's default mode: an export, a trace for one of its
// orders, a corrected export, one workspace; the handled mark and note of 102 set in the morning;
// a reload. Asserts as it goes; reload() reloads the page. mergeDefault false: the page that embeds
// the app chose replace (the extension's side panel, for its backend feed): the merchant ticks 合并.
export async function merchantDay(page, reload, mergeDefault = true) {
  assert.equal(await page.isChecked('#merge'), mergeDefault, 'the default mode');
  await setMerge(page, true);
  await setShop(page, '旗舰店');
  assert.deepEqual(await addBatch(page, MORNING), EXPECTED);
  assert.equal(await page.isVisible('#changes-box'), false, 'nothing to compare the first batch with');
  await openOrder(page, '250310-512000000000102');
  await mark(page, 'contacted');
  await note(page, '买家说今天在家');
  await closeDetail(page);
  // the trace joins order 102 (the core's join): picked up in time, one order still
  const traced = await addBatch(page, TRACE_102);
  assert.deepEqual(traced, EXPECTED.map((r) => (r[0] === '250310-512000000000102' ? [r[0], 'picked_up'] : r)));
  assert.deepEqual(await changes(page), {picked: '新揽收 1'});
  assert.match(await page.textContent('#state'), /已合并到工作区（共 2 批数据）/);
  // the corrected export: its facts over the morning's; 104 and 105 are gone from it
  assert.deepEqual(await addBatch(page, AFTERNOON), DAY_END);
  assert.deepEqual(await wordsOf(page), DAY_END_WORDS);
  assert.deepEqual(await changes(page), DAY_CHANGES);
  assert.match(await page.textContent('#ws-summary'), /^3 批数据 · 店铺：旗舰店/);
  await page.click('#changes [data-change="gone"]');
  await page.waitForFunction(() => document.querySelectorAll('#results tr[data-order-sn]').length === 2);
  assert.deepEqual(await wordsOf(page), [['250308-512000000000104', '已签收'], ['250311-512000000000105', '已关闭']]);
  await page.click('#changes [data-change="gone"]');
  await page.waitForFunction(() => document.querySelectorAll('#results tr[data-order-sn]').length === 7);
  await page.click('#changes [data-change="overdue"]');
  await page.waitForFunction(() => document.querySelectorAll('#results tr[data-order-sn]').length === 1);
  assert.deepEqual(await wordsOf(page), [['250311-512000000000101', '发货超时']]);
  await page.click('#changes [data-change="overdue"]');
  await page.waitForFunction(() => document.querySelectorAll('#results tr[data-order-sn]').length === 7);
  // a reload: the same workspace, the marks intact, the order's history kept
  await reload();
  await restored(page);
  assert.deepEqual(sorted(await rowsOf(page)), DAY_END);
  assert.deepEqual(await wordsOf(page), DAY_END_WORDS);
  assert.equal(await page.getAttribute('#results tr[data-order-sn="250310-512000000000102"]', 'data-handled'), '1');
  await openOrder(page, '250310-512000000000102');
  assert.deepEqual(await marksShown(page), {contacted: true, resent: false, appealed: false, note: '买家说今天在家'});
  const history = await page.$$eval('#detail .history li', (lis) => lis.map((li) => [li.getAttribute('data-kind'), li.textContent]));
  assert.deepEqual(history.map((h) => h[0]), ['new', 'status'], JSON.stringify(history));
  assert.match(history[1][1], /新数据：揽收待核实 → 已揽收$/);
  await closeDetail(page);
  await openOrder(page, '250308-512000000000104');
  assert.match(await page.textContent('#detail .history'), /不在新数据中（之前：已签收）/);
  await closeDetail(page);
}
