// Web worker for large CSV batches: loads the classic package, computes chunk by chunk
// and posts { progress } messages, then { result } or { error }. Cancelled by the page
// with worker.terminate().
/* global softmaxXent, importScripts */
import { CHUNK_ROWS, EMPTY, chunkLosses, dataLines, merge, widthOf } from './bigcsv.js';

importScripts('softmax-xent.classic.js');

self.onmessage = async (event) => {
  const { text, kind, ignoreIndex } = event.data;
  try {
    await softmaxXent.init();
    const lines = dataLines(text);
    const width = widthOf(lines);
    let total = EMPTY;
    for (let start = 0; start < lines.length; start += CHUNK_ROWS) {
      const end = Math.min(lines.length, start + CHUNK_ROWS);
      total = merge(total, chunkLosses(softmaxXent, lines, start, end, kind, ignoreIndex, width));
      self.postMessage({ progress: end / lines.length, rows: end });
    }
    self.postMessage({ result: { ...total, rows: lines.length, classes: width } });
  } catch (e) {
    self.postMessage({ error: String(e && e.message ? e.message : e) });
  }
};
