// Nothing leaks: a million mixed calls leave the wasm heap where it was, and heap
// buffers can be allocated and freed over and over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { load } from '../../dist/lib/index.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const jsHeap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

test('a million mixed calls leave the wasm heap size unchanged', async () => {
  const api = await load();
  const logits = new Float32Array([1, 2, 0.5, -1, 0, 3]);
  const target = new Int32Array([0, 2]);
  const p = new Float32Array([0.2, 0.3, 0.5]);
  const q = new Float32Array([0.1, 0.6, 0.3]);
  const calls = [
    () => api.softmax(logits, { classes: 3 }),
    () => api.logSoftmax(logits, { classes: 3, temperature: 2 }),
    () => api.crossEntropy(logits, target, { classes: 3 }),
    () => api.crossEntropyWithGrad(logits, target, { classes: 3, labelSmoothing: 0.1 }),
    () => api.klDivergence(p, q, { base: 2 }),
    () => api.binaryCrossEntropyWithLogits(logits, [0, 1, 1, 0, 1, 0]),
    () => api.entropy([[0.5, 0.5], [0.9, 0.1]]),
    () => api.sigmoidWithGrad([0.1, -3]),
  ];
  for (let i = 0; i < 1000; ++i) calls[i % calls.length]();
  const before = api.heapBytes();
  const jsBefore = jsHeap();
  const t0 = process.hrtime.bigint();
  const N = 1_000_000;
  const checkpoints = [];
  for (let i = 0; i < N; ++i) {
    calls[i % calls.length]();
    if ((i + 1) % 250_000 === 0) checkpoints.push(jsHeap());
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const after = api.heapBytes();
  const mb = (b) => (b / 2 ** 20).toFixed(1);
  console.log(`${N} mixed calls in ${seconds.toFixed(2)} s; wasm heap ${before} -> ${after} bytes; ` +
    `JS heap after gc ${mb(jsBefore)} MiB -> ${checkpoints.map(mb).join(' -> ')} MiB`);
  assert.equal(after, before);
  // The JS heap levels off: the last quarter adds under 1 MiB.
  assert.ok(checkpoints[3] - checkpoints[2] < 2 ** 20, `JS heap still growing: ${checkpoints.map(mb)}`);
  assert.ok(Math.abs(api.crossEntropy([1, 2, 0.5], [0]) - 1.4643688) < 1e-7);
});

test('heap buffers: alloc/free cycles do not grow the heap; zero-copy calls work', async () => {
  const api = await load();
  const x = api.alloc(1000);
  const out = api.alloc(1000);
  const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i));
  x.set(values);
  const result = api.softmax(x, { classes: 100, out });
  assert.equal(result, out);
  assert.deepEqual(out.array, api.softmax(values, { classes: 100 }));
  x.free();
  out.free();
  assert.throws(() => out.array, /freed/);
  assert.throws(() => api.softmax(x), /softmax: x was freed/);
  const before = api.heapBytes();
  for (let i = 0; i < 100_000; ++i) api.alloc(256 + (i % 7)).free();
  assert.equal(api.heapBytes(), before);
  const other = await load();
  const foreign = other.alloc(3);
  assert.throws(() => api.softmax(foreign), /softmax: x was allocated by another softmax-xent instance/);
  foreign.free();
});

test('growing inputs grow the heap, and views are re-read after growth', async () => {
  const api = await load({ variant: 'scalar' });
  const keep = api.alloc(4);
  keep.set([1, 2, 3, 4]);
  const before = api.heapBytes();
  const big = new Float32Array(8 << 20).fill(0.5); // 32 MiB in, 32 MiB out
  const p = api.softmax(big, { classes: 1 << 20 });
  assert.ok(api.heapBytes() > before);
  assert.ok(Math.abs(p[12345] - 2 ** -20) < 1e-12);
  assert.deepEqual(Array.from(keep.array), [1, 2, 3, 4]);
  keep.free();
});

test('calls along another axis free the heap buffers they move data into, also when they throw', async () => {
  const api = await load();
  // 1M floats: each call below moves 4 MB (or 8 MB) into heap buffers and back.
  const shape = [4, 16, 128, 128];
  const x = new Float32Array(4 * 16 * 128 * 128).map((_, i) => Math.sin(i));
  const p = api.softmax(x, { shape, axis: 1 });
  const bad = p.slice();
  bad[bad.length - 1] = 2;  // not a probability: entropy throws after moving its input
  const idx = new Int32Array(4 * 128 * 128).map((_, i) => i % 16);
  const calls = [
    () => api.entropy(p, { shape, axis: 1 }),
    () => api.klDivergence(p, p, { shape, axis: 2 }),
    () => api.softmaxEntropyWithGrad(x, { shape, axis: 0 }),
    () => api.softmaxBackward(p, x, { shape, axis: 1 }),
    () => api.crossEntropyWithGrad(x, idx, { shape }),
    () => api.logSumExp(x, { shape, axis: [0, 2] }),
    () => assert.throws(() => api.entropy(bad, { shape, axis: 1 }), /entropy: p\[1048575\] = 2 is not a probability/),
  ];
  for (const call of calls) call();  // the heap grows to what one call needs
  const before = api.heapBytes();
  for (let i = 0; i < 30; ++i) for (const call of calls) call();
  // 210 calls leaking 4-8 MB each would have grown the heap by more than 800 MB.
  assert.equal(api.heapBytes(), before);
});
