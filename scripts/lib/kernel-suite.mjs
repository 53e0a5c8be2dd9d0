// The kernel benchmark itself, shared by its two runtimes: Node (bench-kernels.mjs) and
// one headless Chromium page (bench-browser.mjs, through bench-browser-page.mjs). Nothing
// here imports from Node, so the page loads this file as it is.
//   - the implementations: plain JS, softmax-xent (every module variant, three paths),
//     TF.js's wasm backend (kernel, with tensor I/O) and onnxruntime-web;
//   - runSuite: every op and shape, each checked against a float64 reference, then
//     timed in turns (bench-timing.mjs);
//   - kernelGoals and report: the goals of the issues, the same in both runtimes.
import { makeData } from './bench-data.mjs';
import { measureInTurns } from './bench-timing.mjs';

export const SHAPES = [[1, 10], [64, 1000], [1024, 1000], [32, 32000], [4, 262144]];
export const LARGE = ['1024x1000', '32x32000'];
export const OPS = ['softmax', 'logSoftmax', 'logSumExp', 'crossEntropy', 'crossEntropyWithGrad'];
export const PATHS = [['zero', 'zero-copy'], ['copy', 'copying'], ['fresh', 'new result']];

// ------------------------------------------------------------------ data + reference
// Float64 log-softmax rows, the terms summed in increasing order with Neumaier's
// compensation; every check is measured against it.
export function reference(data) {
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
export function maxError(op, data, ref, out) {
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

// ------------------------------------------------------------------ implementations
// Plain JavaScript the way tutorials write it: max, exp, sum, divide; float64 maths,
// a new Float32Array per call.
export const plain = {
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
export function softmaxXentImpl(sx, mode) {
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
export function tfImpl(tf, mode) {
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

export async function ortImpl(ort, models) {
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


// ------------------------------------------------------------------------ the run
export const SX = (variant, path) => `softmax-xent ${variant}, ${PATHS.find(([m]) => m === path)[1]}`;
export const TFK = 'TF.js wasm, kernel';
export const TFIO = 'TF.js wasm, with tensor I/O';
export const ORT = 'onnxruntime-web';
export const PLAIN = 'plain JS';

/** Every softmax-xent module of `variants` this runtime runs: { sx, skipped } (variant -> reason). */
export async function loadModules(load, variants = ['relaxed', 'simd', 'scalar']) {
  const sx = {};
  const skipped = {};
  for (const variant of variants) {
    try {
      sx[variant] = await load({ variant });
    } catch (error) {
      skipped[variant] = error.message;
    }
  }
  return { sx, skipped };
}

/**
 * [name, make] for every implementation: each softmax-xent module in `sx` (variant ->
 * loaded API) on all three paths, then plain JS, TF.js and onnxruntime-web.
 */
export function implementations({ sx, tf, ortMake }) {
  const list = [];
  for (const [variant, api] of Object.entries(sx)) {
    for (const [mode] of PATHS) list.push([SX(variant, mode), softmaxXentImpl(api, mode)]);
  }
  list.push([PLAIN, (op, data) => () => plain[op](data)], [TFK, tfImpl(tf, 'kernel')],
    [TFIO, tfImpl(tf, 'io')], [ORT, ortMake]);
  return list;
}

const short = (impl) => impl.replace('softmax-xent ', '').replace(', zero-copy', ' 0')
  .replace(', copying', ' c').replace(', new result', ' new').replace('TF.js wasm, kernel', 'tf kern')
  .replace('TF.js wasm, with tensor I/O', 'tf I/O').replace('onnxruntime-web', 'ort');

/**
 * Checks every implementation on every op and shape against the float64 reference, then
 * times them in turns. `native`: xent_bench's JSON, whose rows join the results (as
 * 'native' for its best target, 'native SSE4' and so on). One progress line per op and
 * shape through `log`.
 */
export async function runSuite(impls, { quick = false, log = () => {}, native = null, shapes = SHAPES } = {}) {
  const results = [];
  for (const [rows, classes] of shapes) {
    const data = makeData(rows, classes);
    const ref = reference(data);
    const shape = `${rows}x${classes}`;
    for (const op of OPS) {
      const entries = [];
      for (const [impl, make] of impls) {
        const fn = make(op, data);
        const isAsync = fn.isAsync === true;
        const out = fn.check ? fn.check() : (isAsync ? await fn() : fn());
        entries.push({ impl, fn, isAsync, error: maxError(op, data, ref, out) });
      }
      const speeds = await measureInTurns(entries, data.n, quick);
      const line = [];
      entries.forEach((e, k) => {
        e.fn.release?.();
        results.push({ op, shape, impl: e.impl, elementsPerSecond: speeds[k], maxError: e.error });
        line.push(`${short(e.impl)} ${(speeds[k] / 1e9).toFixed(3)}`);
      });
      for (const r of native?.results.filter((x) => x.op === op && x.rows === rows && x.classes === classes) ?? []) {
        const impl = r.target === native.target ? 'native' : `native ${r.target}`;
        results.push({ op, shape, impl, elementsPerSecond: r.elementsPerSecond, maxError: r.maxError });
        line.push(`${impl} ${(r.elementsPerSecond / 1e9).toFixed(3)}`);
      }
      log(`${op.padEnd(21)} ${shape.padEnd(10)} ${line.join('  ')}`);
    }
  }
  return results;
}

// ------------------------------------------------------------------------ goals
const find = (results, op, shape, impl) => {
  const r = results.find((x) => x.op === op && x.shape === shape && x.impl === impl);
  if (!r) throw new Error(`bench: no result for ${impl} on ${op} ${shape}`);
  return r;
};
const ratioOf = (results, op, shape, a, b) =>
  find(results, op, shape, a).elementsPerSecond / find(results, op, shape, b).elementsPerSecond;
const over = (ops, shapes, a, b) => ops.flatMap((op) => shapes.map((s) => [op, s, a, b]));

/**
 * The goals of the performance issues, for the module `auto` (the one load() picks in
 * this runtime). Each goal is met when the smallest ratio over the ops and shapes it
 * covers reaches its target.
 */
export function kernelGoals(results, auto) {
  const z = SX(auto, 'zero'), c = SX(auto, 'copy'), f = SX(auto, 'fresh');
  const goal = (name, target, pairs) => {
    let worst = null;
    for (const [op, shape, a, b] of pairs) {
      const r = ratioOf(results, op, shape, a, b);
      if (!worst || r < worst.ratio) worst = { ratio: r, op, shape };
    }
    return { name, target, ratio: worst.ratio, at: `${worst.op} ${worst.shape}`, met: worst.ratio >= target };
  };
  const LOSSES = ['logSoftmax', 'logSumExp', 'crossEntropy'];
  const GRAD = ['crossEntropyWithGrad'];
  const goals = [
    goal('softmax, zero-copy path vs TF.js kernel', 1.5, over(['softmax'], LARGE, z, TFK)),
    goal('softmax, copying path vs TF.js with tensor I/O', 1.3, over(['softmax'], LARGE, c, TFIO)),
    goal('softmax, copying path vs onnxruntime-web', 3, over(['softmax'], LARGE, c, ORT)),
    goal('new-result path vs copying path (every op)', 0.8, over(OPS, LARGE, f, c)),
    goal('logSoftmax, logSumExp, crossEntropy vs TF.js (zero-copy vs kernel, copying vs I/O)', 8,
      [...over(LOSSES, LARGE, z, TFK), ...over(LOSSES, LARGE, c, TFIO)]),
    goal('logSoftmax, logSumExp, crossEntropy, copying path vs onnxruntime-web', 3, over(LOSSES, LARGE, c, ORT)),
    goal('crossEntropyWithGrad vs TF.js (zero-copy vs kernel, copying vs I/O)', 20,
      [...over(GRAD, LARGE, z, TFK), ...over(GRAD, LARGE, c, TFIO)]),
    goal('crossEntropyWithGrad, copying path vs onnxruntime-web', 6, over(GRAD, LARGE, c, ORT)),
    // Both allocate their result per call here.
    goal('[1, 10] through the API (new result) vs plain JS (every op)', 1, over(OPS, ['1x10'], f, PLAIN)),
  ];
  if (results.some((r) => r.impl === SX('scalar', 'zero'))) {
    goals.push(goal('SIMD module vs scalar module (zero-copy, every op)', 3.5, over(OPS, LARGE, z, SX('scalar', 'zero'))));
  }
  if (results.some((r) => r.impl === 'native SSE4')) {
    goals.push(goal('WASM vs native SSE4, as wide as SIMD128 (zero-copy, every op)', 0.9, over(OPS, LARGE, z, 'native SSE4')));
  }
  return goals;
}

// ------------------------------------------------------------------------ report
const fmtSpeed = (g) => (g >= 0.1 ? g.toFixed(2) : g >= 0.01 ? g.toFixed(3) : g.toFixed(4));

/** The table of speeds, softmax-xent's ratios over each peer, and the goals, as Markdown lines. */
export function report(results, goals, auto) {
  const impls = [...new Set(results.map((r) => r.impl))];
  const shapes = [...new Set(results.map((r) => r.shape))];
  const lines = ['| op | shape | ' + impls.join(' | ') + ' |', '|---|---|' + impls.map(() => '---:').join('|') + '|'];
  for (const op of OPS) {
    for (const shape of shapes) {
      const cells = impls.map((impl) => {
        const r = find(results, op, shape, impl);
        return fmtSpeed(r.elementsPerSecond / 1e9) + (r.maxError > 1e-4 ? ' (!)' : '');
      });
      lines.push(`| ${op} | [${shape.replace('x', ', ')}] | ${cells.join(' | ')} |`);
    }
  }
  // The zero-copy path against kernels that keep their data (TF.js kernel, native, the
  // scalar module), the copying path against peers that copy too.
  const z = SX(auto, 'zero'), c = SX(auto, 'copy');
  const pairs = [[z, SX('scalar', 'zero'), 'scalar'], [c, PLAIN, 'plain JS'], [z, TFK, 'TF.js kernel'],
    [c, TFIO, 'TF.js + I/O'], [c, ORT, 'ORT-web'], [z, 'native', 'native'], [z, 'native SSE4', 'native SSE4']]
    .filter(([, b]) => impls.includes(b));
  const ratios = [];
  lines.push('', `softmax-xent (${auto}) over each peer:`, '',
    `| op | shape | ${pairs.map(([a, , name]) => `${a === z ? 'zero-copy' : 'copying'} ÷ ${name}`).join(' | ')} |`,
    `|---|---|${pairs.map(() => '---:').join('|')}|`);
  for (const op of OPS) {
    for (const shape of shapes) {
      const cells = pairs.map(([a, b]) => {
        const r = ratioOf(results, op, shape, a, b);
        ratios.push({ op, shape, of: a, over: b, ratio: r });
        return `${r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
      });
      lines.push(`| ${op} | [${shape.replace('x', ', ')}] | ${cells.join(' | ')} |`);
    }
  }
  lines.push('', '| goal (large shapes unless named) | target | worst ratio | at | met |', '|---|---:|---:|---|---|');
  for (const g of goals) {
    lines.push(`| ${g.name} | ≥ ${g.target}× | ${g.ratio.toFixed(2)}× | ${g.at} | ${g.met ? 'yes' : '**no**'} |`);
  }
  const own = results.filter((r) => r.impl.startsWith('softmax-xent') || r.impl.startsWith('native'));
  lines.push('', `worst error of softmax-xent (every module, native) against float64: ${Math.max(...own.map((r) => r.maxError)).toExponential(2)} of the scale`);
  return { lines, ratios };
}
