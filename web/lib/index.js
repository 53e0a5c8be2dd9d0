// softmax-xent, ES module entry: `import { init, softmax } from 'softmax-xent'`.
// Works in Node 20, browsers, web workers and bundlers (the .wasm files are found
// with new URL(..., import.meta.url), which Vite and webpack understand).
import createSimdModule from './kernels-simd.js';
import createScalarModule from './kernels-scalar.js';
import { makeLoader } from './core.js';

const isNode = typeof process === 'object' && process !== null &&
  typeof process.versions === 'object' && process.versions !== null &&
  typeof process.versions.node === 'string';

// Node: read the .wasm beside this file (Emscripten 3.1.6 cannot fetch file: URLs
// there). The specifier is a variable so bundlers leave it alone.
async function readWasmInNode(name) {
  const fsModule = 'node:fs/promises';
  const { readFile } = await import(/* @vite-ignore */ fsModule);
  return readFile(new URL(name, import.meta.url));
}

export const {
  init, load, simdSupported, HeapFloat32Array,
  softmax,
  logSoftmax,
  logSumExp,
  crossEntropy,
  crossEntropyWithGrad,
  nllLoss,
  binaryCrossEntropy,
  binaryCrossEntropyWithGrad,
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsWithGrad,
  mse,
  mseWithGrad,
  sigmoid,
  sigmoidWithGrad,
  selfInformation,
  entropy,
  distributionCrossEntropy,
  klDivergence,
  jsDivergence,
  alloc,
  heapBytes,
} = makeLoader({ simd: createSimdModule, scalar: createScalarModule },
  isNode ? readWasmInNode : null);
