// compute(state, api) -> view: every number the lab shows, from the package. No DOM
// access here (like playground's nn.ts, which never touches d3). The one deliberate
// exception is naiveSoftmax, the float32 exp(z)/sum exp(z) the overflow demo contrasts.

const f32 = Math.fround;

/** Softmax as tutorials first write it, in float32: overflows to Infinity/NaN. */
export function naiveSoftmax(z) {
  const e = z.map((v) => f32(Math.exp(f32(v))));
  let sum = 0;
  for (const v of e) sum = f32(sum + v);
  return { exp: e, sum, p: e.map((v) => f32(v / sum)) };
}

export function baseValue(base) {
  return base === 'e' ? 'e' : Number(base);
}

/** The target distribution of the cross-entropy section, after label smoothing. */
export function targetDistribution(state) {
  const C = state.logits.length;
  const hard = Array.from({ length: C }, (_, c) => (c === state.target ? 1 : 0));
  const t = state.soft ?? hard;
  const e = state.smoothing;
  return t.map((v) => (1 - e) * v + e / C);
}

function softmaxSection(state, api) {
  const z = state.logits;
  const T = state.temperature;
  const p = api.softmax(z, { temperature: T });
  const lse = api.logSumExp(z, { temperature: T })[0];
  const pMax = Math.max(...p);
  const shifted = z.map((v) => v + state.shift);
  const pShifted = api.softmax(shifted, { temperature: T });
  let shiftError = 0;
  p.forEach((v, i) => { shiftError = Math.max(shiftError, Math.abs(v - pShifted[i])); });
  return {
    logits: z,
    scaled: z.map((v) => v / T),
    // exp(z_i - max z) = p_i / p_max and sum_j exp(z_j - max z) = 1 / p_max.
    exps: Array.from(p, (v) => v / pMax),
    sumExp: 1 / pMax,
    p: Array.from(p),
    lse,
    shift: state.shift,
    pShifted: Array.from(pShifted),
    shiftError,
    naive: naiveSoftmax(shifted.map((v) => v / T)),
  };
}

function xentSection(state, api) {
  const z = state.logits;
  const T = state.temperature;
  const base = baseValue(state.base);
  const C = z.length;
  const q = api.softmax(z, { temperature: T });
  const t = targetDistribution(state);
  const target = state.soft ? new Float32Array(state.soft) : [state.target];
  const options = { temperature: T, labelSmoothing: state.smoothing };
  const { loss, grad } = api.crossEntropyWithGrad(z, target, options);
  const lse = api.logSumExp(z, { temperature: T })[0];
  const logq = api.logSoftmax(z, { temperature: T });
  const tt = new Float32Array(t);
  const H = api.entropy(tt, { base })[0];
  const Hpq = api.distributionCrossEntropy(tt, q, { base })[0];
  const KL = api.klDivergence(tt, q, { base })[0];
  const y = state.target;
  return {
    classes: C,
    q: Array.from(q),
    t,
    hard: !state.soft && state.smoothing === 0,
    y,
    loss,
    // Seed 002's two forms of the same loss (hard target): -log q_y and lse - z_y.
    negLogQy: -logq[y],
    lseMinusZy: lse - z[y] / T,
    lse,
    zy: z[y] / T,
    H, Hpq, KL,
    grad: Array.from(grad),
    base: state.base,
  };
}

// Loss surfaces over (p = true probability, q = prediction), as seed 004 plots them.
// They depend on nothing in the state, so they are computed once per module.
const surfaces = new WeakMap();
function lossSurfaces(api) {
  if (surfaces.has(api)) return surfaces.get(api);
  const g = 41;
  const P = new Float32Array(g * g);
  const Q = new Float32Array(g * g);
  for (let i = 0; i < g; ++i) {
    for (let j = 0; j < g; ++j) {
      P[i * g + j] = (i + 0.5) / g;
      Q[i * g + j] = (j + 0.5) / g;
    }
  }
  const surface = {
    size: g,
    p: Array.from(P), q: Array.from(Q),
    bce: Array.from(api.binaryCrossEntropy(Q, P, { reduction: 'none' })),
    mse: Array.from(api.mse(Q, P, { reduction: 'none' })),
  };
  surfaces.set(api, surface);
  return surface;
}

function bceSection(state, api) {
  const y = state.y;
  const n = 199;
  const qs = Float32Array.from({ length: n }, (_, i) => (i + 1) / (n + 1));
  const ys = new Float32Array(n).fill(y);
  const bce = api.binaryCrossEntropyWithGrad(qs, ys, { reduction: 'none' });
  const bceGrad = api.binaryCrossEntropyWithGrad(qs, ys, { reduction: 'sum' }).grad;
  const mse = api.mseWithGrad(qs, ys, { reduction: 'none' });
  const mseGrad = api.mseWithGrad(qs, ys, { reduction: 'sum' }).grad;
  const hy = api.entropy([y, 1 - y])[0];
  // Gradients with respect to the logit z, through a sigmoid.
  const m = 201;
  const zs = Float32Array.from({ length: m }, (_, i) => -10 + (20 * i) / (m - 1));
  const zy = new Float32Array(m).fill(y);
  const s = api.sigmoidWithGrad(zs);
  const bceLogitGrad = api.binaryCrossEntropyWithLogitsWithGrad(zs, zy, { reduction: 'sum' }).grad;
  const mseOut = api.mseWithGrad(s.value, zy, { reduction: 'sum' }).grad;
  const mseLogitGrad = Array.from(mseOut, (g, i) => g * s.grad[i]); // chain rule
  // The marker: the loss and gradients at the chosen q.
  const qq = Float32Array.of(state.q);
  const at = {
    q: state.q,
    bce: api.binaryCrossEntropy(qq, [y]),
    mse: api.mse(qq, [y]),
  };
  const surface = lossSurfaces(api);
  return {
    y, hy, at,
    q: Array.from(qs), bce: Array.from(bce.loss), bceGrad: Array.from(bceGrad),
    mse: Array.from(mse.loss), mseGrad: Array.from(mseGrad),
    z: Array.from(zs), bceLogitGrad: Array.from(bceLogitGrad), mseLogitGrad,
    surface,
  };
}

function batchSection(state, api) {
  const rows = state.batch;
  const C = rows[0].length;
  const flat = new Float32Array(rows.flat());
  const labels = state.batchLabels;
  const base = baseValue(state.base);
  const options = { classes: C, ignoreIndex: state.ignoreIndex };
  try {
    // Probabilities: -log p_y is the self-information of p_y; logits go through softmax.
    const P = state.batchKind === 'probs' ? flat : api.softmax(flat, { classes: C });
    const perSampleNats = state.batchKind === 'probs'
      ? api.nllLoss(api.selfInformation(P).map((v) => -v), labels, { ...options, reduction: 'none' })
      : api.crossEntropy(flat, labels, { ...options, reduction: 'none' });
    const logPBase = api.selfInformation(P, { base }).map((v) => -v);
    const inBase = (reduction) => api.nllLoss(logPBase, labels, { ...options, reduction });
    const reduce = (reduction) => (state.batchKind === 'probs'
      ? api.nllLoss(api.selfInformation(P).map((v) => -v), labels, { ...options, reduction })
      : api.crossEntropy(flat, labels, { ...options, reduction }));
    const ignored = labels.map((l) => l === state.ignoreIndex);
    return {
      classes: C, rows: rows.length, labels, ignored,
      p: Array.from(P),
      perSample: Array.from(perSampleNats),
      perSampleBase: Array.from(inBase('none')),
      mean: reduce('mean'),
      sum: reduce('sum'),
      meanBase: inBase('mean'),
      sumBase: inBase('sum'),
      base: state.base,
      reduction: state.reduction,
      error: null,
    };
  } catch (e) {
    // The package names the bad argument; the page shows its message.
    return { classes: C, rows: rows.length, error: e.message };
  }
}

/** The view of the active section. */
export function compute(state, api) {
  switch (state.section) {
    case 'softmax': return { section: 'softmax', softmax: softmaxSection(state, api) };
    case 'xent': return { section: 'xent', xent: xentSection(state, api) };
    case 'bce': return { section: 'bce', bce: bceSection(state, api) };
    case 'batch': return { section: 'batch', batch: batchSection(state, api) };
    default: return { section: 'examples' };
  }
}
