// Draws the kernel benchmark's JSON files (one per runtime: bench-kernels.mjs for Node,
// bench-browser.mjs for Chromium) as one PNG bar chart (Chart.js in headless Chromium):
// elements/s per op for each peer, one panel per runtime and large shape, log scale.
// Also prints the README's performance tables (shapes [1, 10] and the two large ones,
// and the goals) as Markdown, per runtime.
//   node scripts/bench-chart.mjs [in.json ...] [out.png]
// Defaults: build/bench/kernels.json and build/bench/kernels-browser.json (those that
// exist) -> build/bench/kernels.png.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './lib/browser.mjs';
import { SX } from './lib/kernel-suite.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const output = path.resolve(args.find((a) => a.endsWith('.png')) ?? path.join(root, 'build/bench/kernels.png'));
let inputs = args.filter((a) => !a.endsWith('.png')).map((a) => path.resolve(a));
if (!inputs.length) {
  inputs = ['kernels.json', 'kernels-browser.json'].map((f) => path.join(root, 'build/bench', f)).filter(existsSync);
}
const runs = await Promise.all(inputs.map(async (f) => JSON.parse(await readFile(f, 'utf8'))));

// The peers of a run, the module its runtime picks first: [impl, colour, column].
const peers = (bench) => {
  const auto = bench.machine.wasmVariant ?? 'simd';
  const list = [
    [SX(auto, 'zero'), '#1f6feb', 'zero-copy'], [SX(auto, 'copy'), '#58a6ff', 'copying'],
    [SX(auto, 'fresh'), '#9cc7ff', 'new result'],
    ...(auto === 'relaxed' ? [[SX('simd', 'zero'), '#0b3d91', 'SIMD128 zero-copy']] : []),
    [SX('scalar', 'zero'), '#c9dcf5', 'scalar'], ['plain JS', '#8c959f', 'plain JS'],
    ['TF.js wasm, kernel', '#e36209', 'TF.js kernel'], ['TF.js wasm, with tensor I/O', '#f9b57a', 'TF.js + I/O'],
    ['onnxruntime-web', '#2da44e', 'ORT-web'], ['native', '#8250df', `native ${bench.machine.nativeTarget}`],
    ['native SSE4', '#c297ff', 'native SSE4'],
  ];
  return list.filter(([impl]) => bench.results.some((r) => r.impl === impl));
};
const SHAPES = ['1024x1000', '32x32000'];
const panels = runs.flatMap((bench) => SHAPES.map((shape) => ({
  title: `${bench.machine.runtime ?? `Node ${bench.machine.node}`}, shape [${shape.replace('x', ', ')}]`,
  labels: bench.ops,
  datasets: peers(bench).map(([impl, color]) => ({
    label: impl === 'native' ? `native ${bench.machine.nativeTarget}` : impl,
    backgroundColor: color,
    data: bench.ops.map((op) => {
      const r = bench.results.find((x) => x.op === op && x.shape === shape && x.impl === impl);
      return r ? r.elementsPerSecond / 1e9 : null;
    }),
  })),
})));
const m = runs[0].machine;
const caption = `G elements/s, median, one thread (log scale). ${m.cpu}; ` +
  runs.map((b) => `${b.machine.runtime} (module ${b.machine.wasmVariant})`).join(', ') +
  `; native ${m.nativeTarget}, TF.js ${m.tfjs}, onnxruntime-web ${m.onnxruntimeWeb}, ${m.date.slice(0, 10)}`;

// The README's tables, one per runtime.
const fmt = (g) => (g >= 0.1 ? g.toFixed(2) : g >= 0.01 ? g.toFixed(3) : g.toFixed(4));
for (const bench of runs) {
  const auto = bench.machine.wasmVariant ?? 'simd';
  const columns = peers(bench).map(([impl, , header]) => [impl, header]);
  const lines = [`${bench.machine.runtime}, module ${auto}:`, '',
    `| op | shape | ${columns.map(([, h]) => h).join(' | ')} |`, `|---|---|${columns.map(() => '---:').join('|')}|`];
  for (const op of bench.ops) {
    for (const shape of ['1x10', ...SHAPES]) {
      const cells = columns.map(([impl]) => {
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
  console.log(lines.join('\n') + '\n');
}
// The same implementation in both runtimes, where there are two.
if (runs.length === 2) {
  const [a, b] = runs;
  const impls = [...new Set(a.results.map((r) => r.impl))].filter((i) => !i.startsWith('native') &&
    b.results.some((r) => r.impl === i));
  const lines = [`${b.machine.runtime} ÷ ${a.machine.runtime}, same implementation (large shapes, median over ops):`, '',
    '| implementation | [1024, 1000] | [32, 32000] |', '|---|---:|---:|'];
  for (const impl of impls) {
    const cells = SHAPES.map((shape) => {
      const q = a.results.filter((r) => r.impl === impl && r.shape === shape).map((r) => {
        const other = b.results.find((x) => x.impl === impl && x.shape === shape && x.op === r.op);
        return other.elementsPerSecond / r.elementsPerSecond;
      }).sort((x, y) => x - y);
      return `${q[q.length >> 1].toFixed(2)}×`;
    });
    lines.push(`| ${impl} | ${cells.join(' | ')} |`);
  }
  console.log(lines.join('\n') + '\n');
}

const height = 400;
const browser = await launch({ viewport: { width: 1400, height: 1000 } });
try {
  const page = await browser.context.newPage();
  await page.setContent(`<!doctype html><meta charset="utf-8">
    <body style="margin:0;background:#fff;font:14px sans-serif">
    <div id="chart" style="width:1400px;padding:12px 16px;box-sizing:border-box">
      ${panels.map((_, i) => `<canvas id="p${i}" width="1368" height="${height}"></canvas>`).join('\n')}
      <p id="caption" style="margin:6px 0 0;color:#444"></p>
    </div></body>`);
  await page.addScriptTag({ path: path.join(root, 'node_modules/chart.js/dist/chart.umd.js') });
  await page.evaluate(({ panels, caption }) => {
    document.getElementById('caption').textContent = caption;
    panels.forEach((panel, i) => {
      new globalThis.Chart(document.getElementById(`p${i}`), {
        type: 'bar',
        data: { labels: panel.labels, datasets: panel.datasets },
        options: {
          animation: false,
          responsive: false,
          plugins: {
            title: { display: true, text: panel.title, font: { size: 16 } },
            legend: { display: i % 2 === 0, position: 'top' },
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
