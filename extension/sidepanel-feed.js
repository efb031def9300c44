// The side panel's view of the merchant backend: the orders the backend page loaded by itself
// (captured by page-hook.js, allow-listed, kept by background.js in storage.session) are checked
// with what the merchant pasted, without a click, whenever the page loads orders. It uses the
// app's hooks (web/app/main.js, self.lanshouPage): feed(pasted) gives the text to check, orderLink(sn)
// the order's page in the backend, openOrder(sn) opens an order's detail, checkOptions() the
// rules and clock the panel checks with (mirrored to storage.session for the badge's count).
(function () {
  'use strict';
  var C = self.LanshouCapture, page = self.lanshouPage;
  if (!C || !page) return;
  var STORE = 'lanshouStore', TAB = 'lanshouTab:', LATEST = 'lanshouLatestTab', OPTIONS = 'lanshouOptions';
  var run = document.getElementById('run'), paste = document.getElementById('paste');

  var current = {tabId: null, store: null, tab: null, sig: null, version: 0};
  var fed = -1;          // the version the last check included
  var opened = null;     // the detail page's order last opened

  page.orderLink = C.detailUrl;

  // The text to check: what the merchant pasted, then the backend's orders (capture.js toInput: the
  // list JSON the core's PDD JSON reader reads, and the traces). An order both pasted and captured
  // becomes one order in the core (its join, by order number and tracking number).
  // The workspace gives the last batch (paste and capture) back to the paste box: the capture is
  // taken off there, as it comes again from the backend.
  page.feed = function (pasted) {
    mirrorOptions();
    fed = current.version;
    var own = C.withoutInput(pasted);
    if (own !== pasted && paste.value === pasted) paste.value = own;
    pasted = own;
    if (!current.tab || !current.store) return pasted;
    var text = C.toInput(current.store, current.tab.sns);
    if (!text) return pasted;
    return pasted.trim() ? pasted.replace(/\s*$/, '') + '\n\n' + text : text;
  };

  var lastOptions = null;
  function mirrorOptions() {
    var o = {};
    try { o = page.checkOptions ? page.checkOptions() : {}; } catch (e) { o = {}; }
    delete o.max_input_mb;
    var json = JSON.stringify(o);
    if (json === lastOptions) return;
    lastOptions = json;
    chrome.storage.session.set({[OPTIONS]: json}).catch(function () {});
  }

  function note() {
    var p = document.getElementById('lanshou-backend');
    var tab = current.tab, n = tab && tab.sns ? tab.sns.length : 0;
    if (!n) { if (p) p.hidden = true; return; }
    if (!p) {
      p = document.createElement('p');
      p.id = 'lanshou-backend';
      p.className = 'note';
      paste.parentNode.insertBefore(p, paste);
    }
    p.hidden = false;
    var at = new Date(tab.at), hm = ('0' + at.getHours()).slice(-2) + ':' + ('0' + at.getMinutes()).slice(-2);
    var text = '来自商家后台：本页 ' + n + ' 单（' + hm + ' 读取，只取订单号、商品、金额、时间、状态、快递、单号和收货省市，不含买家姓名、电话和详细地址）';
    var c = tab.counts;
    if (c) {
      var parts = [];
      if (c.unship != null) parts.push('待发货 ' + c.unship);
      if (c.unship12h != null) parts.push('其中超过 12 小时 ' + c.unship12h);
      if (c.delay != null) parts.push('已延迟 ' + c.delay);
      if (c.unreceive != null) parts.push('待收货 ' + c.unreceive);
      if (parts.length) text += '；后台自己的统计：' + parts.join('，');
    }
    p.textContent = text;
  }

  // A check that includes the newest capture, once the engine is free.
  function flush() {
    if (run.disabled || fed === current.version || !current.tab || !(current.tab.sns || []).length) return;
    page.run();
  }

  // On an order's detail page in the backend, the panel opens on that order (once per visit).
  function openWhere() {
    var where = current.tab && current.tab.where, state = document.getElementById('state');
    if (!where || !where.sn || opened === where.sn + '@' + current.tab.at) return;
    if (run.disabled || fed !== current.version || state.getAttribute('data-phase') !== 'done') return;
    if (page.openOrder(where.sn)) opened = where.sn + '@' + current.tab.at;
  }

  function activeTabId() {
    return chrome.tabs.query({active: true, currentWindow: true})
      .then(function (tabs) { return tabs[0] ? tabs[0].id : null; }, function () { return null; });
  }

  // The active tab's backend page, else the backend tab that loaded orders last.
  function load() {
    return activeTabId().then(function (active) {
      return chrome.storage.session.get(null).then(function (all) {
        var id = active != null && all[TAB + active] ? active : all[LATEST];
        var tab = id != null ? all[TAB + id] || null : null;
        var store = all[STORE] || null;
        // What the check depends on: the page's orders and what is known of them (not the badge).
        var sig = JSON.stringify([id, tab && tab.sns, tab && tab.where, tab && tab.counts,
          (tab && tab.sns || []).map(function (sn) { var e = store && store.orders[sn]; return e ? e.at : 0; })]);
        current.store = store;
        current.tabId = id;
        current.tab = tab;
        if (sig !== current.sig) {
          current.sig = sig;
          current.version++;
        }
        note();
        flush();
      });
    });
  }

  new MutationObserver(function () { flush(); openWhere(); })
    .observe(run, {attributes: true, attributeFilter: ['disabled']});
  new MutationObserver(openWhere).observe(document.getElementById('state'), {attributes: true, attributeFilter: ['data-phase']});
  chrome.storage.onChanged.addListener(function (changes, area) {
    if (area !== 'session') return;
    if (Object.keys(changes).some(function (k) { return k === STORE || k === LATEST || k.indexOf(TAB) === 0; })) load();
  });
  chrome.tabs.onActivated.addListener(function () { load(); });
  load();
})();
