// The wasm half of scripts/bench.sh: node scripts/bench/wasm.mjs ORDERS RUNS [lanshou.js]
// Prints one JSON line per measurement (medians of RUNS runs, milliseconds, and the fastest run):
//   papaparse parse (its runs alternate with the compact path's), the compact path (checkCompact)
//   and the full document (check), each split into transfer in / parse+decide / result out, the
//   ratio compact / papaparse (medians, and fastest runs), the heap after the first compact call of
//   the fresh module and after all, peak wasm heap.
import {createRequire} from 'node:module';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

import {generate, NOW} from './gen.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const orders = Number(process.argv[2] ?? 100000);
const runs = Number(process.argv[3] ?? 5);
const moduleFile = resolve(process.argv[4] ?? join(root, 'build/wasm/lanshou.js'));
const require = createRequire(import.meta.url);
const Papa = require('papaparse');
const createLanshou = require(moduleFile);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r1 = (x) => Math.round(x * 10) / 10;
const emit = (o) => console.log(JSON.stringify(o));

const text = generate(orders, 1);
const bytes = Buffer.byteLength(text, 'utf8');
const mb = bytes / 1e6;
const options = JSON.stringify({now: NOW, max_input_mb: 1024});
const lanshou = await createLanshou();

// Papa Parse, as a page would call it: the whole text into rows of strings. Its runs alternate
// with the compact path's (below), so that both see the same machine: on a shared machine the
// load changes from one second to the next.
const papa = [];
let rows = 0;
function papaOnce() {
  const t = performance.now();
  const r = Papa.parse(text, {skipEmptyLines: false});
  papa.push(performance.now() - t);
  rows = r.data.length;
}

const nativeMs = {wasm_compact: Number(process.env.NATIVE_COMPACT_MS) || 0,
  wasm_check_json: Number(process.env.NATIVE_JSON_MS) || 0};

// Each call's total, split into transfer in / the C++ call / result out (boundary.js's
// lastTimings); `between` runs after each call (Papa Parse for the compact path).
function measure(name, call, between) {
  const parts = {in: [], run: [], out: [], total: []};
  let count = 0;
  for (let i = 0; i < runs; ++i) {
    const t = performance.now();
    count = call();
    parts.total.push(performance.now() - t);
    for (const k of ['in', 'run', 'out']) parts[k].push(lanshou.lastTimings[k]);
    if (i === 0) firstHeap[name] = lanshou.heapBytes();
    if (between) between();
  }
  if (between) {
    const papaMs = median(papa);
    emit({bench: 'papaparse_parse', orders, bytes, rows, ms: r1(papaMs), min_ms: r1(Math.min(...papa)),
      mb_s: r1(mb / (papaMs / 1000)), runs: papa.map(r1)});
  }
  const total = median(parts.total);
  const papaMs = papa.length ? median(papa) : 0;
  emit({bench: name, orders: count, bytes, transfer_in_ms: r1(median(parts.in)),
    parse_decide_ms: r1(median(parts.run)), result_out_ms: r1(median(parts.out)), total_ms: r1(total),
    min_ms: r1(Math.min(...parts.total)),
    mb_s: r1(mb / (total / 1000)), orders_s: Math.round(count / (total / 1000)),
    vs_papaparse: papaMs ? Math.round((total / papaMs) * 100) / 100 : null,
    // The same with each side's fastest run: noise on a shared machine only ever adds time.
    vs_papaparse_min: papa.length ? Math.round((Math.min(...parts.total) / Math.min(...papa)) * 100) / 100 : null,
    // parse+decide against the same call natively (scripts/bench.sh passes the native figure)
    vs_native: nativeMs[name] ? Math.round((median(parts.run) / nativeMs[name]) * 100) / 100 : null,
    first_run_ms: r1(parts.total[0]), runs: parts.total.map(r1),
    heap_mb: r1(lanshou.heapBytes() / 1048576)});
  return total;
}
const firstHeap = {};

let lastCompact = null;
measure('wasm_compact', () => (lastCompact = lanshou.checkCompact(text, options)).count, papaOnce);
// Issue 17's memory target: the heap of a fresh module after one check of this text (memory only
// grows), then after all the runs above (what a page that checks again and again keeps).
emit({bench: 'wasm_heap_compact', orders, bytes, fresh_mb: r1(firstHeap.wasm_compact / 1048576),
  fresh_x_input: Math.round((firstHeap.wasm_compact / bytes) * 100) / 100,
  after_runs_mb: r1(lanshou.heapBytes() / 1048576), runs});
// Not in the figure above: the text fields are decoded on first use (a page decodes the visible
// rows' lines from fieldsBytes; a search decodes them all once). This is that once.
{
  const t = performance.now();
  const chars = lastCompact.fields.length;
  emit({bench: 'wasm_compact_fields_decode', ms: r1(performance.now() - t), bytes: lastCompact.fieldsBytes.length, chars});
}
// The page formats the visible rows only: 50 orders' full JSON after the compact call.
{
  const t = performance.now();
  for (let i = 0; i < 50; ++i) lanshou.orderJson(i * 997 % orders);
  emit({bench: 'wasm_order_json_50', ms: r1(performance.now() - t)});
}
lanshou.checkCompact('', options);  // free the session before the full document
measure('wasm_check_json', () => {
  const doc = lanshou.check(text, options);
  return doc.length > 0 ? orders : 0;
});
emit({bench: 'wasm_heap_peak', orders, bytes, heap_mb: r1(lanshou.heapBytes() / 1048576),
  x_input: Math.round((lanshou.heapBytes() / bytes) * 100) / 100});
