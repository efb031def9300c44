// In the order detail: what the merchant did about the order (已联系买家, 已补寄, 已申诉 and a free
// note), kept in the workspace across reloads and new batches, and the order's history (what
// changed at each check). Sent to the worker as they change; a note 600 ms after the last key.
import {ask} from '../engine.js';
import {el, ui} from '../dom.js';
import {fmtFull} from '../format.js';
import {t, tIn} from '../i18n.js';
import {setWorkspace, state} from '../state.js';
import {statusOf} from '../vocab.js';

export var MARKS = [['contacted', 1], ['resent', 2], ['appealed', 4]];

function save(index, change, status) {
  var gen = state.result.gen;
  change.type = 'mark';
  change.gen = gen;
  change.index = index;
  status.textContent = '';
  return ask(change).then(function (msg) {
    if (msg.stale) return;
    if (state.result && state.result.gen === gen) setWorkspace(msg.workspace);
    status.textContent = t('markSaved');
    status.className = 'hint mark-status tone-ok';
  }, function (err) {
    status.textContent = t('markFailed', err.message);
    status.className = 'hint mark-status tone-bad';
  });
}

function historyText(h) {
  var word = function (v) { return h.kind === 'status' || h.kind === 'new' || h.kind === 'gone' ? (v ? statusOf(v)[0] : t('none')) : v || t('none'); };
  return tIn('histKinds', h.kind, word(h.from), word(h.to));
}

// In the detail's body: a group of its own (a fieldset: the checkboxes and the note belong
// together); record: the worker's {key, mark, history} or null (a sample, outside the workspace).
export function renderMarks(body, index, record) {
  var section = ui(el('fieldset', 'detail-section marks-section'));
  section.appendChild(el('legend', '', t('secMarks')));
  body.appendChild(section);
  if (!record || !record.key) {
    section.appendChild(el('p', 'hint', t(record ? 'markNoKey' : 'markNotStored')));
    return;
  }
  var status = el('span', 'hint mark-status');
  status.setAttribute('aria-live', 'polite');
  var boxes = el('div', 'marks');
  MARKS.forEach(function (m) {
    var label = el('label', 'mark');
    var cb = el('input');
    cb.type = 'checkbox';
    cb.id = 'mark-' + m[0];
    cb.checked = !!(record.mark.bits & m[1]);
    cb.addEventListener('change', function () {
      save(index, cb.checked ? {set: m[1]} : {clear: m[1]}, status);
    });
    label.appendChild(cb);
    label.appendChild(document.createTextNode(' ' + t('marks')[m[0]]));
    boxes.appendChild(label);
  });
  boxes.appendChild(status);
  section.appendChild(boxes);
  var noteLabel = el('label', 'mark-note', t('markNote'));
  noteLabel.htmlFor = 'mark-note';
  var note = el('textarea');
  note.id = 'mark-note';
  note.rows = 2;
  note.maxLength = 2000;
  note.value = record.mark.note || '';
  var timer = 0;
  note.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { save(index, {note: note.value}, status); }, 600);
  });
  section.appendChild(noteLabel);
  section.appendChild(note);
  var list = el('ol', 'history');
  list.setAttribute('aria-label', t('secHistory'));
  if (!record.history.length) list.appendChild(el('li', 'hint', t('histNone')));
  record.history.slice(-50).forEach(function (h) {
    var li = el('li');
    li.appendChild(el('span', 'mono', fmtFull(h.at / 1000)));
    var why = t('histReasons')[h.reason];
    if (why == null) why = h.reason || '';
    li.appendChild(document.createTextNode(' ' + (why ? why + t('colon') : '') + historyText(h)));
    li.setAttribute('data-kind', h.kind);
    list.appendChild(li);
  });
  section.appendChild(el('h4', '', t('secHistory')));
  section.appendChild(list);
}
