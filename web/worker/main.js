// The worker that runs the core for the page. The page only ever sees the compact shape (typed
// arrays, transferred) plus what it needs to draw the overview at once, and one order's JSON on
// demand; the full result document never crosses to the page. Every loop over all orders
// (counting, indexing the text fields, filtering, sorting) runs here (rows.js), off the page's
// thread; every call into the wasm module is in core.js.
//
// In:  {id, type: 'check', text, options, filter}  options: the options JSON string; filter: the
//                                                  page's {status, courier, finding, q, sort}
//      {id, type: 'view', gen, filter}             the order of the rows for a filter
//      {id, type: 'order', gen, index}             the full order object i of the last check
//      {id, type: 'wording', request, hint}        request: wording request object (text = last input)
//      {id, type: 'csv', options}                  the core's CSV of the last input
//      {id, type: 'rules', options}                every rule value with source and confidence
//      {id, type: 'warm', text, options}           a made-up check while the page waits (then forgotten)
// Out: {ready, version, unpackMs, error?} once (unpackMs: milliseconds to unpack the wasm);
//      {progress, stage, lines?} while working; {id, ...} per request.
import * as core from './core.js';
import {normalize, prepare, view} from './rows.js';

var lastText = '';
var lastOptions = '{}';
var last = null;  // the last check: its arrays, the module's result, the courier codes and counts

function message(err) { return String((err && err.message) || err); }

var started = core.start();
started.then(
  function (engine) { postMessage({ready: true, version: engine.version, unpackMs: engine.unpackMs}); },
  function (err) { postMessage({ready: false, error: message(err)}); });

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

function wording(req, hint) {
  var json = JSON.stringify(req);
  if (lastText.length > 200000 && hint.kind === 'table' && hint.line > 1 && !hint.duplicate && req.order_sn) {
    var header = lineOf(1), row = lineOf(hint.line);
    if (header != null && row != null) {
      var out = core.wording(header + '\n' + row + '\n', json);
      var parsed = null;
      try { parsed = JSON.parse(out); } catch (e) { parsed = null; }
      if (parsed && !parsed.error && parsed.order_sn === req.order_sn) return out;
    }
  }
  return core.wording(lastText, json);
}

function check(id, request) {
  lastText = request.text == null ? '' : String(request.text);
  lastOptions = request.options || '{}';
  lineStarts = null;
  last = null;
  var lines = 1;
  for (var nl = lastText.indexOf('\n'); nl !== -1; nl = lastText.indexOf('\n', nl + 1)) lines++;
  postMessage({progress: true, id: id, stage: 'check', lines: lines});
  var t0 = Date.now();
  var c = core.checkCompact(lastText, lastOptions);
  var t1 = Date.now();
  postMessage({progress: true, id: id, stage: 'compact'});
  var prepared = prepare(c, id, request.filter || {}), out = prepared.out;
  last = prepared.last;
  out.ms = {check: t1 - t0, summary: Date.now() - t1};
  var transfer = [out.status, out.deadline, out.findings, out.fix, out.fixUntil, out.risk, out.line, out.fields,
                  out.offsets, out.view]
    .map(function (a) { return a.buffer; })
    .filter(function (b, i, all) { return all.indexOf(b) === i; });
  postMessage({id: id, compact: out}, transfer);
}

function handle(request) {
  var id = request.id;
  switch (request.type) {
    case 'check':
      check(id, request);
      return;
    case 'view': {
      if (!last || request.gen !== last.gen) { postMessage({id: id, stale: true}); return; }
      var rows = view(last, normalize(last, request.filter || {}));
      postMessage({id: id, gen: last.gen, view: rows}, [rows.buffer]);
      return;
    }
    case 'warm': {
      // A first check runs slower than the ones after it (the engine's code and this worker's are
      // optimized as they run): check a made-up input once while the merchant has not pasted
      // yet, then forget it.
      var tw = Date.now();
      var text = request.text == null ? '' : String(request.text);
      if (!last && lastText === '') {
        prepare(core.checkCompact(text, request.options || '{}'), 0, {});
        core.checkCompact('', '{}');
      }
      postMessage({id: id, ms: Date.now() - tw});
      return;
    }
    case 'order':
      if (!last || request.gen !== last.gen) { postMessage({id: id, stale: true}); return; }
      postMessage({id: id, json: core.orderJson(request.index)});
      return;
    case 'wording':
      postMessage({id: id, json: wording(request.request, request.hint || {})});
      return;
    case 'csv': {
      var opts = {};
      try { opts = JSON.parse(request.options || lastOptions) || {}; } catch (e) { opts = {}; }
      opts.format = 'csv';
      postMessage({id: id, text: core.check(lastText, JSON.stringify(opts))});
      return;
    }
    case 'rules':
      postMessage({id: id, json: core.rules(request.options || '{}')});
      return;
    default:
      postMessage({id: id, error: 'unknown request ' + request.type});
  }
}

self.onmessage = function (event) {
  var request = event.data || {};
  started.then(function () {
    try {
      handle(request);
    } catch (err) {
      postMessage({id: request.id, error: message(err)});
    }
  }, function (err) {
    postMessage({id: request.id, error: message(err)});
  });
};
