// What changed between two checks of the workspace, order by order. An order is known by its key:
// its order number, or 't:' + its tracking number when it has none (a trace pasted alone); an order
// with neither cannot be followed from one check to the next.
import CODES from 'lanshou:codes';

// Per order of a check, what the page's change list counts it as:
export var NONE = 0, NEW = 1, OVERDUE = 2, PICKED = 3, DELIVERED = 4, OTHER = 5;

function among(codes) {
  var set = new Set(codes);
  return function (code) { return set.has(code); };
}
var isOverdue = among(['ship_overdue', 'pickup_overdue']);
var isPicked = among(['picked_up', 'picked_up_late']);
var beforePickup = among(['awaiting_shipment', 'ship_due_soon', 'ship_overdue', 'awaiting_pickup', 'pickup_due_soon',
  'pickup_overdue', 'incomplete']);

function kindOf(from, to) {
  if (isOverdue(to) && !isOverdue(from)) return OVERDUE;
  if (isPicked(to) && beforePickup(from)) return PICKED;
  if (to === 'delivered' && from !== 'delivered') return DELIVERED;
  return OTHER;
}

// The orders of a compact result as the workspace follows them: key, status code, tracking number
// and courier of each (from its text fields: order_sn \t tracking_no \t courier \t product).
export function ordersOf(c) {
  var n = c.count, text = c.fields, pos = 0;
  var keys = new Array(n), status = new Array(n), tn = new Array(n), courier = new Array(n);
  for (var i = 0; i < n; i++) {
    var end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    var f = text.slice(pos, end).split('\t');
    pos = end + 1;
    var sn = f[0] || '';
    tn[i] = f[1] || '';
    courier[i] = f[2] || '';
    keys[i] = sn ? sn : tn[i] ? 't:' + tn[i] : '';
    status[i] = CODES.status[c.status[i]];
  }
  return {keys: keys, status: status, tn: tn, courier: courier};
}

// A check's orders as stored for the next comparison (strings joined: one clone, not 100,000),
// with when each was first seen and its status then.
export function snapshotOf(orders, at, diff) {
  return {at: at, keys: orders.keys.join('\n'), status: orders.status.join('\n'), tn: orders.tn.join('\n'),
          courier: orders.courier.join('\n'), first: diff.first, firstStatus: diff.firstStatus.join('\n')};
}

function split(s) { return typeof s === 'string' && s ? s.split('\n') : []; }

// Compares a check's orders (at time `at`) with the snapshot of the check before. Returns per order
// its change (Uint8Array), when it was first seen (Float64Array, ms) and its status then, the keys
// gone since, and the history entries: parallel arrays keys, kinds ('status', 'tracking',
// 'courier', 'gone'), from, to (an order's first sighting is not an entry: it is in the snapshot).
// With no snapshot nothing counts as changed.
export function compare(snapshot, orders, at) {
  var n = orders.keys.length, change = new Uint8Array(n), first = new Float64Array(n), firstStatus = orders.status.slice();
  first.fill(at);
  var h = {keys: [], kinds: [], from: [], to: []};
  var push = function (key, kind, from, to) { h.keys.push(key); h.kinds.push(kind); h.from.push(from); h.to.push(to); };
  var out = {change: change, first: first, firstStatus: firstStatus, gone: [], history: h};
  if (!snapshot) return out;
  var pk = split(snapshot.keys), ps = split(snapshot.status), pt = split(snapshot.tn), pc = split(snapshot.courier);
  var pf = snapshot.first instanceof Float64Array && snapshot.first.length === pk.length ? snapshot.first : null;
  var pfs = pf ? split(snapshot.firstStatus) : ps;
  var index = new Map();
  for (var j = 0; j < pk.length; j++) if (pk[j]) index.set(pk[j], j);
  var seen = new Uint8Array(pk.length);
  for (var i = 0; i < n; i++) {
    var key = orders.keys[i];
    if (!key) continue;
    j = index.get(key);
    if (j === undefined) {
      change[i] = NEW;
      continue;
    }
    seen[j] = 1;
    first[i] = pf ? pf[j] : snapshot.at;
    firstStatus[i] = pfs[j] || ps[j] || orders.status[i];
    if (ps[j] !== orders.status[i]) {
      change[i] = kindOf(ps[j], orders.status[i]);
      push(key, 'status', ps[j] || '', orders.status[i]);
    }
    if ((pt[j] || '') !== orders.tn[i]) {
      change[i] = change[i] || OTHER;
      push(key, 'tracking', pt[j] || '', orders.tn[i]);
    }
    if ((pc[j] || '') !== orders.courier[i]) {
      change[i] = change[i] || OTHER;
      push(key, 'courier', pc[j] || '', orders.courier[i]);
    }
  }
  for (j = 0; j < pk.length; j++) {
    if (seen[j] || !pk[j] || index.get(pk[j]) !== j) continue;
    out.gone.push(pk[j]);
    push(pk[j], 'gone', ps[j] || '', '');
  }
  return out;
}
