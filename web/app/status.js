// The lines under the input: the state of the check (#state, with its data-phase for scripts and
// tests in either language), the progress bar of a big check, where the input came from
// (#file-info) and a storage warning. Each keeps its message as [key, values...] so that it is
// written again in the other language when the language is switched.
import {tMsg} from './i18n.js';
import {$} from './dom.js';
import {on} from './state.js';

var stateMsg = ['loading'], fileInfoMsg = null, storageMsg = null;

// msg: [message key, values...] or a text. phase: loading, ready, busy, done or error; a message
// without one keeps the phase it was in.
export function setState(msg, tone, phase) {
  var e = $('state');
  stateMsg = msg;
  e.textContent = Array.isArray(msg) ? tMsg(msg) : msg;
  e.className = tone ? 'tone-' + tone : '';
  if (phase) e.setAttribute('data-phase', phase);
  else if (tone === 'bad') e.setAttribute('data-phase', 'error');
}

export function showFileInfo(msg) {
  fileInfoMsg = msg || null;
  var fi = $('file-info');
  fi.textContent = msg ? tMsg(msg) : '';
  fi.hidden = !msg;
}

export function storageWarn(msg) {
  storageMsg = msg || null;
  var w = $('storage-warning');
  w.textContent = msg ? tMsg(msg) : '';
  w.hidden = !msg;
}

// A big check shows a bar and the seconds it takes; the worker tells the number of lines.
var progressTimer = null, progressStart = 0, progressStageName = 'check', progressLines = 0, progressTick = null;
export function progressStage(stage, lines) {
  progressStageName = stage;
  if (lines) progressLines = lines;
  if (progressTick) progressTick();  // said at once, not at the next tick
}
export function showProgress(on) {
  clearInterval(progressTimer);
  progressTick = null;
  $('progress').hidden = !on;
  if (!on) return;
  progressStart = Date.now();
  progressStageName = 'check';
  progressLines = 0;
  var tick = function () {
    setState([progressStageName === 'compact' ? 'progressCompact' : 'progressCheck', progressLines,
              Math.floor((Date.now() - progressStart) / 1000)], '', 'busy');
  };
  tick();
  progressTick = tick;
  progressTimer = setInterval(tick, 500);
}

on('lang', function () {
  $('state').textContent = Array.isArray(stateMsg) ? tMsg(stateMsg) : stateMsg;
  storageWarn(storageMsg);
  showFileInfo(fileInfoMsg);
});
