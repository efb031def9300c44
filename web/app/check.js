// A check: the input goes to the worker (into the workspace, web/worker/workspace.js), the compact
// result comes back and becomes state.result; then the clock: countdowns tick every second and,
// when an order's status changes on its own (a deadline or a due-soon mark passes), small inputs
// are checked again.
import {ask} from './engine.js';
import {t} from './i18n.js';
import {$} from './dom.js';
import {fmtFull, formatRemaining, isoToEpoch, kb} from './format.js';
import {inputText, keepOutOfBox, BIG} from './panels/input.js';
import {KEY_INPUT, STORAGE_MAX, storageRemove, storageSet} from './storage.js';
import {progressStage, setState, showProgress, storageWarn} from './status.js';
import {emit, on, setBigBatch, setClockStale, setDueSoonSeconds, setResult, setRunning, setWsProblem, state} from './state.js';
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

var queued = null, autoRerun = false, previewShown = false;

// The workspace's mode for a new batch: merged into the orders already there (the default), or
// instead of them (a fresh start); the page that embeds the app may choose with
// <html data-workspace-mode="replace">; the merchant's choice is remembered.
export function mergeMode() {
  var mode = state.settings.mode || document.documentElement.dataset.workspaceMode;
  return mode !== 'replace';
}

// Sends one request that gives a check result (check, add, recheck, restore, import) and shows
// it. done: the state message afterwards ([key, values...]); big: show the progress bar; failed:
// the message key for a failure.
function perform(request, done, big, failed) {
  setRunning(true);
  $('run').disabled = true;
  if (big) showProgress(true);
  var started = performance.now();
  request.options = JSON.stringify(checkOptions());
  request.filter = state.filter;
  return ask(request).then(function (msg) {
    var received = performance.now();
    showProgress(false);
    setRunning(false);
    $('run').disabled = false;
    if (!msg.compact) {
      var next = queued;
      queued = null;
      if (next) next();
      return msg;
    }
    try {
      accept(msg.compact);
    } catch (err) {
      setState(['unreadable', err.message], 'bad');
      return msg;
    }
    setState(typeof done === 'function' ? done(msg.compact) : done || ['done'], '', 'done');
    var ms = msg.compact.ms || {};
    state.timings.lastTimings = {orders: msg.compact.count, total_ms: performance.now() - started,
      core_ms: ms.check, worker_summary_ms: ms.summary, page_ms: performance.now() - received, worker: ms};
    var after = queued;
    queued = null;
    if (after) after();
    return msg;
  }, function (err) {
    showProgress(false);
    setRunning(false);
    $('run').disabled = false;
    setState([failed || 'checkFailed', err.message], 'bad');
    queued = null;
  });
}

// Checks what the box holds: a new batch for the workspace (merged or instead of the others), a
// sample (shown, not kept), or, when the box holds the workspace's newest batch or nothing, the
// workspace again.
export function run() {
  if (!state.engine.ready) return;
  if (state.running) { queued = run; return; }
  var pasted = inputText();
  if ($('paste').value.length > BIG) keepOutOfBox(pasted);
  // The extension's side panel adds the orders the merchant backend loaded (extension/sidepanel-feed.js).
  var hooks = self.lanshouPage, text = hooks && hooks.feed ? hooks.feed(pasted) : pasted;
  var sample = state.sampleNow != null && text === state.lastSampleText;
  var request, merge = mergeMode();
  if (sample) {
    request = {type: 'check', text: text};
  } else if (text === '' && (state.bigBatch || (state.workspace && state.workspace.batches.length))) {
    request = {type: 'recheck', visit: true, reason: 'check'};
  } else {
    var from = text !== pasted ? {source: 'extension', name: ''} : state.inputSource || {source: 'paste', name: ''};
    request = {type: 'add', text: text, replace: !merge, shop: state.settings.shop, source: from.source, name: from.name};
    keepInput(pasted);  // only what the merchant pasted: the backend's orders come again from the backend
  }
  if (text.length <= 300000) setState([request.type === 'add' && merge ? 'merging' : 'checking'], '', 'busy');
  perform(request, function (c) {
    return request.type === 'add' && merge && c.workspace ? ['merged', c.workspace.batches.length] : ['done'];
  }, text.length > 300000);
}
on('run', run);

// The last input also goes to local storage (up to its size): the page's fallback where the
// workspace cannot be kept, and what earlier versions restored.
function keepInput(text) {
  var kept = state.wsProblem == null || state.wsProblem.code === 'aside';  // the workspace keeps it
  // Too big for local storage: not even tried (a failed write of many MB still costs time); where
  // the workspace keeps it, only a small one (a write of megabytes holds the page 100 ms and more).
  var tooBig = text.length + KEY_INPUT.length > (kept ? 1e5 : STORAGE_MAX);
  if (tooBig) storageRemove(KEY_INPUT);
  var saveOk = !tooBig && storageSet(KEY_INPUT, text);
  if (saveOk) storageWarn(null);
  else if (kept) storageWarn(tooBig ? null : ['storageFullKept']);
  else storageWarn([tooBig ? 'inputTooBig' : 'inputNotSaved', kb(text.length * 2)]);
}

// The shown input checked again: on the clock, after a rule change, when another tab changed the
// workspace (visit: the change list starts again from here).
export function recheck(reason, visit, done) {
  if (!state.engine.ready) return;
  if (state.running) { queued = function () { recheck(reason, visit, done); }; return; }
  perform({type: 'recheck', reason: reason, visit: !!visit, record: reason !== 'other-tab'}, done);
}

// The stored workspace, as the page starts. Resolves false when there is none. warm: a made-up
// input {text, options} the worker checks first (its first check is its slowest).
export function restore(warm) {
  setState(['restoring'], '', 'busy');
  state.timings.restoreAsked = performance.now();
  var request = {type: 'restore'};
  if (warm) { request.warm = warm.text; request.warmOptions = warm.options; }
  return perform(request).then(function (msg) {
    if (msg && msg.warmMs != null) state.timings.warmMs = msg.warmMs;
    if (!msg) return false;
    setWsProblem(msg.problem || (msg.compact && msg.compact.workspace && msg.compact.workspace.problem) || null);
    var r = msg.compact && msg.compact.restored;
    if (!r) return false;
    if (r.text != null) { $('paste').value = r.text; setBigBatch(null); } else { setBigBatch({size: r.size}); emit('big-batch'); }
    return true;
  });
}

// The stored result of the workspace's last check, shown at the start while it is checked again.
export function showPreview(c) {
  accept(c);
  previewShown = true;
  setState(['restoredPreview'], '', 'busy');
}

// A backup file's workspace instead of this one.
export function importBackup(text) {
  setState(['importing'], '', 'busy');
  return perform({type: 'import', text: text}, ['importDone'], false, 'importFailed');
}

function accept(c) {
  var head = JSON.parse(c.head || '{}');
  var now = isoToEpoch(head.now);
  var R = {
    gen: c.gen, count: c.count, status: c.status, deadline: c.deadline, findings: c.findings, fix: c.fix,
    fixUntil: c.fixUntil, risk: c.risk, line: c.line, fields: c.fields, offsets: c.offsets, counts: c.counts,
    couriers: c.couriers, overview: c.overview, head: head, now: isFinite(now) ? now : Date.now() / 1000, nowIso: head.now,
    checkedAt: Date.now(), live: !clockSetting(), workspace: c.workspace || null
  };
  R.nextEvent = nextEvent(R, R.now);
  // a re-check on the clock, or the check after the stored result was shown: keep the scroll
  // position and the open order
  var keep = autoRerun || previewShown;
  autoRerun = false;
  previewShown = false;
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
      recheck('clock');
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
