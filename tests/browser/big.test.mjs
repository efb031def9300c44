// A big export opened as a file: more than the core's 64 MB default (the page allows 512 MB, so a
// 1M-order export of 226 MB can be checked; scripts/bench.sh times that one). 300,000 generated
// orders, 68 MB: every order is counted and the overview drawn, nothing refused, no error.
// Run: node --test tests/browser/big.test.mjs   (after scripts/build.sh)
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';

import {generate} from '../../scripts/bench/gen.mjs';
import {NOW, launch, ready, serve, settled, watch} from './helpers.mjs';

const ORDERS = 300000;
let tmp, server, url, browser;
const problems = [];

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'lanshou-big-'));
  writeFileSync(join(tmp, 'export.csv'), generate(ORDERS, 1));
  ({server, url} = await serve());
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
  if (tmp) rmSync(tmp, {recursive: true, force: true});
});

test('an export over 64 MB opened as a file is checked whole', {timeout: 120000}, async () => {
  const page = watch(await browser.context.newPage(), problems);
  await page.goto(`${url}index.html?now=${NOW}`);
  await ready(page);
  await page.setInputFiles('#file', join(tmp, 'export.csv'));
  await page.waitForFunction(() => document.getElementById('state').dataset.phase === 'done' ||
                                   document.getElementById('state').className === 'tone-bad',
                             null, {timeout: 110000, polling: 200});
  await settled(page);
  assert.equal(await page.textContent('#shown'), `显示 ${ORDERS.toLocaleString('en-US')} / ${ORDERS.toLocaleString('en-US')} 单`);
  assert.ok((await page.$$('#results tr[data-order-sn]')).length > 0);
  assert.doesNotMatch(await page.textContent('body'), /超过上限/);
  assert.deepEqual(problems, []);
});
