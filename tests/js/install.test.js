// The real install path: `npm pack` (prepack builds), the tarball installed into an
// empty project, imported from Node, bundled by Vite (page + web worker) and opened in
// headless Chromium, and the classic-script build opened from file://.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';
import { startServer } from '../../scripts/static-server.mjs';
import { CAPTURE_FILE, CAPTURE_SCRIPT, injectCapture } from '../../scripts/lib/capture.mjs';
import { launchEngine } from '../../scripts/lib/engines.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TORCH_SOFTMAX = [0.2312239, 0.6285317, 0.1402444];
const TORCH_XENT = 1.4643688;
let scratch;
let tarball;
let browser;

before(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'xent-install-'));
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], {
    cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = JSON.parse(out.slice(out.indexOf('[')))[0];
  tarball = path.join(scratch, info.filename);
  const files = info.files.map((f) => f.path).sort();
  assert.deepEqual(files, [
    'LICENSE', 'README.md', 'dist/lib/THIRD_PARTY_LICENSES.txt', 'dist/lib/bindings.js', 'dist/lib/classic.d.ts',
    'dist/lib/contract.js', 'dist/lib/core.js', 'dist/lib/errors.js', 'dist/lib/heap.js', 'dist/lib/index.d.ts', 'dist/lib/index.js',
    'dist/lib/kernels-relaxed.js', 'dist/lib/kernels-relaxed.wasm', 'dist/lib/kernels-scalar.js', 'dist/lib/kernels-scalar.wasm', 'dist/lib/kernels-simd.js',
    'dist/lib/kernels-simd.wasm', 'dist/lib/modules.js', 'dist/lib/softmax-xent.classic.js', 'dist/lib/tensor.js', 'dist/lib/widgets.d.ts',
    'dist/lib/widgets.js', 'package.json',
  ]);
  const project = path.join(scratch, 'app');
  await mkdir(project);
  await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: project, stdio: 'inherit' });
  browser = await launchEngine('chromium');
});

after(async () => {
  await browser?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

function checkNumbers(p, loss) {
  p.forEach((v, i) => assert.ok(Math.abs(v - TORCH_SOFTMAX[i]) < 5e-8, `softmax[${i}] = ${v}`));
  assert.ok(Math.abs(loss - TORCH_XENT) < 1e-7, `cross-entropy = ${loss}`);
}

test('the README snippet runs in Node from the installed tarball', () => {
  const project = path.join(scratch, 'app');
  const script = `
    import { init, softmax, crossEntropy } from 'softmax-xent';
    const info = await init();
    const p = softmax(new Float32Array([1, 2, 0.5]));
    console.log(JSON.stringify({ info, p: Array.from(p), loss: crossEntropy([1, 2, 0.5], [0]) }));`;
  const out = JSON.parse(execFileSync('node', ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' }));
  assert.equal(out.info.variant, 'simd');
  checkNumbers(out.p, out.loss);
  // The scalar module from the same install.
  const scalar = `
    import { load } from 'softmax-xent';
    const api = await load({ variant: 'scalar' });
    console.log(JSON.stringify([api.target, Array.from(api.softmax([1, 2, 0.5])), api.crossEntropy([1, 2, 0.5], [0])]));`;
  const [target, p, loss] = JSON.parse(execFileSync('node', ['--input-type=module', '-e', scalar], { cwd: project, encoding: 'utf8' }));
  assert.equal(target, 'EMU128');
  checkNumbers(p, loss);
});

test('a Vite page (and its web worker) importing the package shows the right numbers', async () => {
  const project = path.join(scratch, 'app');
  await writeFile(path.join(project, 'index.html'), `<!doctype html>
<html><head><meta charset="utf-8"><title>vite app</title></head>
<body><pre id="main">loading</pre><pre id="worker">loading</pre>
<script type="module" src="./main.js"></script></body></html>`);
  await writeFile(path.join(project, 'main.js'), `
import { init, softmax, crossEntropy } from 'softmax-xent';
const info = await init();
const p = softmax(new Float32Array([1, 2, 0.5]));
document.getElementById('main').textContent =
  JSON.stringify({ variant: info.variant, p: Array.from(p), loss: crossEntropy([1, 2, 0.5], [0]) });
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
worker.onmessage = (e) => { document.getElementById('worker').textContent = JSON.stringify(e.data); };
`);
  await writeFile(path.join(project, 'worker.js'), `
import { init, softmax, crossEntropy } from 'softmax-xent';
const info = await init();
postMessage({ variant: info.variant, p: Array.from(softmax([1, 2, 0.5])), loss: crossEntropy([1, 2, 0.5], [0]) });
`);
  let t0 = performance.now();
  await build({ root: project, base: './', logLevel: 'warn', worker: { format: 'es' }, build: { outDir: 'dist', emptyOutDir: true } });
  console.log(`vite build: ${Math.round(performance.now() - t0)} ms`);
  const assets = await readdir(path.join(project, 'dist', 'assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `the .wasm is emitted as an asset: ${assets}`);
  const server = await startServer({ root: path.join(project, 'dist'), base: '/some/sub/path/', capture: true });
  try {
    t0 = performance.now();
    const page = await browser.open(server.url);
    await page.waitFor(() => !document.getElementById('worker').textContent.startsWith('loading'));
    console.log(`page and worker ready: ${Math.round(performance.now() - t0)} ms`);
    const main = JSON.parse(await page.text('#main'));
    const worker = JSON.parse(await page.text('#worker'));
    // Chromium runs relaxed SIMD, so the bundled relaxed module is the one loaded.
    assert.equal(main.variant, 'relaxed');
    assert.equal(worker.variant, 'relaxed');
    checkNumbers(main.p, main.loss);
    checkNumbers(worker.p, worker.loss);
    assert.deepEqual(await page.problems(), []);
    await page.close();
  } finally {
    await server.close();
  }
});

test('a Vite page importing softmax-xent/widgets shows a working <xent-cross-entropy>', async () => {
  const project = path.join(scratch, 'app');
  await writeFile(path.join(project, 'widgets.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>widgets</title></head>
<body><xent-cross-entropy id="x" logits="1,2,0.5" target="0"></xent-cross-entropy>
<script type="module" src="./widgets-main.js"></script></body></html>`);
  await writeFile(path.join(project, 'widgets-main.js'), "import 'softmax-xent/widgets';\n");
  await build({
    root: project, base: './', logLevel: 'warn',
    build: { outDir: 'dist-widgets', emptyOutDir: true, rollupOptions: { input: path.join(project, 'widgets.html') } },
  });
  const server = await startServer({ root: path.join(project, 'dist-widgets'), base: '/w/', capture: true });
  try {
    const page = await browser.open(`${server.url}widgets.html`);
    await page.waitFor(() => /\d/.test(document.getElementById('x').shadowRoot?.querySelector('.value.big')?.textContent ?? ''));
    const text = await page.text('#x >>> .value.big');
    assert.equal(text, `Cross-entropy = ${TORCH_XENT.toFixed(4)} nats`);
    assert.deepEqual(await page.problems(), []);
    await page.close();
  } finally {
    await server.close();
  }
});

test('the classic script works as a global from a page opened from file://', async () => {
  const dir = path.join(scratch, 'offline');
  await mkdir(dir);
  await copyFile(path.join(scratch, 'app', 'node_modules', 'softmax-xent', 'dist', 'lib', 'softmax-xent.classic.js'),
    path.join(dir, 'softmax-xent.classic.js'));
  await writeFile(path.join(dir, 'page.js'), `
softmaxXent.init().then(function (info) {
  var p = softmaxXent.softmax([1, 2, 0.5]);
  document.getElementById('out').textContent = JSON.stringify({
    variant: info.variant, p: Array.from(p), loss: softmaxXent.crossEntropy([1, 2, 0.5], [0]),
    names: Object.keys(softmaxXent).sort(),
    nd: Array.from(softmaxXent.softmax([[1, 2], [3, 4]], { axis: 0 })),
    kl: softmaxXent.klDiv([-1, -2], [0.5, 0.5], { reduction: 'batchmean' }) });
});`);
  await writeFile(path.join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><title>offline</title>
<pre id="out">loading</pre><script src="softmax-xent.classic.js"></script><script src="page.js"></script>`);
  await writeFile(path.join(dir, CAPTURE_FILE), CAPTURE_SCRIPT);
  await writeFile(path.join(dir, 'index.html'), injectCapture(await readFile(path.join(dir, 'index.html'), 'utf8')));
  const page = await browser.open(pathToFileURL(path.join(dir, 'index.html')).href);
  await page.waitFor(() => document.getElementById('out').textContent !== 'loading');
  const out = JSON.parse(await page.text('#out'));
  assert.equal(out.variant, 'simd');
  checkNumbers(out.p, out.loss);
  // The global carries every export of the ES module, the N-D ones included, and they
  // compute the same numbers.
  const esm = await import(pathToFileURL(path.join(scratch, 'app', 'node_modules', 'softmax-xent', 'dist', 'lib', 'index.js')).href);
  await esm.init();
  assert.deepEqual(out.names, Object.keys(esm).sort());
  assert.deepEqual(out.nd, Array.from(esm.softmax([[1, 2], [3, 4]], { axis: 0 })));
  assert.equal(out.kl, esm.klDiv([-1, -2], [0.5, 0.5], { reduction: 'batchmean' }));
  assert.ok(Math.abs(out.nd[0] - 1 / (1 + Math.E ** 2)) < 1e-7);
  assert.deepEqual(await page.problems(), []);
  await page.close();
});

test('CommonJS: require() of the installed package gives the same API (Node >= 20.19 loads ES modules)', () => {
  const project = path.join(scratch, 'app');
  const script = `
    const xent = require('softmax-xent');
    xent.init().then((info) => {
      console.log(JSON.stringify({ info, keys: Object.keys(xent).length,
        p: Array.from(xent.softmax(new Float32Array([1, 2, 0.5]))), loss: xent.crossEntropy([1, 2, 0.5], [0]) }));
    });`;
  const out = JSON.parse(execFileSync('node', ['--input-type=commonjs', '-e', script], { cwd: project, encoding: 'utf8' }));
  assert.equal(out.info.variant, 'simd');
  assert.ok(out.keys > 20, `require() gave ${out.keys} exports`);
  checkNumbers(out.p, out.loss);
});

test('strict TypeScript compiles the README code and every overload against the installed types', async () => {
  const project = path.join(scratch, 'app');
  await mkdir(path.join(project, 'src'), { recursive: true });
  await writeFile(path.join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, noEmit: true,
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], types: [],
    },
    include: ['src/*.ts'],
  }));
  for (const file of await readdir(path.join(root, 'tests', 'types'))) {
    await copyFile(path.join(root, 'tests', 'types', file), path.join(project, 'src', file));
  }
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  let output = '';
  try {
    output = execFileSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
  assert.equal(output.trim(), '');
});
