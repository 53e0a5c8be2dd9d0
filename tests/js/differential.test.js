// The random differential test (tests/data/oracle-differential.txt, 5040 cases written
// by scripts/gen_differential.py with a fixed seed: every function, option and
// reduction, logits up to +-3.4e38, huge offsets, -inf masks, subnormals, temperatures
// of 1e-3...1e3) against mpmath, through the package, with the SIMD and the scalar
// module, in three modes: plain arrays and new results; inputs and `out`/`gradOut` as
// subarrays at odd offsets; inputs and outputs in the wasm heap (alloc). The Catch2
// suite runs the same cases natively on every Highway target and as WASM.
// Regenerate (deterministic): python3 scripts/gen_differential.py
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../../dist/lib/index.js';
import { oracleCases, checkCase } from '../support/oracle.js';
import { VARIANTS } from '../support/variants.js';

const CASES = oracleCases('differential');

// Per function: how many array arguments come before the options, and the output
// length it writes for `n` inputs in `rows` rows (null: a reduced loss, no `out`).
const ROWS = (n, rows) => rows;
const ELEMENTS = (n) => n;
const PER_ROW_LOSS = (n, rows, o) => (o.reduction === 'none' ? rows : null);
const PER_ELEMENT_LOSS = (n, rows, o) => (o.reduction === 'none' ? n : null);
const OUTPUTS = {
  softmax: [1, ELEMENTS], logSoftmax: [1, ELEMENTS], logSumExp: [1, ROWS],
  selfInformation: [1, ELEMENTS], entropy: [1, ROWS], distributionCrossEntropy: [2, ROWS],
  klDivergence: [2, ROWS], jsDivergence: [2, ROWS], sigmoidWithGrad: [1, ELEMENTS],
  crossEntropy: [2, PER_ROW_LOSS], crossEntropyWithGrad: [2, PER_ROW_LOSS],
  nllLoss: [2, PER_ROW_LOSS], binaryCrossEntropyWithGrad: [2, PER_ELEMENT_LOSS],
  binaryCrossEntropyWithLogitsWithGrad: [2, PER_ELEMENT_LOSS], mseWithGrad: [2, PER_ELEMENT_LOSS],
};

// `api` with every call of OUTPUTS rewritten for `mode`: 'offset' passes each Float32Array
// argument and option as a subarray at an odd offset and gives `out`/`gradOut` the same
// way; 'heap' puts the first argument and the outputs in alloc() buffers.
function modeApi(api, mode) {
  if (mode === 'plain') return api;
  const offset = (v, at) => {
    const b = new Float32Array(v.length + 2 * at).fill(NaN);
    b.set(v, at);
    return b.subarray(at, at + v.length);
  };
  const wrapped = { ...api };
  for (const [name, [arrays, outLength]] of Object.entries(OUTPUTS)) {
    wrapped[name] = (...args) => {
      const held = [];
      const heap = (v) => {
        const h = api.alloc(v.length);
        held.push(h);
        h.set(v);
        return h;
      };
      const output = (length) => (mode === 'heap' ? heap(new Float32Array(length)) : offset(new Float32Array(length), 3));
      const plain = (r) => (r && typeof r === 'object' && 'array' in r ? Float32Array.from(r.array) : r);
      try {
        const options = { ...(args[arrays] ?? {}) };
        for (const key of ['weight', 'posWeight']) {
          if (options[key] instanceof Float32Array) options[key] = offset(options[key], 1);
        }
        const inputs = args.slice(0, arrays).map((v, i) => {
          if (!(v instanceof Float32Array)) return v;
          return mode === 'heap' && i === 0 ? heap(v) : offset(v, 1);
        });
        const n = inputs[0].length;
        const length = outLength(n, n / (options.classes ?? n), options);
        if (length !== null) options.out = output(length);
        if (name.endsWith('WithGrad')) options.gradOut = output(n);
        const r = api[name](...inputs, options);
        // The results must be the buffers passed in, or the mode tested nothing.
        if (r && typeof r === 'object' && 'grad' in r) {
          assert.equal(r.grad, options.gradOut, `${name}: grad is not gradOut`);
          if (options.out) assert.equal(r.loss ?? r.value, options.out, `${name}: result is not out`);
          return { ...r, loss: plain(r.loss), value: plain(r.value), grad: plain(r.grad) };
        }
        if (options.out) assert.equal(r, options.out, `${name}: result is not out`);
        return plain(r);
      } finally {
        for (const h of held) h.free();
      }
    };
  }
  return wrapped;
}

test('the differential data has over 5000 cases over every function', () => {
  assert.ok(CASES.length >= 5000, `${CASES.length} cases`);
  const ops = new Set(CASES.map((c) => c.op));
  for (const op of ['softmax', 'log_softmax', 'logsumexp', 'xent', 'xent_probs', 'nll', 'bce',
    'bce_logits', 'mse', 'sigmoid', 'self_info', 'entropy', 'xent_dist', 'kl', 'js']) {
    assert.ok(ops.has(op), `no ${op} case`);
  }
});

for (const variant of VARIANTS) {
  for (const mode of ['plain', 'offset', 'heap']) {
    test(`random differential cases vs mpmath (${variant} module, ${mode})`, async () => {
      const base = await load({ variant });
      const api = modeApi(base, mode);
      const heapBefore = base.heapBytes();
      let compared = 0;
      let worst = 0;
      for (const c of CASES) compared += checkCase(api, c, (key, r) => { worst = Math.max(worst, r); });
      console.log(`${variant} ${mode}: ${CASES.length} cases, ${compared} values within the bar, worst ${worst.toExponential(2)}`);
      assert.ok(compared > 40000);
      assert.equal(base.heapBytes(), heapBefore);
    });
  }
}
