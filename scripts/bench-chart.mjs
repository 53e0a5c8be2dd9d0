// Draws the kernel benchmark's JSON as a PNG bar chart (Chart.js in headless
// Chromium): elements/s per op for each peer, one panel per large shape, log scale.
// Also prints the README's performance tables (shapes [1, 10] and the two large ones,
// and the goals) as Markdown.
//   node scripts/bench-chart.mjs [in.json] [out.png]
// Defaults: build/bench/kernels.json -> build/bench/kernels.png.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './lib/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const input = path.resolve(process.argv[2] ?? path.join(root, 'build/bench/kernels.json'));
const output = path.resolve(process.argv[3] ?? path.join(root, 'build/bench/kernels.png'));
const bench = JSON.parse(await readFile(input, 'utf8'));

const PEERS = [
  ['softmax-xent simd, zero-copy', '#1f6feb'],
  ['softmax-xent simd, copying', '#58a6ff'],
  ['softmax-xent scalar, zero-copy', '#a5c8ff'],
  ['native', '#8250df'],
  ['native SSE4', '#c297ff'],
  ['TF.js wasm, kernel', '#e36209'],
  ['TF.js wasm, with tensor I/O', '#f9b57a'],
  ['onnxruntime-web', '#2da44e'],
  ['plain JS', '#8c959f'],
];
const SHAPES = ['1024x1000', '32x32000'];
const panels = SHAPES.map((shape) => ({
  title: `[${shape.replace('x', ', ')}]`,
  labels: bench.ops,
  datasets: PEERS.map(([impl, color]) => ({
    label: impl === 'native' ? `native ${bench.machine.nativeTarget}` : impl,
    backgroundColor: color,
    data: bench.ops.map((op) => {
      const r = bench.results.find((x) => x.op === op && x.shape === shape && x.impl === impl);
      return r ? r.elementsPerSecond / 1e9 : null;
    }),
  })),
}));
const m = bench.machine;
const caption = `G elements/s, median, one thread (log scale). ${m.cpu}, Node ${m.node}, ` +
  `native ${m.nativeTarget}, TF.js ${m.tfjs}, onnxruntime-web ${m.onnxruntimeWeb}, ${m.date.slice(0, 10)}`;

// The README's tables.
const COLUMNS = [
  ['softmax-xent simd, zero-copy', 'zero-copy'], ['softmax-xent simd, copying', 'copying'],
  ['softmax-xent simd, new result', 'new result'], ['softmax-xent scalar, zero-copy', 'scalar'],
  ['plain JS', 'plain JS'], ['TF.js wasm, kernel', 'TF.js kernel'],
  ['TF.js wasm, with tensor I/O', 'TF.js + I/O'], ['onnxruntime-web', 'ORT-web'],
  ['native', `native ${bench.machine.nativeTarget}`], ['native SSE4', 'native SSE4'],
].filter(([impl]) => bench.results.some((r) => r.impl === impl));
const fmt = (g) => (g >= 0.1 ? g.toFixed(2) : g >= 0.01 ? g.toFixed(3) : g.toFixed(4));
const lines = [`| op | shape | ${COLUMNS.map(([, h]) => h).join(' | ')} |`,
  `|---|---|${COLUMNS.map(() => '---:').join('|')}|`];
for (const op of bench.ops) {
  for (const shape of ['1x10', ...SHAPES]) {
    const cells = COLUMNS.map(([impl]) => {
      const r = bench.results.find((x) => x.op === op && x.shape === shape && x.impl === impl);
      return fmt(r.elementsPerSecond / 1e9);
    });
    lines.push(`| ${op} | [${shape.replace('x', ', ')}] | ${cells.join(' | ')} |`);
  }
}
lines.push('', '| goal | target | measured (worst, where) | met |', '|---|---:|---|---|');
for (const g of bench.goals) {
  lines.push(`| ${g.name} | ≥ ${g.target}× | ${g.ratio.toFixed(2)}× (${g.at}) | ${g.met ? 'yes' : '**no**'} |`);
}
console.log(lines.join('\n'));

const browser = await launch({ viewport: { width: 1400, height: 1000 } });
try {
  const page = await browser.context.newPage();
  await page.setContent(`<!doctype html><meta charset="utf-8">
    <body style="margin:0;background:#fff;font:14px sans-serif">
    <div id="chart" style="width:1400px;padding:12px 16px;box-sizing:border-box">
      <canvas id="a" width="1368" height="430"></canvas>
      <canvas id="b" width="1368" height="430"></canvas>
      <p id="caption" style="margin:6px 0 0;color:#444"></p>
    </div></body>`);
  await page.addScriptTag({ path: path.join(root, 'node_modules/chart.js/dist/chart.umd.js') });
  await page.evaluate(({ panels, caption }) => {
    document.getElementById('caption').textContent = caption;
    panels.forEach((panel, i) => {
      new globalThis.Chart(document.getElementById(i ? 'b' : 'a'), {
        type: 'bar',
        data: { labels: panel.labels, datasets: panel.datasets },
        options: {
          animation: false,
          responsive: false,
          plugins: {
            title: { display: true, text: `shape ${panel.title}`, font: { size: 16 } },
            legend: { display: i === 0, position: 'top' },
          },
          scales: {
            y: { type: 'logarithmic', min: 0.01, title: { display: true, text: 'G elements/s' } },
          },
        },
      });
    });
  }, { panels, caption });
  await page.locator('#chart').screenshot({ path: output });
  console.log(`wrote ${path.relative(process.cwd(), output)}`);
} finally {
  await browser.close();
}
