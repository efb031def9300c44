// The extension's service worker. It never touches the network. It
//  - takes text from the context menu or from the backend page's button, puts it in
//    storage.session (memory only, this browser only) and opens the side panel, whose
//    sidepanel-bridge.js checks it there;
//  - keeps what relay.js captured from the backend's own JSON (allow-listed fields only, see
//    capture.js) in storage.session: the orders by number, and per tab the orders its page shows;
//  - counts on the toolbar badge the orders of that page that are overdue or due within the
//    due-soon hours, from the core's own decisions: the core (lanshou-worker.js, the side panel's
//    worker file) runs here, in the extension's own context under its CSP ('wasm-unsafe-eval'),
//    so the badge is right while the side panel is closed, without an offscreen document (whose
//    permission the extension does not ask for) and never in the backend's page (whose CSP
//    governs a content script's wasm).
'use strict';

importScripts('capture.js');
const C = self.LanshouCapture;

const MENU_ID = 'lanshou-check-selection';
const PENDING = 'lanshouPending';  // {id, source: 'selection'|'page', text, title, at}
const STORE = 'lanshouStore';      // {orders: {order_sn: {list, detail, trace, at}}}
const TAB = 'lanshouTab:';         // + tab id: {sns, where, counts, at, badge}
const LATEST = 'lanshouLatestTab'; // the tab that captured last
const OPTIONS = 'lanshouOptions';  // the side panel's check options (its rules and clock), a JSON string
const BACKEND = 'https://mms.pinduoduo.com/';
const RED = '#d93025', AMBER = '#e37400';

// --- the core, as the side panel's worker file, driven through its own message protocol -------
// lanshou-worker.js is written for a dedicated worker: it answers with postMessage and listens
// with onmessage. Here postMessage is ours and onmessage is taken back after the import.
const core = (() => {
  const waiting = new Map(), started = performance.now();
  let next = 1, handler = null, ready, startMs = null;
  const readyPromise = new Promise((resolve) => { ready = resolve; });
  self.postMessage = (msg) => {
    if (!msg || msg.progress) return;
    if ('ready' in msg) {
      startMs = Math.round(performance.now() - started);
      ready(msg.ready ? null : String(msg.error));
      return;
    }
    const done = waiting.get(msg.id);
    if (done) { waiting.delete(msg.id); done(msg); }
  };
  try {
    importScripts('lanshou-worker.js');
    handler = self.onmessage;
  } catch (err) {
    ready(String(err && err.message || err));
  }
  self.onmessage = null;
  return {
    failed: () => readyPromise,
    startMs: () => startMs,  // from loading the worker file to the core being ready
    ask: (request) => new Promise((resolve, reject) => {
      if (!handler) { reject(new Error('no core')); return; }
      const id = next++;
      waiting.set(id, (msg) => (msg.error ? reject(new Error(msg.error)) : resolve(msg)));
      handler({data: Object.assign({}, request, {id})});
    }),
  };
})();

// One thing at a time: captures, badge counts and tab changes read and write the same keys, and
// the core keeps one result at a time.
let queue = Promise.resolve();
function serial(job) {
  const run = queue.then(job);
  queue = run.catch(() => {});
  return run;
}

chrome.runtime.onInstalled.addListener(() => {
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({id: MENU_ID, title: '用揽收助手检查所选内容', contexts: ['selection']});
  });
});

// The toolbar icon opens the panel too.
chrome.sidePanel.setPanelBehavior({openPanelOnActionClick: true}).catch(() => {});

// Called first, before any await: sidePanel.open() needs the user's click to still count.
// A panel that cannot open (no gesture, no tab) is not an error: an open panel still gets the text.
function openPanel(tab) {
  if (!tab || typeof tab.id !== 'number' || tab.id < 0) return Promise.resolve(false);
  return chrome.sidePanel.open({tabId: tab.id}).then(() => true, () => false);
}

async function deliver(source, text, title) {
  const item = {id: crypto.randomUUID(), source, text: String(text || ''), title: String(title || ''), at: Date.now()};
  await chrome.storage.session.set({[PENDING]: item});
  return item;
}

// Context menu: selectionText loses the line breaks between rows, so on the backend (where our
// content script runs) ask the page for the selection as the user sees it, rows intact.
async function onContextMenu(info, tab) {
  if (!info || info.menuItemId !== MENU_ID) return null;
  const opening = openPanel(tab);
  let text = info.selectionText || '';
  if (tab && typeof tab.id === 'number' && tab.id >= 0 && String(tab.url || '').startsWith(BACKEND)) {
    try {
      const reply = await chrome.tabs.sendMessage(tab.id, {type: 'lanshou:get-selection'},
                                                  {frameId: info.frameId || 0});
      if (reply && typeof reply.text === 'string' && reply.text.trim()) text = reply.text;
    } catch (err) {
      // No content script in that frame: keep the menu's own selectionText.
    }
  }
  const item = await deliver('selection', text, tab && tab.title);
  await opening;
  return item;
}

function fromBackend(sender) {
  return sender && sender.id === chrome.runtime.id && sender.tab && typeof sender.tab.id === 'number' &&
         String(sender.url || '').startsWith(BACKEND);
}

// The "检查本页订单" button: only our own content script on the backend may send page text. When
// the page's own JSON was captured, the panel checks that and the page's text is not sent at all.
async function onPageText(message, sender) {
  if (!fromBackend(sender)) throw new Error('not from the backend page');
  const opening = openPanel(sender.tab);
  if (message.captured) {
    await chrome.storage.session.set({[LATEST]: sender.tab.id});
    return {item: null, opened: await opening};
  }
  const item = await deliver('page', message.text, sender.tab.title);
  return {item, opened: await opening};
}

// --- what the page fetched by itself -----------------------------------------------------
async function readState(tabId) {
  const key = TAB + tabId;
  const got = await chrome.storage.session.get([STORE, key, OPTIONS]);
  return {store: got[STORE] || {orders: {}}, tab: got[key] || {sns: []}, options: got[OPTIONS] || null};
}

function onCaptured(message, sender) {
  if (!fromBackend(sender)) return Promise.reject(new Error('not from the backend page'));
  const rec = C.resanitize(message.record, sender.url);
  if (!rec) return Promise.resolve(null);
  const tabId = sender.tab.id;
  return serial(async () => {
    const {store, tab, options} = await readState(tabId);
    const touched = C.absorb(store, tab, rec, Date.now());
    await chrome.storage.session.set({[STORE]: store, [TAB + tabId]: tab, [LATEST]: tabId});
    // This tab, and any other tab whose page shows an order that just changed.
    const all = await chrome.storage.session.get(null);
    const tabs = Object.keys(all).filter((k) => k.startsWith(TAB)).map((k) => Number(k.slice(TAB.length)))
      .filter((id) => id === tabId || (all[TAB + id].sns || []).some((sn) => touched.includes(sn)));
    for (const id of tabs) await countBadge(id, store, id === tabId ? tab : all[TAB + id], options);
    return tab.badge || null;
  });
}

let dueSoonHours = null;  // {options, hours}: the due-soon hours the core uses with these options
async function dueSoon(options) {
  if (!dueSoonHours || dueSoonHours.options !== options) {
    try {
      const msg = await core.ask({type: 'rules', options: options || '{}'});
      const v = JSON.parse(msg.json).values.due_soon_hours;
      dueSoonHours = {options, hours: v && typeof v.value === 'number' ? v.value : null};
    } catch (err) {
      dueSoonHours = {options, hours: null};
    }
  }
  return dueSoonHours.hours;
}

// The badge of one tab: how many of the orders its page shows are overdue or due soon, as the core
// decides them (its 'group:urgent' and 'group:overdue', the side panel's own filters), from the
// same input the side panel checks (capture.js toInput: the backend's list JSON and the traces).
async function countBadge(tabId, store, tab, options) {
  const text = C.toInput(store, tab.sns);
  let badge = {orders: 0, urgent: 0, overdue: 0, hours: null, error: null};
  if (text) {
    try {
      const opts = Object.assign(JSON.parse(options || '{}'), {max_input_mb: 64});
      const checked = await core.ask({type: 'check', text, options: JSON.stringify(opts), filter: {status: 'group:urgent'}});
      const overdue = await core.ask({type: 'view', gen: checked.compact.gen, filter: {status: 'group:overdue'}});
      badge = {orders: checked.compact.count, urgent: checked.compact.view.length,
               overdue: overdue.stale ? 0 : overdue.view.length, hours: await dueSoon(options), error: null};
    } catch (err) {
      badge.error = String(err && err.message || err);
    }
  }
  tab.badge = badge;
  await chrome.storage.session.set({[TAB + tabId]: tab});
  await showBadge(tabId, badge);
}

function badgeTitle(b) {
  if (b.error) return `揽收助手：本页订单没能检查（${b.error}）`;
  if (!b.orders) return '打开揽收助手';
  const soon = b.hours != null ? `${b.hours} 小时内到期` : '即将到期';
  if (!b.urgent) return `揽收助手：本页 ${b.orders} 单，没有已超时或${soon}的订单`;
  return `揽收助手：本页 ${b.orders} 单中 ${b.urgent} 单已超时或${soon}（已超时 ${b.overdue} 单）。点开查看`;
}

async function showBadge(tabId, b) {
  try {
    await chrome.action.setBadgeText({tabId, text: b.urgent ? String(b.urgent) : ''});
    await chrome.action.setBadgeBackgroundColor({tabId, color: b.overdue ? RED : AMBER});
    await chrome.action.setTitle({tabId, title: badgeTitle(b)});
  } catch (err) {
    // The tab closed meanwhile.
  }
}

// The panel's rules or clock changed: every tab's count again.
chrome.storage.onChanged.addListener((changes, area) => {
  if (area !== 'session' || !changes[OPTIONS]) return;
  serial(async () => {
    const all = await chrome.storage.session.get(null);
    for (const key of Object.keys(all).filter((k) => k.startsWith(TAB))) {
      await countBadge(Number(key.slice(TAB.length)), all[STORE] || {orders: {}}, all[key], all[OPTIONS] || null);
    }
  });
});

function forgetTab(tabId) {
  return serial(async () => {
    await chrome.storage.session.remove(TAB + tabId);
    const got = await chrome.storage.session.get(LATEST);
    if (got[LATEST] === tabId) await chrome.storage.session.remove(LATEST);
  });
}
chrome.tabs.onRemoved.addListener((tabId) => { forgetTab(tabId); });
// A tab that leaves the backend (its URL is hidden from the extension then) keeps no count.
chrome.tabs.onUpdated.addListener((tabId, info, tab) => {
  if (info.status === 'loading' && !String((tab && tab.url) || '').startsWith(BACKEND)) {
    forgetTab(tabId).then(() => showBadge(tabId, {orders: 0, urgent: 0, overdue: 0}));
  }
});

chrome.contextMenus.onClicked.addListener((info, tab) => { onContextMenu(info, tab); });

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (!message) return false;
  if (message.type === 'lanshou:captured') {
    onCaptured(message, sender).then((badge) => reply({ok: true, badge}),
                                     (err) => reply({ok: false, error: String(err.message || err)}));
    return true;
  }
  if (message.type !== 'lanshou:check-page') return false;
  onPageText(message, sender).then(({item, opened}) => reply({ok: true, id: item && item.id, opened}),
                                   (err) => reply({ok: false, error: String(err.message || err)}));
  return true;  // replies asynchronously
});

// For the browser tests, which call the handlers through the service worker.
self.lanshouBackground = {MENU_ID, PENDING, STORE, TAB, LATEST, OPTIONS, onContextMenu, onPageText, onCaptured,
                          core, badgeTitle};
