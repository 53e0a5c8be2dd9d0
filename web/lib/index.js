// softmax-xent, ES module entry: `import { init, softmax } from 'softmax-xent'`.
// Works in Node 20, browsers, web workers and bundlers (the .wasm files are found
// with new URL(..., import.meta.url), which Vite and webpack understand).
import { factories, readWasm } from './modules.js';
import { makeLoader } from './core.js';

export { DEFAULTS } from './contract.js';

export const {
  init, load, simdSupported, relaxedSimdSupported, HeapFloat32Array,
  softmax,
  logSoftmax,
  logSumExp,
  softmaxEntropy,
  softmaxEntropyWithGrad,
  softmaxBackward,
  logSoftmaxBackward,
  crossEntropy,
  crossEntropyWithGrad,
  nllLoss,
  binaryCrossEntropy,
  binaryCrossEntropyWithGrad,
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsWithGrad,
  mse,
  mseWithGrad,
  klDiv,
  sigmoid,
  sigmoidWithGrad,
  selfInformation,
  entropy,
  distributionCrossEntropy,
  klDivergence,
  jsDivergence,
  entr,
  relEntr,
  alloc,
  heapBytes,
} = makeLoader(factories, readWasm);
