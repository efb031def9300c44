// The extension asks for the least it needs and runs no code from anywhere but its own files.
// Checks extension/manifest.json and the scripts as written, then the extension as
// scripts/build-extension.mjs assembles it from build/site (into a temporary folder).
import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {buildExtension, sidePanelHtml} from '../../scripts/build-extension.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const source = JSON.parse(readFileSync(join(root, 'extension/manifest.json'), 'utf8'));
const script = (name) => readFileSync(join(root, 'extension', name), 'utf8');
const HOST = 'https://mms.pinduoduo.com/*';
const CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'";

describe('extension/manifest.json: least privilege', () => {
  test('is Manifest V3 with a service worker and a side panel', () => {
    assert.equal(source.manifest_version, 3);
    assert.deepEqual(source.background, {service_worker: 'background.js'});
    assert.deepEqual(source.side_panel, {default_path: 'sidepanel.html'});
    assert.ok(Number(source.minimum_chrome_version) >= 116, 'sidePanel.open() needs Chrome 116');
  });

  test('asks for exactly storage, contextMenus, sidePanel and activeTab', () => {
    assert.deepEqual(source.permissions, ['storage', 'contextMenus', 'sidePanel', 'activeTab']);
    assert.equal(source.optional_permissions, undefined);
    assert.equal(source.optional_host_permissions, undefined);
  });

  test('reaches only the merchant backend, and runs its content scripts only there, in its top frame', () => {
    assert.deepEqual(source.host_permissions, [HOST]);
    assert.deepEqual(source.content_scripts, [
      // In the page's own world from the start, to see the answers to the page's own requests.
      {matches: [HOST], js: ['page-hook.js'], run_at: 'document_start', world: 'MAIN'},
      // In the extension's world: passes what page-hook.js kept to the service worker.
      {matches: [HOST], js: ['relay.js'], run_at: 'document_start'},
      {matches: [HOST], js: ['content.js'], run_at: 'document_idle'},
    ]);
    assert.ok(Number(source.minimum_chrome_version) >= 111, '"world": "MAIN" needs Chrome 111');
  });

  test('allows wasm and nothing else beyond its own scripts', () => {
    assert.deepEqual(source.content_security_policy, {extension_pages: CSP});
  });

  test('exposes nothing to web pages or other extensions', () => {
    for (const key of ['web_accessible_resources', 'externally_connectable', 'update_url', 'key', 'oauth2',
                       'sandbox', 'chrome_url_overrides', 'commands']) {
      assert.equal(source[key], undefined, key);
    }
  });
});

describe('extension scripts: no network, no remote code, nothing stored remotely', () => {
  const names = ['background.js', 'capture.js', 'page-hook.js', 'relay.js', 'content.js', 'sidepanel-bridge.js',
                 'sidepanel-feed.js'];
  // page-hook.js wraps the page's fetch and XMLHttpRequest: it names them, and is checked below.
  const WRAPS = /\bfetch\s*\(|XMLHttpRequest/;

  test('none of them fetches, connects, evaluates strings or loads scripts', () => {
    for (const name of names) {
      let text = script(name);
      // The service worker loads two files of the extension itself, and nothing else.
      if (name === 'background.js') {
        const imports = [...text.matchAll(/importScripts\(([^)]*)\)/g)].map((m) => m[1]);
        assert.deepEqual(imports, ["'capture.js'", "'lanshou-worker.js'"]);
        text = text.replace(/importScripts\('(capture|lanshou-worker)\.js'\)/g, '');
      }
      for (const banned of [/\bfetch\s*\(/, /XMLHttpRequest/, /WebSocket/, /EventSource/, /sendBeacon/, /\beval\s*\(/,
                            /new Function\b/, /importScripts/, /\.innerHTML\b/, /insertAdjacentHTML/, /document\.write/,
                            /chrome\.scripting/, /chrome\.(debugger|webRequest|cookies|history|tabs\.executeScript)/,
                            /storage\.(sync|local)\b/, /runtime\.connectNative|sendNativeMessage/, /\bpostMessage\s*\(/]) {
        if (name === 'page-hook.js' && String(banned) === String(/\bfetch\s*\(/)) continue;
        if (name === 'page-hook.js' && String(banned) === String(/XMLHttpRequest/)) continue;
        assert.doesNotMatch(text, banned, `${name}: ${banned}`);
      }
      if (name !== 'page-hook.js') assert.doesNotMatch(text, WRAPS, name);
      const urls = [...text.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"`)]*/gi)].map((m) => m[0]);
      assert.deepEqual(urls.filter((u) => u !== 'https://mms.pinduoduo.com' && !u.startsWith('https://mms.pinduoduo.com/')), [],
                       `${name} names a URL`);
    }
  });

  test('page-hook.js makes no request of its own: it only passes the page\'s calls to the browser\'s fetch and XHR', () => {
    const text = script('page-hook.js');
    assert.deepEqual([...text.matchAll(/\b(fetch0|open0|send0)\b[^;\n]*/g)].map((m) => m[0]).filter((c) => /\(/.test(c)), [
      'fetch0.apply(this, arguments)', 'open0.apply(this, arguments)', 'send0.apply(this, arguments)']);
    assert.doesNotMatch(text, /new XMLHttpRequest|\bfetch\s*\(\s*['"`]|\.open\s*\(\s*['"`]/);
    // It hands records to relay.js as an event on its own document, never with window.postMessage
    // (which the page's own message listeners would receive).
    assert.match(text, /dispatch\.call\(doc, new CE\(C\.EVENT/);
  });

  test('the background counts the badge with the core, in its own context', () => {
    const text = script('background.js');
    assert.match(text, /chrome\.action\.setBadgeText\(\{tabId, text:/);
    assert.match(text, /chrome\.action\.setBadgeBackgroundColor/);
    assert.match(text, /chrome\.action\.setTitle/);
    assert.doesNotMatch(text, /chrome\.offscreen/);
  });

  test('the background offers "用揽收助手检查所选内容" on a selection and keeps text in session storage only', () => {
    const text = script('background.js');
    assert.match(text, /title: '用揽收助手检查所选内容', contexts: \['selection'\]/);
    assert.match(text, /chrome\.storage\.session\.set/);
    assert.match(text, /chrome\.sidePanel\.open/);
  });

  test('the content script sends document.body.innerText when its button "检查本页订单" is clicked', () => {
    const text = script('content.js');
    assert.match(text, /textContent = '检查本页订单'/);
    assert.match(text, /document\.body\.innerText/);
    assert.match(text, /\{type: 'lanshou:check-page', captured: true\}/);
    assert.match(text, /\{type: 'lanshou:check-page', text: document\.body \? document\.body\.innerText : ''\}/);
    assert.match(text, /chrome\.runtime\.sendMessage\(message,/);
  });
});

describe('the assembled extension', () => {
  const site = join(root, 'build/site');
  let out, files;
  before(() => {
    out = mkdtempSync(join(tmpdir(), 'lanshou-extension-'));
    ({files} = buildExtension(site, join(out, 'unpacked'), null));
  });
  after(() => rmSync(out, {recursive: true, force: true}));

  test('carries the version of package.json and the manifest as written otherwise', () => {
    const manifest = JSON.parse(files.get('manifest.json'));
    const {version} = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    assert.equal(manifest.version, version);
    assert.match(version, /^\d+(\.\d+){0,3}$/, 'Chrome takes 1 to 4 dot-separated numbers');
    assert.deepEqual({...manifest, version: source.version}, source);
  });

  test('its content scripts carry capture.js inside, in a scope of their own', () => {
    for (const name of ['page-hook.js', 'relay.js']) {
      const text = files.get(name).toString();
      assert.ok(text.startsWith(`// Built by scripts/build-extension.mjs from extension/capture.js and extension/${name}.\n` +
                                '(function () {\nvar LANSHOU_SCOPE = {};\n'), name);
      assert.ok(text.includes(script('capture.js')) && text.includes(script(name)), name);
    }
    assert.ok(files.get('capture.js').equals(readFileSync(join(root, 'extension/capture.js'))));
  });

  test('holds every file the manifest and the side panel name', () => {
    const manifest = JSON.parse(files.get('manifest.json'));
    const named = [manifest.background.service_worker, manifest.side_panel.default_path,
                   ...manifest.content_scripts.flatMap((c) => c.js),
                   ...Object.values(manifest.icons), ...Object.values(manifest.action.default_icon)];
    const html = files.get('sidepanel.html').toString();
    named.push(...[...html.matchAll(/\b(?:src|href)="([^"#?:]+)"/g)].map((m) => m[1]));
    for (const name of named) assert.ok(files.has(name), `${name} is named but not shipped`);
    assert.ok(existsSync(join(out, 'unpacked', 'lanshou-worker.js')));
  });

  test('icons are PNGs of the size they claim', () => {
    const manifest = JSON.parse(files.get('manifest.json'));
    for (const [size, name] of Object.entries(manifest.icons)) {
      const png = files.get(name);
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', name);
      assert.equal(png.readUInt32BE(16), Number(size), name);
      assert.equal(png.readUInt32BE(20), Number(size), name);
    }
  });

  test('its pages run only their own files: no inline script, no remote script or style', () => {
    for (const [name, data] of files) {
      // The offline page rides along only as the side panel's "下载离线版" download, never opened here.
      if (!/\.(html|js)$/.test(name) || name === 'lanshou-offline.html') continue;
      const text = data.toString();
      assert.doesNotMatch(text, /<script(?![^>]*\bsrc=)[^>]*>/i, `${name}: an inline script`);
      assert.doesNotMatch(text, /<(?:script|link)[^>]+(?:src|href)="(?:https?:)?\/\//i, `${name}: a remote script or style`);
    }
    if (files.has('lanshou-offline.html')) {
      assert.match(files.get('sidepanel.html').toString(), /<a [^>]*href="lanshou-offline\.html"[^>]* download=/);
    }
  });

  test('the core\'s worker evaluates no strings (MV3 pages allow wasm, never eval: -sDYNAMIC_EXECUTION=0)', () => {
    const worker = files.get('lanshou-worker.js').toString();
    assert.doesNotMatch(worker, /\bnew Function\s*\(/);
    assert.doesNotMatch(worker, /(?<![\w.$])eval\s*\(/);
  });

  test('the side panel page keeps the site\'s policy, with its worker a file of the extension', () => {
    const html = files.get('sidepanel.html').toString();
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)[1];
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]));
    assert.equal(directives['worker-src'], "'self'");
    assert.equal(directives['connect-src'], "'none'");
    assert.equal(directives['object-src'], "'none'");
    assert.match(html, /<html data-worker-url="lanshou-worker\.js"/);
  });

  test('sidePanelHtml() refuses a page it does not recognise rather than guessing', () => {
    assert.throws(() => sidePanelHtml('<html><body>no app</body></html>'), /expected one/);
  });
});
