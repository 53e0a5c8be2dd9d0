// A pasted or loaded CSV of 100 000 rows is parsed and computed in a web worker (or,
// from file://, in chunks on the main thread) with a progress bar and a cancel button,
// without freezing the page; the result matches the package run here in Node. Headless
// Chromium through the engine interface (engines.test.js runs the worker in all three).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startServer } from '../../scripts/static-server.mjs';
import { copySiteWithCapture } from '../../scripts/lib/capture.mjs';
import { launchEngine } from '../../scripts/lib/engines.mjs';
import { load } from '../../dist/lib/index.js';

const site = fileURLToPath(new URL('../../dist/site/', import.meta.url));
const ROWS = 100_000;
let browser;
let server;
let dir;
let csvPath;
let expected;

before(async () => {
  browser = await launchEngine('chromium');
  server = await startServer({ root: site, base: '/lab/', csp: true, capture: true });
  dir = await mkdtemp(path.join(tmpdir(), 'xent-bigcsv-'));
  await copySiteWithCapture(site, path.join(dir, 'site'));
  // Deterministic logits; every 10th row ignored (label -100).
  const logits = new Float32Array(ROWS * 3);
  const labels = new Int32Array(ROWS);
  const lines = ['a,b,c,label'];
  for (let r = 0; r < ROWS; ++r) {
    const row = [0, 1, 2].map((c) => Math.round(Math.sin(r * 3 + c) * 400) / 100);
    labels[r] = r % 10 === 9 ? -100 : r % 3;
    row.forEach((v, c) => { logits[r * 3 + c] = v; });
    lines.push(`${row.join(',')},${labels[r]}`);
  }
  csvPath = path.join(dir, 'big.csv');
  await writeFile(csvPath, lines.join('\n'));
  const api = await load();
  expected = {
    mean: api.crossEntropy(logits, labels, { classes: 3 }),
    sum: api.crossEntropy(logits, labels, { classes: 3, reduction: 'sum' }),
  };
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const ready = (page) => page.waitFor(() => document.body.dataset.ready === 'true');
const bigCsvEnded = (page) => page.waitFor(() => ['done', 'error'].includes(document.body.dataset.bigCsv), null, { timeout: 60000 });

async function runBig(url) {
  const page = await browser.open(url);
  await ready(page);
  await page.click('#tab-batch');
  await page.click('input[name="batch-kind"][value="logits"]');
  await page.upload('#csv-file', csvPath);
  // The page answers while the batch is computed.
  const t0 = performance.now();
  await page.evaluate(() => document.title);
  const responsiveMs = performance.now() - t0;
  await bigCsvEnded(page);
  const result = await page.text('#big-result');
  return { page, result, responsiveMs };
}

function checkResult(result) {
  const m = /^100000 samples \(90000 not ignored, 3 classes\): mean = ([\d.]+) nats, sum = ([\d.]+) nats/.exec(result);
  assert.ok(m, result);
  assert.ok(Math.abs(Number(m[1]) - expected.mean) < 1e-4, `mean ${m[1]} vs ${expected.mean}`);
  assert.ok(Math.abs(Number(m[2]) - expected.sum) / expected.sum < 1e-5, `sum ${m[2]} vs ${expected.sum}`);
}

test('100 000 rows in a web worker under the strict CSP: progress, result, no errors', async () => {
  const { page, result, responsiveMs } = await runBig(server.url);
  checkResult(result);
  assert.equal(await page.value('#big-progress'), 1);
  // Done: nothing stale is left live beside the result.
  assert.equal(await page.visible('#big-cancel'), false, 'Cancel stays only while it runs');
  assert.equal(await page.visible('#batch-error'), false);
  assert.ok(await page.count('#batch-table tbody tr') > 0, 'the batch table is not left empty');
  assert.ok(responsiveMs < 1000, `the page answered in ${responsiveMs} ms`);
  assert.deepEqual(await page.problems(), []);
  console.log(`worker: responsive in ${Math.round(responsiveMs)} ms; ${result}`);
  await page.close();
});

test('cancel stops the computation and the page keeps working', async () => {
  const page = await browser.open(`${server.url}#section=batch`);
  await ready(page);
  await page.click('input[name="batch-kind"][value="logits"]');
  // Four copies of the big CSV: long enough to be cancelled while it runs.
  const lines = (await readFile(csvPath, 'utf8')).split('\n');
  const bigger = path.join(dir, 'bigger.csv');
  await writeFile(bigger, [lines[0], ...Array(4).fill(lines.slice(1).join('\n'))].join('\n'));
  await page.upload('#csv-file', bigger);
  await page.waitFor(() => document.body.dataset.bigCsv === 'running');
  await page.click('#big-cancel');
  assert.equal(await page.text('#big-status'), 'Cancelled.');
  assert.equal(await page.attribute('body', 'data-big-csv'), 'cancelled');
  await new Promise((resolve) => { setTimeout(resolve, 300); });
  assert.equal(await page.visible('#big-result'), false, 'no result after cancelling');
  await page.click('#tab-softmax');
  assert.equal(await page.text('#overflow-table tbody tr td:nth-child(5)'), '0.231224');
  assert.deepEqual(await page.problems(), []);
  await page.close();
});

test('from file:// (no workers there) it computes in chunks on the main thread', async () => {
  const { page, result } = await runBig(pathToFileURL(path.join(dir, 'site', 'index.html')).href);
  checkResult(result);
  assert.deepEqual(await page.problems(), []);
  await page.close();
});

test('a large CSV that does not fit the chosen kind is reported, with the line range', async () => {
  const page = await browser.open(`${server.url}#section=batch`);
  await ready(page);
  // Rows hold logits, but the page is set to probabilities.
  await page.upload('#csv-file', csvPath);
  await bigCsvEnded(page);
  assert.match(await page.text('#big-result'), /^Large CSV: lines 1–5000: selfInformation: p\[\d+\] = -?[\d.]+ is not a probability in \[0, 1\]/);
  assert.deepEqual(await page.problems(), []);
  await page.close();
});
