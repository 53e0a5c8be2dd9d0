// Every number the lab and the widgets show, computed by the package: each function
// takes a loaded softmax-xent API and plain parameters and returns plain numbers and
// arrays. No DOM access (like playground's nn.ts, which never touches d3), and nothing
// from the lab or the widgets. The one deliberate exception to "from the package" is
// naiveSoftmax, the float32 exp(z)/sum exp(z) the overflow demo contrasts.

const f32 = Math.fround;

/** Softmax as tutorials first write it, in float32: overflows to Infinity/NaN. */
export function naiveSoftmax(z) {
  const e = z.map((v) => f32(Math.exp(f32(v))));
  let sum = 0;
  for (const v of e) sum = f32(sum + v);
  return { exp: e, sum, p: e.map((v) => f32(v / sum)) };
}

/** A log base as a control holds it ('e', '2', '10') -> the package's `base` option. */
export function baseValue(base) {
  return base === 'e' ? 'e' : Number(base);
}

/**
 * The target distribution of a cross-entropy: class `target` one-hot, or `soft` if
 * given, after label smoothing e: (1 - e) t + e / C.
 */
export function targetDistribution({ classes, target, soft = null, smoothing = 0 }) {
  const t = soft ?? Array.from({ length: classes }, (_, c) => (c === target ? 1 : 0));
  return t.map((v) => (1 - smoothing) * v + smoothing / classes);
}

/**
 * -log p[i, y_i] for rows of probabilities P (`classes` per row): nll_loss of log P,
 * with nllLoss's options (classes, ignoreIndex, reduction, base).
 */
export function probabilityLoss(api, P, labels, options) {
  const logP = api.selfInformation(P).map((v) => -v);
  return api.nllLoss(logP, labels, options);
}

/** The softmax of logits z at temperature T, its stages, and the shift demo. */
export function softmaxView(api, { logits, temperature = 1, shift = 0 }) {
  const z = logits;
  const T = temperature;
  const p = api.softmax(z, { temperature: T });
  const lse = api.logSumExp(z, { temperature: T })[0];
  const pMax = Math.max(...p);
  const shifted = z.map((v) => v + shift);
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
    shift,
    pShifted: Array.from(pShifted),
    shiftError,
    naive: naiveSoftmax(shifted.map((v) => v / T)),
  };
}

/**
 * The cross-entropy of logits against class `target` (or the distribution `soft`),
 * with label smoothing and temperature: the loss, the two forms of a hard target's
 * loss and H(t, q) = H(t) + KL(t||q), all in `base` units, and the gradient of the
 * loss in nats, (q - t) / T.
 */
export function crossEntropyView(api, { logits, temperature = 1, target, soft = null, smoothing = 0, base = 'e' }) {
  const z = logits;
  const T = temperature;
  const C = z.length;
  const baseOption = baseValue(base);
  const q = api.softmax(z, { temperature: T });
  const t = targetDistribution({ classes: C, target, soft, smoothing });
  const targets = soft ? new Float32Array(soft) : [target];
  const options = { temperature: T, labelSmoothing: smoothing };
  const { grad } = api.crossEntropyWithGrad(z, targets, options);
  const loss = api.crossEntropy(z, targets, { ...options, base: baseOption });
  const lse = api.logSumExp(z, { temperature: T })[0];
  const logq = api.logSoftmax(z, { temperature: T });
  const lnBase = baseOption === 'e' ? 1 : Math.log(baseOption);
  const tt = new Float32Array(t);
  return {
    classes: C,
    q: Array.from(q),
    t,
    hard: !soft && smoothing === 0,
    y: target,
    loss,
    // Seed 002's two forms of the same loss (hard target): -log q_y and lse - z_y, the
    // second in nats as its formula has it, and both in `base` units.
    negLogQy: api.nllLoss(logq, [target], { base: baseOption }),
    lseMinusZyNats: lse - z[target] / T,
    lseMinusZy: (lse - z[target] / T) / lnBase,
    lnBase,
    lse,
    zy: z[target] / T,
    H: api.entropy(tt, { base: baseOption })[0],
    Hpq: api.distributionCrossEntropy(tt, q, { base: baseOption })[0],
    KL: api.klDivergence(tt, q, { base: baseOption })[0],
    grad: Array.from(grad),
    base,
  };
}

/**
 * BCE and MSE for label y against `points` predictions q in (0, 1), with their
 * gradients with respect to q and, through a sigmoid, to the logit z in [-10, 10].
 */
export function bceCurves(api, { y, points = 199 }) {
  const qs = Float32Array.from({ length: points }, (_, i) => (i + 1) / (points + 1));
  const ys = new Float32Array(points).fill(y);
  const bce = api.binaryCrossEntropyWithGrad(qs, ys, { reduction: 'none' });
  const bceGrad = api.binaryCrossEntropyWithGrad(qs, ys, { reduction: 'sum' }).grad;
  const mse = api.mseWithGrad(qs, ys, { reduction: 'none' });
  const mseGrad = api.mseWithGrad(qs, ys, { reduction: 'sum' }).grad;
  const m = points + 2;
  const zs = Float32Array.from({ length: m }, (_, i) => -10 + (20 * i) / (m - 1));
  const zy = new Float32Array(m).fill(y);
  const s = api.sigmoidWithGrad(zs);
  const bceLogitGrad = api.binaryCrossEntropyWithLogitsWithGrad(zs, zy, { reduction: 'sum' }).grad;
  const mseOut = api.mseWithGrad(s.value, zy, { reduction: 'sum' }).grad;
  return {
    y,
    // The minimum of BCE over q, reached at q = y: the entropy of the label.
    hy: api.entropy([y, 1 - y])[0],
    q: Array.from(qs), bce: Array.from(bce.loss), bceGrad: Array.from(bceGrad),
    mse: Array.from(mse.loss), mseGrad: Array.from(mseGrad),
    z: Array.from(zs), bceLogitGrad: Array.from(bceLogitGrad),
    mseLogitGrad: Array.from(mseOut, (g, i) => g * s.grad[i]), // chain rule
  };
}

/** BCE and MSE at one prediction q for label y. */
export function bceAt(api, { y, q }) {
  const qq = Float32Array.of(q);
  return { q, bce: api.binaryCrossEntropy(qq, [y]), mse: api.mse(qq, [y]) };
}

// Loss surfaces over (p = true probability, q = prediction), as seed 004 plots them.
// They depend on nothing but the module, so they are computed once per module.
const surfaces = new WeakMap();
export function lossSurfaces(api) {
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

/**
 * Per-sample losses of a batch: rows of probabilities (kind 'probs') or logits, one
 * class label per row, in nats and in `base` units, with their mean and sum.
 */
export function batchView(api, { rows, labels, kind, ignoreIndex, base = 'e' }) {
  const C = rows[0].length;
  const flat = new Float32Array(rows.flat());
  const options = { classes: C, ignoreIndex };
  // Probabilities: -log p_y; logits go through softmax (the loss is the cross-entropy).
  const P = kind === 'probs' ? flat : api.softmax(flat, { classes: C });
  const loss = (reduction, b = 'e') => (kind === 'probs'
    ? probabilityLoss(api, P, labels, { ...options, reduction, base: baseValue(b) })
    : api.crossEntropy(flat, labels, { ...options, reduction, base: baseValue(b) }));
  return {
    classes: C, rows: rows.length, labels,
    ignored: labels.map((l) => l === ignoreIndex),
    p: Array.from(P),
    perSample: Array.from(loss('none')),
    perSampleBase: Array.from(loss('none', base)),
    mean: loss('mean'),
    sum: loss('sum'),
    meanBase: loss('mean', base),
    sumBase: loss('sum', base),
    base,
  };
}
