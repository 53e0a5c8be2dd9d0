// Page benchmark (not a test): the time from an input event to the finished redraw
// (compute + every chart of the section updated) while dragging a logit bar, and
// while moving the BCE label slider, in headless Chromium. Prints median, p95, max.
//   node scripts/bench-page.mjs      (after scripts/build.sh)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './static-server.mjs';
import { launch } from './lib/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const server = await startServer({ root: path.join(root, 'dist', 'site'), csp: true });
const browser = await launch();
const quantile = (xs, q) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];

async function measure(name, hash, act) {
  const page = await browser.context.newPage();
  await page.goto(server.url + hash);
  await page.waitForSelector('body[data-ready="true"]');
  await page.evaluate(() => { globalThis.__labTiming.samples.length = 0; });
  await act(page);
  const raw = await page.evaluate(() => globalThis.__labTiming.samples.slice());
  await page.close();
  const latency = raw.map((s) => s.latency).sort((a, b) => a - b);
  const work = raw.map((s) => s.work).sort((a, b) => a - b);
  const row = {
    interaction: name, events: raw.length,
    median_ms: +quantile(latency, 0.5).toFixed(2), p95_ms: +quantile(latency, 0.95).toFixed(2),
    max_ms: +latency[latency.length - 1].toFixed(2),
    work_median_ms: +quantile(work, 0.5).toFixed(2), work_p95_ms: +quantile(work, 0.95).toFixed(2),
  };
  const f = (v) => v.toFixed(2).padStart(6);
  console.log(`${name.padEnd(38)} ${String(row.events).padStart(4)}  ${f(row.median_ms)} ${f(row.p95_ms)} ${f(row.max_ms)}   ${f(row.work_median_ms)} ${f(row.work_p95_ms)}`);
  return row;
}

async function drag(page, selector, fromY, toY, rounds) {
  const box = await page.locator(selector).boundingBox();
  const x = box.x + box.width * 0.5;
  await page.mouse.move(x, box.y + box.height * fromY);
  await page.mouse.down();
  for (let i = 0; i < rounds; ++i) {
    await page.mouse.move(x, box.y + box.height * toY, { steps: 40 });
    await page.mouse.move(x, box.y + box.height * fromY, { steps: 40 });
  }
  await page.mouse.up();
}

console.log('Input event -> finished redraw, headless Chromium, software rendering (one frame at 60 Hz = 16.7 ms).');
console.log('latency: from the event\'s timestamp (queueing included); work: from the handler\'s start. ms:');
console.log(`${'interaction'.padEnd(38)} ${'n'.padStart(4)}  ${'median'.padStart(6)} ${'p95'.padStart(6)} ${'max'.padStart(6)}   ${'work50'.padStart(6)} ${'work95'.padStart(6)}`);
const rows = [];
rows.push(await measure('softmax: drag a logit (3 classes)', '', (p) => drag(p, '#chart-logits', 0.45, 0.15, 5)));
rows.push(await measure('softmax: drag a logit (20 classes)',
  `#logits=${Array.from({ length: 20 }, (_, i) => (i % 7) - 3).join(',')}`, (p) => drag(p, '#chart-logits', 0.45, 0.15, 5)));
rows.push(await measure('cross-entropy: smoothing slider', '#section=xent', async (p) => {
  for (let i = 0; i <= 100; ++i) await p.locator('#smoothing').fill(String(i / 100));
}));
rows.push(await measure('BCE vs MSE: label slider (all charts)', '#section=bce', async (p) => {
  for (let i = 0; i <= 100; ++i) await p.locator('#bce-y').fill(String(i / 100));
}));
await browser.close();
await server.close();
const worst = Math.max(...rows.map((r) => r.p95_ms));
console.log(`worst p95: ${worst.toFixed(2)} ms — ${worst < 16.7 ? 'within' : 'over'} one frame`);
export default rows;
