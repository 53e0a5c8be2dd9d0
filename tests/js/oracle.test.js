// Every function against the mpmath oracle (tests/data), through the built package,
// with every module this Node runs (tests/support/variants.js), plus the worked examples in the issue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, init, softmax, crossEntropy, relaxedSimdSupported } from '../../dist/lib/index.js';
import { oracleCases, runCase, compare, checkCase } from '../support/oracle.js';
import { VARIANTS, RELAXED_RUN } from '../support/variants.js';

const FAMILIES = ['softmax', 'xent', 'binary', 'entropy', 'extremes', 'tensor', 'axes'];

for (const variant of VARIANTS) {
  test(`oracle data through the package (${variant} module)`, async () => {
    const api = await load({ variant });
    assert.equal(api.variant, variant);
    const worst = new Map();
    let compared = 0;
    let expected = 0;
    for (const family of FAMILIES) {
      for (const c of oracleCases(family)) {
        for (const values of Object.values(c.want)) expected += values.length;
        compared += checkCase(api, c, (key, r) => worst.set(key, Math.max(worst.get(key) ?? 0, r)));
      }
    }
    console.log(`${variant} (${api.target}): ${compared} values within the bar; worst relative errors:`);
    for (const [key, value] of [...worst].sort()) console.log(`  ${key.padEnd(16)} ${value.toExponential(2)}`);
    assert.equal(compared, expected);
    assert.ok(compared > 100000);
  });
}

test('every log loss and its gradient in bits and hartleys: the oracle\'s nats divided by ln(base)', async () => {
  const api = await load();
  const LOSSES = ['xent', 'xent_probs', 'nll', 'bce', 'bce_logits'];
  let compared = 0;
  for (const base of [2, 10]) {
    const ln = Math.log(base);
    for (const family of ['xent', 'binary']) {
      for (const c of oracleCases(family).filter((k) => LOSSES.includes(k.op))) {
        // The same case with its expected values (and their scales) in base units.
        const scaled = (table) => Object.fromEntries(Object.entries(table).map(([k, v]) => [k, v.map((x) => x / ln)]));
        const inBase = { ...c, want: scaled(c.want), mag: scaled(c.mag) };
        const got = runCase(api, c, { base });
        for (const output of Object.keys(c.want)) {
          for (let i = 0; i < got[output].length; ++i) {
            const r = compare(inBase, output, i, got[output][i]);
            if (typeof r === 'string') assert.fail(`${c.name} ${output}[${i}] in base ${base}: ${r}`);
            ++compared;
          }
        }
      }
    }
  }
  assert.ok(compared > 10000, `${compared} values`);
  // mse is no log loss and takes no base.
  assert.throws(() => api.mse([1], [0], { base: 2 }), /mse: unknown option base/);
});

test('without the flag, Node falls back from relaxed SIMD to SIMD128', { skip: RELAXED_RUN }, async () => {
  assert.equal(relaxedSimdSupported(), false);
  await assert.rejects(load({ variant: 'relaxed' }), /load: this engine does not support relaxed SIMD/);
  assert.equal((await load()).variant, 'simd');
});

test('the README snippet gives PyTorch\'s numbers', async () => {
  const info = await init();
  // Node 20 runs WebAssembly SIMD, and relaxed SIMD only with the flag.
  assert.equal(info.variant, RELAXED_RUN ? 'relaxed' : 'simd');
  const p = softmax(new Float32Array([1, 2, 0.5]));
  assert.ok(p instanceof Float32Array);
  const torch = [0.2312239, 0.6285317, 0.1402444]; // torch.softmax(tensor([1., 2., .5]), 0)
  p.forEach((v, i) => assert.ok(Math.abs(v - torch[i]) < 5e-8, `p[${i}] = ${v}`));
  // F.cross_entropy(tensor([[1., 2., .5]]), tensor([0])) = 1.4643688
  assert.ok(Math.abs(crossEntropy([1, 2, 0.5], [0]) - 1.4643688) < 1e-7);
});

test('the README\'s N-D examples give SciPy\'s and PyTorch\'s numbers', async () => {
  const api = await load();
  // scipy.special.logsumexp([[0, 1], [2, 3]]) = log(1 + e + e^2 + e^3)
  const all = api.logSumExp([[0, 1], [2, 3]], { axis: null });
  assert.equal(typeof all, 'number');
  assert.ok(Math.abs(all - Math.log(1 + Math.E + Math.E ** 2 + Math.E ** 3)) < 1e-6, `${all}`);
  assert.equal(all.toPrecision(8), '3.4401898'); // as the README prints it
  const w = api.logSumExp([1, 2, 3], { weights: [1, -1, 0.5], returnSign: true });
  assert.ok(Math.abs(w.value[0] - Math.log(Math.E - Math.E ** 2 + 0.5 * Math.E ** 3)) < 1e-6);
  assert.equal(w.value[0].toPrecision(5), '1.6812');
  assert.equal(w.sign[0], 1);
  // F.binary_cross_entropy_with_logits(z, y, pos_weight=torch.tensor([2.])): pos_weight as
  // a number, as [2] and as one per class agree.
  const z = [[0.5, -1], [2, 0]];
  const y = [[1, 0], [0, 1]];
  const one = api.binaryCrossEntropyWithLogits(z, y, { posWeight: 2 });
  assert.equal(api.binaryCrossEntropyWithLogits(z, y, { posWeight: [2] }), one);
  assert.equal(api.binaryCrossEntropyWithLogits(z, y, { posWeight: [2, 2] }), one);
  const sp = (v) => Math.log1p(Math.exp(v));
  const want = (2 * sp(-0.5) + sp(-1) + sp(2) + 2 * sp(-0)) / 4;
  assert.ok(Math.abs(one - want) < 1e-6 * want, `${one} vs ${want}`);
});
