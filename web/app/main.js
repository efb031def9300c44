// The merchant's page. The core runs in a Web Worker (engine.js, web/worker/); the page gets a
// compact result (typed arrays + one text line per order) and asks for one order's full JSON when a
// row is opened. One state owner (state.js); a module per panel (panels/): input, overview, table,
// detail (with wording), rules, export. Bundled into one classic script by scripts/build-site.mjs.
import META from 'lanshou:meta';
import {checkOptions, fieldsOf, recheck, restore, run, renderClock, showPreview, tick} from './check.js';
import {$} from './dom.js';
import {ask, startWorker} from './engine.js';
import {applyStatic, collectStatic, num, t} from './i18n.js';
import {setupModals} from './modal.js';
import {BIG, decode, decodeBytes, keepOutOfBox, setupInput} from './panels/input.js';
import {openDetail, setupDetail} from './panels/detail.js';
import {buildPrint, setupExport} from './panels/export.js';
import {loadRulesQuietly, setupRules} from './panels/rules.js';
import {requestView, setupTable} from './panels/table.js';
import './panels/overview.js';
import {setupWorkspace} from './panels/workspace.js';
import {notifications, setupReminders} from './reminders.js';
import {formatRemaining} from './format.js';
import {KEY_INPUT, KEY_LANG, loadLang, loadSettings, storageGet, storageSet} from './storage.js';
import {progressStage, setState} from './status.js';
import {clearResult, emit, setClock, setEngine, setInputSource, setLang, setSettings, setWorkspace, state} from './state.js';

setLang(loadLang());
setSettings(loadSettings());
// ?now=2025-03-12T12:00:00%2B08:00 sets the clock. An unescaped '+' arrives as a space: undo that.
var nowParam = new URLSearchParams(location.search).get('now');
if (nowParam) nowParam = nowParam.replace(/(T\d{2}:\d{2}(?::\d{2})?) (\d{2}:?\d{2})$/, '$1+$2');
setClock({nowParam: nowParam || null});

// Everything the page wrote is written again in the other language; the result stays.
function setLanguage(next) {
  setLang(next);
  storageSet(KEY_LANG, state.lang);
  var params = new URLSearchParams(location.search);
  if (params.has('lang')) {  // the switch wins over the address from now on
    params.delete('lang');
    var q = params.toString();
    try { history.replaceState(null, '', location.pathname + (q ? '?' + q : '') + location.hash); } catch (e) { /* file: */ }
  }
  applyStatic();
  emit('lang');
}

// The engine's first check is slower than the next (its code is optimized as it runs), so the
// worker checks a made-up export once as the page starts (while it reads the workspace from disk):
// the sample export's rows repeated to WARM_ROWS orders, under new order numbers.
var WARM_ROWS = 3000;
function warmText() {
  num(1234.5);  // number formatting for the language: its first use loads locale data (~40 ms)
  var sample = META.samples.filter(function (x) { return x.name === 'export-utf8.csv'; })[0];
  if (!sample || !WARM_ROWS) return null;
  var lines = sample.text.split('\n').filter(Boolean), head = lines[0], rows = lines.slice(1), out = [head];
  for (var i = 0; i < WARM_ROWS; i++) {
    out.push(rows[i % rows.length].replace(/^(\d{6}-)(\d{15})/, function (m, a) { return a + String(100000000000000 + i); }));
  }
  return {text: out.join('\n'), options: JSON.stringify({now: sample.now})};
}

// The stored workspace comes back and is checked; with none, the last input of local storage (an
// earlier version of the page kept it there) becomes its first batch.
function onReady() {
  loadRulesQuietly();
  var warm = $('paste').value ? null : warmText();
  restore(warm).then(function (restored) {
    if (restored) return;
    var last = storageGet(KEY_INPUT);
    if (last && !$('paste').value) {
      if (last.length > BIG) keepOutOfBox(last); else $('paste').value = last;
      setInputSource({source: 'restored', name: ''});
      setState(['restored'], '', 'busy');
      run();
    } else if ($('paste').value) {
      run();
    } else {
      setState(['ready'], '', 'ready');
    }
  });
}

// What the worker says unasked: the marks changed in another tab; another tab changed the batches
// (checked again here, with this page's options); a save is done (for the benchmark).
function fromWorker(msg) {
  if (msg.workspace && state.result && msg.gen === state.result.gen) setWorkspace(msg.workspace);
  if (msg.external === 'clear') {
    if (state.result && state.workspace) { clearResult(true); setState(['wsCleared'], '', 'ready'); }
  } else if (msg.external) {
    recheck('other-tab', true, ['otherTab']);
  }
  if (msg.preview) {
    showPreview(msg.compact);
    state.timings.preview = {at: performance.now(), ms: msg.compact.ms};
  }
  if (msg.saved) state.timings.saved = {gen: msg.gen, ms: msg.ms, stored: msg.stored, pageAt: performance.now()};
}

function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  if (document.documentElement.dataset.workerUrl || document.documentElement.dataset.offline === '1') return;
  if (!document.querySelector('link[rel="manifest"]')) return;
  navigator.serviceWorker.register('sw.js').catch(function () { /* online only */ });
}

$('run').disabled = true;
collectStatic();
applyStatic();
setState(['loading'], '', 'loading');
setupInput();
setupTable();
setupDetail();
setupRules();
setupExport();
setupWorkspace();
setupReminders();
setupModals();
$('lang-switch').addEventListener('click', function () { setLanguage(state.lang === 'en' ? 'zh' : 'en'); });
setInterval(tick, 1000);
renderClock();

// For the extension, the benchmark and the browser tests. The extension's side panel adds its own
// hooks: feed(pasted) (the text to check: the paste and the orders the merchant backend loaded)
// and orderLink(sn) (the order's page in the backend).
self.lanshouPage = {
  run: run, decode: decode, decodeBytes: decodeBytes, formatRemaining: formatRemaining,
  openDetail: openDetail, buildPrint: buildPrint, state: function () { return state.result; },
  view: function () { return state.view; },
  setLanguage: setLanguage, language: function () { return state.lang; },
  engine: function () { return {version: state.engine.version, unpackMs: state.engine.unpackMs, readyAt: state.engine.readyAt}; },
  // a batch from elsewhere (the extension): {source, name, shop}; checked as a paste is
  add: function (text, from) {
    from = from || {};
    setInputSource({source: String(from.source || 'extension'), name: String(from.name || '')});
    $('paste').value = '';
    keepOutOfBox(String(text));
    run();
  },
  checkOptions: checkOptions,
  // Opens the detail of the order with this number, if the last check has it.
  openOrder: function (sn) {
    for (var i = 0; state.result && i < state.result.count; i++) if (fieldsOf(i)[0] === sn) { openDetail(i); return true; }
    return false;
  },
  notifications: notifications,
  workspace: function () { return state.workspace; },
  timings: function () { return state.timings; },
  refilter: function () { requestView(false); },
};
Object.defineProperty(self.lanshouPage, 'lastTimings', {get: function () { return state.timings.lastTimings; }});
Object.defineProperty(self.lanshouPage, 'warmMs', {get: function () { return state.timings.warmMs; }});

startWorker({
  ready: function (engine) {
    setEngine({ready: true, version: engine.version, unpackMs: engine.unpackMs, readyAt: performance.now()});
    emit('engine');
    $('run').disabled = false;
    onReady();
  },
  failed: function (message) { setState(['engineFailed', message], 'bad'); },
  progress: function (stage, lines) { progressStage(stage, lines); },
  error: function (message) { setState(['engineError', message || t('unknownError')], 'bad'); },
  other: fromWorker,
});
registerServiceWorker();
