// The order detail and the rules panel with the keyboard only: each is a modal dialog (role,
// aria-modal, its heading as its name), Tab and Shift+Tab stay inside it, Escape closes it, and
// focus goes back to the row, queue entry or button that opened it.
// Run: node --test tests/browser/focus.test.mjs   (after scripts/build.sh)
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {NOW, artifacts, fixture, launch, paste, ready, serve, watch} from './helpers.mjs';

let browser, server, page;
const problems = [];

before(async () => {
  let url;
  ({server, url} = await serve());
  browser = await launch();
  page = watch(await browser.context.newPage(), problems);
  await page.goto(`${url}index.html?now=${NOW}`);
  await ready(page);
  await paste(page, fixture('export-utf8.csv'));
});

after(async () => {
  await browser?.close();
  server?.close();
});

// What has focus, described the way the assertions name it.
const focused = () => page.evaluate(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return 'body';
  if (e.matches('tr[data-order-sn]')) return `row ${e.getAttribute('data-order-sn')}`;
  if (e.matches('.queue-item')) return `queue ${e.querySelector('.mono').textContent}`;
  if (e.id) return `#${e.id}`;
  const at = [...document.querySelectorAll(e.tagName)].indexOf(e);
  return `${e.tagName.toLowerCase()}#${at} ${e.textContent.trim().slice(0, 10)} in ${e.closest('[id]')?.id}`;
});
const inside = (id) => page.evaluate((d) => document.getElementById(d).contains(document.activeElement), id);
async function assertDialog(id, title, name) {
  assert.equal(await page.getAttribute(`#${id}`, 'role'), 'dialog');
  assert.equal(await page.getAttribute(`#${id}`, 'aria-modal'), 'true');
  assert.equal(await page.getAttribute(`#${id}`, 'aria-labelledby'), title);
  assert.equal(await page.textContent(`#${title}`), name);
  // the page behind is out of reach while it is open
  assert.deepEqual(await page.evaluate(() => ['header', 'main', 'footer'].map((t) => document.querySelector(t).inert)),
                   [true, true, true]);
  assert.equal(await page.isVisible('#scrim'), true);
}

// Tab through the whole dialog: every stop is inside it, and it comes back to the start; the same
// backwards with Shift+Tab. Returns the stops (a datetime field is a stop per part in chromium).
async function cycle(id, first) {
  assert.equal(await focused(), first);
  const forward = [];
  for (let i = 0; i < 100; i++) {
    await page.keyboard.press('Tab');
    assert.ok(await inside(id), `Tab ${i + 1} left #${id} for ${await focused()} (after ${forward.join(', ')})`);
    if (await focused() === first) break;
    forward.push(await focused());
  }
  assert.equal(await focused(), first, 'Tab did not come back to the start');
  assert.ok(forward.length >= 3, `${forward.length} stops`);
  const backward = [];
  for (let i = 0; i < 100; i++) {
    await page.keyboard.press('Shift+Tab');
    assert.ok(await inside(id), `Shift+Tab ${i + 1} left #${id} for ${await focused()}`);
    if (await focused() === first) break;
    backward.push(await focused());
  }
  assert.equal(await focused(), first, 'Shift+Tab did not come back to the start');
  assert.deepEqual(backward.reverse(), forward);
  return forward;
}

describe('keyboard and focus', () => {
  test('order detail from a row: a modal dialog, Tab stays in it, Escape returns to the row', async () => {
    await page.focus('#scroller');
    await page.keyboard.press('ArrowDown');
    const row = await focused();
    assert.match(row, /^row 2503\d\d-5120000000001\d\d$/);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#detail:not([hidden]) #wording-out :is(.wording-card, p)', {timeout: 15000});
    await assertDialog('detail', 'detail-title', '订单详情');
    const stops = await cycle('detail', '#detail-close');
    assert.match(stops[0], /^button#\d+ 复制订单号 in detail-body$/);
    assert.ok(stops.includes('#w-correct_courier') && stops.includes('#w-reason'), stops.join(', '));
    assert.ok(!stops.includes('#w-outlet_name'), 'a field inside the closed 更多信息 is a stop');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(), stops.at(-1));
    await page.keyboard.press('Tab');
    assert.equal(await focused(), '#detail-close');
    await page.keyboard.press('Tab');
    await page.screenshot({path: join(artifacts, 'focus-detail.png')});
    await page.keyboard.press('Escape');
    assert.equal(await page.isHidden('#detail'), true);
    assert.equal(await page.isHidden('#scrim'), true);
    assert.equal(await focused(), row);
    assert.deepEqual(await page.evaluate(() => ['header', 'main', 'footer'].map((t) => document.querySelector(t).inert)),
                     [false, false, false]);
  });

  test('order detail from the queue: focus goes back to the same queue entry', async () => {
    await page.focus('#queue .queue-item');
    const entry = await focused();
    assert.equal(entry, 'queue 250309-512000000000103');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#detail:not([hidden]) .detail-sn');
    assert.equal(await focused(), '#detail-close');
    await page.keyboard.press('Escape');
    assert.equal(await page.isHidden('#detail'), true);
    assert.equal(await focused(), entry);
  });

  test('a click beside the detail closes it and focus returns to the row clicked', async () => {
    await page.click('#results tr[data-order-sn="250310-512000000000102"]');
    await page.waitForSelector('#detail:not([hidden]) .detail-sn');
    await page.mouse.click(20, 450);  // on the scrim, left of the drawer
    assert.equal(await page.isHidden('#detail'), true);
    assert.equal(await focused(), 'row 250310-512000000000102');
  });

  test('rules panel: opened with Enter, Tab stays in it, Escape returns to its button', async () => {
    await page.focus('#open-rules');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#rules-panel:not([hidden]) .rule[data-key="pickup_window_hours"] input');
    assert.equal(await page.getAttribute('#open-rules', 'aria-expanded'), 'true');
    await assertDialog('rules-panel', 'rules-title', '规则与时钟');
    const stops = await cycle('rules-panel', '#rules-close');
    assert.equal(stops[0], '#clock-input');
    assert.ok(stops.includes('#clock-apply') && stops.includes('#rule-pickup_window_hours'), stops.join(', '));
    assert.equal(stops.at(-1), '#rules-reset');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(), '#rules-reset');
    await page.screenshot({path: join(artifacts, 'focus-rules.png')});
    await page.keyboard.press('Escape');
    assert.equal(await page.isHidden('#rules-panel'), true);
    assert.equal(await page.getAttribute('#open-rules', 'aria-expanded'), 'false');
    assert.equal(await focused(), '#open-rules');
  });

  test('the close buttons work from the keyboard too', async () => {
    await page.focus('#open-rules');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#rules-panel:not([hidden])');
    assert.equal(await focused(), '#rules-close');
    await page.keyboard.press('Enter');
    assert.equal(await page.isHidden('#rules-panel'), true);
    assert.equal(await focused(), '#open-rules');
  });

  test('nothing went wrong', () => {
    assert.deepEqual(problems, []);
  });
});
