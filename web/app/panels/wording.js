// The words to send, inside the order detail: a small form (the right courier and number, an
// appeal reason, more details) and a card per message the core writes for this order, with its
// variants, what is still missing and the evidence to prepare. Asked from the worker as the
// merchant types (400 ms after the last key).
import META from 'lanshou:meta';
import {ask} from '../engine.js';
import {$, copyButton, el, option, ui, zh} from '../dom.js';
import {t} from '../i18n.js';
import {state} from '../state.js';

var order = null;         // the open order's JSON
var wordingFor = null;    // its index: the fields' values are kept while the same order is reopened
var wordingInputs = {};
var wordingTimer = null, wordingSeq = 0;

// The order i is being opened: the fields keep their values if it is the one before.
export function wordingOrder(i) {
  if (wordingFor !== i) { wordingInputs = {}; wordingFor = i; }
}
export function forgetWording() {
  order = null;
}

function field(form, key, label, placeholder, type) {
  var id = 'w-' + key;
  var wrap = el('div', 'field');
  var lab = el('label', '', label);
  lab.htmlFor = id;
  var input = type === 'select' ? el('select') : type === 'textarea' ? el('textarea') : el('input');
  input.id = id;
  if (type !== 'select' && type !== 'textarea') input.type = 'text';
  if (placeholder) input.placeholder = placeholder;
  input.setAttribute('data-key', key);
  wrap.appendChild(lab);
  wrap.appendChild(input);
  form.appendChild(wrap);
  if (wordingInputs[key] != null && type !== 'select') input.value = wordingInputs[key];
  input.addEventListener(type === 'select' ? 'change' : 'input', function () {
    wordingInputs[key] = input.value;
    clearTimeout(wordingTimer);
    wordingTimer = setTimeout(requestWording, type === 'select' ? 0 : 400);
  });
  return input;
}

// s: the detail's section for the words; o: the order's JSON
export function renderWordingForm(s, o) {
  order = o;
  s.appendChild(el('p', 'hint', t('wordingHint')));
  if (state.lang === 'en') s.appendChild(el('p', 'hint lang-note', t('wordingNote')));
  var form = el('div', 'wording-form');
  var courierInput = field(form, 'correct_courier', t('wCourier'), t('wCourierEg'));
  var list = el('datalist');
  list.id = 'courier-names';
  (META.couriers || []).forEach(function (c) { var op = el('option'); op.value = c; list.appendChild(op); });
  form.appendChild(list);
  courierInput.setAttribute('list', 'courier-names');
  field(form, 'correct_tracking_no', t('wTracking'), t('wTrackingEg'));
  var reason = field(form, 'reason', t('wReason'), null, 'select');
  option(reason, '', t('wNoAppeal'));
  (META.reasons || []).forEach(function (r) { option(reason, r.code, r.name); });
  reason.value = wordingInputs.reason || '';
  s.appendChild(form);
  var more = el('details', 'more');
  more.appendChild(el('summary', '', t('wMore')));
  var form2 = el('div', 'wording-form');
  field(form2, 'new_pickup_time', t('wPickupTime'), t('wPickupTimeEg'));
  field(form2, 'outlet_name', t('wOutlet'), t('wOutletEg'));
  field(form2, 'reason_detail', t('wReasonDetail'), t('wReasonDetailEg'), 'textarea');
  field(form2, 'correct_picked_up_time', t('wPickedUp'), t('wPickedUpEg'));
  field(form2, 'measures', t('wMeasures'), t('wMeasuresEg'), 'textarea');
  more.appendChild(form2);
  s.appendChild(more);
  s.appendChild(el('div', 'wording-out', null)).id = 'wording-out';
  requestWording();
}

function wordingRequest(extra) {
  var o = order || {};
  var rq = {order_sn: o.order_sn || '', kind: 'all'};
  Object.keys(wordingInputs).forEach(function (k) { if (wordingInputs[k]) rq[k] = wordingInputs[k]; });
  if (state.result && state.result.nowIso) rq.now = state.result.nowIso;
  if (Object.keys(state.settings.rules).length) rq.rules = state.settings.rules;
  Object.keys(extra || {}).forEach(function (k) { rq[k] = extra[k]; });
  return rq;
}

function requestWording() {
  if (!order) return;
  var seq = ++wordingSeq;
  ask({type: 'wording', request: wordingRequest()}).then(function (msg) {
    if (seq !== wordingSeq || !$('wording-out')) return;
    renderWordings(JSON.parse(msg.json));
  }, function (err) {
    var out = $('wording-out');
    if (out) { out.textContent = ''; out.appendChild(el('p', 'tone-bad', err.message)); }
  });
}

function slotLabel(name) {
  return META.slots && META.slots[name] ? META.slots[name] : name;
}

function renderWordings(r) {
  var out = $('wording-out');
  out.textContent = '';
  if (r.error) { out.appendChild(el('p', 'warning', r.error)); return; }
  if (!r.wordings || !r.wordings.length) {
    out.appendChild(el('p', 'hint', t('noWording')));
  }
  (r.wordings || []).forEach(function (w) { out.appendChild(wordingCard(w)); });
  (r.notes || []).forEach(function (n) { out.appendChild(zh(el('p', 'hint note-line', n))); });
}

function wordingCard(w) {
  var c = el('article', 'wording-card');
  c.lang = 'zh-CN';  // the core's words; the page's own labels in it say their language
  c.setAttribute('data-kind', w.kind || '');
  c.appendChild(el('h4', '', w.title || w.kind));
  if (w.where || w.menu) {
    var where = el('p', 'hint');
    where.appendChild(ui(el('span', '', t('pasteInto'))));
    where.appendChild(document.createTextNode((w.where || '') + (w.menu ? '（' + w.menu + '）' : '')));
    c.appendChild(where);
  }
  var text = el('p', 'wording-text', w.text || '');
  text.tabIndex = 0;
  c.appendChild(text);
  var bar = el('div', 'wording-bar');
  bar.appendChild(ui(copyButton(function () { return text.textContent; }, t('copy'))));
  var chars = (w.chars || 0) + (w.max_chars ? ' / ' + w.max_chars : '');
  bar.appendChild(ui(el('span', 'hint' + (w.max_chars && w.chars > w.max_chars ? ' tone-bad' : ''), t('chars', chars))));
  if (w.variants_available && w.variants_available.length > 1) {
    var group = el('span', 'variants');
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', t('variants'));
    ui(group);
    w.variants_available.forEach(function (v) {
      var b = el('button', 'ghost small' + (v === w.variant ? ' on' : ''), v === 'brief' || v === 'polite' || v === 'full' ? t(v) : v);
      b.type = 'button';
      b.setAttribute('aria-pressed', v === w.variant ? 'true' : 'false');
      b.addEventListener('click', function () {
        ask({type: 'wording', request: wordingRequest({kind: w.kind, variant: v})}).then(function (msg) {
          var r = JSON.parse(msg.json);
          if (r.wordings && r.wordings[0]) c.replaceWith(wordingCard(r.wordings[0]));
        });
      });
      group.appendChild(b);
    });
    bar.appendChild(group);
  }
  c.appendChild(bar);
  if (w.missing && w.missing.length) {
    c.appendChild(ui(el('p', 'warning small', t('missing', w.missing.map(slotLabel).join(t('listJoin'))))));
  }
  (w.warnings || []).forEach(function (x) { c.appendChild(el('p', 'warning small', x)); });
  if (w.evidence && w.evidence.length) {
    var ev = el('div', 'evidence');
    ev.appendChild(ui(el('p', 'small strong', t('evidence'))));
    var ul = el('ul', 'plain');
    w.evidence.forEach(function (e, n) {
      var li = el('li');
      var cb = el('input');
      cb.type = 'checkbox';
      cb.id = 'ev-' + (w.kind || '') + '-' + n;
      var lab = el('label', '', e);
      lab.htmlFor = cb.id;
      li.appendChild(cb);
      li.appendChild(lab);
      ul.appendChild(li);
    });
    ev.appendChild(ul);
    c.appendChild(ev);
  }
  return c;
}
