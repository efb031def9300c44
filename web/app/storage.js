// What the page keeps in the browser's local storage until the merchant clears it: the last input,
// the settings (rule overrides, a set clock) and the language.
export var KEY_INPUT = 'lanshou.input', KEY_SETTINGS = 'lanshou.settings', KEY_LANG = 'lanshou.lang';
// Chrome and Firefox keep 5 MiB (in UTF-16 code units) per origin: a bigger input is not even tried.
export var STORAGE_MAX = 5 * 1024 * 1024 - 64;

export function storageGet(key) {
  try { return localStorage.getItem(key); } catch (e) { return null; }
}
export function storageSet(key, value) {
  try {
    localStorage.setItem(key, value);
    return true;
  } catch (e) {
    try { localStorage.removeItem(key); } catch (e2) { /* ignore */ }
    return false;
  }
}
export function storageRemove(key) {
  try { localStorage.removeItem(key); } catch (e) { /* nothing stored */ }
}

export function loadSettings() {
  var settings = {rules: {}, now: null, mode: null, shop: '', remind: false, remindMinutes: 60};
  try {
    var saved = JSON.parse(storageGet(KEY_SETTINGS) || 'null');
    if (saved && typeof saved === 'object') {
      if (saved.rules && typeof saved.rules === 'object') settings.rules = saved.rules;
      if (typeof saved.now === 'string') settings.now = saved.now;
      if (saved.mode === 'merge' || saved.mode === 'replace') settings.mode = saved.mode;
      if (typeof saved.shop === 'string') settings.shop = saved.shop.slice(0, 40);
      settings.remind = saved.remind === true;
      var m = Number(saved.remindMinutes);
      if (m >= 1 && m <= 1440) settings.remindMinutes = Math.round(m);
    }
  } catch (e) { /* start fresh */ }
  return settings;
}

// ?lang=en|zh for one visit; else the switch as remembered.
export function loadLang() {
  var p = new URLSearchParams(location.search).get('lang');
  if (p === 'en' || p === 'zh') return p;
  return storageGet(KEY_LANG) === 'en' ? 'en' : 'zh';
}
