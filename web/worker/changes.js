// What changed between two checks of the workspace, order by order. An order is known by its key:
// its order number, or 't:' + its tracking number when it has none (a trace pasted alone); an order
// with neither cannot be followed from one check to the next.
import CODES from 'lanshou:codes';

// The code of status index i (the core's order).
export function statusCode(i) { return CODES.status[i] || ''; }

// Per order of a check, what the page's change list counts it as:
export var NONE = 0, NEW = 1, OVERDUE = 2, PICKED = 3, DELIVERED = 4, OTHER = 5;

function among(codes) {
  var set = new Set(codes);
  return function (code) { return set.has(code); };
}
var isOverdue = among(['ship_overdue', 'pickup_overdue']);
var isPicked = among(['picked_up', 'picked_up_late']);
var beforePickup = among(['awaiting_shipment', 'ship_due_soon', 'ship_overdue', 'awaiting_pickup', 'pickup_due_soon',
  'pickup_overdue', 'pickup_unverified', 'incomplete']);

function kindOf(from, to) {
  if (isOverdue(to) && !isOverdue(from)) return OVERDUE;
  if (isPicked(to) && beforePickup(from)) return PICKED;
  if (to === 'delivered' && from !== 'delivered') return DELIVERED;
  return OTHER;
}

// The orders of a compact result as the workspace follows them: per order its key and tracking
// number (strings, from its text fields "order_sn \t tracking_no \t courier \t product"), its
// status (index into CODES.status) and courier (index into the result's courier names).
export function ordersOf(c) {
  var n = c.count, text = c.fields, pos = 0;
  var keys = new Array(n), tn = new Array(n);
  for (var i = 0; i < n; i++) {
    var end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    var t1 = text.indexOf('\t', pos);
    if (t1 < 0 || t1 > end) t1 = end;
    var t2 = t1 < end ? text.indexOf('\t', t1 + 1) : end;
    if (t2 < 0 || t2 > end) t2 = end;
    var no = t1 < end ? text.slice(t1 + 1, t2) : '';
    tn[i] = no;
    keys[i] = t1 > pos ? text.slice(pos, t1) : no ? 't:' + no : '';
    pos = end + 1;
  }
  return {keys: keys, tn: tn, status: c.status, courier: c.courier, couriers: c.couriers};
}

// A check's orders as stored for the next comparison: strings joined (one clone, not 100,000),
// codes as small integers with their names; when each order was first seen (ms) and its status then.
export function snapshotOf(orders, at, diff) {
  return {at: at, keys: orders.keys.join('\n'), tn: orders.tn.join('\n'), codes: CODES.status,
          status: Uint8Array.from(orders.status), couriers: orders.couriers.slice(), courier: Uint32Array.from(orders.courier),
          first: diff.first, firstStatus: diff.firstStatus};
}

function split(s) { return typeof s === 'string' && s ? s.split('\n') : []; }

// Compares a check's orders (at time `at`) with the snapshot of the check before. Returns per order
// its change (Uint8Array), when it was first seen (Float64Array, ms) and its status then (index),
// the keys gone since, and the history entries: parallel arrays keys, kinds ('status', 'tracking',
// 'courier', 'gone'), from, to (an order's first sighting is not an entry: it is in the snapshot).
// With no snapshot (or one of another form) nothing counts as changed.
export function compare(snapshot, orders, at) {
  var n = orders.keys.length, change = new Uint8Array(n), first = new Float64Array(n);
  var firstStatus = Uint8Array.from(orders.status);
  first.fill(at);
  var h = {keys: [], kinds: [], from: [], to: []};
  var push = function (key, kind, from, to) { h.keys.push(key); h.kinds.push(kind); h.from.push(from); h.to.push(to); };
  var out = {change: change, first: first, firstStatus: firstStatus, gone: [], history: h};
  if (!snapshot || !(snapshot.status instanceof Uint8Array) || !Array.isArray(snapshot.codes)) return out;
  var pk = split(snapshot.keys), pt = split(snapshot.tn), ps = snapshot.status, pc = snapshot.courier;
  var pcodes = snapshot.codes, pnames = snapshot.couriers || [], names = orders.couriers;
  var pf = snapshot.first instanceof Float64Array && snapshot.first.length === pk.length ? snapshot.first : null;
  var pfs = snapshot.firstStatus instanceof Uint8Array && snapshot.firstStatus.length === pk.length ? snapshot.firstStatus : null;
  // a previous status index as this check's (codes may have been added since): -1 for one gone
  var translate = pcodes.map(function (code) { return CODES.status.indexOf(code); });
  var keys = orders.keys, status = orders.status, index = null, seen = new Uint8Array(pk.length);
  for (var i = 0; i < n; i++) {
    var key = keys[i];
    if (!key) continue;
    // most checks see the orders in the order of the last one: look there first, then in a map
    var j = i < pk.length && pk[i] === key ? i : -1;
    if (j < 0) {
      if (!index) {
        index = new Map();
        for (var p = 0; p < pk.length; p++) if (pk[p] && !index.has(pk[p])) index.set(pk[p], p);
      }
      var found = index.get(key);
      j = found === undefined ? -1 : found;
    }
    if (j < 0) { change[i] = NEW; continue; }
    seen[j] = 1;
    if (pf) first[i] = pf[j]; else first[i] = snapshot.at;
    var fs = translate[pfs ? pfs[j] : ps[j]];
    if (fs >= 0) firstStatus[i] = fs;
    var was = translate[ps[j]];
    if (was !== status[i]) {
      var from = pcodes[ps[j]] || '', to = CODES.status[status[i]];
      change[i] = kindOf(from, to);
      push(key, 'status', from, to);
    }
    if ((pt[j] || '') !== orders.tn[i]) {
      change[i] = change[i] || OTHER;
      push(key, 'tracking', pt[j] || '', orders.tn[i]);
    }
    var pcName = pnames[pc[j]] || '', cName = names[orders.courier[i]] || '';
    if (pcName !== cName) {
      change[i] = change[i] || OTHER;
      push(key, 'courier', pcName, cName);
    }
  }
  for (j = 0; j < pk.length; j++) {
    if (seen[j] || !pk[j]) continue;
    if (index ? index.get(pk[j]) !== j : pk.indexOf(pk[j]) !== j) continue;  // a second order of the same key
    out.gone.push(pk[j]);
    push(pk[j], 'gone', pcodes[ps[j]] || '', '');
  }
  return out;
}
