// Worker glue, appended after lanshou.js (which defines createLanshou) into the worker source.
// The page only ever sees the compact shape (typed arrays, transferred) and one order's JSON on
// demand; the full result document never crosses to the page.
//
// In:  {id, type: 'check', text, options}   options: the options JSON string
//      {id, type: 'order', index}           the full order object i of the last check
//      {id, type: 'wording', request}       request: wording request object (text = last input)
//      {id, type: 'csv', options}           the core's CSV of the last input
//      {id, type: 'rules', options}         every rule value with source and confidence
// Out: {ready, version, error?} once; {progress, stage} while working; {id, ...} per request.
'use strict';
var STATUS_CODES = ['awaiting_shipment', 'ship_due_soon', 'ship_overdue', 'awaiting_pickup',
  'pickup_due_soon', 'pickup_overdue', 'picked_up', 'picked_up_late', 'delivered', 'returned',
  'exception', 'closed', 'incomplete'];
var FINDING_CODES = ['shipped_late', 'courier_mismatch', 'courier_unknown', 'tracking_invalid',
  'tracking_duplicate', 'order_sn_invalid', 'order_date_mismatch', 'trace_before_payment',
  'trace_stale', 'penalty_suspended'];
var FIX_CODES = ['', 'modify_direct', 'notify_note_extra_package', 'notify_note_only'];

var lanshouReady = createLanshou();
var lastText = '';
var lastOptions = '{}';
var lastOrders = null;  // fallback only: the parsed orders of the last check()

lanshouReady.then(
  function (module) { postMessage({ready: true, version: module.version(), compact: typeof module.checkCompact === 'function'}); },
  function (err) { postMessage({ready: false, error: String((err && err.message) || err)}); });

function epoch(iso) {
  if (typeof iso !== 'string') return NaN;
  var t = Date.parse(iso);
  return isFinite(t) ? t / 1000 : NaN;
}

function flat(value) {
  return value == null ? '' : String(value).replace(/[\t\n\r]/g, ' ');
}

// The compact shape built from a full document (until the module has checkCompact).
function compactFromDocument(json) {
  var doc = JSON.parse(json);
  var orders = Array.isArray(doc.orders) ? doc.orders : [];
  var n = orders.length;
  var c = {
    count: n, status: new Uint8Array(n), deadline: new Float64Array(n), findings: new Uint16Array(n),
    fix: new Uint8Array(n), fixUntil: new Float64Array(n), risk: new Float32Array(n), line: new Uint32Array(n),
    fields: '', head: ''
  };
  var statusIndex = {}, findingIndex = {}, fixIndex = {};
  STATUS_CODES.forEach(function (s, i) { statusIndex[s] = i; });
  FINDING_CODES.forEach(function (s, i) { findingIndex[s] = i; });
  FIX_CODES.forEach(function (s, i) { if (s) fixIndex[s] = i; });
  var fields = new Array(n);
  for (var i = 0; i < n; i++) {
    var o = orders[i] || {};
    c.status[i] = o.status in statusIndex ? statusIndex[o.status] : 12;
    c.deadline[i] = epoch(o.deadline);
    var bits = 0;
    (o.findings || []).forEach(function (f) { if (f && f.code in findingIndex) bits |= 1 << findingIndex[f.code]; });
    c.findings[i] = bits;
    c.fix[i] = o.fix_path && fixIndex[o.fix_path.code] || 0;
    c.fixUntil[i] = epoch(o.fix_path && o.fix_path.until);
    c.risk[i] = typeof o.risk_yuan === 'number' ? o.risk_yuan : 0;
    c.line[i] = o.source && o.source.line || 0;
    var courier = o.courier || {};
    fields[i] = flat(o.order_sn) + '\t' + flat(o.tracking_no) + '\t' + flat(courier.name || courier.declared || courier.code) +
        '\t' + flat(o.product);
  }
  c.fields = n ? fields.join('\n') + '\n' : '';
  lastOrders = orders;
  var head = {};
  Object.keys(doc).forEach(function (k) { if (k !== 'orders') head[k] = doc[k]; });
  c.head = JSON.stringify(head);
  return c;
}

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

function handle(module, request) {
  var id = request.id;
  switch (request.type) {
    case 'check': {
      lastText = request.text == null ? '' : String(request.text);
      lastOptions = request.options || '{}';
      lastOrders = null;
      lineStarts = null;
      postMessage({progress: true, id: id, stage: 'check'});
      var c;
      if (typeof module.checkCompact === 'function') {
        c = module.checkCompact(lastText, lastOptions);
      } else {
        var json = module.check(lastText, lastOptions);
        postMessage({progress: true, id: id, stage: 'compact'});
        c = compactFromDocument(json);
      }
      // Transfer the arrays' buffers; an array that is a view into a larger buffer (wasm memory)
      // is copied first, so that transferring never detaches the module's memory.
      var own = function (a) { return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a : a.slice(); };
      var out = {
        count: c.count, status: own(c.status), deadline: own(c.deadline), findings: own(c.findings), fix: own(c.fix),
        fixUntil: own(c.fixUntil), risk: own(c.risk), line: own(c.line), fields: c.fields, head: c.head
      };
      var transfer = [out.status, out.deadline, out.findings, out.fix, out.fixUntil, out.risk, out.line]
        .map(function (a) { return a.buffer; })
        .filter(function (b, i, all) { return all.indexOf(b) === i; });
      postMessage({id: id, compact: out}, transfer);
      return;
    }
    case 'order': {
      var json2 = typeof module.orderJson === 'function' && !lastOrders
        ? module.orderJson(request.index)
        : JSON.stringify(lastOrders ? lastOrders[request.index] : null);
      postMessage({id: id, json: json2});
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
      postMessage({id: id, json: typeof module.rules === 'function' ? module.rules(request.options || '{}') : null});
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
