// The page half of scripts/bench.sh: node scripts/bench/page.mjs ORDERS RUNS
// Opens build/site/index.html in headless chromium (as tests/browser/page.test.mjs does), pastes
// a generated export and prints one JSON line: milliseconds from the click on #run to the first
// result row (tr[data-order-sn]) and to "检查完成" (the full overview), and the longest main-thread
// task (PerformanceObserver longtask) in between. Medians of RUNS runs.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';

import {startServer} from '../static-server.mjs';
import {generate, NOW} from './gen.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const orders = Number(process.argv[2] ?? 100000);
const runs = Number(process.argv[3] ?? 3);
const text = generate(orders, 1);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

const {server, url} = await startServer(join(root, 'build/site'), 0);
const profile = mkdtempSync(join(tmpdir(), 'lanshou-bench-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: {width: 1366, height: 900},
});
const first = [], full = [], longest = [];
try {
  for (let r = 0; r < runs; ++r) {
    const page = await context.newPage();
    await page.goto(`${url}/index.html?now=${encodeURIComponent(NOW)}`);
    await page.waitForFunction(() => !document.getElementById('run').disabled, null, {timeout: 60000});
    await page.evaluate((t) => {
      window.__long = 0;
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) window.__long = Math.max(window.__long, e.duration);
      }).observe({type: 'longtask'});
      document.getElementById('paste').value = t;
      document.getElementById('paste').dispatchEvent(new Event('input', {bubbles: true}));
    }, text);
    await page.evaluate(() => {
      window.__t0 = performance.now();
      document.getElementById('run').click();
    });
    await page.waitForFunction(() => document.querySelector('#results tr[data-order-sn]'), null,
                               {timeout: 120000, polling: 'raf'});
    first.push(await page.evaluate(() => performance.now() - window.__t0));
    await page.waitForFunction(() => /^检查完成/.test(document.getElementById('state').textContent),
                               null, {timeout: 300000, polling: 50});
    full.push(await page.evaluate(() => performance.now() - window.__t0));
    longest.push(await page.evaluate(() => window.__long));
    await page.close();
  }
} finally {
  await context.close();
  server.close();
  rmSync(profile, {recursive: true, force: true});
}
console.log(JSON.stringify({bench: 'page_paste', orders, bytes: Buffer.byteLength(text),
  first_rows_ms: Math.round(median(first)), full_overview_ms: Math.round(median(full)),
  longest_task_ms: Math.round(median(longest)), runs: first.map(Math.round)}));
