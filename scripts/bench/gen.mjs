// Deterministic generator of realistic PDD order exports for the benchmark (scripts/bench.sh).
//   node scripts/bench/gen.mjs ORDERS [SEED] > export.csv
// or, from JavaScript: import {generate} from './gen.mjs'; generate(orders, seed) -> string.
// The same (orders, seed) always gives the same bytes. The text is a header-row CSV export as the
// backend writes it (every status lanshou knows: waiting, due soon and overdue for both clocks,
// picked up on time and late, delivered, closed, unpaid), with 14 couriers' number shapes, quoted
// cells, a few bad rows (unreadable times, impossible numbers, courier mix-ups, wrong order dates,
// duplicate numbers) and, after a blank line, order detail blocks with courier traces (returned,
// problem parcels, stale traces, traces of another parcel) for ~1% of the orders.
// "now" for the generated data is NOW below: check it with --now 2025-03-12T12:00:00+08:00.
import {pathToFileURL} from 'node:url';

export const NOW = '2025-03-12T12:00:00+08:00';
const NOW_S = Date.parse(NOW) / 1000;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n, w = 2) => String(n).padStart(w, '0');
// Beijing wall-clock text of epoch seconds.
function bj(s) {
  const d = new Date((s + 8 * 3600) * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
function ymd6(s) {
  const d = new Date((s + 8 * 3600) * 1000);
  return `${pad(d.getUTCFullYear() % 100)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

// Courier name as the export writes it, and a number maker in the courier's shape.
const COURIERS = [
  ['中通快递', (r, k) => '73' + digits(r, 12)],
  ['圆通速递', (r, k) => 'YT' + digits(r, 13)],
  ['韵达快递', (r, k) => '4' + digits(r, 14)],
  ['申通快递', (r, k) => '77' + digits(r, 12)],
  ['极兔速递', (r, k) => 'JT' + digits(r, 13)],
  ['顺丰速运', (r, k) => 'SF' + digits(r, 13)],
  ['邮政快递包裹', (r, k) => '98' + digits(r, 11)],
  ['京东快递', (r, k) => 'JDVA' + digits(r, 11)],
  ['德邦快递', (r, k) => 'DPK' + digits(r, 12)],
  ['菜鸟速递', (r, k) => '621' + digits(r, 12)],
  ['丰网速运', (r, k) => 'FW' + digits(r, 12)],
  ['EMS', (r, k) => '10' + digits(r, 11)],
];
const COURIER_WEIGHTS = [30, 20, 15, 10, 10, 5, 3, 2, 1, 1, 1, 2];

function digits(r, n) {
  let s = '';
  for (let i = 0; i < n; ++i) s += String(Math.floor(r() * 10));
  return s;
}
function pick(r, list, weights) {
  if (!weights) return list[Math.floor(r() * list.length)];
  let total = 0;
  for (const w of weights) total += w;
  let x = r() * total;
  for (let i = 0; i < list.length; ++i) {
    x -= weights[i];
    if (x < 0) return list[i];
  }
  return list[list.length - 1];
}

const PRODUCT_WORDS = ['棉拖鞋', '收纳盒', '儿童袜', '保温饭盒', '数据线', '手机壳', '洗脸巾', '垃圾袋',
  '抽纸', '牙刷', '拖把', '晾衣架', '保鲜膜', '电热水壶', '雨伞', '帆布包', '卫衣', '打底裤', '枕头',
  '蓝牙耳机'];
const PRODUCT_SPECS = ['男款', '女款', '大号', '小号', '5双', '10卷', '白色', '黑色', '加厚', '家用'];

const HEADER = '商品,订单号,订单状态,商品数量(件),用户实付金额(元),支付时间,拼单成功时间,' +
  '订单确认时间,承诺发货时间,发货时间,揽收时间,确认收货时间,快递单号,快递公司,商家备注,售后状态';

// A CSV cell: quoted when it holds a comma or quote.
const cell = (v) => (/[",\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v);

export function generate(orders, seed = 1) {
  const r = mulberry32(seed);
  const products = [];
  for (let i = 0; i < 200; ++i) {
    const p = pick(r, PRODUCT_WORDS) + ' ' + pick(r, PRODUCT_SPECS);
    products.push(i % 17 === 0 ? p + ', 两件装' : p);  // some quoted cells
  }
  const tableOrders = orders - Math.floor(orders / 100);
  const lines = [HEADER];
  const used = [];
  for (let i = 0; i < tableOrders; ++i) {
    const kind = r();
    // Paid between 10 days and 1 hour before now.
    let paid = NOW_S - 3600 - Math.floor(r() * 10 * 86400);
    let grouped = paid + 1 + Math.floor(r() * 60);
    let promised = grouped + 48 * 3600;
    let status = '待发货';
    let shipped = '', pickedUp = '', delivered = '', no = '', courier = '';
    let c = pick(r, COURIERS, COURIER_WEIGHTS);
    if (kind < 0.15) {
      // Waiting for shipment: paid in the last 3 days so some are due soon, some overdue.
      paid = NOW_S - Math.floor(r() * 3 * 86400);
      grouped = paid + 1;
      promised = grouped + 48 * 3600;
    } else if (kind < 0.97) {
      const ship = grouped + 600 + Math.floor(r() * 40 * 3600);
      if (ship >= NOW_S) {
        status = '待发货';
      } else {
        status = '已发货，待签收';
        shipped = bj(ship);
        no = c[1](r);
        courier = c[0];
        if (kind >= 0.45) {
          const pick = ship + Math.floor(r() * (kind < 0.5 ? 40 : 20) * 3600);  // some late
          if (pick < NOW_S) pickedUp = bj(pick);
          if (kind >= 0.70 && pick + 86400 < NOW_S) {
            const sign = pick + 86400 + Math.floor(r() * 2 * 86400);
            if (sign < NOW_S) {
              delivered = bj(sign);
              status = '已签收';
            }
          }
        }
      }
    }
    if (kind >= 0.97 && kind < 0.985) status = '已取消';
    if (kind >= 0.985) status = '待支付';
    // Bad rows, ~2%.
    const bad = r();
    if (bad < 0.004 && shipped) shipped = '2025-13-45 25:00';
    else if (bad < 0.008 && no) no = no.slice(0, 6) + '!?' + no.slice(8);
    else if (bad < 0.012 && no) courier = pick(r, COURIERS)[0];  // a courier mix-up
    else if (bad < 0.014 && no && used.length) no = used[Math.floor(r() * used.length)];  // reused
    else if (bad < 0.016) paid = paid - 40 * 86400;  // the order number's date does not fit
    if (no && used.length < 1000 && r() < 0.01) used.push(no);
    const sn = ymd6(grouped) + '-' + digits(r, 15);
    const qty = 1 + Math.floor(r() * 3);
    const amount = (qty * (5 + Math.floor(r() * 9000) / 100)).toFixed(2);
    const note = r() < 0.05 ? '仓库压单' : '';
    lines.push([cell(pick(r, products)), sn, cell(status), qty, amount, bj(paid), bj(grouped),
      bj(grouped), bj(promised), shipped, pickedUp, delivered, no, courier, note,
      '无售后或售后取消'].join(','));
  }
  lines.push('');
  // Detail blocks with traces: returned, problem, stale and foreign traces.
  for (let i = tableOrders; i < orders; ++i) {
    const c = pick(r, COURIERS, COURIER_WEIGHTS);
    const grouped = NOW_S - 2 * 86400 - Math.floor(r() * 6 * 86400);
    const ship = grouped + 3600 + Math.floor(r() * 20 * 3600);
    const kind = i % 4;
    lines.push(`订单编号：${ymd6(grouped)}-${digits(r, 15)}`);
    lines.push(`成团时间：${bj(grouped)}`);
    lines.push(`承诺发货时间：${bj(grouped + 48 * 3600)}`);
    lines.push(`发货时间：${bj(ship)}`);
    lines.push(`快递公司：${c[0]}`);
    lines.push(`运单号：${c[1](r)}`);
    lines.push('物流信息');
    const pickAt = kind === 3 ? grouped - 5 * 86400 : ship + 3600 + Math.floor(r() * 10 * 3600);
    const trace = [[ship + 1, '商家已发货，等待揽收'],
      [pickAt, '【金华市】 【义乌稠城】 的 王师傅 已揽收'],
      [pickAt + 9 * 3600, '【金华市】 快件已发往 【杭州转运中心】']];
    if (kind === 0) trace.push([pickAt + 30 * 3600, '【杭州市】 快件已被拒收，退回寄件人']);
    if (kind === 1) trace.push([pickAt + 20 * 3600, '【杭州市】 快件异常：地址不详，派送失败']);
    for (const [at, text] of trace.filter(([at]) => at < NOW_S).reverse()) {
      lines.push(`${bj(at)} ${text}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const orders = Number(process.argv[2] ?? 10000);
  const seed = Number(process.argv[3] ?? 1);
  process.stdout.write(generate(orders, seed));
}
