// Content script (the extension's isolated world, document_start, with capture.js) on the
// merchant backend. page-hook.js, in the page's own world, hands over what it took from the
// page's JSON as a CustomEvent; this script applies the same allow-list again (anything in the
// page's world could dispatch that event) and passes the record to the service worker. It makes
// no request and stores nothing.
(function () {
  'use strict';
  // capture.js, in the same private scope (scripts/build-extension.mjs).
  var C = (typeof LANSHOU_SCOPE !== 'undefined' ? LANSHOU_SCOPE : self).LanshouCapture;
  if (!C) return;
  document.addEventListener(C.EVENT, function (event) {
    var rec = null;
    try {
      rec = C.resanitize(typeof event.detail === 'string' ? JSON.parse(event.detail) : null, location.href);
    } catch (e) {
      rec = null;
    }
    if (!rec) return;
    try {
      chrome.runtime.sendMessage({type: 'lanshou:captured', record: rec}).catch(function () { /* extension reloading */ });
      // content.js (same world): the button "检查本页订单" need not send the page's text now.
      if (rec.kind === 'list' || rec.kind === 'detail') self.lanshouCaptured = true;
    } catch (e) {
      // The extension was updated or removed while the page stayed open.
    }
  });
})();
