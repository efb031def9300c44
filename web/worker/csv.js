// The core's CSV with two more columns, 处理标记 and 处理备注 (the merchant's marks and note on the
// order), matched to each row by its 订单号, else its 快递单号. The core reads its CSV back and
// ignores columns it does not know, so an export still reads back to the same decisions. The
// problems table after the blank line is left as it is.
var LABELS = [[1, '已联系买家'], [2, '已补寄'], [4, '已申诉']];

export function markWords(bits) {
  return LABELS.filter(function (l) { return bits & l[0]; }).map(function (l) { return l[1]; }).join('、');
}

// A cell as the core writes them: quoted when it holds a comma, quote or line break; a leading
// = + - @ tab or CR made harmless with ' (a spreadsheet would run it as a formula).
function cell(v) {
  v = String(v == null ? '' : v);
  if (/^[=+\-@\t\r]/.test(v)) v = "'" + v;
  return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
}

// The cells of the record starting at `at` and where the next one starts (a quoted cell may hold
// line breaks).
function record(text, at) {
  var cells = [], cur = '', i = at, quoted = false;
  for (; i < text.length; i++) {
    var ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { cur += '"'; i++; } else quoted = false;
      } else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { cells.push(cur); cur = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { i += 2; break; }
    else if (ch === '\n') { i += 1; break; }
    else cur += ch;
  }
  cells.push(cur);
  return {cells: cells, end: i};
}

// markOf(order_sn, tracking_no) -> {bits, note} or undefined
export function marksCsv(csv, markOf) {
  var bom = csv.charCodeAt(0) === 0xfeff ? 1 : 0;
  var head = record(csv, bom), sn = head.cells.indexOf('订单号'), tn = head.cells.indexOf('快递单号');
  if (sn < 0) return csv;
  var nl = csv.slice(head.end - 2, head.end) === '\r\n' ? '\r\n' : '\n';
  var out = [csv.slice(0, head.end - nl.length) + ',处理标记,处理备注' + nl];
  var at = head.end;
  while (at < csv.length) {
    if (csv.startsWith(nl, at)) break;  // the blank line before the problems table
    var r = record(csv, at), end = r.end;
    var rowEnd = csv.slice(end - nl.length, end) === nl ? end - nl.length : end;
    var m = markOf(r.cells[sn] || '', tn >= 0 ? r.cells[tn] || '' : '');
    out.push(csv.slice(at, rowEnd) + ',' + cell(m ? markWords(m.bits) : '') + ',' + cell(m ? m.note : '') + csv.slice(rowEnd, end));
    at = end;
  }
  out.push(csv.slice(at));
  return out.join('');
}
