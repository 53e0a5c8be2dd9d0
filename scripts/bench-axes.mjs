// Benchmark (not a test) of the N-D API on a segmentation output, [8, 21, 128, 128]
// (N, C, H, W: 21 classes per pixel): softmax along axis 1 and the K = 2 cross-entropy
// over it, in one Node process on one thread, against TF.js's wasm backend (which
// reduces along the last axis only, so it transposes NCHW -> NHWC and back), against
// onnxruntime-web (Softmax with axis = 1, SoftmaxCrossEntropyLoss on [N, C, H, W]) and
// plain JS. softmax-xent also runs the same data laid out as rows ([N*H*W, C], axis -1),
// which is what moving the axis costs on top of the row kernel.
//   node scripts/bench-axes.mjs [--quick] [--json FILE]   (after scripts/build.sh)
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onnxAxisModels } from './bench-onnx.mjs';
import { makeData } from './lib/bench-data.mjs';
import { benchArgs, loadOrt, loadTf, root, versions } from './lib/bench-peers.mjs';
import { measureInTurns } from './lib/bench-timing.mjs';

const { quick, jsonPath } = benchArgs('axes');

const [N, C, H, W] = [8, 21, 128, 128];
const SHAPE = [N, C, H, W];
const PIXELS = N * H * W;
const n = N * C * H * W;

// The benchmarks' generator (logits in [-10, 10), one class per row) for N*H*W rows of
// C, which is the NHWC layout; x is the same data as NCHW.
const { x: rowsX, y: labels, oneHot: oneHotNHWC } = makeData(PIXELS, C);
const x = new Float32Array(n);
for (let b = 0; b < N; ++b) {
  for (let c = 0; c < C; ++c) {
    for (let p = 0; p < H * W; ++p) x[(b * C + c) * H * W + p] = rowsX[(b * H * W + p) * C + c];
  }
}

// Float64 references: softmax along axis 1 and the mean loss.
const refP = new Float64Array(n);
let refLoss = 0;
for (let b = 0; b < N; ++b) {
  for (let p = 0; p < H * W; ++p) {
    const at = (c) => (b * C + c) * H * W + p;
    let m = -Infinity;
    for (let c = 0; c < C; ++c) m = Math.max(m, x[at(c)]);
    let s = 0;
    for (let c = 0; c < C; ++c) s += Math.exp(x[at(c)] - m);
    for (let c = 0; c < C; ++c) refP[at(c)] = Math.exp(x[at(c)] - m) / s;
    refLoss += m + Math.log(s) - x[at(labels[b * H * W + p])];
  }
}
refLoss /= PIXELS;
// Worst relative error of a softmax in NCHW order (or NHWC, `rows`).
function softmaxError(out, rows = false) {
  let worst = 0;
  for (let b = 0; b < N; ++b) {
    for (let c = 0; c < C; ++c) {
      for (let p = 0; p < H * W; ++p) {
        const i = (b * C + c) * H * W + p;
        const got = rows ? out[(b * H * W + p) * C + c] : out[i];
        const e = Math.abs(got - refP[i]) / refP[i];
        worst = Math.max(worst, Number.isNaN(e) ? Infinity : e);
      }
    }
  }
  return worst;
}
const lossError = (loss) => Math.abs(loss - refLoss) / refLoss;

// ------------------------------------------------------------------ implementations
const { load } = await import(path.join(root, 'dist', 'lib', 'index.js'));
const sx = await load({ variant: 'simd' });

function sxSoftmax(mode) {
  if (mode === 'rows') {
    const xb = sx.alloc(n);
    xb.array.set(rowsX);
    const out = sx.alloc(n);
    const fn = () => sx.softmax(xb, { classes: C, out }).array;
    return { fn, check: () => softmaxError(fn(), true), release: () => { xb.free(); out.free(); } };
  }
  if (mode === 'zero') {
    const xb = sx.alloc(n);
    xb.array.set(x);
    const out = sx.alloc(n);
    const fn = () => sx.softmax(xb, { shape: SHAPE, axis: 1, out }).array;
    return { fn, check: () => softmaxError(fn()), release: () => { xb.free(); out.free(); } };
  }
  const out = new Float32Array(n);
  const fn = mode === 'copy' ? () => sx.softmax(x, { shape: SHAPE, axis: 1, out })
    : () => sx.softmax(x, { shape: SHAPE, axis: 1 });
  return { fn, check: () => softmaxError(fn()) };
}

function sxLoss(mode) {
  if (mode === 'rows') {
    const xb = sx.alloc(n);
    xb.array.set(rowsX);
    const fn = () => sx.crossEntropy(xb, labels, { classes: C });
    return { fn, check: () => lossError(fn()), release: () => xb.free() };
  }
  if (mode === 'zero') {
    const xb = sx.alloc(n);
    xb.array.set(x);
    const fn = () => sx.crossEntropy(xb, labels, { shape: SHAPE });
    return { fn, check: () => lossError(fn()), release: () => xb.free() };
  }
  const fn = () => sx.crossEntropy(x, labels, { shape: SHAPE });
  return { fn, check: () => lossError(fn()) };
}

// Plain JS along axis 1, as one would write it for NCHW.
function plainSoftmax() {
  const out = new Float32Array(n);
  const hw = H * W;
  for (let b = 0; b < N; ++b) {
    for (let p = 0; p < hw; ++p) {
      const o = b * C * hw + p;
      let m = -Infinity;
      for (let c = 0; c < C; ++c) m = Math.max(m, x[o + c * hw]);
      let s = 0;
      for (let c = 0; c < C; ++c) { const e = Math.exp(x[o + c * hw] - m); out[o + c * hw] = e; s += e; }
      for (let c = 0; c < C; ++c) out[o + c * hw] /= s;
    }
  }
  return out;
}

const tf = await loadTf();

// TF.js reduces along the last axis: NCHW -> NHWC, softmax, -> NCHW.
function tfSoftmax(io) {
  const op = (t) => tf.tidy(() => tf.transpose(tf.softmax(tf.transpose(t, [0, 2, 3, 1])), [0, 3, 1, 2]));
  if (!io) {
    const xt = tf.tensor4d(x, SHAPE);
    const fn = () => op(xt).dispose();
    return { fn, check: () => { const r = op(xt); const v = r.dataSync(); r.dispose(); return softmaxError(v); }, release: () => xt.dispose() };
  }
  const fn = () => { const xt = tf.tensor4d(x, SHAPE); const r = op(xt); const v = r.dataSync(); tf.dispose([xt, r]); return v; };
  return { fn, check: () => softmaxError(fn()) };
}
function tfLoss(io) {
  const op = (t, oneHot) => tf.tidy(() => tf.losses.softmaxCrossEntropy(oneHot, tf.transpose(t, [0, 2, 3, 1])));
  if (!io) {
    const xt = tf.tensor4d(x, SHAPE);
    const oh = tf.tensor4d(oneHotNHWC, [N, H, W, C]);
    const fn = () => op(xt, oh).dispose();
    return { fn, check: () => { const r = op(xt, oh); const v = r.dataSync()[0]; r.dispose(); return lossError(v); }, release: () => tf.dispose([xt, oh]) };
  }
  const fn = () => {
    const xt = tf.tensor4d(x, SHAPE);
    const oh = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor3d(labels, [N, H, W], 'int32'), C), 'float32'));
    const r = op(xt, oh);
    const v = r.dataSync()[0];
    tf.dispose([xt, oh, r]);
    return v;
  };
  return { fn, check: () => lossError(fn()) };
}

const ort = await loadOrt();
const ortOptions = { executionProviders: ['wasm'], graphOptimizationLevel: 'all' };
const axisModels = onnxAxisModels();
const softmaxSession = await ort.InferenceSession.create(axisModels.softmax, ortOptions);
const lossSession = await ort.InferenceSession.create(axisModels.crossEntropy, ortOptions);
const labels64 = BigInt64Array.from(labels, (v) => BigInt(v));
function ortSoftmax() {
  const fn = async () => (await softmaxSession.run({ x: new ort.Tensor('float32', x, SHAPE) })).y.data;
  return { fn, isAsync: true, check: async () => softmaxError(await fn()) };
}
function ortLoss() {
  const fn = async () => (await lossSession.run({
    x: new ort.Tensor('float32', x, SHAPE), labels: new ort.Tensor('int64', labels64, [N, H, W]),
  })).loss.data[0];
  return { fn, isAsync: true, check: async () => lossError(await fn()) };
}

// --------------------------------------------------------------------------- main
const BENCHES = {
  'softmax, axis 1': [
    ['softmax-xent, zero-copy', () => sxSoftmax('zero')],
    ['softmax-xent, copying', () => sxSoftmax('copy')],
    ['softmax-xent, new result', () => sxSoftmax('fresh')],
    ['softmax-xent on rows [N*H*W, C]', () => sxSoftmax('rows')],
    ['TF.js wasm, kernel (transposes)', () => tfSoftmax(false)],
    ['TF.js wasm, with tensor I/O', () => tfSoftmax(true)],
    ['onnxruntime-web (axis = 1)', ortSoftmax],
    ['plain JS', () => ({ fn: plainSoftmax, check: () => softmaxError(plainSoftmax()) })],
  ],
  'crossEntropy, K = 2': [
    ['softmax-xent, zero-copy', () => sxLoss('zero')],
    ['softmax-xent, copying', () => sxLoss('copy')],
    ['softmax-xent on rows [N*H*W, C]', () => sxLoss('rows')],
    ['TF.js wasm, kernel (transposes)', () => tfLoss(false)],
    ['TF.js wasm, with tensor I/O', () => tfLoss(true)],
    ['onnxruntime-web ([N, C, H, W])', ortLoss],
  ],
};

const results = [];
for (const [op, impls] of Object.entries(BENCHES)) {
  const entries = [];
  for (const [impl, make] of impls) {
    const e = make();
    const error = await e.check();
    entries.push({ impl, fn: e.fn, isAsync: e.isAsync === true, release: e.release, error });
  }
  const speeds = await measureInTurns(entries, n, quick);
  entries.forEach((e, k) => {
    e.release?.();
    results.push({ op, shape: SHAPE, impl: e.impl, elementsPerSecond: speeds[k], maxError: e.error });
  });
}
if (tf.memory().numTensors !== 0) throw new Error(`TF.js leaked ${tf.memory().numTensors} tensors`);

const lines = [`| op [${SHAPE.join(', ')}] | implementation | G elements/s | vs TF.js kernel | vs TF.js + I/O | vs ORT-web | error |`, '|---|---|---:|---:|---:|---:|---:|'];
for (const op of Object.keys(BENCHES)) {
  const rows = results.filter((r) => r.op === op);
  const by = (prefix) => rows.find((r) => r.impl.startsWith(prefix)).elementsPerSecond;
  for (const r of rows) {
    const f = (v) => `${(r.elementsPerSecond / v).toFixed(2)}×`;
    lines.push(`| ${op} | ${r.impl} | ${(r.elementsPerSecond / 1e9).toFixed(3)} | ${f(by('TF.js wasm, kernel'))} | ${f(by('TF.js wasm, with'))} | ${f(by('onnxruntime-web'))} | ${r.maxError.toExponential(1)} |`);
  }
}
const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, v8: process.versions.v8,
  wasmTarget: sx.target, ...versions(ort), date: new Date().toISOString(), quick,
};
console.log(`\nN-D: a segmentation output [${SHAPE.join(', ')}], ${machine.cpu}, Node ${machine.node}, one thread`);
console.log(lines.join('\n'));
mkdirSync(path.dirname(jsonPath), { recursive: true });
writeFileSync(jsonPath, JSON.stringify({ machine, results }, null, 2) + '\n');
console.log(`wrote ${path.relative(process.cwd(), jsonPath)}`);
