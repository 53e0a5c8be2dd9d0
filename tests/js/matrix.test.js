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
  ['softmaxEntropy', 'logits', (a, o) => api.softmaxEntropy(a, o), 2, false, true],
  ['softmaxEntropyWithGrad', 'logits', (a, o) => api.softmaxEntropyWithGrad(a, o), 2, false, true],
  ['softmaxBackward', 'y', (a, o) => api.softmaxBackward(a, P(), o), 6, false, true],
  ['logSoftmaxBackward', 'y', (a, o) => api.logSoftmaxBackward(a, X(), o), 6, false, true],
  ['klDiv', 'input', (a, o) => api.klDiv(a, P(), o), 1, false, false],
  ['entr', 'x', (a, o) => api.entr(a, o), 6, false, true],
  ['relEntr', 'x', (a, o) => api.relEntr(a, P(), o), 6, false, true],
];

// The N-D arguments, for every function that reduces along an axis: [name, call(x,
// options)] with x of shape [2, 3] (P(): probabilities).
const AXIS_FUNCTIONS = [
  ['softmax', (x, o) => api.softmax(x, o)],
  ['logSoftmax', (x, o) => api.logSoftmax(x, o)],
  ['logSumExp', (x, o) => api.logSumExp(x, o)],
  ['softmaxEntropy', (x, o) => api.softmaxEntropy(x, o)],
  ['softmaxEntropyWithGrad', (x, o) => api.softmaxEntropyWithGrad(x, o)],
  ['softmaxBackward', (x, o) => api.softmaxBackward(x, P(), o)],
  ['logSoftmaxBackward', (x, o) => api.logSoftmaxBackward(x, P(), o)],
  ['entropy', (x, o) => api.entropy(x, o)],
  ['distributionCrossEntropy', (x, o) => api.distributionCrossEntropy(x, P(), o)],
  ['klDivergence', (x, o) => api.klDivergence(x, P(), o)],
  ['jsDivergence', (x, o) => api.jsDivergence(x, P(), o)],
];

// [description, options, error type, the argument the message names first]
const AXIS_CASES = [
  ['axis 2 of a 2-D input', { shape: [2, 3], axis: 2 }, RangeError, 'axis'],
  ['axis -3', { shape: [2, 3], axis: -3 }, RangeError, 'axis'],
  ['a fractional axis', { shape: [2, 3], axis: 1.5 }, RangeError, 'axis'],
  ['a string axis', { shape: [2, 3], axis: '1' }, TypeError, 'axis'],
  ['an object axis', { shape: [2, 3], axis: {} }, TypeError, 'axis'],
  ['a shape of the wrong product', { shape: [4, 2] }, RangeError, 'shape'],
  ['a shape that is no array', { shape: '2,3' }, TypeError, 'shape'],
  ['a shape with a negative size', { shape: [-2, -3] }, RangeError, 'shape[0]'],
  ['a shape with a fractional size', { shape: [2, 1.5] }, RangeError, 'shape[1]'],
  ['an empty shape', { shape: [] }, RangeError, 'shape'],
  ['33 dimensions', { shape: new Array(33).fill(1) }, RangeError, 'shape'],
  ['returnSign', { shape: [2, 3], returnSign: true }, TypeError, 'unknown option returnSign'],
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
    [() => api.binaryCrossEntropyWithLogits(X(), Y(), { classes: 3, posWeight: [1, 2] }), RangeError, /posWeight has 2 values, which do not broadcast/],
    [() => api.binaryCrossEntropyWithLogits(X(), Y(), { classes: 3, posWeight: new Float32Array(5) }), RangeError, /posWeight has 5 values/],
    [() => api.binaryCrossEntropy(P(), Y(), { shape: [3, 2], weight: [1, 2, 3] }), RangeError, /weight has 3 values/],
    [() => api.entropy(P(), { classes: 3, base: 1 }), RangeError, /base/],
    [() => api.klDivergence(P(), P(), { classes: 3, base: -1 }), RangeError, /base/],
    [() => api.klDivergence(P(), new Float32Array(3), { classes: 3 }), RangeError, /^klDivergence: q has 3 values, p has 6$/],
    [() => api.logSumExp(X(), { classes: 3, weights: new Float32Array(5) }), RangeError, /^logSumExp: weights has 5 values, x has 6$/],
    [() => api.logSumExp(X(), { classes: 3, axis: [0, 0] }), RangeError, /^logSumExp: axis\[1\] = 0 repeats/],
    [() => api.crossEntropy(new Float32Array(12), Int32Array.of(0, 1, 3, 0), { shape: [2, 3, 2] }), RangeError, /^crossEntropy: target\[2\] = 3 is not a class index in \[0, 3\)/],
    [() => api.crossEntropy(new Float32Array(12), [[0, 1, 1], [0, 1, 1]], { shape: [2, 3, 2] }), RangeError, /^crossEntropy: target has shape \[2, 3\]; class indices for these logits need \[2, 2\]/],
    [() => api.crossEntropy(new Float32Array(12), new Float32Array(6), { shape: [2, 3, 2] }), RangeError, /^crossEntropy: target has shape \[6\]; probability targets need/],
    [() => api.nllLoss(new Float32Array(12), Int32Array.of(0, 1, 2), { shape: [2, 3, 2] }), RangeError, /^nllLoss: target has 3 class indices, expected 4/],
    [() => api.klDiv(X(), P(), { reduction: 'max' }), RangeError, /^klDiv: reduction must be 'mean', 'sum', 'batchmean' or 'none'/],
    [() => api.klDiv(X(), Float32Array.of(0.1, 0.2, 2, 0, 0, 0)), RangeError, /^klDiv: target\[2\] = 2 is not a probability/],
    [() => api.klDiv(X(), P(), { logTarget: true }), RangeError, /^klDiv: target\[0\] = 0.2 is not a log-probability/],
    [() => api.klDiv(X(), P(), { logTarget: 1 }), TypeError, /^klDiv: logTarget must be true or false/],
    [() => api.softmaxBackward(P(), new Float32Array(5)), RangeError, /^softmaxBackward: dy has 5 values, y has 6$/],
    [() => api.relEntr(X(), new Float32Array(2)), RangeError, /^relEntr: y has 2 values, x has 6$/],
  ];
  for (const [call, type, pattern] of optionCases) {
    tried += 1;
    assert.throws(call, (e) => e instanceof type && pattern.test(e.message), String(pattern));
    checkStillWorks(String(pattern));
  }
  for (const [name, call] of AXIS_FUNCTIONS) {
    for (const [what, options, expected, about] of AXIS_CASES) {
      if (name === 'logSumExp' && what === 'returnSign') continue; // it has one
      const label = `${name} with ${what}`;
      tried += 1;
      assert.throws(() => call(P(), options), (e) => {
        assert.ok(e instanceof expected, `${label}: ${e.constructor.name}: ${e.message}`);
        assert.ok(e.message.startsWith(`${name}: ${about}`), `${label}: the message should start with "${name}: ${about}": ${e.message}`);
        return true;
      }, label);
      checkStillWorks(label);
    }
  }
  console.log(`bad-input matrix: ${tried} cases, each followed by a correct softmax`);
  assert.ok(tried > 500);
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
