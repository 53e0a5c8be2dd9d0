// CSV in and out for the batch section: "values..., label" per line. parseBatchCsv
// returns { rows, labels } or throws an Error whose message says which line is wrong.
import { MAX_BATCH_ROWS, MIN_CLASSES, MAX_CLASSES } from './state.js';
import { NUMBER } from '../ui/numbers.js';
import { format } from './i18n.js';


export function parseBatchCsv(text, strings) {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const rows = [];
  const labels = [];
  let width = -1;
  for (let i = 0; i < lines.length; ++i) {
    const line = lines[i];
    if (!line || line.startsWith('#')) continue;
    const cells = line.split(/[,;\t]/).map((c) => c.trim());
    // A first line of words is a header.
    if (rows.length === 0 && width < 0 && cells.every((c) => !NUMBER.test(c))) {
      width = 0;
      continue;
    }
    const fail = (reason) => new Error(format(strings.csvError, { line: i + 1, reason }));
    if (rows.length >= MAX_BATCH_ROWS) throw fail(format(strings.csvTooMany, { max: MAX_BATCH_ROWS }));
    const values = cells.slice(0, -1);
    const label = cells[cells.length - 1];
    if (values.length < MIN_CLASSES || values.length > MAX_CLASSES ||
        (rows.length > 0 && values.length !== rows[0].length)) {
      throw fail(strings.csvColumns);
    }
    const bad = values.find((v) => !NUMBER.test(v) || !Number.isFinite(Number(v)) || Math.abs(Number(v)) > 1000);
    if (bad !== undefined) throw fail(format(strings.csvNumber, { text: bad.slice(0, 20) }));
    if (!/^[+-]?\d+$/.test(label) || Math.abs(Number(label)) > 100000) throw fail(format(strings.csvLabelInt, { text: label.slice(0, 20) }));
    rows.push(values.map(Number));
    labels.push(Number(label));
  }
  if (!rows.length) throw new Error(format(strings.csvError, { line: 1, reason: strings.csvColumns }));
  return { rows, labels };
}

export function batchToCsv(rows, labels) {
  return rows.map((r, i) => `${r.join(',')},${labels[i]}`).join('\n');
}

/** A table element's text as CSV (cells quoted where needed). */
export function tableToCsv(table) {
  const quote = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return Array.from(table.rows, (row) => Array.from(row.cells, (c) => quote(c.textContent.trim())).join(',')).join('\n');
}
