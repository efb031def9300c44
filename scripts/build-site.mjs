// Builds the static site from web/ and the wasm module:
//   build/site/index.html           served over http; loads style.css, worker-source.js, app.js
//   build/site/lanshou-offline.html everything inlined into one file, works from file://
// The core runs in a Web Worker built from a Blob of worker-source (lanshou.js + web/worker.js),
// so neither page fetches anything: the wasm is inlined in lanshou.js as base64 (SINGLE_FILE).
// Usage: node scripts/build-site.mjs [wasm-js] [out-dir]
import {createHash} from 'node:crypto';
import {mkdirSync, readFileSync, writeFileSync, existsSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const wasmJs = resolve(process.argv[2] ?? join(root, 'build/wasm/lanshou.js'));
const out = resolve(process.argv[3] ?? join(root, 'build/site'));
const read = (path) => readFileSync(path, 'utf8');

if (!existsSync(wasmJs)) {
  console.error(`build-site: ${wasmJs} 不存在，请先构建 wasm（scripts/build.sh）`);
  process.exit(2);
}

const template = read(join(root, 'web/index.html'));
const appJs = read(join(root, 'web/app.js'));
const css = read(join(root, 'web/style.css'));
const workerSource = read(wasmJs) + '\n' + read(join(root, 'web/worker.js'));

// The worker source as a JS string literal; '<' escaped so that no "</script" or "<!--" can end
// or confuse the inline script of the offline file.
const literal = JSON.stringify(workerSource)
  .replace(/</g, '\\u003c')
  .replace(/\u2028/g, '\\u2028')
  .replace(/\u2029/g, '\\u2029');
const workerSourceJs = `self.LANSHOU_WORKER_SOURCE = ${literal};\n`;

for (const [name, text, end] of [['app.js', appJs, '</script'], ['style.css', css, '</style']]) {
  if (text.toLowerCase().includes(end) || text.includes('<!--')) {
    throw new Error(`build-site: web/${name} must not contain "${end}" or "<!--" (it is inlined)`);
  }
}

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

// The blob worker inherits the page's policy: 'wasm-unsafe-eval' lets it compile the module,
// worker-src blob: lets the page start it, and nothing may connect anywhere.
const common = "worker-src blob:; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";
const cspServed = `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; ${common}`;
const cspOffline = `default-src 'none'; script-src ${sha256(workerSourceJs)} ${sha256(appJs)} 'wasm-unsafe-eval'; ` +
  `style-src ${sha256(css)}; img-src data:; ${common}`;

function page(values) {
  // Split/join, not String.replace: the inlined code holds '$' sequences.
  return Object.entries(values).reduce((html, [key, value]) => html.split(`{{${key}}}`).join(value), template);
}

const served = page({
  CSP: cspServed,
  STYLE: '<link rel="stylesheet" href="style.css">',
  SCRIPTS: '<script src="worker-source.js"></script>\n<script src="app.js"></script>',
});
const offline = page({
  CSP: cspOffline,
  STYLE: `<style>${css}</style>`,
  SCRIPTS: `<script>${workerSourceJs}</script>\n<script>${appJs}</script>`,
});

mkdirSync(out, {recursive: true});
const files = {
  'index.html': served,
  'style.css': css,
  'app.js': appJs,
  'worker-source.js': workerSourceJs,
  'lanshou-offline.html': offline,
};
for (const [name, text] of Object.entries(files)) {
  const path = join(out, name);
  if (!existsSync(path) || read(path) !== text) writeFileSync(path, text);
}
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.log(`build-site: ${out} (lanshou-offline.html ${kib(Buffer.byteLength(offline))})`);
