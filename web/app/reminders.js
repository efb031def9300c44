// Reminders, once the merchant turns them on (a click: the browser asks for the notification
// permission then, never as the page loads): a notification N minutes before each deadline of an
// order not yet handled, while the page is open; the tab's title and icon carry the number of
// urgent orders (overdue or due soon, not handled). Without the permission, the title and icon
// still count. N is a setting (remindMinutes).
import {fieldsOf, nowEpoch} from './check.js';
import {$} from './dom.js';
import {fmtShort} from './format.js';
import {staticText, t} from './i18n.js';
import {saveSettings} from './settings.js';
import {on, setSetting, state} from './state.js';
import {CLOCK, OVERDUE, STATUS_CODES, statusOf} from './vocab.js';

var notified = new Set();  // 'order_sn|deadline' already announced
var shown = [];            // what was announced (for the tests and the extension)

function canNotify() { return typeof Notification === 'function' && Notification.permission === 'granted'; }

// Orders not handled with a clock still running: calls fn(i, secondsLeft).
function eachOpen(fn) {
  var R = state.result;
  if (!R) return;
  var handled = R.workspace ? R.workspace.handled : null, now = nowEpoch();
  for (var i = 0; i < R.count; i++) {
    if (!CLOCK[R.status[i]] || (handled && handled[i])) continue;
    var d = R.deadline[i];
    if (isFinite(d)) fn(i, d - now, d);
  }
}

function badge(n) {
  if (!n) return 'data:,';
  var text = n > 99 ? '99+' : String(n);
  var svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#e02e24"/>' +
      '<text x="32" y="' + (text.length > 2 ? 42 : 46) + '" font-size="' + (text.length > 2 ? 26 : 38) +
      '" text-anchor="middle" fill="#fff" font-family="sans-serif" font-weight="bold">' + text + '</text></svg>';
  return 'data:image/svg+xml,' + encodeURIComponent(svg);
}

function setIcon(href) {
  var link = document.querySelector('link[rel="icon"]');
  if (link && link.getAttribute('href') !== href) link.setAttribute('href', href);
}

// The title and icon: the urgent count while reminders are on, else as the page has them.
function renderCount() {
  var base = staticText('title');
  if (!state.settings.remind) {
    if (document.title !== base) document.title = base;
    setIcon('data:,');
    return;
  }
  // a passed deadline counts only for an overdue status: pickup_unverified's passed too, but nothing
  // shows it late (as in 'group:urgent')
  var n = 0, soon = state.dueSoonSeconds, status = state.result ? state.result.status : null;
  eachOpen(function (i, left) { if (left < 0 ? OVERDUE[status[i]] : left <= soon) n++; });
  var title = (n ? '(' + n + ') ' : '') + base;
  if (document.title !== title) document.title = title;
  setIcon(badge(n));
}

function announce() {
  if (!state.settings.remind || !canNotify()) return;
  var span = state.settings.remindMinutes * 60, due = [];
  eachOpen(function (i, left, d) {
    if (left <= 0 || left > span) return;
    var id = fieldsOf(i)[0] + '|' + fieldsOf(i)[1] + '|' + d;
    if (notified.has(id)) return;
    notified.add(id);
    due.push([i, d]);
  });
  if (!due.length) return;
  due.sort(function (a, b) { return a[1] - b[1]; });
  var lines = due.slice(0, 5).map(function (x) {
    var f = fieldsOf(x[0]);
    return t('notifyLine', f[0] || f[1] || t('noSn'), statusOf(STATUS_CODES[state.result.status[x[0]]])[0], fmtShort(x[1]));
  });
  if (due.length > 5) lines.push(t('notifyMore', due.length - 5));
  var title = t('notifyTitle', due.length, state.settings.remindMinutes);
  try {
    var n = new Notification(title, {body: lines.join('\n'), tag: 'lanshou-deadline', lang: state.lang === 'en' ? 'en' : 'zh-CN'});
    n.onclick = function () { self.focus(); n.close(); };
    shown.push({title: title, body: lines.join('\n')});
  } catch (e) { /* a browser that only notifies from a service worker: the title still counts */ }
}

function update() {
  renderCount();
  announce();
}

function renderControls() {
  var on = state.settings.remind, b = $('remind');
  b.textContent = on ? t('remindOff') : staticText('remindOn');
  b.setAttribute('aria-pressed', on ? 'true' : 'false');
  $('remind-minutes').value = String(state.settings.remindMinutes);
  $('remind-state').textContent = !on ? '' : canNotify() ? t('remindActive', state.settings.remindMinutes) : t('remindNoNotify');
}

export function setupReminders() {
  $('remind').addEventListener('click', function () {
    var turnOn = !state.settings.remind;
    setSetting('remind', turnOn);
    saveSettings();
    var asked = turnOn && typeof Notification === 'function' && Notification.permission === 'default'
      ? Notification.requestPermission() : null;
    renderControls();
    update();
    if (asked && asked.then) asked.then(function () { renderControls(); update(); }, function () { /* stays as it is */ });
  });
  $('remind-minutes').addEventListener('change', function () {
    var m = Math.round(Number(this.value));
    if (!(m >= 1 && m <= 1440)) { this.value = String(state.settings.remindMinutes); return; }
    setSetting('remindMinutes', m);
    saveSettings();
    notified.clear();
    renderControls();
    update();
  });
  renderControls();
  setInterval(update, 15000);
}

export function notifications() { return shown.slice(); }

on('result', update);
on('workspace', update);
on('lang', function () { renderControls(); renderCount(); });
on('cleared', function () { notified.clear(); renderControls(); renderCount(); });
