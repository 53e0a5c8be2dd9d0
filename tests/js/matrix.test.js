// The bad-input matrix: every public function x every class of invalid input gives the
// documented result or a TypeError/RangeError naming the argument, and after each case
// the module still computes correctly. Prints how many cases it tried.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../../dist/lib/index.js';

const api = await load();
const X = () => new Float32Array([0.5, -1, 2, 0.25, 0.1, 0.3]); // 2 rows x 3 classes
const P = () => new Float32Array([0.2, 0.3, 0.5, 0.1, 0.6, 0.3]);
const Y = () => new Float32Array([0, 1, 1, 0, 1, 0]);

// name, call(first, options) with the first array argument replaced, output length,
// whether the first argument holds probabilities, whether `out` applies.
const FUNCTIONS = [
  ['softmax', (a, o) => api.softmax(a, o), 6, false, true],
  ['logSoftmax', (a, o) => api.logSoftmax(a, o), 6, false, true],
  ['logSumExp', (a, o) => api.logSumExp(a, o), 2, false, true],
  ['crossEntropy', (a, o) => api.crossEntropy(a, [0, 2], o), 1, false, false],
  ['crossEntropyWithGrad', (a, o) => api.crossEntropyWithGrad(a, [0, 2], o), 1, false, false],
  ['nllLoss', (a, o) => api.nllLoss(a, [0, 2], o), 1, false, false],
  ['binaryCrossEntropy', (a, o) => api.binaryCrossEntropy(a, Y(), o), 1, true, false],
  ['binaryCrossEntropyWithGrad', (a, o) => api.binaryCrossEntropyWithGrad(a, Y(), o), 1, true, false],
  ['binaryCrossEntropyWithLogits', (a, o) => api.binaryCrossEntropyWithLogits(a, Y(), o), 1, false, false],
  ['binaryCrossEntropyWithLogitsWithGrad', (a, o) => api.binaryCrossEntropyWithLogitsWithGrad(a, Y(), o), 1, false, false],
  ['mse', (a, o) => api.mse(a, Y(), o), 1, false, false],
  ['mseWithGrad', (a, o) => api.mseWithGrad(a, Y(), o), 1, false, false],
  ['sigmoid', (a, o) => api.sigmoid(a, o), 6, false, true],
  ['sigmoidWithGrad', (a, o) => api.sigmoidWithGrad(a, o), 6, false, true],
  ['selfInformation', (a, o) => api.selfInformation(a, o), 6, true, true],
  ['entropy', (a, o) => api.entropy(a, o), 2, true, true],
  ['distributionCrossEntropy', (a, o) => api.distributionCrossEntropy(a, P(), o), 2, true, true],
  ['klDivergence', (a, o) => api.klDivergence(a, P(), o), 2, true, true],
  ['jsDivergence', (a, o) => api.jsDivergence(a, P(), o), 2, true, true],
];

function detached() {
  const a = new Float32Array(6);
  structuredClone(a.buffer, { transfer: [a.buffer] });
  return a;
}

// [description, first argument, options, expected error type (null: must not throw)]
function mutations(name, probabilities) {
  const valid = probabilities ? P() : X();
  const cases = [
    ['a string', 'x', { classes: 3 }, TypeError],
    ['null', null, { classes: 3 }, TypeError],
    ['undefined', undefined, { classes: 3 }, TypeError],
    ['a number', 3, { classes: 3 }, TypeError],
    ['an Int8Array', new Int8Array(6), { classes: 3 }, TypeError],
    ['an object', { length: 6 }, { classes: 3 }, TypeError],
    ['a non-number entry', [0.1, '0.2', 0.3], {}, TypeError],
    ['ragged rows', [[0.1, 0.2, 0.3], [0.4, 0.5]], {}, RangeError],
    ['a row that is not an array', [[0.1, 0.2, 0.3], 0.4], {}, TypeError],
    ['an empty array', [], {}, RangeError],
    ['classes not dividing the length', valid, { classes: 4 }, RangeError],
    ['classes = 0', valid, { classes: 0 }, RangeError],
    ['classes = 1.5', valid, { classes: 1.5 }, RangeError],
    ['classes as a string', valid, { classes: '3' }, TypeError],
    ['options not an object', valid, 7, TypeError],
    ['a detached buffer', detached(), { classes: 3 }, TypeError],
  ];
  if (probabilities) {
    cases.push(['a value above 1', new Float32Array([0.2, 1.5, 0.5, 0.1, 0.6, 0.3]), { classes: 3 }, RangeError]);
    cases.push(['a negative value', new Float32Array([0.2, -0.1, 0.5, 0.1, 0.6, 0.3]), { classes: 3 }, RangeError]);
    cases.push(['NaN', new Float32Array([0.2, NaN, 0.5, 0.1, 0.6, 0.3]), { classes: 3 }, RangeError]);
  } else {
    // Documented results, not errors: NaN propagates, infinities take their limits.
    cases.push(['NaN and infinities', new Float32Array([NaN, 1, 2, Infinity, -Infinity, 0]), { classes: 3 }, 'ok']);
  }
  return cases;
}

function checkStillWorks(label) {
  const p = api.softmax([1, 2, 0.5]);
  assert.ok(Math.abs(p[0] - 0.2312239) < 1e-7, `${label}: the module no longer computes correctly`);
}

test('every function x every class of invalid input', () => {
  let tried = 0;
  for (const [name, call, outLength, probabilities, hasOut] of FUNCTIONS) {
    const cases = mutations(name, probabilities);
    if (hasOut) {
      cases.push(['out of the wrong length', probabilities ? P() : X(), { classes: 3, out: new Float32Array(outLength + 1) }, RangeError]);
      cases.push(['out of the wrong type', probabilities ? P() : X(), { classes: 3, out: new Array(outLength).fill(0) }, TypeError]);
    }
    for (const [what, first, options, expected] of cases) {
      const label = `${name} with ${what}`;
      tried += 1;
      if (expected === 'ok') {
        assert.doesNotThrow(() => call(first, options), label);
      } else {
        assert.throws(() => call(first, options), (e) => {
          const types = expected ? [expected] : [TypeError, RangeError];
          assert.ok(types.some((T) => e instanceof T), `${label}: ${e.constructor.name}: ${e.message}`);
          assert.ok(e.message.startsWith(`${name}: `), `${label}: the message names the function: ${e.message}`);
          assert.match(e.message, /\b(x|p|logits|logProbs|input|classes|options|out)\b/, `${label}: names the argument: ${e.message}`);
          return true;
        }, label);
      }
      checkStillWorks(label);
    }
  }
  // Option values, per function family.
  const optionCases = [
    [() => api.softmax(X(), { classes: 3, temperature: 0 }), RangeError, /temperature/],
    [() => api.logSumExp(X(), { classes: 3, temperature: NaN }), RangeError, /temperature/],
    [() => api.crossEntropy(X(), [0, 2], { classes: 3, labelSmoothing: 2 }), RangeError, /labelSmoothing/],
    [() => api.crossEntropy(X(), [0, 2], { classes: 3, reduction: 'max' }), RangeError, /reduction/],
    [() => api.crossEntropy(X(), [0, 2], { classes: 3, weight: [1, 2] }), RangeError, /weight/],
    [() => api.crossEntropy(X(), [0, 3], { classes: 3 }), RangeError, /target\[1\] = 3/],
    [() => api.crossEntropy(X(), [0, -1], { classes: 3 }), RangeError, /target\[1\] = -1/],
    [() => api.crossEntropy(X(), [0, 0.5], { classes: 3 }), RangeError, /target\[1\] = 0\.5/],
    [() => api.crossEntropy(X(), [0, NaN], { classes: 3 }), RangeError, /target\[1\] = NaN/],
    [() => api.nllLoss(X(), [0, 5], { classes: 3 }), RangeError, /target\[1\] = 5/],
    [() => api.binaryCrossEntropy(P(), Y(), { classes: 3, weight: [1, 2] }), RangeError, /weight/],
    [() => api.binaryCrossEntropyWithLogits(X(), Y(), { classes: 3, posWeight: [1] }), RangeError, /posWeight/],
    [() => api.entropy(P(), { classes: 3, base: 1 }), RangeError, /base/],
    [() => api.klDivergence(P(), P(), { classes: 3, base: -1 }), RangeError, /base/],
    [() => api.klDivergence(P(), new Float32Array(3), { classes: 3 }), RangeError, /q has 1 rows/],
  ];
  for (const [call, type, pattern] of optionCases) {
    tried += 1;
    assert.throws(call, (e) => e instanceof type && pattern.test(e.message));
    checkStillWorks(String(pattern));
  }
  console.log(`bad-input matrix: ${tried} cases, each followed by a correct softmax`);
  assert.ok(tried > 300);
});

test('out may alias the input and gives the same result', () => {
  // 3 classes: shorter than a vector; 10 and 37: vectors plus a remainder, which the
  // kernels take as an overlapping last vector. Both as Float32Arrays and in the heap.
  const rows = (classes) => Float32Array.from({ length: 2 * classes }, (_, i) => 3 * Math.sin(0.7 * i));
  for (const classes of [3, 10, 37]) {
    for (const name of ['softmax', 'logSoftmax', 'sigmoid']) {
      const expected = api[name](rows(classes), { classes });
      const x = rows(classes);
      assert.equal(api[name](x, { classes, out: x }), x);
      assert.deepEqual(x, expected, `${name}, ${classes} classes`);
      const h = api.alloc(2 * classes);
      h.set(rows(classes));
      api[name](h, { classes, out: h });
      assert.deepEqual(h.array, expected, `${name} in the heap, ${classes} classes`);
      h.free();
    }
    const { grad } = api.crossEntropyWithGrad(rows(classes), [0, 2], { classes });
    const x = rows(classes);
    api.crossEntropyWithGrad(x, [0, 2], { classes, gradOut: x });
    assert.deepEqual(x, grad, `crossEntropyWithGrad, ${classes} classes`);
  }
});

test('NaN and infinities give the documented results', () => {
  const p = api.softmax([[NaN, 1, 2], [Infinity, 0, Infinity], [-Infinity, -Infinity, -Infinity]]);
  assert.ok(Number.isNaN(p[0]) && Number.isNaN(p[1]) && Number.isNaN(p[2]), 'a NaN makes its row NaN');
  assert.deepEqual(Array.from(p.subarray(3, 6)), [0.5, 0, 0.5], '+inf entries share the mass');
  assert.ok(Array.from(p.subarray(6)).every((v) => Math.abs(v - 1 / 3) < 1e-7), 'an all -inf row is uniform');
  assert.equal(api.binaryCrossEntropyWithLogits([Infinity, -Infinity], [1, 0], { reduction: 'sum' }), 0);
  assert.equal(api.crossEntropy([0, -Infinity, 1], [1]), Infinity);
  assert.equal(api.klDivergence([0.5, 0.5], [1, 0])[0], Infinity);
});

test('detached targets and outputs are named too', () => {
  const t = new Int32Array([0, 2]);
  structuredClone(t.buffer, { transfer: [t.buffer] });
  assert.throws(() => api.crossEntropy(X(), t, { classes: 3 }), /crossEntropy: target is backed by a detached ArrayBuffer/);
  assert.throws(() => api.softmax(X(), { classes: 3, out: detached() }), /softmax: out is backed by a detached ArrayBuffer/);
  checkStillWorks('detached');
});
