// Kernel benchmark (not a test), Node runtime: softmax-xent against the in-browser
// peers, in one Node process on one thread, plus the native build of the same kernels
// as the ceiling. Prints a table of elements/s, the ratios the performance goals name
// and whether each goal is met, and writes everything as JSON. The benchmark itself is
// scripts/lib/kernel-suite.mjs, which bench-browser.mjs runs in Chromium.
//   node scripts/bench-kernels.mjs [--quick] [--json FILE]   (after scripts/build.sh)
// --quick: fewer and shorter samples, for checking the harness itself.
// Exit status 3 if a goal is not met (1 is a failure of the run itself).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onnxModels } from './bench-onnx.mjs';
import { benchArgs, loadOrt, loadTf, root, versions } from './lib/bench-peers.mjs';
import { OPS, implementations, kernelGoals, ortImpl, report, runSuite } from './lib/kernel-suite.mjs';

const { quick, jsonPath } = benchArgs('kernels');

// --------------------------------------------------------------------------- main
const { load, init } = await import(path.join(root, 'dist', 'lib', 'index.js'));
// Every module this runtime can run; the goals are those of the one init() picks.
const { variant: auto } = await init();
const sx = {};
for (const variant of ['relaxed', 'simd', 'scalar']) {
  try {
    sx[variant] = await load({ variant });
  } catch (error) {
    console.log(`module ${variant}: not run here (${error.message})`);
  }
}
const tf = await loadTf();
const ort = await loadOrt();
const ortMake = await ortImpl(ort, onnxModels());

console.log('native: running build/native/xent_bench');
const native = JSON.parse(execFileSync(path.join(root, 'build', 'native', 'xent_bench'),
  quick ? ['--quick'] : [], { encoding: 'utf8' }));

const results = await runSuite(implementations({ sx, tf, ortMake }), { quick, native, log: console.log });
if (tf.memory().numTensors !== 0) throw new Error(`TF.js leaked ${tf.memory().numTensors} tensors`);

const goals = kernelGoals(results, auto);
const { lines, ratios } = report(results, goals, auto);
const machine = {
  runtime: `Node ${process.version}`, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length,
  node: process.version, v8: process.versions.v8, nativeTarget: native.target,
  wasmVariant: auto, wasmTarget: sx[auto].target, ...versions(ort),
  date: new Date().toISOString(), quick,
};
console.log(`\nG elements/s (median), ${machine.cpu}, Node ${machine.node} (V8 ${machine.v8}), module ${auto}; (!) = error above 1e-4 of the scale`);
console.log(lines.join('\n'));
mkdirSync(path.dirname(jsonPath), { recursive: true });
writeFileSync(jsonPath, JSON.stringify({ machine, ops: OPS, results, ratios, goals }, null, 2) + '\n');
console.log(`wrote ${path.relative(process.cwd(), jsonPath)}`);
const missed = goals.filter((g) => !g.met).length;
console.log(missed ? `goals not met: ${missed} of ${goals.length}` : `every goal met (${goals.length})`);
if (missed) process.exitCode = 3;
