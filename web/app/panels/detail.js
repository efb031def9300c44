// The order detail panel (a modal drawer): the order's status and countdown, the next step, its
// facts, the problems found, why it has this status, how to fix a wrong number, the courier trace
// and the words to send (wording.js). The order's full JSON comes from the worker when it opens.
import {ask} from '../engine.js';
import {fieldsOf, nowEpoch} from '../check.js';
import {$, chip, copyButton, el, zh} from '../dom.js';
import {fmtFull, fmtShort, formatRemaining, isoToEpoch, yuan} from '../format.js';
import {t} from '../i18n.js';
import {closeModal, openDialog, openModal} from '../modal.js';
import {on, state} from '../state.js';
import {findingOf} from '../vocab.js';
import {renderMarks} from './marks.js';
import {backendLink, focusActive} from './table.js';
import {forgetWording, renderWordingForm, wordingOrder} from './wording.js';

var detailIndex = null, detailReturn = null, detailOrder = null, detailRecord = null;

export function openDetail(i, from) {
  wordingOrder(i);
  // what to give focus back to: the element, or the same row or queue entry drawn anew
  var opener = from || document.activeElement;
  if (openDialog() !== $('detail')) {
    detailReturn = {el: opener, queue: opener && opener.closest && opener.closest('#queue') ? i : null};
  }
  detailIndex = i;
  var body = $('detail-body');
  body.textContent = '';
  body.appendChild(el('p', 'hint', t('readingOrder')));
  openModal($('detail'), closeDetail);
  $('detail-close').focus();
  var gen = state.result.gen, sn = fieldsOf(i)[0];
  ask({type: 'order', gen: gen, index: i}).then(function (msg) {
    if (detailIndex !== i) return;
    if (msg.stale) {
      // a newer result came meanwhile (the workspace checked again): the same order in it
      if (state.result && state.result.gen !== gen && sn) reopen(sn, gen);
      return;
    }
    var o = JSON.parse(msg.json);
    detailOrder = o;
    detailRecord = msg.record || null;
    renderDetail(o, i);
  }, function (err) {
    body.textContent = '';
    body.appendChild(el('p', 'tone-bad', t('orderFailed', err.message)));
  });
}

// Once the result after `gen` is there, the order with this number is opened in it.
function reopen(sn, gen) {
  var again = function () {
    if (!state.result || state.result.gen === gen) return;
    for (var j = 0; j < state.result.count; j++) {
      if (fieldsOf(j)[0] === sn) { openDetail(j, detailReturn && detailReturn.el); return; }
    }
    closeDetail();
  };
  again();
}

export function closeDetail(silent) {
  closeModal($('detail'));
  detailIndex = null;
  detailOrder = null;
  detailRecord = null;
  forgetWording();
  var back = detailReturn;
  detailReturn = null;
  if (silent) return;
  var queued = back && back.queue != null && $('queue').querySelector('[data-order-index="' + back.queue + '"]');
  if (back && back.el && document.contains(back.el)) back.el.focus();
  else if (queued) queued.focus();
  else focusActive();
}

function section(body, title, cls) {
  var s = el('section', 'detail-section ' + (cls || ''));
  s.appendChild(el('h3', '', title));
  body.appendChild(s);
  return s;
}

function renderDetail(o, i) {
  var body = $('detail-body');
  body.textContent = '';
  var now = nowEpoch();
  // header
  var head = el('div', 'detail-head');
  var snLine = el('p', 'detail-sn');
  snLine.appendChild(el('span', 'mono', o.order_sn || t('noSn')));
  if (o.order_sn) snLine.appendChild(copyButton(o.order_sn, t('copySn')));
  var backend = backendLink(o.order_sn);
  if (backend) {
    var link = el('a', 'ghost small button backend-link', t('openInBackend'));
    link.href = backend;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    snLine.appendChild(link);
  }
  head.appendChild(snLine);
  var st = el('p', 'detail-status');
  st.appendChild(chip(o.status, state.lang === 'en' ? null : o.status_text));
  var d = isoToEpoch(o.deadline);
  if (isFinite(d)) {
    var cd = el('span', 'countdown big ' + (d < now ? 'tone-bad' : d - now <= state.dueSoonSeconds ? 'tone-warn' : ''));
    cd.setAttribute('data-deadline', d);
    cd.textContent = formatRemaining(d - now);
    st.appendChild(cd);
    st.appendChild(el('span', 'hint', t('deadlineAt', fmtFull(d))));
  }
  head.appendChild(st);
  if (o.action) {
    var next = el('p', 'next-step', t('nextStep'));
    next.appendChild(zh(el('span', '', o.action)));
    head.appendChild(next);
  }
  var jump = el('p', 'jump');
  [[t('jumpFix'), 'fix', o.fix_path && o.fix_path.steps], [t('jumpWording'), 'wording', true], [t('jumpWhy'), 'explain', o.explain && o.explain.length]]
    .forEach(function (j) {
      if (!j[2]) return;
      var b = el('button', 'ghost small', j[0]);
      b.type = 'button';
      b.addEventListener('click', function () {
        var target = body.querySelector('.detail-section.' + j[1]);
        if (!target) return;
        target.scrollIntoView({block: 'start'});
        var h = target.querySelector('h3');
        if (h) { h.tabIndex = -1; h.focus({preventScroll: true}); }
      });
      jump.appendChild(b);
    });
  head.appendChild(jump);
  var facts = el('dl', 'facts');
  var courier = o.courier || {};
  [[t('factProduct'), o.product], [t('factCourier'), courier.name || courier.declared],
   [t('factTracking'), o.tracking_no, 'mono'], [t('factRisk'), typeof o.risk_yuan === 'number' && o.risk_yuan > 0 ? yuan(o.risk_yuan) : null],
   [t('factSource'), o.source && o.source.line ? t('factSourceLine', o.source.line) : null]].forEach(function (f) {
    if (f[1] == null || f[1] === '') return;
    facts.appendChild(el('dt', '', f[0]));
    facts.appendChild(el('dd', f[2] || '', f[1]));
  });
  if (courier.declared && courier.name && courier.declared !== courier.name) {
    facts.appendChild(el('dt', '', t('factDeclared')));
    facts.appendChild(el('dd', '', courier.declared));
  }
  head.appendChild(facts);
  body.appendChild(head);

  renderMarks(body, i, detailRecord);

  if (o.findings && o.findings.length) {
    var fs = section(body, t('secFindings'), 'findings');
    var ul = el('ul', 'plain');
    o.findings.forEach(function (f) {
      var li = el('li');
      var tone = f.severity === 'critical' ? 'bad' : f.severity === 'warning' ? 'warn' : 'ok';
      li.appendChild(el('span', 'badge tone-' + tone, findingOf(f.code)[0]));
      li.appendChild(zh(el('span', '', ' ' + (f.message || ''))));
      ul.appendChild(li);
    });
    fs.appendChild(ul);
  }

  if (o.explain && o.explain.length) {
    var ex = section(body, t('secExplain'), 'explain');
    var ul2 = zh(el('ul'));
    o.explain.forEach(function (line) { ul2.appendChild(el('li', '', line)); });
    ex.appendChild(ul2);
  }

  if (o.fix_path && o.fix_path.steps) renderFix(body, o);

  if (o.events && o.events.length) {
    var ev = section(body, t('secEvents'), 'events');
    var ol = zh(el('ol', 'timeline'));
    o.events.forEach(function (e) {
      var li = el('li', 'ev-' + (e['class'] || 'other'));
      li.appendChild(el('span', 'mono ev-at', fmtFull(isoToEpoch(e.at))));
      li.appendChild(el('span', '', ' ' + (e.text || '')));
      ol.appendChild(li);
    });
    ev.appendChild(ol);
  }

  renderWordingForm(section(body, t('secWording'), 'wording'), o, i);
}

function renderFix(body, o) {
  var fp = o.fix_path;
  var s = section(body, t('secFix'), 'fix');
  var until = isoToEpoch(fp.until);
  var badge;
  if (fp.code === 'modify_direct') {
    badge = el('p', 'until tone-ok', t('untilDirect', fmtShort(until)));
  } else if (fp.code === 'notify_note_extra_package') {
    badge = el('p', 'until tone-warn', t('untilExtra', fmtShort(until)));
  } else {
    badge = el('p', 'until tone-bad', t('untilNone'));
  }
  s.appendChild(badge);
  var ol = zh(el('ol', 'wizard'));
  fp.steps.forEach(function (step, n) {
    var li = el('li', 'step');
    var id = 'step-' + n;
    var cb = el('input');
    cb.type = 'checkbox';
    cb.id = id;
    var lab = el('label', 'step-title', step.title);
    lab.htmlFor = id;
    var top = el('div', 'step-top');
    top.appendChild(cb);
    top.appendChild(lab);
    li.appendChild(top);
    if (step.menu) {
      var m = el('p', 'menu');
      m.appendChild(el('span', 'menu-path', step.menu));
      m.appendChild(copyButton(step.menu, t('copyPath')));
      li.appendChild(m);
    }
    if (step.detail) li.appendChild(el('p', 'hint', step.detail));
    cb.addEventListener('change', function () { li.classList.toggle('done', cb.checked); });
    ol.appendChild(li);
  });
  s.appendChild(ol);
}

export function setupDetail() {
  $('detail-close').addEventListener('click', function () { closeDetail(); });
}

on('open-order', function (e) { openDetail(e.index, e.from); });
// A new result: its order is gone (a re-check on the clock keeps it open).
on('result', function (e) { if (detailIndex != null && !e.keep) closeDetail(); });
on('cleared', function () { closeDetail(true); });
on('lang', function () { if (detailOrder && detailIndex != null) renderDetail(detailOrder, detailIndex); });
