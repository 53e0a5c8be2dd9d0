// Every invalid input throws a TypeError or RangeError that names the argument, and
// the module keeps working afterwards; calling before init() says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../../dist/lib/index.js';

const x = [1, 2, 0.5];
const m2 = [[1, 2, 0.5], [0, 0, 0]];

// [description, call(api), error type, message pattern]
const CASES = [
  ['softmax: wrong type', (a) => a.softmax('1,2,3'), TypeError, /softmax: x must be/],
  ['softmax: object', (a) => a.softmax({ length: 3 }), TypeError, /softmax: x must be/],
  ['softmax: Int32Array', (a) => a.softmax(new Int32Array(3)), TypeError, /softmax: x must be/],
  ['softmax: non-number entry', (a) => a.softmax([1, '2', 3]), TypeError, /softmax: x\[1\] is string/],
  ['softmax: ragged rows', (a) => a.softmax([[1, 2], [3]]), RangeError, /softmax: x is ragged: row 1/],
  ['softmax: row not an array', (a) => a.softmax([[1, 2], 3]), TypeError, /softmax: x\[1\]/],
  ['softmax: empty without classes', (a) => a.softmax([]), RangeError, /softmax: x is empty/],
  ['softmax: classes does not divide', (a) => a.softmax([1, 2, 3, 4], { classes: 3 }), RangeError, /softmax: x has 4 values, which classes = 3/],
  ['softmax: classes 0', (a) => a.softmax(x, { classes: 0 }), RangeError, /softmax: classes must be a positive integer/],
  ['softmax: classes 1.5', (a) => a.softmax(x, { classes: 1.5 }), RangeError, /softmax: classes/],
  ['softmax: classes string', (a) => a.softmax(x, { classes: '3' }), TypeError, /softmax: classes must be a number/],
  ['softmax: classes mismatch nested', (a) => a.softmax(m2, { classes: 2 }), RangeError, /classes is 2 but the rows of x have 3/],
  ['softmax: temperature 0', (a) => a.softmax(x, { temperature: 0 }), RangeError, /softmax: temperature must be a positive finite number/],
  ['softmax: temperature -1', (a) => a.softmax(x, { temperature: -1 }), RangeError, /temperature/],
  ['softmax: temperature NaN', (a) => a.softmax(x, { temperature: NaN }), RangeError, /temperature/],
  ['softmax: temperature Infinity', (a) => a.softmax(x, { temperature: Infinity }), RangeError, /temperature/],
  ['softmax: temperature 1e-50', (a) => a.softmax(x, { temperature: 1e-50 }), RangeError, /temperature .* float32/],
  ['softmax: a subnormal temperature', (a) => a.softmax(x, { temperature: 1e-40 }), RangeError, /softmax: temperature 1e-40 is outside float32's normal range/],
  ['crossEntropy: temperature past float32', (a) => a.crossEntropy(x, [0], { temperature: 3.5e38 }), RangeError, /crossEntropy: temperature 3.5e\+38 is outside float32's normal range/],
  ['softmax: temperature string', (a) => a.softmax(x, { temperature: '2' }), TypeError, /temperature must be a number/],
  ['softmax: options not object', (a) => a.softmax(x, 3), TypeError, /softmax: options must be an object/],
  ['softmax: out wrong length', (a) => a.softmax(x, { out: new Float32Array(2) }), RangeError, /softmax: out has length 2, expected 3/],
  ['softmax: out wrong type', (a) => a.softmax(x, { out: new Float64Array(3) }), TypeError, /softmax: out must be a Float32Array/],
  ['logSumExp: out wrong length', (a) => a.logSumExp(m2, { out: new Float32Array(3) }), RangeError, /logSumExp: out has length 3, expected 2/],
  ['crossEntropy: class index too big', (a) => a.crossEntropy(x, [3]), RangeError, /crossEntropy: target\[0\] = 3 is not a class index in \[0, 3\)/],
  ['crossEntropy: negative class index', (a) => a.crossEntropy(m2, [0, -1]), RangeError, /crossEntropy: target\[1\] = -1/],
  ['crossEntropy: fractional class index', (a) => a.crossEntropy(x, [0.5]), RangeError, /crossEntropy: target\[0\] = 0.5 is not an integer/],
  ['crossEntropy: NaN class index', (a) => a.crossEntropy(x, [NaN]), RangeError, /crossEntropy: target\[0\] = NaN/],
  ['crossEntropy: string class index', (a) => a.crossEntropy(x, ['0']), TypeError, /crossEntropy: target\[0\] is string/],
  ['crossEntropy: target count', (a) => a.crossEntropy(m2, [0]), RangeError, /crossEntropy: target has 1 class indices, expected one per row \(2\)/],
  ['crossEntropy: target type', (a) => a.crossEntropy(x, 'cat'), TypeError, /crossEntropy: target must be/],
  ['crossEntropy: probability shape', (a) => a.crossEntropy(m2, new Float32Array(3)), RangeError, /crossEntropy: target has 3 values; probability targets need the logits' shape/],
  ['crossEntropy: labelSmoothing 1.5', (a) => a.crossEntropy(x, [0], { labelSmoothing: 1.5 }), RangeError, /crossEntropy: labelSmoothing must be in \[0, 1\]/],
  ['crossEntropy: labelSmoothing -0.1', (a) => a.crossEntropy(x, [0], { labelSmoothing: -0.1 }), RangeError, /labelSmoothing/],
  ['crossEntropy: labelSmoothing NaN', (a) => a.crossEntropy(x, [0], { labelSmoothing: NaN }), RangeError, /labelSmoothing/],
  ['crossEntropy: reduction', (a) => a.crossEntropy(x, [0], { reduction: 'avg' }), RangeError, /crossEntropy: reduction must be 'mean', 'sum' or 'none'/],
  ['crossEntropy: weight length', (a) => a.crossEntropy(x, [0], { weight: [1, 2] }), RangeError, /crossEntropy: weight has 2 values, expected one per class \(3\)/],
  ['crossEntropy: weight type', (a) => a.crossEntropy(x, [0], { weight: 'heavy' }), TypeError, /crossEntropy: weight must be/],
  ['crossEntropy: ignoreIndex 1.5', (a) => a.crossEntropy(x, [0], { ignoreIndex: 1.5 }), RangeError, /crossEntropy: ignoreIndex must be a 32-bit integer/],
  ['crossEntropy: temperature', (a) => a.crossEntropy(x, [0], { temperature: 0 }), RangeError, /crossEntropy: temperature/],
  ['crossEntropy: out with none', (a) => a.crossEntropy(m2, [0, 1], { reduction: 'none', out: new Float32Array(3) }), RangeError, /crossEntropy: out has length 3, expected 2/],
  ['crossEntropyWithGrad: gradOut length', (a) => a.crossEntropyWithGrad(x, [0], { gradOut: new Float32Array(2) }), RangeError, /crossEntropyWithGrad: gradOut has length 2, expected 3/],
  ['nllLoss: class index', (a) => a.nllLoss(x, [7]), RangeError, /nllLoss: target\[0\] = 7/],
  ['nllLoss: reduction', (a) => a.nllLoss(x, [0], { reduction: 'all' }), RangeError, /nllLoss: reduction/],
  ['binaryCrossEntropy: p > 1', (a) => a.binaryCrossEntropy([0.5, 1.2], [0, 1]), RangeError, /binaryCrossEntropy: p\[1\] = 1.2\d* is not a probability in \[0, 1\]/],
  ['binaryCrossEntropy: p < 0', (a) => a.binaryCrossEntropy([-0.1], [0]), RangeError, /binaryCrossEntropy: p\[0\] = -0.1/],
  ['binaryCrossEntropy: p NaN', (a) => a.binaryCrossEntropy([NaN], [0]), RangeError, /binaryCrossEntropy: p\[0\] = NaN/],
  ['binaryCrossEntropy: shapes', (a) => a.binaryCrossEntropy([[0.5, 0.5]], [[1, 0], [0, 1]]), RangeError, /^binaryCrossEntropy: target has shape \[2, 2\], p has \[1, 2\]$/],
  ['binaryCrossEntropy: weight length', (a) => a.binaryCrossEntropy([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0], { classes: 2, weight: [1, 2, 3] }), RangeError, /^binaryCrossEntropy: weight has 3 values, which do not broadcast against the input's shape \[2, 2\]: expected 1, 2 \(one per class, the last axis\) or 4 \(one per element\)$/],
  ['binaryCrossEntropyWithLogits: posWeight length', (a) => a.binaryCrossEntropyWithLogits([0, 1, 2], [0, 1, 1], { posWeight: [1, 2] }), RangeError, /binaryCrossEntropyWithLogits: posWeight has 2 values, which do not broadcast against the input's shape \[3\]/],
  ['mse: shapes', (a) => a.mse([1, 2, 3], [1, 2]), RangeError, /mse: target has 2 values, input has 3/],
  ['entropy: base 1', (a) => a.entropy([0.5, 0.5], { base: 1 }), RangeError, /entropy: base must be 'e' or a positive finite number other than 1/],
  ['entropy: base 0', (a) => a.entropy([0.5, 0.5], { base: 0 }), RangeError, /entropy: base/],
  ['entropy: base -2', (a) => a.entropy([0.5, 0.5], { base: -2 }), RangeError, /entropy: base/],
  ['entropy: base string', (a) => a.entropy([0.5, 0.5], { base: 'two' }), TypeError, /entropy: base must be 'e' or a number/],
  ['entropy: negative p', (a) => a.entropy([-0.5, 1.5]), RangeError, /entropy: p\[0\] = -0.5 is not a probability/],
  ['klDivergence: q > 1', (a) => a.klDivergence([0.5, 0.5], [2, 0]), RangeError, /klDivergence: q\[0\] = 2 is not a probability/],
  ['klDivergence: q rows', (a) => a.klDivergence([[0.5, 0.5]], [[0.5, 0.5], [1, 0]]), RangeError, /^klDivergence: q has shape \[2, 2\], p has \[1, 2\]$/],
  ['jsDivergence: q missing', (a) => a.jsDivergence([0.5, 0.5]), TypeError, /jsDivergence: q must be/],
  ['selfInformation: p > 1', (a) => a.selfInformation([3]), RangeError, /selfInformation: p\[0\] = 3/],
  // N-D: axes, shapes, targets and broadcasts.
  ['softmax: axis out of range', (a) => a.softmax(m2, { axis: 2 }), RangeError, /^softmax: axis 2 is out of range for a 2-D input \(valid: -2 to 1\)$/],
  ['softmax: axis -3', (a) => a.softmax(m2, { axis: -3 }), RangeError, /^softmax: axis -3 is out of range/],
  ['softmax: fractional axis', (a) => a.softmax(m2, { axis: 0.5 }), RangeError, /^softmax: axis must be an integer, got 0.5$/],
  ['softmax: axis string', (a) => a.softmax(m2, { axis: '0' }), TypeError, /^softmax: axis must be an integer, got string 0$/],
  ['softmax: axis null', (a) => a.softmax(m2, { axis: null }), TypeError, /^softmax: axis must be an integer, got null$/],
  ['softmax: shape product', (a) => a.softmax(x, { shape: [2, 2] }), RangeError, /^softmax: shape \[2, 2\] holds 4 values but x has 3$/],
  ['softmax: shape not an array', (a) => a.softmax(x, { shape: 3 }), TypeError, /^softmax: shape must be an array of dimension sizes, got number 3$/],
  ['softmax: shape entry', (a) => a.softmax(x, { shape: [1, -3] }), RangeError, /^softmax: shape\[1\] = -3 is not a non-negative integer$/],
  ['softmax: shape empty', (a) => a.softmax(x, { shape: [] }), RangeError, /^softmax: shape must have 1 to 32 dimensions, got 0$/],
  ['softmax: shape against nested', (a) => a.softmax(m2, { shape: [3, 2] }), RangeError, /^softmax: shape is \[3, 2\] but x has shape \[2, 3\]$/],
  ['softmax: classes against shape', (a) => a.softmax([1, 2, 3, 4, 5, 6], { shape: [2, 3], classes: 2 }), RangeError, /^softmax: classes is 2 but shape \[2, 3\] ends in 3$/],
  ['softmax: ragged 3-D', (a) => a.softmax([[[1, 2], [3, 4]], [[1, 2], [3]]]), RangeError, /^softmax: x is ragged: x\[1\]\[1\] has 1 entries, x\[0\]\[0\] has 2$/],
  ['softmax: returnSign', (a) => a.softmax(x, { returnSign: true }), TypeError, /^softmax: unknown option returnSign; softmax takes/],
  ['entropy: returnSign', (a) => a.entropy([0.5, 0.5], { returnSign: true }), TypeError, /^entropy: unknown option returnSign/],
  ['logSumExp: repeated axis', (a) => a.logSumExp(m2, { axis: [1, -1] }), RangeError, /^logSumExp: axis\[1\] = -1 repeats an axis already listed$/],
  ['logSumExp: empty axis list', (a) => a.logSumExp(m2, { axis: [] }), RangeError, /^logSumExp: axis is an empty array; pass null to reduce over every axis$/],
  ['logSumExp: axis list entry', (a) => a.logSumExp(m2, { axis: [0, 5] }), RangeError, /^logSumExp: axis\[1\] = 5 is out of range for a 2-D input/],
  ['logSumExp: weights shape', (a) => a.logSumExp(x, { weights: [1, 2] }), RangeError, /^logSumExp: weights has 2 values, x has 3$/],
  ['logSumExp: nested weights shape', (a) => a.logSumExp(m2, { weights: [[1, 2], [1, 2], [1, 2]] }), RangeError, /^logSumExp: weights has shape \[3, 2\], x has \[2, 3\]$/],
  ['logSumExp: returnSign not boolean', (a) => a.logSumExp(x, { returnSign: 1 }), TypeError, /^logSumExp: returnSign must be true or false, got number 1$/],
  ['logSumExp: out with axis null', (a) => a.logSumExp(x, { axis: null, out: new Float32Array(1) }), TypeError, /^logSumExp: out is for per-slice results/],
  ['logSumExp: an empty reduction', (a) => a.logSumExp([], { shape: [2, 0] }), RangeError, /^logSumExp: the axes reduced over hold no elements \(x has shape \[2, 0\]\)$/],
  ['entropy: an empty axis', (a) => a.entropy([], { shape: [2, 0] }), RangeError, /^entropy: axis 1 of p has length 0/],
  ['entropy: the index of a bad value along axis 0', (a) => a.entropy([[0.5, 0.25], [0.5, 1.75]], { axis: 0 }), RangeError, /^entropy: p\[3\] = 1.75 is not a probability in \[0, 1\]$/],
  ['entropy: the index of a bad value along axis 1 of 3-D', (a) => a.entropy(Float32Array.of(0, 0, 0, 0, 0, 2, 0, 0), { shape: [2, 2, 2], axis: 1 }), RangeError, /^entropy: p\[5\] = 2 is not a probability/],
  ['crossEntropy: K-dim target shape', (a) => a.crossEntropy([[[1, 2], [3, 4]], [[0, 1], [2, -1]]], [[0, 1, 1], [1, 0, 1]]), RangeError,
    /^crossEntropy: target has shape \[2, 3\]; class indices for these logits need \[2, 2\] \(the logits' shape without the class axis\)$/],
  ['crossEntropy: K-dim target count', (a) => a.crossEntropy(new Float32Array(8), Int32Array.of(0, 1, 1), { shape: [2, 2, 2] }), RangeError,
    /^crossEntropy: target has 3 class indices, expected 4 \(shape \[2, 2\]: the logits' shape without the class axis\)$/],
  ['crossEntropy: K-dim probability shape', (a) => a.crossEntropy(new Float32Array(8), new Float32Array(6), { shape: [2, 2, 2] }), RangeError,
    /^crossEntropy: target has shape \[6\]; probability targets need the logits' shape \[2, 2, 2\] \(class indices: \[2, 2\]\)$/],
  ['crossEntropy: classes against K-dim logits', (a) => a.crossEntropy(new Float32Array(8), Int32Array.of(0, 1, 1, 0), { shape: [2, 2, 2], classes: 4 }), RangeError,
    /^crossEntropy: classes is 4 but logits of shape \[2, 2, 2\] has 2 classes \(axis 1\)$/],
  ['crossEntropy: batchmean', (a) => a.crossEntropy(x, [0], { reduction: 'batchmean' }), RangeError, /^crossEntropy: reduction must be 'mean', 'sum' or 'none', got string batchmean$/],
  ['crossEntropy: K-dim class index', (a) => a.crossEntropy(new Float32Array(8), Int32Array.of(0, 1, 2, 0), { shape: [2, 2, 2] }), RangeError, /^crossEntropy: target\[2\] = 2 is not a class index in \[0, 2\)/],
  ['crossEntropy: no classes', (a) => a.crossEntropy([], Int32Array.of(0, 0), { shape: [2, 0] }), RangeError, /^crossEntropy: logits has no classes \(axis 1 of shape \[2, 0\] has length 0\)$/],
  ['nllLoss: K-dim target shape', (a) => a.nllLoss([[[1, 2], [3, 4]]], [[0], [1]]), RangeError, /^nllLoss: target has shape \[2, 1\]; class indices for these logits need \[1, 2\]/],
  ['binaryCrossEntropy: weight against a 3-D input', (a) => a.binaryCrossEntropy(new Float32Array(12).fill(0.5), new Float32Array(12), { shape: [2, 3, 2], weight: [1, 2, 3] }), RangeError,
    /^binaryCrossEntropy: weight has 3 values, which do not broadcast against the input's shape \[2, 3, 2\]: expected 1, 2 \(one per class, the last axis\) or 12 \(one per element\)$/],
  ['binaryCrossEntropyWithLogits: posWeight type', (a) => a.binaryCrossEntropyWithLogits([0, 1], [0, 1], { posWeight: 'two' }), TypeError, /^binaryCrossEntropyWithLogits: posWeight must be/],
  ['klDiv: target above 1', (a) => a.klDiv([-1, -2], [0.5, 1.5]), RangeError, /^klDiv: target\[1\] = 1.5 is not a probability in \[0, 1\]$/],
  ['klDiv: log target above 0', (a) => a.klDiv([-1, -2], [0.5, -1], { logTarget: true }), RangeError, /^klDiv: target\[0\] = 0.5 is not a log-probability in \[-Infinity, 0\]$/],
  ['klDiv: logTarget not boolean', (a) => a.klDiv([-1], [1], { logTarget: 'yes' }), TypeError, /^klDiv: logTarget must be true or false, got string yes$/],
  ['klDiv: reduction', (a) => a.klDiv([-1], [1], { reduction: 'avg' }), RangeError, /^klDiv: reduction must be 'mean', 'sum', 'batchmean' or 'none', got string avg$/],
  ['klDiv: shapes', (a) => a.klDiv([-1, -2, -3], [0.5, 0.5]), RangeError, /^klDiv: target has 2 values, input has 3$/],
  ['klDiv: out with batchmean', (a) => a.klDiv([-1], [1], { reduction: 'batchmean', out: new Float32Array(1) }), TypeError, /^klDiv: out is for reduction 'none'/],
  ['softmaxBackward: dy length', (a) => a.softmaxBackward([0.2, 0.3, 0.5], [1, 2]), RangeError, /^softmaxBackward: dy has 2 values, y has 3$/],
  ['logSoftmaxBackward: axis', (a) => a.logSoftmaxBackward([[0, 0]], [[0, 0]], { axis: 2 }), RangeError, /^logSoftmaxBackward: axis 2 is out of range/],
  ['softmaxEntropyWithGrad: gradOut length', (a) => a.softmaxEntropyWithGrad(m2, { gradOut: new Float32Array(3) }), RangeError, /^softmaxEntropyWithGrad: gradOut has length 3, expected 6$/],
  ['softmaxEntropy: out length along axis 0', (a) => a.softmaxEntropy(m2, { axis: 0, out: new Float32Array(2) }), RangeError, /^softmaxEntropy: out has length 2, expected 3$/],
  ['relEntr: shapes', (a) => a.relEntr([1, 2, 3], [1, 2]), RangeError, /^relEntr: y has 2 values, x has 3$/],
  ['entr: base', (a) => a.entr([1, 2], { base: 2 }), TypeError, /^entr: unknown option base/],
  // Errors that teach: what went wrong and what to write instead.
  ['crossEntropy: Float32Array of class indices', (a) => a.crossEntropy(m2, new Float32Array([0, 2])), RangeError,
    /crossEntropy: target is a Float32Array of 2 values, one per row: a float array means probabilities, which need the logits' shape \[2, 3\]; for class indices pass an Int32Array/],
  ['crossEntropy: Float64Array of class indices', (a) => a.crossEntropy(m2, new Float64Array([0, 2])), RangeError, /pass an Int32Array/],
  ['crossEntropy: fractional flat target', (a) => a.crossEntropy(m2, [0.3, 0.7]), RangeError,
    /target\[0\] = 0.3 is not an integer class index \(a flat array with one value per row holds class indices; for probabilities pass a Float32Array/],
  ['crossEntropy: one-class flat probabilities', (a) => a.crossEntropy([2, 5], [1, 1], { classes: 1 }), RangeError,
    /with one class a flat number\[\] target holds class indices, each 0 \(or ignoreIndex\); for probabilities pass a Float32Array/],
  ['klDivergence: q rows not of p\'s length', (a) => a.klDivergence([0.5, 0.5], [0.2, 0.3, 0.5]), RangeError,
    /^klDivergence: q has 3 values, p has 2$/],
  ['klDivergence: nested q rows', (a) => a.klDivergence([[0.5, 0.5]], [[0.2, 0.3, 0.5]]), RangeError,
    /^klDivergence: q has shape \[1, 3\], p has \[1, 2\]$/],
  ['crossEntropy: probability rows', (a) => a.crossEntropy(m2, new Float32Array(5)), RangeError,
    /^crossEntropy: target has 5 values, not a whole number of rows of 3 \(the row length of logits\)$/],
  ['crossEntropy: ignore_index', (a) => a.crossEntropy(x, [0], { ignore_index: 1 }), TypeError,
    /^crossEntropy: unknown option ignore_index \(did you mean ignoreIndex\?\); crossEntropy takes classes, shape, temperature, weight, ignoreIndex, labelSmoothing, reduction, base, out$/],
  ['softmax: temprature', (a) => a.softmax(x, { temprature: 2 }), TypeError, /^softmax: unknown option temprature \(did you mean temperature\?\)/],
  ['crossEntropy: label_smoothing', (a) => a.crossEntropy(x, [0], { label_smoothing: 0.1 }), TypeError, /did you mean labelSmoothing\?/],
  ['binaryCrossEntropyWithLogits: pos_weight', (a) => a.binaryCrossEntropyWithLogits([1], [1], { pos_weight: [2] }), TypeError, /did you mean posWeight\?/],
  ['crossEntropy: gradOut without the gradient', (a) => a.crossEntropy(x, [0], { gradOut: new Float32Array(3) }), TypeError, /unknown option gradOut/],
  ['entropy: an option with nothing near', (a) => a.entropy([0.5, 0.5], { zzzzzz: 1 }), TypeError, /^entropy: unknown option zzzzzz; entropy takes classes, shape, axis, base, out$/],
  ['crossEntropy: out with mean', (a) => a.crossEntropy(m2, [0, 1], { out: new Float32Array(1) }), TypeError,
    /^crossEntropy: out is for reduction 'none' \(per-row losses\); a 'mean' loss is returned as a number$/],
  ['nllLoss: out with sum', (a) => a.nllLoss(m2, [0, 1], { reduction: 'sum', out: new Float32Array(1) }), TypeError, /a 'sum' loss is returned as a number/],
  ['mseWithGrad: out with mean', (a) => a.mseWithGrad([1], [1], { out: new Float32Array(1) }), TypeError, /mseWithGrad: out is for reduction 'none'/],
  ['HeapFloat32Array.set: wrong length', (a) => a.alloc(3).set([1, 2]), RangeError, /^HeapFloat32Array.set: values has 2 values, the buffer holds 3$/],
  ['HeapFloat32Array.set: not an array', (a) => a.alloc(3).set(7), TypeError, /HeapFloat32Array.set: values must be an array of numbers/],
  ['HeapFloat32Array: use after free', (a) => { const h = a.alloc(3); h.free(); return h.array; }, TypeError, /this HeapFloat32Array was freed/],
  ['HeapFloat32Array: set after free', (a) => { const h = a.alloc(3); h.free(); h.set([1, 2, 3]); }, TypeError, /freed/],
  ['alloc: negative', (a) => a.alloc(-1), RangeError, /alloc: length must be a non-negative integer/],
  ['alloc: too big', (a) => a.alloc(2 ** 31), RangeError, /alloc: .* do not fit/],
];

test('every invalid argument throws a named TypeError/RangeError and the module keeps working', async () => {
  const api = await load();
  for (const [description, call, ErrorType, pattern] of CASES) {
    assert.throws(() => call(api), (error) => {
      assert.ok(error instanceof ErrorType, `${description}: got ${error.constructor.name}: ${error.message}`);
      assert.match(error.message, pattern, description);
      return true;
    }, description);
    const p = api.softmax([1, 2, 0.5]);
    assert.ok(Math.abs(p[0] - 0.2312239) < 1e-7, `${description}: the module broke`);
  }
  console.log(`${CASES.length} invalid-input cases, each followed by a correct softmax`);
});

test('an empty batch is expressible for every loss when classes is given', async () => {
  const api = await load();
  const empty = new Float32Array(0);
  for (const name of ['binaryCrossEntropy', 'binaryCrossEntropyWithLogits', 'mse']) {
    assert.equal(api[name](empty, empty, { classes: 3, reduction: 'sum' }), 0, `${name} sum`);
    assert.ok(Number.isNaN(api[name]([], [], { classes: 3 })), `${name} mean is NaN (0/0)`);
    assert.equal(api[name]([], [], { classes: 3, reduction: 'none' }).length, 0, `${name} none`);
    assert.equal(api[`${name}WithGrad`](empty, empty, { classes: 3, reduction: 'sum' }).grad.length, 0);
  }
  assert.equal(api.crossEntropy(empty, new Int32Array(0), { classes: 3, reduction: 'sum' }), 0);
  assert.equal(api.nllLoss(empty, [], { classes: 3, reduction: 'sum' }), 0);
  // Without classes an empty input has no row length, and the message says what to pass.
  assert.throws(() => api.mse([], []), /mse: input is empty \(pass classes to mean an empty batch\)/);
});

test('a one-class flat number[] target is class indices, as the README says', async () => {
  const api = await load();
  // One class: softmax is 1, so the loss is 0 whatever the logit; index 0 is the class.
  assert.equal(api.crossEntropy([2, 5], [0, 0], { classes: 1, reduction: 'sum' }), 0);
  assert.ok(Number.isNaN(api.crossEntropy([2, 5], [-100, -100], { classes: 1 })), 'every row ignored: NaN');
  // The same targets as probabilities take a Float32Array.
  assert.equal(api.crossEntropy([2, 5], new Float32Array([1, 1]), { classes: 1, reduction: 'sum' }), 0);
});

test('inputs too large for the wasm heap give a RangeError, not an abort', async () => {
  const api = await load({ variant: 'scalar' });
  // 2 GiB in and 2 GiB out: beyond what a 32-bit wasm heap can address.
  const x = new Float32Array(2 ** 29);
  assert.throws(() => api.softmax(x, { classes: 1024 }),
    (e) => e instanceof RangeError && /softmax: the operands need 4294967296 bytes, more than a wasm heap can hold/.test(e.message));
  // 3 GiB: addressable, so malloc is tried; it either succeeds or the call throws a
  // RangeError, and the module works afterwards either way.
  try {
    api.alloc(3 * 2 ** 28).free();
  } catch (e) {
    assert.ok(e instanceof RangeError && /alloc: \d+ floats do not fit in the wasm heap/.test(e.message), e.message);
  }
  assert.deepEqual(Array.from(api.softmax([0, 0])), [0.5, 0.5]);
});

test('calling before init() resolves throws an error that says so', async () => {
  // A fresh copy of the module graph: its default instance is not initialised.
  const fresh = await import(`../../dist/lib/index.js?fresh=${Date.now()}`);
  assert.throws(() => fresh.softmax([1, 2]), /softmax\(\) was called before init\(\) resolved; call `await init\(\)` first/);
  const pending = fresh.init();
  assert.throws(() => fresh.crossEntropy([1, 2], [0]), /before init\(\) resolved/);
  await pending;
  assert.equal(fresh.softmax([0, 0])[0], 0.5);
  assert.equal(await fresh.init(), await pending, 'init() is memoised');
});
