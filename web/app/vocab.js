// The core's codes and the page's words for them, from core/data/vocabulary.json (written into the
// build by scripts/build-site.mjs): the codes in the order of the core's compact arrays (status i,
// finding bit i, fix path i), each status's and finding's label in both languages, tone and rank.
import META from 'lanshou:meta';
import {state} from './state.js';

export var STATUS_CODES = META.codes.status, FINDING_CODES = META.codes.finding, FIX_CODES = META.codes.fix;
var STATUS = META.vocabulary.status, FINDING = META.vocabulary.finding;
export var S = {};
STATUS_CODES.forEach(function (code, i) { S[code] = i; });
function statusSet(test) {
  var set = new Uint8Array(STATUS_CODES.length + 1);
  STATUS_CODES.forEach(function (code, i) { if (test(code)) set[i] = 1; });
  return set;
}
function among(codes) { return function (code) { return codes.indexOf(code) >= 0; }; }
// the statuses with a clock, those on the ship clock, the two overdue ones, the two due soon
export var CLOCK = statusSet(function (code) { return !!STATUS[code].clock; });
export var SHIP = statusSet(function (code) { return STATUS[code].clock === 'ship'; });
export var OVERDUE = statusSet(among(['ship_overdue', 'pickup_overdue']));
export var SOON = statusSet(among(['ship_due_soon', 'pickup_due_soon']));
export var FIX_DIRECT = FIX_CODES.indexOf('modify_direct');
// The overview's cards and the status filter: most urgent first, ties in the core's order.
export var CARD_ORDER = STATUS_CODES.slice().sort(function (a, b) { return STATUS[a].rank - STATUS[b].rank || S[a] - S[b]; });

function label(entry, code) {
  return entry ? [state.lang === 'en' ? entry.en : entry.zh, entry.tone] : [String(code), 'muted'];
}
// [label in the page's language, tone]
export function statusOf(code) { return label(STATUS[code], code); }
export function findingOf(code) { return label(FINDING[code], code); }
