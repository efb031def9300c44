// The page's one state owner. What more than one module reads lives in `state`; modules read it
// freely and change it only through the functions below. A change that other modules draw from is
// announced: on(name, fn) subscribes, and the functions here emit
//   'result'  a new check result was accepted ({keep}: a re-check on the clock, keep the scroll)
//   'view'    the rows to show changed (a filter, a sort, a new result) ({resetScroll})
//   'lang'    the page's language changed: everything the page wrote is written again
//   'cleared' the merchant cleared what the page kept
//   'workspace' the workspace's view of the result changed (marks, changes, batches, a problem)
// State private to one panel (the scroll position, the open order's wording fields) stays in it.

export const state = {
  lang: 'zh',           // 'zh' or 'en': the page's own words (the core's words stay Chinese)
  result: null,         // the last check: the compact result with split fields (see check.js accept)
  view: new Uint32Array(0),  // order indices in the table's order, for the filter
  viewSeq: 0,           // the newest view asked for: an older answer is dropped
  active: 0,            // position in view of the focused row
  filter: {status: '', courier: '', finding: '', q: '', sort: 'urgency', handled: '', shop: '', change: ''},
  // kept in local storage (storage.js): rule overrides, a set clock; the workspace's mode ('merge'
  // or 'replace', null: the page's default), the shop label of new batches, the reminders
  settings: {rules: {}, now: null, mode: null, shop: '', remind: false, remindMinutes: 60},
  workspace: null,      // the workspace's view of the shown result (worker/workspace.js info), or null
  wsProblem: null,      // what is wrong with the stored workspace: {code, message}
  bigBatch: null,       // the restored newest batch when too big for the box: {size}
  inputSource: null,    // where the box's text came from: {source: 'paste' | 'file', name}
  nowParam: null,       // ?now= of the address
  sampleNow: null,      // a sample's own clock, for as long as the sample is shown
  lastSampleText: null,
  dueSoonSeconds: 6 * 3600,  // the rules' due_soon_hours
  running: false,       // a check is under way
  bigText: null,        // a large input kept out of the text box (a big textarea makes the page sluggish)
  engine: {ready: false, version: '', unpackMs: null},
  clockStale: false,    // some order crossed a deadline since the check
  timings: {},          // for the benchmark: lastTimings, warmMs (self.lanshouPage)
};

const listeners = {};
export function on(name, fn) {
  (listeners[name] = listeners[name] || []).push(fn);
}
export function emit(name, detail) {
  (listeners[name] || []).forEach(function (fn) { fn(detail || {}); });
}

export function setLang(lang) {
  state.lang = lang === 'en' ? 'en' : 'zh';
}

// A new check result, with the rows the worker ordered for the filter it applied.
export function setResult(result, view, filter, keep) {
  state.result = result;
  state.workspace = result.workspace || null;
  state.view = view;
  state.viewSeq++;  // a view asked for before this result is of the one before
  state.filter = filter;
  state.clockStale = false;
  emit('result', {keep: keep});
}

export function nextViewSeq() {
  return ++state.viewSeq;
}

export function setFilterValue(key, value) {
  state.filter[key] = value;
}

export function setView(view, resetScroll) {
  state.view = view;
  emit('view', {resetScroll: resetScroll});
}

export function setActive(position) {
  state.active = position;
}

export function setSettings(settings) {
  state.settings = settings;
}
// One rule's value (undefined: back to the default); all rules back to their defaults; the clock
// the merchant set ("YYYY-MM-DD HH:MM:SS", Beijing time) or null for the live clock.
export function setRule(key, value) {
  if (value === undefined) delete state.settings.rules[key]; else state.settings.rules[key] = value;
}
export function resetRules() {
  state.settings.rules = {};
}
export function setSettingsNow(now) {
  state.settings.now = now;
}

export function setClock(what) {
  ['nowParam', 'sampleNow', 'lastSampleText'].forEach(function (k) { if (k in what) state[k] = what[k]; });
}

export function setDueSoonSeconds(seconds) {
  state.dueSoonSeconds = seconds;
}

export function setRunning(running) {
  state.running = running;
}

export function setBigText(text) {
  state.bigText = text;
}

export function setEngine(engine) {
  state.engine = engine;
}

export function setClockStale(stale) {
  state.clockStale = stale;
}

// keepSettings: only the workspace is cleared, not the rules, the clock and the choices.
export function clearResult(keepSettings) {
  state.result = null;
  state.workspace = null;
  if (!keepSettings) state.settings = {rules: {}, now: null, mode: null, shop: '', remind: false, remindMinutes: 60};
  state.sampleNow = null;
  state.bigText = null;
  state.bigBatch = null;
  emit('cleared');
}

// The workspace's view of the shown result (null: the result is not of the workspace).
export function setWorkspace(info) {
  state.workspace = info;
  if (state.result) state.result.workspace = info;
  emit('workspace');
}
export function setWsProblem(problem) {
  state.wsProblem = problem || null;
  emit('workspace');
}
export function setBigBatch(big) {
  state.bigBatch = big;
}
export function setInputSource(source) {
  state.inputSource = source;
}
// A setting of the workspace: mode, shop, remind, remindMinutes.
export function setSetting(key, value) {
  state.settings[key] = value;
}
