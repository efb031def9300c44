// The workspace on disk: the IndexedDB database "lanshou-workspace" of the page's origin (the
// offline file's is file://, shared by local pages; the extension's is its own). Opened and written
// only here, in the worker: the page never waits on it.
//   meta     'workspace': {schema, rev, created, updated}; 'snapshot': the last check's orders;
//            'result': the last check's compact result (shown at the next start while it is
//            checked again)
//   batches  {id (auto), at, shop, source, name, text}: every paste, file or extension batch, as is
//   marks    {key, bits, note, at}: what the merchant did about an order (key: order_sn, or 't:' +
//            tracking_no for an order without one)
//   history  {id (auto), at, batch, reason, keys, kinds, from, to}: what changed at one check
//   aside    {id (auto), at, reason, data}: what could not be read or was replaced, kept for the
//            merchant to download; never dropped but by "清除本地数据"
// A store written by a newer lanshou (meta.schema above SCHEMA) is left untouched and the page works
// without saving; one that is damaged or of another layout is moved into `aside` and a fresh
// workspace starts. Either is reported to the page.
var NAME = 'lanshou-workspace';
export var SCHEMA = 1;
var STORES = ['meta', 'batches', 'marks', 'history', 'aside'];
var AUTO = {batches: true, history: true, aside: true};
var KEYPATH = {batches: 'id', marks: 'key', history: 'id', aside: 'id'};

export function req(r) {
  return new Promise(function (resolve, reject) {
    r.onsuccess = function () { resolve(r.result); };
    r.onerror = function () { reject(r.error); };
  });
}
export function done(tx) {
  return new Promise(function (resolve, reject) {
    tx.oncomplete = function () { resolve(); };
    tx.onerror = function () { reject(tx.error); };
    tx.onabort = function () { reject(tx.error || new Error('transaction aborted')); };
  });
}

function createStores(db) {
  STORES.forEach(function (name) {
    if (db.objectStoreNames.contains(name)) return;
    var o = {};
    if (KEYPATH[name]) o.keyPath = KEYPATH[name];
    if (AUTO[name]) o.autoIncrement = true;
    db.createObjectStore(name, o);
  });
}

function open(version, upgrade) {
  return new Promise(function (resolve, reject) {
    var r = version ? indexedDB.open(NAME, version) : indexedDB.open(NAME);
    r.onupgradeneeded = function () { upgrade(r.result, r.transaction, r); };
    r.onsuccess = function () { resolve(r.result); };
    r.onerror = function () { reject(r.error); };
    r.onblocked = function () { /* another tab holds an older connection: it closes on versionchange */ };
  });
}

// Every record of every store of the transaction's scope: {storeName: [records]}.
function dumpAll(tx, names) {
  var data = {};
  return Promise.all(names.map(function (name) {
    return req(tx.objectStore(name).getAll()).then(function (rows) { data[name] = rows; });
  })).then(function () { return data; });
}

// Our stores that are missing or made otherwise, and stores that are not ours (another layout
// under our name).
function wrongStores(db) {
  var names = Array.prototype.slice.call(db.objectStoreNames);
  var ours = names.filter(function (n) { return STORES.indexOf(n) >= 0; });
  var wrong = names.filter(function (n) { return STORES.indexOf(n) < 0; });
  if (ours.length) {
    var tx = db.transaction(ours, 'readonly');
    ours.forEach(function (n) {
      var st = tx.objectStore(n);
      if ((st.keyPath || null) !== (KEYPATH[n] || null) || !!st.autoIncrement !== !!AUTO[n]) wrong.push(n);
    });
  }
  return {wrong: wrong, missing: STORES.filter(function (n) { return names.indexOf(n) < 0; })};
}

// In a version upgrade: the wrong stores' records are read, the stores deleted and made again our
// way, and the records kept in `aside`.
function rebuild(db, tx, wrong) {
  if (!wrong.length) { createStores(db); return; }
  var data = {};
  wrong.forEach(function (n) {
    var r = tx.objectStore(n).getAll();
    r.onsuccess = function () { data[n] = r.result; };
  });
  // Requests complete in order: this one after every getAll above.
  tx.objectStore(wrong[wrong.length - 1]).count().onsuccess = function () {
    wrong.forEach(function (n) { db.deleteObjectStore(n); });
    createStores(db);
    tx.objectStore('aside').add({at: Date.now(), reason: 'layout', data: data});
  };
}

// Opens the workspace. Resolves {db, problem}: db null when it must not be written (problem
// 'newer': a newer lanshou's store; 'unavailable': no IndexedDB, 'failed': it would not open);
// problem 'aside' when old or damaged data was moved aside and a fresh workspace started.
// onClosed(): another page deleted or upgraded the database; this connection is closed (the
// caller opens it again when it next needs it).
export function openStore(onClosed) {
  if (typeof indexedDB === 'undefined') return Promise.resolve({db: null, problem: {code: 'unavailable'}});
  var moved = false;
  return open(0, createStores).then(function (db) {
    var check = wrongStores(db);
    if (!check.wrong.length && !check.missing.length) return db;
    moved = check.wrong.length > 0;
    var version = db.version + 1;
    db.close();
    return open(version, function (up, tx) { rebuild(up, tx, check.wrong); });
  }).then(function (db) {
    db.onversionchange = function () { db.close(); onClosed(); };  // another page upgrading or deleting: let it
    var tx = db.transaction(STORES, 'readwrite');
    var checked = req(tx.objectStore('meta').get('workspace')).then(function (meta) {
      if (meta && typeof meta.schema === 'number' && meta.schema > SCHEMA) {
        tx.abort();
        return {newer: meta.schema};
      }
      if (meta && meta.schema === SCHEMA && typeof meta.rev === 'number') return {};
      // No workspace record, or one of another schema: whatever is there goes aside.
      return dumpAll(tx, ['meta', 'batches', 'marks', 'history']).then(function (data) {
        var any = Object.keys(data).some(function (n) { return data[n].length; });
        if (any) tx.objectStore('aside').add({at: Date.now(), reason: meta ? 'schema ' + meta.schema : 'no workspace record', data: data});
        ['meta', 'batches', 'marks', 'history'].forEach(function (n) { tx.objectStore(n).clear(); });
        tx.objectStore('meta').put({schema: SCHEMA, rev: 0, created: Date.now(), updated: Date.now()}, 'workspace');
        return {moved: any};
      });
    });
    return Promise.all([checked, done(tx).catch(function (err) { return err; })]).then(function (r) {
      if (r[0].newer) {
        db.close();
        return {db: null, problem: {code: 'newer', schema: r[0].newer}};
      }
      if (r[1]) throw r[1];
      return {db: db, problem: moved || r[0].moved ? {code: 'aside'} : null};
    });
  }).catch(function (err) {
    return {db: null, problem: {code: 'failed', message: String((err && err.message) || err)}};
  });
}

function isBatch(b) {
  return b && typeof b.id === 'number' && typeof b.text === 'string' && typeof b.at === 'number';
}
function isMark(m) {
  return m && typeof m.key === 'string' && typeof m.bits === 'number' && (m.note == null || typeof m.note === 'string');
}

// Everything the worker keeps in memory: {rev, batches, marks (Map), snapshot}. Records that do not
// read as what they should be are moved aside (reported as problem 'aside').
export function readAll(db) {
  var tx = db.transaction(['meta', 'batches', 'marks', 'aside'], 'readwrite');
  var out = {rev: 0, batches: [], marks: new Map(), snapshot: null, result: null, setAside: 0};
  var bad = {batches: [], marks: []};
  return Promise.all([
    req(tx.objectStore('meta').get('workspace')).then(function (m) { out.rev = m ? m.rev : 0; }),
    req(tx.objectStore('meta').get('snapshot')).then(function (s) { out.snapshot = s || null; }),
    req(tx.objectStore('meta').get('result')).then(function (r) { out.result = r || null; }),
    req(tx.objectStore('batches').getAll()).then(function (rows) {
      rows.forEach(function (b) { if (isBatch(b)) out.batches.push(b); else bad.batches.push(b); });
    }),
    req(tx.objectStore('marks').getAll()).then(function (rows) {
      rows.forEach(function (m) { if (isMark(m)) out.marks.set(m.key, m); else bad.marks.push(m); });
    }),
  ]).then(function () {
    if (bad.batches.length || bad.marks.length) {
      tx.objectStore('aside').add({at: Date.now(), reason: 'records', data: bad});
      bad.batches.forEach(function (b) { if (b && b.id != null) tx.objectStore('batches').delete(b.id); });
      bad.marks.forEach(function (m) { if (m && m.key != null) tx.objectStore('marks').delete(m.key); });
      out.setAside = bad.batches.length + bad.marks.length;
    }
    out.batches.sort(function (a, b) { return a.id - b.id; });
    return done(tx).then(function () { return out; });
  });
}

function bump(tx, fn) {
  var metaStore = tx.objectStore('meta');
  return req(metaStore.get('workspace')).then(function (m) {
    m = m || {schema: SCHEMA, rev: 0, created: Date.now()};
    m.rev += 1;
    m.updated = Date.now();
    if (fn) fn(m);
    metaStore.put(m, 'workspace');
    return m.rev;
  });
}

// Before a batch is added (the workspace's lock held): the stored revision, and the stored batches
// when it is not `known` (another tab changed them since this worker read them), else null.
export function batchesSince(db, known) {
  var tx = db.transaction(['meta', 'batches'], 'readonly');
  return req(tx.objectStore('meta').get('workspace')).then(function (m) {
    var stored = m ? m.rev : 0;
    if (stored === known) return {rev: stored, batches: null};
    return req(tx.objectStore('batches').getAll()).then(function (rows) {
      return {rev: stored, batches: rows.filter(isBatch).sort(function (a, b) { return a.id - b.id; })};
    });
  });
}

// Writes a batch (replace: instead of all the others) and a new revision, in one transaction,
// committed at once. Resolves the new revision once it is on disk.
export function writeBatch(db, batch, replace) {
  var tx = db.transaction(['meta', 'batches'], 'readwrite');
  var batchStore = tx.objectStore('batches');
  if (replace) batchStore.clear();
  batchStore.put(batch);
  var rev = bump(tx);
  if (tx.commit) rev.then(function () { tx.commit(); });
  return Promise.all([rev, done(tx)]).then(function (r) { return r[0]; });
}

// The batches as stored now (another tab's writes included), and the revision.
export function readBatches(db) {
  var tx = db.transaction(['meta', 'batches'], 'readonly');
  return Promise.all([req(tx.objectStore('meta').get('workspace')), req(tx.objectStore('batches').getAll())])
    .then(function (r) { return {rev: r[0] ? r[0].rev : 0, batches: r[1].filter(isBatch).sort(function (a, b) { return a.id - b.id; })}; });
}

// One order's marks changed: bits set, bits cleared, note (undefined: unchanged), applied to what is
// stored now, in one transaction, so that two tabs marking the same order keep both changes.
export function updateMark(db, key, set, clear, note) {
  var tx = db.transaction('marks', 'readwrite'), store = tx.objectStore('marks'), result = null;
  req(store.get(key)).then(function (m) {
    m = isMark(m) ? m : {key: key, bits: 0, note: ''};
    m.bits = (m.bits | set) & ~clear;
    if (note !== undefined) m.note = note;
    m.at = Date.now();
    result = m;
    if (!m.bits && !m.note) store.delete(key); else store.put(m);
  });
  return done(tx).then(function () { return result; });
}

export function readMarks(db, keys) {
  var tx = db.transaction('marks', 'readonly'), store = tx.objectStore('marks');
  return Promise.all(keys.map(function (k) { return req(store.get(k)); })).then(function (rows) {
    return rows.map(function (m, i) { return isMark(m) ? m : {key: keys[i], bits: 0, note: ''}; });
  });
}

// The last check's orders, what changed at it (when anything did), and its compact result.
export function saveCheck(db, snapshot, history, result) {
  var tx = db.transaction(['meta', 'history'], 'readwrite');
  tx.objectStore('meta').put(snapshot, 'snapshot');
  if (result) tx.objectStore('meta').put(result, 'result');
  if (history) tx.objectStore('history').add(history);
  return done(tx);
}

// Every history record that mentions the key: [{at, batch, reason, kind, from, to}].
export function historyOf(db, key) {
  var tx = db.transaction('history', 'readonly'), out = [];
  return req(tx.objectStore('history').getAll()).then(function (rows) {
    rows.forEach(function (h) {
      var keys = h.keys || [];
      for (var i = keys.indexOf(key); i >= 0; i = keys.indexOf(key, i + 1)) {
        out.push({at: h.at, batch: h.batch, reason: h.reason, kind: h.kinds[i], from: h.from[i], to: h.to[i]});
      }
    });
    return out;
  });
}

// Empties the workspace (batches, marks, history, the snapshot); `aside` too when all is true.
export function clearStore(db, all) {
  var names = ['meta', 'batches', 'marks', 'history'].concat(all ? ['aside'] : []);
  var tx = db.transaction(names, 'readwrite');
  ['batches', 'marks', 'history'].concat(all ? ['aside'] : []).forEach(function (n) { tx.objectStore(n).clear(); });
  tx.objectStore('meta').delete('snapshot');
  tx.objectStore('meta').delete('result');
  bump(tx);
  return done(tx);
}

// The whole workspace as one object (backup), and what was kept aside.
export function dump(db) {
  var tx = db.transaction(STORES, 'readonly');
  return dumpAll(tx, STORES).then(function (data) {
    var meta = {};
    // the meta store's records have out-of-line keys: read them by name
    return Promise.all(['workspace', 'snapshot'].map(function (k) {
      return req(tx.objectStore('meta').get(k)).then(function (v) { if (v) meta[k] = v; });
    })).then(function () { data.meta = meta; return data; });
  });
}

// Replaces the workspace with a backup's (the current one is kept aside first).
export function load(db, backup) {
  return dump(db).then(function (current) {
    var tx = db.transaction(STORES, 'readwrite');
    delete current.aside;
    if (current.batches.length || current.marks.length) {
      tx.objectStore('aside').add({at: Date.now(), reason: 'replaced by a backup', data: current});
    }
    ['batches', 'marks', 'history'].forEach(function (n) {
      var store = tx.objectStore(n);
      store.clear();
      (backup[n] || []).forEach(function (r) { store.put(r); });
    });
    tx.objectStore('meta').delete('snapshot');
    tx.objectStore('meta').delete('result');
    if (backup.snapshot) tx.objectStore('meta').put(backup.snapshot, 'snapshot');
    bump(tx);
    return done(tx);
  });
}

export function readAside(db) {
  var tx = db.transaction('aside', 'readonly');
  return req(tx.objectStore('aside').getAll());
}
