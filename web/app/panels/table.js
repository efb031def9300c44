// The table panel: the filters (choices that have orders, with their counts) and the virtual table
// (only the rows in sight are in the DOM). The worker filters and sorts; this draws its answer
// unless a newer one was asked for. A row opens the order's details ('open-order').
import {ask} from '../engine.js';
import {fieldsOf, nowEpoch} from '../check.js';
import {$, chip, el, option} from '../dom.js';
import {fmtShort, formatRemaining} from '../format.js';
import {t} from '../i18n.js';
import {setState} from '../status.js';
import {emit, nextViewSeq, on, setActive, setFilterValue, setView, state} from '../state.js';
import {MARKS} from './marks.js';
import {CARD_ORDER, FINDING_CODES, FIX_DIRECT, OVERDUE, S, SOON, STATUS_CODES, findingOf, statusOf} from '../vocab.js';

var ROW_H = 40;

// The selects list the choices that have orders, with their counts (counted by the worker).
function fillFilters() {
  var R = state.result, k = R.counts, filter = state.filter;
  var st = $('f-status');
  st.textContent = '';
  option(st, '', t('optAll', R.count));
  var od = 0, soon = 0;
  k.byStatus.forEach(function (n, s) { if (OVERDUE[s]) od += n; else if (SOON[s]) soon += n; });
  option(st, 'group:urgent', t('optUrgent', od + soon));
  option(st, 'group:overdue', t('optOverdue', od));
  CARD_ORDER.forEach(function (code) {
    var n = k.byStatus[S[code]];
    if (n) option(st, code, t('optCount', statusOf(code)[0], n));
  });
  var cs = $('f-courier');
  cs.textContent = '';
  option(cs, '', t('optAllCouriers'));
  R.couriers.forEach(function (c) {
    option(cs, c[0] === '' ? '\u0000' : c[0], t('optCount', c[0] || t('optNoCourier'), c[1]));
  });
  var fs = $('f-finding');
  fs.textContent = '';
  option(fs, '', t('optAnyFinding'));
  option(fs, 'any', t('optSomeFinding', k.withFindings));
  FINDING_CODES.forEach(function (code, bit) {
    if (k.byFinding[bit]) option(fs, code, t('optCount', findingOf(code)[0], k.byFinding[bit]));
  });
  $('f-status').value = filter.status;
  $('f-courier').value = filter.courier;
  $('f-finding').value = filter.finding;
  $('f-sort').value = filter.sort;
  fillWorkspaceFilters();
}

// 处理 (handled or not) where the result is of the workspace; 店铺 when it holds two shops or more.
function fillWorkspaceFilters() {
  var w = state.workspace, filter = state.filter;
  $('f-handled').disabled = !w;
  $('f-handled').value = w ? filter.handled : '';
  var shops = w ? w.shops : [], sel = $('f-shop');
  $('f-shop-box').hidden = shops.length < 2;
  sel.textContent = '';
  option(sel, '', t('optAll', state.result.count));
  shops.forEach(function (name) { option(sel, name, name); });
  sel.value = filter.shop;
}

var SELECT_OF = {status: 'f-status', courier: 'f-courier', finding: 'f-finding', q: 'f-search', sort: 'f-sort',
  handled: 'f-handled', shop: 'f-shop'};
export function setFilter(key, value) {
  setFilterValue(key, value);
  var id = SELECT_OF[key];
  if (id && $(id).value !== value) $(id).value = value;
  emit('filter');
  requestView(true);
}

export function requestView(resetScroll) {
  var R = state.result;
  if (!R) return;
  var seq = nextViewSeq(), gen = R.gen;
  $('results').setAttribute('aria-busy', 'true');
  ask({type: 'view', gen: gen, filter: state.filter}).then(function (msg) {
    if (seq !== state.viewSeq || msg.stale || !state.result || state.result.gen !== gen) return;
    setView(msg.view, resetScroll);
  }, function (err) { setState(['filterFailed', err.message], 'bad'); });
}

// As tall as the rows need, at most most of the screen. Its height and scroll position are kept
// here so that drawing a new result does not make the browser lay out the page twice.
var scrollerHeight = 0, scrollerTop = 0;

function showView(resetScroll) {
  var view = state.view;
  $('results').removeAttribute('aria-busy');
  if (resetScroll) {
    if (scrollerTop !== 0) $('scroller').scrollTop = 0;
    scrollerTop = 0;
    setActive(0);
  }
  if (state.active >= view.length) setActive(Math.max(0, view.length - 1));
  $('shown').textContent = t('shown', view.length, state.result.count);
  $('empty').hidden = view.length > 0;
  $('results').setAttribute('aria-rowcount', String(view.length + 1));
  sizeScroller();
  renderRows(resetScroll ? 0 : null);
}

function sizeScroller() {
  var px = Math.min(Math.max(window.innerHeight * 0.62, 320), 38 + Math.max(state.view.length, 3) * ROW_H + 2);
  $('scroller').style.height = px + 'px';
  scrollerHeight = px - 2;  // inside its borders
}

function spacer(height) {
  var tr = el('tr', 'spacer');
  tr.setAttribute('aria-hidden', 'true');
  var td = el('td');
  td.colSpan = 7;
  td.style.height = height + 'px';
  tr.appendChild(td);
  return tr;
}

// top: the scroll position when it is known (0 after a reset), else read from the scroller
function renderRows(top) {
  var view = state.view;
  var scroller = $('scroller'), tbody = $('results').tBodies[0];
  if (top == null) top = scroller.scrollTop;
  scrollerTop = top;
  var h = scrollerHeight || scroller.clientHeight || 600;
  var first = Math.max(0, Math.floor(top / ROW_H) - 8);
  var last = Math.min(view.length, Math.ceil((top + h) / ROW_H) + 8);
  var now = nowEpoch();
  var frag = document.createDocumentFragment();
  if (first > 0) frag.appendChild(spacer(first * ROW_H));
  for (var p = first; p < last; p++) frag.appendChild(row(view[p], p, now));
  if (last < view.length) frag.appendChild(spacer((view.length - last) * ROW_H));
  var hadFocus = tbody.contains(document.activeElement);
  tbody.textContent = '';
  tbody.appendChild(frag);
  if (hadFocus) focusActive();
}

function row(i, p, now) {
  var R = state.result;
  var code = STATUS_CODES[R.status[i]], f4 = fieldsOf(i);
  var tr = el('tr', p === state.active ? 'active' : '');
  tr.setAttribute('data-order-sn', f4[0]);
  tr.setAttribute('data-status', code);
  tr.setAttribute('data-index', i);
  tr.setAttribute('data-pos', p);
  tr.setAttribute('aria-rowindex', String(p + 2));
  tr.tabIndex = p === state.active ? 0 : -1;
  tr.appendChild(orderCell(f4[0]));
  var tdS = el('td');
  tdS.appendChild(chip(code));
  tr.appendChild(tdS);
  var d = R.deadline[i];
  var tdL = el('td', 'countdown');
  if (isFinite(d)) {
    tdL.setAttribute('data-deadline', d);
    var left = d - now;
    tdL.textContent = formatRemaining(left);
    tdL.className = 'countdown ' + (left < 0 ? 'tone-bad' : left <= state.dueSoonSeconds ? 'tone-warn' : '');
  } else {
    tdL.textContent = '—';
  }
  tr.appendChild(tdL);
  tr.appendChild(el('td', '', isFinite(d) ? fmtShort(d) : '—'));
  tr.appendChild(el('td', '', f4[2] || '—'));
  tr.appendChild(el('td', 'mono', f4[1] || '—'));
  var tdF = el('td', 'badges');
  var f = R.findings[i];
  if (f) {
    FINDING_CODES.forEach(function (fc, bit) {
      if (f & (1 << bit)) {
        var fo = findingOf(fc);
        var b = el('span', 'badge tone-' + fo[1], fo[0]);
        b.setAttribute('data-code', fc);
        tdF.appendChild(b);
      }
    });
  }
  if (R.fix[i] === FIX_DIRECT && isFinite(R.fixUntil[i]) && R.fixUntil[i] >= now) {
    tdF.appendChild(el('span', 'badge tone-ok', t('directFix')));
  }
  var handled = R.workspace ? R.workspace.handled[i] : 0;
  if (handled) {
    tr.setAttribute('data-handled', String(handled));
    MARKS.forEach(function (m) {
      if (handled & m[1]) tdF.appendChild(el('span', 'badge tone-done', t('markBadges')[m[0]]));
    });
  }
  tr.appendChild(tdF);
  return tr;
}

// The order number; in the extension, a link to the order's page in the merchant backend.
function orderCell(sn) {
  var td = el('td', 'mono'), url = backendLink(sn);
  if (!url) { td.textContent = sn || '—'; return td; }
  var a = el('a', 'backend-link', sn);
  a.href = url;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  a.title = t('openInBackend');
  td.appendChild(a);
  return td;
}

// The order's page in the merchant backend: only where the page that embeds the app says how
// (the extension's self.lanshouPage.orderLink), else null.
export function backendLink(sn) {
  var hooks = self.lanshouPage;
  return sn && hooks && hooks.orderLink ? hooks.orderLink(sn) : null;
}

export function focusActive() {
  var tr = $('results').querySelector('tr[data-pos="' + state.active + '"]');
  if (tr) tr.focus({preventScroll: true});
}
export function focusTable() {
  $('table-section').scrollIntoView({block: 'start'});
  $('scroller').focus({preventScroll: true});
}

function moveActive(to) {
  var view = state.view;
  if (!view.length) return;
  setActive(Math.max(0, Math.min(view.length - 1, to)));
  var scroller = $('scroller');
  var y = state.active * ROW_H, h = scroller.clientHeight - ROW_H;  // thead takes one row
  if (y < scroller.scrollTop) scroller.scrollTop = y;
  else if (y > scroller.scrollTop + h - ROW_H) scroller.scrollTop = y - h + ROW_H;
  renderRows();
  focusActive();
}

export function setupTable() {
  var scroller = $('scroller');
  var raf = 0;
  scroller.addEventListener('scroll', function () {
    if (raf) return;
    raf = requestAnimationFrame(function () { raf = 0; renderRows(); });
  });
  scroller.addEventListener('click', function (e) {
    var tr = e.target.closest('tr[data-index]');
    if (!tr) return;
    setActive(Number(tr.getAttribute('data-pos')));
    renderRows();
    emit('open-order', {index: Number(tr.getAttribute('data-index')), from: tr});
  });
  scroller.addEventListener('keydown', function (e) {
    var page = Math.max(1, Math.floor(scroller.clientHeight / ROW_H) - 1);
    var k = e.key, active = state.active, view = state.view;
    if (k === 'ArrowDown') moveActive(active + 1);
    else if (k === 'ArrowUp') moveActive(active - 1);
    else if (k === 'PageDown') moveActive(active + page);
    else if (k === 'PageUp') moveActive(active - page);
    else if (k === 'Home') moveActive(0);
    else if (k === 'End') moveActive(view.length - 1);
    else if (k === 'Enter' || k === ' ') {
      if (view.length) emit('open-order', {index: view[active], from: $('results').querySelector('tr[data-pos="' + active + '"]')});
    } else return;
    e.preventDefault();
  });
  scroller.addEventListener('focus', function (e) { if (e.target === scroller && state.view.length) moveActive(state.active); });
  window.addEventListener('resize', function () { if (state.result) { sizeScroller(); renderRows(); } });

  $('f-status').addEventListener('change', function () { setFilter('status', this.value); });
  $('f-courier').addEventListener('change', function () { setFilter('courier', this.value); });
  $('f-finding').addEventListener('change', function () { setFilter('finding', this.value); });
  $('f-sort').addEventListener('change', function () { setFilter('sort', this.value); });
  $('f-handled').addEventListener('change', function () { setFilter('handled', this.value); });
  $('f-shop').addEventListener('change', function () { setFilter('shop', this.value); });
  var searchTimer = 0;
  $('f-search').addEventListener('input', function () {
    var v = this.value;
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () { setFilterValue('q', v); requestView(true); }, 120);
  });
}

on('result', function (e) {
  fillFilters();
  showView(!e.keep);
});
on('view', function (e) { showView(e.resetScroll); });
// The marks changed: the rows show them; a filter on them is asked again.
on('workspace', function () {
  if (!state.result) return;
  fillWorkspaceFilters();
  if (state.filter.handled) requestView(false); else renderRows();
});
on('lang', function () {
  if (!state.result) return;
  fillFilters();
  $('shown').textContent = t('shown', state.view.length, state.result.count);
  renderRows();
});
