// Assembles the npm package in dist/lib from web/lib and the WebAssembly builds in
// build/wasm, then the lab in dist/site: classic scripts only and relative URLs, so it
// runs from any static host and from file://. Run by scripts/build.sh.
//
// The package's sources and the wasm glue are first staged together in build/js. Every
// bundle that must run without fetching a .wasm (the classic script, the lab, its CSV
// worker and the classic widgets.js) imports the package by name and is built with
// modules.js replaced by modules-inline.js, whose single-file glue carries the wasm.
import { execFileSync } from 'node:child_process';
import { copyFile, cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lib = path.join(root, 'dist', 'lib');
const wasm = path.join(root, 'build', 'wasm');
const stage = path.join(root, 'build', 'js');
await rm(stage, { recursive: true, force: true });
await mkdir(stage, { recursive: true });
await mkdir(lib, { recursive: true });

const sources = (await readdir(path.join(root, 'web', 'lib'))).filter((f) => /\.(js|d\.ts)$/.test(f));
for (const file of sources) await copyFile(path.join(root, 'web', 'lib', file), path.join(stage, file));
for (const variant of ['simd', 'scalar']) {
  for (const file of [`kernels-${variant}.js`, `kernels-${variant}.wasm`, `kernels-${variant}-inline.js`]) {
    await copyFile(path.join(wasm, file), path.join(stage, file));
  }
}
// The wasm calls, generated from the contract.
execFileSync(process.execPath, [path.join(root, 'scripts', 'gen-bindings.mjs'), path.join(stage, 'bindings.js')]);
// What the package ships (package.json "files" lists the same).
await copyFile(path.join(root, 'web', 'widgets', 'index.d.ts'), path.join(lib, 'widgets.d.ts'));
for (const file of ['index.js', 'index.d.ts', 'classic.d.ts', 'core.js', 'contract.js', 'bindings.js', 'errors.js', 'heap.js', 'modules.js',
  'kernels-simd.js', 'kernels-simd.wasm', 'kernels-scalar.js', 'kernels-scalar.wasm']) {
  await copyFile(path.join(stage, file), path.join(lib, file));
}

// Resolves 'softmax-xent' to the staged package and its modules.js to modules-inline.js.
const inlinePackage = {
  name: 'softmax-xent-inline',
  enforce: 'pre',
  async resolveId(source, importer, options) {
    if (source === 'softmax-xent') return path.join(stage, 'index.js');
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    if (resolved && resolved.id === path.join(stage, 'modules.js')) return path.join(stage, 'modules-inline.js');
    return resolved;
  },
};

// One bundle of `entry`: an IIFE (a classic script: no modules, no import.meta) with the
// package inlined, or an ES module that imports the package by name.
async function bundle(entry, name, { minify = true, format = 'iife' } = {}) {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    // The single-file glue reads import.meta.url only to find files next to it, and it
    // needs none: a classic script has no import.meta.
    define: { 'process.env.NODE_ENV': '"production"', ...(format === 'iife' ? { 'import.meta.url': 'undefined' } : {}) },
    plugins: format === 'iife' ? [inlinePackage] : [],
    build: {
      write: false, minify, lib: { entry, formats: [format], name },
      rollupOptions: { external: format === 'iife' ? [] : ['softmax-xent'] },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
  return outputs.find((o) => o.type === 'chunk').code;
}

// The MIT notices of what the page bundles, read from the packages' own LICENSE files.
async function notice(packages) {
  const lines = [];
  for (const name of packages) {
    const dir = path.join(root, 'node_modules', name);
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
    const file = ['LICENSE', 'LICENSE.md'].map((f) => path.join(dir, f));
    let text = '';
    for (const f of file) text ||= await readFile(f, 'utf8').catch(() => '');
    const copyright = text.split('\n').find((l) => /copyright/i.test(l))?.trim() ?? '';
    lines.push(` * ${name} ${pkg.version} (${pkg.license}): ${copyright}`);
  }
  return `/*!\n * Bundled third-party code, each under its MIT license (full texts in THIRD_PARTY_LICENSES.txt):\n${lines.join('\n')}\n */\n`;
}

// THIRD_PARTY_LICENSES.txt: the full license text of every bundled package.
async function licenses(packages) {
  const parts = [];
  for (const name of packages) {
    const dir = path.join(root, 'node_modules', name);
    let text = '';
    for (const f of ['LICENSE', 'LICENSE.md']) text ||= await readFile(path.join(dir, f), 'utf8').catch(() => '');
    parts.push(`${'='.repeat(78)}\n${name}\n${'='.repeat(78)}\n${text.trim()}\n`);
  }
  return parts.join('\n');
}
const CHARTS = ['chart.js', '@kurkle/color'];

const classic = '/* softmax-xent classic script: defines globalThis.softmaxXent. Generated by scripts/assemble.mjs. */\n' +
  await bundle(path.join(stage, 'classic-entry.js'), 'softmaxXentClassic', { minify: false });
await writeFile(path.join(lib, 'softmax-xent.classic.js'), classic);
// softmax-xent/widgets: the custom elements as an ES module, Chart.js inlined, the
// package itself imported by name.
const widgetsEntry = path.join(root, 'web', 'widgets', 'index.js');
await writeFile(path.join(lib, 'widgets.js'), await notice(CHARTS) +
  await bundle(widgetsEntry, 'softmaxXentWidgets', { format: 'es' }));
await writeFile(path.join(lib, 'THIRD_PARTY_LICENSES.txt'), await licenses(CHARTS));
console.log('build: package assembled in dist/lib');

// The lab.
const site = path.join(root, 'dist', 'site');
const page = path.join(root, 'web', 'page');
await rm(site, { recursive: true, force: true });
await mkdir(site, { recursive: true });
await writeFile(path.join(site, 'lab.js'), await notice([...CHARTS, 'chartjs-chart-matrix', 'katex']) +
  await bundle(path.join(page, 'main.js'), 'softmaxXentLab'));
await writeFile(path.join(site, 'csv-worker.js'), await bundle(path.join(page, 'csv-worker.js'), 'softmaxXentCsvWorker'));
for (const file of ['index.html', 'lab.css']) await copyFile(path.join(page, file), path.join(site, file));
await writeFile(path.join(site, 'THIRD_PARTY_LICENSES.txt'), await licenses([...CHARTS, 'chartjs-chart-matrix', 'katex']));
// widgets.js: one self-contained classic script (elements, Chart.js, the package).
await writeFile(path.join(site, 'widgets.js'), await notice(CHARTS) + await bundle(widgetsEntry, 'softmaxXentWidgets'));
const widgets = path.join(root, 'web', 'widgets');
await copyFile(path.join(widgets, 'gallery.html'), path.join(site, 'widgets.html'));
for (const file of ['gallery.css', 'gallery.js']) await copyFile(path.join(widgets, file), path.join(site, file));
const katexDist = path.join(root, 'node_modules', 'katex', 'dist');
await mkdir(path.join(site, 'vendor', 'katex'), { recursive: true });
await copyFile(path.join(katexDist, 'katex.min.css'), path.join(site, 'vendor', 'katex', 'katex.min.css'));
await cp(path.join(katexDist, 'fonts'), path.join(site, 'vendor', 'katex', 'fonts'), { recursive: true });
console.log('build: lab written to dist/site');
