// compute(state, api) -> view: the lab's state handed to the shared compute functions
// of ui/compute.js, which the widgets call too. No DOM access here.
import { batchView, bceAt, bceCurves, crossEntropyView, lossSurfaces, softmaxView } from '../ui/compute.js';

// What a reader typed that the batch cannot use, in their terms: the row and column
// counted from 1, the value as shown, the page's own field names (translated by the
// page as { key, values }); null if the batch is usable.
function batchProblem(state) {
  const C = state.batch[0].length;
  for (let r = 0; r < state.batch.length; ++r) {
    if (state.batchKind === 'probs') {
      const c = state.batch[r].findIndex((v) => !(v >= 0 && v <= 1));
      if (c >= 0) return { key: 'batchNotProbability', values: { row: r + 1, column: c + 1, value: String(state.batch[r][c]) } };
    }
    const y = state.batchLabels[r];
    if (y !== state.ignoreIndex && !(Number.isInteger(y) && y >= 0 && y < C)) {
      return { key: 'batchBadLabel', values: { row: r + 1, label: String(y), last: C - 1, ignore: state.ignoreIndex } };
    }
  }
  return null;
}

function batchSection(state, api) {
  const problem = batchProblem(state);
  if (problem) return { classes: state.batch[0].length, rows: state.batch.length, error: problem };
  try {
    return {
      ...batchView(api, {
        rows: state.batch, labels: state.batchLabels, kind: state.batchKind,
        ignoreIndex: state.ignoreIndex, base: state.base,
      }),
      reduction: state.reduction,
      error: null,
    };
  } catch (e) {
    // Not reached for what batchProblem() checks; anything else, the package's words.
    return { classes: state.batch[0].length, rows: state.batch.length, error: { message: e.message } };
  }
}

/** The view of the active section. */
export function compute(state, api) {
  switch (state.section) {
    case 'softmax':
      return { section: 'softmax', softmax: softmaxView(api, state) };
    case 'xent':
      return { section: 'xent', xent: crossEntropyView(api, state) };
    case 'bce':
      return {
        section: 'bce',
        bce: { ...bceCurves(api, { y: state.y }), at: bceAt(api, state), surface: lossSurfaces(api) },
      };
    case 'batch':
      return { section: 'batch', batch: batchSection(state, api) };
    default:
      return { section: 'examples' };
  }
}
