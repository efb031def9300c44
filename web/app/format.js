// Times, durations, money and sizes as the page writes them. Times are epoch seconds shown in
// Beijing time whatever the computer's zone.
import {num} from './i18n.js';
import {state} from './state.js';

export function pad(n) { return (n < 10 ? '0' : '') + n; }
function bj(t) { return new Date((t + 8 * 3600) * 1000); }
// epoch seconds -> 03-13 20:14
export function fmtShort(t) {
  if (typeof t !== 'number' || !isFinite(t)) return '—';
  var d = bj(t);
  return pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
}
// epoch seconds -> 2025-03-13 20:14
export function fmtFull(t) {
  if (typeof t !== 'number' || !isFinite(t)) return '—';
  return bj(t).getUTCFullYear() + '-' + fmtShort(t);
}
export function isoToEpoch(iso) {
  var ms = typeof iso === 'string' ? Date.parse(iso) : NaN;
  return isFinite(ms) ? ms / 1000 : NaN;
}
// 11520 -> 剩 3 小时 12 分 / 3 h 12 min left; -14400 -> 已超时 4 小时 / overdue 4 h
export function formatRemaining(seconds) {
  if (typeof seconds !== 'number' || !isFinite(seconds)) return '—';
  var a = Math.abs(seconds), en = state.lang === 'en';
  var d = Math.floor(a / 86400), h = Math.floor((a % 86400) / 3600), m = Math.floor((a % 3600) / 60), s = Math.floor(a % 60);
  var text;
  if (d > 0) text = d + (en ? ' d' : ' 天') + (h ? ' ' + h + (en ? ' h' : ' 小时') : '');
  else if (h > 0) text = h + (en ? ' h' : ' 小时') + (m ? ' ' + m + (en ? ' min' : ' 分') : '');
  else if (m > 0) text = m + (en ? ' min ' : ' 分 ') + pad(s) + (en ? ' s' : ' 秒');
  else if (en) return seconds < 0 ? 'just overdue' : s + ' s left';
  else return seconds < 0 ? '刚刚超时' : '剩 ' + s + ' 秒';
  if (en) return seconds < 0 ? 'overdue ' + text : text + ' left';
  return (seconds < 0 ? '已超时 ' : '剩 ') + text;
}
export function yuan(v) {
  return '¥' + num(Math.round(v * 100) / 100);
}
export function kb(n) {
  return n < 1024 * 1024 ? (n / 1024).toFixed(1) + ' KB' : (n / 1024 / 1024).toFixed(1) + ' MB';
}
