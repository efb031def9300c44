// What the extension takes from the merchant backend's own JSON, and nothing more. One plain
// script, used in four places: the page's world (page-hook.js sanitizes there, before anything
// leaves the page), the content script's world (relay.js applies the same allow-list again: the
// page could dispatch anything), the service worker (it turns what was captured into the core's
// input for the badge) and the side panel (the same input, merged with what the merchant pasted).
// scripts/build-extension.mjs puts a copy of it inside page-hook.js and relay.js, in a scope of
// their own (LANSHOU_SCOPE): nothing of it is a global of the page, and Chrome injects a file
// only once per frame however many content script entries name it.
//
// The backend's endpoints and their shapes, with the public sources they come from, are in
// tests/browser/fixtures/backoffice/README.md. Every field kept is listed in ORDER_FIELDS: a field
// that is not listed (receive_name, mobile, address, nickname, buyer_memo, mall_remark, ...) never
// leaves the page, whatever the backend adds to its responses later.
(function (root) {
  'use strict';

  var ORIGIN = 'https://mms.pinduoduo.com';
  var EVENT = 'lanshou:capture';  // CustomEvent from the page's world to relay.js; detail: a JSON string

  // path -> kind. The backend is one origin; anything else is never read.
  var ENDPOINTS = [
    ['list', /^\/mangkhut\/mms\/(recentOrderList|historyOrderList)$/],
    ['detail', /^\/mangkhut\/mms\/orderDetail$/],
    ['trace', /^\/express_base\/mms\/track\//],
    ['counts', /^\/mars\/app\/order\/statisticWithType$/],
  ];

  // Order fields the checker needs (times, status, courier, number, amount), the product's title,
  // which is the merchant's own text, and the receiver's province and city, which the core's rules
  // need (the longer final leg of remote regions, regional penalty suspensions) and which name no
  // one: never the district, street, name or phone. Unix seconds in the backend's JSON, 0 = not yet;
  // amounts in fen.
  var ORDER_FIELDS = {
    order_sn: 'text', order_status: 'int', order_status_str: 'text', pay_status: 'int', shipping_status: 'int',
    group_status: 'int', after_sales_status: 'code or text', refund_status: 'int',
    order_time: 'time', pay_time: 'time', group_time: 'time', confirm_time: 'time',
    promise_shipping_time: 'time', last_ship_time: 'time', shipping_time: 'time', receive_time: 'time',
    tracking_number: 'code', shipping_id: 'int', shipping_name: 'text', order_amount: 'int',
    goods_name: 'text', goods_number: 'int', is_pre_sale: 'int', pre_sale_time: 'time', delivery_one_day: 'int',
    got_timeout_status: 'int', track_update_timeout_status: 'int', send_timeout_status: 'int',
    province_name: 'region', city_name: 'region',
    waybillDTOList: 'waybill',  // 2026 list items: [{shippingName}] (the courier's name; its phone is dropped)
  };
  var COUNT_FIELDS = ['unship', 'unship12h', 'delay', 'unreceive'];
  var MAX_TEXT = 200, MAX_ORDERS = 500, MAX_EVENTS = 200;
  var SN = /^\d{6}-\d{8,20}$/;
  // A province or a city as the backend names it (浙江省, 新疆维吾尔自治区, 乌鲁木齐市, 延边朝鲜族自治州,
  // 阿克苏地区, 锡林郭勒盟, 市辖区): Chinese words with such an ending, nothing else.
  var REGION = /^[\u4e00-\u9fff]{1,18}(省|市|自治区|特别行政区|自治州|州|地区|盟|区)$/;

  // Free text from the backend (a trace line, a status word) can carry a phone number, a
  // signer's name or a pickup code: those are masked, the words the checker reads stay.
  function scrub(s) {
    return s
      .replace(/(签收人|收件人|收货人|代收人)(\s*(?:是|为)?\s*[:：]?\s*)[^\s,，。;；:：()（）【】\[\]]+/g, '$1$2[已隐藏]')
      .replace(/(取件码|提货码|取货码)(\s*[:：]?\s*)[0-9A-Za-z-]+/g, '$1$2[已隐藏]')
      .replace(/(^|[^\d*])1[3-9][\d*]{9}(?![\d*])/g, '$1[电话]')
      .replace(/(^|[^\d*])0\d{2,3}-?\d{7,8}(?!\d)/g, '$1[电话]');
  }

  function clean(type, v) {
    if (v === null || v === undefined) return undefined;
    if (type === 'code or text') return typeof v === 'number' ? clean('int', v) : clean('text', v);
    if (type === 'region') return typeof v === 'string' && REGION.test(v) ? v : undefined;
    if (type === 'waybill') {
      var name = Array.isArray(v) && v[0] && typeof v[0] === 'object' ? clean('text', v[0].shippingName) : undefined;
      return name ? [{shippingName: name}] : undefined;
    }
    if (type === 'int') {
      var n = typeof v === 'string' && /^-?\d{1,15}$/.test(v) ? Number(v) : v;
      return typeof n === 'number' && isFinite(n) && Math.floor(n) === n ? n : undefined;
    }
    if (type === 'time') {
      if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/.test(v)) return v;
      var t = typeof v === 'string' && /^\d{9,13}$/.test(v) ? Number(v) : v;
      if (typeof t !== 'number' || !isFinite(t) || t < 0) return undefined;
      return t > 1e12 ? Math.floor(t / 1000) : Math.floor(t);
    }
    if (typeof v !== 'string' && typeof v !== 'number') return undefined;
    var s = String(v).slice(0, MAX_TEXT);
    if (type === 'code') return /^[0-9A-Za-z-]{4,40}$/.test(s) ? s : undefined;
    return scrub(s);
  }

  function pickOrder(o) {
    if (!o || typeof o !== 'object' || Array.isArray(o)) return null;
    var out = {};
    for (var k in ORDER_FIELDS) {
      if (!Object.prototype.hasOwnProperty.call(ORDER_FIELDS, k)) continue;
      var v = clean(ORDER_FIELDS[k], o[k]);
      if (v !== undefined && v !== '') out[k] = v;
    }
    if (out.order_sn === undefined) {
      var sn = clean('text', o.orderSn);
      if (sn) out.order_sn = sn;
    }
    return out.order_sn && SN.test(out.order_sn) ? out : null;
  }

  function resultOf(json) {
    if (!json || typeof json !== 'object') return null;
    if (json.success === false) return null;
    var r = json.result !== undefined ? json.result : json.data;
    return r && typeof r === 'object' ? r : null;
  }

  // kindOf(url, base): which endpoint a request goes to, or null for anything else.
  function kindOf(url, base) {
    var u;
    try { u = new URL(String(url), base || ORIGIN + '/'); } catch (e) { return null; }
    if (u.origin !== ORIGIN) return null;
    for (var i = 0; i < ENDPOINTS.length; i++) if (ENDPOINTS[i][1].test(u.pathname)) return ENDPOINTS[i][0];
    return null;
  }

  // Where the merchant is: an order detail page names its order (?sn=… or ?type=4399&sn=…).
  function where(href) {
    var u;
    try { u = new URL(String(href)); } catch (e) { return null; }
    if (u.origin !== ORIGIN) return null;
    var sn = u.pathname.replace(/\/+$/, '') === '/orders/detail' ? u.searchParams.get('sn') : null;
    return {path: u.pathname.slice(0, 100), sn: sn && SN.test(sn) ? sn : null};
  }

  // sanitize(kind, body, requestUrl, requestBody, pageHref): body is the response's text or a
  // parsed object (XHR responseType 'json'); requestBody the text the page sent, if any. Returns a
  // record that holds only allow-listed fields, or null.
  function sanitize(kind, body, requestUrl, requestBody, pageHref) {
    var json = body;
    if (typeof body === 'string') {
      try { json = JSON.parse(body); } catch (e) { return null; }
    }
    var r = resultOf(json);
    if (!r) return null;
    var rec = {kind: kind, at: Date.now(), page: where(pageHref)};
    if (kind === 'list') {
      if (!Array.isArray(r.pageItems)) return null;
      rec.orders = [];
      for (var i = 0; i < r.pageItems.length && rec.orders.length < MAX_ORDERS; i++) {
        var o = pickOrder(r.pageItems[i]);
        if (o) rec.orders.push(o);
      }
      var total = clean('int', r.totalItemNum);
      if (total !== undefined) rec.total = total;
      return rec;
    }
    if (kind === 'detail') {
      rec.order = pickOrder(r);
      return rec.order ? rec : null;
    }
    if (kind === 'counts') {
      rec.counts = {};
      COUNT_FIELDS.forEach(function (k) {
        var n = clean('int', r[k]);
        if (n !== undefined) rec.counts[k] = n;
      });
      return Object.keys(rec.counts).length ? rec : null;
    }
    if (kind === 'trace') {
      var list = r.traces || r.traceList || r.trace_list;
      if (!Array.isArray(list)) return null;
      rec.events = [];
      for (var j = 0; j < list.length && rec.events.length < MAX_EVENTS; j++) {
        var ev = list[j];
        if (!ev || typeof ev !== 'object') continue;
        var time = clean('time', ev.time !== undefined ? ev.time : ev.acceptTime !== undefined ? ev.acceptTime : ev.accept_time);
        var info = clean('text', ev.info !== undefined ? ev.info : ev.content !== undefined ? ev.content : ev.desc);
        if (time !== undefined && info) rec.events.push({time: time, info: info});
      }
      // Which order: the GET form names it in the path (/express_base/mms/track/<order_sn>), the
      // POST form in its body; the answer may repeat it and the tracking number.
      var sent = {};
      if (typeof requestBody === 'string') { try { sent = JSON.parse(requestBody) || {}; } catch (e) { sent = {}; } }
      var last = '';
      try { last = decodeURIComponent(new URL(String(requestUrl), ORIGIN + '/').pathname.split('/').pop()); } catch (e) { last = ''; }
      var sn = [r.order_sn, r.orderSn, sent.order_sn, sent.orderSn, last].map(function (x) { return clean('text', x); })
        .filter(function (x) { return x && SN.test(x); })[0];
      var tn = [r.tracking_number, r.trackingNumber, sent.tracking_number, sent.trackingNumber]
        .map(function (x) { return clean('code', x); }).filter(Boolean)[0];
      if (sn) rec.order_sn = sn;
      if (tn) rec.tracking_number = tn;
      return sn || tn ? rec : null;
    }
    return null;
  }

  // The same allow-list over a record that claims to be one (relay.js: the page's world is the
  // page's, so what comes from it is read as if it came from the backend).
  function resanitize(rec, pageHref) {
    if (!rec || typeof rec !== 'object') return null;
    var as = {list: {pageItems: rec.orders, totalItemNum: rec.total}, detail: rec.order, counts: rec.counts,
              trace: {traces: rec.events, order_sn: rec.order_sn, tracking_number: rec.tracking_number}}[rec.kind];
    return as ? sanitize(rec.kind, {result: as}, '', null, pageHref) : null;
  }

  // --- what the service worker and the side panel do with the records ----------------------
  // store: {orders: {sn: {list, detail, trace}}} shared by every tab; tab: {sns, where, counts, at}.
  var MAX_STORED = 2000;

  function absorb(store, tab, rec, now) {
    store.orders = store.orders || {};
    tab.sns = tab.sns || [];
    if (rec.page) tab.where = rec.page;
    tab.at = now;
    var touched = [];
    var put = function (sn, part, value) {
      var entry = store.orders[sn] || (store.orders[sn] = {});
      value.at = now;
      entry[part] = value;
      entry.at = now;
      touched.push(sn);
    };
    if (rec.kind === 'list') {
      // The page now shows this list: its orders are what "this page" means.
      tab.sns = rec.orders.map(function (o) { return o.order_sn; });
      rec.orders.forEach(function (o) { put(o.order_sn, 'list', o); });
    } else if (rec.kind === 'detail') {
      var own = rec.order.order_sn;
      put(own, 'detail', rec.order);
      // On the order's own detail page that order is all the page shows.
      if (rec.page && rec.page.sn === own) tab.sns = [own];
      else if (tab.sns.indexOf(own) < 0) tab.sns.push(own);
    } else if (rec.kind === 'trace') {
      var sn = rec.order_sn;
      if (!sn && rec.tracking_number) {
        for (var k in store.orders) {
          var f = fields(store.orders[k]);
          if (f.tracking_number === rec.tracking_number) { sn = k; break; }
        }
      }
      if (!sn) return [];
      put(sn, 'trace', {tracking_number: rec.tracking_number, events: rec.events});
    } else if (rec.kind === 'counts') {
      tab.counts = rec.counts;
    }
    // Oldest first out when the store is full.
    var sns = Object.keys(store.orders);
    if (sns.length > MAX_STORED) {
      sns.sort(function (a, b) { return store.orders[a].at - store.orders[b].at; });
      sns.slice(0, sns.length - MAX_STORED).forEach(function (s) { delete store.orders[s]; });
    }
    return touched;
  }

  // The list's and the detail's fields of one order, the newer capture winning.
  function fields(entry) {
    var parts = [entry.list, entry.detail].filter(Boolean).sort(function (a, b) { return a.at - b.at; });
    var out = {};
    parts.forEach(function (p) { for (var k in p) if (k !== 'at') out[k] = p[k]; });
    return out;
  }

  function beijing(t) {
    if (typeof t === 'string') return t.replace('T', ' ');
    return new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 19).replace('T', ' ');
  }

  // The core's input for these orders (the side panel's, with what the merchant pasted before it,
  // and the badge's): one JSON document of the backend's own list shape, which the core's PDD JSON
  // reader (core/src/pdd_json.cpp) reads as it reads the answer itself —
  //   {"success":true,"captured_by":"lanshou","result":{"totalItemNum":N,"pageItems":[ one order a line ]}}
  // ("captured_by", which the reader ignores, lets the side panel tell its own input from a paste)
  // with the allow-listed fields of the list and the detail (the newer capture winning), in the
  // order of ORDER_FIELDS — then, per order with a trace, a block the core joins to that order by
  // its number (core/src/join.cpp): "订单编号：…", "运单号：…" when the order has no number of its own,
  // "物流信息" and one "time text" line per event.
  var INPUT_HEAD = '{"success":true,"captured_by":"lanshou",';
  function toInput(store, sns) {
    var items = [], traces = [];
    (sns || []).forEach(function (sn) {
      var entry = store.orders && store.orders[sn];
      if (!entry) return;
      var f = fields(entry), item = {};
      for (var k in ORDER_FIELDS) if (f[k] !== undefined) item[k] = f[k];
      items.push(JSON.stringify(item));
      var trace = entry.trace;
      if (!trace || !trace.events || !trace.events.length) return;
      var lines = ['订单编号：' + sn];
      if (!f.tracking_number && trace.tracking_number) lines.push('运单号：' + trace.tracking_number);
      lines.push('物流信息');
      trace.events.forEach(function (e) { lines.push(beijing(e.time) + ' ' + String(e.info).replace(/\s+/g, ' ')); });
      traces.push(lines.join('\n'));
    });
    if (!items.length) return '';
    var doc = INPUT_HEAD + '"result":{"totalItemNum":' + items.length + ',"pageItems":[\n' + items.join(',\n') + '\n]}}\n';
    return traces.length ? doc + '\n' + traces.join('\n\n') + '\n' : doc;
  }

  // The text before the input toInput made, when a text ends with one (the side panel's workspace
  // keeps the paste and the capture as one batch and gives both back to the paste box).
  function withoutInput(text) {
    var at = String(text).indexOf('\n' + INPUT_HEAD);
    if (String(text).indexOf(INPUT_HEAD) === 0) at = 0;
    return at < 0 ? String(text) : String(text).slice(0, at).replace(/\s*$/, at ? '\n' : '');
  }

  // The backend's own page for an order, opened only when the merchant clicks it.
  function detailUrl(sn) {
    return SN.test(String(sn)) ? ORIGIN + '/orders/detail?type=4399&sn=' + encodeURIComponent(sn) : null;
  }

  root.LanshouCapture = {
    ORIGIN: ORIGIN, EVENT: EVENT, ORDER_FIELDS: ORDER_FIELDS, SN: SN,
    kindOf: kindOf, where: where, sanitize: sanitize, resanitize: resanitize, scrub: scrub,
    absorb: absorb, fields: fields, toInput: toInput, withoutInput: withoutInput, detailUrl: detailUrl, beijing: beijing,
  };
})(typeof LANSHOU_SCOPE !== 'undefined' ? LANSHOU_SCOPE : typeof self !== 'undefined' ? self : this);
