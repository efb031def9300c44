// Worker glue, appended after lanshou.js (which defines createLanshou) and LANSHOU_CODES (the
// core's status, finding and fix codes in the order of its compact arrays, written by
// scripts/build-site.mjs) into the worker source. The page only ever sees the compact shape
// (typed arrays, transferred) plus what it needs to draw the overview at once, and one order's
// JSON on demand; the full result document never crosses to the page. Every loop over all orders
// (counting, indexing the text fields, filtering, sorting) runs here, off the page's thread.
//
// In:  {id, type: 'check', text, options, filter}  options: the options JSON string; filter: the
//                                                  page's {status, courier, finding, q, sort}
//      {id, type: 'view', gen, filter}             the order of the rows for a filter
//      {id, type: 'order', gen, index}             the full order object i of the last check
//      {id, type: 'wording', request, hint}        request: wording request object (text = last input)
//      {id, type: 'csv', options}                  the core's CSV of the last input
//      {id, type: 'rules', options}                every rule value with source and confidence
// Out: {ready, version, unpackMs, error?} once (unpackMs: milliseconds to unpack the wasm);
//      {progress, stage, lines?} while working; {id, ...} per request.
'use strict';
var CODES = LANSHOU_CODES;
var S = {};
CODES.status.forEach(function (code, i) { S[code] = i; });
// Most urgent first: overdue, due soon, waiting, late pickups and trouble, incomplete, done.
var RANK_OF = {ship_overdue: 0, pickup_overdue: 0, ship_due_soon: 1, pickup_due_soon: 1, awaiting_shipment: 2,
  awaiting_pickup: 2, picked_up_late: 3, exception: 3, incomplete: 4, picked_up: 5, delivered: 6, returned: 6, closed: 7};
var RANK = CODES.status.map(function (code) { return code in RANK_OF ? RANK_OF[code] : 8; });
var GROUPS = {
  'group:urgent': [S.ship_overdue, S.pickup_overdue, S.ship_due_soon, S.pickup_due_soon],
  'group:overdue': [S.ship_overdue, S.pickup_overdue]
};
// An order with a finding counts as trouble (rank 3) unless its findings are only notes: the
// suspension note and an unusual-but-possible tracking number (info, nothing to change).
var NOTES = (1 << CODES.finding.indexOf('penalty_suspended')) | (1 << CODES.finding.indexOf('tracking_unverified'));

// scripts/build-site.mjs ships the wasm LZMA-compressed (LANSHOU_WASM_LZMA, base64) instead of
// inside lanshou.js: 151 KB where gzip gives 195 KB. lzmaDecode (web/lzma.js, before this file in
// the worker source) unpacks it here; damaged data fails with a message the page shows, no hang.
var unpackMs = null;
function lanshouModule() {
  return new Promise(function (resolve) {
    var t0 = performance.now(), wasm;
    try {
      var raw = atob(LANSHOU_WASM_LZMA), packed = new Uint8Array(raw.length);
      for (var i = 0; i < raw.length; i++) packed[i] = raw.charCodeAt(i);
      wasm = lzmaDecode(packed);
    } catch (err) {
      throw new Error('引擎数据无法解压：' + message(err) + '。请刷新页面，或重新下载离线版');
    }
    unpackMs = Math.round((performance.now() - t0) * 10) / 10;
    resolve(createLanshou({wasmBinary: wasm}));
  });
}
var lanshouReady = lanshouModule();
var lastText = '';
var lastOptions = '{}';
var last = null;  // the last check: its arrays, the module's result, the courier codes and counts

lanshouReady.then(
  function (module) { postMessage({ready: true, version: module.version(), unpackMs: unpackMs}); },
  function (err) { postMessage({ready: false, error: String((err && err.message) || err)}); });

// Wording re-reads the input to find the order. For a big table that is slow, so first try the
// header line + the order's own line; the full text when that does not give the same order (a
// duplicate number needs the other rows, and the header need not be the first line).
var lineStarts = null;
function lineOf(n) {  // 1-based
  if (!lineStarts) {
    lineStarts = [0];
    for (var i = lastText.indexOf('\n'); i !== -1; i = lastText.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  }
  if (n < 1 || n > lineStarts.length) return null;
  var end = n < lineStarts.length ? lineStarts[n] - 1 : lastText.length;
  return lastText.slice(lineStarts[n - 1], end);
}

function wording(module, req, hint) {
  var json = JSON.stringify(req);
  if (lastText.length > 200000 && hint.kind === 'table' && hint.line > 1 && !hint.duplicate && req.order_sn) {
    var header = lineOf(1), row = lineOf(hint.line);
    if (header != null && row != null) {
      var out = module.wording(header + '\n' + row + '\n', json);
      var parsed = null;
      try { parsed = JSON.parse(out); } catch (e) { parsed = null; }
      if (parsed && !parsed.error && parsed.order_sn === req.order_sn) return out;
    }
  }
  return module.wording(lastText, json);
}

function message(err) { return String((err && err.message) || err); }

// --- what the page draws from: counts, the couriers --------------------------------------------
// The module gives each order's courier as a code into the distinct names (courier, couriers) and
// the text fields (order_sn \t tracking_no \t courier \t product, one line per order) as UTF-8
// bytes with each line's offset: the page gets the bytes and decodes only the rows it shows.
function summarize(c, gen) {
  var n = c.count, courier = c.courier, names = c.couriers;
  var perCourier = new Array(names.length).fill(0);
  var byStatus = new Array(CODES.status.length).fill(0), byFinding = new Array(CODES.finding.length).fill(0);
  var withFindings = 0, risk = 0;
  for (var i = 0; i < n; i++) {
    perCourier[courier[i]]++;
    byStatus[c.status[i]]++;
    var f = c.findings[i];
    if (f) {
      withFindings++;
      for (var b = 0; f >> b; b++) if (f & (1 << b)) byFinding[b]++;
    }
    risk += c.risk[i];
  }
  var ids = new Map();
  names.forEach(function (name, id) { if (!ids.has(name)) ids.set(name, id); });
  var counts = {byStatus: byStatus, byFinding: byFinding, withFindings: withFindings, risk: risk};
  last = {gen: gen, count: n, status: c.status, deadline: c.deadline, findings: c.findings, risk: c.risk,
          result: c, courier: courier, ids: ids, counts: counts, lower: null};
  return {counts: counts,
          couriers: names.map(function (name, id) { return [name, perCourier[id], id]; })
            .filter(function (x) { return x[1] > 0; })
            .sort(function (a, b) { return b[1] - a[1] || a[2] - b[2]; })
            .map(function (x) { return [x[0], x[1]]; })};
}

// The overview's numbers at the check's clock: per hour of the next 48, the orders whose ship or
// pickup deadline falls in it; how many are overdue; the QUEUE soonest deadlines still ahead
// (ties in input order).
var QUEUE = 8;
var CLOCK = [S.awaiting_shipment, S.ship_due_soon, S.ship_overdue, S.awaiting_pickup, S.pickup_due_soon, S.pickup_overdue];
var SHIP = [S.awaiting_shipment, S.ship_due_soon, S.ship_overdue];
function overview(c, now) {
  var clock = new Uint8Array(CODES.status.length), ship = new Uint8Array(CODES.status.length);
  CLOCK.forEach(function (s) { clock[s] = 1; });
  SHIP.forEach(function (s) { ship[s] = 1; });
  var shipBins = new Array(48).fill(0), pickBins = new Array(48).fill(0), overdue = 0, total = 0, top = [];
  for (var i = 0; i < c.count; i++) {
    var s = c.status[i];
    if (!clock[s]) continue;
    var d = c.deadline[i], left = d - now;
    if (!(left >= 0)) { if (s === S.ship_overdue || s === S.pickup_overdue) overdue++; continue; }
    if (left < 48 * 3600) {
      if (ship[s]) shipBins[Math.floor(left / 3600)]++; else pickBins[Math.floor(left / 3600)]++;
      total++;
    }
    if (top.length === QUEUE && d >= c.deadline[top[QUEUE - 1]]) continue;
    var at = top.length;
    while (at > 0 && c.deadline[top[at - 1]] > d) at--;
    top.splice(at, 0, i);
    if (top.length > QUEUE) top.pop();
  }
  return {ship: shipBins, pick: pickBins, total: total, overdue: overdue, queue: top};
}

// A filter choice that no longer has any order falls back to "all" (the page's selects only list
// choices that have orders). The page gets the filter back as it was applied.
function normalize(filter, counts) {
  var f = {status: String(filter.status || ''), courier: String(filter.courier || ''), finding: String(filter.finding || ''),
           q: String(filter.q || ''), sort: String(filter.sort || 'urgency')};
  if (f.status && !GROUPS[f.status] && !(S[f.status] >= 0 && counts.byStatus[S[f.status]] > 0)) f.status = '';
  if (f.finding && f.finding !== 'any') {
    var bit = CODES.finding.indexOf(f.finding);
    if (bit < 0 || !counts.byFinding[bit]) f.finding = '';
  }
  if (f.courier && !last.ids.has(f.courier === '\u0000' ? '' : f.courier)) f.courier = '';
  return f;
}

// order_sn and tracking_no of every order, lower-cased, made on the first search.
function searchable() {
  if (!last.lower) {
    var sn = new Array(last.count), tn = new Array(last.count), text = last.result.fields, pos = 0;
    for (var i = 0; i < last.count; i++) {
      var end = text.indexOf('\n', pos);
      if (end < 0) end = text.length;
      var t1 = text.indexOf('\t', pos);
      if (t1 < 0 || t1 > end) t1 = end;
      var t2 = t1 < end ? text.indexOf('\t', t1 + 1) : end;
      if (t2 < 0 || t2 > end) t2 = end;
      sn[i] = text.slice(pos, t1).toLowerCase();
      tn[i] = t1 < end ? text.slice(t1 + 1, t2).toLowerCase() : '';
      pos = end + 1;
    }
    last.lower = {sn: sn, tn: tn};
  }
  return last.lower;
}

function view(f) {
  var n = last.count, status = last.status, findings = last.findings;
  var only = -1, group = null;
  if (GROUPS[f.status]) {
    group = new Uint8Array(CODES.status.length);
    GROUPS[f.status].forEach(function (s) { group[s] = 1; });
  } else if (f.status) {
    only = S[f.status];
  }
  var mask = f.finding === '' ? 0 : f.finding === 'any' ? 0xffff : 1 << CODES.finding.indexOf(f.finding);
  var courier = f.courier === '' ? -1 : last.ids.get(f.courier === '\u0000' ? '' : f.courier);
  if (courier === undefined) courier = -1;
  var q = f.q.trim().toLowerCase(), lower = q ? searchable() : null;
  var out = new Uint32Array(n), m = 0;
  for (var i = 0; i < n; i++) {
    var s = status[i];
    if (only >= 0 ? s !== only : group && !group[s]) continue;
    if (mask && !(findings[i] & mask)) continue;
    if (courier >= 0 && last.courier[i] !== courier) continue;
    if (q && lower.sn[i].indexOf(q) < 0 && lower.tn[i].indexOf(q) < 0) continue;
    out[m++] = i;
  }
  var idx = out.slice(0, m);
  if (f.sort !== 'line') sortRows(idx, f.sort);
  return idx;
}

// Sorts order indices by the sort's key, ties in input order. The key is (rank, deadline) for
// 'urgency' (no deadline after every deadline of the same rank), the deadline for 'deadline' (none
// last), the risk for 'risk' (highest first).
function sortRows(idx, sort) {
  var m = idx.length, deadline = last.deadline, status = last.status, findings = last.findings, risk = last.risk;
  var rank = new Uint8Array(m), d = new Float64Array(m), integral = true, lo = Infinity, hi = -Infinity;
  for (var j = 0; j < m; j++) {
    var o = idx[j], t = deadline[o];
    if (sort === 'urgency') {
      var r = RANK[status[o]];
      rank[j] = (findings[o] & ~NOTES) && r > 3 ? 3 : r;
    }
    if (sort === 'risk') t = -risk[o];
    d[j] = t;
    if (isFinite(t)) {
      if (t < lo) lo = t;
      if (t > hi) hi = t;
      if (t !== Math.floor(t)) integral = false;
    }
  }
  // Whole keys that fit: pack (rank, key, position) into one exact double and sort the doubles
  // natively, many times faster than a comparator. Otherwise (fractions, absurd ranges) compare.
  var span = isFinite(lo) ? hi - lo + 2 : 1;  // span - 1: the slot for "no key"
  if (integral && 9 * span * m < 9007199254740991) {
    var packed = new Float64Array(m);
    for (j = 0; j < m; j++) {
      var k = isFinite(d[j]) ? d[j] - lo : span - 1;
      packed[j] = (rank[j] * span + k) * m + j;
    }
    packed.sort();
    var copy = idx.slice();
    for (j = 0; j < m; j++) idx[j] = copy[packed[j] % m];
    return;
  }
  var key = new Float64Array(m), pos = new Uint32Array(m);
  for (j = 0; j < m; j++) {
    key[j] = rank[j] * 1e14 + (isFinite(d[j]) ? d[j] : 5e13);
    pos[j] = j;
  }
  pos.sort(function (a, b) { return key[a] - key[b] || a - b; });
  var before = idx.slice();
  for (j = 0; j < m; j++) idx[j] = before[pos[j]];
}

// The page's part of a check: the module's arrays (copies of those the worker keeps, for
// filtering), the text fields' bytes and offsets, the counts, the overview and the rows' order.
function prepare(c, gen, filter) {
  var sum = summarize(c, gen);
  var nowMs = Date.parse(JSON.parse(c.head || '{}').now);
  var over = overview(c, isFinite(nowMs) ? nowMs / 1000 : Date.now() / 1000);
  var applied = normalize(filter, sum.counts);
  return {
    gen: gen, count: c.count, status: c.status.slice(), deadline: c.deadline.slice(), findings: c.findings.slice(),
    fix: c.fix, fixUntil: c.fixUntil, risk: c.risk.slice(), line: c.line, head: c.head,
    fields: c.fieldsBytes.slice(), offsets: c.fieldOffsets, counts: sum.counts, couriers: sum.couriers,
    overview: over, filter: applied, view: view(applied)
  };
}

function handle(module, request) {
  var id = request.id;
  switch (request.type) {
    case 'check': {
      lastText = request.text == null ? '' : String(request.text);
      lastOptions = request.options || '{}';
      lineStarts = null;
      last = null;
      var lines = 1;
      for (var nl = lastText.indexOf('\n'); nl !== -1; nl = lastText.indexOf('\n', nl + 1)) lines++;
      postMessage({progress: true, id: id, stage: 'check', lines: lines});
      var t0 = Date.now();
      var c = module.checkCompact(lastText, lastOptions);
      var t1 = Date.now();
      postMessage({progress: true, id: id, stage: 'compact'});
      var out = prepare(c, id, request.filter || {});
      out.ms = {check: t1 - t0, summary: Date.now() - t1};
      var transfer = [out.status, out.deadline, out.findings, out.fix, out.fixUntil, out.risk, out.line, out.fields,
                      out.offsets, out.view]
        .map(function (a) { return a.buffer; })
        .filter(function (b, i, all) { return all.indexOf(b) === i; });
      postMessage({id: id, compact: out}, transfer);
      return;
    }
    case 'view': {
      if (!last || request.gen !== last.gen) { postMessage({id: id, stale: true}); return; }
      var rows2 = view(normalize(request.filter || {}, last.counts));
      postMessage({id: id, gen: last.gen, view: rows2}, [rows2.buffer]);
      return;
    }
    case 'warm': {
      // A first check runs slower than the ones after it (the engine's code and this worker's are
      // optimized as they run): check a made-up input once while the merchant has not pasted
      // yet, then forget it.
      var tw = Date.now();
      var text = request.text == null ? '' : String(request.text);
      if (!last && lastText === '') {
        prepare(module.checkCompact(text, request.options || '{}'), 0, {});
        last = null;
        module.checkCompact('', '{}');
      }
      postMessage({id: id, ms: Date.now() - tw});
      return;
    }
    case 'order': {
      if (!last || request.gen !== last.gen) { postMessage({id: id, stale: true}); return; }
      postMessage({id: id, json: module.orderJson(request.index)});
      return;
    }
    case 'wording':
      postMessage({id: id, json: wording(module, request.request, request.hint || {})});
      return;
    case 'csv': {
      var opts = {};
      try { opts = JSON.parse(request.options || lastOptions) || {}; } catch (e) { opts = {}; }
      opts.format = 'csv';
      postMessage({id: id, text: module.check(lastText, JSON.stringify(opts))});
      return;
    }
    case 'rules':
      postMessage({id: id, json: module.rules(request.options || '{}')});
      return;
    default:
      postMessage({id: id, error: 'unknown request ' + request.type});
  }
}

onmessage = function (event) {
  var request = event.data || {};
  lanshouReady.then(function (module) {
    try {
      handle(module, request);
    } catch (err) {
      postMessage({id: request.id, error: message(err)});
    }
  }, function (err) {
    postMessage({id: request.id, error: message(err)});
  });
};
