// The fixture merchant backend for the extension's browser tests: tests/browser/fixtures/backoffice/
// served over https as mms.pinduoduo.com (a throwaway certificate made with openssl here), and a
// sink that every other host name is mapped to, so that a connection to anywhere else is seen.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {createServer} from 'node:https';
import {createServer as createTcpServer} from 'node:net';
import {join} from 'node:path';
import {root} from './helpers.mjs';

export const FIXTURE = join(root, 'tests/browser/fixtures/backoffice');
export const BACKEND = 'https://mms.pinduoduo.com';
const file = (name) => readFileSync(join(FIXTURE, name));

// The fixture's orders at helpers.mjs NOW (2025-03-12 12:00 Beijing), as the core decides them.
export const LIST = [
  ['250311-512000000000801', 'awaiting_shipment'],
  ['250310-512000000000802', 'ship_due_soon'],
  ['250310-512000000000803', 'ship_overdue'],
  // the list alone has no pickup record: its window passed, unconfirmed (picked_up once its trace is read)
  ['250310-512000000000804', 'pickup_unverified'],
  ['250312-512000000000805', 'awaiting_pickup'],
  ['250308-512000000000806', 'delivered'],
  ['250311-512000000000807', 'closed'],
];

// Every buyer detail in the fixture's JSON: none of them may reach the extension. The receiver's
// province and city are kept (extension/capture.js ORDER_FIELDS says why): REGION lists them.
export const BUYER = (() => {
  const items = JSON.parse(file('recentOrderList.json')).result.pageItems;
  const detail = JSON.parse(file('orderDetail-250310-512000000000804.json')).result;
  const out = new Set();
  for (const o of [...items, detail]) {
    for (const k of ['receive_name', 'receive_mobile', 'mobile', 'shipping_address', 'nickname', 'buyer_memo',
                     'receiver_name', 'receiver_phone', 'receiver_address', 'district_name']) {
      if (o[k]) out.add(o[k]);
    }
    for (const w of o.waybillDTOList || []) out.add(w.shippingPhone);
  }
  // The courier's phone in a trace line, and the bare numbers inside the buyer's memo.
  out.add('13600000000');
  for (const o of items) out.add(o.buyer_memo.match(/1\d{10}/)[0]);
  return [...out];
})();

export const REGION = ['测试省', '测试市'];

// formats-json's fixture of the same answer (tests/fixtures/pdd-json/README.md), which the fixture
// backend serves instead of its own when told to, and its orders at its own clock.
export const PDD_JSON_LIST = join(root, 'tests/fixtures/pdd-json/backoffice-recent-order-list.json');
export const PDD_JSON_DETAIL = join(root, 'tests/fixtures/pdd-json/backoffice-order-detail.json');
export const PDD_JSON_DETAIL_SN = '260905-601000000000605';
export const PDD_JSON_NOW_ISO = '2026-09-06T12:00:00+08:00';
export const PDD_JSON_ORDERS = [
  ['260905-601000000000601', 'awaiting_shipment'],
  ['260904-601000000000602', 'pickup_due_soon'],
  ['260903-601000000000603', 'pickup_unverified'],
  ['260905-601000000000604', 'closed'],
];

// The CLI on a file: its output (json, table or csv) at that clock.
export function cli(path, nowIso, format) {
  const run = spawnSync(join(root, 'build/native/lanshou'), ['check', path, '--now', nowIso, '--format', format],
                        {encoding: 'utf8'});
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  return run.stdout;
}

// The records of a CSV text, each as its exact text (without the line break) and its cells.
export function csvRecords(text) {
  const out = [];
  let start = 0, cells = [], cell = '', quoted = false;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r' || c === undefined) {
      cells.push(cell);
      if (c !== undefined || i > start) out.push({text: text.slice(start, i), cells});
      if (c === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
      cells = [];
      cell = '';
    } else {
      cell += c;
    }
  }
  return out;
}

// The panel's table as the merchant sees it, per order: number, status, deadline (unix seconds),
// courier, tracking number and the findings' codes.
// The table draws only a window of its rows (web/app/panels/table.js): all of them must be in it.
export async function tableOf(page) {
  const [inDom, count] = await page.$eval('#results', (t) => [t.querySelectorAll('tr[data-order-sn]').length,
                                                             Number(t.getAttribute('aria-rowcount')) - 1]);
  assert.equal(inDom, count, 'the table shows only a window of its rows: make the page taller');
  return (await page.$$eval('#results tr[data-order-sn]', (trs) => trs.map((tr) => {
    const td = tr.querySelectorAll('td'), d = tr.querySelector('td.countdown').getAttribute('data-deadline');
    return [tr.getAttribute('data-order-sn') || '', tr.getAttribute('data-status'), d == null ? null : Number(d),
            td[4].textContent === '—' ? '' : td[4].textContent, td[5].textContent === '—' ? '' : td[5].textContent,
            [...tr.querySelectorAll('.badges [data-code]')].map((b) => b.getAttribute('data-code')).sort()];
  }))).sort(byRow);
}

const byRow = (a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);

// The same fields of the CLI's result for a file (the backend's answer itself); the file must give
// no input error unless errors is null.
export function tableOfCli(path, nowIso, {errors = []} = {}) {
  const doc = JSON.parse(cli(path, nowIso, 'json'));
  if (errors) assert.deepEqual(doc.errors, errors);
  return doc.orders.map((o) => [o.order_sn ?? '', o.status, o.deadline ? Date.parse(o.deadline) / 1000 : null,
                                o.courier.name ?? o.courier.declared ?? '', o.tracking_no ?? '',
                                [...new Set(o.findings.filter((f) => !f.possible).map((f) => f.code))].sort()])
    .sort(byRow);
}

// The panel's "导出 CSV", as the text of the file it would save (the download itself is not made).
export function panelCsv(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const create = URL.createObjectURL, click = HTMLAnchorElement.prototype.click;
    URL.createObjectURL = function (blob) {
      URL.createObjectURL = create;
      // Its bytes as they are, the byte order mark included (Blob.text() would drop it).
      blob.arrayBuffer().then((b) => resolve(new TextDecoder('utf-8', {ignoreBOM: true}).decode(b)));
      return create.call(URL, blob);
    };
    HTMLAnchorElement.prototype.click = function () {
      HTMLAnchorElement.prototype.click = click;
      if (!this.download) click.call(this);
    };
    document.getElementById('export-csv').click();
  }));
}

// The panel's CSV and the CLI's CSV, byte for byte but the workspace's two columns at the end
// (处理标记, 处理备注: empty here) and, unless sameLines, the first column
// (行号: the line each order was read from, which the extension's document cannot share with it).
export function assertSameCsv(panel, cliText, {sameLines = false} = {}) {
  const mine = csvRecords(panel), theirs = csvRecords(cliText);
  assert.equal(mine.length, theirs.length, 'as many records');
  assert.deepEqual(mine[0].cells.slice(-2), ['处理标记', '处理备注']);
  const rest = (r) => (sameLines ? r.text : r.text.slice(r.text.indexOf(',') + 1));
  for (let i = 0; i < theirs.length; i++) {
    const m = mine[i], cut = m.cells.length === theirs[i].cells.length + 2 ? m.text.length - m.cells.slice(-2).join(',').length - 1 : m.text.length;
    assert.equal(rest({text: m.text.slice(0, cut)}), rest(theirs[i]), `record ${i}`);
  }
}

export function certificate(dir) {
  const key = join(dir, 'key.pem'), cert = join(dir, 'cert.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
                                     '-days', '2', '-subj', '/CN=mms.pinduoduo.com',
                                     '-addext', 'subjectAltName=DNS:mms.pinduoduo.com'], {encoding: 'utf8'});
  assert.equal(made.status, 0, made.stderr);
  return {key: readFileSync(key), cert: readFileSync(cert)};
}

// served: every request as `METHOD path`; sent: the exact bytes of each JSON answer, by request.
// The order list's answer is recentOrderList.json, or the file at backend.listFile once set; an
// order's detail is orderDetail-<order_sn>.json, or the file at backend.details[order_sn].
export async function startBackend(tls, pages = {}) {
  const served = [], sent = [];
  const backend = {served, sent, listFile: null, details: {}};
  const listAnswer = () => (backend.listFile ? readFileSync(backend.listFile) : file('recentOrderList.json'));
  const json = (res, bytes, what) => {
    sent.push({what, bytes});
    res.writeHead(200, {'Content-Type': 'application/json;charset=UTF-8'}).end(bytes);
  };
  const server = createServer(tls, (req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      served.push(`${req.method} ${req.url}`);
      const url = new URL(req.url, BACKEND);
      const path = url.pathname;
      if (req.method === 'GET' && path === '/orders/list') {
        res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'}).end(file('list.html'));
      } else if (req.method === 'GET' && path === '/orders/detail') {
        res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'}).end(file('detail.html'));
      } else if (req.method === 'GET' && pages[path]) {
        res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'}).end(pages[path]);
      } else if (req.method === 'GET' && (path === '/backoffice.js' || path === '/fixture.css')) {
        res.writeHead(200, {'Content-Type': path.endsWith('.js') ? 'text/javascript' : 'text/css'}).end(file(path.slice(1)));
      } else if (req.method === 'POST' && path === '/mangkhut/mms/recentOrderList') {
        // orderType 1 = 待发货 (the order list's status filter): only the orders not shipped yet.
        const query = JSON.parse(body || '{}');
        if (query.orderType === 1) {
          const all = JSON.parse(listAnswer());
          all.result.pageItems = all.result.pageItems.filter((o) => o.order_status_str === '待发货');
          all.result.totalItemNum = all.result.pageItems.length;
          json(res, Buffer.from(JSON.stringify(all)), 'list-again');
        } else {
          json(res, listAnswer(), 'list');
        }
      } else if (req.method === 'POST' && path === '/mars/app/order/statisticWithType') {
        json(res, file('statisticWithType.json'), 'counts');
      } else if (req.method === 'POST' && path === '/mangkhut/mms/orderDetail') {
        const sn = JSON.parse(body || '{}').order_sn;
        try {
          json(res, backend.details[sn] ? readFileSync(backend.details[sn]) : file(`orderDetail-${sn}.json`), 'detail');
        } catch (e) {
          res.writeHead(404).end();
        }
      } else if (req.method === 'GET' && path.startsWith('/express_base/mms/track/')) {
        const sn = decodeURIComponent(path.split('/').pop());
        try { json(res, file(`track-${sn}.json`), 'trace'); } catch (e) { res.writeHead(404).end(); }
      } else if (path === '/favicon.ico') {
        res.writeHead(204).end();
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return Object.assign(backend, {server, port: server.address().port});
}

// The host name in a TLS ClientHello (its server_name entry: list length, type 0, name length, name).
function serverName(data) {
  for (let i = 2; i + 3 < data.length; i++) {
    if (data[i] !== 0) continue;
    const len = data.readUInt16BE(i + 1);
    if (len < 4 || i + 3 + len > data.length || data.readUInt16BE(i - 2) !== len + 3) continue;
    const name = data.toString('latin1', i + 3, i + 3 + len);
    if (/^[a-z0-9.-]+$/i.test(name) && name.includes('.')) return name;
  }
  return null;
}

// Every other host name leads here: a connection is a request that left for somewhere else.
export async function startSink() {
  const connections = [];
  const server = createTcpServer((socket) => {
    // The first bytes: a TLS hello names its host (SNI), a plain request its Host header.
    socket.once('data', (data) => {
      connections.push(/Host: ([^\r\n]+)/i.exec(data.toString('latin1'))?.[1] ?? serverName(data) ?? `${data.length} bytes`);
      socket.destroy();
    });
    socket.on('error', () => {});
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {server, port: server.address().port, connections};
}

// The requests of a chromium net log (--log-net-log): {method, url, initiator}. initiator is the
// page or extension origin that asked, or 'not an origin' for the browser's own.
export function netLog(path) {
  let text = readFileSync(path, 'utf8').trim();
  let log;
  try {
    log = JSON.parse(text);
  } catch (err) {
    // The browser was not closed: the events array is not closed either.
    log = JSON.parse(text.replace(/,\s*$/, '') + ']}');
  }
  const START = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  return log.events.filter((e) => e.type === START && e.params && e.params.url)
    .map((e) => ({method: e.params.method, url: e.params.url, initiator: e.params.initiator ?? null}));
}

// Chromium's own background services, which it calls with or without the extension (network
// time, the sign-in check, the component and extension updater): the browser's requests, made
// with no page or extension as their initiator.
export const BROWSER_OWN = ['clients2.google.com', 'accounts.google.com', 'update.googleapis.com'];

export const resolverRules = (port, sinkPort) =>
  `--host-resolver-rules=MAP mms.pinduoduo.com:443 127.0.0.1:${port}, MAP * 127.0.0.1:${sinkPort}`;
