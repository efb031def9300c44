// Worker glue, appended after lanshou.js (which defines createLanshou) into the worker source.
// Message in: {id, text, options} (options: the options JSON string).
// Message out: {id, json} with the result document, or {id, error} with a message.
'use strict';
var lanshouReady = createLanshou();

lanshouReady.then(
  function (module) { postMessage({ready: true, version: module.version()}); },
  function (err) { postMessage({ready: false, error: String((err && err.message) || err)}); });

onmessage = function (event) {
  var request = event.data;
  lanshouReady.then(function (module) {
    var json;
    try {
      json = module.check(request.text, request.options);
    } catch (err) {
      postMessage({id: request.id, error: String((err && err.message) || err)});
      return;
    }
    postMessage({id: request.id, json: json});
  }, function (err) {
    postMessage({id: request.id, error: String((err && err.message) || err)});
  });
};
