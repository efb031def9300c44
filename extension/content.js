// Content script on the merchant backend (https://mms.pinduoduo.com/*). It adds one small button,
// "检查本页订单", and answers the context menu's request for the current selection. When relay.js
// (same world) has passed on the orders the page fetched itself, the button only opens the side
// panel, which already checks them; otherwise, the fallback, it sends the page's visible text
// (document.body.innerText). The core is not run here (the backend's CSP would refuse wasm); it
// runs in the extension's side panel and service worker. No network, no storage.
(function () {
  'use strict';
  if (document.getElementById('lanshou-helper')) return;

  // In a shadow root on <html>, not in <body>: the backend's styles cannot restyle it and
  // body.innerText does not include it.
  var host = document.createElement('div');
  host.id = 'lanshou-helper';
  var root = host.attachShadow({mode: 'open'});
  var style = document.createElement('style');
  style.textContent =
    ':host{all:initial}' +
    'button{position:fixed;right:16px;bottom:16px;z-index:2147483647;padding:8px 14px;border:0;' +
    'border-radius:18px;background:#e02e24;color:#fff;font:14px/1.4 system-ui,"Microsoft YaHei",sans-serif;' +
    'box-shadow:0 2px 8px rgba(0,0,0,.25);cursor:pointer}' +
    'button:hover{background:#c4241b}button:focus-visible{outline:3px solid #ffb400;outline-offset:2px}' +
    'button[disabled]{opacity:.7;cursor:progress}';
  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = '检查本页订单';
  button.title = '用揽收助手检查本页显示的订单（只在本机计算）';
  root.appendChild(style);
  root.appendChild(button);
  document.documentElement.appendChild(host);

  button.addEventListener('click', function () {
    var message = self.lanshouCaptured ? {type: 'lanshou:check-page', captured: true}
      : {type: 'lanshou:check-page', text: document.body ? document.body.innerText : ''};
    button.disabled = true;
    chrome.runtime.sendMessage(message, function (reply) {
      button.disabled = false;
      var failed = chrome.runtime.lastError || !reply || !reply.ok;
      // If the browser would not open the panel from here, the text waits for it: the toolbar icon opens it.
      button.textContent = failed ? '发送失败，请重试'
        : message.captured ? (reply.opened ? '已在揽收助手中检查本页订单' : '请点工具栏的揽收图标查看')
        : reply.opened ? '已发送到揽收助手' : '已发送，请点工具栏的揽收图标查看';
      setTimeout(function () { button.textContent = '检查本页订单'; }, reply && !reply.opened ? 5000 : 2000);
    });
  });

  chrome.runtime.onMessage.addListener(function (message, sender, reply) {
    if (!message || message.type !== 'lanshou:get-selection' || sender.id !== chrome.runtime.id) return false;
    var selection = window.getSelection();
    reply({text: selection ? selection.toString() : ''});
    return false;
  });
})();
