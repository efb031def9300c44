// The rules panel (a modal drawer): the check's clock ("suppose now is…") and every rule value with
// its source and confidence; a value changed here is kept in the settings and the input is checked
// again with it.
import {ask} from '../engine.js';
import {checkOptions, clockSetting, recheck, renderClock, setDueSoon} from '../check.js';
import {$, el, zh} from '../dom.js';
import {fmtFull, isoToEpoch} from '../format.js';
import {t} from '../i18n.js';
import {closeModal, openModal} from '../modal.js';
import {saveSettings} from '../settings.js';
import {on, resetRules, setClock, setRule, setSettingsNow, state} from '../state.js';

// How sure a rule value is: firm (from PDD's own rules), uncertain (to be verified), advice.
var CONFIDENCE_TONE = {firm: 'ok', uncertain: 'warn', advice: 'muted'};

function openRules() {
  openModal($('rules-panel'), closeRules);
  $('open-rules').setAttribute('aria-expanded', 'true');
  var now = clockSetting();
  $('clock-input').value = now ? toLocalInput(now) : '';
  loadRules();
  $('rules-close').focus();
}
function closeRules(silent) {
  closeModal($('rules-panel'));
  $('open-rules').setAttribute('aria-expanded', 'false');
  if (silent !== true) $('open-rules').focus();
}
function toLocalInput(s) {
  var at = isoToEpoch(/[+Z]|[-]\d\d:\d\d$/.test(s.slice(10)) ? s : s.replace(' ', 'T') + '+08:00');
  if (!isFinite(at)) return '';
  return fmtFull(at).replace(' ', 'T');
}

function loadRules() {
  ask({type: 'rules', options: JSON.stringify(checkOptions())}).then(function (msg) {
    var list = $('rules-list');
    list.textContent = '';
    if (!msg.json) { list.appendChild(el('p', 'hint', t('noRules'))); return; }
    renderRules(JSON.parse(msg.json));
  }, function (err) { $('rules-list').textContent = err.message; });
}

// The due-soon hours, which the page's countdown colours and its clock use, without the panel.
export function loadRulesQuietly() {
  ask({type: 'rules', options: JSON.stringify(checkOptions())}).then(function (msg) {
    if (!msg.json) return;
    var doc = JSON.parse(msg.json);
    var v = doc.values && doc.values.due_soon_hours;
    if (v && typeof v.value === 'number') setDueSoon(v.value * 3600);
  }, function () { /* the defaults stay */ });
}

function isStrings(value) {
  return Array.isArray(value) && value.every(function (x) { return typeof x === 'string'; });
}

function ruleInput(value) {
  var input;
  if (typeof value === 'number') {
    input = el('input');
    input.type = 'number';
    input.step = 'any';
    input.value = String(value);
  } else if (typeof value === 'string') {
    input = el('input');
    input.type = 'text';
    input.value = value;
  } else if (isStrings(value)) {
    input = el('textarea');
    input.rows = Math.min(4, value.length || 1);
    input.value = value.join('\n');
  } else {
    input = el('textarea');
    input.rows = 3;
    input.value = JSON.stringify(value, null, 1);
  }
  return input;
}

function renderRules(doc) {
  var values = doc.values || {}, rules = state.settings.rules;
  if (values.due_soon_hours && typeof values.due_soon_hours.value === 'number') setDueSoon(values.due_soon_hours.value * 3600);
  $('rules-meta').textContent = t('rulesMeta', doc.name || '', doc.version || '', doc.as_of || '') +
      (doc.overridden && doc.overridden.length ? t('overriddenCount', doc.overridden.length) : '');
  var errs = $('rules-errors');
  errs.textContent = (doc.errors || []).map(function (e) { return e.message; }).join(t('listSep'));
  errs.hidden = !(doc.errors && doc.errors.length);
  var list = $('rules-list');
  list.textContent = '';
  Object.keys(values).forEach(function (key) {
    var v = values[key];
    var box = el('div', 'rule' + (key in rules ? ' overridden' : ''));
    box.setAttribute('data-key', key);
    var id = 'rule-' + key;
    var lab = zh(el('label', 'rule-label', v.label || key));
    lab.htmlFor = id;
    box.appendChild(lab);
    var row = el('div', 'rule-row');
    var value = v.value;
    var input = ruleInput(value);
    input.id = id;
    input.className = 'rule-input';
    row.appendChild(input);
    if (v.unit && typeof value === 'number') row.appendChild(el('span', 'unit', t('units')[v.unit] || v.unit));
    var badge = el('span', 'badge tone-' + (CONFIDENCE_TONE[v.confidence] || 'muted'), t('confidence')[v.confidence] || v.confidence || '');
    badge.setAttribute('data-confidence', v.confidence || '');
    row.appendChild(badge);
    if (key in rules) {
      var reset = el('button', 'ghost small', t('ruleReset'));
      reset.type = 'button';
      reset.addEventListener('click', function () { setRule(key); saveSettings(); rulesChanged(); });
      row.appendChild(reset);
    }
    box.appendChild(row);
    var src = el('p', 'rule-source', t('ruleSource'));
    src.appendChild(v.source ? zh(el('span', '', v.source)) : document.createTextNode(t('ruleNoSource')));
    src.appendChild(document.createTextNode(t('ruleAsOf', doc.as_of || '') + ' · ' + key));
    box.appendChild(src);
    input.addEventListener('change', function () {
      var nv;
      if (typeof value === 'number') {
        nv = Number(input.value);
        if (input.value === '' || !isFinite(nv)) { input.value = String(value); return; }
      } else if (typeof value === 'string') {
        nv = input.value;
      } else if (isStrings(value)) {
        nv = input.value.split('\n').map(function (x) { return x.trim(); }).filter(Boolean);
      } else {
        try { nv = JSON.parse(input.value); } catch (e) { errs.textContent = t('badJson', v.label || key); errs.hidden = false; return; }
      }
      setRule(key, nv);
      saveSettings();
      rulesChanged();
    });
    list.appendChild(box);
  });
}

// The shown input checked again under the new rules (the workspace's batches are not added again).
function rulesChanged() {
  loadRules();
  if (state.result) recheck('rules');
}

export function setupRules() {
  $('rules-close').addEventListener('click', function () { closeRules(); });
  $('open-rules').addEventListener('click', function () { if ($('rules-panel').hidden) openRules(); else closeRules(); });
  $('rules-reset').addEventListener('click', function () { resetRules(); saveSettings(); rulesChanged(); });
  $('clock-apply').addEventListener('click', function () {
    var v = $('clock-input').value;
    if (!v) return;
    setSettingsNow(v.replace('T', ' ') + (v.length === 16 ? ':00' : ''));
    setClock({sampleNow: null, nowParam: null});
    saveSettings();
    if (state.result) recheck('check');
    renderClock();
  });
  $('clock-live').addEventListener('click', function () {
    setSettingsNow(null);
    setClock({sampleNow: null, nowParam: null});
    $('clock-input').value = '';
    saveSettings();
    if (state.result) recheck('check');
  });
}

on('lang', function () { if (!$('rules-panel').hidden) loadRules(); });
