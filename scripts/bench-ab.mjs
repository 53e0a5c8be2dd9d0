// A/B benchmark (not a test): two builds of the package in one Node process, timed in
// turns on the zero-copy path (heap buffers in and out), so that machine drift between
// processes, which moves separate bench-kernels runs on these VMs by 5-10 %, cancels.
// Prints each op and shape with the speed of B relative to A, and the geometric mean.
//   node scripts/bench-ab.mjs --rev REV [--variant simd|scalar]
//       A = the package built from git revision REV (in build/ab/REV, a detached
//       worktree sharing this checkout's node_modules), B = this checkout's dist/
//   node scripts/bench-ab.mjs A/dist/lib/index.js [B/dist/lib/index.js] [--variant ...]
// Exit status 1 if B is more than 3 % slower than A on a shape of 64 000 elements or more
// (the budget for a change that must not slow the ordinary path), after everything ran.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeData } from './lib/bench-data.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const variant = option('--variant') ?? 'simd';
const positional = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));

function buildRevision(rev) {
  const dir = path.join(root, 'build', 'ab', rev.replace(/[^\w.-]/g, '_'));
  if (!existsSync(dir)) {
    mkdirSync(path.dirname(dir), { recursive: true });
    execFileSync('git', ['worktree', 'add', '--detach', dir, rev], { cwd: root, stdio: 'inherit' });
    symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  }
  if (!existsSync(path.join(dir, 'dist', 'lib', 'index.js'))) {
    execFileSync('bash', ['scripts/build.sh'], { cwd: dir, stdio: 'inherit' });
  }
  return path.join(dir, 'dist', 'lib', 'index.js');
}

const rev = option('--rev');
const pathA = rev ? buildRevision(rev) : positional[0];
const pathB = (rev ? positional[0] : positional[1]) ?? path.join(root, 'dist', 'lib', 'index.js');
if (!pathA) {
  console.error('usage: node scripts/bench-ab.mjs --rev REV | A/index.js [B/index.js] [--variant simd|scalar]');
  process.exit(2);
}
const A = await (await import(pathToFileURL(path.resolve(pathA)))).load({ variant });
const B = await (await import(pathToFileURL(path.resolve(pathB)))).load({ variant });

const SHAPES = [[1, 10], [64, 1000], [1024, 1000], [32, 32000]];
const OPS = ['softmax', 'logSoftmax', 'logSumExp', 'crossEntropy', 'crossEntropyWithGrad'];

// The calls of one build on one shape (bench-kernels' data), every input and output in
// its heap.
function calls(api, rows, classes) {
  const { n, x: values, y } = makeData(rows, classes);
  const x = api.alloc(n);
  x.set(values);
  const out = api.alloc(n);
  const perRow = api.alloc(rows);
  return {
    softmax: () => api.softmax(x, { classes, out }),
    logSoftmax: () => api.logSoftmax(x, { classes, out }),
    logSumExp: () => api.logSumExp(x, { classes, out: perRow }),
    crossEntropy: () => api.crossEntropy(x, y, { classes }),
    crossEntropyWithGrad: () => api.crossEntropyWithGrad(x, y, { classes, gradOut: out }),
  };
}

// Nanoseconds per call over a sample of ~2e6 elements.
function sample(fn, n) {
  const reps = Math.max(1, Math.round(2e6 / n));
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < reps; ++i) fn();
  return Number(process.hrtime.bigint() - t0) / reps;
}
const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];

console.log(`A ${pathA}\nB ${pathB}\n${variant} module; medians of 41 samples taken in turns\n`);
const ratios = [];
let slower = false;
for (const [rows, classes] of SHAPES) {
  const n = rows * classes;
  const a = calls(A, rows, classes);
  const b = calls(B, rows, classes);
  for (const op of OPS) {
    for (let k = 0; k < 5; ++k) { sample(a[op], n); sample(b[op], n); }  // warm-up, tier-up
    const ta = [];
    const tb = [];
    for (let k = 0; k < 41; ++k) {
      ta.push(sample(a[op], n));
      tb.push(sample(b[op], n));
    }
    const speed = median(ta) / median(tb);
    ratios.push(speed);
    const flag = n >= 64000 && speed < 0.97 ? '  (> 3 % slower)' : '';
    if (flag) slower = true;
    console.log(`${`${op} ${rows}x${classes}`.padEnd(34)} A ${median(ta).toFixed(0).padStart(9)} ns  `
      + `B ${median(tb).toFixed(0).padStart(9)} ns  B speed / A ${speed.toFixed(3)}${flag}`);
  }
}
const geomean = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
console.log(`\ngeometric mean of B speed / A: ${geomean.toFixed(3)}`);
process.exit(slower ? 1 : 0);
