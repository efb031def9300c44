// The extension's service worker. It never runs the core and never touches the network: it takes
// text from the context menu or from the backend page's button, puts it in storage.session (memory
// only, this browser only) and opens the side panel, whose sidepanel-bridge.js checks it there.
'use strict';

const MENU_ID = 'lanshou-check-selection';
const PENDING = 'lanshouPending';  // {id, source: 'selection'|'page', text, title, at}
const BACKEND = 'https://mms.pinduoduo.com/';

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

// The "检查本页订单" button: only our own content script on the backend may send page text.
async function onPageText(message, sender) {
  if (!sender || sender.id !== chrome.runtime.id || !sender.tab ||
      !String(sender.url || '').startsWith(BACKEND)) {
    throw new Error('not from the backend page');
  }
  const opening = openPanel(sender.tab);
  const item = await deliver('page', message.text, sender.tab.title);
  return {item, opened: await opening};
}

chrome.contextMenus.onClicked.addListener((info, tab) => { onContextMenu(info, tab); });

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (!message || message.type !== 'lanshou:check-page') return false;
  onPageText(message, sender).then(({item, opened}) => reply({ok: true, id: item.id, opened}),
                                   (err) => reply({ok: false, error: String(err.message || err)}));
  return true;  // replies asynchronously
});

// For the browser tests, which call the handlers through the service worker.
self.lanshouBackground = {MENU_ID, PENDING, onContextMenu, onPageText};
