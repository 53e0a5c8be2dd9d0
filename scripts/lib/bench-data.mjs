// The benchmark inputs, shared by bench-kernels.mjs and bench-ab.mjs: the generator
// src/bench/kernels_bench.cc uses, so native and JS see the same numbers. Logits
// uniform in [-10, 10) and one class index per row, from an LCG seeded by the size.
export function makeData(rows, classes) {
  const n = rows * classes;
  let state = (20261122 + n) >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state >>> 8) / 16777216;
  };
  const x = new Float32Array(n);
  for (let i = 0; i < n; ++i) x[i] = next() * 20 - 10;
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; ++r) y[r] = Math.floor(next() * classes);
  const oneHot = new Float32Array(n);
  for (let r = 0; r < rows; ++r) oneHot[r * classes + y[r]] = 1;
  return { rows, classes, n, x, y, oneHot, y64: BigInt64Array.from(y, (v) => BigInt(v)) };
}
