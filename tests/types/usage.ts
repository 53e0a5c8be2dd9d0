// The type test: README code and every overload, compiled by tsc --strict
// --exactOptionalPropertyTypes against the packed tarball as a consumer installs it
// (tests/js/install.test.js). Plain application code needs no casts; the Equal checks
// pin what each call returns; every @ts-expect-error line is misuse that must not
// compile (tsc also fails if one of them does compile).
import {
  alloc, binaryCrossEntropy, binaryCrossEntropyWithGrad, binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsWithGrad, crossEntropy, crossEntropyWithGrad, DEFAULTS,
  distributionCrossEntropy, entropy, init, jsDivergence, klDivergence, load, logSoftmax,
  logSumExp, mse, mseWithGrad, nllLoss, selfInformation, sigmoid, sigmoidWithGrad, softmax,
  softmaxEntropy, softmaxEntropyWithGrad, softmaxBackward, logSoftmaxBackward, klDiv, entr, relEntr,
} from 'softmax-xent';
import type { HeapFloat32Array, Reduction, SoftmaxXent } from 'softmax-xent';
import 'softmax-xent/widgets';
import type { XentCrossEntropyDetail } from 'softmax-xent/widgets';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;

// --- README: Use ------------------------------------------------------------------
await init();
const p = softmax(new Float32Array([1, 2, 0.5]));
const loss = crossEntropy([1, 2, 0.5], [0]);
const first: number = p[0]!;
const doubled: number = loss * 2;

// --- README: Install / TypeScript (the snippet as printed) -----------------------------
const logits = [[2, 1, 0.1], [0.5, 2.5, 0.3]] as const;
const batchLoss: number = crossEntropy(logits, [0, 1]);
const perRow: Float32Array = crossEntropy(logits, [0, 1], { reduction: 'none' });
const { grad } = crossEntropyWithGrad(logits, [0, 1], { labelSmoothing: 0.1 });
const tempered: Float32Array = softmax([3, 1, 0.2], { temperature: 2 });

// --- more of the same, unannotated ------------------------------------------------
const smoothed = crossEntropyWithGrad(logits, [0, 1], { labelSmoothing: 0.1, reduction: 'sum' });
const perRowIndices = crossEntropy(logits, new Int32Array([0, 1]), { reduction: 'none' });
const soft = crossEntropy(logits, new Float32Array([0.9, 0.1, 0, 0, 1, 0]));
const temperature: number | undefined = undefined;
const tempered2 = softmax([3, 1, 0.2], { temperature });
const lastRow: number = perRow[1]! + grad[5]! + batchLoss + soft + tempered[2]! + tempered2[0]! + perRowIndices[0]!;

// --- README: Loading (zero-copy) -----------------------------------------------------
const x = alloc(3);
x.set([1, 2, 0.5]);
const inHeap = softmax(x, { out: x });
const view: Float32Array = inHeap.array;
x.free();

// --- what every call returns -----------------------------------------------------------
const f32 = new Float32Array(6);
const heap: HeapFloat32Array = alloc(6);
const readonlyRows: readonly (readonly number[])[] = [[1, 2, 3], [4, 5, 6]];
const checks: true[] = [
  true as Equal<typeof p, Float32Array>,
  true as Equal<typeof loss, number>,
  true as Equal<typeof perRowIndices, Float32Array>,
  true as Equal<typeof soft, number>,
  true as Equal<typeof tempered2, Float32Array>,
  true as Equal<typeof inHeap, HeapFloat32Array>,
  true as Equal<typeof smoothed.loss, number>,
  true as Equal<typeof grad, Float32Array>,
];
const s1: Float32Array = softmax(readonlyRows);
const s2: Float32Array = softmax(readonlyRows, { out: f32 });
const s3: HeapFloat32Array = logSoftmax(readonlyRows, { out: heap });
const s4: Float32Array = logSumExp([1, 2, 3, 4, 5, 6], { classes: 3, temperature: 2 });
const s5: Float32Array = sigmoid(f32);
const sg = sigmoidWithGrad(f32, { out: heap });
const s6: HeapFloat32Array = sg.value;
const s7: Float32Array = sg.grad;
const e1: Float32Array = entropy(readonlyRows, { base: 2 });
const e2: HeapFloat32Array = selfInformation([0.5, 0.25], { base: 'e', out: alloc(2) });
const e3: Float32Array = distributionCrossEntropy(f32, f32, { classes: 3 });
const e4: Float32Array = klDivergence(f32, f32, { classes: 3, base: 10 });
const e5: Float32Array = jsDivergence(f32, f32, { classes: 3, out: undefined });
const l1: number = nllLoss(f32, [0, 1], { classes: 3, ignoreIndex: DEFAULTS.ignoreIndex });
const l2: HeapFloat32Array = nllLoss(f32, [0, 1], { classes: 3, reduction: 'none', out: alloc(2) });
const l3: number = binaryCrossEntropy([0.2, 0.9], [0, 1], { weight: [1, 2], reduction: 'sum' });
const l4: Float32Array = binaryCrossEntropyWithLogits([0.2, 0.9], [0, 1], { posWeight: [2, 2], classes: 2, reduction: 'none' });
const l5: number = mse([1, 2], [1, 1]);
const g1 = binaryCrossEntropyWithGrad([0.2, 0.9], [0, 1], { gradOut: heap.array.subarray(0, 2) });
const g2 = binaryCrossEntropyWithLogitsWithGrad([0.2, 0.9], [0, 1], { reduction: 'none', out: alloc(2), gradOut: alloc(2) });
const g3 = mseWithGrad([1, 2], [1, 1], { reduction: 'none' });
const g4: HeapFloat32Array = crossEntropyWithGrad(f32, [0, 1], { classes: 3, gradOut: heap }).grad;
const dynamic: Reduction = Math.random() < 0.5 ? 'mean' : 'none';
const l6: number | Float32Array = crossEntropy(f32, [0, 1], { classes: 3, reduction: dynamic });
const gradChecks: true[] = [
  true as Equal<typeof g1.loss, number>,
  true as Equal<typeof g1.grad, Float32Array>,
  true as Equal<typeof g2.loss, HeapFloat32Array>,
  true as Equal<typeof g2.grad, HeapFloat32Array>,
  true as Equal<typeof g3.loss, Float32Array>,
];
const api: SoftmaxXent = await load({ variant: 'scalar' });
const a1: Float32Array = api.softmax([1, 2], { temperature: undefined, classes: undefined });

// --- N-D: axes, K-dimensional losses, broadcasts, backward passes -------------------
const seg = [[[[1, 2], [3, 4]], [[0, 1], [2, -1]]]] as const; // [N=1, C=2, H=2, W=2]
const nd1: Float32Array = softmax(seg, { axis: 1 });
const nd2: Float32Array = logSoftmax(f32, { shape: [1, 2, 3], axis: -2 });
const lseAll = logSumExp(seg, { axis: null });
const lseSign = logSumExp(seg, { axis: null, returnSign: true });
const lseWeighted = logSumExp([1, 2, 3], { weights: [1, -1, 0.5], returnSign: true });
const lseAxes = logSumExp(seg, { axis: [2, 3] });
const kdim = crossEntropy(seg, [[[0, 1], [1, 0]]]);
const kdimNone = crossEntropy(seg, new Int32Array(4), { reduction: 'none' });
const unbatched: number = crossEntropy([1, 2, 0.5], 0);
const broadcast: number = binaryCrossEntropyWithLogits([0.2, 0.9], [0, 1], { posWeight: 2, weight: [1.5] });
const kl1 = klDiv([-1, -2], [0.5, 0.5], { reduction: 'batchmean' });
const kl2 = klDiv([-1, -2], [-0.5, -1], { reduction: 'none', logTarget: true });
const back1: Float32Array = softmaxBackward(f32, f32, { classes: 3 });
const back2: HeapFloat32Array = logSoftmaxBackward(f32, f32, { shape: [2, 3], axis: 0, out: heap });
const ent = softmaxEntropy(seg, { axis: 1, base: 2 });
const entGrad = softmaxEntropyWithGrad(f32, { classes: 3, temperature: 0.5 });
const sci: Float32Array = relEntr(entr([0.5, 2]), [1, 1]);
const ndChecks: true[] = [
  true as Equal<typeof lseAll, number>,
  true as Equal<typeof lseSign, { value: number; sign: number }>,
  true as Equal<typeof lseWeighted, { value: Float32Array; sign: Float32Array }>,
  true as Equal<typeof lseAxes, number | Float32Array>,
  true as Equal<typeof kdim, number>,
  true as Equal<typeof kdimNone, Float32Array>,
  true as Equal<typeof kl1, number>,
  true as Equal<typeof kl2, Float32Array>,
  true as Equal<typeof ent, Float32Array>,
  true as Equal<typeof entGrad, { entropy: Float32Array; grad: Float32Array }>,
];

// --- widgets ---------------------------------------------------------------------
const widget = document.querySelector('xent-cross-entropy');
widget?.addEventListener('change', (event) => {
  const detail: XentCrossEntropyDetail = event.detail;
  const shown: number = detail.loss + detail.probabilities[detail.target]!;
  console.log(shown, detail.base);
});
const softmaxWidget = document.createElement('xent-softmax');
softmaxWidget.addEventListener('change', (event) => console.log(event.detail.probabilities));

// --- misuse that must not compile ---------------------------------------------------
// @ts-expect-error misspelled option
softmax([1, 2], { temprature: 2 });
// @ts-expect-error PyTorch's name instead of ignoreIndex
crossEntropy(f32, [0, 1], { classes: 3, ignore_index: 1 });
// @ts-expect-error PyTorch's name instead of labelSmoothing
crossEntropyWithGrad(f32, [0, 1], { classes: 3, label_smoothing: 0.1 });
// @ts-expect-error `out` with a reducing reduction
crossEntropy(f32, [0, 1], { classes: 3, reduction: 'mean', out: new Float32Array(1) });
// @ts-expect-error a per-row loss is not a number
const notANumber: number = crossEntropy(f32, [0, 1], { classes: 3, reduction: 'none' });
// @ts-expect-error a reduced loss is not an array
const notAnArray: Float32Array = mse([1, 2], [1, 1]);
// @ts-expect-error not a float input
softmax('1,2,3');
// @ts-expect-error an Int8Array is not a float input
softmax(new Int8Array(3));
// @ts-expect-error an unknown reduction
nllLoss(f32, [0, 1], { classes: 3, reduction: 'max' });
// @ts-expect-error <xent-softmax> reports no loss
softmaxWidget.addEventListener('change', (event) => console.log(event.detail.loss));
// @ts-expect-error out of the wrong type
softmax([1, 2], { out: [0, 0] });

// @ts-expect-error returnSign belongs to logSumExp alone
softmax([1, 2], { returnSign: true });
// @ts-expect-error axis null reduces everything: logSumExp alone
softmax([1, 2], { axis: null });
// @ts-expect-error a reduction over every axis is a number, so no out
logSumExp([1, 2], { axis: null, out: new Float32Array(1) });
// @ts-expect-error batchmean is klDiv's
crossEntropy(f32, [0, 1], { classes: 3, reduction: 'batchmean' });
// @ts-expect-error logTarget is a boolean
klDiv([-1], [1], { logTarget: 1 });
// @ts-expect-error entr takes no base
entr([0.5], { base: 2 });
// @ts-expect-error a shape is an array of sizes
softmax(f32, { shape: 6 });

console.log(nd1, nd2, unbatched, broadcast, back1, back2, sci, ndChecks);
console.log(first, doubled, lastRow, view, checks, gradChecks, s1, s2, s3, s4, s5, s6, s7,
  e1, e2, e3, e4, e5, l1, l2, l3, l4, l5, l6, g4, a1, notANumber, notAnArray);
