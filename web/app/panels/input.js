// The input panel: the paste box, Ctrl+V anywhere on the page, files (picked, dropped or pasted),
// the samples. Exports are saved as UTF-8 (with or without BOM) or GBK/GB18030 by spreadsheets.
// A new input is checked at once ('run').
import META from 'lanshou:meta';
import {$, el} from '../dom.js';
import {kb} from '../format.js';
import {sampleText, staticText, t} from '../i18n.js';
import {openDialog} from '../modal.js';
import {setState, showFileInfo} from '../status.js';
import {emit, on, setBigBatch, setBigText, setClock, setInputSource, state} from '../state.js';

// Longer than this, a text is kept out of the box (a big textarea makes the page sluggish).
export var BIG = 200000;

export function decodeBytes(bytes) {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return {text: new TextDecoder('utf-16le').decode(bytes), encoding: 'UTF-16LE'};
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return {text: new TextDecoder('utf-16be').decode(bytes), encoding: 'UTF-16BE'};
  }
  var bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    return {text: new TextDecoder('utf-8', {fatal: true}).decode(bytes), encoding: bom ? 'bom' : 'UTF-8'};
  } catch (err) {
    return {text: new TextDecoder('gb18030').decode(bytes), encoding: 'gbk'};
  }
}
export function decode(buffer) { return decodeBytes(new Uint8Array(buffer)).text; }

// The text to check: the box's, or the big one kept out of it.
export function inputText() {
  var v = $('paste').value;
  return v === '' && state.bigText != null ? state.bigText : v;
}

export function keepOutOfBox(text) {
  setBigText(text);
  $('paste').value = '';
  renderPlaceholder();
}

// The box's hint: the example, or what is loaded but kept out of the box (the workspace's newest
// batch, restored, when too big for the box).
function renderPlaceholder() {
  var size = state.bigText != null ? state.bigText.length : state.bigBatch ? state.bigBatch.size : -1;
  $('paste').placeholder = size >= 0 ? t('bigInput', kb(size)) : staticText('pastePlaceholder');
}

// info: [message key, values...] about where the input came from; now: a sample's own clock.
export function setInput(text, info, now) {
  setClock({sampleNow: now || null, lastSampleText: now ? text : null});
  setInputSource(info && info[0] === 'fileRead' ? {source: 'file', name: info[1]} : {source: 'paste', name: ''});
  setBigBatch(null);
  if (text.length > BIG) {
    keepOutOfBox(text);
  } else {
    setBigText(null);
    renderPlaceholder();
    $('paste').value = text;
  }
  showFileInfo(info);
  // in a task of its own: handing a big input to the worker takes a while, the paste is done
  setState(['checking'], '', 'busy');
  setTimeout(function () { emit('run'); }, 0);
}

function readFile(file) {
  if (!file) return;
  if (file.size > 256 * 1024 * 1024) {
    setState(['fileTooBig', kb(file.size)], 'bad');
    return;
  }
  setState(['fileReading', file.name], '', 'busy');
  var reader = new FileReader();
  reader.onload = function () {
    var r = decodeBytes(new Uint8Array(reader.result));
    setInput(r.text, ['fileRead', file.name, kb(file.size), r.encoding]);
  };
  reader.onerror = function () { setState(['fileFailed', file.name], 'bad'); };
  reader.readAsArrayBuffer(file);
}

function isEditable(e) {
  return e && (e.tagName === 'TEXTAREA' || e.tagName === 'INPUT' || e.tagName === 'SELECT' || e.isContentEditable);
}

function renderSamples() {
  Array.prototype.forEach.call($('sample-buttons').children, function (b) {
    b.textContent = sampleText(b.getAttribute('data-sample'), 'label');
    b.title = sampleText(b.getAttribute('data-sample'), 'title');
  });
}

export function setupInput() {
  $('run').addEventListener('click', function () {
    // the sample's clock stays only while the box still holds the sample
    if (!(state.sampleNow && $('paste').value === state.lastSampleText)) setClock({sampleNow: null});
    emit('run');
  });
  $('paste').addEventListener('input', function () {
    if (state.bigText != null || state.bigBatch) { setBigText(null); setBigBatch(null); renderPlaceholder(); }
    setInputSource(null);
    showFileInfo(null);
  });
  $('file').addEventListener('change', function () {
    readFile(this.files && this.files[0]);
    this.value = '';
  });
  document.addEventListener('paste', function (e) {
    var cd = e.clipboardData, dialog = openDialog();
    if (!cd || (dialog && !dialog.contains(e.target))) return;
    if (e.target === $('paste') && !(cd.files && cd.files.length)) {
      var big = cd.getData('text/plain');
      if (big.length > BIG) { e.preventDefault(); setInput(big, ['pasted', kb(big.length)]); }
      return;
    }
    if (isEditable(e.target) || dialog) return;  // in a dialog, Ctrl+V is for its fields
    if (cd.files && cd.files.length) { e.preventDefault(); readFile(cd.files[0]); return; }
    var text = cd.getData('text/plain');
    if (!text) return;
    e.preventDefault();
    setInput(text, ['pastedPage', kb(text.length)]);
  });
  var depth = 0;
  var overlay = $('drop-overlay');
  document.addEventListener('dragenter', function (e) {
    if (!e.dataTransfer || Array.prototype.indexOf.call(e.dataTransfer.types, 'Files') < 0) return;
    depth++;
    overlay.hidden = false;
  });
  document.addEventListener('dragleave', function () { if (--depth <= 0) { depth = 0; overlay.hidden = true; } });
  document.addEventListener('dragover', function (e) { e.preventDefault(); });
  document.addEventListener('drop', function (e) {
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    var dt = e.dataTransfer;
    if (dt && dt.files && dt.files.length) readFile(dt.files[0]);
    else if (dt && dt.getData('text/plain')) setInput(dt.getData('text/plain'), ['dropped']);
  });
  var box = $('sample-buttons');
  META.samples.forEach(function (s) {
    var b = el('button', 'ghost small');
    b.type = 'button';
    b.setAttribute('data-sample', s.name);
    b.addEventListener('click', function () {
      setInput(s.text, ['sampleInfo', s.name, s.now.slice(0, 16).replace('T', ' ')], s.now);
    });
    box.appendChild(b);
  });
  renderSamples();
}

on('lang', function () {
  renderSamples();
  renderPlaceholder();
});
on('big-batch', renderPlaceholder);
on('cleared', function () {
  $('paste').value = '';
  renderPlaceholder();
  showFileInfo(null);
});
