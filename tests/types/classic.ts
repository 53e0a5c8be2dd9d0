// The classic script's global, as a page that loads softmax-xent.classic.js with a
// <script> tag types it.
/// <reference types="softmax-xent/classic" />

const info = await softmaxXent.init();
const probabilities: Float32Array = softmaxXent.softmax([1, 2, 0.5]);
const loss: number = softmaxXent.crossEntropy([1, 2, 0.5], [0]);
// @ts-expect-error the global has no such function
softmaxXent.softmaxx([1, 2]);
console.log(info.variant, probabilities, loss);
export {};
