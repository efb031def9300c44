// The page's side of the worker that runs the core. ask(request) posts a request and resolves with
// the worker's answer (web/worker/main.js lists the requests). The worker is started from
//   <html data-worker-url>            the extension's side panel (its own file, MV3 allows no blob:)
//   self.LANSHOU_WORKER_SOURCE        the offline file: the worker's source inlined, run as a Blob
//                                     with self.LANSHOU_WASM_LZMA (the packed wasm, the file's last
//                                     script: the worker starts once the page has read it)
//   lanshou-worker.js                 the served site
import {t} from './i18n.js';

var worker = null, pending = {}, nextId = 1;

// handlers: ready({version, unpackMs}), failed(message), progress(stage, lines), error(message),
// other(msg): what the worker says unasked (the workspace changed, another tab, a save done)
export function startWorker(handlers) {
  var custom = document.documentElement.dataset.workerUrl;
  var url, blob = false;
  if (custom) {
    url = custom;
  } else if (typeof self.LANSHOU_WORKER_SOURCE === 'string') {
    if (self.LANSHOU_WASM_LZMA == null && document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', function () { startWorker(handlers); });
      return;
    }
    url = URL.createObjectURL(new Blob([self.LANSHOU_WORKER_SOURCE, 'var LANSHOU_WASM_LZMA="' + self.LANSHOU_WASM_LZMA + '";'],
                                       {type: 'text/javascript'}));
    blob = true;
  } else {
    url = 'lanshou-worker.js';
  }
  try {
    worker = new Worker(url);
  } catch (err) {
    if (blob) URL.revokeObjectURL(url);
    handlers.failed(err.message);
    return;
  }
  worker.onmessage = function (event) {
    var msg = event.data;
    if ('ready' in msg) {
      if (blob) URL.revokeObjectURL(url);
      if (msg.ready) handlers.ready({version: msg.version, unpackMs: msg.unpackMs});
      else handlers.failed(msg.error);
      return;
    }
    if (msg.progress) {
      handlers.progress(msg.stage, msg.lines);
      return;
    }
    if (msg.id == null) {
      handlers.other(msg);
      return;
    }
    var done = pending[msg.id];
    delete pending[msg.id];
    if (done) done(msg);
  };
  worker.onerror = function (event) {
    handlers.error(event.message);
  };
}

export function ask(request, transfer) {
  return new Promise(function (resolve, reject) {
    if (!worker) { reject(new Error(t('engineMissing'))); return; }
    var id = nextId++;
    request.id = id;
    pending[id] = function (msg) {
      if (msg.error) reject(new Error(msg.error)); else resolve(msg);
    };
    worker.postMessage(request, transfer || []);
  });
}
