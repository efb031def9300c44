// The saved page as a merchant keeps it: lanshou-offline.html copied alone into a folder (the
// desktop), opened from file:// with no server anywhere and the browser's network switched off
// before it opens. It must do the whole check: paste, open a file, explain an order and give the
// words to send, change a rule, export, and remember the input across a reload.
// Run: node --test tests/browser/offline.test.mjs   (after scripts/build.sh)
import assert from 'node:assert/strict';
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {pathToFileURL} from 'node:url';
import {NOW, WAITING_102, artifacts, cliStatuses, cliStatusesOfText, fixture, launch, oneInputAtATime, paste as pasteIn,
  ready as readyIn, root, rowsOf, settled as settledIn, site, sorted, waitForStatus, watch} from './helpers.mjs';

let tmp, desktop, browser, context, page, url;
const requests = [];
const problems = [];

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'lanshou-offline-'));
  desktop = join(tmp, 'Desktop');
  mkdirSync(desktop);
  copyFileSync(join(site, 'lanshou-offline.html'), join(desktop, '揽收.html'));
  url = `${pathToFileURL(join(desktop, '揽收.html')).href}?now=${NOW}`;
  browser = await launch({profile: join(tmp, 'profile'), acceptDownloads: true, offline: true});
  ({context} = browser);
  await oneInputAtATime(context);
  await context.setOffline(true);
  context.on('request', (r) => requests.push(r.url()));
  page = watch(await context.newPage(), problems);
  await page.goto(url);
  await ready();
});

after(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, {recursive: true, force: true});
});

const ready = () => readyIn(page);
const settled = () => settledIn(page);
const paste = async (text) => sorted(await pasteIn(page, text));
const INPUT = fixture('export-utf8.csv') + WAITING_102;

describe('lanshou-offline.html alone on the desktop, network off', () => {
  test('the folder holds that one file, and the browser really is offline', async () => {
    assert.deepEqual(readdirSync(desktop), ['揽收.html']);
    assert.equal(await page.evaluate(() => navigator.onLine), false);
  });

  test('a pasted export gets the statuses the CLI gives', async () => {
    assert.deepEqual(await paste(fixture('export-utf8.csv')), cliStatuses('export-utf8.csv'));
    await page.screenshot({path: join(artifacts, 'offline-desktop.png')});
  });

  test('every other kind of input too: spreadsheet rows, an order detail with its trace', async () => {
    for (const name of ['from-spreadsheet.tsv', 'order-detail.txt']) {
      assert.deepEqual(await paste(fixture(name)), cliStatuses(name), name);
    }
  });

  test('a GBK export opened with the file picker', async () => {
    await page.setInputFiles('#file', join(root, 'tests/fixtures/export-gbk.csv'));
    await page.waitForFunction(() => /export-gbk\.csv/.test(document.getElementById('file-info').textContent));
    await settled();
    assert.deepEqual(sorted(await rowsOf(page)), cliStatuses('export-gbk.csv'));
  });

  test('an overdue order explains the fix and gives the words to send', async () => {
    // the export and a trace that shows 102 still waiting for the courier: 揽收超时 (the export alone
    // makes it 揽收待核实)
    assert.deepEqual(await paste(INPUT), cliStatusesOfText(INPUT));
    await page.click('#results tr[data-order-sn="250310-512000000000102"]');
    await page.waitForSelector('#detail:not([hidden]) .detail-sn');
    await page.waitForSelector('#wording-out .wording-card', {timeout: 15000});
    assert.equal(await page.textContent('#detail .detail-status .chip'), '揽收超时');
    const text = await page.textContent('#detail');
    assert.match(text, /下一步：联系快递揽收并准备申诉/);
    assert.match(text, /新增补寄额外包裹/);
    assert.equal(await page.locator('#wording-out .wording-card[data-kind="buyer_message"]').count(), 1);
    await page.click('#detail-close');
  });

  test('a rule changed in the rules panel changes the result', async () => {
    await page.click('#open-rules');
    try {
      const input = page.locator('.rule[data-key="pickup_window_hours"] input');
      await input.waitFor({timeout: 10000});
      await input.fill('48');
      await input.press('Enter');
      await waitForStatus(page, '250310-512000000000102', 'pickup_due_soon');
      await page.click('#rules-reset');
      await waitForStatus(page, '250310-512000000000102', 'pickup_overdue');
    } finally {
      await page.click('#rules-close');
    }
  });

  test('the result exports as a CSV file', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const text = readFileSync(await download.path(), 'utf8');
    assert.match(text, /250310-512000000000102/);
  });

  test('a reload from disk keeps the input and checks it again', async () => {
    await page.reload();
    await ready();
    await settled();
    assert.equal(await page.inputValue('#paste'), INPUT);
    assert.deepEqual(sorted(await rowsOf(page)), cliStatusesOfText(INPUT));
  });

  test('it asked for nothing but itself, and nothing went wrong', () => {
    const away = requests.filter((u) => !u.startsWith(url.split('?')[0]) && !/^(blob|data):/.test(u));
    assert.deepEqual(away, []);
    assert.deepEqual(problems, []);
  });
});
