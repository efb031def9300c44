// The workspace's save and restore (issue 20.7): node scripts/bench/workspace.mjs ORDERS RUNS
// In headless chromium (the browser tests' setup), a fresh profile per run: build/site over http,
// a generated export of ORDERS orders pasted as a merchant pastes it (a paste event), then the page
// reloaded, which restores the workspace from IndexedDB and checks it again. Prints one JSON line,
// medians of RUNS runs:
//   save_ms            paste -> the whole workspace on disk, as the page hears of it: the batch
//                      (written while the core checks it; stored_ms: from the worker taking the batch
//                      to its write done, check_ms of it the core), then the orders' snapshot, the
//                      history and the compact result (snapshot_ms); save_after_rows_ms: after the rows
//   first_rows_ms      paste -> the first frame with result rows (as scripts/bench/page.mjs)
//   restore_ms         the reloaded page asking for its workspace -> the first frame with its rows
//                      (the last check's result as stored; the workspace is then checked again at the
//                      current time: restore_check_ms)
//   restore_read_ms    of which reading IndexedDB (the worker: open, read, check the records; a warm-up
//                      check of 3,000 orders runs meanwhile)
//   restore_first_rows_ms  navigation start -> the first frame with rows (the engine's start included)
//   long_tasks         main-thread tasks over 50 ms from the paste until the save, and from the
//                      reloaded page asking for its workspace until 500 ms after its rows: count, over
//                      100 ms, longest (page_start_longest_task_ms: the page's own start before that,
//                      loading and running its scripts, whatever the workspace holds)
//   merge_*            then a corrected export (the same orders but every 100th row of the table: 1%
//                      gone from the export) pasted into the restored workspace, merged (the page's
//                      default): merge_shown_ms paste -> the merged result shown (the core reads the
//                      new batch alone for "gone from the export": merge_alone_ms, and the previous
//                      export alone after the reload; then both together: merge_check_ms, in the
//                      worker), merge_save_ms paste -> all on disk;
//                      merge_long_tasks from the paste until 500 ms after the save
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {launch, serve} from '../../tests/browser/helpers.mjs';
import {generate, NOW} from './gen.mjs';

const orders = Number(process.argv[2] ?? 100000);
const runs = Number(process.argv[3] ?? 3);
const text = generate(orders, 1);
// The corrected export: the table without every 100th row (the detail blocks at the end kept).
const tableRows = orders - Math.floor(orders / 100);
const corrected = text.split('\n').filter((line, i) => i === 0 || i > tableRows || i % 100 !== 50).join('\n');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const round = (x) => Math.round(x);

// Marks rows, the check's end and long tasks from now on (in the page).
function observe() {
  const mark = (name) => requestAnimationFrame(() => { window.__marks[name] ??= performance.now(); });
  window.__marks = {};
  window.__long = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__long.push({start: e.startTime, ms: e.duration});
  }).observe({type: 'longtask', buffered: true});
  const rows = () => document.querySelector('#results tr[data-order-sn]') && mark('rows');
  new MutationObserver(rows).observe(document, {childList: true, subtree: true});
}
const longs = (from, to) => `window.__long.filter((e) => e.start + e.ms >= ${from} && e.start <= ${to})`;

const {server, url} = await serve();
const results = [];
try {
  for (let r = 0; r < runs; ++r) {
    const profile = mkdtempSync(join(tmpdir(), 'lanshou-ws-bench-'));
    const browser = await launch({profile});
    try {
      const page = await browser.context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${url}index.html?now=${encodeURIComponent(NOW)}`);
      await page.waitForFunction(() => document.getElementById('state').dataset.phase === 'ready', null, {timeout: 60000});
      await page.evaluate((t) => { window.__text = t; }, text);
      await page.evaluate(observe);
      await page.evaluate(() => {
        const dt = new DataTransfer();
        dt.setData('text/plain', window.__text);
        window.__t0 = performance.now();
        document.getElementById('paste').dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));
      });
      await page.waitForFunction(() => self.lanshouPage.timings().saved && window.__marks.rows, null, {timeout: 60000, polling: 50})
        .catch(async (err) => { throw new Error(`${err.message}: ${await page.evaluate(() => JSON.stringify({m: window.__marks, s: document.getElementById("state").textContent, t: self.lanshouPage.timings()}))}`); });
      const saved = await page.evaluate(() => {
        const t = self.lanshouPage.timings(), w = t.lastTimings.worker;
        return {rows: window.__marks.rows - window.__t0, stored: t.saved.stored, snapshot: t.saved.ms, savedAt: t.saved.pageAt - window.__t0,
                orders: t.lastTimings.orders, check: w.check};
      });
      await page.waitForTimeout(500);
      const longSave = await page.evaluate(`${longs('window.__t0', 'window.__t0 + ' + (saved.savedAt + 500))}`);
      if (saved.orders !== orders) throw new Error(`the page checked ${saved.orders} orders, not ${orders}`);
      // the reload: the page restores its workspace
      await page.addInitScript(observe);
      await page.reload();
      await page.waitForFunction(() => window.__marks && window.__marks.rows && document.getElementById('state').dataset.phase === 'done',
                                 null, {timeout: 300000, polling: 50});
      await page.waitForTimeout(500);
      const back = await page.evaluate(() => {
        const t = self.lanshouPage.timings();
        return {rows: window.__marks.rows, asked: t.restoreAsked, read: t.lastTimings.worker.read, check: t.lastTimings.worker.check,
                summary: t.lastTimings.worker.summary, engine: self.lanshouPage.engine().readyAt,
                shown: document.getElementById('shown').textContent};
      });
      // from the page asking for its workspace (the page's own start before that: loadLong)
      const longBack = await page.evaluate(`${longs('self.lanshouPage.timings().restoreAsked', 'window.__marks.rows + 500')}`);
      const loadLong = await page.evaluate(`${longs(0, 'self.lanshouPage.timings().restoreAsked')}`);
      if (!back.shown.includes(orders.toLocaleString('en-US'))) throw new Error(`restored: ${back.shown}`);
      // the corrected export, merged into the restored workspace
      await page.evaluate((t) => { window.__text2 = t; }, corrected);
      await page.evaluate(() => {
        const dt = new DataTransfer();
        dt.setData('text/plain', window.__text2);
        window.__t2 = performance.now();
        document.getElementById('paste').dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));
      });
      await page.waitForFunction(() => {
        const t = self.lanshouPage.timings();
        return t.saved && t.saved.pageAt > window.__t2 && /已合并到工作区/.test(document.getElementById('state').textContent);
      }, null, {timeout: 120000, polling: 50});
      await page.waitForTimeout(500);
      const merged = await page.evaluate(() => {
        const t = self.lanshouPage.timings();
        return {shown: t.lastTimings.total_ms, save: t.saved.pageAt - window.__t2, check: t.lastTimings.worker.check,
                alone: t.lastTimings.worker.alone,
                gone: self.lanshouPage.workspace().counts.gone};
      });
      if (merged.gone !== Math.floor((tableRows - 50) / 100) + 1) throw new Error(`gone from the export: ${merged.gone}`);
      const longMerge = await page.evaluate(`${longs('window.__t2', 'window.__t2 + ' + (merged.save + 500))}`);
      if (errors.length) throw new Error(errors.join('; '));
      const long = [...longSave, ...longBack];
      results.push({save: saved.savedAt, saveAfterRows: saved.savedAt - saved.rows, stored: saved.stored, snapshot: saved.snapshot,
                    rows: saved.rows, check: saved.check,
                    restore: back.rows - back.asked, read: back.read, restoreCheck: back.check, restoreSummary: back.summary,
                    engineReady: back.engine, restoreRows: back.rows,
                    long: long.length, long100: long.filter((e) => e.ms > 100).length, longest: Math.max(0, ...long.map((e) => e.ms)),
                    saveLongest: Math.max(0, ...longSave.map((e) => e.ms)), restoreLongest: Math.max(0, ...longBack.map((e) => e.ms)),
                    loadLongest: Math.max(0, ...loadLong.map((e) => e.ms)),
                    mergeShown: merged.shown, mergeSave: merged.save, mergeCheck: merged.check, mergeAlone: merged.alone,
                    mergeLong: longMerge.length, mergeLong100: longMerge.filter((e) => e.ms > 100).length,
                    mergeLongest: Math.max(0, ...longMerge.map((e) => e.ms))});
    } finally {
      await browser.close();
      rmSync(profile, {recursive: true, force: true});
    }
  }
} finally {
  server.close();
}
const pick = (f) => round(median(results.map(f)));
console.log(JSON.stringify({
  bench: 'workspace', orders, bytes: Buffer.byteLength(text),
  save_ms: pick((m) => m.save), save_after_rows_ms: pick((m) => m.saveAfterRows), stored_ms: pick((m) => m.stored),
  snapshot_ms: pick((m) => m.snapshot), check_ms: pick((m) => m.check),
  first_rows_ms: pick((m) => m.rows),
  restore_ms: pick((m) => m.restore), restore_read_ms: pick((m) => m.read), restore_first_rows_ms: pick((m) => m.restoreRows),
  restore_check_ms: pick((m) => m.restoreCheck),
  long_tasks: {count: pick((m) => m.long), over_100ms: pick((m) => m.long100), longest_ms: pick((m) => m.longest),
               longest_in_save_ms: pick((m) => m.saveLongest), longest_in_restore_ms: pick((m) => m.restoreLongest)},
  page_start_longest_task_ms: pick((m) => m.loadLongest),
  merge_shown_ms: pick((m) => m.mergeShown), merge_save_ms: pick((m) => m.mergeSave), merge_alone_ms: pick((m) => m.mergeAlone),
  merge_check_ms: pick((m) => m.mergeCheck),
  merge_long_tasks: {count: pick((m) => m.mergeLong), over_100ms: pick((m) => m.mergeLong100), longest_ms: pick((m) => m.mergeLongest)},
  runs: results.map((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, round(v)]))),
}));
