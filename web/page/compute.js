// compute(state, api) -> view: the lab's state handed to the shared compute functions
// of ui/compute.js, which the widgets call too. No DOM access here.
import { batchView, bceAt, bceCurves, crossEntropyView, lossSurfaces, softmaxView } from '../ui/compute.js';

function batchSection(state, api) {
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
    // The package names the bad argument; the page shows its message.
    return { classes: state.batch[0].length, rows: state.batch.length, error: e.message };
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
