// A check: the input goes to the worker, the compact result comes back and becomes state.result;
// then the clock: countdowns tick every second and, when an order's status changes on its own (a
// deadline or a due-soon mark passes), small inputs are checked again.
import {ask} from './engine.js';
import {t} from './i18n.js';
import {$} from './dom.js';
import {fmtFull, formatRemaining, isoToEpoch, kb} from './format.js';
import {inputText, keepOutOfBox, BIG} from './panels/input.js';
import {KEY_INPUT, STORAGE_MAX, storageRemove, storageSet} from './storage.js';
import {progressStage, setState, showProgress, storageWarn} from './status.js';
import {emit, on, setClockStale, setDueSoonSeconds, setResult, setRunning, state} from './state.js';
import {CLOCK} from './vocab.js';

export function clockSetting() { return state.nowParam || state.sampleNow || state.settings.now || null; }

export function checkOptions() {
  // Up to 512 MB of text (about 2 million orders): the core's default of 64 MB would refuse a
  // 1M-order export (226 MB), which the wasm module checks in about 3.4x its size of memory.
  var o = {max_input_mb: 512};
  var now = clockSetting();
  if (now) o.now = now;
  if (Object.keys(state.settings.rules).length) o.rules = state.settings.rules;
  return o;
}

// The clock of the result: the check's own, moving on with the real clock when it is live.
export function nowEpoch() {
  var R = state.result;
  if (!R) return Date.now() / 1000;
  return R.live ? R.now + (Date.now() - R.checkedAt) / 1000 : R.now;
}

var rerunQueued = false, autoRerun = false;

export function run() {
  if (!state.engine.ready) return;
  if (state.running) { rerunQueued = true; return; }
  var text = inputText();
  if ($('paste').value.length > BIG) keepOutOfBox(text);
  setRunning(true);
  $('run').disabled = true;
  var big = text.length > 300000;
  if (big) showProgress(true); else setState(['checking'], '', 'busy');
  var started = performance.now();
  // Too big for local storage: not even tried (a failed write of many MB still costs time).
  var tooBig = text.length + KEY_INPUT.length > STORAGE_MAX;
  if (tooBig) storageRemove(KEY_INPUT);
  var saveOk = !tooBig && storageSet(KEY_INPUT, text);
  storageWarn(saveOk ? null : [tooBig ? 'inputTooBig' : 'inputNotSaved', kb(text.length * 2)]);
  ask({type: 'check', text: text, options: JSON.stringify(checkOptions()), filter: state.filter}).then(function (msg) {
    var received = performance.now();
    showProgress(false);
    setRunning(false);
    $('run').disabled = false;
    try {
      accept(msg.compact);
    } catch (err) {
      setState(['unreadable', err.message], 'bad');
      return;
    }
    setState(['done'], '', 'done');
    var ms = msg.compact.ms || {};
    state.timings.lastTimings = {orders: msg.compact.count, total_ms: performance.now() - started,
      core_ms: ms.check, worker_summary_ms: ms.summary, page_ms: performance.now() - received};
    if (rerunQueued) { rerunQueued = false; run(); }
  }, function (err) {
    showProgress(false);
    setRunning(false);
    $('run').disabled = false;
    setState(['checkFailed', err.message], 'bad');
  });
}
on('run', run);

function accept(c) {
  var head = JSON.parse(c.head || '{}');
  var now = isoToEpoch(head.now);
  var R = {
    gen: c.gen, count: c.count, status: c.status, deadline: c.deadline, findings: c.findings, fix: c.fix,
    fixUntil: c.fixUntil, risk: c.risk, line: c.line, fields: c.fields, offsets: c.offsets, counts: c.counts,
    couriers: c.couriers, overview: c.overview, head: head, now: isFinite(now) ? now : Date.now() / 1000, nowIso: head.now,
    checkedAt: Date.now(), live: !clockSetting()
  };
  R.nextEvent = nextEvent(R, R.now);
  var keep = autoRerun;  // a re-check on the clock: keep the scroll position and the open order
  autoRerun = false;
  setResult(R, c.view, c.filter, keep);
}

// order i's text fields: [order_sn, tracking_no, courier, product], decoded from the UTF-8 bytes
// (an offset per order) when a row is drawn
var fieldDecoder = new TextDecoder();
export function fieldsOf(i) {
  var R = state.result;
  var from = R.offsets[i], to = Math.max(from, R.offsets[i + 1] - 1);
  var a = fieldDecoder.decode(R.fields.subarray(from, to)).split('\t');
  return [a[0] || '', a[1] || '', a[2] || '', a[3] || ''];
}

// --- the version line and the clock line ------------------------------------------------------
export function renderVersion() {
  var h = state.result && state.result.head;
  var v = '';
  if (h && h.rules && h.rules.version != null) {
    v = t('version', h.lanshou, h.rules.id, h.rules.version) + (h.rules.as_of ? t('versionAsOf', h.rules.as_of) : '') +
        (h.rules.overridden && h.rules.overridden.length ? t('overriddenCount', h.rules.overridden.length) : '');
  } else if (state.engine.version) {
    v = 'lanshou ' + state.engine.version;
  }
  $('version').textContent = v;
}

export function renderClock() {
  var c = $('clock'), R = state.result;
  if (!R) { c.textContent = state.nowParam ? t('clockParam', state.nowParam) : ''; return; }
  var why = state.nowParam ? 'param' : state.sampleNow ? 'sample' : state.settings.now ? 'set' : 'live';
  c.textContent = t('clock', fmtFull(R.now)) + t('clockWhy')[why] + (state.clockStale ? t('clockStale') : '');
}

on('result', function () {
  $('output').hidden = false;
  $('welcome').hidden = true;
  renderVersion();
  renderClock();
});
on('lang', function () {
  renderVersion();
  renderClock();
});
on('engine', renderVersion);
on('cleared', function () { $('clock').textContent = ''; });

// --- ticking countdowns -----------------------------------------------------------------------
var lastAuto = 0;
export function tick() {
  var R = state.result;
  if (!R) return;
  var now = nowEpoch();
  document.querySelectorAll('[data-deadline]').forEach(function (e) {
    var left = Number(e.getAttribute('data-deadline')) - now;
    var text = formatRemaining(left);
    if (e.textContent !== text) e.textContent = text;
  });
  // A clock crossed a deadline or the due-soon mark: the statuses change, check again.
  if (R.live && !state.running && now >= R.nextEvent) {
    R.nextEvent = nextEvent(R, now);
    // Small inputs are checked again right away (at most once a minute); a big one waits for
    // the merchant, with a note.
    if (R.count <= 5000 && Date.now() - lastAuto > 60000) {
      lastAuto = Date.now();
      autoRerun = true;
      run();
    } else if (!state.clockStale) {
      setClockStale(true);
      renderClock();
    }
  }
  emit('tick', {now: now});
}

// The first moment after `after` at which an order's status changes on its own: one second past
// its deadline (the core's clock is in whole seconds) or its due-soon mark. Once per result and
// per change, not every second.
function nextEvent(R, after) {
  var next = Infinity;
  if (!R || R.count > 200000) return next;
  var soonBy = state.dueSoonSeconds;
  for (var i = 0; i < R.count; i++) {
    if (!CLOCK[R.status[i]]) continue;
    var d = R.deadline[i], overdue = d + 1, soon = d - soonBy;
    if (overdue > after && overdue < next) next = overdue;
    if (soon > after && soon < next) next = soon;
  }
  return next;
}
export function setDueSoon(seconds) {
  setDueSoonSeconds(seconds);
  if (state.result) state.result.nextEvent = nextEvent(state.result, nowEpoch());
}
