// Batches too large for the URL hash: parsed and computed in chunks, in a web worker
// (csv-worker.js) or, where a page may not start one (file://), on the main thread
// between frames. Either way the page stays responsive, reports progress and can be
// cancelled. bigCsvLosses() is the one chunk loop both paths run.

import { NUMBER } from '../ui/numbers.js';
import { probabilityLoss } from '../ui/compute.js';

const CHUNK_ROWS = 5000;

/** Splits CSV text into data lines (a header line of words is skipped). */
export function dataLines(text) {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (lines.length && lines[0].split(/[,;\t]/).every((c) => !NUMBER.test(c.trim()))) lines.shift();
  return lines;
}

/**
 * Losses of lines [start, end): returns { sum, count, min, max } in nats, or throws an
 * Error naming the line. kind: 'probs' or 'logits'.
 */
function chunkLosses(api, lines, start, end, kind, ignoreIndex, width) {
  const rows = end - start;
  const values = new Float32Array(rows * width);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; ++r) {
    const cells = lines[start + r].split(/[,;\t]/);
    if (cells.length !== width + 1) throw new Error(`line ${start + r + 1}: expected ${width} values and a label`);
    for (let c = 0; c < width; ++c) {
      const text = cells[c].trim();
      const v = Number(text);
      if (!NUMBER.test(text) || !Number.isFinite(v)) throw new Error(`line ${start + r + 1}: “${text.slice(0, 20)}” is not a number`);
      values[r * width + c] = v;
    }
    const label = cells[width].trim();
    if (!/^[+-]?\d+$/.test(label)) throw new Error(`line ${start + r + 1}: the label “${label.slice(0, 20)}” is not an integer`);
    labels[r] = Number(label);
  }
  const options = { classes: width, ignoreIndex, reduction: 'none' };
  let losses;
  try {
    losses = kind === 'probs'
      ? probabilityLoss(api, values, labels, options)
      : api.crossEntropy(values, labels, options);
  } catch (e) {
    throw new Error(`lines ${start + 1}–${end}: ${e.message}`);
  }
  let sum = 0;
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < rows; ++r) {
    if (labels[r] === ignoreIndex) continue;
    sum += losses[r];
    count += 1;
    min = Math.min(min, losses[r]);
    max = Math.max(max, losses[r]);
  }
  return { sum, count, min, max };
}

function merge(a, b) {
  return { sum: a.sum + b.sum, count: a.count + b.count, min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
}

const EMPTY = { sum: 0, count: 0, min: Infinity, max: -Infinity };

function widthOf(lines) {
  if (!lines.length) throw new Error('no data lines');
  const width = lines[0].split(/[,;\t]/).length - 1;
  if (width < 2 || width > 100000) throw new Error('line 1: expected at least 2 values and a label');
  return width;
}

/**
 * The losses of every data line of `text`, chunk by chunk: resolves to
 * { sum, count, min, max, rows, classes } in nats, or to null if cancelled() turned
 * true. Before each chunk it awaits pause() if given (the main thread yields to the
 * page there); after each it calls onProgress(fraction, rows). Throws an Error naming
 * the line on bad input.
 */
export async function bigCsvLosses(api, text, { kind, ignoreIndex }, { onProgress, pause = null, cancelled = () => false }) {
  const lines = dataLines(text);
  const width = widthOf(lines);
  let total = EMPTY;
  for (let start = 0; start < lines.length; start += CHUNK_ROWS) {
    if (pause) await pause();
    if (cancelled()) return null;
    const end = Math.min(lines.length, start + CHUNK_ROWS);
    total = merge(total, chunkLosses(api, lines, start, end, kind, ignoreIndex, width));
    onProgress(end / lines.length, end);
  }
  return { ...total, rows: lines.length, classes: width };
}
