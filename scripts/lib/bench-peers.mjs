// The peers of the benchmarks (bench-kernels.mjs, bench-axes.mjs), set up once the same
// way: TF.js with its wasm backend and onnxruntime-web, each on one thread; and the
// command line the benchmarks share.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

/** --quick, and --json FILE (default build/bench/NAME.json). */
export function benchArgs(name) {
  const args = process.argv.slice(2);
  return {
    quick: args.includes('--quick'),
    jsonPath: args.includes('--json') ? path.resolve(args[args.indexOf('--json') + 1])
      : path.join(root, 'build', 'bench', `${name}.json`),
  };
}

export async function loadTf() {
  const tf = require('@tensorflow/tfjs-core');
  // The gradients tf.valueAndGrad needs: tfjs-core's bundles leave them out, the
  // @tensorflow/tfjs bundle registers them in the registry every copy shares.
  require('@tensorflow/tfjs');
  const wasm = require('@tensorflow/tfjs-backend-wasm');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);  // one thread, as every row here
  tf.env().set('WASM_HAS_SIMD_SUPPORT', true);
  wasm.setWasmPaths(path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist') + path.sep);
  await tf.setBackend('wasm');
  await tf.ready();
  return tf;
}

export async function loadOrt() {
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
  return ort;
}

export const versions = (ort) => ({
  tfjs: require('@tensorflow/tfjs-core/package.json').version,
  onnxruntimeWeb: ort.env.versions?.web ?? 'unknown',
});
