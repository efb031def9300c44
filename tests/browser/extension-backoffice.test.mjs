// The extension on the merchant backend as it really works: the backend's pages fetch their own
// JSON (the order list, the quick-filter counts, an order's detail and its logistics trace) and
// the extension reads what they fetched, never asking for anything itself. The backend is the
// fixture in tests/browser/fixtures/backoffice (see its README for the public sources it follows),
// served over https as mms.pinduoduo.com; every other host name leads to a sink that counts
// connections. Debian's chromium with the unpacked extension, as a merchant installs it.
// Run: node --test tests/browser/extension-backoffice.test.mjs   (after scripts/build.sh)
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {NOW, NOW_ISO, artifacts, launch, root, rowsOf, site as builtSite, sorted} from './helpers.mjs';
import {BACKEND, BROWSER_OWN, BUYER, FIXTURE, LIST, PDD_JSON_DETAIL, PDD_JSON_DETAIL_SN, PDD_JSON_LIST, PDD_JSON_NOW_ISO, PDD_JSON_ORDERS, REGION, assertSameCsv, certificate, cli,
        netLog, panelCsv, resolverRules, startBackend, startSink, tableOf, tableOfCli} from './extension-backoffice.mjs';

const site = resolve(process.env.LANSHOU_SITE ?? builtSite);
const DETAIL_SN = '250310-512000000000804';
const RED = [217, 48, 37, 255];
const LIST_FILE = join(FIXTURE, 'recentOrderList.json');

let tmp, tls, backend, sink, browser, context, worker, extensionId;
const requests = [];   // every request the browser's pages and the extension's pages made
const problems = [];   // console errors and page errors in the extension's pages

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'lanshou-backoffice-'));
  const build = spawnSync(process.execPath, [join(root, 'scripts/build-extension.mjs'), site, join(tmp, 'unpacked')],
                          {encoding: 'utf8'});
  assert.equal(build.status, 0, build.stderr);
  tls = certificate(tmp);
  backend = await startBackend(tls);
  sink = await startSink();
  browser = await launch({
    profile: join(tmp, 'profile'),
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [`--disable-extensions-except=${join(tmp, 'unpacked')}`, `--load-extension=${join(tmp, 'unpacked')}`,
           resolverRules(backend.port, sink.port), '--ignore-certificate-errors',
           `--log-net-log=${join(tmp, 'netlog.json')}`, '--net-log-capture-mode=Default'],
    viewport: {width: 1100, height: 800},
  });
  ({context} = browser);
  context.on('request', (r) => requests.push(r.url()));
  worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker', {timeout: 20000});
  extensionId = new URL(worker.url()).host;
});

after(async () => {
  await browser?.close();
  backend?.server.close();
  sink?.server.close();
  if (tmp) rmSync(tmp, {recursive: true, force: true});
});

function watch(page) {
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return page;
}

async function openPanel(query = '') {
  const page = watch(await context.newPage());
  await page.setViewportSize({width: 420, height: 900});
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html${query}`);
  return page;
}

async function openBackend(path) {
  const page = await context.newPage();
  await page.goto(`${BACKEND}${path}`);
  await page.waitForFunction(() => window.__fixture && window.__fixture.done, null, {timeout: 10000});
  return page;
}

// The badge of the tab showing url: text, colour and tooltip, once it says `text`.
async function badge(url, text) {
  return worker.evaluate(async ({url, text}) => {
    for (let i = 0; i < 100; i++) {
      const [tab] = await chrome.tabs.query({url});
      if (tab) {
        const b = {text: await chrome.action.getBadgeText({tabId: tab.id}),
                   color: await chrome.action.getBadgeBackgroundColor({tabId: tab.id}),
                   title: await chrome.action.getTitle({tabId: tab.id})};
        if (b.text === text) return b;
        if (i === 99) return b;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return null;
  }, {url, text});
}

async function waitForRows(page, expected) {
  try {
    await page.waitForFunction((want) => {
      const got = [...document.querySelectorAll('#results tr[data-order-sn]')]
        .map((tr) => [tr.getAttribute('data-order-sn'), tr.getAttribute('data-status')])
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return JSON.stringify(got) === JSON.stringify(want) && !document.getElementById('run').disabled &&
             document.getElementById('state').getAttribute('data-phase') === 'done';
    }, sorted(expected), {timeout: 30000});
  } catch (err) {
    assert.deepEqual(sorted(await rowsOf(page)), sorted(expected), `${await page.textContent('#state')}`);
    throw err;
  }
}

// Everything the extension keeps and shows, as one text.
async function everythingKept(panels) {
  const stored = await worker.evaluate(async () => JSON.stringify({
    session: await chrome.storage.session.get(null), local: await chrome.storage.local.get(null)}));
  const shown = await Promise.all(panels.map((p) => p.evaluate(() => JSON.stringify({
    html: document.documentElement.outerHTML, paste: document.getElementById('paste').value,
    local: Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]))}))));
  return [stored, ...shown].join('\n');
}

// Whether the service worker keeps orders for this tab, once it says `want`.
function keptFor(tabId, want) {
  return worker.evaluate(async ({tabId, want}) => {
    let kept;
    for (let i = 0; i < 50; i++) {
      kept = `lanshouTab:${tabId}` in await chrome.storage.session.get(null);
      if (kept === want) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return kept;
  }, {tabId, want});
}

describe('the extension reads what the backend page fetched', () => {
  let list, panel;

  test('the badge counts the page\'s overdue and due-soon orders while the side panel is closed', async () => {
    // The panel was used once with a set clock (it keeps its rules and clock for the badge), then closed.
    const once = await openPanel(`?now=${NOW}`);
    await once.waitForFunction(() => !document.getElementById('run').disabled, null, {timeout: 30000});
    await once.evaluate(() => self.lanshouPage.run());
    await worker.evaluate(async (now) => {
      for (let i = 0; i < 50; i++) {
        const o = (await chrome.storage.session.get('lanshouOptions')).lanshouOptions;
        if (o && JSON.parse(o).now === now) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    }, NOW_ISO);
    await once.close();

    list = await openBackend('/orders/list');
    const start = await worker.evaluate(async () => [await self.lanshouBackground.core.failed(), self.lanshouBackground.core.startMs()]);
    assert.equal(start[0], null, 'the core started in the service worker');
    console.log(`# the core started in the service worker in ${start[1]} ms`);
    // 802 due within 6 hours, 803 not shipped in time, 804 not picked up 24 h after its upload.
    const b = await badge(`${BACKEND}/orders/list`, '3');
    assert.deepEqual(b, {text: '3', color: RED,
                         title: '揽收助手：本页 7 单中 3 单已超时或6 小时内到期（已超时 2 单）。点开查看'});
  });

  test('the side panel, opened after the page loaded its orders, shows them without a click', async () => {
    panel = await openPanel(`?now=${NOW}`);
    await waitForRows(panel, LIST);
    assert.match(await panel.textContent('#lanshou-backend'),
                 /^来自商家后台：本页 7 单（\d\d:\d\d 读取，只取订单号、商品、金额、时间、状态、快递、单号和收货省市，不含买家姓名、电话和详细地址）；后台自己的统计：待发货 3，其中超过 12 小时 2，已延迟 1，待收货 2$/);
    assert.equal(await panel.inputValue('#paste'), '', 'the merchant\'s paste box is left alone');
    await panel.screenshot({path: join(artifacts, 'extension-backoffice-panel.png'), fullPage: true});
  });

  test('the panel gives what the CLI gives for the backend\'s answer: the table\'s fields, and the CSV byte for byte', async () => {
    const expected = tableOfCli(LIST_FILE, NOW_ISO);
    assert.deepEqual(expected.map(([sn, status]) => [sn, status]), sorted(LIST));
    assert.deepEqual(await tableOf(panel), expected);
    assertSameCsv(await panelCsv(panel), cli(LIST_FILE, NOW_ISO, 'csv'));
  });

  test('an order the merchant pasted that the page loaded too is one order, with what each says', async () => {
    // An export row of 804 and its trace, pasted: the core joins them to the backend's order.
    await panel.fill('#paste', '订单号,快递公司,快递单号\n250310-512000000000804,中通快递,75124400000804\n\n' +
                               '75124400000804\n2025-03-11 08:30:02 【金华市】快件已被【义乌稠城】揽收\n');
    await panel.evaluate(() => self.lanshouPage.run());
    await waitForRows(panel, LIST.map(([sn, status]) => [sn, sn === DETAIL_SN ? 'picked_up' : status]));
    const row = (await tableOf(panel)).find(([sn]) => sn === DETAIL_SN);
    assert.deepEqual(row.slice(3, 5), ['中通快递', '75124400000804']);
    assert.ok(!row[5].includes('facts_conflict'), 'no conflict between the paste and the backend');
    await panel.fill('#paste', '');
    await panel.evaluate(() => self.lanshouPage.run());
    await waitForRows(panel, LIST);
  });

  test('each order links to its page in the backend, which opens only on a click', async () => {
    const links = await panel.$$eval('#results tr[data-order-sn] a.backend-link',
                                     (as) => as.map((a) => [a.textContent, a.href, a.target]));
    assert.equal(links.length, LIST.length);
    for (const [sn, href, target] of links) {
      assert.equal(href, `${BACKEND}/orders/detail?type=4399&sn=${sn}`);
      assert.equal(target, '_blank');
    }
    assert.ok(!backend.served.some((s) => s.startsWith('GET /orders/detail')), 'no detail page was asked for');
  });

  test('the page\'s own requests got byte for byte what the backend sent, in the same order of events as without the extension', async () => {
    const seen = await list.evaluate(() => window.__fixture);
    assert.deepEqual(seen.errors, []);
    for (const what of ['list', 'counts']) {
      const sent = backend.sent.find((s) => s.what === what).bytes;
      const got = what === 'counts' ? JSON.stringify(JSON.parse(sent)) : sent.toString('utf8');
      assert.equal(seen.bodies[what], got, what);
    }
    // The same page in a browser without the extension.
    const plain = await launch({args: [resolverRules(backend.port, sink.port), '--ignore-certificate-errors']});
    try {
      const page = await plain.context.newPage();
      await page.goto(`${BACKEND}/orders/list`);
      await page.waitForFunction(() => window.__fixture && window.__fixture.done, null, {timeout: 10000});
      const base = await page.evaluate(() => window.__fixture);
      assert.deepEqual(seen.events, base.events);
      assert.deepEqual(seen.bodies, base.bodies);
      assert.deepEqual(seen.events.list, ['then-1', 'then-2', 'status 200', 'text']);
      assert.deepEqual(seen.events.counts, ['readystate 1', 'readystate 2', 'readystate 3', 'readystate 4', 'load',
                                            'loadend', 'loadend (added after send)']);
      assert.equal(await page.evaluate(() => document.querySelector('.package-center-table').innerText),
                   await list.evaluate(() => document.querySelector('.package-center-table').innerText));
    } finally {
      await plain.close();
    }
  });

  test('when the page loads orders again (查询, with XMLHttpRequest), the badge and the panel follow', async () => {
    await list.evaluate(() => { window.__fixture.done = false; });
    await list.click('#query');
    await list.waitForFunction(() => window.__fixture.done, null, {timeout: 10000});
    const b = await badge(`${BACKEND}/orders/list`, '2');
    assert.deepEqual(b, {text: '2', color: RED,
                         title: '揽收助手：本页 3 单中 2 单已超时或6 小时内到期（已超时 1 单）。点开查看'});
    await waitForRows(panel, LIST.slice(0, 3));
    const seen = await list.evaluate(() => window.__fixture);
    assert.equal(seen.bodies['list-again'], backend.sent.find((s) => s.what === 'list-again').bytes.toString('utf8'));
    assert.deepEqual(seen.events['list-again'], ['readystate 1', 'readystate 2', 'readystate 3', 'readystate 4', 'load',
                                                 'loadend', 'loadend (added after send)']);
  });

  test('on an order\'s detail page the panel opens on that order, with what its trace says', async () => {
    const detail = await openBackend(`/orders/detail?type=4399&sn=${DETAIL_SN}`);
    await detail.bringToFront();
    // The trace shows the pickup 15 hours after the upload: picked up, in time.
    await waitForRows(panel, [[DETAIL_SN, 'picked_up']]);
    await panel.waitForFunction((sn) => !document.getElementById('detail').hidden &&
      document.querySelector('#detail-body .detail-sn')?.textContent.includes(sn), DETAIL_SN, {timeout: 10000});
    assert.equal(await panel.getAttribute('#detail-body a.backend-link', 'href'),
                 `${BACKEND}/orders/detail?type=4399&sn=${DETAIL_SN}`);
    const b = await badge(`${BACKEND}/orders/detail*`, '');
    assert.equal(b.title, '揽收助手：本页 1 单，没有已超时或6 小时内到期的订单');
    const seen = await detail.evaluate(() => window.__fixture);
    assert.equal(seen.bodies.detail, backend.sent.find((s) => s.what === 'detail').bytes.toString('utf8'));
    assert.equal(seen.bodies.trace, backend.sent.find((s) => s.what === 'trace').bytes.toString('utf8'));
    await panel.screenshot({path: join(artifacts, 'extension-backoffice-detail.png'), fullPage: true});
    const tabId = await worker.evaluate(async (url) => (await chrome.tabs.query({url}))[0].id, `${BACKEND}/orders/detail*`);
    await detail.close();
    // A closed tab's orders are forgotten (the orders themselves stay known for the other tabs).
    assert.equal(await keptFor(tabId, false), false);
  });

  test('no buyer name, phone or address reached the extension\'s storage or the panel', async () => {
    const kept = await everythingKept([panel]);
    const leaked = BUYER.filter((s) => kept.includes(s));
    assert.deepEqual(leaked, []);
    // What was kept: order numbers and times, not nothing; the province and city only as such.
    assert.match(kept, /250310-512000000000804/);
    const stored = await worker.evaluate(async () => JSON.stringify(await chrome.storage.session.get('lanshouStore')));
    for (const r of REGION) {
      assert.ok(stored.includes(r), r);
      assert.equal(stored.split(`"${r}"`).length - 1, stored.split(r).length - 1, `${r} only as a whole value`);
    }
  });

  test('the button "检查本页订单" opens the panel without sending the page\'s text once orders were read', async () => {
    const before = await worker.evaluate(async () => (await chrome.storage.session.get('lanshouPending')).lanshouPending || null);
    await list.bringToFront();
    await list.getByRole('button', {name: '检查本页订单'}).click();
    await list.waitForFunction(() => document.querySelector('#lanshou-helper').shadowRoot
      .querySelector('button').textContent === '已在揽收助手中检查本页订单', null, {timeout: 5000});
    const after = await worker.evaluate(async () => (await chrome.storage.session.get('lanshouPending')).lanshouPending || null);
    assert.deepEqual(after, before, 'no page text was put aside');
  });

  test('a tab that leaves the backend loses its count and its orders', async () => {
    const tabId = await worker.evaluate(async (url) => (await chrome.tabs.query({url}))[0].id, `${BACKEND}/orders/list`);
    assert.equal(await keptFor(tabId, true), true);
    await list.goto('about:blank');
    assert.equal(await keptFor(tabId, false), false);
    assert.equal(await worker.evaluate((tabId) => chrome.action.getBadgeText({tabId}), tabId), '');
  });

  test('formats-json\'s order list fixture, served by the backend: the badge, and the panel equal to the CLI', async () => {
    // The panel at that fixture's clock (it hands its clock to the badge), then the page.
    // The panels open so far go: this page's, and the browser's own side panel that 检查本页订单 opened
    // (at the real clock: it would hand the badge its clock too).
    await panel.close();
    const sidePanels = await worker.evaluate(async () => {
      await chrome.sidePanel.setOptions({enabled: false});
      let n;
      for (let i = 0; i < 50; i++) {
        n = (await chrome.runtime.getContexts({contextTypes: ['SIDE_PANEL']})).length;
        if (!n) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await chrome.sidePanel.setOptions({enabled: true});
      return n;
    });
    assert.equal(sidePanels, 0, 'the browser\'s side panel closed');
    panel = await openPanel(`?now=${encodeURIComponent(PDD_JSON_NOW_ISO)}`);
    await panel.waitForFunction(() => !document.getElementById('run').disabled, null, {timeout: 30000});
    await panel.evaluate(() => self.lanshouPage.run());
    const options = await worker.evaluate(async (now) => {
      let o;
      for (let i = 0; i < 100; i++) {
        o = (await chrome.storage.session.get('lanshouOptions')).lanshouOptions;
        if (o && JSON.parse(o).now === now) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      return o;
    }, PDD_JSON_NOW_ISO);
    assert.equal(JSON.parse(options).now, PDD_JSON_NOW_ISO, `the panel's clock for the badge: ${options} ${JSON.stringify(await panel.evaluate(() => [location.search, self.lanshouPage.checkOptions()]))}`);
    backend.listFile = PDD_JSON_LIST;
    list = await openBackend('/orders/list');
    // 602 to be picked up within 6 hours, 603 overdue.
    const b = await badge(`${BACKEND}/orders/list`, '2');
    const dump = b.text === '2' ? '' : await worker.evaluate(async () => JSON.stringify(await chrome.storage.session.get(null)).slice(0, 3000));
    assert.deepEqual(b, {text: '2', color: RED, title: '揽收助手：本页 4 单中 2 单已超时或6 小时内到期（已超时 1 单）。点开查看'}, dump);
    await waitForRows(panel, PDD_JSON_ORDERS);
    const expected = tableOfCli(PDD_JSON_LIST, PDD_JSON_NOW_ISO);
    assert.deepEqual(expected.map(([sn, status]) => [sn, status]), sorted(PDD_JSON_ORDERS));
    assert.deepEqual(await tableOf(panel), expected);
    assertSameCsv(await panelCsv(panel), cli(PDD_JSON_LIST, PDD_JSON_NOW_ISO, 'csv'));
    const seen = await list.evaluate(() => window.__fixture);
    assert.equal(seen.bodies.list, readFileSync(PDD_JSON_LIST, 'utf8'), 'the page got the file byte for byte');
    await panel.screenshot({path: join(artifacts, 'extension-backoffice-pdd-json.png'), fullPage: true});
  });

  test('formats-json\'s order detail fixture, on its detail page: the panel equal to the CLI', async () => {
    backend.details[PDD_JSON_DETAIL_SN] = PDD_JSON_DETAIL;
    const detail = await context.newPage();
    await detail.goto(`${BACKEND}/orders/detail?type=4399&sn=${PDD_JSON_DETAIL_SN}`);
    // Its trace is not in the fixture (404): the page stops there, the detail was read.
    await detail.waitForFunction(() => window.__fixture && (window.__fixture.done || window.__fixture.errors.length), null, {timeout: 10000});
    await detail.bringToFront();
    await waitForRows(panel, [[PDD_JSON_DETAIL_SN, 'awaiting_shipment']]);
    assert.deepEqual(await tableOf(panel), tableOfCli(PDD_JSON_DETAIL, PDD_JSON_NOW_ISO));
    assertSameCsv(await panelCsv(panel), cli(PDD_JSON_DETAIL, PDD_JSON_NOW_ISO, 'csv'));
    const seen = await detail.evaluate(() => window.__fixture);
    assert.equal(seen.bodies.detail, readFileSync(PDD_JSON_DETAIL, 'utf8'), 'the page got the file byte for byte');
    let b;
    for (let i = 0; i < 50; i++) {
      b = await badge(`${BACKEND}/orders/detail*`, '');
      if (b.title.startsWith('揽收助手：')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual([b.text, b.title], ['', '揽收助手：本页 1 单，没有已超时或6 小时内到期的订单']);
    await detail.close();
  });

  test('no request left for any host the page did not call, and nothing went wrong', async () => {
    await browser.close();  // the net log is complete once the browser has closed
    browser = null;
    const log = netLog(join(tmp, 'netlog.json'));
    const ours = (r) => r.initiator === `chrome-extension://${extensionId}` || r.url.startsWith(`chrome-extension://${extensionId}/`);
    // The extension asked nothing of any server: its requests are its own files.
    assert.deepEqual(log.filter(ours).filter((r) => !r.url.startsWith(`chrome-extension://${extensionId}/`)), []);
    // The backend's pages asked only the backend.
    assert.deepEqual(log.filter((r) => r.initiator === BACKEND && !r.url.startsWith(`${BACKEND}/`)), []);
    // Anything else came from the browser itself, to its own services, and so did every
    // connection the sink saw.
    const others = log.filter((r) => !ours(r) && r.initiator !== BACKEND && !r.url.startsWith(`${BACKEND}/`));
    assert.deepEqual(others.filter((r) => r.initiator !== 'not an origin' || !BROWSER_OWN.includes(new URL(r.url).host)), []);
    assert.deepEqual(sink.connections.filter((host) => !BROWSER_OWN.includes(host)), [], 'a connection to another host');
    const away = requests.filter((u) => !u.startsWith(`chrome-extension://${extensionId}/`) &&
                                        !u.startsWith(`${BACKEND}/`) && !/^(blob|data):/.test(u));
    assert.deepEqual(away, []);
    // The backend was asked only what its own pages ask for (in whatever order they went).
    const page = ['GET /orders/list', 'GET /fixture.css', 'GET /backoffice.js', 'POST /mangkhut/mms/recentOrderList',
                  'POST /mars/app/order/statisticWithType'];
    assert.deepEqual(backend.served.filter((s) => !s.endsWith('/favicon.ico')).map((s) => s.replace(/\?.*/, '')).sort(), [
      ...page, ...page,  // with the extension, and without it for comparison
      'POST /mangkhut/mms/recentOrderList',  // 查询
      ...page,  // formats-json's list, then its detail (whose trace the fixture has not: 404)
      'GET /orders/detail', 'GET /fixture.css', 'GET /backoffice.js', 'POST /mangkhut/mms/orderDetail',
      `GET /express_base/mms/track/${PDD_JSON_DETAIL_SN}`,
      'GET /orders/detail', 'GET /fixture.css', 'GET /backoffice.js', 'POST /mangkhut/mms/orderDetail',
      `GET /express_base/mms/track/${DETAIL_SN}`,
    ].sort());
    assert.deepEqual(problems, []);
  });
});
