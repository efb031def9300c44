// Writes the seed corpora for every fuzz target into OUT/<target>/ (default build/fuzz/seeds):
// the fixtures, the golden vectors' inputs (and their rule overrides, times, numbers and wording
// requests), the block fixtures, a few aggregator responses and every file in tests/fuzz/regressions.
//   node tests/fuzz/seeds.mjs [OUT]
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'build/fuzz/seeds'));
const targets = ['fuzz_check', 'fuzz_input', 'fuzz_block', 'fuzz_time', 'fuzz_trace',
  'fuzz_courier', 'fuzz_rules', 'fuzz_wording', 'fuzz_join', 'fuzz_pdd_json'];
const seeds = Object.fromEntries(targets.map((t) => [t, new Map()]));
const add = (targetList, name, data) => {
  for (const t of targetList) seeds[t].set(name, Buffer.isBuffer(data) ? data : Buffer.from(data));
};

const fixtures = path.join(root, 'tests/fixtures');
const inputs = [];
for (const f of fs.readdirSync(fixtures)) {
  if (!fs.statSync(path.join(fixtures, f)).isFile()) continue;  // folders: couriers/, exports/ ...
  const data = fs.readFileSync(path.join(fixtures, f));
  add(['fuzz_check', 'fuzz_input', 'fuzz_trace', 'fuzz_wording', 'fuzz_join'], `fixture-${f}`, data);
  if (f.includes('detail')) add(['fuzz_block'], `fixture-${f}`, data);
  inputs.push(data.toString('utf8'));
}
// Back-office text and mixed pastes (issue 16).
const backoffice = path.join(fixtures, 'backoffice');
for (const f of fs.readdirSync(backoffice).filter((name) => name.endsWith('.txt'))) {
  const data = fs.readFileSync(path.join(backoffice, f));
  add(['fuzz_check', 'fuzz_input', 'fuzz_block', 'fuzz_join'], `backoffice-${f}`, data);
  inputs.push(data.toString('utf8'));
}
// Export generations and PDD order JSON (issue 16).
for (const dir of ['exports', 'pdd-json']) {
  for (const f of fs.readdirSync(path.join(fixtures, dir))) {
    if (f === 'expected.json' || f === 'README.md') continue;
    const data = fs.readFileSync(path.join(fixtures, dir, f));
    add(['fuzz_check', 'fuzz_input'], `fixture-${dir}-${f}`, data);
    if (f.endsWith('.json')) add(['fuzz_pdd_json'], `fixture-${dir}-${f}`, data);
    inputs.push(data.toString('utf8'));
  }
}

const goldenDir = path.join(root, 'core/data/rules/golden');
const requests = [];
for (const f of fs.readdirSync(goldenDir).sort()) {
  const doc = JSON.parse(fs.readFileSync(path.join(goldenDir, f), 'utf8'));
  for (const v of doc.vectors ?? []) {
    const text = (v.input ?? []).join('\n') + '\n';
    inputs.push(text);
    add(['fuzz_check', 'fuzz_input', 'fuzz_join'], `golden-${v.name}`, text);
    if (/^[^,\t\n]*[：:]/.test(text)) add(['fuzz_block'], `golden-${v.name}`, text);
    add(['fuzz_time'], `golden-now-${v.name}`, v.now ?? '');
    if (v.rules) {
      add(['fuzz_rules'], `golden-${v.name}`, JSON.stringify(v.rules));
      requests.push({ rules: v.rules });
    }
  }
}
for (const f of ['pdd.json', 'testing.json']) {
  add(['fuzz_rules'], `rules-${f}`, fs.readFileSync(path.join(root, 'core/data/rules', f)));
}

// Times, tracking numbers and trace lines found in every input.
const times = new Set(), numbers = new Set(), traces = new Set();
for (const text of inputs) {
  for (const m of text.matchAll(/\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ T]\d{1,2}:\d{2}(:\d{2})?/g)) times.add(m[0]);
  for (const m of text.matchAll(/\b[A-Z]{0,4}\d{8,20}[A-Z]{0,2}\b/g)) numbers.add(m[0]);
  for (const line of text.split(/\r?\n/)) if (/^\d{4}-\d\d-\d\d \d\d:\d\d/.test(line)) traces.add(line);
}
[...times].forEach((t, i) => add(['fuzz_time'], `time-${i}`, t));
['2025-03-12T12:00:00+08:00', '03-12 08:00', '2025年3月12日 08:00', '1900-01-01 00:00:00',
  '2100-12-31 23:59:59', '2025-03-12 24:00:00', '2025-02-30 12:00:00', '1741752000']
  .forEach((t, i) => add(['fuzz_time'], `time-extra-${i}`, t));
[...numbers].forEach((n, i) => add(['fuzz_courier'], `number-${i}`, n));
// The real numbers of the courier corpus (tests/fixtures/couriers/*.tsv, first column).
for (const f of ['corpus.tsv', 'unknown.tsv', 'not-found.tsv']) {
  fs.readFileSync(path.join(fixtures, 'couriers', f), 'utf8').split(/\r?\n/)
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('number\t'))
    .forEach((l, i) => add(['fuzz_courier'], `corpus-${f}-${i}`, l.split('\t')[0]));
}
['中通', '中通快递', '顺丰速运', '极兔速递', 'EMS', '邮政快递包裹', 'JT0000000000081',
  'SF1400000000104', 'EE123456785CN', 'YT7400000000103']
  .forEach((n, i) => add(['fuzz_courier'], `courier-extra-${i}`, n));
[...traces].forEach((l, i) => add(['fuzz_trace'], `trace-${i}`, l));
const kd100 = {
  message: 'ok', nu: '75124400000301', com: 'zhongtong', state: '0', status: '200',
  data: [{ time: '2025-03-11 08:03:12', ftime: '2025-03-11 08:03:12', context: '【金华市】 快件已发往 【杭州转运中心】' },
    { time: '2025-03-10 19:47:55', ftime: '2025-03-10 19:47:55', context: '【金华市】 【义乌稠城】 已揽收' }],
};
const kdniao = {
  EBusinessID: '1', ShipperCode: 'ZTO', LogisticCode: '75124400000301', Success: true, State: '2',
  Traces: [{ AcceptTime: '2025-03-10 19:47:55', AcceptStation: '【义乌稠城】 已揽收' }],
};
add(['fuzz_trace', 'fuzz_check', 'fuzz_input', 'fuzz_pdd_json'], 'kuaidi100.json', JSON.stringify(kd100));
add(['fuzz_trace', 'fuzz_check', 'fuzz_input', 'fuzz_pdd_json'], 'kdniao.json', JSON.stringify(kdniao));
// An aggregator's result among other text, pretty-printed, after its order.
add(['fuzz_join', 'fuzz_input'], 'kuaidi100-among-text.txt',
  '订单号,快递单号\n250311-512000000000301,75124400000301\n\n查询结果：\n' + JSON.stringify(kd100, null, 2) + '\n');

// Wording: a request line, then the input (see fuzz_wording.cpp).
const kinds = ['all', 'buyer_message', 'order_note', 'extra_package', 'refund_rejection', 'appeal',
  'exception_declaration'];
const block = fs.readFileSync(path.join(fixtures, 'order-detail.txt'), 'utf8');
kinds.forEach((kind, i) => {
  add(['fuzz_wording'], `wording-${kind}`, JSON.stringify({
    kind, reason: i >= 5 ? 'courier_overload' : '', order_sn: '250309-512000000000301',
    correct_courier: '圆通', correct_tracking_no: 'YT7400000000103', outlet_name: '义乌稠城',
    reason_detail: '3月10日网点爆仓', new_pickup_time: '2025-03-12 18:00', measures: '换快递',
    now: '2025-03-12T12:00:00+08:00' }) + '\n' + block);
});
requests.forEach((r, i) => add(['fuzz_wording'], `wording-rules-${i}`, JSON.stringify({ kind: 'all', ...r }) + '\n'));
add(['fuzz_wording'], 'wording-raw-slot', '<script>alert(1)</script>=HYPERLINK("http://x")\n');

const regressions = path.join(root, 'tests/fuzz/regressions');
if (fs.existsSync(regressions)) {
  for (const f of fs.readdirSync(regressions)) {
    if (f.startsWith('README')) continue;
    const data = fs.readFileSync(path.join(regressions, f));
    add(targets, `regression-${f}`, data);
  }
}

let count = 0;
for (const t of targets) {
  const dir = path.join(out, t);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, data] of seeds[t]) {
    fs.writeFileSync(path.join(dir, name.replace(/[^\w.-]/g, '_')), data);
    count++;
  }
}
console.error(`seeds: ${count} files for ${targets.length} targets in ${out}`);
