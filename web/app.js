// The page: sends the pasted text to the core in a Web Worker and shows the result document.
// Every value from the paste or the document is written with textContent, never as HTML.
(function () {
  'use strict';

  var STATUS = {
    awaiting_shipment: ['待发货', 'ok'],
    ship_due_soon: ['即将超时(发货)', 'warn'],
    ship_overdue: ['发货超时', 'bad'],
    awaiting_pickup: ['待揽收', 'ok'],
    pickup_due_soon: ['即将揽收超时', 'warn'],
    pickup_overdue: ['揽收超时', 'bad'],
    picked_up: ['已揽收', 'done'],
    picked_up_late: ['揽收超时(已揽收)', 'bad'],
    delivered: ['已签收', 'done'],
    returned: ['已退回', 'muted'],
    exception: ['物流异常', 'bad'],
    closed: ['已关闭', 'muted'],
    incomplete: ['信息不全', 'warn']
  };

  var $ = function (id) { return document.getElementById(id); };

  // ?now=2025-03-12T12:00:00%2B08:00 sets the clock. An unescaped '+' arrives as a space: undo that.
  var nowParam = new URLSearchParams(location.search).get('now');
  if (nowParam) nowParam = nowParam.replace(/(T\d{2}:\d{2}(?::\d{2})?) (\d{2}:?\d{2})$/, '$1+$2');

  // --- the worker, built from a Blob so that it also runs from file:// -----------------------
  var worker = null;
  var pending = {};
  var nextId = 1;

  function startWorker() {
    var url = URL.createObjectURL(new Blob([self.LANSHOU_WORKER_SOURCE], {type: 'text/javascript'}));
    try {
      worker = new Worker(url);
    } catch (err) {
      URL.revokeObjectURL(url);
      setState('检查引擎无法启动：' + err.message, 'bad');
      return;
    }
    worker.onmessage = function (event) {
      var msg = event.data;
      if ('ready' in msg) {
        URL.revokeObjectURL(url);
        if (msg.ready) {
          $('version').textContent = 'lanshou ' + msg.version;
          $('run').disabled = false;
          setState('就绪。', '');
        } else {
          setState('检查引擎无法启动：' + msg.error, 'bad');
        }
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

  function check(text, callback) {
    var id = nextId++;
    pending[id] = callback;
    var options = nowParam ? {now: nowParam} : {};
    worker.postMessage({id: id, text: text, options: JSON.stringify(options)});
  }

  // --- formatting --------------------------------------------------------------------------
  // 2025-03-13T20:14:10+08:00 -> 2025-03-13 20:14 (all times are Beijing time)
  function formatTime(iso) {
    if (typeof iso !== 'string') return '—';
    var m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?\+08:00$/.exec(iso);
    return m ? m[1] + ' ' + m[2] : iso;
  }

  // 11520 -> 剩 3 小时 12 分; -14400 -> 已超时 4 小时
  function formatRemaining(seconds) {
    if (typeof seconds !== 'number' || !isFinite(seconds)) return '—';
    var a = Math.abs(seconds);
    var d = Math.floor(a / 86400), h = Math.floor((a % 86400) / 3600), m = Math.floor((a % 3600) / 60);
    var text;
    if (d > 0) text = d + ' 天' + (h ? ' ' + h + ' 小时' : '');
    else if (h > 0) text = h + ' 小时' + (m ? ' ' + m + ' 分' : '');
    else if (m > 0) text = m + ' 分';
    else return seconds < 0 ? '刚刚超时' : '剩不到 1 分';
    return (seconds < 0 ? '已超时 ' : '剩 ') + text;
  }

  function statusLabel(code) { return STATUS[code] ? STATUS[code][0] : String(code); }

  // --- rendering -----------------------------------------------------------------------------
  function cell(tr, text, className) {
    var td = document.createElement('td');
    td.textContent = text == null || text === '' ? '—' : String(text);
    if (className) td.className = className;
    tr.appendChild(td);
    return td;
  }

  function render(doc) {
    var orders = Array.isArray(doc.orders) ? doc.orders : [];
    var errors = Array.isArray(doc.errors) ? doc.errors : [];

    var tbody = $('results').tBodies[0];
    tbody.textContent = '';
    orders.forEach(function (o) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-order-sn', o.order_sn == null ? '' : String(o.order_sn));
      tr.setAttribute('data-status', o.status == null ? '' : String(o.status));
      cell(tr, o.order_sn, 'sn');
      var td = cell(tr, statusLabel(o.status), 'status tone-' + (STATUS[o.status] ? STATUS[o.status][1] : 'muted'));
      td.title = String(o.status);
      cell(tr, formatTime(o.deadline));
      var left = o.deadline == null ? null : o.remaining_seconds;
      cell(tr, formatRemaining(left), typeof left === 'number' && left < 0 ? 'late' : '');
      cell(tr, o.courier && (o.courier.name || o.courier.declared || o.courier.code));
      cell(tr, o.tracking_no, 'sn');
      tbody.appendChild(tr);
    });

    var list = $('errors');
    list.textContent = '';
    errors.forEach(function (e) {
      var li = document.createElement('li');
      var where = e.line != null ? '第 ' + e.line + ' 行' : '';
      if (e.field) where += (where ? ' · ' : '') + e.field;
      li.textContent = (where ? where + '：' : '') + (e.message || e.code || '未知错误');
      list.appendChild(li);
    });
    $('errors-title').hidden = errors.length === 0;

    var counts = (doc.summary && doc.summary.by_status) || {};
    var parts = Object.keys(counts).filter(function (k) { return counts[k] > 0; }).map(function (k) { return statusLabel(k) + ' ' + counts[k]; });
    $('summary').textContent = '共 ' + orders.length + ' 单' + (parts.length ? '：' + parts.join(' · ') : '') +
        (errors.length ? '；' + errors.length + ' 处无法读取' : '');
    $('clock').textContent = doc.now ? '检查时间 ' + formatTime(doc.now) + (nowParam ? '（由 ?now= 指定）' : '') : '';
    if (doc.rules) {
      $('version').textContent = 'lanshou ' + doc.lanshou + ' · 规则 ' + doc.rules.id + ' ' +
          (doc.rules.version == null ? '' : doc.rules.version) + (doc.rules.as_of ? '（截至 ' + doc.rules.as_of + '）' : '');
    }
    $('output').hidden = false;
  }

  function setState(text, tone) {
    var el = $('state');
    el.textContent = text;
    el.className = tone ? 'tone-' + tone : '';
  }

  function run() {
    var text = $('paste').value;
    $('run').disabled = true;
    setState('正在检查…', '');
    check(text, function (msg) {
      $('run').disabled = false;
      if (msg.error) {
        setState('检查失败：' + msg.error, 'bad');
        return;
      }
      var doc;
      try {
        doc = JSON.parse(msg.json);
      } catch (err) {
        setState('检查失败：结果无法解析', 'bad');
        return;
      }
      render(doc);
      setState('检查完成。', '');
    });
  }

  // Exports spreadsheets in GBK/GB18030 as often as in UTF-8: try strict UTF-8 first.
  function decode(buffer) {
    try {
      return new TextDecoder('utf-8', {fatal: true}).decode(buffer);
    } catch (err) {
      return new TextDecoder('gb18030').decode(buffer);
    }
  }

  $('run').disabled = true;
  $('run').addEventListener('click', run);
  $('file').addEventListener('change', function () {
    var file = this.files && this.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      $('paste').value = decode(new Uint8Array(reader.result));
      if (!$('run').disabled) run();
    };
    reader.readAsArrayBuffer(file);
  });
  if (nowParam) $('clock').textContent = '检查时间由 ?now= 指定：' + nowParam;

  // For later issues and the browser tests.
  self.lanshouPage = {render: render, run: run, decode: decode, formatRemaining: formatRemaining};

  startWorker();
})();
