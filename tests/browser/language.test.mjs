// The page in English: the switch turns the page's own words into English and is remembered, ?lang=
// works for one visit, <html lang> follows. What the core writes (explanations, fix steps, the
// words for buyers and PDD, rule names) stays Chinese, marked lang="zh-CN", with a note saying so.
// Run: node --test tests/browser/language.test.mjs   (after scripts/build.sh)
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {pathToFileURL} from 'node:url';
import {EXPECTED, EXPECTED_WAITING, NOW, WAITING_102, artifacts, fixture, launch, oneInputAtATime, paste, ready, rowsOf,
  serve, settled, site, sorted, watch} from './helpers.mjs';

const HAN = /\p{Script=Han}/u;
let browser, server, origin, page;
const problems = [];  // a key without English logs a console error: it fails the last test

before(async () => {
  ({server, url: origin} = await serve());
  browser = await launch();
  await oneInputAtATime(browser.context);
  page = watch(await browser.context.newPage(), problems);
  await page.goto(`${origin}index.html?now=${NOW}`);
  await ready(page);
});

after(async () => {
  await browser?.close();
  server?.close();
});

const text = (sel) => page.textContent(sel);
const texts = (sel) => page.$$eval(sel, (es) => es.map((e) => e.textContent));
// 102: its pickup deadline passed, the export has no pickup time: 揽收待核实 / Pickup unconfirmed
const overdueRow = '#results tr[data-order-sn="250310-512000000000102"]';
const H3_UNCONFIRMED = ['Problems found', 'Why this status', 'Wrong tracking number? Fix it like this', 'Messages: copy and send'];

// The page's own words that contain Chinese, in English mode: the keyed text and attributes
// (the box's example keeps the export's Chinese column names on purpose), the overview, the
// filters, the table's chips, countdowns and badges.
const chineseLeft = () => page.evaluate((han) => {
  const re = new RegExp(han, 'u');
  const left = [];
  for (const e of document.querySelectorAll('[data-i18n]')) if (re.test(e.textContent)) left.push(e.getAttribute('data-i18n'));
  for (const e of document.querySelectorAll('[data-i18n-attr]')) {
    for (const [attr] of e.getAttribute('data-i18n-attr').split(',').map((p) => p.split('='))) {
      if (re.test(e.getAttribute(attr)) && !(e.id === 'paste' && attr === 'placeholder')) left.push(`${e.id || e.tagName}[${attr}]`);
    }
  }
  const sel = '#state, #clock, #cards, #chart figcaption, #chart .legend, #chart desc, #f-status, #f-finding, #f-sort, ' +
    '#shown, #results thead, #results .chip, #results .countdown, #results .badge, #queue .chip, #queue .countdown, ' +
    '#queue .queue-action, #queue .queue-overdue, #version';
  for (const e of document.querySelectorAll(sel)) if (re.test(e.textContent)) left.push(`${e.id || e.className}: ${e.textContent}`);
  return left;
}, HAN.source);

describe('the page in English', () => {
  test('Chinese by default, with a switch to English', async () => {
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal(await text('#run'), '检查');
    assert.equal(await text('#lang-switch'), 'English');
    assert.equal(await page.getAttribute('#lang-switch', 'lang'), 'en');
    assert.deepEqual(sorted(await paste(page, fixture('export-utf8.csv'))), EXPECTED);
    assert.equal(await text(`${overdueRow} .countdown`), '已超时 18 小时 29 分');
  });

  test('the switch turns the page\'s words into English, the result stays', async () => {
    await page.click('#lang-switch');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.title(), 'Lanshou · Pinduoduo ship and pickup deadline check');
    assert.equal(await text('#lang-switch'), '中文');
    assert.equal(await page.getAttribute('#lang-switch', 'lang'), 'zh-CN');
    assert.equal(await page.evaluate(() => localStorage.getItem('lanshou.lang')), 'en');
    assert.equal(await text('#run'), 'Check');
    assert.equal(await text('#open-rules'), 'Rules & clock');
    assert.equal(await text('#download-offline'), 'Download offline version');
    assert.equal(await text('#state'), 'Check complete.');
    assert.equal(await text('#clock'), 'Checked at 2025-03-12 12:00 (set by ?now= in the address)');
    assert.deepEqual(await texts('#results thead th'),
                     ['Order no.', 'Status', 'Time left', 'Deadline', 'Courier', 'Tracking no.', 'Problems']);
    assert.deepEqual(sorted(await rowsOf(page)), EXPECTED);
    assert.equal(await text(`${overdueRow} .chip`), 'Pickup unconfirmed');
    assert.equal(await text(`${overdueRow} .countdown`), 'overdue 18 h 29 min');
    assert.equal(await text('#results tr[data-order-sn="250309-512000000000103"] .countdown'), '9 h 5 min left');
    assert.equal(await text('#shown'), 'Showing 6 of 6 orders');
    assert.deepEqual(await texts('#cards .card-title'),
                     ['All orders', 'Expected penalty', 'Pickup unconfirmed', 'To ship',
                      'Awaiting pickup', 'Delivered', 'Closed']);
    assert.equal(await text('.card[data-status="pickup_unverified"] .card-value'), '1');
    assert.equal(await text('#cards .card:nth-child(2) .card-value'), '¥0');
    assert.deepEqual(await texts('#f-status option'), ['All (6)', 'Act now: overdue + due soon (0)', 'Overdue (0)',
      'Pickup unconfirmed (1)', 'To ship (2)', 'Awaiting pickup (1)', 'Delivered (1)', 'Closed (1)']);
    // nothing known to be overdue: no overdue line, the queue starts with 103
    assert.equal(await page.locator('#queue .queue-overdue').count(), 0);
    assert.equal(await text('#queue li:nth-child(1) .queue-action'), 'make sure the courier picks up before 03-12 21:05');
    assert.equal(await text('#chart .legend'), 'ship deadlinepickup deadline2 orders within 48 hours');
    assert.deepEqual(await texts('#sample-buttons button'), ['Order export', 'Spreadsheet rows', 'Order detail + trace']);
    assert.deepEqual(await chineseLeft(), []);
    await page.screenshot({path: join(artifacts, 'english.png'), fullPage: true});
  });

  test('an overdue pickup in English: with a trace that shows 102 still waiting for the courier', async () => {
    assert.deepEqual(sorted(await paste(page, fixture('export-utf8.csv') + WAITING_102)), EXPECTED_WAITING);
    assert.equal(await text(`${overdueRow} .chip`), 'Pickup overdue');
    assert.equal(await text(`${overdueRow} .countdown`), 'overdue 18 h 29 min');
    assert.equal(await text('.card[data-status="pickup_overdue"] .card-value'), '1');
    assert.equal(await text('#cards .card:nth-child(2) .card-value'), '¥23');
    assert.deepEqual(await texts('#f-status option'), ['All (6)', 'Act now: overdue + due soon (1)', 'Overdue (1)',
      'Pickup overdue (1)', 'To ship (2)', 'Awaiting pickup (1)', 'Delivered (1)', 'Closed (1)']);
    assert.equal(await text('#queue .queue-overdue'), '1 order overdue: see how to make up and appeal →');
    assert.equal(await text('#queue li:nth-child(2) .queue-action'), 'make sure the courier picks up before 03-12 21:05');
    assert.equal(await text('#chart .legend'), 'ship deadlinepickup deadline2 orders within 48 hours · 1 overdue');
    assert.deepEqual(await chineseLeft(), []);
    assert.deepEqual(sorted(await paste(page, fixture('export-utf8.csv'))), EXPECTED);
  });

  test('the order detail: English around the core\'s Chinese, with a note why', async () => {
    await page.click(overdueRow);
    await page.waitForSelector('#detail:not([hidden]) .detail-status .chip', {timeout: 15000});
    assert.equal(await text('#detail-title'), 'Order details');
    assert.equal(await page.isVisible('#detail .lang-note'), true);
    assert.equal(await text('#detail .lang-note'), 'Explanations, fix steps and the messages to send come from the ' +
      'checker in Chinese: buyers and PDD read them in Chinese, and the menu paths are those of the Chinese merchant backend.');
    assert.equal(await text('#detail .detail-status .chip'), 'Pickup unconfirmed');
    assert.equal(await text('#detail .next-step'), 'Next step: 粘贴物流轨迹，核对是否已揽收');
    assert.equal(await text('#detail .until'),
                 'Too late to change directly: contact the buyer, add a note, and add an extra package before 04-09 17:30');
    // the unconfirmed pickup's promise passed too (issue 18: 发货及揽收), but only possibly late: its
    // finding is listed, and no message is offered for it
    assert.deepEqual(await texts('#detail h3'), H3_UNCONFIRMED);
    // the core's words: Chinese, and marked so
    assert.match(await text('#detail .explain ul'), /揽收时限 24 小时/);
    assert.match(await text('#detail .explain ul'), /无法确认是否已揽收/);
    assert.equal(await page.getAttribute('#detail .explain ul', 'lang'), 'zh-CN');
    assert.match(await text('#detail .wizard'), /新增补寄额外包裹/);
    assert.equal(await page.locator('#wording-out .wording-card').count(), 0);
    await page.keyboard.press('Escape');
    // 102 with the trace that shows it waiting: 揽收超时, and the messages to send, in Chinese
    await paste(page, fixture('export-utf8.csv') + WAITING_102);
    await page.click(overdueRow);
    await page.waitForSelector('#detail:not([hidden]) #wording-out .wording-card', {timeout: 15000});
    assert.equal(await text('#detail .detail-status .chip'), 'Pickup overdue');
    assert.equal(await text('#detail .wording .lang-note'), 'The messages stay in Chinese: they are sent to the buyer and to PDD.');
    const card = '#wording-out .wording-card[data-kind="buyer_message"]';
    assert.equal(await page.getAttribute(card, 'lang'), 'zh-CN');
    assert.match(await text(`${card} .wording-text`), HAN);
    assert.equal(await text(`${card} .wording-bar button.copy`), 'Copy');
    assert.equal(await page.getAttribute(`${card} .wording-bar button.copy`, 'lang'), 'en');
    await page.screenshot({path: join(artifacts, 'english-detail.png')});
    await page.keyboard.press('Escape');
    assert.deepEqual(sorted(await paste(page, fixture('export-utf8.csv'))), EXPECTED);
  });

  test('the rules panel: units and confidence in English, PDD\'s rule names in Chinese', async () => {
    await page.click('#open-rules');
    const rule = '.rule[data-key="pickup_window_hours"]';
    await page.waitForSelector(`${rule} input`);
    assert.equal(await text('#rules-title'), 'Rules & clock');
    assert.equal(await text(`${rule} .unit`), 'hours');
    assert.equal(await text(`${rule} .badge`), 'unverified');
    assert.match(await text(`${rule} .rule-source`), /^Source: .* · as of \d{4}-\d\d-\d\d · pickup_window_hours$/);
    assert.match(await text(`${rule} .rule-label`), HAN);
    assert.equal(await text('#rules-panel .lang-note'), 'Rule names and sources are PDD\'s own terms and stay in Chinese.');
    await page.screenshot({path: join(artifacts, 'english-rules.png')});
    await page.keyboard.press('Escape');
  });

  test('a reload stays in English', async () => {
    await page.reload();
    await ready(page);
    await settled(page);  // the last input is restored and checked again
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await text('#run'), 'Check');
    assert.equal(await text('#state'), 'Check complete.');
    assert.equal(await text(`${overdueRow} .chip`), 'Pickup unconfirmed');
    assert.deepEqual(await chineseLeft(), []);
  });

  test('switching back gives the Chinese page again, remembered too', async () => {
    await page.click('#lang-switch');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal(await page.title(), '揽收 · 拼多多发货与揽收时效检查');
    assert.equal(await text('#run'), '检查');
    assert.equal(await text('#state'), '检查完成。');
    assert.equal(await text(`${overdueRow} .chip`), '揽收待核实');
    assert.equal(await text(`${overdueRow} .countdown`), '已超时 18 小时 29 分');
    assert.deepEqual(await texts('#results thead th'), ['订单号', '状态', '剩余时间', '截止时间', '快递公司', '快递单号', '问题']);
    assert.equal(await page.isHidden('#detail .lang-note'), true);
    await page.reload();
    await ready(page);
    assert.equal(await text('#run'), '检查');
    assert.equal(await page.evaluate(() => localStorage.getItem('lanshou.lang')), 'zh');
  });

  test('?lang=en for one visit; the switch then takes over from the address', async () => {
    await page.goto(`${origin}index.html?lang=en&now=${NOW}`);
    await ready(page);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await text('#run'), 'Check');
    await page.click('#lang-switch');
    assert.equal(await text('#run'), '检查');
    assert.equal(new URL(page.url()).searchParams.get('lang'), null);
    assert.equal(new URL(page.url()).searchParams.get('now'), '2025-03-12T12:00:00+08:00');
    await page.reload();
    await ready(page);
    assert.equal(await text('#run'), '检查');
    await page.click('#clear-local');
  });

  test('the one-file page from disk switches too', async () => {
    const offline = watch(await browser.context.newPage(), problems);
    try {
      await offline.goto(`${pathToFileURL(join(site, 'lanshou-offline.html')).href}?lang=en&now=${NOW}`);
      await ready(offline);
      assert.equal(await offline.textContent('#run'), 'Check');
      assert.deepEqual(sorted(await paste(offline, fixture('export-utf8.csv'))), EXPECTED);
      assert.equal(await offline.textContent(`${overdueRow} .chip`), 'Pickup unconfirmed');
    } finally {
      await offline.close();
    }
  });

  test('every key has its English, nothing went wrong', () => {
    assert.deepEqual(problems, []);
  });
});
