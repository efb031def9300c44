// Issue 16: the extension's side panel gives the same result as the CLI for each input fixture —
// the export generations (tests/fixtures/exports), the back-office text (tests/fixtures/backoffice)
// and the PDD order JSON (tests/fixtures/pdd-json), each pasted into the panel at its own clock.
// Per fixture: the panel's table fields (number, status, deadline, courier, tracking number, finding
// codes) are the CLI's, and the panel's "导出 CSV" is the CLI's `--format csv` byte for byte but for
// the workspace's two empty columns at the end of each order's record (处理标记, 处理备注). (The
// backend's own answers, captured rather than pasted, are in extension-backoffice.test.mjs.)
// Run: node --test tests/browser/extension-fixtures.test.mjs   (after scripts/build.sh)
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {launch, root, site as builtSite, watch} from './helpers.mjs';
import {assertSameCsv, cli, panelCsv, tableOf, tableOfCli} from './extension-backoffice.mjs';

const site = resolve(process.env.LANSHOU_SITE ?? builtSite);
const dir = (name) => join(root, 'tests/fixtures', name);
const expected = (name) => JSON.parse(readFileSync(join(dir(name), 'expected.json'), 'utf8')).fixtures;

// [file, now]: every fixture of the three folders, at the clock its README or expected.json names.
const FIXTURES = [
  ...Object.entries(expected('exports')).map(([f, e]) => [join(dir('exports'), f), e.now]),
  ...readdirSync(dir('backoffice')).filter((f) => f.endsWith('.txt')).sort()
    .map((f) => [join(dir('backoffice'), f), '2026-12-07T12:00:00+08:00']),
  ...Object.entries(expected('pdd-json')).map(([f, e]) => [join(dir('pdd-json'), f), e.now]),
];

let tmp, browser, context, extensionId;
const problems = [];
const panels = new Map();  // now -> the side panel at that clock

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'lanshou-ext-fixtures-'));
  const build = spawnSync(process.execPath, [join(root, 'scripts/build-extension.mjs'), site, join(tmp, 'unpacked')],
                          {encoding: 'utf8'});
  assert.equal(build.status, 0, build.stderr);
  browser = await launch({
    profile: join(tmp, 'profile'),
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [`--disable-extensions-except=${join(tmp, 'unpacked')}`, `--load-extension=${join(tmp, 'unpacked')}`],
    viewport: {width: 1100, height: 800},
  });
  ({context} = browser);
  const worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker', {timeout: 20000});
  extensionId = new URL(worker.url()).host;
});

after(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, {recursive: true, force: true});
});

async function panelAt(now) {
  if (panels.has(now)) return panels.get(now);
  const page = watch(await context.newPage(), problems);
  await page.setViewportSize({width: 420, height: 900});
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html?now=${encodeURIComponent(now)}`);
  await page.waitForFunction(() => !document.getElementById('run').disabled, null, {timeout: 30000});
  panels.set(now, page);
  return page;
}

// Pastes the text and checks it, as the merchant does; resolves once the new result is shown.
async function check(page, text) {
  const before = await page.evaluate(() => { const r = self.lanshouPage.state(); return r ? r.gen : null; });
  await page.fill('#paste', text);
  await page.evaluate(() => self.lanshouPage.run());
  await page.waitForFunction((gen) => {
    const r = self.lanshouPage.state();
    return r && r.gen !== gen && !document.getElementById('run').disabled &&
           document.getElementById('state').getAttribute('data-phase') !== 'busy';
  }, before, {timeout: 30000});
}

describe('the side panel gives the CLI\'s result for each input fixture', () => {
  for (const [file, now] of FIXTURES) {
    const name = file.slice(join(root, 'tests/fixtures/').length);
    test(name, async () => {
      const page = await panelAt(now);
      // The text as a merchant's paste: decoded as UTF-8, without the byte order mark.
      await check(page, new TextDecoder().decode(readFileSync(file)));
      assert.deepEqual(await tableOf(page), tableOfCli(file, now, {errors: null}));
      assertSameCsv(await panelCsv(page), cli(file, now, 'csv'), {sameLines: true});
    });
  }

  test('nothing went wrong in the panels', () => {
    assert.deepEqual(problems, []);
  });
});
