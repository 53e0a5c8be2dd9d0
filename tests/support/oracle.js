// Reads tests/data/oracle-*.txt (format: scripts/gen_oracle.py) for the JS tests.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dataDir = fileURLToPath(new URL('../data/', import.meta.url));

function number(token) {
  if (token === 'inf') return Infinity;
  if (token === '-inf') return -Infinity;
  if (token === 'nan') return NaN;
  return Number(token);
}

// The LCG of scripts/gen_oracle.py.
function lcg(count, seed, lo, hi) {
  const out = new Float32Array(count);
  let u = BigInt(seed);
  for (let i = 0; i < count; ++i) {
    u = (1664525n * u + 1013904223n) % 4294967296n;
    out[i] = lo + (hi - lo) * (Number(u) / 4294967296);
  }
  return out;
}

export function oracleCases(family) {
  const text = readFileSync(`${dataDir}oracle-${family}.txt`, 'utf8');
  const cases = [];
  let c = null;
  for (const line of text.split('\n')) {
    if (!line || line[0] === '#') continue;
    const [tag, ...rest] = line.split(' ');
    if (tag === 'case') c = { name: rest[0], opt: {}, in: {}, ints: {}, want: {}, mag: {} };
    else if (tag === 'op') c.op = rest[0];
    else if (tag === 'shape') [c.rows, c.classes] = rest.map(Number);
    else if (tag === 'dims') c.dims = rest.map(Number);
    else if (tag === 'opt') c.opt[rest[0]] = rest[1];
    else if (tag === 'end') cases.push(c);
    else if (tag === 'gen') c.in[rest[0]] = lcg(Number(rest[1]), Number(rest[2]), number(rest[3]), number(rest[4]));
    else {
      const values = rest.slice(2).map(number);
      if (values.length !== Number(rest[1])) throw new Error(`bad count in ${c.name}`);
      if (tag === 'arr') c.in[rest[0]] = Float32Array.from(values);
      else if (tag === 'int') c.ints[rest[0]] = Int32Array.from(values);
      else if (tag === 'exp') c.want[rest[0]] = values;
      else if (tag === 'mag') c.mag[rest[0]] = values;
      else throw new Error(`unknown tag ${tag}`);
    }
  }
  return cases;
}

// Runs one oracle case through an API object; returns { name: Float32Array }.
// `lossOptions` are added to the options of every loss (e.g. { base: 2 }).
export function runCase(api, c, lossOptions = {}) {
  // [rows, classes] (shape line), or the N-D shape of the axes family (dims line) with
  // its axis: an integer, a list or null.
  const layout = c.dims ? { shape: c.dims } : { classes: c.classes };
  const a = c.opt.axis;
  const along = a === undefined || ['xent', 'xent_probs', 'nll'].includes(c.op) ? layout
    : { ...layout, axis: a === 'null' ? null : a.includes(',') ? a.split(',').map(Number) : Number(a) };
  const reduction = c.opt.reduction ?? 'mean';
  const temperature = c.opt.temperature === undefined ? 1 : number(c.opt.temperature);
  const base = c.opt.base === undefined ? 'e' : number(c.opt.base);
  const x = c.in.x ?? c.in.p;
  const asArray = (v) => (typeof v === 'number' ? Float32Array.of(v) : v);
  switch (c.op) {
    case 'softmax': return { out: api.softmax(x, { ...along, temperature }) };
    case 'log_softmax': return { out: api.logSoftmax(x, { ...along, temperature }) };
    case 'logsumexp': return { out: asArray(api.logSumExp(x, { ...along, temperature })) };
    case 'xent':
    case 'xent_probs': {
      const options = {
        ...layout, reduction, temperature, weight: c.in.weight,
        labelSmoothing: c.opt.smoothing === undefined ? 0 : number(c.opt.smoothing),
        ignoreIndex: c.opt.ignore === undefined ? -100 : number(c.opt.ignore),
        base, ...lossOptions,
      };
      const target = c.op === 'xent' ? c.ints.target : c.in.target;
      const r = api.crossEntropyWithGrad(x, target, options);
      const lossOnly = api.crossEntropy(x, target, options);
      return { loss: asArray(r.loss), grad: r.grad, lossOnly: asArray(lossOnly) };
    }
    case 'nll':
      return {
        loss: asArray(api.nllLoss(x, c.ints.target, {
          ...layout, reduction, weight: c.in.weight,
          ignoreIndex: c.opt.ignore === undefined ? -100 : number(c.opt.ignore), base, ...lossOptions,
        })),
      };
    case 'bce': {
      const r = api.binaryCrossEntropyWithGrad(x, c.in.y, { ...layout, reduction, weight: c.in.weight, base, ...lossOptions });
      return { loss: asArray(r.loss), grad: r.grad };
    }
    case 'bce_logits': {
      const r = api.binaryCrossEntropyWithLogitsWithGrad(x, c.in.y, {
        ...layout, reduction, weight: c.in.weight, posWeight: c.in.pos_weight, base, ...lossOptions,
      });
      return { loss: asArray(r.loss), grad: r.grad };
    }
    case 'mse': {
      const r = api.mseWithGrad(x, c.in.y, { reduction });
      return { loss: asArray(r.loss), grad: r.grad };
    }
    case 'sigmoid': {
      const r = api.sigmoidWithGrad(x);
      return { out: r.value, grad: r.grad };
    }
    case 'self_info': return { out: api.selfInformation(x, { base }) };
    case 'logsumexp_b': {
      const r = api.logSumExp(x, { ...along, temperature, weights: c.in.b, returnSign: true });
      return { out: asArray(r.value), sign: asArray(r.sign) };
    }
    case 'softmax_entropy': {
      const r = api.softmaxEntropyWithGrad(x, { ...along, temperature, base });
      const entropy = api.softmaxEntropy(x, { ...along, temperature, base });
      assert.deepEqual(entropy, r.entropy, `${c.name}: entropy without gradient`);
      return { out: r.entropy, grad: r.grad };
    }
    case 'softmax_backward': return { out: api.softmaxBackward(x, c.in.dy, along) };
    case 'log_softmax_backward': return { out: api.logSoftmaxBackward(x, c.in.dy, along) };
    case 'entr': return { out: api.entr(x) };
    case 'rel_entr': return { out: api.relEntr(x, c.in.y) };
    case 'kl_div':
      return { loss: asArray(api.klDiv(x, c.in.target, { ...layout, reduction, logTarget: c.opt.log_target === '1' })) };
    case 'entropy': return { out: api.entropy(x, { ...along, base }) };
    case 'xent_dist': return { out: api.distributionCrossEntropy(x, c.in.q, { ...along, base }) };
    case 'kl': return { out: api.klDivergence(x, c.in.q, { ...along, base }) };
    case 'js': return { out: api.jsDivergence(x, c.in.q, { ...along, base }) };
    default: throw new Error(`unknown op ${c.op}`);
  }
}

// Below float's smallest normal only absolute accuracy exists: the bar applied at
// 2^-126 plus one subnormal step (kernels.h, tests/cpp/oracle.cc).
const SUBNORMAL_SLACK = 1e-6 * 2 ** -126 + 2 ** -149;

// The accuracy bar of tests/cpp/oracle.h. Returns the error relative to the bar's
// scale, or a string describing a mismatch.
export function compare(c, output, index, got) {
  const want = c.want[output][index];
  if (Number.isNaN(want)) return Number.isNaN(got) ? 0 : `got ${got}, want NaN`;
  if (!Number.isFinite(want)) return got === want ? 0 : `got ${got}, want ${want}`;
  if (Math.abs(want) > 3.4028234663852886e38) {
    return (!Number.isFinite(got) || Math.abs(got) === 3.4028234663852886e38) && (got < 0) === (want < 0)
      ? 0 : `got ${got}, want ${want} (beyond float range)`;
  }
  if (!Number.isFinite(got)) return `got ${got}, want ${want}`;
  let scale = Math.abs(want);
  if (c.mag[output]) scale = c.mag[output][index];
  else if ((c.op === 'log_softmax' || c.op === 'logsumexp') && output === 'out') scale = 1 + Math.abs(want);
  const err = Math.abs(got - want);
  if (err > 1e-6 * scale + SUBNORMAL_SLACK) return `got ${got}, want ${want} (error ${err}, allowed ${1e-6 * scale})`;
  return scale > 1e-30 ? err / scale : 0;
}

// Runs case `c` through `api` and asserts every output against the bar (and that the
// loss without a gradient equals the loss with one); calls record(key, error) for each
// value compared, key being the op (+ ' grad'). Returns the number of values compared.
export function checkCase(api, c, record = () => {}) {
  const got = runCase(api, c);
  if (got.lossOnly) assert.deepEqual(got.lossOnly, got.loss, `${c.name}: loss without gradient`);
  let compared = 0;
  for (const output of Object.keys(c.want)) {
    assert.equal(got[output].length, c.want[output].length, `${c.name} ${output} length`);
    for (let i = 0; i < got[output].length; ++i) {
      const r = compare(c, output, i, got[output][i]);
      if (typeof r === 'string') assert.fail(`${c.name} ${output}[${i}]: ${r}`);
      record(c.op + (output === 'grad' ? ' grad' : ''), r);
      ++compared;
    }
  }
  return compared;
}
