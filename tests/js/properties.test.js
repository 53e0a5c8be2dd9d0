// Properties over random inputs (fast-check; a failure prints its seed and the shrunk
// counterexample): softmax sums to 1, is shift invariant and monotone; cross-entropy is
// >= 0 and equals logsumexp - z_y; KL >= 0; H(p, q) = H(p) + KL(p || q); JS <= ln 2;
// the fused gradient matches a finite difference. Magnitudes up to 1e30, -inf masks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { load } from '../../dist/lib/index.js';

const api = await load();
// A fixed seed keeps CI deterministic; set XENT_PROPERTY_SEED to explore other inputs.
const seed = Number(process.env.XENT_PROPERTY_SEED ?? 20261122);
const params = { seed, numRuns: 300 };
console.log(`fast-check seed ${seed} (rerun with XENT_PROPERTY_SEED=${seed})`);

const f32 = Math.fround;
const magnitude = fc.constantFrom(1, 10, 100, 1e4, 1e30);
// A row of logits: finite values of one magnitude, some masked to -inf, at least one finite.
const logitRow = (classes) => fc.tuple(magnitude, fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: classes, maxLength: classes }),
  fc.array(fc.boolean(), { minLength: classes, maxLength: classes }))
  .map(([m, xs, mask]) => xs.map((v, i) => (mask[i] && i > 0 ? -Infinity : f32(v * m))));
const batch = fc.record({ rows: fc.integer({ min: 1, max: 6 }), classes: fc.integer({ min: 2, max: 40 }) })
  .chain(({ rows, classes }) => fc.array(logitRow(classes), { minLength: rows, maxLength: rows }));
const distribution = (classes) => fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: classes, maxLength: classes })
  .filter((v) => v.some((x) => x > 1e-3))
  .map((v) => { const s = v.reduce((a, b) => a + b, 0); return v.map((x) => f32(x / s)); });
const pair = fc.integer({ min: 2, max: 30 }).chain((c) => fc.tuple(distribution(c), distribution(c)));

test('softmax rows sum to 1 and lie in [0, 1]', () => {
  fc.assert(fc.property(batch, (rows) => {
    const p = api.softmax(rows);
    const C = rows[0].length;
    for (let r = 0; r < rows.length; ++r) {
      let sum = 0;
      for (let c = 0; c < C; ++c) {
        const v = p[r * C + c];
        if (!(v >= 0 && v <= 1)) return false;
        sum += v;
      }
      if (Math.abs(sum - 1) > 2e-6) return false;
    }
    return true;
  }), params);
});

test('softmax is invariant to adding a constant (exact in float32)', () => {
  const ints = fc.integer({ min: 2, max: 30 }).chain((c) => fc.tuple(
    fc.array(fc.integer({ min: -60, max: 60 }), { minLength: c, maxLength: c }), fc.integer({ min: -1000, max: 1000 })));
  fc.assert(fc.property(ints, ([z, shift]) => {
    const a = api.softmax(z);
    const b = api.softmax(z.map((v) => v + shift));
    return a.every((v, i) => Math.abs(v - b[i]) <= 1e-6 * v + 1e-38);
  }), params);
});

test('raising one logit raises its probability and lowers the others', () => {
  const arb = fc.integer({ min: 2, max: 20 }).chain((c) => fc.tuple(
    fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: c, maxLength: c }),
    fc.integer({ min: 0, max: c - 1 }), fc.double({ min: 0.01, max: 5, noNaN: true })));
  fc.assert(fc.property(arb, ([z, i, delta]) => {
    const a = api.softmax(z);
    const raised = z.slice();
    raised[i] += delta;
    const b = api.softmax(raised);
    return b[i] >= a[i] && b.every((v, k) => k === i || v <= a[k]);
  }), params);
});

test('cross-entropy is >= 0 and equals logsumexp(z) - z_y', () => {
  const arb = batch.chain((rows) => fc.tuple(fc.constant(rows),
    fc.array(fc.integer({ min: 0, max: rows[0].length - 1 }), { minLength: rows.length, maxLength: rows.length })));
  fc.assert(fc.property(arb, ([rows, target]) => {
    const loss = api.crossEntropy(rows, target, { reduction: 'none' });
    const lse = api.logSumExp(rows);
    return target.every((y, r) => {
      if (!(loss[r] >= 0)) return false;
      const zy = f32(rows[r][y]);
      if (zy === -Infinity) return loss[r] === Infinity;
      const want = lse[r] - zy;
      return Math.abs(loss[r] - want) <= 1e-6 * (1 + Math.abs(want)) + 2e-7 * Math.abs(zy);
    });
  }), params);
});

test('KL >= 0, H(p, q) = H(p) + KL(p || q), 0 <= JS <= ln 2', () => {
  fc.assert(fc.property(pair, fc.constantFrom('e', 2, 10), ([p, q], base) => {
    const h = api.entropy(p, { base })[0];
    const hpq = api.distributionCrossEntropy(p, q, { base })[0];
    const kl = api.klDivergence(p, q, { base })[0];
    const js = api.jsDivergence(p, q, { base })[0];
    const ln2 = Math.LN2 / (base === 'e' ? 1 : Math.log(base));
    if (js < 0 || js > ln2 + 1e-6) return false;
    // q = 0 < p somewhere: both are +inf.
    if (!Number.isFinite(hpq) || !Number.isFinite(kl)) return hpq === Infinity && kl === Infinity;
    return kl >= -1e-6 && Math.abs(hpq - (h + kl)) <= 2e-6 * (1 + hpq) && js >= 0 && js <= ln2 + 1e-6;
  }), params);
});

test('the fused gradient matches a central finite difference', () => {
  const arb = fc.integer({ min: 2, max: 8 }).chain((c) => fc.tuple(
    fc.array(fc.integer({ min: -300, max: 300 }).map((v) => v / 100), { minLength: c, maxLength: c }),
    fc.integer({ min: 0, max: c - 1 }), fc.constantFrom(0, 0.1), fc.constantFrom(1, 2)));
  fc.assert(fc.property(arb, ([z, y, labelSmoothing, temperature]) => {
    const options = { labelSmoothing, temperature };
    const { grad } = api.crossEntropyWithGrad(z, [y], options);
    const h = 1 / 64; // exact in float32 for these logits
    return z.every((_, i) => {
      const up = z.slice();
      const down = z.slice();
      up[i] += h;
      down[i] -= h;
      const fd = (api.crossEntropy(up, [y], options) - api.crossEntropy(down, [y], options)) / (2 * h);
      return Math.abs(grad[i] - fd) <= 2e-3;
    });
  }), params);
});
