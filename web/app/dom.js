// Small helpers to make elements. Every value from the paste or the core is written with
// textContent (or an attribute), never as HTML.
import {t} from './i18n.js';
import {state} from './state.js';
import {statusOf} from './vocab.js';

export function $(id) { return document.getElementById(id); }

export function el(tag, className, text) {
  var e = document.createElement(tag);
  if (className) e.className = className;
  if (text != null) e.textContent = String(text);
  return e;
}

// Text from the core or the rule data is Chinese whatever the page's language: marked as such
// for screen readers; the page's own words inside such a block say the page's language.
export function zh(e) { e.lang = 'zh-CN'; return e; }
export function ui(e) { e.lang = state.lang === 'en' ? 'en' : 'zh-CN'; return e; }

var SVGNS = 'http://www.w3.org/2000/svg';
export function svg(tag, attrs, text) {
  var e = document.createElementNS(SVGNS, tag);
  Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
  if (text != null) e.textContent = String(text);
  return e;
}

export function option(select, value, text) {
  var o = el('option', '', text);
  o.value = value;
  select.appendChild(o);
}

// A status as a coloured chip (text: the core's own wording instead of the page's label).
export function chip(code, text) {
  var s = statusOf(code);
  var c = el('span', 'chip tone-' + s[1], text || s[0]);
  c.setAttribute('data-code', String(code));
  return c;
}

export function copyText(text, button) {
  var done = function () {
    var old = button.textContent;
    button.textContent = t('copied');
    setTimeout(function () { button.textContent = old; }, 1500);
  };
  var fallback = function () {
    var ta = el('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.className = 'offscreen';
    document.body.appendChild(ta);
    ta.select();
    try { document.execCommand('copy'); done(); } catch (e) { /* nothing more to try */ }
    ta.remove();
  };
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(text).then(done, fallback);
  } else {
    fallback();
  }
}

// text: a string, or a function giving it at the click
export function copyButton(text, label) {
  var b = ui(el('button', 'ghost small copy', label || t('copy')));
  b.type = 'button';
  b.addEventListener('click', function () { copyText(typeof text === 'function' ? text() : text, b); });
  return b;
}
