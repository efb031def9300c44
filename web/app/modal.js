// The two dialogs (the order detail and the rules panel): one open at a time, modal. While one is
// open the rest of the page is inert, Tab and Shift+Tab cycle inside it, Escape or a click beside
// it closes it, and focus goes back to what opened it (each dialog's onClose does that).
import {$} from './dom.js';

var modal = null;  // {dialog, onClose}
var FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), ' +
    'textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

function focusables(root) {
  return Array.prototype.filter.call(root.querySelectorAll(FOCUSABLE), function (e) {
    var closed = e.closest('details:not([open])');  // its fields are hidden, its summary is not
    if (closed && !(e.tagName === 'SUMMARY' && e.parentNode === closed)) return false;
    var shown = e.checkVisibility ? e.checkVisibility({visibilityProperty: true}) : e.getClientRects().length > 0;
    return shown && !e.closest('[inert]');
  });
}

export function openModal(dialog, onClose) {
  if (modal && modal.dialog !== dialog) modal.onClose(true);
  modal = {dialog: dialog, onClose: onClose};
  dialog.hidden = false;
  $('scrim').hidden = false;
  Array.prototype.forEach.call(document.body.children, function (e) {
    if (e !== dialog && e.id !== 'scrim' && e.tagName !== 'SCRIPT') e.inert = true;
  });
}

export function closeModal(dialog) {
  dialog.hidden = true;
  if (!modal || modal.dialog !== dialog) return;
  modal = null;
  $('scrim').hidden = true;
  Array.prototype.forEach.call(document.body.children, function (e) { e.inert = false; });
}

// The open dialog, or null.
export function openDialog() { return modal ? modal.dialog : null; }

function trapTab(e) {
  if (!modal || e.key !== 'Tab') return;
  var list = focusables(modal.dialog);
  if (!list.length) { e.preventDefault(); return; }
  var first = list[0], lastOne = list[list.length - 1], at = document.activeElement;
  var inside = modal.dialog.contains(at);
  if (e.shiftKey && (at === first || !inside)) { e.preventDefault(); lastOne.focus(); }
  else if (!e.shiftKey && (at === lastOne || !inside)) { e.preventDefault(); first.focus(); }
}

export function setupModals() {
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Tab') { trapTab(e); return; }
    if (e.key !== 'Escape' || !modal) return;
    e.preventDefault();
    modal.onClose();
  });
  $('scrim').addEventListener('click', function () { if (modal) modal.onClose(); });
}
