// Kernel benchmark (not a test), Node runtime: softmax-xent against the in-browser
// peers, in one Node process on one thread, plus the native build of the same kernels
// as the ceiling. Prints a table of elements/s, the ratios the performance goals name
// and whether each goal is met, and writes everything as JSON. The benchmark itself is
// scripts/lib/kernel-suite.mjs, which bench-browser.mjs runs in Chromium.
//   node scripts/bench-kernels.mjs [--quick] [--json FILE]   (after scripts/build.sh)
// --quick: fewer and shorter samples, for checking the harness itself.
// Exit status 3 if a goal is not met (1 is a failure of the run itself).
import os from 'node:os';
import path from 'node:path';
import { onnxModels } from './bench-onnx.mjs';
import { benchArgs, finishKernelRun, loadOrt, loadTf, root, runNative, versions } from './lib/bench-peers.mjs';
import { OPS, implementations, kernelGoals, loadModules, ortImpl, report, runSuite } from './lib/kernel-suite.mjs';

const { quick, jsonPath } = benchArgs('kernels');

// --------------------------------------------------------------------------- main
const { load, init } = await import(path.join(root, 'dist', 'lib', 'index.js'));
// Every module this runtime can run; the goals are those of the one init() picks.
const { variant: auto } = await init();
const { sx, skipped } = await loadModules(load);
for (const [variant, why] of Object.entries(skipped)) console.log(`module ${variant}: not run here (${why})`);
const tf = await loadTf();
const ort = await loadOrt();
const ortMake = await ortImpl(ort, onnxModels());

const native = runNative(quick);

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
finishKernelRun({ results, goals, lines, ratios, ops: OPS, machine, jsonPath, missedStatus: 3 });
