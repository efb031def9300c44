// The worker's loops over all orders of a check: counting for the overview and the filters, the
// deadlines of the next 48 hours, filtering and sorting the table's rows. Off the page's thread.
import CODES from 'lanshou:codes';

var S = {};
CODES.status.forEach(function (code, i) { S[code] = i; });
// Most urgent first: overdue, due soon, waiting, late pickups and trouble, incomplete, done (the
// rank of status i, from core/data/vocabulary.json).
var RANK = CODES.rank;
var GROUPS = {
  'group:urgent': [S.ship_overdue, S.pickup_overdue, S.ship_due_soon, S.pickup_due_soon],
  'group:overdue': [S.ship_overdue, S.pickup_overdue]
};
// An order with a finding counts as trouble (rank 3) unless its findings are only notes (severity
// info in core/data/vocabulary.json: the suspension note, an unusual-but-possible tracking number).
var NOTES = CODES.notes;

// --- what the page draws from: counts, the couriers --------------------------------------------
// The module gives each order's courier as a code into the distinct names (courier, couriers) and
// the text fields as UTF-8 bytes with each line's offset: the page gets the bytes and decodes only
// the rows it shows. Returns the check as the worker keeps it (`last`) and the couriers by count.
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
  var last = {gen: gen, count: n, status: c.status, deadline: c.deadline, findings: c.findings, risk: c.risk,
              result: c, courier: courier, ids: ids, counts: counts, lower: null};
  var couriers = names.map(function (name, id) { return [name, perCourier[id], id]; })
    .filter(function (x) { return x[1] > 0; })
    .sort(function (a, b) { return b[1] - a[1] || a[2] - b[2]; })
    .map(function (x) { return [x[0], x[1]]; });
  return {last: last, couriers: couriers};
}

// The overview's numbers at the check's clock: per hour of the next 48, the orders whose ship or
// pickup deadline falls in it; how many are overdue; the QUEUE soonest deadlines still ahead
// (ties in input order).
var QUEUE = 8;
// status i's clock: 'ship', 'pickup' or none (core/data/vocabulary.json)
var CLOCK = new Uint8Array(CODES.clock.map(function (c) { return c ? 1 : 0; }));
var SHIP = new Uint8Array(CODES.clock.map(function (c) { return c === 'ship' ? 1 : 0; }));
function overview(c, now) {
  var clock = CLOCK, ship = SHIP;
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
export function normalize(last, filter) {
  var counts = last.counts, w = last.ws;
  var f = {status: String(filter.status || ''), courier: String(filter.courier || ''), finding: String(filter.finding || ''),
           q: String(filter.q || ''), sort: String(filter.sort || 'urgency'), handled: String(filter.handled || ''),
           shop: String(filter.shop || ''), change: String(filter.change || '')};
  // the workspace's filters: only where there is a workspace, a shop that is in it, a change that is
  if (!w || (f.handled !== 'open' && f.handled !== 'done')) f.handled = '';
  if (!w || w.shops.indexOf(f.shop) < 0) f.shop = '';
  if (!w || !(CHANGES[f.change] >= 0) || (f.change !== 'any' && !w.counts[f.change])) f.change = '';
  if (f.status && !GROUPS[f.status] && !(S[f.status] >= 0 && counts.byStatus[S[f.status]] > 0)) f.status = '';
  if (f.finding && f.finding !== 'any') {
    var bit = CODES.finding.indexOf(f.finding);
    if (bit < 0 || !counts.byFinding[bit]) f.finding = '';
  }
  if (f.courier && !last.ids.has(f.courier === '\u0000' ? '' : f.courier)) f.courier = '';
  return f;
}

// The change list's choices: the code of changes.js each stands for ('any': every change).
var CHANGES = {any: 0, new: 1, overdue: 2, picked: 3, delivered: 4, other: 5, gone: 6};

// order_sn and tracking_no of every order, lower-cased, made on the first search.
function searchable(last) {
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

// The order indices that pass the (normalized) filter, in its sort order.
export function view(last, f) {
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
  var q = f.q.trim().toLowerCase(), lower = q ? searchable(last) : null;
  var w = last.ws, handled = f.handled ? w.handled : null, open = f.handled === 'open';
  var shop = f.shop ? w.shops.indexOf(f.shop) + 1 : 0, change = f.change ? w.change : null, which = CHANGES[f.change];
  var out = new Uint32Array(n), m = 0;
  for (var i = 0; i < n; i++) {
    var s = status[i];
    if (only >= 0 ? s !== only : group && !group[s]) continue;
    if (mask && !(findings[i] & mask)) continue;
    if (courier >= 0 && last.courier[i] !== courier) continue;
    if (q && lower.sn[i].indexOf(q) < 0 && lower.tn[i].indexOf(q) < 0) continue;
    if (handled && (handled[i] === 0) !== open) continue;
    if (shop && w.shopOf[i] !== shop) continue;
    if (change && (which ? change[i] !== which : !change[i])) continue;
    out[m++] = i;
  }
  var idx = out.slice(0, m);
  if (f.sort !== 'line') sortRows(last, idx, f.sort);
  return idx;
}

// Sorts order indices by the sort's key, ties in input order. The key is (rank, deadline) for
// 'urgency' (no deadline after every deadline of the same rank), the deadline for 'deadline' (none
// last), the risk for 'risk' (highest first).
function sortRows(last, idx, sort) {
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

// The page's part of a check: the module's arrays (copies: the worker keeps the result whole, to
// filter and to store it for the next start), the text fields' bytes and offsets, the counts, the overview and the rows' order.
// info: the workspace's view of the check (workspace.js), or null outside it.
// Returns {last: what the worker keeps, out: what goes to the page}.
export function prepare(c, gen, filter, info) {
  var sum = summarize(c, gen), last = sum.last;
  last.ws = info || null;
  var nowMs = Date.parse(JSON.parse(c.head || '{}').now);
  var over = overview(c, isFinite(nowMs) ? nowMs / 1000 : Date.now() / 1000);
  var applied = normalize(last, filter);
  return {last: last, out: {
    gen: gen, count: c.count, status: c.status.slice(), deadline: c.deadline.slice(), findings: c.findings.slice(),
    fix: c.fix.slice(), fixUntil: c.fixUntil.slice(), risk: c.risk.slice(), line: c.line.slice(), head: c.head,
    fields: c.fieldsBytes.slice(), offsets: c.fieldOffsets.slice(), counts: last.counts, couriers: sum.couriers,
    overview: over, filter: applied, view: view(last, applied)
  }};
}
