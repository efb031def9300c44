// The merchant's page. The core runs in a Web Worker; the page gets a compact result (typed arrays
// + one text line per order) and asks for one order's full JSON when a row is opened.
// Every value from the paste or the core is written with textContent, never as HTML.
(function () {
  'use strict';

  var META = self.LANSHOU_META || {codes: {status: [], finding: [], fix: []}, samples: [], reasons: [], kinds: [], slots: {}, couriers: []};
  // The core's codes in the order of its compact arrays (written by scripts/build-site.mjs from the
  // core's own source): status i, finding bit i, fix path i.
  var STATUS_CODES = META.codes.status, FINDING_CODES = META.codes.finding, FIX_CODES = META.codes.fix;
  var S = {};
  STATUS_CODES.forEach(function (code, i) { S[code] = i; });
  function statusSet(codes) {
    var set = new Uint8Array(STATUS_CODES.length + 1);
    codes.forEach(function (c) { if (S[c] >= 0) set[S[c]] = 1; });
    return set;
  }
  // the six statuses with a clock, the three of them on the ship clock, the two overdue ones
  var CLOCK = statusSet(['awaiting_shipment', 'ship_due_soon', 'ship_overdue', 'awaiting_pickup', 'pickup_due_soon', 'pickup_overdue']);
  var SHIP = statusSet(['awaiting_shipment', 'ship_due_soon', 'ship_overdue']);
  var OVERDUE = statusSet(['ship_overdue', 'pickup_overdue']);
  var SOON = statusSet(['ship_due_soon', 'pickup_due_soon']);
  var FIX_DIRECT = FIX_CODES.indexOf('modify_direct');

  // label, tone (the urgency order of the rows is the worker's)
  var STATUS = {
    awaiting_shipment: ['待发货', 'ok'],
    ship_due_soon: ['即将发货超时', 'warn'],
    ship_overdue: ['发货超时', 'bad'],
    awaiting_pickup: ['待揽收', 'ok'],
    pickup_due_soon: ['即将揽收超时', 'warn'],
    pickup_overdue: ['揽收超时', 'bad'],
    picked_up: ['已揽收', 'done'],
    picked_up_late: ['揽收晚了', 'bad'],
    delivered: ['已签收', 'done'],
    returned: ['已退回', 'muted'],
    exception: ['物流异常', 'bad'],
    closed: ['已关闭', 'muted'],
    incomplete: ['信息不全', 'warn']
  };
  var CARD_ORDER = ['ship_overdue', 'pickup_overdue', 'ship_due_soon', 'pickup_due_soon', 'awaiting_shipment',
    'awaiting_pickup', 'picked_up_late', 'exception', 'incomplete', 'picked_up', 'delivered', 'returned', 'closed'];
  var FINDING = {
    shipped_late: ['发货晚了', 'warn'],
    courier_mismatch: ['快递与单号不符', 'bad'],
    courier_unknown: ['快递公司未知', 'warn'],
    tracking_invalid: ['单号格式不对', 'bad'],
    tracking_duplicate: ['单号重复', 'bad'],
    order_sn_invalid: ['订单号异常', 'warn'],
    order_date_mismatch: ['订单日期不符', 'warn'],
    trace_before_payment: ['轨迹早于支付', 'bad'],
    trace_stale: ['物流停滞', 'warn'],
    penalty_suspended: ['处罚暂停期', 'ok']
  };
  var CONFIDENCE = {firm: ['确定', 'ok'], uncertain: ['待核实', 'warn'], advice: ['建议', 'muted']};
  var ROW_H = 40;
  var KEY_INPUT = 'lanshou.input', KEY_SETTINGS = 'lanshou.settings';
  // Chrome and Firefox keep 5 MiB (in UTF-16 code units) per origin: a bigger input is not even tried.
  var STORAGE_MAX = 5 * 1024 * 1024 - 64;

  var $ = function (id) { return document.getElementById(id); };
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text != null) e.textContent = String(text);
    return e;
  }
  function statusOf(code) { return STATUS[code] || [String(code), 'muted']; }
  function chip(code, text) {
    var s = statusOf(code);
    var c = el('span', 'chip tone-' + s[1], text || s[0]);
    c.setAttribute('data-code', String(code));
    return c;
  }

  // --- local storage: the last input and the settings, until the merchant clears them ---------
  function storageGet(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }
  function storageSet(key, value) {
    try {
      localStorage.setItem(key, value);
      return true;
    } catch (e) {
      try { localStorage.removeItem(key); } catch (e2) { /* ignore */ }
      return false;
    }
  }
  function storageWarn(text) {
    var w = $('storage-warning');
    w.textContent = text || '';
    w.hidden = !text;
  }

  var settings = {rules: {}, now: null};
  try {
    var saved = JSON.parse(storageGet(KEY_SETTINGS) || 'null');
    if (saved && typeof saved === 'object') {
      if (saved.rules && typeof saved.rules === 'object') settings.rules = saved.rules;
      if (typeof saved.now === 'string') settings.now = saved.now;
    }
  } catch (e) { /* start fresh */ }
  function saveSettings() {
    if (!storageSet(KEY_SETTINGS, JSON.stringify(settings))) {
      storageWarn('本机存储空间已满，设置没有保存：刷新后会恢复默认。点“清除本地数据”可释放空间。');
    }
  }

  // ?now=2025-03-12T12:00:00%2B08:00 sets the clock. An unescaped '+' arrives as a space: undo that.
  var nowParam = new URLSearchParams(location.search).get('now');
  if (nowParam) nowParam = nowParam.replace(/(T\d{2}:\d{2}(?::\d{2})?) (\d{2}:?\d{2})$/, '$1+$2');
  var sampleNow = null;  // a sample's own clock, for as long as the sample is shown

  function clockSetting() { return nowParam || sampleNow || settings.now || null; }
  function checkOptions() {
    var o = {};
    var now = clockSetting();
    if (now) o.now = now;
    if (Object.keys(settings.rules).length) o.rules = settings.rules;
    return o;
  }

  // --- the worker ---------------------------------------------------------------------------
  var worker = null, pending = {}, nextId = 1, ready = false;

  function startWorker() {
    var custom = document.documentElement.dataset.workerUrl;
    var url, blob = false;
    if (custom) {
      url = custom;
    } else if (typeof self.LANSHOU_WORKER_SOURCE === 'string') {
      url = URL.createObjectURL(new Blob([self.LANSHOU_WORKER_SOURCE], {type: 'text/javascript'}));
      blob = true;
    } else {
      url = 'lanshou-worker.js';
    }
    try {
      worker = new Worker(url);
    } catch (err) {
      if (blob) URL.revokeObjectURL(url);
      setState('检查引擎无法启动：' + err.message, 'bad');
      return;
    }
    worker.onmessage = function (event) {
      var msg = event.data;
      if ('ready' in msg) {
        if (blob) URL.revokeObjectURL(url);
        if (msg.ready) {
          ready = true;
          $('version').textContent = 'lanshou ' + msg.version;
          $('run').disabled = false;
          setState('就绪：粘贴订单，或点“试试示例”。', '', 'ready');
          onReady();
        } else {
          setState('检查引擎无法启动：' + msg.error, 'bad');
        }
        return;
      }
      if (msg.progress) {
        progressStage(msg.stage, msg.lines);
        return;
      }
      var done = pending[msg.id];
      delete pending[msg.id];
      if (done) done(msg);
    };
    worker.onerror = function (event) {
      setState('检查引擎出错：' + (event.message || '未知错误'), 'bad');
    };
  }

  function ask(request, transfer) {
    return new Promise(function (resolve, reject) {
      if (!worker) { reject(new Error('检查引擎未启动')); return; }
      var id = nextId++;
      request.id = id;
      pending[id] = function (msg) {
        if (msg.error) reject(new Error(msg.error)); else resolve(msg);
      };
      worker.postMessage(request, transfer || []);
    });
  }

  // --- formatting ---------------------------------------------------------------------------
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function bj(t) { return new Date((t + 8 * 3600) * 1000); }
  // epoch seconds -> 03-13 20:14 (Beijing time)
  function fmtShort(t) {
    if (typeof t !== 'number' || !isFinite(t)) return '—';
    var d = bj(t);
    return pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
  }
  function fmtFull(t) {
    if (typeof t !== 'number' || !isFinite(t)) return '—';
    return bj(t).getUTCFullYear() + '-' + fmtShort(t);
  }
  function isoToEpoch(iso) {
    var t = typeof iso === 'string' ? Date.parse(iso) : NaN;
    return isFinite(t) ? t / 1000 : NaN;
  }
  // 11520 -> 剩 3 小时 12 分; -14400 -> 已超时 4 小时
  function formatRemaining(seconds) {
    if (typeof seconds !== 'number' || !isFinite(seconds)) return '—';
    var a = Math.abs(seconds);
    var d = Math.floor(a / 86400), h = Math.floor((a % 86400) / 3600), m = Math.floor((a % 3600) / 60), s = Math.floor(a % 60);
    var text;
    if (d > 0) text = d + ' 天' + (h ? ' ' + h + ' 小时' : '');
    else if (h > 0) text = h + ' 小时' + (m ? ' ' + m + ' 分' : '');
    else if (m > 0) text = m + ' 分 ' + pad(s) + ' 秒';
    else return seconds < 0 ? '刚刚超时' : '剩 ' + s + ' 秒';
    return (seconds < 0 ? '已超时 ' : '剩 ') + text;
  }
  function yuan(v) {
    return '¥' + (Math.round(v * 100) / 100).toLocaleString('zh-CN');
  }
  function kb(n) {
    return n < 1024 * 1024 ? (n / 1024).toFixed(1) + ' KB' : (n / 1024 / 1024).toFixed(1) + ' MB';
  }

  // --- state --------------------------------------------------------------------------------
  var R = null;        // the last result (compact) with split fields
  var view = new Uint32Array(0);
  var active = 0;      // position in view of the focused row
  var filter = {status: '', courier: '', finding: '', q: '', sort: 'urgency'};
  var dueSoonSeconds = 6 * 3600;
  var running = false, rerunQueued = false;
  var bigText = null;  // a large input kept out of the text box (a big textarea makes the page sluggish)
  var BIG = 200000;
  var DEFAULT_PLACEHOLDER = $('paste').placeholder;

  // phase (data-phase on #state, for scripts and tests in either language): loading, ready, busy,
  // done or error; a message without one keeps the phase it was in.
  function setState(text, tone, phase) {
    var e = $('state');
    e.textContent = text;
    e.className = tone ? 'tone-' + tone : '';
    if (phase) e.setAttribute('data-phase', phase);
    else if (tone === 'bad') e.setAttribute('data-phase', 'error');
  }

  function nowEpoch() {
    if (!R) return Date.now() / 1000;
    return R.live ? R.now + (Date.now() - R.checkedAt) / 1000 : R.now;
  }

  // A big check shows a bar and the seconds it takes; the worker tells the number of lines.
  var progressTimer = null, progressStart = 0, progressText = '', progressLines = 0;
  function progressStage(stage, lines) {
    progressText = stage === 'compact' ? '正在整理结果' : '正在检查';
    if (lines) progressLines = lines;
  }
  function showProgress(on) {
    clearInterval(progressTimer);
    $('progress').hidden = !on;
    if (!on) return;
    progressStart = Date.now();
    progressText = '正在检查';
    progressLines = 0;
    var tick = function () {
      setState(progressText + (progressLines ? '（' + progressLines.toLocaleString('zh-CN') + ' 行）' : '') + '… ' +
               Math.floor((Date.now() - progressStart) / 1000) + ' 秒', '', 'busy');
    };
    tick();
    progressTimer = setInterval(tick, 500);
  }

  function inputText() {
    var v = $('paste').value;
    return v === '' && bigText != null ? bigText : v;
  }

  function run() {
    if (!ready) return;
    if (running) { rerunQueued = true; return; }
    var text = inputText();
    if ($('paste').value.length > BIG) keepOutOfBox(text);
    running = true;
    $('run').disabled = true;
    var big = text.length > 300000;
    if (big) showProgress(true); else setState('正在检查…', '', 'busy');
    var started = performance.now();
    // Too big for local storage: not even tried (a failed write of many MB still costs time).
    var tooBig = text.length + KEY_INPUT.length > STORAGE_MAX;
    if (tooBig) { try { localStorage.removeItem(KEY_INPUT); } catch (e) { /* nothing stored */ } }
    var saveOk = !tooBig && storageSet(KEY_INPUT, text);
    storageWarn(saveOk ? '' : tooBig
      ? '这次输入较大（' + kb(text.length * 2) + '），超出浏览器本地存储的上限，没有保存：刷新页面后需要重新粘贴或打开文件。'
      : '本机存储空间已满，这次输入（' + kb(text.length * 2) + '）没有保存，刷新页面后需要重新粘贴。点“清除本地数据”可释放空间。');
    ask({type: 'check', text: text, options: JSON.stringify(checkOptions()), filter: filter}).then(function (msg) {
      var received = performance.now();
      showProgress(false);
      running = false;
      $('run').disabled = false;
      try {
        accept(msg.compact);
      } catch (err) {
        setState('检查失败：结果无法读取（' + err.message + '）', 'bad');
        return;
      }
      setState('检查完成。', '', 'done');
      var ms = msg.compact.ms || {};
      self.lanshouPage.lastTimings = {orders: msg.compact.count, total_ms: performance.now() - started,
        core_ms: ms.check, worker_summary_ms: ms.summary, page_ms: performance.now() - received};
      if (rerunQueued) { rerunQueued = false; run(); }
    }, function (err) {
      showProgress(false);
      running = false;
      $('run').disabled = false;
      setState('检查失败：' + err.message, 'bad');
    });
  }

  // order i's text fields: [order_sn, tracking_no, courier, product], decoded from the UTF-8 bytes
  // (an offset per order) when a row is drawn
  var fieldDecoder = new TextDecoder();
  function fieldsOf(i) {
    var from = R.offsets[i], to = Math.max(from, R.offsets[i + 1] - 1);
    var a = fieldDecoder.decode(R.fields.subarray(from, to)).split('\t');
    return [a[0] || '', a[1] || '', a[2] || '', a[3] || ''];
  }

  function accept(c) {
    var head = JSON.parse(c.head || '{}');
    var now = isoToEpoch(head.now);
    R = {
      gen: c.gen, count: c.count, status: c.status, deadline: c.deadline, findings: c.findings, fix: c.fix,
      fixUntil: c.fixUntil, risk: c.risk, line: c.line, fields: c.fields, offsets: c.offsets, counts: c.counts,
      couriers: c.couriers, overview: c.overview, head: head, now: isFinite(now) ? now : Date.now() / 1000, nowIso: head.now,
      checkedAt: Date.now(), live: !clockSetting()
    };
    view = c.view;
    viewSeq++;  // a view asked for before this result is of the one before
    filter = c.filter;
    if (head.rules && head.rules.version != null) {
      $('version').textContent = 'lanshou ' + head.lanshou + ' · 规则 ' + head.rules.id + ' ' + head.rules.version +
          (head.rules.as_of ? '（截至 ' + head.rules.as_of + '）' : '') +
          (head.rules.overridden && head.rules.overridden.length ? ' · 已自定义 ' + head.rules.overridden.length + ' 项' : '');
    }
    var keep = autoRerun;  // a re-check on the clock: keep the scroll position and the open order
    autoRerun = false;
    $('output').hidden = false;
    $('welcome').hidden = true;
    fillFilters();
    showView(!keep);
    renderClock();
    renderCards();
    renderChart();
    renderQueue();
    renderErrors(head.errors || []);
    $('export-csv').disabled = false;
    $('print').disabled = false;
    if (detailIndex != null && !keep) closeDetail();  // a new result: its order is gone
  }

  function renderClock() {
    var c = $('clock');
    c.textContent = '';
    if (!R) return;
    var t = '检查时间 ' + fmtFull(R.now);
    if (nowParam) t += '（由网址 ?now= 指定）';
    else if (sampleNow) t += '（示例数据的时间；检查自己的订单时用当前时间）';
    else if (settings.now) t += '（假设时间，在“规则与时钟”里改回当前时间）';
    else t += '（当前时间，倒计时每秒更新）';
    c.textContent = t;
  }

  // --- overview -----------------------------------------------------------------------------
  function counts() { return R.counts; }

  function card(title, value, tone, sub, onClick, pressed) {
    var b = el('button', 'card tone-' + tone);
    b.type = 'button';
    b.appendChild(el('span', 'card-value', value));
    b.appendChild(el('span', 'card-title', title));
    if (sub) b.appendChild(el('span', 'card-sub', sub));
    if (onClick) b.addEventListener('click', onClick); else b.disabled = true;
    if (pressed != null) b.setAttribute('aria-pressed', pressed ? 'true' : 'false');
    return b;
  }

  function renderCards() {
    var box = $('cards');
    box.textContent = '';
    var k = counts();
    var risk = R.head.summary && typeof R.head.summary.risk_yuan === 'number' ? R.head.summary.risk_yuan : k.risk;
    box.appendChild(card('全部订单', R.count.toLocaleString('zh-CN'), 'all', '点击显示全部', function () { setFilter('status', ''); }, filter.status === ''));
    box.appendChild(card('预计赔付', yuan(risk), risk > 0 ? 'bad' : 'done', '超时可能被扣的钱（估算）', null));
    if (k.withFindings) {
      box.appendChild(card('单号或快递有问题', k.withFindings.toLocaleString('zh-CN'), 'bad', '点击只看这些', function () { setFilter('finding', 'any'); }, filter.finding === 'any'));
    }
    CARD_ORDER.forEach(function (code) {
      var n = k.byStatus[S[code]];
      if (!n) return;
      var s = statusOf(code);
      var c = card(s[0], n.toLocaleString('zh-CN'), s[1], null, function () { setFilter('status', code); }, filter.status === code);
      c.setAttribute('data-status', code);
      box.appendChild(c);
    });
  }

  var SVGNS = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text != null) e.textContent = String(text);
    return e;
  }

  function renderChart() {
    var box = $('chart');
    box.textContent = '';
    // per hour of the next 48 (counted by the worker at the check's clock)
    var now = R.now, ov = R.overview, ship = ov.ship, pick = ov.pick, overdue = ov.overdue, total = ov.total;
    var max = 1;
    for (var b = 0; b < 48; b++) max = Math.max(max, ship[b] + pick[b]);
    var W = 520, H = 150, L = 34, T = 10, B = 28, bw = (W - L - 8) / 48, ph = H - T - B;
    var root = svg('svg', {viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': 'chart-title chart-desc', class: 'chart'});
    root.appendChild(svg('desc', {id: 'chart-desc'}, '未来 48 小时内共 ' + total + ' 单到期' + (overdue ? '，另有 ' + overdue + ' 单已超时' : '')));
    // grid and axis
    (max >= 4 ? [0, 0.5, 1] : [0, 1]).forEach(function (f) {
      var y = T + ph * (1 - f);
      root.appendChild(svg('line', {x1: L, x2: W - 8, y1: y, y2: y, class: 'grid'}));
      root.appendChild(svg('text', {x: L - 4, y: y + 4, class: 'axis', 'text-anchor': 'end'}, Math.round(max * f)));
    });
    for (var h = 0; h <= 48; h += 12) {
      var x = L + h * bw;
      root.appendChild(svg('line', {x1: x, x2: x, y1: T + ph, y2: T + ph + 4, class: 'grid'}));
      root.appendChild(svg('text', {x: x, y: H - 8, class: 'axis', 'text-anchor': h === 0 ? 'start' : h === 48 ? 'end' : 'middle'},
          h === 0 ? '现在' : '+' + h + 'h ' + fmtShort(now + h * 3600).slice(6)));
    }
    for (b = 0; b < 48; b++) {
      var x0 = L + b * bw + 1, sh = ph * ship[b] / max, pk = ph * pick[b] / max;
      if (!ship[b] && !pick[b]) continue;
      var g = svg('g', {});
      g.appendChild(svg('title', {}, fmtShort(now + b * 3600) + ' 起 1 小时内：发货到期 ' + ship[b] + ' 单，揽收到期 ' + pick[b] + ' 单'));
      if (ship[b]) g.appendChild(svg('rect', {x: x0, y: T + ph - sh, width: bw - 2, height: sh, class: 'bar-ship'}));
      if (pick[b]) g.appendChild(svg('rect', {x: x0, y: T + ph - sh - pk, width: bw - 2, height: pk, class: 'bar-pick'}));
      root.appendChild(g);
    }
    box.appendChild(root);
    var legend = el('p', 'legend');
    legend.appendChild(el('span', 'key key-ship', '发货到期'));
    legend.appendChild(el('span', 'key key-pick', '揽收到期'));
    legend.appendChild(el('span', '', '48 小时内 ' + total + ' 单' + (overdue ? ' · 已超时 ' + overdue + ' 单' : '')));
    box.appendChild(legend);
  }

  function actionText(i) {
    var s = R.status[i];
    return SHIP[s] ? '在 ' + fmtShort(R.deadline[i]) + ' 前发货' : '确认快递在 ' + fmtShort(R.deadline[i]) + ' 前揽收';
  }

  function renderQueue() {
    var list = $('queue');
    list.textContent = '';
    // the soonest deadlines still ahead at the check's clock (found by the worker)
    var now = nowEpoch(), top = R.overview.queue, overdue = R.overview.overdue;
    if (overdue) {
      var li0 = el('li', 'queue-overdue');
      var b0 = el('button', 'linkish', '已超时 ' + overdue + ' 单：看怎么补救和申诉 →');
      b0.type = 'button';
      b0.addEventListener('click', function () { setFilter('status', 'group:overdue'); focusTable(); });
      li0.appendChild(b0);
      list.appendChild(li0);
    }
    if (!top.length) {
      list.appendChild(el('li', 'queue-empty', overdue ? '没有其他即将到期的订单。' : '没有需要赶时间处理的订单。'));
      return;
    }
    top.forEach(function (i) {
      var li = el('li');
      var b = el('button', 'queue-item');
      b.type = 'button';
      b.setAttribute('data-order-index', i);
      var cd = el('span', 'countdown tone-' + statusOf(STATUS_CODES[R.status[i]])[1]);
      cd.setAttribute('data-deadline', R.deadline[i]);
      cd.textContent = formatRemaining(R.deadline[i] - now);
      b.appendChild(cd);
      b.appendChild(chip(STATUS_CODES[R.status[i]]));
      b.appendChild(el('span', 'mono', fieldsOf(i)[0] || '（无订单号）'));
      b.appendChild(el('span', 'queue-action', actionText(i)));
      b.addEventListener('click', function () { openDetail(i, b); });
      li.appendChild(b);
      list.appendChild(li);
    });
  }

  function renderErrors(errors) {
    var list = $('errors');
    list.textContent = '';
    errors.forEach(function (e) {
      var li = document.createElement('li');
      var where = e.line ? '第 ' + e.line + ' 行' : '';
      if (e.field) where += (where ? ' · ' : '') + e.field;
      li.textContent = (where ? where + '：' : '') + (e.message || e.code || '未知错误');
      list.appendChild(li);
    });
    $('errors-section').hidden = errors.length === 0;
  }

  // --- filters and the virtual table --------------------------------------------------------
  function option(select, value, text) {
    var o = el('option', '', text);
    o.value = value;
    select.appendChild(o);
  }

  // The selects list the choices that have orders, with their counts (counted by the worker).
  function fillFilters() {
    var k = counts();
    var st = $('f-status');
    st.textContent = '';
    option(st, '', '全部（' + R.count + '）');
    var od = 0, soon = 0;
    k.byStatus.forEach(function (n, s) { if (OVERDUE[s]) od += n; else if (SOON[s]) soon += n; });
    option(st, 'group:urgent', '需要马上处理：已超时 + 即将超时（' + (od + soon) + '）');
    option(st, 'group:overdue', '已超时（' + od + '）');
    CARD_ORDER.forEach(function (code) {
      var n = k.byStatus[S[code]];
      if (n) option(st, code, statusOf(code)[0] + '（' + n + '）');
    });
    var cs = $('f-courier');
    cs.textContent = '';
    option(cs, '', '全部快递');
    R.couriers.forEach(function (c) {
      option(cs, c[0] === '' ? '\u0000' : c[0], (c[0] || '未填快递') + '（' + c[1] + '）');
    });
    var fs = $('f-finding');
    fs.textContent = '';
    option(fs, '', '不限');
    option(fs, 'any', '任何问题（' + k.withFindings + '）');
    FINDING_CODES.forEach(function (code, bit) {
      if (k.byFinding[bit] && FINDING[code]) option(fs, code, FINDING[code][0] + '（' + k.byFinding[bit] + '）');
    });
    $('f-status').value = filter.status;
    $('f-courier').value = filter.courier;
    $('f-finding').value = filter.finding;
    $('f-sort').value = filter.sort;
  }

  // The worker filters and sorts; the page shows its answer unless a newer one was asked for.
  var viewSeq = 0;
  function setFilter(key, value) {
    filter[key] = value;
    var id = {status: 'f-status', courier: 'f-courier', finding: 'f-finding', q: 'f-search', sort: 'f-sort'}[key];
    if ($(id).value !== value) $(id).value = value;
    renderCards();
    requestView(true);
  }

  function requestView(resetScroll) {
    if (!R) return;
    var seq = ++viewSeq, gen = R.gen;
    $('results').setAttribute('aria-busy', 'true');
    ask({type: 'view', gen: gen, filter: filter}).then(function (msg) {
      if (seq !== viewSeq || msg.stale || !R || R.gen !== gen) return;
      view = msg.view;
      showView(resetScroll);
    }, function (err) { setState('筛选失败：' + err.message, 'bad'); });
  }

  function showView(resetScroll) {
    $('results').removeAttribute('aria-busy');
    if (resetScroll) { $('scroller').scrollTop = 0; active = 0; }
    if (active >= view.length) active = Math.max(0, view.length - 1);
    $('shown').textContent = '显示 ' + view.length.toLocaleString('zh-CN') + ' / ' + R.count.toLocaleString('zh-CN') + ' 单';
    $('empty').hidden = view.length > 0;
    $('results').setAttribute('aria-rowcount', String(view.length + 1));
    // As tall as the rows need, at most most of the screen.
    $('scroller').style.height = Math.min(Math.max(window.innerHeight * 0.62, 320), 38 + Math.max(view.length, 3) * ROW_H + 2) + 'px';
    renderRows();
  }

  function spacer(height) {
    var tr = el('tr', 'spacer');
    tr.setAttribute('aria-hidden', 'true');
    var td = el('td');
    td.colSpan = 7;
    td.style.height = height + 'px';
    tr.appendChild(td);
    return tr;
  }

  function renderRows() {
    var scroller = $('scroller'), tbody = $('results').tBodies[0];
    var h = scroller.clientHeight || 600, top = scroller.scrollTop;
    var first = Math.max(0, Math.floor(top / ROW_H) - 8);
    var last = Math.min(view.length, Math.ceil((top + h) / ROW_H) + 8);
    var now = nowEpoch();
    var frag = document.createDocumentFragment();
    if (first > 0) frag.appendChild(spacer(first * ROW_H));
    for (var p = first; p < last; p++) frag.appendChild(row(view[p], p, now));
    if (last < view.length) frag.appendChild(spacer((view.length - last) * ROW_H));
    var hadFocus = tbody.contains(document.activeElement);
    tbody.textContent = '';
    tbody.appendChild(frag);
    if (hadFocus) focusActive();
  }

  function row(i, p, now) {
    var code = STATUS_CODES[R.status[i]], f4 = fieldsOf(i);
    var tr = el('tr', p === active ? 'active' : '');
    tr.setAttribute('data-order-sn', f4[0]);
    tr.setAttribute('data-status', code);
    tr.setAttribute('data-index', i);
    tr.setAttribute('data-pos', p);
    tr.setAttribute('aria-rowindex', String(p + 2));
    tr.tabIndex = p === active ? 0 : -1;
    tr.appendChild(el('td', 'mono', f4[0] || '—'));
    var tdS = el('td');
    tdS.appendChild(chip(code));
    tr.appendChild(tdS);
    var d = R.deadline[i];
    var tdL = el('td', 'countdown');
    if (isFinite(d)) {
      tdL.setAttribute('data-deadline', d);
      var left = d - now;
      tdL.textContent = formatRemaining(left);
      tdL.className = 'countdown ' + (left < 0 ? 'tone-bad' : left <= dueSoonSeconds ? 'tone-warn' : '');
    } else {
      tdL.textContent = '—';
    }
    tr.appendChild(tdL);
    tr.appendChild(el('td', '', isFinite(d) ? fmtShort(d) : '—'));
    tr.appendChild(el('td', '', f4[2] || '—'));
    tr.appendChild(el('td', 'mono', f4[1] || '—'));
    var tdF = el('td', 'badges');
    var f = R.findings[i];
    if (f) {
      FINDING_CODES.forEach(function (fc, bit) {
        if (f & (1 << bit) && FINDING[fc]) {
          var b = el('span', 'badge tone-' + FINDING[fc][1], FINDING[fc][0]);
          b.setAttribute('data-code', fc);
          tdF.appendChild(b);
        }
      });
    }
    if (R.fix[i] === FIX_DIRECT && isFinite(R.fixUntil[i]) && R.fixUntil[i] >= now) {
      tdF.appendChild(el('span', 'badge tone-ok', '可直接改单号'));
    }
    tr.appendChild(tdF);
    return tr;
  }

  function focusActive() {
    var tr = $('results').querySelector('tr[data-pos="' + active + '"]');
    if (tr) tr.focus({preventScroll: true});
  }
  function focusTable() {
    var s = $('table-section');
    s.scrollIntoView({block: 'start'});
    $('scroller').focus({preventScroll: true});
  }

  function moveActive(to) {
    if (!view.length) return;
    active = Math.max(0, Math.min(view.length - 1, to));
    var scroller = $('scroller');
    var y = active * ROW_H, h = scroller.clientHeight - ROW_H;  // thead takes one row
    if (y < scroller.scrollTop) scroller.scrollTop = y;
    else if (y > scroller.scrollTop + h - ROW_H) scroller.scrollTop = y - h + ROW_H;
    renderRows();
    focusActive();
  }

  // --- ticking countdowns -------------------------------------------------------------------
  var lastTick = null, lastAuto = 0, autoRerun = false;
  function tick() {
    if (!R) return;
    var now = nowEpoch();
    document.querySelectorAll('[data-deadline]').forEach(function (e) {
      var left = Number(e.getAttribute('data-deadline')) - now;
      var t = formatRemaining(left);
      if (e.textContent !== t) e.textContent = t;
    });
    // A clock crossed a deadline or the due-soon mark: the statuses change, check again.
    if (R.live && lastTick != null && R.count <= 200000 && !running) {
      for (var i = 0; i < R.count; i++) {
        if (!CLOCK[R.status[i]]) continue;
        var d = R.deadline[i];
        // overdue once the core's whole-second clock is past the deadline: at d + 1
        if ((d + 1 > lastTick && d + 1 <= now) || (d - dueSoonSeconds > lastTick && d - dueSoonSeconds <= now)) {
          lastTick = now;
          // Small inputs are checked again right away (at most once a minute); a big one waits
          // for the merchant, with a note.
          if (R.count <= 5000 && Date.now() - lastAuto > 60000) {
            lastAuto = Date.now();
            autoRerun = true;
            run();
          } else if (!/刷新/.test($('clock').textContent)) {
            $('clock').textContent += ' · 有订单到了新的时间点，点“检查”刷新状态';
          }
          return;
        }
      }
    }
    lastTick = now;
  }

  // --- the two dialogs: one open at a time, modal ------------------------------------------
  // While one is open the rest of the page is inert, Tab and Shift+Tab cycle inside it, Escape or
  // a click beside it closes it, and focus goes back to what opened it.
  var modal = null;  // {dialog, onClose}
  var FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), ' +
      'textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
  function focusables(root) {
    return Array.prototype.filter.call(root.querySelectorAll(FOCUSABLE), function (e) {
      var closed = e.closest('details:not([open])');  // its fields are hidden, its summary is not
      if (closed && !(e.tagName === 'SUMMARY' && e.parentNode === closed)) return false;
      var shown = e.checkVisibility ? e.checkVisibility({visibilityProperty: true}) : e.getClientRects().length > 0;
      return shown && !e.closest('[inert]');
    });
  }
  function openModal(dialog, onClose) {
    if (modal && modal.dialog !== dialog) modal.onClose(true);
    modal = {dialog: dialog, onClose: onClose};
    dialog.hidden = false;
    $('scrim').hidden = false;
    Array.prototype.forEach.call(document.body.children, function (e) {
      if (e !== dialog && e.id !== 'scrim' && e.tagName !== 'SCRIPT') e.inert = true;
    });
  }
  function closeModal(dialog) {
    dialog.hidden = true;
    if (!modal || modal.dialog !== dialog) return;
    modal = null;
    $('scrim').hidden = true;
    Array.prototype.forEach.call(document.body.children, function (e) { e.inert = false; });
  }
  function trapTab(e) {
    if (!modal || e.key !== 'Tab') return;
    var list = focusables(modal.dialog);
    if (!list.length) { e.preventDefault(); return; }
    var first = list[0], lastOne = list[list.length - 1], at = document.activeElement;
    var inside = modal.dialog.contains(at);
    if (e.shiftKey && (at === first || !inside)) { e.preventDefault(); lastOne.focus(); }
    else if (!e.shiftKey && (at === lastOne || !inside)) { e.preventDefault(); first.focus(); }
  }

  // --- order detail -------------------------------------------------------------------------
  var detailIndex = null, detailReturn = null, detailOrder = null, wordingTimer = null, wordingSeq = 0;
  var wordingInputs = {};

  var wordingFor = null;
  function openDetail(i, from) {
    if (wordingFor !== i) { wordingInputs = {}; wordingFor = i; }
    // what to give focus back to: the element, or the same row or queue entry drawn anew
    var opener = from || document.activeElement;
    if (!modal || modal.dialog !== $('detail')) {
      detailReturn = {el: opener, queue: opener && opener.closest && opener.closest('#queue') ? i : null};
    }
    detailIndex = i;
    var body = $('detail-body');
    body.textContent = '';
    body.appendChild(el('p', 'hint', '正在读取订单…'));
    openModal($('detail'), closeDetail);
    $('detail-close').focus();
    ask({type: 'order', gen: R.gen, index: i}).then(function (msg) {
      if (detailIndex !== i || msg.stale) return;
      var o = JSON.parse(msg.json);
      detailOrder = o;
      renderDetail(o, i);
    }, function (err) {
      body.textContent = '';
      body.appendChild(el('p', 'tone-bad', '无法读取订单：' + err.message));
    });
  }

  function closeDetail(silent) {
    closeModal($('detail'));
    detailIndex = null;
    detailOrder = null;
    var back = detailReturn;
    detailReturn = null;
    if (silent) return;
    if (back && back.el && document.contains(back.el)) back.el.focus();
    else if (back && back.queue != null && $('queue').querySelector('[data-order-index="' + back.queue + '"]')) {
      $('queue').querySelector('[data-order-index="' + back.queue + '"]').focus();
    } else focusActive();
  }

  function section(body, title, cls) {
    var s = el('section', 'detail-section ' + (cls || ''));
    s.appendChild(el('h3', '', title));
    body.appendChild(s);
    return s;
  }

  function copyText(text, button) {
    var done = function () {
      var old = button.textContent;
      button.textContent = '已复制 ✓';
      setTimeout(function () { button.textContent = old; }, 1500);
    };
    var fallback = function () {
      var ta = el('textarea');
      ta.value = text;
      ta.setAttribute('readonly', '');
      ta.className = 'offscreen';
      document.body.appendChild(ta);
      ta.select();
      try { document.execCommand('copy'); done(); } catch (e) { /* nothing more to try */ }
      ta.remove();
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  function copyButton(text, label) {
    var b = el('button', 'ghost small copy', label || '复制');
    b.type = 'button';
    b.addEventListener('click', function () { copyText(typeof text === 'function' ? text() : text, b); });
    return b;
  }

  function renderDetail(o, i) {
    var body = $('detail-body');
    body.textContent = '';
    var now = nowEpoch();
    // header
    var head = el('div', 'detail-head');
    var snLine = el('p', 'detail-sn');
    snLine.appendChild(el('span', 'mono', o.order_sn || '（无订单号）'));
    if (o.order_sn) snLine.appendChild(copyButton(o.order_sn, '复制订单号'));
    head.appendChild(snLine);
    var st = el('p', 'detail-status');
    st.appendChild(chip(o.status, o.status_text));
    var d = isoToEpoch(o.deadline);
    if (isFinite(d)) {
      var cd = el('span', 'countdown big ' + (d < now ? 'tone-bad' : d - now <= dueSoonSeconds ? 'tone-warn' : ''));
      cd.setAttribute('data-deadline', d);
      cd.textContent = formatRemaining(d - now);
      st.appendChild(cd);
      st.appendChild(el('span', 'hint', '截止 ' + fmtFull(d)));
    }
    head.appendChild(st);
    if (o.action) head.appendChild(el('p', 'next-step', '下一步：' + o.action));
    var jump = el('p', 'jump');
    [['怎么改单号 ↓', 'fix', o.fix_path && o.fix_path.steps], ['复制话术 ↓', 'wording', true], ['为什么 ↓', 'explain', o.explain && o.explain.length]]
      .forEach(function (j) {
        if (!j[2]) return;
        var b = el('button', 'ghost small', j[0]);
        b.type = 'button';
        b.addEventListener('click', function () {
          var target = body.querySelector('.detail-section.' + j[1]);
          if (target) { target.scrollIntoView({block: 'start'}); var h = target.querySelector('h3'); if (h) { h.tabIndex = -1; h.focus({preventScroll: true}); } }
        });
        jump.appendChild(b);
      });
    head.appendChild(jump);
    var facts = el('dl', 'facts');
    var courier = o.courier || {};
    [['商品', o.product], ['快递公司', courier.name || courier.declared],
     ['快递单号', o.tracking_no], ['预计赔付', typeof o.risk_yuan === 'number' && o.risk_yuan > 0 ? yuan(o.risk_yuan) : null],
     ['来源', o.source && o.source.line ? '输入第 ' + o.source.line + ' 行' : null]].forEach(function (f) {
      if (f[1] == null || f[1] === '') return;
      facts.appendChild(el('dt', '', f[0]));
      facts.appendChild(el('dd', f[0] === '快递单号' ? 'mono' : '', f[1]));
    });
    if (courier.declared && courier.name && courier.declared !== courier.name) {
      facts.appendChild(el('dt', '', '表中写的快递'));
      facts.appendChild(el('dd', '', courier.declared));
    }
    head.appendChild(facts);
    body.appendChild(head);

    if (o.findings && o.findings.length) {
      var fs = section(body, '发现的问题', 'findings');
      var ul = el('ul', 'plain');
      o.findings.forEach(function (f) {
        var li = el('li');
        var tone = f.severity === 'critical' ? 'bad' : f.severity === 'warning' ? 'warn' : 'ok';
        li.appendChild(el('span', 'badge tone-' + tone, FINDING[f.code] ? FINDING[f.code][0] : f.code));
        li.appendChild(el('span', '', ' ' + (f.message || '')));
        ul.appendChild(li);
      });
      fs.appendChild(ul);
    }

    if (o.explain && o.explain.length) {
      var ex = section(body, '为什么是这个状态', 'explain');
      var ul2 = el('ul');
      o.explain.forEach(function (line) { ul2.appendChild(el('li', '', line)); });
      ex.appendChild(ul2);
    }

    if (o.fix_path && o.fix_path.steps) renderFix(body, o, now);

    if (o.events && o.events.length) {
      var ev = section(body, '物流轨迹', 'events');
      var ol = el('ol', 'timeline');
      o.events.forEach(function (e) {
        var li = el('li', 'ev-' + (e['class'] || 'other'));
        li.appendChild(el('span', 'mono ev-at', fmtFull(isoToEpoch(e.at))));
        li.appendChild(el('span', '', ' ' + (e.text || '')));
        ol.appendChild(li);
      });
      ev.appendChild(ol);
    }

    renderWordingForm(body, o);
  }

  function renderFix(body, o, now) {
    var fp = o.fix_path;
    var s = section(body, '单号填错了？这样改', 'fix');
    var until = isoToEpoch(fp.until);
    var badge;
    if (fp.code === 'modify_direct') {
      badge = el('p', 'until tone-ok', '在 ' + fmtShort(until) + ' 前可直接修改');
    } else if (fp.code === 'notify_note_extra_package') {
      badge = el('p', 'until tone-warn', '已过直接修改时限：联系买家、备注，在 ' + fmtShort(until) + ' 前可新增补寄包裹');
    } else {
      badge = el('p', 'until tone-bad', '已过补寄包裹时限：只能联系买家并添加备注');
    }
    s.appendChild(badge);
    var ol = el('ol', 'wizard');
    fp.steps.forEach(function (step, n) {
      var li = el('li', 'step');
      var id = 'step-' + n;
      var cb = el('input');
      cb.type = 'checkbox';
      cb.id = id;
      var lab = el('label', 'step-title', step.title);
      lab.htmlFor = id;
      var top = el('div', 'step-top');
      top.appendChild(cb);
      top.appendChild(lab);
      li.appendChild(top);
      if (step.menu) {
        var m = el('p', 'menu');
        m.appendChild(el('span', 'menu-path', step.menu));
        m.appendChild(copyButton(step.menu, '复制路径'));
        li.appendChild(m);
      }
      if (step.detail) li.appendChild(el('p', 'hint', step.detail));
      cb.addEventListener('change', function () { li.classList.toggle('done', cb.checked); });
      ol.appendChild(li);
    });
    s.appendChild(ol);
  }

  function field(form, key, label, placeholder, type) {
    var id = 'w-' + key;
    var wrap = el('div', 'field');
    var lab = el('label', '', label);
    lab.htmlFor = id;
    var input = type === 'select' ? el('select') : type === 'textarea' ? el('textarea') : el('input');
    input.id = id;
    if (type !== 'select' && type !== 'textarea') input.type = 'text';
    if (placeholder) input.placeholder = placeholder;
    input.setAttribute('data-key', key);
    wrap.appendChild(lab);
    wrap.appendChild(input);
    form.appendChild(wrap);
    if (wordingInputs[key] != null && type !== 'select') input.value = wordingInputs[key];
    input.addEventListener(type === 'select' ? 'change' : 'input', function () {
      wordingInputs[key] = input.value;
      clearTimeout(wordingTimer);
      wordingTimer = setTimeout(requestWording, type === 'select' ? 0 : 400);
    });
    return input;
  }

  function renderWordingForm(body, o) {
    var s = section(body, '话术：复制去发', 'wording');
    s.appendChild(el('p', 'hint', '发给买家的消息、商家备注、驳回退款和申诉说明，按这单的实际情况生成。单号填错时，填上正确的快递和单号。'));
    var form = el('div', 'wording-form');
    var courierInput = field(form, 'correct_courier', '正确的快递公司', '例如 中通快递');
    var list = el('datalist');
    list.id = 'courier-names';
    (META.couriers || []).forEach(function (c) { var op = el('option'); op.value = c; list.appendChild(op); });
    form.appendChild(list);
    courierInput.setAttribute('list', 'courier-names');
    field(form, 'correct_tracking_no', '正确单号', '包裹实际用的单号');
    var reason = field(form, 'reason', '申诉 / 异常申报原因', null, 'select');
    option(reason, '', '（不申诉）');
    (META.reasons || []).forEach(function (r) { option(reason, r.code, r.name); });
    reason.value = wordingInputs.reason || '';
    s.appendChild(form);
    var more = el('details', 'more');
    more.appendChild(el('summary', '', '更多信息（可选，填了话术更完整）'));
    var form2 = el('div', 'wording-form');
    field(form2, 'new_pickup_time', '预计揽收发出时间', '例如 今天 18:00');
    field(form2, 'outlet_name', '快递网点', '例如 义乌稠城');
    field(form2, 'reason_detail', '具体原因', '例如 3月10日网点爆仓暂停揽收', 'textarea');
    field(form2, 'correct_picked_up_time', '正确单号的揽收时间', '例如 2025-03-10 19:47');
    field(form2, 'measures', '已采取的改进措施', '申诉用', 'textarea');
    more.appendChild(form2);
    s.appendChild(more);
    s.appendChild(el('div', 'wording-out', null)).id = 'wording-out';
    requestWording();
  }

  function wordingRequest(extra) {
    var o = detailOrder || {};
    var rq = {order_sn: o.order_sn || '', kind: 'all'};
    Object.keys(wordingInputs).forEach(function (k) { if (wordingInputs[k]) rq[k] = wordingInputs[k]; });
    if (R && R.nowIso) rq.now = R.nowIso;
    if (Object.keys(settings.rules).length) rq.rules = settings.rules;
    Object.keys(extra || {}).forEach(function (k) { rq[k] = extra[k]; });
    return rq;
  }

  function wordingHint() {
    var o = detailOrder || {};
    return {kind: o.source && o.source.kind, line: o.source && o.source.line,
            duplicate: (o.events && o.events.length > 0) ||
                (o.findings || []).some(function (f) { return f.code === 'tracking_duplicate'; })};
  }

  function requestWording() {
    if (detailIndex == null) return;
    var seq = ++wordingSeq;
    ask({type: 'wording', request: wordingRequest(), hint: wordingHint()}).then(function (msg) {
      if (seq !== wordingSeq || !$('wording-out')) return;
      renderWordings(JSON.parse(msg.json));
    }, function (err) {
      var out = $('wording-out');
      if (out) { out.textContent = ''; out.appendChild(el('p', 'tone-bad', err.message)); }
    });
  }

  function slotLabel(name) {
    return META.slots && META.slots[name] ? META.slots[name] : name;
  }

  function renderWordings(r) {
    var out = $('wording-out');
    out.textContent = '';
    if (r.error) { out.appendChild(el('p', 'warning', r.error)); return; }
    if (!r.wordings || !r.wordings.length) {
      out.appendChild(el('p', 'hint', '这单目前不需要给买家或平台写什么。'));
    }
    (r.wordings || []).forEach(function (w) { out.appendChild(wordingCard(w)); });
    (r.notes || []).forEach(function (n) { out.appendChild(el('p', 'hint note-line', n)); });
  }

  function wordingCard(w) {
    var c = el('article', 'wording-card');
    c.setAttribute('data-kind', w.kind || '');
    var h = el('h4', '', w.title || w.kind);
    c.appendChild(h);
    if (w.where || w.menu) {
      var where = el('p', 'hint');
      where.textContent = '粘贴到：' + (w.where || '') + (w.menu ? '（' + w.menu + '）' : '');
      c.appendChild(where);
    }
    var text = el('p', 'wording-text', w.text || '');
    text.tabIndex = 0;
    c.appendChild(text);
    var bar = el('div', 'wording-bar');
    bar.appendChild(copyButton(function () { return text.textContent; }, '复制'));
    var count = (w.chars || 0) + (w.max_chars ? ' / ' + w.max_chars : '') + ' 字';
    bar.appendChild(el('span', 'hint' + (w.max_chars && w.chars > w.max_chars ? ' tone-bad' : ''), count));
    if (w.variants_available && w.variants_available.length > 1) {
      var group = el('span', 'variants');
      group.setAttribute('role', 'group');
      group.setAttribute('aria-label', '版本');
      w.variants_available.forEach(function (v) {
        var b = el('button', 'ghost small' + (v === w.variant ? ' on' : ''), v === 'brief' ? '简短版' : v === 'polite' ? '礼貌版' : v === 'full' ? '完整版' : v);
        b.type = 'button';
        b.setAttribute('aria-pressed', v === w.variant ? 'true' : 'false');
        b.addEventListener('click', function () {
          ask({type: 'wording', request: wordingRequest({kind: w.kind, variant: v}), hint: wordingHint()}).then(function (msg) {
            var r = JSON.parse(msg.json);
            if (r.wordings && r.wordings[0]) c.replaceWith(wordingCard(r.wordings[0]));
          });
        });
        group.appendChild(b);
      });
      bar.appendChild(group);
    }
    c.appendChild(bar);
    if (w.missing && w.missing.length) {
      c.appendChild(el('p', 'warning small', '还需要你填写：' + w.missing.map(slotLabel).join('、') + '（文中【请填写】处）'));
    }
    (w.warnings || []).forEach(function (x) { c.appendChild(el('p', 'warning small', x)); });
    if (w.evidence && w.evidence.length) {
      var ev = el('div', 'evidence');
      ev.appendChild(el('p', 'small strong', '需要准备的证据：'));
      var ul = el('ul', 'plain');
      w.evidence.forEach(function (e, n) {
        var li = el('li');
        var cb = el('input');
        cb.type = 'checkbox';
        cb.id = 'ev-' + (w.kind || '') + '-' + n;
        var lab = el('label', '', e);
        lab.htmlFor = cb.id;
        li.appendChild(cb);
        li.appendChild(lab);
        ul.appendChild(li);
      });
      ev.appendChild(ul);
      c.appendChild(ev);
    }
    return c;
  }

  // --- rules panel --------------------------------------------------------------------------
  function openRules() {
    openModal($('rules-panel'), closeRules);
    $('open-rules').setAttribute('aria-expanded', 'true');
    var now = clockSetting();
    $('clock-input').value = now ? toLocalInput(now) : '';
    loadRules();
    $('rules-close').focus();
  }
  function closeRules(silent) {
    closeModal($('rules-panel'));
    $('open-rules').setAttribute('aria-expanded', 'false');
    if (silent !== true) $('open-rules').focus();
  }
  function toLocalInput(s) {
    var t = isoToEpoch(/[+Z]|[-]\d\d:\d\d$/.test(s.slice(10)) ? s : s.replace(' ', 'T') + '+08:00');
    if (!isFinite(t)) return '';
    return fmtFull(t).replace(' ', 'T');
  }

  function loadRules() {
    ask({type: 'rules', options: JSON.stringify(checkOptions())}).then(function (msg) {
      var list = $('rules-list');
      list.textContent = '';
      if (!msg.json) { list.appendChild(el('p', 'hint', '此版本的检查引擎不提供规则列表。')); return; }
      renderRules(JSON.parse(msg.json));
    }, function (err) { $('rules-list').textContent = err.message; });
  }

  function renderRules(doc) {
    var values = doc.values || {};
    if (values.due_soon_hours && typeof values.due_soon_hours.value === 'number') dueSoonSeconds = values.due_soon_hours.value * 3600;
    $('rules-meta').textContent = (doc.name || '') + ' · 版本 ' + (doc.version || '') + ' · 截至 ' + (doc.as_of || '') +
        (doc.overridden && doc.overridden.length ? ' · 已自定义 ' + doc.overridden.length + ' 项' : '');
    var errs = $('rules-errors');
    errs.textContent = (doc.errors || []).map(function (e) { return e.message; }).join('；');
    errs.hidden = !(doc.errors && doc.errors.length);
    var list = $('rules-list');
    list.textContent = '';
    Object.keys(values).forEach(function (key) {
      var v = values[key];
      var box = el('div', 'rule' + (key in settings.rules ? ' overridden' : ''));
      box.setAttribute('data-key', key);
      var id = 'rule-' + key;
      var lab = el('label', 'rule-label', v.label || key);
      lab.htmlFor = id;
      box.appendChild(lab);
      var row = el('div', 'rule-row');
      var input;
      var value = v.value;
      if (typeof value === 'number') {
        input = el('input');
        input.type = 'number';
        input.step = 'any';
        input.value = String(value);
      } else if (typeof value === 'string') {
        input = el('input');
        input.type = 'text';
        input.value = value;
      } else if (Array.isArray(value) && value.every(function (x) { return typeof x === 'string'; })) {
        input = el('textarea');
        input.rows = Math.min(4, value.length || 1);
        input.value = value.join('\n');
      } else {
        input = el('textarea');
        input.rows = 3;
        input.value = JSON.stringify(value, null, 1);
      }
      input.id = id;
      input.className = 'rule-input';
      row.appendChild(input);
      if (v.unit && typeof value === 'number') row.appendChild(el('span', 'unit', {hour: '小时', day: '天', yuan: '元', order: '单'}[v.unit] || v.unit));
      var conf = CONFIDENCE[v.confidence] || [v.confidence || '', 'muted'];
      row.appendChild(el('span', 'badge tone-' + conf[1], conf[0]));
      if (key in settings.rules) {
        var reset = el('button', 'ghost small', '恢复默认');
        reset.type = 'button';
        reset.addEventListener('click', function () { delete settings.rules[key]; saveSettings(); rulesChanged(); });
        row.appendChild(reset);
      }
      box.appendChild(row);
      box.appendChild(el('p', 'rule-source', '来源：' + (v.source || '未注明') + ' · 截至 ' + (doc.as_of || '') + ' · ' + key));
      input.addEventListener('change', function () {
        var nv;
        if (typeof value === 'number') {
          nv = Number(input.value);
          if (input.value === '' || !isFinite(nv)) { input.value = String(value); return; }
        } else if (typeof value === 'string') {
          nv = input.value;
        } else if (Array.isArray(value) && value.every(function (x) { return typeof x === 'string'; })) {
          nv = input.value.split('\n').map(function (x) { return x.trim(); }).filter(Boolean);
        } else {
          try { nv = JSON.parse(input.value); } catch (e) { errs.textContent = '「' + (v.label || key) + '」不是有效的 JSON'; errs.hidden = false; return; }
        }
        settings.rules[key] = nv;
        saveSettings();
        rulesChanged();
      });
      list.appendChild(box);
    });
  }

  function rulesChanged() {
    loadRules();
    if (R) run();
  }

  // --- input: paste anywhere, files, drag and drop, samples ---------------------------------
  // Exports are saved as UTF-8 (with or without BOM) or GBK/GB18030 by spreadsheets.
  function decodeBytes(bytes) {
    if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
      return {text: new TextDecoder('utf-16le').decode(bytes), encoding: 'UTF-16LE'};
    }
    if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
      return {text: new TextDecoder('utf-16be').decode(bytes), encoding: 'UTF-16BE'};
    }
    var bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    try {
      return {text: new TextDecoder('utf-8', {fatal: true}).decode(bytes), encoding: bom ? 'UTF-8（带 BOM）' : 'UTF-8'};
    } catch (err) {
      return {text: new TextDecoder('gb18030').decode(bytes), encoding: 'GB18030（GBK）'};
    }
  }
  function decode(buffer) { return decodeBytes(new Uint8Array(buffer)).text; }

  function keepOutOfBox(text) {
    bigText = text;
    $('paste').value = '';
    $('paste').placeholder = '已载入 ' + kb(text.length) + ' 的内容，太多不在此显示，点“检查”会检查它。粘贴新内容会替换它。';
  }

  function setInput(text, info, now) {
    sampleNow = now || null;
    lastSampleText = now ? text : null;
    if (text.length > BIG) {
      keepOutOfBox(text);
    } else {
      $('paste').placeholder = DEFAULT_PLACEHOLDER;
      bigText = null;
      $('paste').value = text;
    }
    var fi = $('file-info');
    fi.textContent = info || '';
    fi.hidden = !info;
    // in a task of its own: handing a big input to the worker takes a while, the paste is done
    setState('正在检查…', '', 'busy');
    setTimeout(run, 0);
  }

  function readFile(file) {
    if (!file) return;
    if (file.size > 256 * 1024 * 1024) {
      setState('文件太大（' + kb(file.size) + '），请拆分后再检查。', 'bad');
      return;
    }
    setState('正在读取 ' + file.name + '…', '', 'busy');
    var reader = new FileReader();
    reader.onload = function () {
      var r = decodeBytes(new Uint8Array(reader.result));
      setInput(r.text, '已读取 ' + file.name + ' · ' + kb(file.size) + ' · 编码 ' + r.encoding);
    };
    reader.onerror = function () { setState('无法读取文件 ' + file.name, 'bad'); };
    reader.readAsArrayBuffer(file);
  }

  function isEditable(t) {
    return t && (t.tagName === 'TEXTAREA' || t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.isContentEditable);
  }

  function setupInput() {
    $('run').addEventListener('click', function () { sampleNow = sampleNow && $('paste').value === lastSampleText ? sampleNow : null; run(); });
    $('paste').addEventListener('input', function () {
      if (bigText != null) { bigText = null; $('paste').placeholder = DEFAULT_PLACEHOLDER; }
      $('file-info').hidden = true;
    });
    $('file').addEventListener('change', function () {
      readFile(this.files && this.files[0]);
      this.value = '';
    });
    document.addEventListener('paste', function (e) {
      var cd = e.clipboardData;
      if (!cd || (modal && !modal.dialog.contains(e.target))) return;
      if (e.target === $('paste') && !(cd.files && cd.files.length)) {
        var big = cd.getData('text/plain');
        if (big.length > BIG) { e.preventDefault(); setInput(big, '已粘贴 ' + kb(big.length)); }
        return;
      }
      if (isEditable(e.target) || modal) return;  // in a dialog, Ctrl+V is for its fields
      if (cd.files && cd.files.length) { e.preventDefault(); readFile(cd.files[0]); return; }
      var text = cd.getData('text/plain');
      if (!text) return;
      e.preventDefault();
      setInput(text, '已从剪贴板粘贴 ' + kb(text.length));
    });
    var depth = 0;
    var overlay = $('drop-overlay');
    document.addEventListener('dragenter', function (e) {
      if (!e.dataTransfer || Array.prototype.indexOf.call(e.dataTransfer.types, 'Files') < 0) return;
      depth++;
      overlay.hidden = false;
    });
    document.addEventListener('dragleave', function () { if (--depth <= 0) { depth = 0; overlay.hidden = true; } });
    document.addEventListener('dragover', function (e) { e.preventDefault(); });
    document.addEventListener('drop', function (e) {
      e.preventDefault();
      depth = 0;
      overlay.hidden = true;
      var dt = e.dataTransfer;
      if (dt && dt.files && dt.files.length) readFile(dt.files[0]);
      else if (dt && dt.getData('text/plain')) setInput(dt.getData('text/plain'), '已拖入文字');
    });
    var box = $('sample-buttons');
    META.samples.forEach(function (s) {
      var b = el('button', 'ghost small', s.label);
      b.type = 'button';
      b.setAttribute('data-sample', s.name);
      b.title = s.title || '';
      b.addEventListener('click', function () {
        setInput(s.text, '示例：' + s.title + '（检查时间按示例数据设为 ' + s.now.slice(0, 16).replace('T', ' ') + '）', s.now);
      });
      box.appendChild(b);
    });
  }
  var lastSampleText = null;

  // --- export, print, offline, clear --------------------------------------------------------
  // Saves a download: a link to the URL with a file name, clicked.
  function saveAs(url, name) {
    var a = el('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  function saveBlob(blob, name) {
    var url = URL.createObjectURL(blob);
    saveAs(url, name);
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  // "下载离线版": Chromium fetches a download from the network even when the service worker has the
  // file, so with the network off the link alone fails. Take the stored copy when there is one.
  function downloadOffline(e) {
    var link = this, name = link.getAttribute('download');
    if (!self.caches || !/^https?:$/.test(location.protocol)) return;  // the link as it is
    e.preventDefault();
    caches.match(link.getAttribute('href'), {ignoreSearch: true}).then(function (hit) {
      if (!hit) throw new Error('not stored yet');
      return hit.blob();
    }).then(function (blob) { saveBlob(blob, name); }, function () { saveAs(link.href, name); });
  }

  function exportCsv() {
    if (!R) return;
    setState('正在生成 CSV…', '');
    ask({type: 'csv', options: JSON.stringify(checkOptions())}).then(function (msg) {
      var text = msg.text.charCodeAt(0) === 0xfeff ? msg.text : '\ufeff' + msg.text;
      var stamp = fmtFull(R.now).replace(/[^0-9]/g, '').slice(0, 12);
      saveBlob(new Blob([text], {type: 'text/csv;charset=utf-8'}), 'lanshou-' + stamp + '.csv');
      setState('检查完成。已导出 CSV（可用 Excel / WPS 打开）。', '');
    }, function (err) { setState('导出失败：' + err.message, 'bad'); });
  }

  function buildPrint() {
    var area = $('print-area');
    area.textContent = '';
    if (!R) return;
    area.appendChild(el('h2', '', '揽收检查结果 · ' + fmtFull(R.now)));
    var k = counts();
    area.appendChild(el('p', '', CARD_ORDER.filter(function (c) { return k.byStatus[S[c]]; })
        .map(function (c) { return statusOf(c)[0] + ' ' + k.byStatus[S[c]]; }).join(' · ')));
    var t = el('table');
    var tr0 = el('tr');
    ['订单号', '状态', '剩余时间', '截止时间', '快递公司', '快递单号', '问题'].forEach(function (h) { tr0.appendChild(el('th', '', h)); });
    t.appendChild(tr0);
    var now = nowEpoch(), limit = Math.min(view.length, 3000);
    for (var p = 0; p < limit; p++) {
      var i = view[p], tr = el('tr');
      var f = [];
      FINDING_CODES.forEach(function (fc, bit) { if (R.findings[i] & (1 << bit) && FINDING[fc]) f.push(FINDING[fc][0]); });
      var f4 = fieldsOf(i);
      [f4[0], statusOf(STATUS_CODES[R.status[i]])[0], isFinite(R.deadline[i]) ? formatRemaining(R.deadline[i] - now) : '—',
       fmtShort(R.deadline[i]), f4[2], f4[1], f.join('、')].forEach(function (v) { tr.appendChild(el('td', '', v || '—')); });
      t.appendChild(tr);
    }
    area.appendChild(t);
    if (view.length > limit) area.appendChild(el('p', '', '另有 ' + (view.length - limit) + ' 单未打印，请用导出 CSV。'));
  }

  function clearLocal() {
    try {
      localStorage.removeItem(KEY_INPUT);
      localStorage.removeItem(KEY_SETTINGS);
    } catch (e) { /* nothing stored */ }
    settings = {rules: {}, now: null};
    sampleNow = null;
    bigText = null;
    $('paste').value = '';
    $('paste').placeholder = DEFAULT_PLACEHOLDER;
    $('file-info').hidden = true;
    $('output').hidden = true;
    $('welcome').hidden = false;
    $('export-csv').disabled = true;
    $('print').disabled = true;
    R = null;
    closeDetail(true);
    storageWarn('');
    $('clock').textContent = '';
    setState('已清除本机保存的输入和设置。', '', 'ready');
  }

  // --- wiring -------------------------------------------------------------------------------
  function setupUi() {
    var scroller = $('scroller');
    var raf = 0;
    scroller.addEventListener('scroll', function () {
      if (raf) return;
      raf = requestAnimationFrame(function () { raf = 0; renderRows(); });
    });
    scroller.addEventListener('click', function (e) {
      var tr = e.target.closest('tr[data-index]');
      if (!tr) return;
      active = Number(tr.getAttribute('data-pos'));
      renderRows();
      openDetail(Number(tr.getAttribute('data-index')), tr);
    });
    scroller.addEventListener('keydown', function (e) {
      var page = Math.max(1, Math.floor(scroller.clientHeight / ROW_H) - 1);
      var k = e.key;
      if (k === 'ArrowDown') moveActive(active + 1);
      else if (k === 'ArrowUp') moveActive(active - 1);
      else if (k === 'PageDown') moveActive(active + page);
      else if (k === 'PageUp') moveActive(active - page);
      else if (k === 'Home') moveActive(0);
      else if (k === 'End') moveActive(view.length - 1);
      else if (k === 'Enter' || k === ' ') {
        if (view.length) openDetail(view[active], $('results').querySelector('tr[data-pos="' + active + '"]'));
      } else return;
      e.preventDefault();
    });
    scroller.addEventListener('focus', function (e) { if (e.target === scroller && view.length) moveActive(active); });
    window.addEventListener('resize', function () { if (R) renderRows(); });

    $('f-status').addEventListener('change', function () { setFilter('status', this.value); });
    $('f-courier').addEventListener('change', function () { setFilter('courier', this.value); });
    $('f-finding').addEventListener('change', function () { setFilter('finding', this.value); });
    $('f-sort').addEventListener('change', function () { setFilter('sort', this.value); });
    var searchTimer = 0;
    $('f-search').addEventListener('input', function () {
      var v = this.value;
      clearTimeout(searchTimer);
      searchTimer = setTimeout(function () { filter.q = v; requestView(true); }, 120);
    });

    $('detail-close').addEventListener('click', function () { closeDetail(); });
    $('rules-close').addEventListener('click', function () { closeRules(); });
    $('open-rules').addEventListener('click', function () { if ($('rules-panel').hidden) openRules(); else closeRules(); });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Tab') { trapTab(e); return; }
      if (e.key !== 'Escape' || !modal) return;
      e.preventDefault();
      modal.onClose();
    });
    $('scrim').addEventListener('click', function () { if (modal) modal.onClose(); });
    $('rules-reset').addEventListener('click', function () { settings.rules = {}; saveSettings(); rulesChanged(); });
    $('clock-apply').addEventListener('click', function () {
      var v = $('clock-input').value;
      if (!v) return;
      settings.now = v.replace('T', ' ') + (v.length === 16 ? ':00' : '');
      sampleNow = null;
      nowParam = null;
      saveSettings();
      if (R) run();
      renderClock();
    });
    $('clock-live').addEventListener('click', function () {
      settings.now = null;
      sampleNow = null;
      nowParam = null;
      $('clock-input').value = '';
      saveSettings();
      if (R) run();
    });
    $('export-csv').addEventListener('click', exportCsv);
    $('download-offline').addEventListener('click', downloadOffline);
    $('print').addEventListener('click', function () { buildPrint(); window.print(); });
    window.addEventListener('beforeprint', buildPrint);
    $('clear-local').addEventListener('click', clearLocal);
    // The one-file page cannot offer itself for download; the served site links to it.
    if (location.protocol === 'file:' || document.documentElement.dataset.offline === '1') {
      $('download-offline').hidden = true;
    }
  }

  // The engine's first check is slower than the next (its code is optimized as it runs), so while
  // the page waits for a paste the worker checks a made-up export once: the sample export's rows
  // repeated to WARM_ROWS orders, under new order numbers.
  var WARM_ROWS = 3000;
  function warmUp() {
    var sample = META.samples.filter(function (x) { return x.name === 'export-utf8.csv'; })[0];
    if (!sample || !WARM_ROWS) return;
    var lines = sample.text.split('\n').filter(Boolean), head = lines[0], rows = lines.slice(1), out = [head];
    for (var i = 0; i < WARM_ROWS; i++) {
      out.push(rows[i % rows.length].replace(/^(\d{6}-)(\d{15})/, function (m, a) { return a + String(100000000000000 + i); }));
    }
    ask({type: 'warm', text: out.join('\n'), options: JSON.stringify({now: sample.now})}).then(function (msg) {
      self.lanshouPage.warmMs = msg.ms;
    }, function () { /* only an optimization */ });
  }

  function onReady() {
    loadRulesQuietly();
    var last = storageGet(KEY_INPUT);
    if (last && !$('paste').value) {
      if (last.length > BIG) keepOutOfBox(last); else $('paste').value = last;
      setState('已恢复上次的输入，正在检查…', '', 'busy');
      run();
    } else if ($('paste').value) {
      run();
    } else {
      setTimeout(warmUp, 0);
    }
  }

  function loadRulesQuietly() {
    ask({type: 'rules', options: JSON.stringify(checkOptions())}).then(function (msg) {
      if (!msg.json) return;
      var doc = JSON.parse(msg.json);
      var v = doc.values && doc.values.due_soon_hours;
      if (v && typeof v.value === 'number') dueSoonSeconds = v.value * 3600;
    }, function () { /* the defaults stay */ });
  }

  function registerServiceWorker() {
    if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
    if (document.documentElement.dataset.workerUrl || document.documentElement.dataset.offline === '1') return;
    if (!document.querySelector('link[rel="manifest"]')) return;
    navigator.serviceWorker.register('sw.js').catch(function () { /* online only */ });
  }

  $('run').disabled = true;
  setupInput();
  setupUi();
  setInterval(tick, 1000);
  if (nowParam) $('clock').textContent = '检查时间由 ?now= 指定：' + nowParam;

  // For the extension, the benchmark and the browser tests.
  self.lanshouPage = {
    run: run, decode: decode, decodeBytes: decodeBytes, formatRemaining: formatRemaining,
    openDetail: openDetail, buildPrint: buildPrint, state: function () { return R; }, view: function () { return view; }
  };

  startWorker();
  registerServiceWorker();
})();
