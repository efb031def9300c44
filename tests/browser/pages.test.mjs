// The site as GitHub Pages serves a project site: under a sub-path, https://USER.github.io/lanshou/.
// Here build/site is served at http://127.0.0.1:PORT/lanshou/ and nothing is served at the root,
// so any absolute URL or a service worker scoped to "/" shows up as a failed request.
// Run: node --test tests/browser/pages.test.mjs   (after scripts/build.sh)
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {EXPECTED, NOW, fixture, launch, paste, ready as readyIn, serve, site, sorted, watch} from './helpers.mjs';

let tmp, server, origin, base, browser, context, page;
const responses = [];
const problems = [];

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'lanshou-pages-'));
  symlinkSync(site, join(tmp, 'lanshou'), 'dir');
  ({server, url: origin} = await serve(tmp));
  base = `${origin}lanshou/`;
  browser = await launch({profile: join(tmp, 'profile')});
  ({context} = browser);
  context.on('response', (r) => responses.push([r.url(), r.status()]));
  page = watch(await context.newPage(), problems);
});

after(async () => {
  await browser?.close();
  server?.close();
  if (tmp) rmSync(tmp, {recursive: true, force: true});
});

const ready = () => readyIn(page);
const check = async () => sorted(await paste(page, fixture('export-utf8.csv')));

describe('the site under /lanshou/, as on GitHub Pages', () => {
  test('the folder URL opens the page and it checks the sample export', async () => {
    await page.goto(`${base}?now=${NOW}`);
    await ready();
    assert.deepEqual(await check(), EXPECTED);
  });

  test('every file it loads is under /lanshou/, and none is missing', () => {
    const outside = responses.filter(([u]) => u.startsWith(origin) && !u.startsWith(base));
    assert.deepEqual(outside, [], 'requests outside the sub-path');
    assert.deepEqual(responses.filter(([, status]) => status >= 400), []);
  });

  test('the service worker is scoped to /lanshou/ and keeps the page working offline', async () => {
    const scopes = await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      return (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope);
    });
    assert.deepEqual(scopes, [base]);
    await page.reload();
    await ready();
    // the network off for real: the server gone, not only the browser's offline switch
    server.close();
    server.closeAllConnections();
    await context.setOffline(true);
    try {
      await page.reload();
      await ready();
      assert.deepEqual(await check(), EXPECTED);
    } finally {
      await context.setOffline(false);
    }
  });

  test('nothing went wrong', () => {
    assert.deepEqual(problems, []);
  });
});
