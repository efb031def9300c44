// Exports round-trip in the page: paste each sample, export CSV (the core's, through the page's
// 导出 CSV), paste the downloaded file back, and the page shows the same orders with the same
// statuses; a paste with an unreadable row exports its problems table, which reads back as no order.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {after, before, describe, test} from 'node:test';

import {NOW, cliStatuses, fixture, launch, oneInputAtATime, paste, ready, rowsOf, serve, sorted, watch} from './helpers.mjs';

let browser, server, origin, page;
const problems = [];

before(async () => {
  ({server, url: origin} = await serve());
  browser = await launch({acceptDownloads: true});
  await oneInputAtATime(browser.context);
  page = watch(await browser.context.newPage(), problems);
  await page.goto(`${origin}?now=${NOW}`);
  await ready(page);
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function exportCsv() {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const bytes = readFileSync(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM');
  return bytes.toString('utf8').slice(1);
}

describe('export → re-import → same decisions', () => {
  for (const name of ['export-utf8.csv', 'from-spreadsheet.tsv', 'order-detail.txt']) {
    test(name, async () => {
      const first = sorted(await paste(page, fixture(name)));
      assert.deepEqual(first, cliStatuses(name));
      const csv = await exportCsv();
      assert.match(csv, /^行号,订单号,商品,检查结果,/);
      const again = sorted(await paste(page, csv));
      assert.deepEqual(again, first);
      assert.deepEqual(problems, []);
    });
  }

  test('the problems table travels with the export and is not read back as orders', async () => {
    const text = '订单号,订单状态,支付时间,快递单号,快递公司\n' +
      '250311-512000000000101,待发货,2025-03-11 20:14:09,,\n' +
      '250311-512000000000102,已发货，待签收,2025-13-45 99:00:00,75124400000102,中通快递\n';
    const first = sorted(await paste(page, text));
    assert.equal(first.length, 2);
    const csv = await exportCsv();
    assert.match(csv, /\r\n\r\n读取问题所在行,字段,问题代码,问题说明\r\n3,支付时间,time_out_of_range,/);
    assert.deepEqual(sorted(await paste(page, csv)), first);
    assert.deepEqual(sorted(await rowsOf(page)), first);
  });
});
