// Builds the static site from web/ and the wasm module:
//   build/site/index.html           served over http; loads style.css, app.js, and the worker
//                                   lanshou-worker.js; sw.js + manifest.webmanifest make it work
//                                   offline after the first visit (relative URLs: any sub-path)
//   build/site/app.js               the page's modules (web/app/main.js and what it imports, the
//                                   message tables of web/data/), bundled by esbuild into one
//                                   classic script
//   build/site/lanshou-worker.js    lanshou.js (its wasm taken out), web/lzma.js, the wasm
//                                   LZMA-packed, the worker's modules (web/worker/main.js) bundled
//                                   (also for the extension's side panel, which sets
//                                   <html data-worker-url>)
//   build/site/lanshou-offline.html everything inlined into one file, works from file://; its
//                                   worker is built from a Blob of the same source
//                                   (and precached by sw.js: "下载离线版" works offline too)
// Samples (tests/fixtures), wording reasons and courier names are embedded at build time
// (import 'lanshou:meta' in the page's modules), and the core's status, finding and fix codes in the
// order of its compact arrays with the page's words for them, from core/data/vocabulary.json
// (import 'lanshou:codes' in the worker's).
// Usage: node scripts/build-site.mjs [wasm-js] [out-dir]
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync, rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import {gzipSync} from 'node:zlib';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {runInNewContext} from 'node:vm';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const wasmJs = resolve(process.argv[2] ?? join(root, 'build/wasm/lanshou.js'));
const out = resolve(process.argv[3] ?? join(root, 'build/site'));
const read = (path) => readFileSync(path, 'utf8');
// A plain message and exit status 2: once the emscripten module is loaded, its handler would
// rethrow an uncaught error and print the whole minified module.
const die = (message) => {
  console.error(message);
  process.exit(2);
};

// The built site's scripts and style are minified (web/ keeps the readable sources): esbuild
// renames local names and drops blanks and comments; it adds no eval or Function (the extension's
// policy forbids both, tests/node/manifest.test.mjs checks). es2017: no newer syntax than the
// sources use, for the older Chromium inside some merchants' browsers.
const esbuild = await import('esbuild').catch(() => die('build-site: esbuild 未安装，请先运行 scripts/setup.sh'));
function minify(code, loader, what) {
  try {
    return esbuild.transformSync(code, {loader, minify: true, target: 'es2017', charset: 'utf8', legalComments: 'none'}).code;
  } catch (err) {
    return die(`build-site: esbuild could not minify ${what}: ${err.message}`);
  }
}
// One classic script (an IIFE: no module loader, works inline from file://) from an entry module
// and what it imports; `virtual` gives the text of the build-time modules ('lanshou:meta', ...).
async function bundle(entry, virtual, minified) {
  const plugin = {
    name: 'lanshou-virtual',
    setup(build) {
      build.onResolve({filter: /^lanshou:/}, (args) => ({path: args.path, namespace: 'lanshou'}));
      build.onLoad({filter: /.*/, namespace: 'lanshou'}, (args) => (args.path in virtual
        ? {contents: JSON.stringify(virtual[args.path]), loader: 'json'}
        : {errors: [{text: `no build-time module ${args.path}`}]}));
    },
  };
  try {
    const result = await esbuild.build({entryPoints: [join(root, entry)], bundle: true, format: 'iife', write: false,
      minify: minified, target: 'es2017', charset: 'utf8', legalComments: 'none', logLevel: 'silent', plugins: [plugin]});
    return result.outputFiles[0].text;
  } catch (err) {
    return die(`build-site: esbuild could not bundle ${entry}: ${(err.errors ?? []).map((e) => e.text).join('; ') || err.message}`);
  }
}

// xz's .lzma ("LZMA alone") format. lc=3 lp=0 pb=0: wasm is a byte stream with no 2- or 4-byte
// alignment, and these packed the module smallest (151,265 bytes against 151,657 for -9e's
// lc=3 lp=0 pb=2 and 194,429 for gzip -9). xz writes "size unknown" in the header, as it streams;
// web/lzma.js wants the size (its output buffer is the dictionary), so it is written in here.
const XZ_ARGS = ['--format=lzma', '--lzma1=preset=9e,lc=3,lp=0,pb=0', '--stdout'];
function lzma(bytes) {
  let packed;
  try {
    packed = execFileSync('xz', XZ_ARGS, {input: bytes, maxBuffer: 64 << 20, stdio: ['pipe', 'pipe', 'pipe']});
  } catch (err) {
    return die(`build-site: xz ${XZ_ARGS.join(' ')} failed (${err.message.split('\n')[0]}); scripts/setup.sh installs xz-utils`);
  }
  packed.writeBigUInt64LE(BigInt(bytes.length), 5);
  return packed;
}

// The page will unpack what was packed here: web/lzma.js, run as the worker runs it, must give
// back the module's wasm byte for byte.
function checkUnpacks(decoderJs, packed, wasm) {
  const context = {Uint8Array, Uint16Array, Uint32Array, Error, Math};
  runInNewContext(decoderJs, context, {filename: 'web/lzma.js'});
  let unpacked;
  try {
    unpacked = context.lzmaDecode(new Uint8Array(packed));
  } catch (err) {
    die(`build-site: web/lzma.js cannot unpack what xz packed: ${err.message}`);
  }
  if (!Buffer.from(unpacked.buffer, unpacked.byteOffset, unpacked.length).equals(wasm)) {
    die('build-site: web/lzma.js unpacked other bytes than the wasm xz packed');
  }
}

if (!existsSync(wasmJs)) {
  console.error(`build-site: ${wasmJs} 不存在，请先构建 wasm（scripts/build.sh）`);
  process.exit(2);
}

// The samples behind "试试示例": real merchant inputs from tests/fixtures, each with the clock
// the fixtures are checked at (their dates are from 2025).
const SAMPLE_NOW = '2025-03-12T12:00:00+08:00';
const SAMPLES = [
  ['export-utf8.csv', '订单导出', '订单导出表（CSV）', 'Order export', 'an order export (CSV)'],
  ['from-spreadsheet.tsv', '表格复制', '从表格复制的行（含揽收时间）', 'Spreadsheet rows', 'rows copied from a spreadsheet (with pickup times)'],
  ['order-detail.txt', '订单详情+轨迹', '后台订单详情和物流轨迹', 'Order detail + trace', 'an order detail page and its courier trace'],
];
const samples = SAMPLES.filter(([file]) => existsSync(join(root, 'tests/fixtures', file)))
  .map(([file, label, title, labelEn, titleEn]) => ({name: file, label, title, en: {label: labelEn, title: titleEn},
                                                     now: SAMPLE_NOW, text: read(join(root, 'tests/fixtures', file)).replace(/^\uFEFF/, '')}));
const templates = JSON.parse(read(join(root, 'core/data/templates/zh.json')));
const slots = Object.fromEntries(Object.entries(templates.slots ?? {}).map(([k, v]) => [k, v.label ?? k]));
const couriersDir = join(root, 'core/data/couriers');
const couriers = readdirSync(couriersDir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(read(join(couriersDir, f))).name).filter(Boolean);

// The codes behind the compact path's numbers and the page's words for them: status i, finding bit
// i and fix path i are the entries of core/data/vocabulary.json in order (the core reads the same
// file and refuses to start on a mismatch with its enums); checked against the built module below.
// Each status and finding needs the page's label in both languages (page_zh where the page's chip
// is shorter than the core's word), a tone and a rank: a code the core adds must not show up as its
// bare name.
const vocabulary = JSON.parse(read(join(root, 'core/data/vocabulary.json')));
const TONES = ['ok', 'warn', 'bad', 'done', 'muted'];
function entries(list, what) {
  if (!Array.isArray(list) || !list.length) die(`build-site: core/data/vocabulary.json has no ${what}`);
  for (const e of list) {
    if (!/^[a-z_]+$/.test(e.code ?? '')) die(`build-site: core/data/vocabulary.json: ${what}: bad code ${JSON.stringify(e.code)}`);
    if (what !== 'fixes' && !(typeof e.zh === 'string' && e.zh && typeof e.en === 'string' && e.en && TONES.includes(e.tone) &&
                              Number.isInteger(e.rank))) {
      die(`build-site: core/data/vocabulary.json: ${what} ${e.code} lacks the page's words (zh, en), tone or rank`);
    }
  }
  return list;
}
const STATUSES = entries(vocabulary.statuses, 'statuses'), FINDINGS = entries(vocabulary.findings, 'findings');
const CODES = {status: STATUSES.map((e) => e.code), finding: FINDINGS.map((e) => e.code), fix: entries(vocabulary.fixes, 'fixes').map((e) => e.code)};
// What the page and its worker take from it: labels and tone (the page), rank (the table's order,
// the overview's cards), which clock a status runs on (ship, pickup or none).
const words = (e) => ({zh: e.page_zh ?? e.zh, en: e.en, tone: e.tone});
const PAGE_VOCABULARY = {
  status: Object.fromEntries(STATUSES.map((e) => [e.code, {...words(e), rank: e.rank, clock: e.clock ?? ''}])),
  finding: Object.fromEntries(FINDINGS.map((e) => [e.code, words(e)])),
};

// The built module must agree: its summary lists every status in enum order, and each order's
// status, finding bits and fix number name the codes of its full JSON, on a generated export, the
// samples and every golden vector's input (they cover every status and finding).
async function verifyCodes() {
  const require = createRequire(import.meta.url);
  const lanshou = await require(wasmJs)();
  const {generate, NOW} = await import('./bench/gen.mjs');
  const goldenDir = join(root, 'core/data/rules/golden');
  const inputs = [[generate(1500, 3), NOW], ...samples.map((x) => [x.text, x.now]),
    ...readdirSync(goldenDir).filter((f) => f.endsWith('.json')).flatMap((f) => JSON.parse(read(join(goldenDir, f))).vectors ?? [])
      .filter((v) => Array.isArray(v.input) && v.now).map((v) => [v.input.join('\n') + '\n', v.now])];
  const problems = [];
  const seen = new Set();
  for (const [text, now] of inputs) {
    const c = lanshou.checkCompact(text, JSON.stringify({now}));
    for (const k of ['courier', 'couriers', 'fieldsBytes', 'fieldOffsets']) {
      if (!(k in c)) problems.push(`checkCompact gives no ${k} (web/worker/rows.js reads it)`);
    }
    const byStatus = Object.keys(JSON.parse(c.head).summary.by_status);
    if (JSON.stringify(byStatus) !== JSON.stringify(CODES.status)) problems.push(`statuses ${byStatus} vs ${CODES.status}`);
    for (let i = 0; i < c.count && problems.length < 5; i++) {
      const o = JSON.parse(lanshou.orderJson(i));
      const fromBits = CODES.finding.filter((_, bit) => c.findings[i] & (1 << bit));
      // a finding that is only a possibility is no bit (core/src/compact.cpp)
      const fromJson = [...new Set((o.findings ?? []).filter((f) => !f.possible).map((f) => f.code))].sort();
      if (JSON.stringify([...fromBits].sort()) !== JSON.stringify(fromJson)) problems.push(`order ${i}: bits ${fromBits} vs ${fromJson}`);
      if (CODES.status[c.status[i]] !== o.status) problems.push(`order ${i}: status ${c.status[i]} vs ${o.status}`);
      if (CODES.fix[c.fix[i]] !== (o.fix_path?.code ?? 'none')) problems.push(`order ${i}: fix ${c.fix[i]} vs ${o.fix_path?.code}`);
      fromBits.forEach((f) => seen.add(f));
      seen.add(o.status);
    }
    if (problems.length) break;
  }
  if (problems.length) die(`build-site: the page's codes do not match ${wasmJs}:\n  ${problems.join('\n  ')}`);
  return [CODES.status.filter((x) => seen.has(x)).length, CODES.finding.filter((x) => seen.has(x)).length];
}
const verified = await verifyCodes();

const meta = {
  codes: CODES,
  vocabulary: PAGE_VOCABULARY,
  samples,
  reasons: (templates.reasons ?? []).map(({code, name, kinds}) => ({code, name, kinds})),
  kinds: templates.kinds ?? [],
  slots,
  couriers,
};

const template = read(join(root, 'web/index.html'));
const jsLiteral = (value) => JSON.stringify(value)
  .replace(/</g, '\\u003c')
  .replace(/\u2028/g, '\\u2028')
  .replace(/\u2029/g, '\\u2029');
const appJs = await bundle('web/app/main.js', {'lanshou:meta': meta}, true);
const css = minify(read(join(root, 'web/style.css')), 'css', 'web/style.css');
// The module's wasm travels LZMA-compressed: lanshou.js carries it as base64 (SINGLE_FILE, which
// node and the tests use as is); here that payload is replaced by an empty data URI and the same
// bytes, packed by xz as an .lzma file, go into LANSHOU_WASM_LZMA, which web/lzma.js (part of the
// worker) unpacks for createLanshou's wasmBinary. LZMA packs the wasm to 151 KB where gzip gave
// 195 KB; the unpacking takes tens of milliseconds in the worker, off the page's thread.
const moduleJs = read(wasmJs);
const payloads = [...moduleJs.matchAll(/data:application\/octet-stream;base64,([A-Za-z0-9+/=]{64,})"/g)];
if (payloads.length !== 1) {
  die(`build-site: ${wasmJs} does not carry exactly one inlined wasm (SINGLE_FILE)`);
}
const payloadAt = payloads[0].index + 'data:application/octet-stream;base64,'.length;
const payloadEnd = payloadAt + payloads[0][1].length;
const wasmBytes = Buffer.from(payloads[0][1], 'base64');
if (wasmBytes.readUInt32LE(0) !== 0x6d736100) die('build-site: the inlined payload is not wasm');
const wasmLzma = lzma(wasmBytes);
const lzmaJs = read(join(root, 'web/lzma.js'));
checkUnpacks(lzmaJs, wasmLzma, wasmBytes);
// The glue (build/wasm/lanshou.js) serves node (the tests, scripts) and the browser; the worker
// runs it only in a browser's worker, always hands it the wasm (wasmBinary) and calls only what
// web/worker/core.js calls. So the worker's copy goes without the glue's node set-up, its readers
// of a wasm file (XMLHttpRequest), its base64 decoder for browsers without atob, Module.check and
// Module.wording (the whole document and a wording read afresh: the page uses the session's), and
// then every function declared and no longer named anywhere (emscripten's runtime helpers the
// build does not use), until none is left (about 1.5 KB gzip in all). Each cut must be found
// exactly once, or the build stops (a new emscripten writes its glue otherwise: look again rather
// than ship it half cut); esbuild then parses what is left, and the browser tests run it.
function forTheWorker(glue) {
  // The end of the block that starts at text[i] === '{' (strings skipped; the glue's regular
  // expressions in what is cut hold no quote or brace).
  const blockEnd = (text, i) => {
    let depth = 0;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (ch === '"' || ch === "'") {
        for (i++; text[i] !== ch; i++) if (text[i] === '\\') i++;
      } else if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) return i;
    }
    return die('build-site: the glue\'s braces do not match');
  };
  // start .. the end of the block that opens with start's first '{', replaced by put.
  const cut = (text, start, what, put = '') => {
    const at = text.indexOf(start);
    if (at < 0 || text.indexOf(start, at + 1) >= 0) die(`build-site: the glue's ${what} (${start}) is not there exactly once`);
    return text.slice(0, at) + put + text.slice(blockEnd(text, at + start.indexOf('{')) + 1);
  };
  const once = (text, from, to, what) => {
    if (text.split(from).length !== 2) die(`build-site: the glue's ${what} (${from}) is not there exactly once`);
    return text.replace(from, to);
  };
  glue = once(glue, 'var ENVIRONMENT_IS_NODE=typeof process=="object"&&typeof process.versions=="object"&&typeof process.versions.node=="string";',
              'var ENVIRONMENT_IS_NODE=false;', 'test for node');
  glue = cut(glue, 'if(ENVIRONMENT_IS_NODE){', 'node set-up');
  glue = once(glue, 'var requireNodeFS;else if(ENVIRONMENT_IS_WEB', 'var requireNodeFS;if(ENVIRONMENT_IS_WEB', 'browser set-up');
  glue = cut(glue, '{read_=(url=>{', 'wasm file readers');
  glue = cut(glue, 'var decodeBase64=typeof atob=="function"?atob:function(input){', 'base64 decoder', 'var decodeBase64=atob');
  glue = cut(glue, 'Module["check"]=function(text,optionsJson){', 'Module.check');
  glue = cut(glue, 'Module["wording"]=function(text,requestJson){', 'Module.wording');
  // Functions declared (after ; { } or a line break) and named nowhere else, until none is left.
  for (;;) {
    const named = new Map();
    for (const [word] of glue.matchAll(/(?<![\w$.])[A-Za-z_$][\w$]*/g)) named.set(word, (named.get(word) ?? 0) + 1);
    const unused = [...glue.matchAll(/(?<=[;{}\n])function ([A-Za-z_$][\w$]*)\(/g)].filter((m) => named.get(m[1]) === 1);
    if (!unused.length) break;
    for (const m of unused.reverse()) {  // from the end: the earlier indexes stay
      glue = glue.slice(0, m.index) + glue.slice(blockEnd(glue, glue.indexOf('{', m.index + m[0].length)) + 1);
    }
  }
  return glue;
}
// The packed wasm comes last (the worker's code reads it once the whole source has run): the code
// compresses as one piece and the base64 as another, whichever gzip packs the offline file.
const workerJs = minify(forTheWorker(moduleJs.slice(0, payloadAt) + moduleJs.slice(payloadEnd)) + '\n' + lzmaJs +
  await bundle('web/worker/main.js', {'lanshou:codes': {...CODES, rank: STATUSES.map((e) => e.rank), clock: STATUSES.map((e) => e.clock ?? ''),
    notes: FINDINGS.reduce((mask, e, bit) => (e.severity === 'info' ? mask | (1 << bit) : mask), 0)}}, false) +
  `;\nvar LANSHOU_WASM_LZMA = "${wasmLzma.toString('base64')}";\n`, 'js', 'the worker');

// The worker source as a JS string literal; '<' escaped so that no "</script" or "<!--" can end
// or confuse the inline script of the offline file. There the packed wasm is a script of its own,
// the file's last: the code and the base64 then compress each as one piece (a base64 run in the
// middle of code cost GNU gzip and zlib up to 1.5 KB, and each a different amount); engine.js
// puts the two together for the worker.
const packedAt = workerJs.lastIndexOf('var LANSHOU_WASM_LZMA="');
if (packedAt < 0 || !/^var LANSHOU_WASM_LZMA="[A-Za-z0-9+/=]+";\s*$/.test(workerJs.slice(packedAt))) {
  die('build-site: the minified worker does not end with its packed wasm');
}
const workerSourceJs = `self.LANSHOU_WORKER_SOURCE = ${jsLiteral(workerJs.slice(0, packedAt))};\n`;
const wasmSourceJs = `self.LANSHOU_WASM_LZMA = "${wasmLzma.toString('base64')}";\n`;

for (const [name, text, end] of [['app.js', appJs, '</script'], ['style.css', css, '</style']]) {
  if (text.toLowerCase().includes(end) || text.includes('<!--')) {
    die(`build-site: the built ${name} must not contain "${end}" or "<!--" (it is inlined)`);
  }
}

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const short = (text) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);

// The blob worker inherits the page's policy: 'wasm-unsafe-eval' lets it compile the module,
// worker-src lets the page start it, and nothing may connect anywhere.
const common = "connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";
const cspServed = `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; ` +
  `img-src 'self' data:; worker-src 'self' blob:; manifest-src 'self'; ${common}`;
const cspOffline = `default-src 'none'; script-src ${sha256(workerSourceJs)} ${sha256(appJs)} ${sha256(wasmSourceJs)} 'wasm-unsafe-eval'; ` +
  `style-src ${sha256(css)}; img-src data:; worker-src blob:; ${common}`;

function page(values) {
  // Split/join, not String.replace: the inlined code holds '$' sequences.
  return Object.entries(values).reduce((html, [key, value]) => html.split(`{{${key}}}`).join(value), template);
}

const served = page({
  CSP: cspServed,
  HEAD: '<link rel="manifest" href="manifest.webmanifest">',
  STYLE: '<link rel="stylesheet" href="style.css">',
  SCRIPTS: '<script src="app.js"></script>',
});
const offline = page({
  CSP: cspOffline,
  HEAD: '',
  STYLE: `<style>${css}</style>`,
  SCRIPTS: `<script>${workerSourceJs}</script>\n<script>${appJs}</script>\n<script>${wasmSourceJs}</script>`,
}).replace('<html lang="zh-CN">', '<html lang="zh-CN" data-offline="1">');

const icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#e02e24"/>' +
  '<text x="32" y="44" font-size="34" text-anchor="middle" fill="#fff" font-family="sans-serif">揽</text></svg>\n';
const manifest = JSON.stringify({
  name: '揽收 · 拼多多发货与揽收时效检查',
  short_name: '揽收',
  lang: 'zh-CN',
  start_url: './',
  scope: './',
  display: 'standalone',
  background_color: '#ffffff',
  theme_color: '#e02e24',
  icons: [{src: 'icon.svg', sizes: 'any', type: 'image/svg+xml'}],
}, null, 2) + '\n';

// Cache-first service worker over the site's own files; the version changes with any file, so
// a new build replaces the cache. Relative URLs: works under any sub-path.
const cached = {'index.html': served, 'app.js': appJs, 'style.css': css, 'lanshou-worker.js': workerJs,
                'manifest.webmanifest': manifest, 'icon.svg': icon, 'lanshou-offline.html': offline};
const version = short(Object.values(cached).join('\u0000'));
const sw = `// lanshou service worker: the site works offline after the first visit.
'use strict';
var CACHE = 'lanshou-${version}';
var FILES = ['./', ${Object.keys(cached).map((f) => `'${f}'`).join(', ')}];
self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(FILES); })
    .then(function () { return self.skipWaiting(); }));
});
self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf('lanshou-') === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});
self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(request, {ignoreSearch: true}).then(function (hit) {
      return hit || fetch(request);
    });
  }));
});
`;

mkdirSync(out, {recursive: true});
const files = {...cached, 'sw.js': sw};
for (const [name, text] of Object.entries(files)) {
  const path = join(out, name);
  if (!existsSync(path) || read(path) !== text) writeFileSync(path, text);
}
// No longer built: the served page loads lanshou-worker.js instead of a worker-source string.
rmSync(join(out, 'worker-source.js'), {force: true});
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const sizes = (text) => `${kib(Buffer.byteLength(text))}, gzip -9 ${kib(gzipSync(text, {level: 9}).length)}`;
console.log(`build-site: ${out} (lanshou-offline.html ${sizes(offline)}; lanshou-worker.js ${sizes(workerJs)}; ` +
            `wasm ${kib(wasmBytes.length)}, lzma ${kib(wasmLzma.length)}; ` +
            `codes: ${CODES.status.length} statuses (${verified[0]} seen), ${CODES.finding.length} findings (${verified[1]} seen), ${CODES.fix.length} fix paths)`);
