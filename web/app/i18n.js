// The page's language: Chinese (the default) or English. Only the page's own words change. What
// the core writes (explanations, fix steps, the words for buyers and PDD, rule names, error
// messages) and what the merchant pasted stay as they are: Chinese, sent on a Chinese platform.
//
// The words are data: ../data/messages.json holds each message as [Chinese, English] templates
// ({0} the first value, {0:num} a number in the language's format, {0:orders} "1 order" / "2
// orders", {0:batches} the same for batches, {0:encoding} an encoding's name, {0:sample} a sample's title, {0:lines} " (N lines)" or
// nothing); ../data/static-en.json
// holds the English of each data-i18n key of index.html, whose own text is the Chinese.
import META from 'lanshou:meta';
import MESSAGES from '../data/messages.json';
import STATIC_EN from '../data/static-en.json';
import {state} from './state.js';

export function num(n) { return Number(n).toLocaleString(state.lang === 'en' ? 'en-US' : 'zh-CN'); }
export function orders(n) { return num(n) + (n === 1 ? ' order' : ' orders'); }
function batches(n) { return num(n) + (n === 1 ? ' batch' : ' batches'); }

export function sampleText(name, field) {
  var s = META.samples.filter(function (x) { return x.name === name; })[0] || {};
  return (state.lang === 'en' && s.en ? s.en[field] : s[field]) || '';
}

function encodingName(enc) { return enc === 'bom' ? t('bom') : enc === 'gbk' ? t('gbk') : enc; }

var FORMATS = {
  num: num,
  orders: orders,
  batches: batches,
  encoding: encodingName,
  sample: function (name) { return sampleText(name, 'title'); },
  lines: function (n) { return n ? t('progressLines', n) : ''; },
};

function format(template, args) {
  return template.replace(/\{(\d)(?::(\w+))?\}/g, function (_, i, how) {
    var v = args[Number(i)];
    return how ? FORMATS[how](v) : String(v);
  });
}

// t(key, values...): the message in the page's language. A message that is not a string (a table
// of units, the print view's column heads) comes back as it is.
export function t(key) {
  var v = MESSAGES[key][state.lang === 'en' ? 1 : 0];
  return typeof v === 'string' ? format(v, Array.prototype.slice.call(arguments, 1)) : v;
}
// tIn(key, name, values...): the template `name` of a message that is a table of them.
export function tIn(key, name) {
  var v = MESSAGES[key][state.lang === 'en' ? 1 : 0][name];
  return typeof v === 'string' ? format(v, Array.prototype.slice.call(arguments, 2)) : '';
}
// msg: [key, values...]
export function tMsg(msg) { return t.apply(null, msg); }

// --- index.html's own text: each piece has data-i18n (its text) or data-i18n-attr (attr=key, ...)
var zhStatic = {};  // the Chinese of each key, as index.html has it
function attrPairs(e) {
  return e.getAttribute('data-i18n-attr').split(',').map(function (p) { return p.trim().split('='); });
}
export function collectStatic() {
  document.querySelectorAll('[data-i18n]').forEach(function (e) { zhStatic[e.getAttribute('data-i18n')] = e.textContent; });
  document.querySelectorAll('[data-i18n-attr]').forEach(function (e) {
    attrPairs(e).forEach(function (p) { zhStatic[p[1]] = e.getAttribute(p[0]) || ''; });
  });
}
export function staticText(key) {
  if (state.lang !== 'en') return zhStatic[key] != null ? zhStatic[key] : '';
  if (STATIC_EN[key] == null) { console.error('lanshou: no English for "' + key + '"'); return zhStatic[key] || ''; }
  return STATIC_EN[key];
}
export function applyStatic() {
  var en = state.lang === 'en';
  document.documentElement.lang = en ? 'en' : 'zh-CN';
  document.querySelectorAll('[data-i18n]').forEach(function (e) { e.textContent = staticText(e.getAttribute('data-i18n')); });
  document.querySelectorAll('[data-i18n-attr]').forEach(function (e) {
    attrPairs(e).forEach(function (p) { e.setAttribute(p[0], staticText(p[1])); });
  });
  document.querySelectorAll('.lang-note[data-i18n]').forEach(function (e) { e.hidden = !en; });
  var sw = document.getElementById('lang-switch');
  sw.textContent = t('switchTo');
  sw.lang = en ? 'zh-CN' : 'en';
  sw.title = t('switchTitle');
}
