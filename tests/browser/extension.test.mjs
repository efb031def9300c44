// The Chrome/Edge extension in Debian's chromium, installed the way a merchant does it: the zip from
// scripts/build-extension.mjs is unpacked and loaded as an unpacked extension. The merchant backend
// is a local fixture page served over https as mms.pinduoduo.com (--host-resolver-rules, a
// certificate made here with openssl, --ignore-certificate-errors).
// The fixture here is a labelled table that no public source shows: it tests the fallback (the page's
// text) and the context menu. The backend as it really works, its own JSON read by the extension, is
// tests/browser/extension-backoffice.test.mjs.
// Run: node --test tests/browser/extension.test.mjs   (after scripts/build.sh; LANSHOU_SITE=DIR
// assembles the extension from another built site than build/site)
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:https';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {inflateRawSync} from 'node:zlib';
import {crc32} from '../../scripts/build-extension.mjs';
import {EXPECTED as SAMPLE, NOW, artifacts, launch, root, rowsOf as rows, site as builtSite, sorted, workerPolicy} from './helpers.mjs';

const site = resolve(process.env.LANSHOU_SITE ?? builtSite);
const BACKEND = 'https://mms.pinduoduo.com';
const MENU_ID = 'lanshou-check-selection';

// tests/browser/fixtures/mms-order-list.html, at NOW.
const BACKEND_ORDERS = [
  ['250311-512000000000701', 'awaiting_shipment'],
  ['250310-512000000000702', 'pickup_unverified'],  // the table has no pickup time
  ['250312-512000000000703', 'awaiting_pickup'],
  ['250308-512000000000704', 'delivered'],
];


// Unpacks a zip as a merchant's unzip tool would, checking each entry's CRC.
function unzip(buf, dir) {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'no end of central directory');
  const names = [];
  let p = buf.readUInt32LE(end + 16);
  for (let i = buf.readUInt16LE(end + 10); i > 0; i--) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'central directory entry');
    const method = buf.readUInt16LE(p + 10), crc = buf.readUInt32LE(p + 16), packed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    assert.ok(!name.startsWith('/') && !name.split('/').includes('..'), `unsafe name ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + packed);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    assert.equal(crc32(data), crc, `CRC of ${name}`);
    mkdirSync(dirname(join(dir, name)), {recursive: true});
    writeFileSync(join(dir, name), data);
    names.push(name);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names.sort();
}

function listFiles(dir, prefix = '') {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]).sort();
}

let tmp, unpacked, installed, server, port, browser, context, worker, extensionId, panel, backend;
const served = [];     // what the fake backend was asked for
const requests = [];   // every request the browser made
const problems = [];   // console errors and page errors in the extension's pages

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'lanshou-extension-'));
  unpacked = join(tmp, 'unpacked');
  installed = join(tmp, 'installed');
  const build = spawnSync(process.execPath, [join(root, 'scripts/build-extension.mjs'), site, unpacked,
                                             join(tmp, 'lanshou-extension.zip')], {encoding: 'utf8'});
  assert.equal(build.status, 0, build.stderr);
  unzip(readFileSync(join(tmp, 'lanshou-extension.zip')), installed);

  const key = join(tmp, 'key.pem'), cert = join(tmp, 'cert.pem');
  const openssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
                                        '-days', '2', '-subj', '/CN=mms.pinduoduo.com',
                                        '-addext', 'subjectAltName=DNS:mms.pinduoduo.com'], {encoding: 'utf8'});
  assert.equal(openssl.status, 0, openssl.stderr);
  const page = readFileSync(join(root, 'tests/browser/fixtures/mms-order-list.html'));
  server = createServer({key: readFileSync(key), cert: readFileSync(cert)}, (req, res) => {
    served.push(`${req.method} ${req.headers.host} ${req.url}`);
    if (req.url === '/orders.html') res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'}).end(page);
    else if (req.url === '/favicon.ico') res.writeHead(204).end();
    else res.writeHead(404).end();
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  port = server.address().port;

  browser = await launch({
    profile: join(tmp, 'profile'),
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [`--disable-extensions-except=${installed}`, `--load-extension=${installed}`,
           `--host-resolver-rules=MAP mms.pinduoduo.com 127.0.0.1:${port}`, '--ignore-certificate-errors'],
    viewport: {width: 1100, height: 800},
  });
  ({context} = browser);
  context.on('request', (r) => requests.push(r.url()));
  worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker', {timeout: 20000});
  extensionId = new URL(worker.url()).host;
});

after(async () => {
  await browser?.close();
  server?.close();
  if (tmp) rmSync(tmp, {recursive: true, force: true});
});

async function openPanel(query = `?now=${NOW}`) {
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.setViewportSize({width: 420, height: 900});  // about a side panel's width
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html${query}`);
  return page;
}

// Waits until the panel shows exactly these rows and its check is over, or fails with what it shows.
async function waitForRows(page, expected) {
  try {
    await page.waitForFunction((want) => {
      const got = [...document.querySelectorAll('#results tr[data-order-sn]')]
        .map((tr) => [tr.getAttribute('data-order-sn'), tr.getAttribute('data-status')])
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return JSON.stringify(got) === JSON.stringify(want) && !document.getElementById('run').disabled &&
             /^检查完成/.test(document.getElementById('state').textContent);
    }, sorted(expected), {timeout: 30000});
  } catch (err) {
    assert.deepEqual(sorted(await rows(page)), sorted(expected), `${await page.textContent('#state')}`);
    throw err;
  }
}

const pending = () => worker.evaluate(async () => (await chrome.storage.session.get('lanshouPending')).lanshouPending);

describe('the extension as a merchant installs it', () => {
  test('the zip holds exactly the unpacked extension, byte for byte', () => {
    const files = listFiles(unpacked);
    assert.deepEqual(listFiles(installed), files);
    for (const f of files) assert.ok(readFileSync(join(installed, f)).equals(readFileSync(join(unpacked, f))), f);
    for (const f of ['manifest.json', 'background.js', 'capture.js', 'page-hook.js', 'relay.js', 'content.js', 'sidepanel.html',
                     'sidepanel-bridge.js', 'sidepanel-feed.js', 'app.js', 'style.css', 'lanshou-worker.js', 'icons/icon-128.png']) {
      assert.ok(files.includes(f), `${f} missing`);
    }
  });

  test('the side panel runs the site\'s own app.js and style.css, not a copy of their sources', () => {
    for (const f of ['app.js', 'style.css']) {
      assert.ok(readFileSync(join(installed, f)).equals(readFileSync(join(site, f))), f);
    }
    const html = readFileSync(join(installed, 'sidepanel.html'), 'utf8');
    assert.match(html, /<html data-worker-url="lanshou-worker\.js"/);
    assert.match(html, /<script src="app\.js"><\/script>\n<script src="capture\.js"><\/script>\n<script src="sidepanel-bridge\.js"><\/script>\n<script src="sidepanel-feed\.js"><\/script>/);
    assert.doesNotMatch(html, /<script>|worker-src blob:/, 'no inline script, no blob: worker under MV3');
  });

  test('chromium loads it: the service worker runs, the side panel and the menu entry are set up', async () => {
    assert.match(worker.url(), /^chrome-extension:\/\/[a-p]{32}\/background\.js$/);
    const state = await worker.evaluate(async (menuId) => {
      const manifest = chrome.runtime.getManifest();
      // update() fails for an id that was never created: this is how to ask whether the entry exists.
      let menu = 'missing';
      for (let i = 0; i < 50 && menu !== 'ok'; i++) {
        menu = await chrome.contextMenus.update(menuId, {title: '用揽收助手检查所选内容'})
          .then(() => 'ok', (e) => e.message);
        if (menu !== 'ok') await new Promise((r) => setTimeout(r, 100));
      }
      return {
        permissions: manifest.permissions, hosts: manifest.host_permissions,
        panel: await chrome.sidePanel.getOptions({}),
        behavior: await chrome.sidePanel.getPanelBehavior(),
        menu,
      };
    }, MENU_ID);
    assert.deepEqual(state.permissions, ['storage', 'contextMenus', 'sidePanel', 'activeTab']);
    assert.deepEqual(state.hosts, ['https://mms.pinduoduo.com/*']);
    assert.equal(state.panel.path, 'sidepanel.html');
    assert.equal(state.behavior.openPanelOnActionClick, true);
    assert.equal(state.menu, 'ok');
  });
});

describe('the side panel page', () => {
  before(async () => { panel = await openPanel(); });

  test('checks the sample export with the site\'s app, the core in a worker file', async () => {
    await panel.waitForFunction(() => !document.getElementById('run').disabled ||
                                      document.getElementById('state').className === 'tone-bad',
                                null, {timeout: 30000});
    assert.equal(await panel.$eval('#run', (b) => b.disabled), false, await panel.textContent('#state'));
    await panel.fill('#paste', readFileSync(join(root, 'tests/fixtures/export-utf8.csv'), 'utf8'));
    await panel.click('#run');
    await waitForRows(panel, SAMPLE);
    await panel.screenshot({path: join(artifacts, 'extension-sidepanel.png'), fullPage: true});
  });

  test('the core runs from lanshou-worker.js under the extension\'s policy: wasm yes, eval no', async () => {
    assert.equal(await panel.evaluate(() => document.documentElement.dataset.workerUrl), 'lanshou-worker.js');
    assert.ok(requests.includes(`chrome-extension://${extensionId}/lanshou-worker.js`), 'the worker file was not loaded');
    assert.ok(!requests.some((u) => u.endsWith('/worker-source.js')), 'worker-source.js is not needed here');
    // A worker inherits the page's policy (the manifest's extension_pages CSP and the page's own).
    const policy = await workerPolicy(panel);
    assert.deepEqual(policy, {evalBlocked: true, wasm: true});
  });
});

describe('on the merchant backend', () => {
  before(async () => {
    backend = await context.newPage();
    await backend.goto(`${BACKEND}/orders.html`);
  });

  test('the button "检查本页订单" sends the page\'s visible text, and the side panel checks its orders', async () => {
    const button = backend.getByRole('button', {name: '检查本页订单'});
    await button.waitFor({timeout: 10000});
    await backend.screenshot({path: join(artifacts, 'extension-backend.png')});
    await button.click();
    let item;
    for (let i = 0; i < 100 && !(item && item.source === 'page'); i++) {
      item = await pending();
      if (!item || item.source !== 'page') await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(item?.source, 'page');
    // The click counts as the user's gesture in the background too: the side panel opened
    // (otherwise the button would say to open it from the toolbar icon).
    await backend.waitForFunction(() => /^已发送/.test(document.querySelector('#lanshou-helper').shadowRoot
      .querySelector('button').textContent), null, {timeout: 5000});
    assert.equal(await backend.locator('#lanshou-helper button').textContent(), '已发送到揽收助手');
    assert.equal(item.title, '订单查询 - 拼多多商家后台');
    assert.equal(item.text, await backend.evaluate(() => document.body.innerText));
    assert.match(item.text, /250311-512000000000701\t待发货/);
    assert.ok(!item.text.includes('999999-999999999999999'), 'hidden text is not sent');
    assert.ok(!item.text.includes('检查本页订单'), 'the button is not part of the page text');
    await waitForRows(panel, BACKEND_ORDERS);
    assert.equal(await panel.textContent('#lanshou-source'), '来自本页订单：订单查询 - 拼多多商家后台');
    await panel.screenshot({path: join(artifacts, 'extension-sidepanel-backend.png')});
  });

  test('the context menu sends the selected rows with their line breaks, checked in a panel opened after', async () => {
    // The header and the first two orders, selected as a merchant drags over them.
    await backend.evaluate(() => {
      const rows = document.querySelectorAll('#orders tr');
      const range = document.createRange();
      range.setStartBefore(rows[0]);
      range.setEndAfter(rows[2]);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    });
    const selectionText = await backend.evaluate(() => getSelection().toString().replace(/\s+/g, ' '));
    const item = await worker.evaluate(async ({url, menuId, selectionText}) => {
      const [tab] = await chrome.tabs.query({url});
      // What chrome.contextMenus.onClicked hands over: selectionText with the line breaks flattened.
      return self.lanshouBackground.onContextMenu({menuItemId: menuId, selectionText, frameId: 0, pageUrl: url}, tab);
    }, {url: `${BACKEND}/orders.html`, menuId: MENU_ID, selectionText});
    assert.equal(item.source, 'selection');
    assert.match(item.text, /^订单号\t订单状态.*\n250311-512000000000701\t待发货.*\n250310-512000000000702\t/s);
    const late = await openPanel();
    await waitForRows(late, BACKEND_ORDERS.slice(0, 2));
    assert.equal(await late.textContent('#lanshou-source'), '来自所选内容：订单查询 - 拼多多商家后台');
    await late.close();
  });

  test('a selection on another site is checked from the menu\'s own text', async () => {
    const item = await worker.evaluate(({menuId}) => self.lanshouBackground.onContextMenu(
      {menuItemId: menuId, selectionText: 'YT7400000000103 SF1400000000104', frameId: 0}, undefined), {menuId: MENU_ID});
    assert.equal(item.text, 'YT7400000000103 SF1400000000104');
    await waitForRows(panel, [['', 'incomplete'], ['', 'incomplete']]);
    assert.match(await panel.textContent('#results'), /YT7400000000103[^]*SF1400000000104/);
    assert.equal(await panel.textContent('#lanshou-source'), '来自所选内容');
  });

  test('other menu entries and messages from other pages are ignored', async () => {
    const result = await worker.evaluate(async () => {
      const before = (await chrome.storage.session.get('lanshouPending')).lanshouPending.id;
      const other = await self.lanshouBackground.onContextMenu({menuItemId: 'other', selectionText: 'x'}, undefined);
      const foreign = await self.lanshouBackground.onPageText({type: 'lanshou:check-page', text: 'x'},
        {id: chrome.runtime.id, tab: {id: 1, title: 'x'}, url: 'https://mms.pinduoduo.com.evil.example/'})
        .then(() => 'accepted', (e) => e.message);
      const after = (await chrome.storage.session.get('lanshouPending')).lanshouPending.id;
      return {other, foreign, unchanged: before === after};
    });
    assert.deepEqual(result, {other: null, foreign: 'not from the backend page', unchanged: true});
  });

  test('nothing left the machine and nothing went wrong', () => {
    const away = requests.filter((u) => !u.startsWith(`chrome-extension://${extensionId}/`) &&
                                        !u.startsWith(`${BACKEND}/`) && !/^(blob|data):/.test(u));
    assert.deepEqual(away, []);
    assert.deepEqual(served.filter((s) => !s.endsWith('/favicon.ico')), ['GET mms.pinduoduo.com /orders.html']);
    assert.deepEqual(problems, []);
  });
});
