// The workspace panel: how a new batch goes in (merged or instead, under which shop), what the
// workspace holds, what changed since the merchant last looked (each kind a filter of the table),
// the backup file, clearing it, and a problem with the stored workspace. The worker keeps the
// workspace (web/worker/workspace.js); this draws its view and sends the merchant's choices.
import {ask} from '../engine.js';
import {importBackup, mergeMode} from '../check.js';
import {$, el} from '../dom.js';
import {fmtFull} from '../format.js';
import {t, tIn} from '../i18n.js';
import {KEY_INPUT, storageRemove} from '../storage.js';
import {saveSettings} from '../settings.js';
import {setState} from '../status.js';
import {clearResult, on, setSetting, state} from '../state.js';
import {saveBlob} from './export.js';
import {setFilter} from './table.js';

var KINDS = ['overdue', 'picked', 'delivered', 'new', 'other'];

function stamp() {
  return fmtFull(Date.now() / 1000).replace(/[^0-9]/g, '').slice(0, 12);
}

function renderSummary() {
  var w = state.workspace, box = $('ws-summary');
  if (!w) { box.textContent = ''; return; }
  var parts = [t('wsBatches', w.batches.length)];
  if (w.shops.length) parts.push(t('wsShops', w.shops.join(t('listJoin'))));
  var b = w.batches[w.batches.length - 1];
  if (b) parts.push(t('wsLatest', fmtFull(b.at / 1000).slice(5) + ' ' + (b.name || t('sources')[b.source] || b.source)));
  if (!w.stored) parts.push(t('wsMemory'));
  box.textContent = parts.join(t('wsSep'));
  var list = $('shop-names');
  list.textContent = '';
  w.shops.forEach(function (s) { var o = el('option'); o.value = s; list.appendChild(o); });
}

function renderChanges() {
  var w = state.workspace, box = $('changes-box'), list = $('changes');
  list.textContent = '';
  box.hidden = !(w && w.compared);
  if (box.hidden) return;
  var any = false;
  // orders gone from the export: still in the merged table (a filter), else only named
  (w.goneShown ? KINDS.concat('gone') : KINDS).forEach(function (kind) {
    var n = w.counts[kind];
    if (!n) return;
    any = true;
    var b = el('button', 'ghost small change-' + kind, tIn('changeCount', kind, n));
    b.type = 'button';
    b.setAttribute('data-change', kind);
    b.setAttribute('aria-pressed', state.filter.change === kind ? 'true' : 'false');
    b.addEventListener('click', function () { setFilter('change', state.filter.change === kind ? '' : kind); });
    list.appendChild(b);
  });
  if (w.counts.gone && !w.goneShown) {
    any = true;
    var d = el('details', 'gone');
    d.setAttribute('data-change', 'gone');
    d.appendChild(el('summary', '', tIn('changeCount', 'gone', w.counts.gone)));
    d.appendChild(el('p', 'hint mono', t('goneList', w.gone.join(t('listJoin')) + (w.counts.gone > w.gone.length ? '…' : ''))));
    list.appendChild(d);
  }
  if (!any) list.appendChild(el('span', 'hint', t('changesNone')));
}

function renderProblem() {
  var p = state.wsProblem || (state.workspace && state.workspace.problem), box = $('ws-problem');
  box.hidden = !p;
  if (!p) return;
  $('ws-problem-text').textContent = tIn('wsProblem', p.code, p.message || '');
  $('ws-aside').hidden = p.code !== 'aside';
  box.setAttribute('data-problem', p.code);
}

function renderAll() {
  renderSummary();
  renderChanges();
  renderProblem();
}

function download(type, name, done) {
  ask({type: type}).then(function (msg) {
    saveBlob(new Blob([msg.text], {type: 'application/json'}), name);
    if (done) setState([done], '');
  }, function (err) { setState(['backupFailed', err.message], 'bad'); });
}

export function setupWorkspace() {
  var merge = $('merge'), shop = $('shop');
  merge.checked = mergeMode();
  merge.addEventListener('change', function () { setSetting('mode', merge.checked ? 'merge' : 'replace'); saveSettings(); });
  shop.value = state.settings.shop;
  shop.addEventListener('change', function () { setSetting('shop', shop.value.trim().slice(0, 40)); saveSettings(); });
  $('ws-backup').addEventListener('click', function () {
    setState(['backupMaking'], '');
    download('backup', 'lanshou-workspace-' + stamp() + '.json', 'backupDone');
  });
  $('ws-aside').addEventListener('click', function () { download('aside', 'lanshou-kept-aside-' + stamp() + '.json'); });
  $('ws-import').addEventListener('change', function () {
    var file = this.files && this.files[0];
    this.value = '';
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      importBackup(String(reader.result)).then(function (msg) {
        if (msg && msg.empty) { clearResult(true); setState(['importDone'], '', 'done'); }
      });
    };
    reader.onerror = function () { setState(['importFailed', file.name], 'bad'); };
    reader.readAsText(file);
  });
  $('ws-clear').addEventListener('click', function () {
    ask({type: 'clear'}).then(function () {
      storageRemove(KEY_INPUT);
      clearResult(true);
      setState(['wsCleared'], '', 'ready');
    }, function (err) { setState(['checkFailed', err.message], 'bad'); });
  });
}

on('result', renderAll);
on('workspace', renderAll);
on('lang', renderAll);
on('filter', renderChanges);
on('cleared', function () {
  $('merge').checked = mergeMode();
  $('shop').value = state.settings.shop;
  renderAll();
});
