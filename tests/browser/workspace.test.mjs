// The merchant's workspace on the site (issue 20): batches kept and merged, what changed, handled
// marks and notes, shops, backup, damaged stores. The merchant's day (the core's join over an
// export, a trace and a corrected export) on the site, the offline file and the side panel is
// workspace-faces.test.mjs; reminders, two tabs and a reload during a merge have their own files.
// Run: node --test tests/browser/workspace.test.mjs   (after scripts/build.sh)
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {after, afterEach, before, describe, test} from 'node:test';
import {EXPECTED, NOW, launch, ready, rowsOf, serve, settled, sorted, watch} from './helpers.mjs';
import {AFTERNOON, AFTERNOON_ALONE, MORNING, OTHER_SHOP, addBatch, changes, closeDetail, mark, marksShown, note, openOrder,
  restored, setMerge, setShop} from './workspace-helpers.mjs';

let browser, context, server, origin;
const problems = [];

before(async () => {
  ({server, url: origin} = await serve());
  browser = await launch({acceptDownloads: true});
  ({context} = browser);
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function openPage(query = `?now=${NOW}`) {
  const page = watch(await context.newPage(), problems);
  await page.goto(`${origin}index.html${query}`);
  await ready(page);
  await restored(page);
  return page;
}

// Empties the page's origin: the workspace database and local storage.
async function wipe(page) {
  await page.click('#clear-local');
  await page.waitForFunction(() => !document.getElementById('run').disabled);
  await page.evaluate(() => new Promise((done) => {
    const r = indexedDB.deleteDatabase('lanshou-workspace');
    r.onsuccess = r.onerror = r.onblocked = () => done();
  }));
}

describe('the workspace on the site', () => {
  let page;
  before(async () => { page = await openPage(); });
  after(async () => { await page?.close(); });
  // each test starts from an empty workspace and the page's defaults, whatever the one before left
  afterEach(async () => {
    if (await page.isVisible('#detail')) await page.click('#detail-close');
    await wipe(page);
    assert.equal(await page.isChecked('#merge'), true, 'merging is the default again');
    assert.equal(await page.inputValue('#shop'), '');
  });

  test('replace (a fresh start, unticked): the new export replaces the orders, and what changed is listed', async () => {
    assert.equal(await page.isChecked('#merge'), true, 'merging is the default');
    await setMerge(page, false);
    assert.deepEqual(await addBatch(page, MORNING), EXPECTED);
    assert.equal(await page.isVisible('#changes-box'), false, 'nothing to compare the first check with');
    assert.deepEqual(await addBatch(page, AFTERNOON), AFTERNOON_ALONE);
    assert.deepEqual(await changes(page), {overdue: '新超时 1', picked: '新揽收 1', delivered: '新签收 1', new: '新订单 1',
                                           gone: '不在新数据中 2'});
    // gone from the workspace too: named, no filter
    assert.match(await page.textContent('#changes details'), /250308-512000000000104、250311-512000000000105/);
    assert.match(await page.textContent('#ws-summary'), /^1 批数据/);
    // each kind filters the table, and again shows all
    await page.click('#changes [data-change="overdue"]');
    await page.waitForFunction(() => document.querySelectorAll('#results tr[data-order-sn]').length === 1);
    assert.deepEqual(await rowsOf(page), [['250311-512000000000101', 'ship_overdue']]);
    assert.equal(await page.getAttribute('#changes [data-change="overdue"]', 'aria-pressed'), 'true');
    await page.click('#changes [data-change="overdue"]');
    await page.waitForFunction(() => document.querySelectorAll('#results tr[data-order-sn]').length === 5);
    // a second click on 检查 with the same input is no new batch, and nothing changed since
    await page.click('#run');
    await settled(page);
    assert.deepEqual(await changes(page), {});
    assert.equal(await page.textContent('#changes'), '没有变化');
    // the choice is remembered
    await page.reload();
    await ready(page);
    await restored(page);
    assert.equal(await page.isChecked('#merge'), false);
  });

  test('handled marks and notes: kept across reloads and new exports, the 未处理 filter, carried by the CSV', async () => {
    await addBatch(page, MORNING);
    await openOrder(page, '250310-512000000000102');
    assert.deepEqual(await marksShown(page), {contacted: false, resent: false, appealed: false, note: ''});
    await mark(page, 'contacted', 'resent');
    await note(page, '补寄单号 75124400000999');
    await closeDetail(page);
    assert.equal(await page.getAttribute('#results tr[data-order-sn="250310-512000000000102"]', 'data-handled'), '3');
    assert.match(await page.textContent('#results tr[data-order-sn="250310-512000000000102"]'), /已联系.*已补寄/);
    await page.selectOption('#f-handled', 'open');
    await page.waitForFunction(() => document.querySelectorAll('#results tr[data-order-sn]').length === 5);
    assert.ok(!(await rowsOf(page)).some((r) => r[0] === '250310-512000000000102'));
    await page.selectOption('#f-handled', 'done');
    await page.waitForFunction(() => document.querySelectorAll('#results tr[data-order-sn]').length === 1);
    await page.selectOption('#f-handled', '');
    // a reload: the workspace and the marks come back
    await page.reload();
    await ready(page);
    await restored(page);
    assert.deepEqual(sorted(await rowsOf(page)), EXPECTED);
    assert.equal(await page.inputValue('#paste'), MORNING);
    await openOrder(page, '250310-512000000000102');
    assert.deepEqual(await marksShown(page), {contacted: true, resent: true, appealed: false, note: '补寄单号 75124400000999'});
    assert.match(await page.textContent('#detail .history'), /首次出现：揽收待核实/);
    await closeDetail(page);
    // a new export (merged): the order is still marked
    assert.equal((await addBatch(page, AFTERNOON)).length, 7);
    assert.equal(await page.getAttribute('#results tr[data-order-sn="250310-512000000000102"]', 'data-handled'), '3');
    // the CSV carries them
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const csv = readFileSync(await download.path(), 'utf8');
    const [head, ...lines] = csv.replace(/^\uFEFF/, '').split('\r\n');
    assert.match(head, /,处理标记,处理备注$/);
    assert.ok(lines.some((l) => l.includes('250310-512000000000102') && l.endsWith(',已联系买家、已补寄,补寄单号 75124400000999')), csv);
    assert.ok(lines.some((l) => l.includes('250311-512000000000101') && l.endsWith(',,')), csv);
    // and an unticked mark goes
    await openOrder(page, '250310-512000000000102');
    await mark(page, 'resent');
    await closeDetail(page);
    assert.equal(await page.getAttribute('#results tr[data-order-sn="250310-512000000000102"]', 'data-handled'), '1');
    // a fresh start (replace) keeps the marks too
    await setMerge(page, false);
    assert.deepEqual(await addBatch(page, AFTERNOON), AFTERNOON_ALONE);
    assert.equal(await page.getAttribute('#results tr[data-order-sn="250310-512000000000102"]', 'data-handled'), '1');
  });

  test('merge: the batches add up, merged by order number; a shop label per batch, filterable', async () => {
    await setMerge(page, true);
    await setShop(page, '旗舰店');
    await addBatch(page, MORNING);
    await setShop(page, '二店');
    const both = await addBatch(page, OTHER_SHOP);
    assert.equal(both.length, 8);
    assert.match(await page.textContent('#state'), /^检查完成。已合并到工作区（共 2 批数据）/);
    assert.match(await page.textContent('#ws-summary'), /2 批数据 · 店铺：旗舰店、二店/);
    assert.equal(await page.isVisible('#f-shop'), true);
    await page.selectOption('#f-shop', '二店');
    await page.waitForFunction(() => document.querySelectorAll('#results tr[data-order-sn]').length === 2);
    assert.deepEqual(sorted(await rowsOf(page)), [['250311-512000000000901', 'awaiting_shipment'], ['250311-512000000000902', 'awaiting_pickup']]);
    await page.selectOption('#f-shop', '旗舰店');
    await page.waitForFunction(() => document.querySelectorAll('#results tr[data-order-sn]').length === 6);
    await page.selectOption('#f-shop', '');
    // the same export again adds no order; replace (untick) starts afresh
    assert.equal((await addBatch(page, OTHER_SHOP)).length, 8);
    await setMerge(page, false);
    assert.equal((await addBatch(page, OTHER_SHOP)).length, 2);
    assert.equal(await page.isVisible('#f-shop'), false);
  });

  test('backup: the whole workspace as one file, and back', async () => {
    await setMerge(page, true);
    await addBatch(page, MORNING);
    await addBatch(page, OTHER_SHOP);
    await openOrder(page, '250311-512000000000901');
    await mark(page, 'appealed');
    await closeDetail(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ws-backup')]);
    assert.match(download.suggestedFilename(), /^lanshou-workspace-\d{12}\.json$/);
    const file = await download.path();
    const backup = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(backup.format, 'lanshou-workspace');
    assert.equal(backup.batches.length, 2);
    assert.deepEqual(backup.marks.map((m) => [m.key, m.bits]), [['250311-512000000000901', 4]]);
    await page.click('#ws-clear');
    await page.waitForFunction(() => document.getElementById('output').hidden);
    assert.match(await page.textContent('#state'), /已清空工作区/);
    await page.setInputFiles('#ws-import', file);
    // the file is read first (FileReader): until then the state still says it was cleared
    await page.waitForFunction(() => !/已清空工作区/.test(document.getElementById('state').textContent));
    await settled(page);
    assert.equal((await rowsOf(page)).length, 8);
    assert.equal(await page.getAttribute('#results tr[data-order-sn="250311-512000000000901"]', 'data-handled'), '4');
    await page.reload();
    await ready(page);
    await restored(page);
    assert.equal((await rowsOf(page)).length, 8);
    // not a backup: refused, the workspace stays
    await page.setInputFiles('#ws-import', {name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"a":1}')});
    await page.waitForFunction(() => /无法恢复备份/.test(document.getElementById('state').textContent));
    assert.equal((await rowsOf(page)).length, 8);
  });

  test('nothing went wrong', () => {
    assert.deepEqual(problems, []);
  });
});

describe('a stored workspace that cannot be read as it is', () => {
  // Writes a database under the workspace's name before the page opens it (from a page of the
  // same origin that is not the app).
  async function seed(make) {
    const page = await context.newPage();
    await page.goto(`${origin}icon.svg`);
    await page.evaluate(make);
    await page.close();
  }
  const ours = (meta, batches) => `new Promise((done, fail) => {
    indexedDB.deleteDatabase('lanshou-workspace').onsuccess = () => {
      const r = indexedDB.open('lanshou-workspace', 1);
      r.onupgradeneeded = () => {
        const db = r.result;
        db.createObjectStore('meta');
        db.createObjectStore('batches', {keyPath: 'id', autoIncrement: true});
        db.createObjectStore('marks', {keyPath: 'key'});
        db.createObjectStore('history', {keyPath: 'id', autoIncrement: true});
        db.createObjectStore('aside', {keyPath: 'id', autoIncrement: true});
      };
      r.onsuccess = () => {
        const tx = r.result.transaction(['meta', 'batches'], 'readwrite');
        tx.objectStore('meta').put(${JSON.stringify(meta)}, 'workspace');
        for (const b of ${JSON.stringify(batches)}) tx.objectStore('batches').put(b);
        tx.oncomplete = () => { r.result.close(); done(); };
        tx.onerror = () => fail(tx.error);
      };
    };
  })`;
  const OLD_TEXT = '订单号,订单状态,支付时间\n250301-512000000000001,待发货,2025-03-01 08:00:00\n';

  test('an old version\'s store: reported, kept aside (downloadable), a new workspace starts', async () => {
    await seed(ours({schema: 0, rev: 3}, [{id: 1, at: 1, text: OLD_TEXT}]));
    const page = await openPage();
    try {
      assert.equal(await page.getAttribute('#ws-problem', 'data-problem'), 'aside');
      assert.match(await page.textContent('#ws-problem'), /已另外保留/);
      assert.equal(await page.isVisible('#output'), false, 'the old orders are not shown as the workspace');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ws-aside')]);
      const kept = JSON.parse(readFileSync(await download.path(), 'utf8'));
      assert.equal(kept.kept[0].data.batches[0].text, OLD_TEXT);
      assert.equal(kept.kept[0].reason, 'schema 0');
      // the new workspace works, and the kept data stays until 清除本地数据
      assert.deepEqual(await addBatch(page, MORNING), EXPECTED);
      await page.reload();
      await ready(page);
      await restored(page);
      assert.deepEqual(sorted(await rowsOf(page)), EXPECTED);
    } finally {
      await wipe(page);
      await page.close();
    }
  });

  test('a damaged record: reported and kept aside, the rest of the workspace comes back', async () => {
    await seed(ours({schema: 1, rev: 2}, [{id: 1, at: 1, text: MORNING}, {id: 2, at: 2, text: 42}]));
    const page = await openPage();
    try {
      assert.equal(await page.getAttribute('#ws-problem', 'data-problem'), 'aside');
      assert.deepEqual(sorted(await rowsOf(page)), EXPECTED);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ws-aside')]);
      const kept = JSON.parse(readFileSync(await download.path(), 'utf8'));
      assert.deepEqual(kept.kept.map((k) => k.data.batches), [[{id: 2, at: 2, text: 42}]]);
    } finally {
      await wipe(page);
      await page.close();
    }
  });

  test('another layout under the workspace\'s name: its data kept aside', async () => {
    await seed(`new Promise((done) => {
      indexedDB.deleteDatabase('lanshou-workspace').onsuccess = () => {
        const r = indexedDB.open('lanshou-workspace', 1);
        r.onupgradeneeded = () => r.result.createObjectStore('things', {autoIncrement: true}).add({old: 'data'});
        r.onsuccess = () => { r.result.close(); done(); };
      };
    })`);
    const page = await openPage();
    try {
      assert.equal(await page.getAttribute('#ws-problem', 'data-problem'), 'aside');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ws-aside')]);
      const kept = JSON.parse(readFileSync(await download.path(), 'utf8'));
      assert.deepEqual(kept.kept[0].data.things, [{old: 'data'}]);
      assert.deepEqual(await addBatch(page, MORNING), EXPECTED);
    } finally {
      await wipe(page);
      await page.close();
    }
  });

  test('a newer lanshou\'s store: reported, neither read nor changed; the page works without saving', async () => {
    await seed(ours({schema: 99, rev: 7}, [{id: 1, at: 1, text: OLD_TEXT}]));
    const page = await openPage();
    try {
      assert.equal(await page.getAttribute('#ws-problem', 'data-problem'), 'newer');
      assert.deepEqual(await addBatch(page, MORNING), EXPECTED);
      assert.match(await page.textContent('#ws-summary'), /只在本页，未保存/);
      const stored = await page.evaluate(() => new Promise((done) => {
        const r = indexedDB.open('lanshou-workspace');
        r.onsuccess = () => {
          const tx = r.result.transaction(['meta', 'batches']);
          const out = {};
          tx.objectStore('meta').get('workspace').onsuccess = (e) => { out.meta = e.target.result; };
          tx.objectStore('batches').getAll().onsuccess = (e) => { out.batches = e.target.result; };
          tx.oncomplete = () => { r.result.close(); done(out); };
        };
      }));
      assert.deepEqual(stored, {meta: {schema: 99, rev: 7}, batches: [{id: 1, at: 1, text: OLD_TEXT}]});
    } finally {
      await page.evaluate(() => localStorage.clear());
      await page.evaluate(() => new Promise((done) => {
        const r = indexedDB.deleteDatabase('lanshou-workspace');
        r.onsuccess = r.onerror = r.onblocked = () => done();
      }));
      await page.close();
    }
  });

  test('nothing went wrong', () => {
    assert.deepEqual(problems, []);
  });
});
