// node scripts/bench/sizes.mjs: the sizes of scripts/bench.sh (bytes raw and gzip -9, as node's
// zlib level 9 and tests/node/size.test.mjs measure them), after scripts/build.sh:
//   size_offline_html  build/site/lanshou-offline.html (issue 17: at most 250,000 gzip)
//   size_wasm          the wasm raw, gzip -9 and LZMA-packed as the site ships it
//   size_wasm_transport the offline file as it would be with the wasm packed for the platform's
//                      DecompressionStream (deflate-raw -9, web/lzma.js left out) instead of LZMA
//   size_site_total    what a first visit fetches (everything but the offline copy and downloads)
import {execFileSync} from 'node:child_process';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {deflateRawSync, gzipSync} from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const gz = (b) => gzipSync(b, {level: 9}).length;
const emit = (o) => console.log(JSON.stringify(o));
const offline = readFileSync(join(root, 'build/site/lanshou-offline.html'));
emit({bench: 'size_offline_html', bytes: offline.length, gzip_bytes: gz(offline), target_gzip_bytes: 250000});

const js = readFileSync(join(root, 'build/wasm/lanshou.js'), 'latin1');
const m = js.match(/data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)/);
const wasm = m ? Buffer.from(m[1], 'base64') : Buffer.alloc(0);
// The same xz settings as scripts/build-site.mjs.
const lzma = execFileSync('xz', ['--format=lzma', '--lzma1=preset=9e,lc=3,lp=0,pb=0', '--stdout'],
  {input: wasm, maxBuffer: 1 << 30});
emit({bench: 'size_wasm', wasm_bytes: wasm.length, wasm_gzip_bytes: gz(wasm), wasm_lzma_bytes: lzma.length,
  module_js_bytes: js.length, module_js_gzip_bytes: gz(Buffer.from(js, 'latin1'))});

// The transport decision of issue 17 (prefer DecompressionStream unless the size says otherwise):
// swap the offline file's LZMA payload for the deflate-raw one and take out the decoder.
const html = offline.toString('latin1');
const payload = html.match(/LANSHOU_WASM_LZMA=\\"([A-Za-z0-9+/=]+)/) ?? html.match(/LANSHOU_WASM_LZMA = "([A-Za-z0-9+/=]+)/);
if (payload) {
  const deflated = deflateRawSync(wasm, {level: 9});
  const decoder = execFileSync(join(root, 'node_modules/.bin/esbuild'), ['--minify', '--target=es2017'],
    {input: readFileSync(join(root, 'web/lzma.js'))});
  const swapped = Buffer.from(html.replace(payload[1], deflated.toString('base64')), 'latin1');
  emit({bench: 'size_wasm_transport', lzma_bytes: lzma.length, deflate_raw_bytes: deflated.length,
    lzma_js_gzip_bytes: gz(decoder), offline_gzip_lzma: gz(offline),
    offline_gzip_decompression_stream: gz(swapped) - gz(decoder)});
}

let raw = 0, zipped = 0;
const files = [];
for (const f of readdirSync(join(root, 'build/site'))) {
  const p = join(root, 'build/site', f);
  if (!statSync(p).isFile() || f === 'lanshou-offline.html' || f.endsWith('.zip')) continue;
  const b = readFileSync(p);
  raw += b.length; zipped += gz(b); files.push(f);
}
emit({bench: 'size_site_total', files, bytes: raw, gzip_bytes: zipped});
