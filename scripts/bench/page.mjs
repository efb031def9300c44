// The page half of scripts/bench.sh: node scripts/bench/page.mjs ORDERS RUNS [paste|file]
// Opens build/site/index.html over http in headless chromium (the browser tests' setup,
// tests/browser/helpers.mjs), a fresh page per run, and pastes a generated export into #paste the
// way a merchant does (a paste event carrying the text; the page keeps a big paste out of the text
// box and checks it), or with "file" opens it as a file (#file, the way a 1M-order export comes in:
// bench "page_file"). Prints one JSON line, medians of RUNS runs:
//   first_rows_ms      paste -> the first animation frame with result rows (tr[data-order-sn])
//   full_overview_ms   paste -> the first frame with the check done (#state data-phase="done"),
//                      the cards, the chart and the queue drawn
//   long_tasks         main-thread tasks over 50 ms (PerformanceObserver 'longtask') from the paste
//                      until 500 ms after the overview: count, count over 100 ms, longest ms
//   core_ms, worker_summary_ms, page_ms   where the time went: the core's checkCompact in the
//                      worker, the worker's counting/indexing/sorting, the page drawing the result
//   unpack_ms          the worker unpacking the LZMA-packed wasm (web/lzma.js) as the page starts
//   load               bytes of the files a first visit loads (raw, gzip -9), and with the service
//                      worker's precache (which adds lanshou-offline.html)
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';

import {launch, serve, site} from '../../tests/browser/helpers.mjs';
import {generate, NOW} from './gen.mjs';

const orders = Number(process.argv[2] ?? 100000);
const runs = Number(process.argv[3] ?? 3);
const via = process.argv[4] === 'file' ? 'file' : 'paste';
const text = generate(orders, 1);
const dir = mkdtempSync(join(tmpdir(), 'lanshou-page-'));
const file = join(dir, `export-${orders}.csv`);
if (via === 'file') writeFileSync(file, text);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const round = (x) => Math.round(x);

function sizes(files) {
  const bytes = files.map((f) => readFileSync(join(site, f)));
  return {raw: bytes.reduce((n, b) => n + b.length, 0), gzip: bytes.reduce((n, b) => n + gzipSync(b, {level: 9}).length, 0)};
}
const PAGE_FILES = ['index.html', 'app.js', 'style.css', 'lanshou-worker.js', 'manifest.webmanifest', 'icon.svg', 'sw.js'];

const {server, url} = await serve();
const browser = await launch();
const results = [];
try {
  for (let r = 0; r < runs; ++r) {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}index.html?now=${encodeURIComponent(NOW)}`);
    await page.waitForFunction(() => document.getElementById('state').dataset.phase === 'ready' || errors.length,
                               null, {timeout: 60000}).catch(() => {});
    const phase = await page.$eval('#state', (s) => `${s.dataset.phase}: ${s.textContent}`);
    if (!phase.startsWith('ready') || errors.length) throw new Error(`the page did not start (${phase}) ${errors.join('; ')}`);
    if (via === 'paste') await page.evaluate((t) => { window.__text = t; }, text);
    // Marks: the first frame after rows appear, the first frame after the check is done; long tasks.
    await page.evaluate(() => {
      const mark = (name) => requestAnimationFrame(() => { window.__marks[name] ??= performance.now(); });
      window.__marks = {};
      window.__long = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__long.push({start: e.startTime, ms: e.duration});
      }).observe({type: 'longtask'});
      new MutationObserver((_, mo) => {
        if (document.querySelector('#results tr[data-order-sn]')) { mark('rows'); mo.disconnect(); }
      }).observe(document.getElementById('results'), {childList: true, subtree: true});
      new MutationObserver((_, mo) => {
        if (document.getElementById('state').dataset.phase === 'done') { mark('done'); mo.disconnect(); }
      }).observe(document.getElementById('state'), {attributes: true, attributeFilter: ['data-phase']});
      if (window.__text === undefined) return;
      const dt = new DataTransfer();
      dt.setData('text/plain', window.__text);
      window.__paste = new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true});
    });
    if (via === 'file') {
      await page.evaluate(() => { window.__t0 = performance.now(); });
      await page.setInputFiles('#file', file);
    } else {
      await page.evaluate(() => {
        window.__t0 = performance.now();
        document.getElementById('paste').dispatchEvent(window.__paste);
      });
    }
    await page.waitForFunction(() => window.__marks.done || document.getElementById('state').dataset.phase === 'error',
                               null, {timeout: 300000, polling: 100});
    await page.waitForTimeout(500);
    const m = await page.evaluate(() => {
      const t0 = window.__t0;
      const long = window.__long.filter((e) => e.start + e.ms >= t0 && e.start <= window.__marks.done + 500);
      return {
        state: document.getElementById('state').textContent, rows: window.__marks.rows - t0, done: window.__marks.done - t0,
        cards: document.querySelectorAll('#cards .card').length, chart: document.querySelectorAll('#chart svg').length,
        queue: document.querySelectorAll('#queue li').length, shown: document.getElementById('shown').textContent,
        long: long.length, long100: long.filter((e) => e.ms > 100).length, longest: Math.max(0, ...long.map((e) => e.ms)),
        timings: self.lanshouPage.lastTimings, unpack: self.lanshouPage.engine().unpackMs,
        longList: long.map((e) => [Math.round(e.start - t0), Math.round(e.ms)]),
      };
    });
    if (!(m.cards > 0 && m.chart === 1 && m.queue > 0) || m.timings.orders !== orders) {
      throw new Error(`the overview is not complete: ${JSON.stringify(m)}`);
    }
    results.push(m);
    // The page keeps the export in its workspace (IndexedDB): clear it, or the next run's page
    // would open by restoring it (scripts/bench/workspace.mjs measures that).
    await page.click('#clear-local');
    await page.waitForFunction(() => document.getElementById('output').hidden);
    await page.waitForTimeout(300);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
  rmSync(dir, {recursive: true, force: true});
}
const pick = (f) => round(median(results.map(f)));
console.log(JSON.stringify({
  bench: via === 'file' ? 'page_file' : 'page_paste', orders, bytes: Buffer.byteLength(text),
  first_rows_ms: pick((m) => m.rows), full_overview_ms: pick((m) => m.done),
  long_tasks: {count: pick((m) => m.long), over_100ms: pick((m) => m.long100), longest_ms: pick((m) => m.longest)},
  core_ms: pick((m) => m.timings.core_ms), worker_summary_ms: pick((m) => m.timings.worker_summary_ms),
  page_ms: pick((m) => m.timings.page_ms), unpack_ms: pick((m) => m.unpack),
  load: {page: sizes(PAGE_FILES), with_precache: sizes([...PAGE_FILES, 'lanshou-offline.html'])},
  runs: results.map((m) => ({first_rows_ms: round(m.rows), full_overview_ms: round(m.done), long_tasks: m.long,
                             longest_ms: round(m.longest), core_ms: round(m.timings.core_ms), unpack_ms: m.unpack,
                             ...(process.env.DEBUG ? {long: m.longList, timings: m.timings} : {})})),
}));
