// extension/capture.js: what the extension takes from the merchant backend's own JSON (the
// fixtures in tests/browser/fixtures/backoffice, shaped after the public sources in their README),
// that no buyer detail survives it, and that the core decides the document it makes of the orders
// as the CLI decides the backend's answer itself.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {createContext, runInContext, runInNewContext} from 'node:vm';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = (name) => readFileSync(join(root, 'tests/browser/fixtures/backoffice', name), 'utf8');
const source = (name) => readFileSync(join(root, 'extension', name), 'utf8');

function load() {
  const ctx = {URL, Date, JSON, console};
  ctx.self = ctx;
  runInNewContext(source('capture.js'), ctx, {filename: 'extension/capture.js'});
  // Its results as plain values of this realm, for deepEqual.
  const plain = (v) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
  return new Proxy(ctx.LanshouCapture, {
    get: (target, key) => (typeof target[key] === 'function' ? (...args) => plain(target[key](...args)) : target[key]),
  });
}
const C = load();
const LIST_PAGE = 'https://mms.pinduoduo.com/orders/list';
const SN = '250310-512000000000804';
const DETAIL_PAGE = `https://mms.pinduoduo.com/orders/detail?type=4399&sn=${SN}`;
const TRACE_URL = `https://mms.pinduoduo.com/express_base/mms/track/${SN}?source=MMS_TRACK_STATUS`;

// Every buyer detail the fixtures carry. The receiver's province and city are kept (capture.js
// ORDER_FIELDS says why); the district, the street and everything after them are not.
const BUYER = (() => {
  const items = JSON.parse(fixture('recentOrderList.json')).result.pageItems;
  const detail = JSON.parse(fixture(`orderDetail-${SN}.json`)).result;
  const out = new Set(['13600000000']);
  for (const o of [...items, detail]) {
    for (const k of ['receive_name', 'receive_mobile', 'mobile', 'shipping_address', 'nickname', 'buyer_memo',
                     'receiver_name', 'receiver_phone', 'receiver_address', 'district_name']) {
      if (o[k]) out.add(o[k]);
    }
    for (const w of o.waybillDTOList || []) out.add(w.shippingPhone);
  }
  return [...out];
})();
const leaks = (value) => BUYER.filter((s) => JSON.stringify(value).includes(s));

describe('which requests are read', () => {
  test('the order list, order detail, logistics trace and quick-filter counts of the backend, nothing else', () => {
    const base = LIST_PAGE;
    assert.equal(C.kindOf('/mangkhut/mms/recentOrderList', base), 'list');
    assert.equal(C.kindOf('https://mms.pinduoduo.com/mangkhut/mms/historyOrderList', base), 'list');
    assert.equal(C.kindOf('/mangkhut/mms/orderDetail', base), 'detail');
    assert.equal(C.kindOf(`/express_base/mms/track/${SN}?source=MMS_TRACK_STATUS`, base), 'trace');
    assert.equal(C.kindOf('/express_base/mms/track/get', base), 'trace');
    assert.equal(C.kindOf('/mars/app/order/statisticWithType', base), 'counts');
    for (const other of ['/mangkhut/mms/recentOrderListX', '/janus/api/new/userinfo', '/mangkhut/mms/orderDetail/x',
                         'https://evil.example/mangkhut/mms/recentOrderList', 'http://mms.pinduoduo.com/mangkhut/mms/orderDetail',
                         'https://mms.pinduoduo.com.evil.example/mangkhut/mms/orderDetail', 'not a url:', '']) {
      assert.equal(C.kindOf(other, base), null, other);
    }
  });

  test('an order detail page names its order, in either form of its address', () => {
    assert.deepEqual(C.where(DETAIL_PAGE), {path: '/orders/detail', sn: SN});
    assert.deepEqual(C.where(`https://mms.pinduoduo.com/orders/detail?sn=${SN}`), {path: '/orders/detail', sn: SN});
    assert.deepEqual(C.where(LIST_PAGE), {path: '/orders/list', sn: null});
    assert.deepEqual(C.where('https://mms.pinduoduo.com/orders/detail?sn=<script>'), {path: '/orders/detail', sn: null});
    assert.equal(C.where('https://example.com/orders/detail?sn=' + SN), null);
  });

  test('the link to an order is the backend\'s detail page, for a well-formed order number only', () => {
    assert.equal(C.detailUrl(SN), `https://mms.pinduoduo.com/orders/detail?type=4399&sn=${SN}`);
    assert.equal(C.detailUrl('javascript:alert(1)'), null);
    assert.equal(C.detailUrl('YT7400000000805'), null);
  });
});

describe('what is kept of the backend\'s JSON', () => {
  const list = C.sanitize('list', fixture('recentOrderList.json'), '/mangkhut/mms/recentOrderList', null, LIST_PAGE);

  test('the order list: every order, with only the allow-listed fields', () => {
    assert.equal(list.kind, 'list');
    assert.equal(list.total, 7);
    assert.deepEqual(list.page, {path: '/orders/list', sn: null});
    assert.equal(list.orders.length, 7);
    for (const o of list.orders) {
      for (const k of Object.keys(o)) assert.ok(k in C.ORDER_FIELDS, k);
    }
    const o = list.orders[3];
    assert.deepEqual({sn: o.order_sn, status: o.order_status_str, shipped: o.shipping_time, promise: o.promise_shipping_time,
                      tn: o.tracking_number, id: o.shipping_id, waybill: o.waybillDTOList, fen: o.order_amount,
                      region: [o.province_name, o.city_name]},
                     {sn: SN, status: '已发货，待收货', shipped: 1741599012, promise: 1741741365, tn: '75124400000804',
                      id: 115, waybill: [{shippingName: '中通快递'}], fen: 2990, region: ['测试省', '测试市']});
    assert.equal(list.orders[0].tracking_number, undefined, 'null is left out');
    assert.equal(list.orders[0].waybillDTOList, undefined, 'an empty waybill list is left out');
  });

  test('the receiver\'s province and city are kept only when they look like a province and a city', () => {
    const one = (o) => C.sanitize('list', {result: {pageItems: [{order_sn: SN, ...o}]}}, '', null, LIST_PAGE).orders[0];
    assert.deepEqual(one({province_name: '新疆维吾尔自治区', city_name: '乌鲁木齐市', district_name: '天山区'}),
                     {order_sn: SN, province_name: '新疆维吾尔自治区', city_name: '乌鲁木齐市'});
    assert.deepEqual(one({province_name: '吉林省', city_name: '延边朝鲜族自治州'}),
                     {order_sn: SN, province_name: '吉林省', city_name: '延边朝鲜族自治州'});
    for (const bad of ['测试路 0801 号', '张三', '浙江省杭州市西湖区文三路 1 号', '13912345678', '****', '', 'Zhejiang']) {
      assert.deepEqual(one({province_name: bad, city_name: bad}), {order_sn: SN}, bad);
    }
    assert.deepEqual(one({waybillDTOList: [{shippingName: '中通快递', shippingPhone: '95311'}, {shippingName: '圆通速递'}]}),
                     {order_sn: SN, waybillDTOList: [{shippingName: '中通快递'}]});
  });

  test('no buyer name, phone, address, nickname or memo survives, in any of the four answers', () => {
    const detail = C.sanitize('detail', fixture(`orderDetail-${SN}.json`), '/mangkhut/mms/orderDetail', null, DETAIL_PAGE);
    const trace = C.sanitize('trace', fixture(`track-${SN}.json`), TRACE_URL, null, DETAIL_PAGE);
    const counts = C.sanitize('counts', fixture('statisticWithType.json'), '/mars/app/order/statisticWithType', null, LIST_PAGE);
    assert.ok(BUYER.length >= 40, `${BUYER.length} buyer details in the fixtures`);
    for (const rec of [list, detail, trace, counts]) assert.deepEqual(leaks(rec), [], rec.kind);
    // ... while the input had them all
    assert.equal(leaks(fixture('recentOrderList.json') + fixture(`orderDetail-${SN}.json`) + fixture(`track-${SN}.json`)).length,
                 BUYER.length);
  });

  test('the order detail: the same fields, with the courier\'s name in shipping_name', () => {
    const detail = C.sanitize('detail', fixture(`orderDetail-${SN}.json`), '/mangkhut/mms/orderDetail', null, DETAIL_PAGE);
    assert.equal(detail.order.order_sn, SN);
    assert.equal(detail.order.shipping_name, '中通快递');
    assert.deepEqual(detail.page, {path: '/orders/detail', sn: SN});
    for (const k of Object.keys(detail.order)) assert.ok(k in C.ORDER_FIELDS, k);
  });

  test('the trace: time and text of each event, the order from the GET path or the POST body, phones masked', () => {
    const trace = C.sanitize('trace', fixture(`track-${SN}.json`), TRACE_URL, null, DETAIL_PAGE);
    assert.equal(trace.order_sn, SN);
    assert.equal(trace.events.length, 4);
    assert.deepEqual(trace.events[2], {time: '2025-03-11 08:30:02', info: '【金华市】 【义乌稠城】 的 王师傅（[电话]） 已揽收'});
    const posted = C.sanitize('trace', {success: true, result: {traceList: [{time: 1741653002, content: '已揽收'}]}},
                              '/express_base/mms/track/get', JSON.stringify({order_sn: SN}), DETAIL_PAGE);
    assert.deepEqual([posted.order_sn, posted.events], [SN, [{time: 1741653002, info: '已揽收'}]]);
    const byNumber = C.sanitize('trace', {success: true, result: {tracking_number: '75124400000804', traces: []}},
                                '/express_base/mms/track/get', null, DETAIL_PAGE);
    assert.deepEqual([byNumber.order_sn, byNumber.tracking_number], [undefined, '75124400000804']);
  });

  test('the quick-filter counts: four numbers', () => {
    const counts = C.sanitize('counts', fixture('statisticWithType.json'), '/mars/app/order/statisticWithType', null, LIST_PAGE);
    assert.deepEqual(counts.counts, {unship: 3, unship12h: 2, delay: 1, unreceive: 2});
  });

  test('a failed answer, a non-JSON answer or a shape it does not know gives nothing', () => {
    assert.equal(C.sanitize('list', '{"success":false,"errorCode":54001,"errorMsg":"操作太过频繁"}', '', null, LIST_PAGE), null);
    assert.equal(C.sanitize('list', '<html>登录</html>', '', null, LIST_PAGE), null);
    assert.equal(C.sanitize('list', '{"result":{"items":[]}}', '', null, LIST_PAGE), null);
    assert.equal(C.sanitize('detail', '{"result":{"receive_name":"x"}}', '', null, LIST_PAGE), null);
    assert.equal(C.sanitize('list', '{"result":{"pageItems":[{"order_sn":"not a number"}]}}', '', null, LIST_PAGE).orders.length, 0);
  });

  test('free text keeps the words the checker reads and masks phones, signers and pickup codes', () => {
    assert.equal(C.scrub('已签收，签收人：张三，感谢使用'), '已签收，签收人：[已隐藏]，感谢使用');
    assert.equal(C.scrub('已签收 签收人是本人'), '已签收 签收人是[已隐藏]');
    assert.equal(C.scrub('快件已放入丰巢柜，取件码 123456，联系电话13912345678'), '快件已放入丰巢柜，取件码 [已隐藏]，联系电话[电话]');
    assert.equal(C.scrub('派件员 李四 138****0801 正在派件'), '派件员 李四 [电话] 正在派件');
    assert.equal(C.scrub('网点电话 0579-85123456'), '网点电话 [电话]');
    assert.equal(C.scrub('运单 75124400000804 已揽收'), '运单 75124400000804 已揽收');
  });

  test('a record handed over from the page is checked again against the same allow-list', () => {
    const crafted = {kind: 'list', orders: [{order_sn: SN, receive_name: '测试买家', mobile: '13912345678',
      order_status_str: '待发货 13912345678', nested: {address: '测试路'}}], total: 1};
    const again = C.resanitize(JSON.parse(JSON.stringify(crafted)), LIST_PAGE);
    assert.deepEqual(again.orders, [{order_sn: SN, order_status_str: '待发货 [电话]'}]);
    assert.equal(C.resanitize({kind: 'cookies', value: 'x'}, LIST_PAGE), null);
    assert.equal(C.resanitize(null, LIST_PAGE), null);
    assert.deepEqual(C.resanitize(list, LIST_PAGE).orders, list.orders);
  });
});

describe('formats-json\'s fixtures of the same JSON (tests/fixtures/pdd-json), once merged', () => {
  const dir = join(root, 'tests/fixtures/pdd-json');
  const file = (name) => join(dir, name);

  test('the order list: every order kept, no buyer field', {skip: !existsSync(file('backoffice-recent-order-list.json'))}, () => {
    const text = readFileSync(file('backoffice-recent-order-list.json'), 'utf8');
    const items = JSON.parse(text).result.pageItems;
    const rec = C.sanitize('list', text, '/mangkhut/mms/recentOrderList', null, LIST_PAGE);
    assert.deepEqual(rec.orders.map((o) => o.order_sn), items.map((o) => o.order_sn));
    for (const o of rec.orders) for (const k of Object.keys(o)) assert.ok(k in C.ORDER_FIELDS, k);
    const buyer = items.flatMap((o) => ['receive_name', 'receive_mobile', 'mobile', 'shipping_address', 'nickname']
      .map((k) => o[k]).filter((v) => typeof v === 'string' && v));
    assert.deepEqual(buyer.filter((v) => JSON.stringify(rec).includes(v)), []);
  });

  test('the order detail: its order kept', {skip: !existsSync(file('backoffice-order-detail.json'))}, () => {
    const text = readFileSync(file('backoffice-order-detail.json'), 'utf8');
    const rec = C.sanitize('detail', text, '/mangkhut/mms/orderDetail', null, LIST_PAGE);
    assert.equal(rec.order.order_sn, JSON.parse(text).result.order_sn);
  });

  test('an error answer gives nothing', {skip: !existsSync(file('backoffice-error.json'))}, () => {
    assert.equal(C.sanitize('list', readFileSync(file('backoffice-error.json'), 'utf8'), '', null, LIST_PAGE), null);
  });
});

describe('what the core is given', () => {
  const NOW = '2025-03-12 12:00:00';
  const CLI = join(root, 'build/native/lanshou');
  const noCli = !existsSync(CLI);
  const cli = (text, now = NOW, format = 'json') => {
    const run = spawnSync(CLI, ['check', '-', '--now', now, '--format', format], {input: text});
    assert.ok(run.status === 0 || run.status === 1, run.stderr.toString());
    return run.stdout.toString('utf8');
  };
  function check(text, now = NOW) {
    const doc = JSON.parse(cli(text, now));
    assert.deepEqual(doc.errors, []);
    return doc.orders.map((o) => [o.order_sn, o.status]);
  }
  // The result document without the line each order was read from: the one thing that differs
  // between the backend's answer and the extension's document of it.
  const unlined = (json) => json.replace(/"source":\{"line":\d+,/g, '"source":{');
  const captured = (kind, text, page = LIST_PAGE) => {
    const store = {}, tab = {};
    C.absorb(store, tab, C.sanitize(kind, text, '', null, page), 1);
    return {store, tab, input: C.toInput(store, tab.sns)};
  };

  test('one document of the backend\'s list shape, one order a line, only allow-listed fields', () => {
    const {input} = captured('list', fixture('recentOrderList.json'));
    const lines = input.split('\n');
    assert.equal(lines[0], '{"success":true,"captured_by":"lanshou","result":{"totalItemNum":7,"pageItems":[');
    assert.equal(lines[8], ']}}');
    assert.equal(lines.length, 10, 'no trace captured: nothing after the document');
    const doc = JSON.parse(input);
    assert.equal(doc.result.pageItems.length, 7);
    for (const o of doc.result.pageItems) for (const k of Object.keys(o)) assert.ok(k in C.ORDER_FIELDS, k);
    assert.deepEqual(leaks(input), []);
    assert.equal(C.toInput({orders: {}}, [SN]), '', 'nothing captured, nothing given');
  });

  test('the side panel tells its own input from the paste before it (the workspace gives both back)', () => {
    const {input} = captured('list', fixture('recentOrderList.json'));
    assert.equal(C.withoutInput('订单号：1\n\n' + input), '订单号：1\n');
    assert.equal(C.withoutInput(input), '');
    assert.equal(C.withoutInput(fixture('recentOrderList.json')), fixture('recentOrderList.json'), 'the backend\'s answer pasted is a paste');
    assert.equal(C.withoutInput('运单号 YT1\n'), '运单号 YT1\n');
  });

  // The extension's document of each backend answer is decided exactly as the answer itself: the
  // CLI's result document for the two is the same byte for byte, but for each order's source line.
  const SAME = [
    ['the fixture backend\'s order list', 'list', () => fixture('recentOrderList.json'), NOW, 7],
    ['the fixture backend\'s order detail', 'detail', () => fixture(`orderDetail-${SN}.json`), NOW, 1],
    ['formats-json\'s order list', 'list', () => readFileSync(join(root, 'tests/fixtures/pdd-json/backoffice-recent-order-list.json'), 'utf8'),
     '2026-09-06 12:00:00', 4],
    ['formats-json\'s order detail', 'detail', () => readFileSync(join(root, 'tests/fixtures/pdd-json/backoffice-order-detail.json'), 'utf8'),
     '2026-09-06 12:00:00', 1],
  ];
  for (const [what, kind, text, now, n] of SAME) {
    test(`${what}: the same result as the CLI gives for the answer, byte for byte but the source lines`, {skip: noCli}, () => {
      const raw = text();
      const {input} = captured(kind, raw, kind === 'detail' ? DETAIL_PAGE : LIST_PAGE);
      assert.equal(check(input, now).length, n);
      for (const format of ['json', 'table']) {
        const a = cli(raw, now, format), b = cli(input, now, format);
        if (format === 'json') assert.equal(unlined(b), unlined(a));
        else assert.equal(b.replace(/^ *(?:行|\d+) +/gm, ''), a.replace(/^ *(?:行|\d+) +/gm, ''), format);  // its line column
      }
    });
  }

  test('the page\'s orders as the panel shows them, and the trace read on a detail page joined to its order', {skip: noCli}, () => {
    const {store, tab, input} = captured('list', fixture('recentOrderList.json'));
    assert.deepEqual(check(input), [
      ['250311-512000000000801', 'awaiting_shipment'],
      ['250310-512000000000802', 'ship_due_soon'],
      ['250310-512000000000803', 'ship_overdue'],
      [SN, 'pickup_unverified'],
      ['250312-512000000000805', 'awaiting_pickup'],
      ['250308-512000000000806', 'delivered'],
      ['250311-512000000000807', 'closed'],
    ]);
    // The detail page of 804 and its trace: picked up 15 hours after the upload.
    const here = {};
    C.absorb(store, here, C.sanitize('detail', fixture(`orderDetail-${SN}.json`), '', null, DETAIL_PAGE), 2);
    C.absorb(store, here, C.sanitize('trace', fixture(`track-${SN}.json`), TRACE_URL, null, DETAIL_PAGE), 3);
    assert.deepEqual([...here.sns], [SN]);
    assert.deepEqual({...here.where}, {path: '/orders/detail', sn: SN});
    const detail = C.toInput(store, here.sns);
    assert.match(detail, /\n\]\}\}\n\n订单编号：250310-512000000000804\n物流信息\n2025-03-12 07:40:10 【杭州市】 快件已到达 【杭州转运中心】\n/);
    assert.deepEqual(check(detail), [[SN, 'picked_up']]);
    const doc = JSON.parse(cli(detail));
    assert.equal(doc.orders[0].times.picked_up, '2025-03-11T08:30:02+08:00');
    assert.equal(doc.orders[0].source.kind, 'json', 'one order: the list\'s, with the trace joined');
    // The list's page shows the trace's news too.
    assert.deepEqual(check(C.toInput(store, tab.sns))[3], [SN, 'picked_up']);
  });

  test('a trace that names only its tracking number joins the order with that number', {skip: noCli}, () => {
    const store = {}, tab = {};
    C.absorb(store, tab, C.sanitize('list', fixture('recentOrderList.json'), '', null, LIST_PAGE), 1);
    const touched = C.absorb(store, tab, {kind: 'trace', tracking_number: '75124400000804',
                                          events: [{time: '2025-03-11 08:30:02', info: '已揽收'}]}, 2);
    assert.deepEqual(touched, [SN]);
    assert.equal(store.orders[SN].trace.events.length, 1);
    assert.deepEqual(tab.sns.length, 7, 'a trace does not change what the page shows');
    assert.deepEqual(check(C.toInput(store, tab.sns))[3], [SN, 'picked_up']);
    // An order whose number only its trace knows: the block names it.
    const alone = {orders: {[SN]: {list: {order_sn: SN, order_status_str: '已发货，待收货', shipping_time: 1741599012, at: 1},
                                   trace: {tracking_number: '75124400000804', events: [{time: 1741653002, info: '已揽收'}], at: 2}}}};
    assert.match(C.toInput(alone, [SN]), /\n订单编号：250310-512000000000804\n运单号：75124400000804\n物流信息\n2025-03-11 08:30:02 已揽收\n$/);
    const doc = JSON.parse(cli(C.toInput(alone, [SN])));
    assert.deepEqual([doc.orders.length, doc.orders[0].tracking_no, doc.orders[0].status], [1, '75124400000804', 'picked_up']);
  });

  test('an order both pasted and captured is one order (the core\'s join), the paste\'s trace included', {skip: noCli}, () => {
    const {input} = captured('list', fixture('recentOrderList.json'));
    const pasted = '订单号,快递公司,快递单号\n250310-512000000000804,中通快递,75124400000804\n\n' +
                   '75124400000804\n2025-03-11 08:30:02 【金华市】快件已被【义乌稠城】揽收\n';
    const both = check(pasted.replace(/\s*$/, '') + '\n\n' + input);
    assert.equal(both.length, 7);
    assert.deepEqual(both.find(([sn]) => sn === SN), [SN, 'picked_up']);
    const doc = JSON.parse(cli(pasted + '\n' + input));
    assert.deepEqual(doc.orders.find((o) => o.order_sn === SN).findings.map((f) => f.code)
      .filter((c) => c === 'facts_conflict'), [], 'the same facts twice are no conflict');
  });

  test('the after-sales status goes to the core as the backend wrote it, a number or words', () => {
    const store = {}, tab = {};
    C.absorb(store, tab, {kind: 'list', orders: [
      {order_sn: '250311-512000000000901', after_sales_status: 5}, {order_sn: '250311-512000000000903', after_sales_status: '无售后'}]}, 1);
    const items = JSON.parse(C.toInput(store, tab.sns)).result.pageItems;
    assert.deepEqual(items.map((o) => o.after_sales_status), [5, '无售后']);
  });
});

describe('extension/page-hook.js', () => {
  // A page's world in a box: the browser's fetch and XMLHttpRequest as spies.
  function page() {
    const events = [];
    const calls = [];
    const response = {ok: true, url: 'https://mms.pinduoduo.com/mangkhut/mms/recentOrderList',
                      clone() { calls.push('clone'); return {text: () => Promise.resolve(fixture('recentOrderList.json'))}; }};
    const browserFetch = function (input, init) {
      calls.push(['fetch', input, init && init.method]);
      browserFetch.returned = Promise.resolve(response);
      return browserFetch.returned;
    };
    class XHR {
      open(method, url) { calls.push(['open', method, url]); }
      send(body) { calls.push(['send', body]); }
      addEventListener(type) { calls.push(['listen', type]); }
    }
    const win = {
      fetch: browserFetch, XMLHttpRequest: XHR, URL, JSON, Date, console,
      setTimeout: (fn) => { Promise.resolve().then(fn); return 1; },
      CustomEvent: class { constructor(type, init) { this.type = type; this.detail = init.detail; } },
      location: {href: LIST_PAGE},
      document: {dispatchEvent(e) { events.push(e); return true; }},
    };
    win.EventTarget = {prototype: {dispatchEvent(e) { return this.dispatchEvent(e); }}};
    win.self = win;
    win.window = win;
    createContext(win);
    runInContext(`(function () { var LANSHOU_SCOPE = {};\n${source('capture.js')}\n${source('page-hook.js')}\n})();`,
                 win, {filename: 'page-hook (built)'});
    return {win, browserFetch, calls, events};
  }

  test('fetch: the page gets the very promise the browser returned, the request as the page made it', async () => {
    const {win, browserFetch, calls, events} = page();
    const init = {method: 'POST', body: '{"orderType":0}'};
    const returned = win.fetch('/mangkhut/mms/recentOrderList', init);
    assert.equal(returned, browserFetch.returned, 'the same promise object');
    assert.deepEqual(calls, [['fetch', '/mangkhut/mms/recentOrderList', 'POST']], 'one request, the page\'s own');
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(calls.includes('clone'), 'a clone is read, not the page\'s response');
    assert.equal(events.length, 1);
    const rec = JSON.parse(events[0].detail);
    assert.equal(rec.orders.length, 7);
    assert.deepEqual(leaks(rec), []);
  });

  test('fetch of anything else is passed through untouched, and nothing is read', async () => {
    const {win, calls, events} = page();
    await win.fetch('/janus/api/new/userinfo');
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(calls, [['fetch', '/janus/api/new/userinfo', undefined]]);
    assert.equal(events.length, 0);
  });

  test('XMLHttpRequest: open and send pass through; one loadend listener for the endpoints only', () => {
    const {win, calls} = page();
    const a = new win.XMLHttpRequest();
    a.open('POST', '/mangkhut/mms/orderDetail');
    a.send('{"order_sn":"x"}');
    const b = new win.XMLHttpRequest();
    b.open('GET', '/janus/api/new/userinfo');
    b.send(null);
    assert.deepEqual(calls, [['open', 'POST', '/mangkhut/mms/orderDetail'], ['listen', 'loadend'], ['send', '{"order_sn":"x"}'],
                             ['open', 'GET', '/janus/api/new/userinfo'], ['send', null]]);
    assert.equal(win.LanshouCapture, undefined, 'no global left in the page');
  });
});
