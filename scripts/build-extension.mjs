// Assembles the Chrome/Edge extension (Manifest V3) from the built site and extension/:
//   OUT/manifest.json          extension/manifest.json with the version of package.json
//   OUT/background.js          service worker: context menu, messages, opens the side panel, the
//                              badge (runs the core from lanshou-worker.js)
//   OUT/capture.js             what is read from the backend's JSON (allow-list), shared by the rest
//   OUT/page-hook.js           in the backend page's own world: watches its fetch/XHR answers
//   OUT/relay.js               content script: passes the allow-listed records to the service worker
//                              (both with their own copy of capture.js inside)
//   OUT/content.js             the "检查本页订单" button on https://mms.pinduoduo.com/*
//   OUT/sidepanel.html         build/site/index.html itself, with the few changes sidePanelHtml() makes
//   OUT/app.js, style.css      copied from build/site: the side panel IS the site's app, not a copy of its sources
//   OUT/...                    any other file the page links to (lanshou-offline.html, its "下载离线版")
//   OUT/lanshou-worker.js      build/site's worker file: lanshou.js + web/worker.js
//   OUT/sidepanel-bridge.js    feeds text from the background into the app's #paste / #run
//   OUT/sidepanel-feed.js      checks the orders the backend page loaded, with what was pasted
//   OUT/icons/icon-N.png       drawn here, N = 16, 32, 48, 128
// and, when ZIP is given, the same files in one zip to install from ("load unpacked" after unzipping).
// Usage: node scripts/build-extension.mjs [SITE=build/site] [OUT=build/extension] [ZIP]
import {mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync} from 'node:fs';
import {dirname, join, relative, resolve, sep} from 'node:path';
import {fileURLToPath} from 'node:url';
import {deflateRawSync, deflateSync} from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORKER = 'lanshou-worker.js';
// The extension's own scripts (extension/*.js) and those the side panel adds after app.js.
const SCRIPTS = ['background.js', 'capture.js', 'page-hook.js', 'relay.js', 'content.js', 'sidepanel-bridge.js',
                 'sidepanel-feed.js'];
const PANEL_SCRIPTS = ['capture.js', 'sidepanel-bridge.js', 'sidepanel-feed.js'];

function fail(message) {
  throw new Error(message);
}

// --- the side panel page -------------------------------------------------------------------------
// build/site/index.html, changed only where an extension page must differ from a served page:
//  1. <html data-worker-url="lanshou-worker.js">: the app starts its worker from that file;
//     data-workspace-mode="replace": each check of the panel replaces the workspace's orders (the
//     page's default is to merge; sidepanel-feed.js gives the paste and the backend page's orders as
//     one text at each load of the page, which merged would pile up; the merchant can tick 合并);
//  2. the page's CSP allows that worker ('self') instead of a blob: one;
//  3. capture.js, sidepanel-bridge.js and sidepanel-feed.js after app.js;
//  4. no web app manifest link.
export function sidePanelHtml(index) {
  const once = (html, pattern, replace, what) => {
    const hits = html.match(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g'));
    if (!hits || hits.length !== 1) {
      throw new Error(`build/site/index.html: expected one ${what}, found ${hits ? hits.length : 0}`);
    }
    return html.replace(pattern, replace);
  };
  let html = index;
  html = once(html, /<html\b/, `<html data-worker-url="${WORKER}" data-workspace-mode="replace"`, '<html> tag');
  html = once(html, /(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/,
              (_, a, csp, b) => a + workerSelf(csp) + b, 'CSP meta tag');
  html = once(html, /<script src="app\.js"><\/script>/,
              '<script src="app.js"></script>\n' + PANEL_SCRIPTS.map((s) => `<script src="${s}"></script>`).join('\n'),
              'app.js script');
  // A web app manifest has no meaning inside an extension page.
  html = html.replace(/<link rel="manifest"[^>]*>\n?/g, '');
  return html;
}

function workerSelf(csp) {
  const directives = csp.split(';').map((d) => d.trim()).filter(Boolean)
    .filter((d) => !/^worker-src\b/i.test(d));
  directives.push("worker-src 'self'");
  return directives.join('; ');
}

// Files the page refers to by a relative URL (src/href), so that they ship too.
function localReferences(html) {
  const refs = new Set();
  for (const m of html.matchAll(/\b(?:src|href)="([^"#?]+)[^"]*"/g)) {
    if (!/^[a-z][a-z0-9+.-]*:/i.test(m[1]) && !m[1].startsWith('//')) refs.add(m[1]);
  }
  return [...refs];
}

// The content scripts that need capture.js get their own copy of it inside them, in a private
// scope: in the page's world no global is left for the page to see or change, and Chrome injects
// a file only once per frame, so the two worlds could not both load capture.js by name.
const WITH_CAPTURE = ['page-hook.js', 'relay.js'];
function withCapture(name) {
  const read = (f) => readFileSync(join(root, 'extension', f), 'utf8');
  return Buffer.from(`// Built by scripts/build-extension.mjs from extension/capture.js and extension/${name}.\n` +
    `(function () {\nvar LANSHOU_SCOPE = {};\n${read('capture.js')}\n${read(name)}\n})();\n`);
}

// --- icons: a red rounded square with a white tick, drawn with 4x4 supersampling ---------------
const CRC_TABLE = Array.from({length: 256}, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
export function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

function icon(size) {
  const RED = [0xe0, 0x2e, 0x24], WHITE = [0xff, 0xff, 0xff];
  const tick = [[0.26, 0.52], [0.43, 0.69], [0.75, 0.33]];
  const radius = 0.22, half = 0.075, ss = 4;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;  // filter: none
    for (let x = 0; x < size; x++) {
      let inside = 0, white = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const u = (x + (sx + 0.5) / ss) / size, v = (y + (sy + 0.5) / ss) / size;
          const qx = Math.max(Math.abs(u - 0.5) - (0.5 - radius), 0), qy = Math.max(Math.abs(v - 0.5) - (0.5 - radius), 0);
          if (Math.hypot(qx, qy) > radius) continue;
          inside++;
          if (segmentDistance(u, v, tick[0], tick[1]) < half || segmentDistance(u, v, tick[1], tick[2]) < half) white++;
        }
      }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const w = inside ? white / inside : 0;
      for (let i = 0; i < 3; i++) raw[o + i] = Math.round(RED[i] * (1 - w) + WHITE[i] * w);
      raw[o + 3] = Math.round((255 * inside) / (ss * ss));
    }
  }
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);  // 8-bit RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
                        chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, {level: 9})), chunk('IEND', Buffer.alloc(0))]);
}

// --- zip: deflated entries, fixed timestamps, sorted names: the same files give the same bytes ---
export function zip(entries) {
  const DOS_TIME = 0, DOS_DATE = ((2025 - 1980) << 9) | (1 << 5) | 1;  // 2025-01-01 00:00
  const locals = [], centrals = [];
  let offset = 0;
  for (const [name, data] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const nameBuf = Buffer.from(name, 'utf8');
    const packed = deflateRawSync(data, {level: 9});
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);        // version needed
    local.writeUInt16LE(0x0800, 6);    // UTF-8 names
    local.writeUInt16LE(8, 8);         // deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4);  // made by: unix, 2.0
    local.copy(central, 6, 4, 30);     // version needed .. name length
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);  // external attributes: a regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, packed);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

// --- assembling ------------------------------------------------------------------------------------
export function buildExtension(site, out, zipPath) {
  for (const name of ['index.html', 'app.js', 'style.css', WORKER]) {
    if (!existsSync(join(site, name))) fail(`${join(site, name)} 不存在，请先构建网站（scripts/build.sh）`);
  }
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const manifest = JSON.parse(readFileSync(join(root, 'extension/manifest.json'), 'utf8'));
  manifest.version = version;

  const html = sidePanelHtml(readFileSync(join(site, 'index.html'), 'utf8'));
  const files = new Map([
    ['manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n')],
    ['sidepanel.html', Buffer.from(html)],
  ]);
  for (const name of SCRIPTS) {
    files.set(name, readFileSync(join(root, 'extension', name)));
  }
  for (const name of WITH_CAPTURE) files.set(name, withCapture(name));
  for (const size of [16, 32, 48, 128]) files.set(`icons/icon-${size}.png`, icon(size));
  // The worker, and everything the page links to (app.js, style.css, and whatever the site adds later).
  files.set(WORKER, readFileSync(join(site, WORKER)));
  for (const ref of localReferences(html)) {
    const path = resolve(site, ref);
    if (files.has(ref)) continue;
    if (!path.startsWith(resolve(site) + sep) || !existsSync(path) || !statSync(path).isFile()) {
      fail(`sidepanel.html refers to ${ref}, which is not a file in ${site}`);
    }
    files.set(relative(resolve(site), path).split(sep).join('/'), readFileSync(path));
  }

  rmSync(out, {recursive: true, force: true});
  for (const [name, data] of files) {
    mkdirSync(dirname(join(out, name)), {recursive: true});
    writeFileSync(join(out, name), data);
  }
  let packed = null;
  if (zipPath) {
    packed = zip([...files]);
    mkdirSync(dirname(zipPath), {recursive: true});
    writeFileSync(zipPath, packed);
  }
  return {files, zip: packed};
}

function listFiles(dir, prefix = '') {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const site = resolve(process.argv[2] ?? join(root, 'build/site'));
  const out = resolve(process.argv[3] ?? join(root, 'build/extension'));
  const zipPath = process.argv[4] ? resolve(process.argv[4]) : null;
  let result;
  try {
    result = buildExtension(site, out, zipPath);
  } catch (err) {
    console.error(`build-extension: ${err.message}`);
    process.exit(2);
  }
  const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
  const total = listFiles(out).reduce((sum, f) => sum + statSync(join(out, f)).size, 0);
  console.log(`build-extension: ${out} (${result.files.size} files, ${kib(total)})` +
              (result.zip ? `, ${zipPath} (${kib(result.zip.length)})` : ''));
}
