// Web worker for large CSV batches: computes chunk by chunk with the package (bundled
// in, wasm inlined) and posts { progress, rows } messages, then { result } or { error }.
// Cancelled by the page with worker.terminate().
import * as xent from 'softmax-xent';
import { bigCsvLosses } from './bigcsv.js';

self.onmessage = async (event) => {
  const { text, kind, ignoreIndex } = event.data;
  try {
    await xent.init();
    const result = await bigCsvLosses(xent, text, { kind, ignoreIndex }, {
      onProgress: (progress, rows) => self.postMessage({ progress, rows }),
    });
    self.postMessage({ result });
  } catch (e) {
    self.postMessage({ error: String(e && e.message ? e.message : e) });
  }
};
