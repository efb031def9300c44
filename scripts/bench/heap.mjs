// node scripts/bench/heap.mjs ORDERS [lanshou.js]: the wasm heap of a fresh module after one
// checkCompact of the generated export (issue 17: at most 4x the input, at 100k and 1M orders).
// One process per figure: wasm memory only grows, so a module that ran before would count it.
import {createRequire} from 'node:module';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

import {generate, NOW} from './gen.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const orders = Number(process.argv[2] ?? 100000);
const createLanshou = createRequire(import.meta.url)(resolve(process.argv[3] ?? join(root, 'build/wasm/lanshou.js')));
const text = generate(orders, 1);
const bytes = Buffer.byteLength(text, 'utf8');
const lanshou = await createLanshou();
const t = performance.now();
const r = lanshou.checkCompact(text, JSON.stringify({now: NOW, max_input_mb: 1024}));
const ms = performance.now() - t;
const heap = lanshou.heapBytes();
console.log(JSON.stringify({bench: 'wasm_heap_fresh', orders: r.count, bytes, ms: Math.round(ms),
  heap_mb: Math.round((heap / 1048576) * 10) / 10, x_input: Math.round((heap / bytes) * 100) / 100,
  timings: Object.fromEntries(Object.entries(lanshou.lastTimings).map(([k, v]) => [k, Math.round(v)]))}));
