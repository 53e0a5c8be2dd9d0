// Kernel benchmark (not a test), browser runtime: scripts/lib/kernel-suite.mjs in one
// headless Chromium page, single-threaded, every implementation sampled in turns, as
// bench-kernels.mjs runs it in Node: softmax-xent (every module the browser runs, three
// paths), TF.js 4.22's wasm backend (kernel, with tensor I/O), onnxruntime-web (wasm,
// one thread), plain JS, and the native build's numbers beside them. Prints the same
// tables and goals and writes the same JSON.
//   node scripts/bench-browser.mjs [--quick] [--devtools] [--json FILE]   (after build.sh)
// --devtools: the page runs with the DevTools protocol's debugger enabled, as with
// DevTools open (V8 then runs WebAssembly as debuggable baseline code), to see what
// that costs; the default JSON is then build/bench/kernels-devtools.json.
// Exit status 1 if a goal is not met.
import os from 'node:os';
import { onnxModels } from './bench-onnx.mjs';
import { launch } from './lib/browser.mjs';
import { benchArgs, finishKernelRun, root, runNative } from './lib/bench-peers.mjs';
import { OPS, kernelGoals, report } from './lib/kernel-suite.mjs';
import { startServer } from './static-server.mjs';

const devtools = process.argv.includes('--devtools');
const { quick, jsonPath } = benchArgs(devtools ? 'kernels-devtools' : 'kernels-browser');

const native = runNative(quick);
const models = Object.fromEntries(Object.entries(onnxModels()).map(([op, m]) => [op, { ...m, bytes: [...m.bytes] }]));

const server = await startServer({ root });
const browser = await launch();
let run;
let version;
try {
  version = browser.context.browser()?.version() ?? 'unknown';
  const page = await browser.context.newPage();
  page.on('console', (message) => console.log(message.text()));
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  if (devtools) await (await browser.context.newCDPSession(page)).send('Debugger.enable');
  await page.goto(`${server.url}scripts/lib/bench-browser.html`);
  await page.waitForFunction(() => globalThis.benchReady === true);
  run = await page.evaluate((args) => globalThis.runBench(args),
    { quick, models, native, variants: ['relaxed', 'simd', 'scalar'] });
} finally {
  await browser.close();
  await server.close();
}

for (const [variant, why] of Object.entries(run.skipped)) console.log(`module ${variant}: not run here (${why})`);
const { auto, results } = run;
const goals = kernelGoals(results, auto);
const { lines, ratios } = report(results, goals, auto);
const machine = {
  runtime: `headless Chromium ${version}${devtools ? ' (DevTools debugger on)' : ''}`,
  cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length,
  chromium: version, userAgent: run.userAgent, crossOriginIsolated: run.crossOriginIsolated,
  nativeTarget: native.target, wasmVariant: auto, wasmTarget: run.targets[auto],
  tfjs: run.tfjs, onnxruntimeWeb: run.onnxruntimeWeb, date: new Date().toISOString(), quick,
};
finishKernelRun({ results, goals, lines, ratios, ops: OPS, machine, jsonPath, missedStatus: 1 });
