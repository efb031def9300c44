// The core's codes and the page's words for them. The codes come in the order of the core's compact
// arrays (status i, finding bit i, fix path i), written into the build by scripts/build-site.mjs
// from the core; labels, tones and ranks are ../data/vocabulary.json (shared with the worker).
import META from 'lanshou:meta';
import {card_order as CARD_ORDER_DATA, confidence, finding, status} from '../data/vocabulary.json';
import {state} from './state.js';

export var STATUS_CODES = META.codes.status, FINDING_CODES = META.codes.finding, FIX_CODES = META.codes.fix;
export var S = {};
STATUS_CODES.forEach(function (code, i) { S[code] = i; });
function statusSet(codes) {
  var set = new Uint8Array(STATUS_CODES.length + 1);
  codes.forEach(function (c) { if (S[c] >= 0) set[S[c]] = 1; });
  return set;
}
// the six statuses with a clock, the three of them on the ship clock, the two overdue ones
export var CLOCK = statusSet(['awaiting_shipment', 'ship_due_soon', 'ship_overdue', 'awaiting_pickup', 'pickup_due_soon', 'pickup_overdue']);
export var SHIP = statusSet(['awaiting_shipment', 'ship_due_soon', 'ship_overdue']);
export var OVERDUE = statusSet(['ship_overdue', 'pickup_overdue']);
export var SOON = statusSet(['ship_due_soon', 'pickup_due_soon']);
export var FIX_DIRECT = FIX_CODES.indexOf('modify_direct');
export var CARD_ORDER = CARD_ORDER_DATA;

function label(entry, code) {
  return entry ? [state.lang === 'en' ? entry.en : entry.zh, entry.tone] : [String(code), 'muted'];
}
// [label in the page's language, tone]
export function statusOf(code) { return label(status[code], code); }
export function findingOf(code) { return label(finding[code], code); }
export function confidenceOf(code) {
  var c = confidence[code];
  return c ? label(c, code) : [code || '', 'muted'];
}
