// The peers of the benchmarks (bench-kernels.mjs, bench-axes.mjs), set up once the same
// way: TF.js with its wasm backend and onnxruntime-web, each on one thread; the command
// line the benchmarks share; and the native numbers and the report of the kernel
// benchmark's two runtimes (bench-kernels.mjs, bench-browser.mjs).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
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

/** build/native/xent_bench's results: the native build of the same kernels. */
export function runNative(quick) {
  console.log('native: running build/native/xent_bench');
  return JSON.parse(execFileSync(path.join(root, 'build', 'native', 'xent_bench'),
    quick ? ['--quick'] : [], { encoding: 'utf8' }));
}

/**
 * Prints a kernel run's tables and goals (kernel-suite.mjs's report), writes its JSON
 * and sets the exit status `missedStatus` if a goal is not met.
 */
export function finishKernelRun({ results, goals, lines, ratios, ops, machine, jsonPath, missedStatus }) {
  console.log(`\nG elements/s (median), ${machine.cpu}, ${machine.runtime}, module ${machine.wasmVariant}; (!) = error above 1e-4 of the scale`);
  console.log(lines.join('\n'));
  mkdirSync(path.dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify({ machine, ops, results, ratios, goals }, null, 2) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), jsonPath)}`);
  const missed = goals.filter((g) => !g.met).length;
  console.log(missed ? `goals not met (${machine.runtime}): ${missed} of ${goals.length}`
    : `every goal met (${machine.runtime}, ${goals.length})`);
  if (missed) process.exitCode = missedStatus;
}
