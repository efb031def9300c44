// The export panel (the tool buttons): the core's CSV of the check, the print view, the one-file
// page for download, and clearing what the page kept on this computer.
import {ask} from '../engine.js';
import {fieldsOf, nowEpoch} from '../check.js';
import {$, el} from '../dom.js';
import {fmtFull, fmtShort, formatRemaining} from '../format.js';
import {t} from '../i18n.js';
import {KEY_INPUT, KEY_SETTINGS, storageRemove} from '../storage.js';
import {setState, storageWarn} from '../status.js';
import {clearResult, on, setWsProblem, state} from '../state.js';
import {CARD_ORDER, FINDING_CODES, S, STATUS_CODES, findingOf, statusOf} from '../vocab.js';

// Saves a download: a link to the URL with a file name, clicked.
function saveAs(url, name) {
  var a = el('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}
export function saveBlob(blob, name) {
  var url = URL.createObjectURL(blob);
  saveAs(url, name);
  setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
}

// "下载离线版": Chromium fetches a download from the network even when the service worker has the
// file, so with the network off the link alone fails. Take the stored copy when there is one.
function downloadOffline(e) {
  var link = this, name = link.getAttribute('download');
  if (!self.caches || !/^https?:$/.test(location.protocol)) return;  // the link as it is
  e.preventDefault();
  caches.match(link.getAttribute('href'), {ignoreSearch: true}).then(function (hit) {
    if (!hit) throw new Error('not stored yet');
    return hit.blob();
  }).then(function (blob) { saveBlob(blob, name); }, function () { saveAs(link.href, name); });
}

function exportCsv() {
  if (!state.result) return;
  setState(['csvMaking'], '');
  ask({type: 'csv'}).then(function (msg) {
    var text = msg.text.charCodeAt(0) === 0xfeff ? msg.text : '\ufeff' + msg.text;
    var stamp = fmtFull(state.result.now).replace(/[^0-9]/g, '').slice(0, 12);
    saveBlob(new Blob([text], {type: 'text/csv;charset=utf-8'}), 'lanshou-' + stamp + '.csv');
    setState(['csvDone'], '');
  }, function (err) { setState(['csvFailed', err.message], 'bad'); });
}

// The print view: the counts and the table's rows as filtered (at most 3,000).
export function buildPrint() {
  var area = $('print-area'), R = state.result, view = state.view;
  area.textContent = '';
  if (!R) return;
  area.appendChild(el('h2', '', t('printTitle', fmtFull(R.now))));
  var k = R.counts;
  area.appendChild(el('p', '', CARD_ORDER.filter(function (c) { return k.byStatus[S[c]]; })
      .map(function (c) { return statusOf(c)[0] + ' ' + k.byStatus[S[c]]; }).join(' · ')));
  var table = el('table');
  var tr0 = el('tr');
  t('printHead').forEach(function (h) { tr0.appendChild(el('th', '', h)); });
  table.appendChild(tr0);
  var now = nowEpoch(), limit = Math.min(view.length, 3000);
  for (var p = 0; p < limit; p++) {
    var i = view[p], tr = el('tr');
    var f = [];
    FINDING_CODES.forEach(function (fc, bit) { if (R.findings[i] & (1 << bit)) f.push(findingOf(fc)[0]); });
    var f4 = fieldsOf(i);
    [f4[0], statusOf(STATUS_CODES[R.status[i]])[0], isFinite(R.deadline[i]) ? formatRemaining(R.deadline[i] - now) : '—',
     fmtShort(R.deadline[i]), f4[2], f4[1], f.join(t('listJoin'))].forEach(function (v) { tr.appendChild(el('td', '', v || '—')); });
    table.appendChild(tr);
  }
  area.appendChild(table);
  if (view.length > limit) area.appendChild(el('p', '', t('printMore', view.length - limit)));
}

// Everything the page kept: the input, the settings, the workspace and what was kept aside.
function clearLocal() {
  storageRemove(KEY_INPUT);
  storageRemove(KEY_SETTINGS);
  clearResult();
  storageWarn(null);
  setWsProblem(null);
  setState(['cleared'], '', 'ready');
  ask({type: 'clear', all: true}).catch(function () { /* the worker is not running: nothing stored */ });
}

export function setupExport() {
  $('export-csv').addEventListener('click', exportCsv);
  $('download-offline').addEventListener('click', downloadOffline);
  $('print').addEventListener('click', function () { buildPrint(); window.print(); });
  window.addEventListener('beforeprint', buildPrint);
  $('clear-local').addEventListener('click', clearLocal);
  // The one-file page cannot offer itself for download; the served site links to it.
  if (location.protocol === 'file:' || document.documentElement.dataset.offline === '1') {
    $('download-offline').hidden = true;
  }
}

on('result', function () {
  $('export-csv').disabled = false;
  $('print').disabled = false;
});
on('cleared', function () {
  $('output').hidden = true;
  $('welcome').hidden = false;
  $('export-csv').disabled = true;
  $('print').disabled = true;
});
