// The page side of scripts/bench-browser.mjs: loads every softmax-xent module this
// browser runs, TF.js (wasm backend, one thread) and onnxruntime-web (wasm, one
// thread) the way a page would, and runs kernel-suite.mjs on them. globalThis.runBench
// resolves to the results; progress goes to the console, which the driver prints.
import { init, load } from '../../dist/lib/index.js';
import * as ort from '../../node_modules/onnxruntime-web/dist/ort.wasm.min.mjs';
import { implementations, loadModules, ortImpl, runSuite } from './kernel-suite.mjs';

async function loadTf() {
  const { tf } = globalThis;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  tf.env().set('WASM_HAS_SIMD_SUPPORT', true);
  tf.wasm.setWasmPaths(new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).href);
  await tf.setBackend('wasm');
  await tf.ready();
  return tf;
}

globalThis.runBench = async ({ quick, models, native, variants }) => {
  const { variant: auto } = await init();
  const { sx, skipped } = await loadModules(load, variants);
  const tf = await loadTf();
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmPaths = new URL('../../node_modules/onnxruntime-web/dist/', import.meta.url).href;
  ort.env.logLevel = 'error';
  const onnx = Object.fromEntries(Object.entries(models).map(([op, m]) => [op, { ...m, bytes: Uint8Array.from(m.bytes) }]));
  const ortMake = await ortImpl(ort, onnx);
  const results = await runSuite(implementations({ sx, tf, ortMake }), { quick, native, log: (line) => console.log(line) });
  if (tf.memory().numTensors !== 0) throw new Error(`TF.js leaked ${tf.memory().numTensors} tensors`);
  return {
    auto, skipped, results,
    targets: Object.fromEntries(Object.entries(sx).map(([v, api]) => [v, api.target])),
    tfjs: tf.version.tfjs ?? tf.version['tfjs-core'], onnxruntimeWeb: ort.env.versions?.web ?? 'unknown',
    userAgent: navigator.userAgent, crossOriginIsolated: globalThis.crossOriginIsolated,
  };
};
globalThis.benchReady = true;
