// Keeps state.settings (rule overrides, a clock the merchant set) in local storage; says so when
// the storage is full.
import {KEY_SETTINGS, storageSet} from './storage.js';
import {storageWarn} from './status.js';
import {state} from './state.js';

export function saveSettings() {
  if (!storageSet(KEY_SETTINGS, JSON.stringify(state.settings))) storageWarn(['storageFull']);
}
