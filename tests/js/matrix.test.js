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

// name, the name of its first argument, call(first, options) with the first array
// argument replaced, output length, whether the first argument holds probabilities,
// whether `out` applies.
const FUNCTIONS = [
  ['softmax', 'x', (a, o) => api.softmax(a, o), 6, false, true],
  ['logSoftmax', 'x', (a, o) => api.logSoftmax(a, o), 6, false, true],
  ['logSumExp', 'x', (a, o) => api.logSumExp(a, o), 2, false, true],
  ['crossEntropy', 'logits', (a, o) => api.crossEntropy(a, [0, 2], o), 1, false, false],
  ['crossEntropyWithGrad', 'logits', (a, o) => api.crossEntropyWithGrad(a, [0, 2], o), 1, false, false],
  ['nllLoss', 'logProbs', (a, o) => api.nllLoss(a, [0, 2], o), 1, false, false],
  ['binaryCrossEntropy', 'p', (a, o) => api.binaryCrossEntropy(a, Y(), o), 1, true, false],
  ['binaryCrossEntropyWithGrad', 'p', (a, o) => api.binaryCrossEntropyWithGrad(a, Y(), o), 1, true, false],
  ['binaryCrossEntropyWithLogits', 'logits', (a, o) => api.binaryCrossEntropyWithLogits(a, Y(), o), 1, false, false],
  ['binaryCrossEntropyWithLogitsWithGrad', 'logits', (a, o) => api.binaryCrossEntropyWithLogitsWithGrad(a, Y(), o), 1, false, false],
  ['mse', 'input', (a, o) => api.mse(a, Y(), o), 1, false, false],
  ['mseWithGrad', 'input', (a, o) => api.mseWithGrad(a, Y(), o), 1, false, false],
  ['sigmoid', 'x', (a, o) => api.sigmoid(a, o), 6, false, true],
  ['sigmoidWithGrad', 'x', (a, o) => api.sigmoidWithGrad(a, o), 6, false, true],
  ['selfInformation', 'p', (a, o) => api.selfInformation(a, o), 6, true, true],
  ['entropy', 'p', (a, o) => api.entropy(a, o), 2, true, true],
  ['distributionCrossEntropy', 'p', (a, o) => api.distributionCrossEntropy(a, P(), o), 2, true, true],
  ['klDivergence', 'p', (a, o) => api.klDivergence(a, P(), o), 2, true, true],
  ['jsDivergence', 'p', (a, o) => api.jsDivergence(a, P(), o), 2, true, true],
];

function detached() {
  const a = new Float32Array(6);
  structuredClone(a.buffer, { transfer: [a.buffer] });
  return a;
}

// [description, first argument, options, expected error type ('ok': must not throw),
// the argument the message must name first ('first': the function's first argument)]
function mutations(name, probabilities) {
  const valid = probabilities ? P() : X();
  const cases = [
    ['a string', 'x', { classes: 3 }, TypeError, 'first'],
    ['null', null, { classes: 3 }, TypeError, 'first'],
    ['undefined', undefined, { classes: 3 }, TypeError, 'first'],
    ['a number', 3, { classes: 3 }, TypeError, 'first'],
    ['an Int8Array', new Int8Array(6), { classes: 3 }, TypeError, 'first'],
    ['an object', { length: 6 }, { classes: 3 }, TypeError, 'first'],
    ['a non-number entry', [0.1, '0.2', 0.3], {}, TypeError, 'first'],
    ['ragged rows', [[0.1, 0.2, 0.3], [0.4, 0.5]], {}, RangeError, 'first'],
    ['a row that is not an array', [[0.1, 0.2, 0.3], 0.4], {}, TypeError, 'first'],
    ['an empty array', [], {}, RangeError, 'first'],
    ['classes not dividing the length', valid, { classes: 4 }, RangeError, 'first'],
    ['classes = 0', valid, { classes: 0 }, RangeError, 'classes'],
    ['classes = 1.5', valid, { classes: 1.5 }, RangeError, 'classes'],
    ['classes as a string', valid, { classes: '3' }, TypeError, 'classes'],
    ['options not an object', valid, 7, TypeError, 'options'],
    ['a detached buffer', detached(), { classes: 3 }, TypeError, 'first'],
  ];
  if (probabilities) {
    cases.push(['a value above 1', new Float32Array([0.2, 1.5, 0.5, 0.1, 0.6, 0.3]), { classes: 3 }, RangeError, 'first']);
    cases.push(['a negative value', new Float32Array([0.2, -0.1, 0.5, 0.1, 0.6, 0.3]), { classes: 3 }, RangeError, 'first']);
    cases.push(['NaN', new Float32Array([0.2, NaN, 0.5, 0.1, 0.6, 0.3]), { classes: 3 }, RangeError, 'first']);
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
  for (const [name, firstName, call, outLength, probabilities, hasOut] of FUNCTIONS) {
    const cases = mutations(name, probabilities);
    if (hasOut) {
      cases.push(['out of the wrong length', probabilities ? P() : X(), { classes: 3, out: new Float32Array(outLength + 1) }, RangeError, 'out']);
      cases.push(['out of the wrong type', probabilities ? P() : X(), { classes: 3, out: new Array(outLength).fill(0) }, TypeError, 'out']);
    }
    for (const [what, first, options, expected, about] of cases) {
      const label = `${name} with ${what}`;
      tried += 1;
      if (expected === 'ok') {
        assert.doesNotThrow(() => call(first, options), label);
      } else {
        assert.throws(() => call(first, options), (e) => {
          assert.ok(e instanceof expected, `${label}: ${e.constructor.name}: ${e.message}`);
          // "fn: arg ..." or "fn: arg[i] ...": the function, then exactly that argument.
          const arg = about === 'first' ? firstName : about;
          assert.ok(e.message.startsWith(`${name}: ${arg} `) || e.message.startsWith(`${name}: ${arg}[`),
            `${label}: the message should start with "${name}: ${arg}": ${e.message}`);
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
  // kernels load and store through a stack buffer. Both as Float32Arrays and in the heap.
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
