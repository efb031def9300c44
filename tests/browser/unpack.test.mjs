// The wasm travels LZMA-packed inside the worker's source and web/lzma.js unpacks it as the worker
// starts. The page tells how long that took, and a page whose packed wasm was damaged (a download
// cut short, a file mangled on the way) says so in Chinese instead of waiting for ever.
// Run: node --test tests/browser/unpack.test.mjs   (after scripts/build.sh)
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {pathToFileURL} from 'node:url';
import {NOW, launch, ready, serve, site, watch} from './helpers.mjs';

const PACKED = /(LANSHOU_WASM_LZMA\s*=\s*\\?")([A-Za-z0-9+/=]+)(\\?")/;

// The packed wasm cut to `keep` base64 characters (a multiple of 4: whole bytes).
const cut = (text, keep) => text.replace(PACKED, (_, a, data, b) => a + data.slice(0, keep) + b);
const packedLength = (text) => Buffer.from(PACKED.exec(text)[2], 'base64').length;

let tmp, browser, context;
const servers = [];

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'lanshou-unpack-'));
  browser = await launch();
  ({context} = browser);
});

after(async () => {
  await browser?.close();
  servers.forEach((s) => s.close());
  if (tmp) rmSync(tmp, {recursive: true, force: true});
});

// Waits until the page's engine runs or fails; gives #state's phase and text.
async function started(page) {
  await page.waitForFunction(() => !document.getElementById('run').disabled ||
                                   document.getElementById('state').dataset.phase === 'error', null, {timeout: 30000});
  return page.$eval('#state', (s) => ({phase: s.dataset.phase, text: s.textContent}));
}

const failure = (length) => ({
  phase: 'error',
  text: `检查引擎无法启动：引擎数据无法解压：LZMA 数据不完整（在第 ${length} 字节处中断）。请刷新页面，或重新下载离线版`,
});

describe('the wasm unpacked in the worker', () => {
  test('the site: the engine starts from the LZMA-packed wasm and tells how long unpacking took', async () => {
    const {server, url} = await serve();
    servers.push(server);
    const problems = [];
    const page = watch(await context.newPage(), problems);
    await page.goto(`${url}index.html?now=${NOW}`);
    await ready(page);
    const engine = await page.evaluate(() => self.lanshouPage.engine());
    assert.match(engine.version, /^\d+\.\d+\.\d+/);
    assert.equal(typeof engine.unpackMs, 'number');
    assert.ok(engine.unpackMs > 0, JSON.stringify(engine));
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the site with its worker file cut short: the page says the engine data cannot be unpacked', async () => {
    const dir = join(tmp, 'site');
    cpSync(site, dir, {recursive: true});
    const worker = readFileSync(join(dir, 'lanshou-worker.js'), 'utf8');
    const damaged = cut(worker, 80000);
    writeFileSync(join(dir, 'lanshou-worker.js'), damaged);
    const {server, url} = await serve(dir);
    servers.push(server);
    const page = await context.newPage();
    await page.goto(`${url}index.html?now=${NOW}`);
    assert.deepEqual(await started(page), failure(packedLength(damaged)));
    assert.equal(await page.$eval('#run', (b) => b.disabled), true);
    await page.close();
  });

  test('the offline file with its packed wasm cut short, from file://: the same message', async () => {
    const html = readFileSync(join(site, 'lanshou-offline.html'), 'utf8');
    // The packed wasm is the file's last inline script, allowed by its hash: the damaged one gets its own.
    const script = /<script>(self\.LANSHOU_WASM_LZMA = [^]*?)<\/script>/.exec(html)[1];
    const damaged = cut(script, 40000);
    const hash = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    assert.ok(html.includes(hash(script)));
    const file = join(tmp, 'lanshou-offline.html');
    writeFileSync(file, html.replace(script, () => damaged).replace(hash(script), () => hash(damaged)));
    const page = await context.newPage();
    await page.goto(`${pathToFileURL(file).href}?now=${NOW}`);
    assert.deepEqual(await started(page), failure(packedLength(damaged)));
    await page.close();
  });
});
