// Runs in the merchant backend's own world ("world": "MAIN", document_start, with capture.js),
// before the page's scripts. It watches the answers to the few requests the page itself makes for
// its order list, order detail, logistics trace and quick-filter counts (capture.js ENDPOINTS),
// and never makes, changes or delays one:
//  - fetch: the page gets the very promise the browser's fetch returned; a clone of the response
//    is read (the body is teed, so the page reads the same bytes at the same pace);
//  - XMLHttpRequest: open() and send() are wrapped on the prototype only to note the URL and to
//    add one 'loadend' listener, which keeps a reference to the text it can read anyway.
// Reading the JSON and dropping everything but the allow-listed fields happens in a later task
// (setTimeout), never inside the page's own callbacks, and buyer names, phones and addresses are
// dropped here, in the page, before the rest is handed to relay.js as a CustomEvent.
(function () {
  'use strict';
  // capture.js, in the same private scope (scripts/build-extension.mjs).
  var C = (typeof LANSHOU_SCOPE !== 'undefined' ? LANSHOU_SCOPE : self).LanshouCapture;
  if (!C) return;

  // The page's scripts come after this one: take the built-ins now, as they are.
  var later = self.setTimeout, dispatch = EventTarget.prototype.dispatchEvent, CE = self.CustomEvent;
  var stringify = JSON.stringify, doc = document, loc = location;
  var noop = function () {};

  function hand(kind, body, url, sent) {
    later(function () {
      var rec = null;
      try { rec = C.sanitize(kind, body, url, sent, loc.href); } catch (e) { rec = null; }
      if (rec) dispatch.call(doc, new CE(C.EVENT, {detail: stringify(rec)}));
    }, 0);
  }

  function kindOf(url) {
    try { return C.kindOf(url, loc.href); } catch (e) { return null; }
  }

  var fetch0 = self.fetch;
  if (typeof fetch0 === 'function') {
    var wrapped = function fetch(input, init) {
      var p = fetch0.apply(this, arguments);
      var kind = kindOf(input && typeof input === 'object' && 'url' in input ? input.url : input);
      if (kind) {
        var sent = init && typeof init.body === 'string' ? init.body : null;
        // Registered before the page can register anything on p: the clone is taken before the
        // page can start reading the body.
        p.then(function (res) {
          var copy;
          try { copy = res.ok ? res.clone() : null; } catch (e) { copy = null; }
          if (copy) copy.text().then(function (text) { hand(kind, text, res.url, sent); }, noop);
        }, noop);
      }
      return p;
    };
    self.fetch = wrapped;
  }

  var XHR = self.XMLHttpRequest;
  if (typeof XHR === 'function') {
    var proto = XHR.prototype, open0 = proto.open, send0 = proto.send;
    var noted = new WeakMap();
    proto.open = function open(method, url) {
      var kind = kindOf(url);
      if (kind) noted.set(this, {kind: kind, url: String(url)}); else noted.delete(this);
      return open0.apply(this, arguments);
    };
    proto.send = function send(body) {
      var note = noted.get(this);
      if (note) {
        var xhr = this, sent = typeof body === 'string' ? body : null;
        xhr.addEventListener('loadend', function () {
          if (xhr.status < 200 || xhr.status >= 300) return;
          var type = xhr.responseType;
          if (type === '' || type === 'text') hand(note.kind, xhr.responseText, xhr.responseURL || note.url, sent);
          else if (type === 'json') later(function () { hand(note.kind, xhr.response, xhr.responseURL || note.url, sent); }, 0);
        }, {once: true});  // a reused XHR gets a listener per send()
      }
      return send0.apply(this, arguments);
    };
  }
})();
