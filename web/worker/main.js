// The worker that runs the core for the page. The page only ever sees the compact shape (typed
// arrays, transferred) plus what it needs to draw the overview at once, and one order's JSON on
// demand; the full result document never crosses to the page. Every loop over all orders
// (counting, indexing the text fields, filtering, sorting) runs here (rows.js), off the page's
// thread; every call into the wasm module is in core.js; the workspace (IndexedDB) in workspace.js.
//
// In:  {id, type: 'restore', options, filter}     opens the workspace and checks it (if it has batches)
//      {id, type: 'add', text, replace, shop, source, name, options, filter}
//                                                  a batch into the workspace (replace: instead of the
//                                                  others), then the workspace checked
//      {id, type: 'recheck', options, filter, visit, reason}   the shown input checked again
//      {id, type: 'check', text, options, filter}  a check outside the workspace (a sample)
//      {id, type: 'view', gen, filter}             the order of the rows for a filter
//      {id, type: 'order', gen, index}             the full order object i of the last check, its
//                                                  marks and history
//      {id, type: 'mark', gen, index, set, clear, note}   an order's handled marks and note
//      {id, type: 'wording', request}              request: wording request object, for an order of the last check
//      {id, type: 'csv'}                           the core's CSV of the last check, with the marks
//      {id, type: 'rules', options}                every rule value with source and confidence
//      {id, type: 'clear', all}                    the workspace emptied (all: what was kept aside too)
//      {id, type: 'backup'} / {id, type: 'aside'}  the workspace / what was kept aside, as JSON text
//      {id, type: 'import', text, options, filter} a backup file's workspace instead of this one
//      {id, type: 'warm', text, options}           a made-up check while the page waits (then forgotten)
//      options: the options JSON string; filter: the page's {status, courier, finding, q, sort, handled,
//      shop, change}
// Out: {ready, version, unpackMs, error?} once (unpackMs: milliseconds to unpack the wasm);
//      {progress, stage, lines?} while working; {id, ...} per request; {external} when another tab
//      changed the workspace; {workspace, gen} when the marks changed.
import * as core from './core.js';
import {marksCsv} from './csv.js';
import {normalize, prepare, view} from './rows.js';
import * as ws from './workspace.js';

var lastText = '';
var last = null;  // the last check: its arrays, the module's result, the courier codes and counts
var shown = 'none';  // what the last check was of: 'workspace' or 'transient'

function message(err) { return String((err && err.message) || err); }

var started = core.start();
started.then(
  function (engine) { postMessage({ready: true, version: engine.version, unpackMs: engine.unpackMs}); },
  function (err) { postMessage({ready: false, error: message(err)}); });

// The words for an order of the last check: the session's own decisions, no second reading.
function wording(req) {
  return core.sessionWording(JSON.stringify(req));
}

function transferOf(out) {
  var arrays = [out.status, out.deadline, out.findings, out.fix, out.fixUntil, out.risk, out.line, out.fields, out.offsets, out.view];
  if (out.workspace) arrays.push(out.workspace.handled, out.workspace.change, out.workspace.shopOf);
  return arrays.map(function (a) { return a.buffer; }).filter(function (b, i, all) { return all.indexOf(b) === i; });
}

// The page's copy of the workspace's per-order arrays (the worker keeps its own for filtering).
function forPage(info) {
  var copy = {};
  Object.keys(info).forEach(function (k) { if (k !== 'save') copy[k] = info[k]; });
  copy.handled = info.handled.slice();
  copy.change = info.change.slice();
  copy.shopOf = info.shopOf.slice();
  return copy;
}

// Checks text and posts the compact result. how: null outside the workspace, else afterCheck's.
// Resolves when the workspace's part is saved.
function check(id, text, options, filter, how, ms, extra) {
  lastText = text;
  last = null;
  var lines = 1;
  for (var nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) lines++;
  postMessage({progress: true, id: id, stage: 'check', lines: lines});
  var t0 = performance.now();
  var c = core.checkCompact(text, options);
  if (how) ws.readSingle(c, kindOfFirst(c));
  var t1 = performance.now();
  postMessage({progress: true, id: id, stage: 'compact'});
  // The workspace's part: for a small result all of it before the result is shown; for a big
  // one, what changed is worked out after (a moment later, in a message of its own).
  var after = how ? ws.afterCheck(c, c.line, how) : null;
  var info = after && (c.count <= WHOLE ? after.finish() : after.info);
  var prepared = prepare(c, id, filter || {}, info), out = prepared.out;
  last = prepared.last;
  shown = how ? 'workspace' : 'transient';
  if (info) out.workspace = forPage(info);
  if (extra) Object.assign(out, extra);
  out.ms = Object.assign({check: Math.round(t1 - t0), summary: Math.round(performance.now() - t1)}, ms || {});
  // The result is shown at once; then the new batch is written, then the orders' snapshot, the
  // history and the result. A reload before that finds the workspace as it was before the batch,
  // whole.
  postMessage({id: id, compact: out}, transferOf(out));
  if (!after) return Promise.resolve();
  if (c.count > WHOLE) {
    var full = after.finish();
    if (last && last.gen === id) last.ws = full;
    postMessage({workspace: forPage(full), gen: id});
  }
  var storedMs = 0, t2 = performance.now();
  return (how.write ? how.write() : Promise.resolve()).then(function () {
    storedMs = performance.now() - t2;
    return after.save();
  }).then(function (saveMs) {
    postMessage({saved: true, gen: id, ms: saveMs, stored: storedMs});
  });
}
// Up to this many orders, the changes come with the result.
var WHOLE = 20000;

// The options with the batches' starts (the core's join lets a later batch's facts win).
function withBatches(options, starts) {
  var o = {};
  try { o = JSON.parse(options || '{}') || {}; } catch (e) { o = {}; }
  o.batches = starts;
  return JSON.stringify(o);
}

// The whole workspace checked, inside the workspace's lock (a tab's check and save are not
// interleaved with another's).
function checkWorkspace(id, request, how, ms, extra) {
  var input = ws.merged();
  return check(id, input.text, withBatches(request.options, input.batches), request.filter, how, ms, extra);
}

function reply(id, promise) {
  return promise.catch(function (err) { postMessage({id: id, error: message(err)}); });
}

// A first check runs slower than the ones after it (the engine's code and this worker's are
// optimized as they run): a made-up input checked once and forgotten, while the page waits for a
// paste or, at the start, while the workspace is read from disk.
function warm(text, options) {
  if (last || lastText !== '' || !text) return;
  prepare(core.checkCompact(String(text), options || '{}'), 0, {}, null);
  core.checkCompact('', '{}');
}

function restore(id, request) {
  var opening = ws.open();
  var t0 = performance.now();
  warm(request.warm, request.warmOptions);
  var warmMs = performance.now() - t0;
  return opening.then(function (o) {
    if (!ws.hasBatches()) { postMessage({id: id, empty: true, problem: o.problem, warmMs: Math.round(warmMs)}); return; }
    // the newest batch goes back into the paste box (a big one is only named there)
    var newest = ws.newest().text;
    var restored = {text: newest.length <= 200000 ? newest : null, size: newest.length};
    // The last check's result, as stored, is shown at once; the workspace is then checked again
    // (the core's first check is its slowest, and the clock has moved on).
    var stored = ws.takeCached();
    if (stored) {
      var shownAt = performance.now();
      var view = ws.viewOf(stored), preview = prepare(stored, -id, request.filter || {}, view);
      last = preview.last;
      lastText = '';
      shown = 'workspace';
      preview.out.workspace = forPage(view);
      preview.out.restored = restored;
      preview.out.ms = {read: Math.round(o.ms), warm: Math.round(warmMs), preview: Math.round(performance.now() - shownAt)};
      postMessage({preview: true, compact: preview.out}, transferOf(preview.out));
    }
    return ws.exclusive(function () {
      return checkWorkspace(id, request, {visit: true, reason: 'restore'}, {read: Math.round(o.ms), warm: Math.round(warmMs)},
                            {restored: restored});
    });
  });
}

function add(id, request) {
  var batch = {text: request.text == null ? '' : String(request.text), shop: String(request.shop || ''),
               source: String(request.source || 'paste'), name: String(request.name || '')};
  return ws.open().then(function () {
    return ws.exclusive(function () {
      return ws.add(batch, !!request.replace).then(function (a) {
        var how = {visit: true, reason: a.added ? (request.replace ? 'replace' : 'add') : 'check', batch: a.added ? batch.id : null,
                   write: a.write};
        var t0 = performance.now();
        if (a.added && !request.replace) how.gone = ws.goneFromExport(batch, readAlone(request.options));
        return checkWorkspace(id, request, how, {alone: Math.round(performance.now() - t0)});
      });
    });
  });
}

// The core's reading of one batch alone (for goneFromExport): the kind of its first order and its
// compact result. The module's session is the merged check's again right after.
function readAlone(options) {
  return function (text) {
    last = null;
    var c = core.checkCompact(text, options || '{}');
    return {kind: kindOfFirst(c), c: c};
  };
}
// What the first order of the last check was read from ('table', 'block', 'trace', 'number', 'json').
function kindOfFirst(c) {
  return c.count ? JSON.parse(core.orderJson(0)).source.kind : '';
}

function recheck(id, request) {
  if (shown === 'transient') {
    check(id, lastText, request.options || '{}', request.filter, null);
    return Promise.resolve();
  }
  return ws.open().then(function () {
    if (!ws.hasBatches()) { check(id, '', request.options || '{}', request.filter, null); return; }
    return ws.exclusive(function () {
      return checkWorkspace(id, request, {visit: !!request.visit, reason: request.reason || 'check', record: request.record});
    });
  });
}

// Another tab changed the workspace: the marks are read again here; for batches the page asks for
// a check (it knows the options and the filter).
ws.listen(function (msg) {
  if (msg.kind === 'marks') {
    ws.reloadMarks(msg.keys).then(function () {
      if (!last || shown !== 'workspace') return;
      var info = ws.info(null, null);
      last.ws = info;
      postMessage({workspace: forPage(info), gen: last.gen});
    });
    return;
  }
  if (msg.kind === 'clear') {
    // cleared or replaced by a backup: read it all again; the page shows what is there now
    ws.reread().then(function () {
      if (shown === 'workspace') { last = null; lastText = ''; shown = 'none'; }
      postMessage({external: ws.hasBatches() ? 'batches' : 'clear'});
    });
    return;
  }
  ws.reload().then(function () { postMessage({external: msg.kind}); });
});

function handle(request) {
  var id = request.id;
  switch (request.type) {
    case 'restore': return reply(id, restore(id, request));
    case 'add': return reply(id, add(id, request));
    case 'recheck': return reply(id, recheck(id, request));
    case 'check':
      check(id, request.text == null ? '' : String(request.text), request.options || '{}', request.filter, null);
      return;
    case 'view': {
      if (!last || request.gen !== last.gen) { postMessage({id: id, stale: true}); return; }
      var rows = view(last, normalize(last, request.filter || {}));
      postMessage({id: id, gen: last.gen, view: rows}, [rows.buffer]);
      return;
    }
    case 'warm': {
      var tw = Date.now();
      warm(request.text, request.options);
      postMessage({id: id, ms: Date.now() - tw});
      return;
    }
    case 'order': {
      // a stored result shown at the start (gen < 0) has no session yet: asked again after the check
      if (!last || request.gen !== last.gen || last.gen < 0) { postMessage({id: id, stale: true}); return; }
      var json = core.orderJson(request.index);
      var record = shown === 'workspace' ? ws.open().then(function () { return ws.orderRecord(request.index); }) : Promise.resolve(null);
      return reply(id, record.then(function (r) { postMessage({id: id, json: json, record: r}); }));
    }
    case 'mark': {
      if (!last || request.gen !== last.gen || shown !== 'workspace') { postMessage({id: id, stale: true}); return; }
      return reply(id, ws.open().then(function () {
        return ws.mark(request.index, request.set | 0, request.clear | 0, request.note);
      }).then(function (m) {
        var info = ws.info(null, null);
        last.ws = info;
        postMessage({id: id, mark: m, workspace: forPage(info)});
      }));
    }
    case 'wording':
      postMessage({id: id, json: wording(request.request)});
      return;
    case 'csv': {
      // what the page shows: the last check's decisions (a stored result shown at the start has none yet)
      if (!last || last.gen < 0) { postMessage({id: id, error: '工作区正在按现在的时间重新检查，请稍后再导出'}); return; }
      var csv = core.csv();
      postMessage({id: id, text: shown === 'workspace' ? marksCsv(csv, ws.markOf) : csv});
      return;
    }
    case 'rules':
      postMessage({id: id, json: core.rules(request.options || '{}')});
      return;
    case 'clear':
      return reply(id, ws.open().then(function () { return ws.clear(!!request.all); }).then(function () {
        if (shown === 'workspace') { last = null; lastText = ''; shown = 'none'; }
        postMessage({id: id, cleared: true});
      }));
    case 'backup': return reply(id, ws.open().then(ws.backup).then(function (text) { postMessage({id: id, text: text}); }));
    case 'aside': return reply(id, ws.open().then(ws.aside).then(function (text) { postMessage({id: id, text: text}); }));
    case 'import':
      return reply(id, ws.open().then(function () {
        return ws.exclusive(function () { return ws.restoreBackup(String(request.text || '')); });
      }).then(function () { return recheckAfterImport(id, request); }));
    default:
      postMessage({id: id, error: 'unknown request ' + request.type});
  }
}

function recheckAfterImport(id, request) {
  shown = 'workspace';
  if (!ws.hasBatches()) { postMessage({id: id, empty: true}); return Promise.resolve(); }
  return ws.exclusive(function () { return checkWorkspace(id, request, {visit: true, reason: 'import'}); });
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
