// The merchant's workspace in the worker: every batch added (a paste, a file, an extension batch),
// the handled marks and notes, the last check's orders and what changed. The batches are checked
// together, oldest first, in one call: the core's join decides which records are one order (by order
// number and tracking number); `batches` in the options tells it where each batch starts and when
// it came, so that a later batch's facts win. Kept in IndexedDB (store.js); with no usable store
// (a newer lanshou's, or none) it lives in memory for this page. Two tabs: writes take the Web Lock
// "lanshou-workspace" and are announced on the BroadcastChannel of the same name; the other tab's
// worker reads them again.
import * as store from './store.js';
import {GONE, NONE, compare, ordersOf, snapshotOf, statusCode} from './changes.js';

var db = null, problem = null, opening = null;
var rev = 0, batches = [], marks = new Map(), snapshot = null, cached = null;
var visitChange = new Map(), visitGone = [];  // what changed since the merchant's last visit check
var alone = new Map();  // per batch (id:at) the core's reading of it alone: {export, keys}, in memory only
var me = Math.random().toString(36).slice(2);
var channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('lanshou-workspace') : null;

export var MARK_BITS = {contacted: 1, resent: 2, appealed: 4};

function errorText(err) { return String((err && err.message) || err); }

// Runs fn with the workspace to itself across tabs (Web Locks), or at once without them.
export function exclusive(fn) {
  if (typeof navigator !== 'undefined' && navigator.locks && navigator.locks.request) {
    return navigator.locks.request('lanshou-workspace', fn);
  }
  return Promise.resolve().then(fn);
}

function announce(kind, keys) {
  if (channel) channel.postMessage({from: me, kind: kind, rev: rev, keys: keys || null});
}
// handler(message) for another tab's change: {kind: 'batches' | 'marks' | 'clear', keys}
export function listen(handler) {
  if (channel) channel.onmessage = function (e) { if (e.data && e.data.from !== me) handler(e.data); };
}

// A write failed (the disk full, the store closed by a newer tab): the page is told, the workspace
// goes on in memory.
function lost(err) {
  problem = {code: 'write', message: errorText(err)};
  db = null;
}

// Opens the store and reads it, once. Resolves {problem, ms}.
export function open() {
  if (!opening) {
    var t0 = performance.now();
    opening = store.openStore(function () {
      // deleted or upgraded by another page: opened and read again at the next use
      db = null;
      opening = null;
    }).then(function (o) {
      db = o.db;
      problem = o.problem;
      if (!db) return {problem: problem, ms: performance.now() - t0};
      return store.readAll(db).then(function (w) {
        rev = w.rev;
        batches = w.batches;
        marks = w.marks;
        snapshot = w.snapshot;
        cached = w.result && w.result.rev === w.rev ? w.result : null;
        if (w.setAside && !problem) problem = {code: 'aside'};
        return {problem: problem, ms: performance.now() - t0};
      });
    }).catch(function (err) {
      problem = {code: 'failed', message: errorText(err)};
      db = null;
      return {problem: problem, ms: performance.now() - t0};
    });
  }
  return opening;
}

export function hasBatches() { return batches.length > 0; }

// The last check's compact result as stored, if it is of the batches there are now (once: it is
// for the page's first sight of the workspace, until the workspace is checked again).
export function takeCached() {
  var c = cached;
  cached = null;
  if (c && typeof c.fields !== 'string') c.fields = new TextDecoder().decode(c.fieldsBytes);
  return c;
}

// The page's view of the workspace for a result that is only shown (the stored one, at the start):
// marks and shops, the changes as they were; nothing compared or saved.
export function viewOf(c) {
  return info(ordersOf(c), c.line);
}
export function newest() { return batches[batches.length - 1] || null; }

// Adds a batch ({text, shop, source, name}); replace: the others go. The same text as the newest
// batch adds nothing (a second click on 检查). Resolves {added, write}: write() writes the batch to
// disk and resolves once it is there (called once its result is shown: the page does not wait for
// the disk; a reload before that finds the workspace as it was, whole). Call it with the
// workspace's lock held (exclusive), write() too.
export function add(batch, replace) {
  var last = newest();
  if (last && last.text === batch.text && (!replace || batches.length === 1)) {
    return Promise.resolve({added: false, write: function () { return Promise.resolve(); }});
  }
  batch.at = Date.now();
  var since = db ? store.batchesSince(db, rev).catch(function (err) { lost(err); return {batches: null}; })
                 : Promise.resolve({batches: null});
  return since.then(function (r) {
    if (r.batches) batches = r.batches;  // another tab's batches too
    batch.id = batches.reduce(function (m, b) { return Math.max(m, b.id); }, 0) + 1;
    if (replace) alone = new Map();
    batches = replace ? [batch] : batches.concat([batch]);
    var write = function () {
      if (!db) return Promise.resolve();
      return store.writeBatch(db, batch, replace).then(function (newRev) {
        rev = newRev;
        announce('batches');
      }, lost);
    };
    return {added: true, write: write};
  });
}

// "Gone from the export": the orders of the shop's previous export that the new batch, an export
// too, no longer lists (they stay in the workspace). An export is a batch whose first order the core
// read from a table's row; the batches are compared as the core reads each alone (read(text) ->
// {kind, c}: the kind of its first order and its compact result). Nothing when the two exports share
// no order (another shop's, another period's: no false alarm). Call it between add() and the check,
// synchronously: read() uses the module's one compact session.
export function goneFromExport(batch, read) {
  var shop = batch.shop || '', mine = null;
  for (var i = batches.length - 1; i >= 0; i--) {
    var b = batches[i];
    if (b.id >= batch.id || (b.shop || '') !== shop) continue;
    mine = mine || readAlone(batch, read);
    if (!mine.export) return [];
    var p = readAlone(b, read);
    if (!p.export) continue;
    var gone = [], shared = 0;
    p.keys.forEach(function (k) { if (mine.keys.has(k)) shared++; else gone.push(k); });
    return shared ? gone : [];
  }
  return [];
}
// A batch's reading alone: its order numbers if it is an export, kept with the batch (sns, stored
// with a new one) so that it is read once.
function readAlone(b, read) {
  var id = b.id + ':' + b.at, p = alone.get(id), keys = [];
  if (!p) {
    if (typeof b.sns === 'string') {
      if (b.sns) keys = b.sns.split('\n');
    } else {
      var r = read(b.text);
      if (r.kind === 'table') ordersOf(r.c).keys.forEach(function (k) { if (k && k.slice(0, 2) !== 't:') keys.push(k); });
      b.sns = keys.join('\n');
    }
    p = {export: keys.length > 0, keys: new Set(keys)};
    alone.set(id, p);
  }
  return p;
}
// The check of a workspace of one batch is that batch's reading alone (kind: its first order's).
export function readSingle(c, kind) {
  if (batches.length === 1) readAlone(batches[0], function () { return {kind: kind, c: c}; });
}

// Reads everything again (another tab cleared the workspace or restored a backup).
export function reread() {
  if (!db) return Promise.resolve();
  return store.readAll(db).then(function (w) {
    rev = w.rev;
    batches = w.batches;
    marks = w.marks;
    snapshot = w.snapshot;
    visitChange = new Map();
    visitGone = [];
    alone = new Map();
    current = null;
    compared = false;
    firstSeen = null;
  });
}

// Reads the batches again (another tab changed them). Resolves true when they changed.
export function reload() {
  if (!db) return Promise.resolve(false);
  return store.readBatches(db).then(function (r) {
    var changed = r.rev !== rev;
    rev = r.rev;
    batches = r.batches;
    return changed;
  });
}

// The input of a check of the whole workspace: the batches' texts, oldest first, a blank line
// between two; and where each starts (1-based line) and when it came.
export function merged() {
  var parts = [], starts = [], line = 1;
  batches.forEach(function (b) {
    var text = b.text.charAt(b.text.length - 1) === '\n' ? b.text : b.text + '\n';
    starts.push({line: line, at: new Date(b.at).toISOString()});
    parts.push(text);
    var lines = 0;
    for (var i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
    line += lines + 1;  // and the blank line after it
  });
  return {text: parts.join('\n'), batches: starts};
}

// After a check of the workspace, in two steps so that a big result is shown before the second:
// afterCheck gives the page's view of the workspace at once (info: the marks, the shops; the
// changes as they were), finish() then compares the orders with the last check's, keeps what
// changed (the order's history; for the page's list, since the last visit: a restore, a batch
// added, a click on 检查) and gives the view again, and save() stores the orders for the next
// comparison and the history (the page does not wait for the disk).
// how: {visit, reason, batch, record (false: another tab records it), gone (a merged batch: the keys
// gone from the export, goneFromExport; else the keys no longer in the check are gone)}.
export function afterCheck(c, line, how) {
  var t0 = performance.now();
  var orders = ordersOf(c);
  var first = info(orders, line);
  first.ms = {orders: performance.now() - t0};
  var at = Date.now(), history = null, savedSnapshot = null;
  var finish = function () {
    var t1 = performance.now();
    compared = snapshot != null;
    var diff = compare(snapshot, orders, at), gone = how.gone || diff.gone;
    if (how.visit) { visitChange = new Map(); visitGone = gone; }
    else visitGone = visitGone.concat(gone);
    for (var i = 0; i < diff.change.length; i++) if (diff.change[i] !== NONE && orders.keys[i]) visitChange.set(orders.keys[i], diff.change[i]);
    if (how.gone && gone.length) {
      // still in the workspace: a filter of the table, and a line of each order's history
      var h = diff.history, where = new Map();
      orders.keys.forEach(function (k, j) { if (k) where.set(k, j); });
      gone.forEach(function (k) {
        var j = where.get(k);
        if (j === undefined) return;
        visitChange.set(k, GONE);
        h.keys.push(k); h.kinds.push('gone'); h.from.push(statusCode(orders.status[j])); h.to.push('');
      });
    }
    firstSeen = {at: diff.first, status: diff.firstStatus};
    snapshot = savedSnapshot = snapshotOf(orders, at, diff);
    if (diff.history.keys.length) {
      history = {at: at, batch: how.batch || null, reason: how.reason, keys: diff.history.keys, kinds: diff.history.kinds,
                 from: diff.history.from, to: diff.history.to};
    }
    var out = info(orders, line);
    out.ms = {orders: first.ms.orders, compare: performance.now() - t1};
    return out;
  };
  var save = function () {
    if (!db || how.record === false || !savedSnapshot) return Promise.resolve(0);
    var t2 = performance.now();
    var result = {rev: rev, at: at, count: c.count, status: c.status, deadline: c.deadline, findings: c.findings, fix: c.fix,
      fixUntil: c.fixUntil, risk: c.risk, line: c.line, courier: c.courier, couriers: c.couriers, fieldsBytes: c.fieldsBytes,
      fieldOffsets: c.fieldOffsets, head: c.head};  // fields: decoded again from fieldsBytes (half the bytes)
    return store.saveCheck(db, savedSnapshot, history, result).then(function () { return performance.now() - t2; }, function (err) { lost(err); return 0; });
  };
  return {info: first, finish: finish, save: save};
}

var current = null;  // the last check's orders and lines: an order's index to its key
var compared = false;  // the last check had one before it to compare with
var firstSeen = null;  // per order of the last check: when it was first seen (ms) and its status then

// The page's view of the workspace for the last check: per order its marks (bits), shop (index
// into shops, 0 none) and change (changes.js); the batches (without their text), the shops, the
// counts of changes and the first gone keys.
export function info(orders, line) {
  if (orders) current = {orders: orders, line: line};
  var n = current.orders.keys.length, keys = current.orders.keys;
  var handled = new Uint8Array(n), change = new Uint8Array(n), shopOf = new Uint8Array(n);
  var shops = [];
  batches.forEach(function (b) { if (b.shop && shops.indexOf(b.shop) < 0 && shops.length < 250) shops.push(b.shop); });
  var starts = merged().batches.map(function (s) { return s.line; });
  var counts = {new: 0, overdue: 0, picked: 0, delivered: 0, other: 0, gone: 0};
  var names = [null, 'new', 'overdue', 'picked', 'delivered', 'other', 'gone'];
  var anyMarks = marks.size > 0, anyChange = visitChange.size > 0;
  for (var i = 0; i < n; i++) {
    var k = keys[i];
    if (k && (anyMarks || anyChange)) {
      var m = anyMarks ? marks.get(k) : null;
      if (m) handled[i] = m.bits;
      var ch = anyChange ? visitChange.get(k) || 0 : 0;
      change[i] = ch;
      if (ch) counts[names[ch]]++;
    }
    if (shops.length && current.line) {
      var lo = 0, hi = starts.length - 1, at = current.line[i];
      while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (starts[mid] <= at) lo = mid; else hi = mid - 1; }
      var shop = batches[lo] && batches[lo].shop;
      shopOf[i] = shop ? shops.indexOf(shop) + 1 : 0;
    }
  }
  // gone orders in the table (merged: a filter), else only listed (replaced)
  var goneShown = counts.gone > 0;
  counts.gone = Math.max(counts.gone, visitGone.length);
  return {
    rev: rev, stored: !!db, problem: problem, compared: compared, shops: shops, handled: handled, change: change, shopOf: shopOf,
    counts: counts, gone: visitGone.slice(0, 50), goneShown: goneShown,
    batches: batches.map(function (b) { return {id: b.id, at: b.at, shop: b.shop || '', source: b.source || '', name: b.name || '', size: b.text.length}; }),
  };
}

// The mark of the order with this order number or (without one) tracking number, or undefined.
export function markOf(sn, tn) {
  var key = sn ? sn : tn ? 't:' + tn : '';
  return key ? marks.get(key) : undefined;
}

export function keyOf(index) {
  return current && index >= 0 && index < current.orders.keys.length ? current.orders.keys[index] : '';
}

// Sets and clears mark bits and the note of order `index`'s key. Resolves the mark.
export function mark(index, set, clear, note) {
  var key = keyOf(index);
  if (!key) return Promise.reject(new Error('这一单没有订单号或快递单号，无法记录处理情况'));
  var apply = function (m) {
    if (m.bits || m.note) marks.set(key, m); else marks.delete(key);
    return m;
  };
  if (!db) {
    var m = marks.get(key) || {key: key, bits: 0, note: ''};
    m = {key: key, bits: (m.bits | set) & ~clear, note: note !== undefined ? note : m.note, at: Date.now()};
    return Promise.resolve(apply(m));
  }
  return store.updateMark(db, key, set, clear, note).then(function (m) {
    announce('marks', [key]);
    return apply(m);
  });
}

// Another tab changed these keys' marks: read them again.
export function reloadMarks(keys) {
  if (!db || !keys) return Promise.resolve();
  return store.readMarks(db, keys).then(function (rows) {
    rows.forEach(function (m) { if (m.bits || m.note) marks.set(m.key, m); else marks.delete(m.key); });
  });
}

// Order `index`'s mark and history: {key, mark, history: [{at, batch, reason, kind, from, to}]},
// the history starting with its first sighting (kind 'new').
export function orderRecord(index) {
  var key = keyOf(index);
  var m = marks.get(key) || {key: key, bits: 0, note: ''};
  var seen = key && firstSeen ? [{at: firstSeen.at[index], reason: 'first', kind: 'new', from: '', to: statusCode(firstSeen.status[index])}] : [];
  if (!key || !db) return Promise.resolve({key: key, mark: m, history: seen});
  return store.historyOf(db, key).then(function (h) {
    return {key: key, mark: m, history: seen.concat(h.filter(function (e) { return e.at >= seen[0].at; }))};
  });
}

// Empties the workspace; all: what was kept aside too (清除本地数据).
export function clear(all) {
  batches = [];
  alone = new Map();
  marks = new Map();
  snapshot = null;
  cached = null;
  visitChange = new Map();
  visitGone = [];
  current = null;
  compared = false;
  firstSeen = null;
  if (all && problem && problem.code === 'aside') problem = null;
  if (!db) return Promise.resolve();
  return store.clearStore(db, all).then(function () { announce('clear'); }, lost);
}

// The whole workspace as one JSON text (the backup file), and what was kept aside as another.
var BACKUP = 'lanshou-workspace';
export function backup() {
  var data = db ? store.dump(db) : Promise.resolve({batches: batches, marks: Array.from(marks.values()), history: [],
                                                  meta: {snapshot: snapshot}});
  return data.then(function (d) {
    var snap = d.meta && d.meta.snapshot || null;
    if (snap && snap.first) snap = Object.assign({}, snap, {first: Array.from(snap.first)});  // JSON has no typed arrays
    return JSON.stringify({format: BACKUP, schema: store.SCHEMA, exported: new Date().toISOString(), batches: d.batches,
      marks: d.marks, history: d.history, snapshot: snap});
  });
}
export function aside() {
  return (db ? store.readAside(db) : Promise.resolve([])).then(function (rows) {
    return JSON.stringify({format: 'lanshou-aside', exported: new Date().toISOString(), kept: rows});
  });
}

// Replaces the workspace with a backup file's (the current one is kept aside). Refuses a file that
// is not a lanshou backup or is of a newer schema, with a message.
export function restoreBackup(text) {
  var b;
  try { b = JSON.parse(text); } catch (e) { return Promise.reject(new Error('不是揽收工作区备份文件（无法读取 JSON）')); }
  if (!b || b.format !== BACKUP) return Promise.reject(new Error('不是揽收工作区备份文件'));
  if (b.schema > store.SCHEMA) return Promise.reject(new Error('这个备份来自更新版本的揽收，请用新版页面恢复'));
  var ok = Array.isArray(b.batches) && b.batches.every(function (x) { return x && typeof x.text === 'string' && typeof x.id === 'number'; }) &&
      (b.marks == null || Array.isArray(b.marks)) && (b.history == null || Array.isArray(b.history));
  if (!ok) return Promise.reject(new Error('备份文件内容不完整，没有恢复'));
  if (b.snapshot && Array.isArray(b.snapshot.first)) b.snapshot.first = Float64Array.from(b.snapshot.first);
  var apply = function () {
    batches = b.batches.slice().sort(function (x, y) { return x.id - y.id; });
    marks = new Map();
    (b.marks || []).forEach(function (m) { if (m && typeof m.key === 'string') marks.set(m.key, m); });
    snapshot = b.snapshot || null;
    visitChange = new Map();
    visitGone = [];
    alone = new Map();
  };
  if (!db) { apply(); return Promise.resolve(); }
  return store.load(db, {batches: b.batches, marks: b.marks || [], history: b.history || [], snapshot: b.snapshot || null})
    .then(function () { return store.readAll(db); })
    .then(function (w) { rev = w.rev; apply(); announce('clear'); });
}
