// Kernel benchmark (not a test): softmax-xent against the in-browser peers, in one
// Node process on one thread, plus the native build of the same kernels as the
// ceiling. Prints a table of elements/s, the ratios the performance goals name and
// whether each goal is met, and writes everything as JSON.
//   node scripts/bench-kernels.mjs [--quick] [--json FILE]   (after scripts/build.sh)
// --quick: fewer and shorter samples, for checking the harness itself.
// Exit status 1 if a goal is not met.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onnxModels } from './bench-onnx.mjs';
import { makeData } from './lib/bench-data.mjs';
import { benchArgs, loadOrt, loadTf, root, versions } from './lib/bench-peers.mjs';
import { measureInTurns as measureTurns } from './lib/bench-timing.mjs';

const { quick, jsonPath } = benchArgs('kernels');

const SHAPES = [[1, 10], [64, 1000], [1024, 1000], [32, 32000], [4, 262144]];
const LARGE = ['1024x1000', '32x32000'];
const OPS = ['softmax', 'logSoftmax', 'logSumExp', 'crossEntropy', 'crossEntropyWithGrad'];

// ------------------------------------------------------------------ data + reference
// Float64 log-softmax rows, the terms summed in increasing order with Neumaier's
// compensation; every check is measured against it.
function reference(data) {
  const { rows, classes, x, y } = data;
  const lp = new Float64Array(data.n);
  const lse = new Float64Array(rows);
  let loss = 0;
  for (let r = 0; r < rows; ++r) {
    const row = Float64Array.from(x.subarray(r * classes, (r + 1) * classes)).sort();
    const top = row[classes - 1];
    let sum = 0;
    let carry = 0;
    for (const v of row) {
      const term = Math.exp(v - top);
      const t = sum + term;
      carry += Math.abs(sum) >= term ? (sum - t) + term : (term - t) + sum;
      sum = t;
    }
    lse[r] = top + Math.log(sum + carry);
    for (let c = 0; c < classes; ++c) lp[r * classes + c] = x[r * classes + c] - lse[r];
    loss -= lp[r * classes + y[r]];
  }
  return { lp, lse, loss: loss / rows };
}

// Worst error against the reference, relative to the bar's scale: |want| for
// probabilities and losses, 1 + |want| in the log domain, the row's largest |g| for
// gradients (as the C++ benchmark does).
function maxError(op, data, ref, out) {
  const { rows, classes } = data;
  let worst = 0;
  const upd = (e) => { worst = Math.max(worst, Number.isNaN(e) ? Infinity : e); };
  if (op === 'softmax') {
    for (let i = 0; i < data.n; ++i) {
      const want = Math.exp(ref.lp[i]);
      upd(Math.abs(out[i] - want) / want);
    }
  } else if (op === 'logSoftmax') {
    for (let i = 0; i < data.n; ++i) upd(Math.abs(out[i] - ref.lp[i]) / (1 + Math.abs(ref.lp[i])));
  } else if (op === 'logSumExp') {
    for (let r = 0; r < rows; ++r) upd(Math.abs(out[r] - ref.lse[r]) / (1 + Math.abs(ref.lse[r])));
  } else {
    upd(Math.abs(out.loss - ref.loss) / Math.abs(ref.loss));
    if (op === 'crossEntropyWithGrad') {
      for (let r = 0; r < rows; ++r) {
        const o = r * classes;
        let big = 0;
        const g = new Float64Array(classes);
        for (let c = 0; c < classes; ++c) {
          g[c] = (Math.exp(ref.lp[o + c]) - (c === data.y[r] ? 1 : 0)) / rows;
          big = Math.max(big, Math.abs(g[c]));
        }
        for (let c = 0; c < classes; ++c) upd(Math.abs(out.grad[o + c] - g[c]) / big);
      }
    }
  }
  return worst;
}

const measureInTurns = (entries, n) => measureTurns(entries, n, quick);

// ------------------------------------------------------------------ implementations
// Plain JavaScript the way tutorials write it: max, exp, sum, divide; float64 maths,
// a new Float32Array per call.
const plain = {
  softmax({ rows, classes, x }) {
    const out = new Float32Array(rows * classes);
    for (let r = 0; r < rows; ++r) {
      const o = r * classes;
      let m = -Infinity;
      for (let c = 0; c < classes; ++c) m = Math.max(m, x[o + c]);
      let s = 0;
      for (let c = 0; c < classes; ++c) { out[o + c] = Math.exp(x[o + c] - m); s += out[o + c]; }
      for (let c = 0; c < classes; ++c) out[o + c] /= s;
    }
    return out;
  },
  logSoftmax(data) {
    const { rows, classes, x } = data;
    const lse = plain.logSumExp(data);
    const out = new Float32Array(rows * classes);
    for (let i = 0; i < rows * classes; ++i) out[i] = x[i] - lse[Math.floor(i / classes)];
    return out;
  },
  logSumExp({ rows, classes, x }) {
    const out = new Float32Array(rows);
    for (let r = 0; r < rows; ++r) {
      const o = r * classes;
      let m = -Infinity;
      for (let c = 0; c < classes; ++c) m = Math.max(m, x[o + c]);
      let s = 0;
      for (let c = 0; c < classes; ++c) s += Math.exp(x[o + c] - m);
      out[r] = m + Math.log(s);
    }
    return out;
  },
  crossEntropy(data) {
    const lse = plain.logSumExp(data);
    let loss = 0;
    for (let r = 0; r < data.rows; ++r) loss += lse[r] - data.x[r * data.classes + data.y[r]];
    return { loss: loss / data.rows };
  },
  crossEntropyWithGrad(data) {
    const grad = plain.softmax(data);
    let loss = 0;
    for (let r = 0; r < data.rows; ++r) {
      const o = r * data.classes;
      loss -= Math.log(grad[o + data.y[r]]);
      for (let c = 0; c < data.classes; ++c) grad[o + c] /= data.rows;
      grad[o + data.y[r]] -= 1 / data.rows;
    }
    return { loss: loss / data.rows, grad };
  },
};

// softmax-xent through its public API. `copy`: plain Float32Arrays in and out (the
// result written into the caller's array, the `out`/`gradOut` option), so each call
// copies into the wasm heap and back but allocates nothing; `fresh`: the same with a
// new result array per call; `zero`: HeapFloat32Array inputs and outputs, no copies.
function softmaxXentImpl(sx, mode) {
  return (op, data) => {
    const { rows, classes, n } = data;
    if (mode === 'fresh') {
      const o = { classes };
      return {
        softmax: () => sx.softmax(data.x, o),
        logSoftmax: () => sx.logSoftmax(data.x, o),
        logSumExp: () => sx.logSumExp(data.x, o),
        crossEntropy: () => ({ loss: sx.crossEntropy(data.x, data.y, o) }),
        crossEntropyWithGrad: () => sx.crossEntropyWithGrad(data.x, data.y, o),
      }[op];
    }
    if (mode === 'copy') {
      const out = new Float32Array(op === 'logSumExp' ? rows : n);
      const o = { classes, out };
      const g = { classes, gradOut: out };
      return {
        softmax: () => sx.softmax(data.x, o),
        logSoftmax: () => sx.logSoftmax(data.x, o),
        logSumExp: () => sx.logSumExp(data.x, o),
        crossEntropy: () => ({ loss: sx.crossEntropy(data.x, data.y, { classes }) }),
        crossEntropyWithGrad: () => sx.crossEntropyWithGrad(data.x, data.y, g),
      }[op];
    }
    const xb = sx.alloc(n);
    xb.array.set(data.x);
    const out = sx.alloc(op === 'logSumExp' ? rows : n);
    const call = {
      softmax: () => sx.softmax(xb, { classes, out }).array,
      logSoftmax: () => sx.logSoftmax(xb, { classes, out }).array,
      logSumExp: () => sx.logSumExp(xb, { classes, out }).array,
      crossEntropy: () => ({ loss: sx.crossEntropy(xb, data.y, { classes }) }),
      crossEntropyWithGrad: () => {
        const r = sx.crossEntropyWithGrad(xb, data.y, { classes, gradOut: out });
        return { loss: r.loss, grad: r.grad.array };
      },
    }[op];
    call.release = () => { xb.free(); out.free(); };
    return call;
  };
}

// TF.js: `kernel` runs the op on tensors made once (the result tensor is still
// allocated and disposed per call); `io` also makes the input tensors from the
// Float32Arrays and reads the result back with dataSync().
function tfImpl(tf, mode) {
  const lossFn = (oneHot) => (logits) => tf.losses.softmaxCrossEntropy(oneHot, logits);
  const ops = {
    softmax: (x) => tf.softmax(x),
    logSoftmax: (x) => tf.logSoftmax(x),
    logSumExp: (x) => tf.logSumExp(x, 1),
    crossEntropy: (x, oneHot) => lossFn(oneHot)(x),
    crossEntropyWithGrad: (x, oneHot) => tf.valueAndGrad(lossFn(oneHot))(x),
  };
  return (op, data) => {
    const { rows, classes } = data;
    const read = (r) => {
      if (op === 'crossEntropy') return { loss: r.dataSync()[0] };
      if (op === 'crossEntropyWithGrad') return { loss: r.value.dataSync()[0], grad: r.grad.dataSync() };
      return r.dataSync();
    };
    const dispose = (r) => (op === 'crossEntropyWithGrad' ? tf.dispose([r.value, r.grad]) : r.dispose());
    if (mode === 'kernel') {
      const xt = tf.tensor2d(data.x, [rows, classes]);
      const oneHot = tf.tensor2d(data.oneHot, [rows, classes]);
      const call = () => dispose(ops[op](xt, oneHot));
      call.check = () => { const r = ops[op](xt, oneHot); const v = read(r); dispose(r); return v; };
      call.release = () => tf.dispose([xt, oneHot]);
      return call;
    }
    const call = () => {
      const xt = tf.tensor2d(data.x, [rows, classes]);
      // Class indices to one-hot targets, as a user holding indices would.
      const oneHot = op.startsWith('cross') ? tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(data.y, 'int32'), classes), 'float32')) : null;
      const r = ops[op](xt, oneHot);
      const v = read(r);
      dispose(r);
      tf.dispose([xt, oneHot ?? []].flat());
      return v;
    };
    return call;
  };
}

async function ortImpl(ort) {
  const models = onnxModels();
  const sessions = {};
  for (const [op, m] of Object.entries(models)) {
    sessions[op] = await ort.InferenceSession.create(m.bytes, {
      executionProviders: ['wasm'], graphOptimizationLevel: 'all',
    });
  }
  return (op, data) => {
    const { rows, classes } = data;
    const model = models[op];
    const call = async () => {
      const feeds = { x: new ort.Tensor('float32', data.x, [rows, classes]) };
      if (op.startsWith('cross')) feeds.labels = new ort.Tensor('int64', data.y64, [rows]);
      if (model.extra) {
        feeds.depth = new ort.Tensor('int64', BigInt64Array.of(BigInt(classes)), [1]);
        feeds.off_on = new ort.Tensor('float32', Float32Array.of(0, 1), [2]);
        feeds.inv_n = new ort.Tensor('float32', Float32Array.of(1 / rows), [1]);
      }
      const r = await sessions[op].run(feeds);
      if (op === 'crossEntropy') return { loss: r.loss.data[0] };
      if (op === 'crossEntropyWithGrad') return { loss: r.loss.data[0], grad: r.grad.data };
      return r[model.output].data;
    };
    call.isAsync = true;
    return call;
  };
}

// --------------------------------------------------------------------------- main
const { load } = await import(path.join(root, 'dist', 'lib', 'index.js'));
const simd = await load({ variant: 'simd' });
const scalar = await load({ variant: 'scalar' });
const tf = await loadTf();
const ort = await loadOrt();
const ortMake = await ortImpl(ort);

console.log('native: running build/native/xent_bench');
const native = JSON.parse(execFileSync(path.join(root, 'build', 'native', 'xent_bench'),
  quick ? ['--quick'] : [], { encoding: 'utf8' }));

const IMPLS = [
  ['softmax-xent simd, zero-copy', softmaxXentImpl(simd, 'zero')],
  ['softmax-xent simd, copying', softmaxXentImpl(simd, 'copy')],
  ['softmax-xent simd, new result', softmaxXentImpl(simd, 'fresh')],
  ['softmax-xent scalar, zero-copy', softmaxXentImpl(scalar, 'zero')],
  ['softmax-xent scalar, copying', softmaxXentImpl(scalar, 'copy')],
  ['plain JS', (op, data) => () => plain[op](data)],
  ['TF.js wasm, kernel', tfImpl(tf, 'kernel')],
  ['TF.js wasm, with tensor I/O', tfImpl(tf, 'io')],
  ['onnxruntime-web', ortMake],
];
const SHORT = {
  'softmax-xent simd, zero-copy': 'sx zero', 'softmax-xent simd, copying': 'sx copy',
  'softmax-xent simd, new result': 'sx new',
  'softmax-xent scalar, zero-copy': 'scalar 0', 'softmax-xent scalar, copying': 'scalar c',
  'plain JS': 'plain JS', 'TF.js wasm, kernel': 'tf kern', 'TF.js wasm, with tensor I/O': 'tf I/O',
  'onnxruntime-web': 'ort', native: `native`,
};

const results = [];
for (const [rows, classes] of SHAPES) {
  const data = makeData(rows, classes);
  const ref = reference(data);
  const shape = `${rows}x${classes}`;
  for (const op of OPS) {
    const line = [];
    const entries = [];
    for (const [impl, make] of IMPLS) {
      const fn = make(op, data);
      const isAsync = fn.isAsync === true;
      const out = fn.check ? fn.check() : (isAsync ? await fn() : fn());
      entries.push({ impl, fn, isAsync, error: maxError(op, data, ref, out) });
    }
    const speeds = await measureInTurns(entries, data.n);
    entries.forEach((e, k) => {
      e.fn.release?.();
      results.push({ op, shape, impl: e.impl, elementsPerSecond: speeds[k], maxError: e.error });
      line.push(`${SHORT[e.impl]} ${(speeds[k] / 1e9).toFixed(3)}`);
    });
    for (const r of native.results.filter((x) => x.op === op && x.rows === rows && x.classes === classes)) {
      const impl = r.target === native.target ? 'native' : `native ${r.target}`;
      results.push({ op, shape, impl, elementsPerSecond: r.elementsPerSecond, maxError: r.maxError });
      line.push(`${SHORT[impl] ?? impl} ${(r.elementsPerSecond / 1e9).toFixed(3)}`);
    }
    console.log(`${op.padEnd(21)} ${shape.padEnd(10)} ${line.join('  ')}`);
  }
}
if (tf.memory().numTensors !== 0) throw new Error(`TF.js leaked ${tf.memory().numTensors} tensors`);

// ------------------------------------------------------------------------ report
const get = (op, shape, impl) => results.find((r) => r.op === op && r.shape === shape && r.impl === impl);
const ratio = (op, shape, a, b) => get(op, shape, a).elementsPerSecond / get(op, shape, b).elementsPerSecond;
const SX0 = 'softmax-xent simd, zero-copy', SXC = 'softmax-xent simd, copying';
const SXN = 'softmax-xent simd, new result';
const TFK = 'TF.js wasm, kernel', TFIO = 'TF.js wasm, with tensor I/O', ORT = 'onnxruntime-web';

// Each goal: the smallest ratio over the ops and shapes it covers must reach `target`.
function goal(name, target, pairs) {
  let worst = null;
  for (const [op, shape, a, b] of pairs) {
    const r = ratio(op, shape, a, b);
    if (!worst || r < worst.ratio) worst = { ratio: r, op, shape, a, b };
  }
  return { name, target, ratio: worst.ratio, at: `${worst.op} ${worst.shape}`, met: worst.ratio >= target };
}
const over = (ops, shapes, a, b) => ops.flatMap((op) => shapes.map((s) => [op, s, a, b]));
const LOSSES = ['logSoftmax', 'logSumExp', 'crossEntropy'];
const goals = [
  goal('softmax, copying path vs TF.js with tensor I/O', 1.3, over(['softmax'], LARGE, SXC, TFIO)),
  goal('softmax, copying path vs onnxruntime-web', 3, over(['softmax'], LARGE, SXC, ORT)),
  goal('softmax, zero-copy path vs TF.js kernel', 1.5, over(['softmax'], LARGE, SX0, TFK)),
  goal('logSoftmax, logSumExp, crossEntropy vs TF.js (zero-copy vs kernel, copying vs I/O)', 8,
    [...over(LOSSES, LARGE, SX0, TFK), ...over(LOSSES, LARGE, SXC, TFIO)]),
  goal('logSoftmax, logSumExp, crossEntropy, copying path vs onnxruntime-web', 3, over(LOSSES, LARGE, SXC, ORT)),
  goal('crossEntropyWithGrad vs TF.js (zero-copy vs kernel, copying vs I/O)', 20,
    [...over(['crossEntropyWithGrad'], LARGE, SX0, TFK), ...over(['crossEntropyWithGrad'], LARGE, SXC, TFIO)]),
  goal('crossEntropyWithGrad, copying path vs onnxruntime-web', 6, over(['crossEntropyWithGrad'], LARGE, SXC, ORT)),
  // Both allocate their result here.
  goal('10-class softmax through the API vs plain JS', 1, over(['softmax'], ['1x10'], SXN, 'plain JS')),
  goal('SIMD module vs scalar module (zero-copy, every op)', 3.5, over(OPS, LARGE, SX0, 'softmax-xent scalar, zero-copy')),
  goal('WASM SIMD vs native build (zero-copy, every op)', 0.5, over(OPS, LARGE, SX0, 'native')),
];

const impls = [...IMPLS.map(([name]) => name), ...new Set(results.map((r) => r.impl).filter((i) => i.startsWith('native')))];
const tableLines = [];
tableLines.push('| op | shape | ' + impls.join(' | ') + ' |');
tableLines.push('|---|---|' + impls.map(() => '---:').join('|') + '|');
for (const op of OPS) {
  for (const [rows, classes] of SHAPES) {
    const shape = `${rows}x${classes}`;
    const cells = impls.map((impl) => {
      const r = get(op, shape, impl);
      const g = r.elementsPerSecond / 1e9;
      return (g >= 0.1 ? g.toFixed(2) : g.toFixed(3)) + (r.maxError > 1e-4 ? ' (!)' : '');
    });
    tableLines.push(`| ${op} | [${rows}, ${classes}] | ${cells.join(' | ')} |`);
  }
}
// softmax-xent over each peer, path for path: the zero-copy path against kernels that
// also keep their data (TF.js kernel, native, the scalar module), the copying path
// against peers that copy too (plain JS, TF.js with I/O, onnxruntime-web).
const RATIOS = [
  [SX0, 'softmax-xent scalar, zero-copy', 'scalar'], [SXC, 'plain JS', 'plain JS'],
  [SX0, TFK, 'TF.js kernel'], [SXC, TFIO, 'TF.js + I/O'], [SXC, ORT, 'ORT-web'],
  [SX0, 'native', 'native'], [SX0, 'native SSE4', 'native SSE4'],
].filter(([, b]) => results.some((r) => r.impl === b));
const ratios = [];
const ratioLines = [`| op | shape | ${RATIOS.map(([a, , name]) => `${a === SX0 ? 'zero-copy' : 'copying'} ÷ ${name}`).join(' | ')} |`,
  `|---|---|${RATIOS.map(() => '---:').join('|')}|`];
for (const op of OPS) {
  for (const [rows, classes] of SHAPES) {
    const shape = `${rows}x${classes}`;
    const cells = RATIOS.map(([a, b, name]) => {
      const r = ratio(op, shape, a, b);
      ratios.push({ op, shape, of: a, over: b, ratio: r });
      return `${r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
    });
    ratioLines.push(`| ${op} | [${rows}, ${classes}] | ${cells.join(' | ')} |`);
  }
}
const goalLines = ['| goal (large shapes) | target | worst ratio | at | met |', '|---|---:|---:|---|---|'];
for (const g of goals) {
  goalLines.push(`| ${g.name} | ≥ ${g.target}× | ${g.ratio.toFixed(2)}× | ${g.at} | ${g.met ? 'yes' : '**no**'} |`);
}
const worstOwnError = Math.max(...results.filter((r) => r.impl.startsWith('softmax-xent') || r.impl.startsWith('native')).map((r) => r.maxError));
const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version,
  v8: process.versions.v8, nativeTarget: native.target, wasmTarget: simd.target,
  ...versions(ort),
  date: new Date().toISOString(), quick,
};
console.log(`\nG elements/s (median), ${machine.cpu}, Node ${machine.node}; (!) = error above 1e-4 of the scale`);
console.log(tableLines.join('\n'));
console.log('\nsoftmax-xent (SIMD) over each peer:');
console.log(ratioLines.join('\n'));
console.log('\n' + goalLines.join('\n'));
console.log(`\nworst error of softmax-xent (simd, scalar, native) against float64: ${worstOwnError.toExponential(2)} of the scale`);
mkdirSync(path.dirname(jsonPath), { recursive: true });
writeFileSync(jsonPath, JSON.stringify({ machine, shapes: SHAPES, ops: OPS, results, ratios, goals }, null, 2) + '\n');
console.log(`wrote ${path.relative(process.cwd(), jsonPath)}`);
if (!goals.every((g) => g.met)) {
  console.log(`goals not met: ${goals.filter((g) => !g.met).length} of ${goals.length}`);
  process.exitCode = 1;
} else {
  console.log(`every goal met (${goals.length})`);
}
