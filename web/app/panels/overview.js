// The overview panel: a card per status (a click filters the table), the chart of the deadlines of
// the next 48 hours, the queue of what to do first, and what could not be read. The worker counts
// and finds these; this draws them.
import {fieldsOf, nowEpoch} from '../check.js';
import {$, chip, el, svg} from '../dom.js';
import {fmtShort, formatRemaining, yuan} from '../format.js';
import {num, t} from '../i18n.js';
import {emit, on, state} from '../state.js';
import {CARD_ORDER, S, SHIP, STATUS_CODES, statusOf} from '../vocab.js';
import {focusTable, setFilter} from './table.js';

function card(title, value, tone, sub, onClick, pressed) {
  var b = el('button', 'card tone-' + tone);
  b.type = 'button';
  b.appendChild(el('span', 'card-value', value));
  b.appendChild(el('span', 'card-title', title));
  if (sub) b.appendChild(el('span', 'card-sub', sub));
  if (onClick) b.addEventListener('click', onClick); else b.disabled = true;
  if (pressed != null) b.setAttribute('aria-pressed', pressed ? 'true' : 'false');
  return b;
}

function renderCards() {
  var R = state.result, filter = state.filter;
  var box = $('cards');
  box.textContent = '';
  var k = R.counts;
  var risk = R.head.summary && typeof R.head.summary.risk_yuan === 'number' ? R.head.summary.risk_yuan : k.risk;
  box.appendChild(card(t('cardAll'), num(R.count), 'all', t('cardAllSub'), function () { setFilter('status', ''); }, filter.status === ''));
  box.appendChild(card(t('cardRisk'), yuan(risk), risk > 0 ? 'bad' : 'done', t('cardRiskSub'), null));
  if (k.withFindings) {
    box.appendChild(card(t('cardFindings'), num(k.withFindings), 'bad', t('cardFindingsSub'), function () { setFilter('finding', 'any'); }, filter.finding === 'any'));
  }
  CARD_ORDER.forEach(function (code) {
    var n = k.byStatus[S[code]];
    if (!n) return;
    var s = statusOf(code);
    var c = card(s[0], num(n), s[1], null, function () { setFilter('status', code); }, filter.status === code);
    c.setAttribute('data-status', code);
    box.appendChild(c);
  });
}

function renderChart() {
  var box = $('chart');
  box.textContent = '';
  // per hour of the next 48 (counted by the worker at the check's clock)
  var now = state.result.now, ov = state.result.overview, ship = ov.ship, pick = ov.pick, overdue = ov.overdue, total = ov.total;
  var max = 1;
  for (var b = 0; b < 48; b++) max = Math.max(max, ship[b] + pick[b]);
  var W = 520, H = 150, L = 34, T = 10, B = 28, bw = (W - L - 8) / 48, ph = H - T - B;
  var root = svg('svg', {viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': 'chart-title chart-desc', class: 'chart'});
  root.appendChild(svg('desc', {id: 'chart-desc'}, t('chartDesc', total) + (overdue ? t('chartDescOverdue', overdue) : '')));
  // grid and axis
  (max >= 4 ? [0, 0.5, 1] : [0, 1]).forEach(function (f) {
    var y = T + ph * (1 - f);
    root.appendChild(svg('line', {x1: L, x2: W - 8, y1: y, y2: y, class: 'grid'}));
    root.appendChild(svg('text', {x: L - 4, y: y + 4, class: 'axis', 'text-anchor': 'end'}, Math.round(max * f)));
  });
  for (var h = 0; h <= 48; h += 12) {
    var x = L + h * bw;
    root.appendChild(svg('line', {x1: x, x2: x, y1: T + ph, y2: T + ph + 4, class: 'grid'}));
    root.appendChild(svg('text', {x: x, y: H - 8, class: 'axis', 'text-anchor': h === 0 ? 'start' : h === 48 ? 'end' : 'middle'},
        h === 0 ? t('chartNow') : '+' + h + 'h ' + fmtShort(now + h * 3600).slice(6)));
  }
  for (b = 0; b < 48; b++) {
    var x0 = L + b * bw + 1, sh = ph * ship[b] / max, pk = ph * pick[b] / max;
    if (!ship[b] && !pick[b]) continue;
    var g = svg('g', {});
    g.appendChild(svg('title', {}, t('chartBar', fmtShort(now + b * 3600), ship[b], pick[b])));
    if (ship[b]) g.appendChild(svg('rect', {x: x0, y: T + ph - sh, width: bw - 2, height: sh, class: 'bar-ship'}));
    if (pick[b]) g.appendChild(svg('rect', {x: x0, y: T + ph - sh - pk, width: bw - 2, height: pk, class: 'bar-pick'}));
    root.appendChild(g);
  }
  box.appendChild(root);
  var legend = el('p', 'legend');
  legend.appendChild(el('span', 'key key-ship', t('keyShip')));
  legend.appendChild(el('span', 'key key-pick', t('keyPick')));
  legend.appendChild(el('span', '', t('chartSum', total) + (overdue ? t('chartSumOverdue', overdue) : '')));
  box.appendChild(legend);
}

function actionText(i) {
  var R = state.result;
  return t(SHIP[R.status[i]] ? 'actShip' : 'actPick', fmtShort(R.deadline[i]));
}

function renderQueue() {
  var R = state.result;
  var list = $('queue');
  list.textContent = '';
  // the soonest deadlines still ahead at the check's clock (found by the worker)
  var now = nowEpoch(), top = R.overview.queue, overdue = R.overview.overdue;
  if (overdue) {
    var li0 = el('li', 'queue-overdue');
    var b0 = el('button', 'linkish', t('queueOverdue', overdue));
    b0.type = 'button';
    b0.addEventListener('click', function () { setFilter('status', 'group:overdue'); focusTable(); });
    li0.appendChild(b0);
    list.appendChild(li0);
  }
  if (!top.length) {
    list.appendChild(el('li', 'queue-empty', t(overdue ? 'queueNoMore' : 'queueNone')));
    return;
  }
  top.forEach(function (i) {
    var li = el('li');
    var b = el('button', 'queue-item');
    b.type = 'button';
    b.setAttribute('data-order-index', i);
    var cd = el('span', 'countdown tone-' + statusOf(STATUS_CODES[R.status[i]])[1]);
    cd.setAttribute('data-deadline', R.deadline[i]);
    cd.textContent = formatRemaining(R.deadline[i] - now);
    b.appendChild(cd);
    b.appendChild(chip(STATUS_CODES[R.status[i]]));
    b.appendChild(el('span', 'mono', fieldsOf(i)[0] || t('noSn')));
    b.appendChild(el('span', 'queue-action', actionText(i)));
    b.addEventListener('click', function () { emit('open-order', {index: i, from: b}); });
    li.appendChild(b);
    list.appendChild(li);
  });
}

// What could not be read: the first ERRORS_FIRST lines, then more on request (an export with
// hundreds of bad rows would otherwise be hundreds of long lines to lay out with the result).
var ERRORS_FIRST = 20, ERRORS_MORE = 200;
function renderErrors(errors) {
  var list = $('errors');
  list.textContent = '';
  $('errors-count').textContent = errors.length ? t('errorsCount', errors.length) : '';
  $('errors-section').hidden = errors.length === 0;
  var shown = 0;
  var more = el('button', 'ghost small');
  more.type = 'button';
  var moreItem = el('li', 'errors-more');
  moreItem.appendChild(more);
  var add = function (n) {
    var end = Math.min(errors.length, shown + n);
    for (; shown < end; shown++) {
      var e = errors[shown], where = e.line ? t('errLine', e.line) : '';
      if (e.field) where += (where ? ' · ' : '') + e.field;
      var li = el('li', '', (where ? where + t('colon') : '') + (e.message || e.code || t('unknownError')));
      li.lang = 'zh-CN';
      list.insertBefore(li, moreItem.parentNode ? moreItem : null);
    }
    if (shown < errors.length) {
      more.textContent = t('moreErrors', Math.min(ERRORS_MORE, errors.length - shown), errors.length);
      if (!moreItem.parentNode) list.appendChild(moreItem);
    } else if (moreItem.parentNode) {
      var focusBack = document.activeElement === more;
      moreItem.remove();
      if (focusBack) $('errors-title').focus();
    }
  };
  more.addEventListener('click', function () { add(ERRORS_MORE); });
  add(ERRORS_FIRST);
}

function renderAll() {
  if (!state.result) return;
  renderCards();
  renderChart();
  renderQueue();
  renderErrors(state.result.head.errors || []);
}
on('result', renderAll);
on('lang', renderAll);
on('filter', function () { if (state.result) renderCards(); });
