// The side panel is the site's own page (sidepanel.html is build/site/index.html with the worker
// loaded from the extension, see scripts/build-extension.mjs). This bridge feeds it text that the
// background put in storage.session - a selection or a backend page - through the page's stable
// hooks: it fills textarea#paste and clicks button#run once the engine is ready.
(function () {
  'use strict';
  var PENDING = 'lanshouPending';
  var SOURCES = {selection: '所选内容', page: '本页订单'};
  var paste = document.getElementById('paste');
  var run = document.getElementById('run');
  var seen = null;     // id of the last item taken
  var waiting = null;  // the newest item not yet run

  function note(item) {
    var p = document.getElementById('lanshou-source');
    if (!p) {
      p = document.createElement('p');
      p.id = 'lanshou-source';
      p.className = 'note';
      paste.parentNode.insertBefore(p, paste);
    }
    p.textContent = '来自' + (SOURCES[item.source] || '扩展') + (item.title ? '：' + item.title : '');
  }

  function flush() {
    if (!waiting || run.disabled) return;
    var item = waiting;
    waiting = null;
    paste.value = item.text;
    paste.dispatchEvent(new Event('input', {bubbles: true}));
    run.click();
  }

  function take(item) {
    if (!item || typeof item.text !== 'string' || item.id === seen) return;
    seen = item.id;
    waiting = item;
    note(item);
    flush();
  }

  // #run is disabled while the engine loads and while a check runs.
  new MutationObserver(flush).observe(run, {attributes: true, attributeFilter: ['disabled']});
  chrome.storage.onChanged.addListener(function (changes, area) {
    if (area === 'session' && changes[PENDING]) take(changes[PENDING].newValue);
  });
  chrome.storage.session.get(PENDING).then(function (items) { take(items[PENDING]); });
})();
