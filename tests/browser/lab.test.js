// The lab in headless Chromium, through the engine interface of scripts/lib/engines.mjs
// (engines.test.js runs the parts every engine shares in all three): served at a
// sub-path under the strict CSP and opened from file://, with no error the capture
// script sees; drag, keyboard and typing change the numbers correctly (checked against
// the package run here in Node); shared links restore state; hostile links are rejected
// visibly; both languages render; exports work. Saves a screenshot per section in
// tests/browser/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { startServer } from '../../scripts/static-server.mjs';
import { copySiteWithCapture } from '../../scripts/lib/capture.mjs';
import { axeViolations, launchEngine, scratchDir } from '../../scripts/lib/engines.mjs';
import { load } from '../../dist/lib/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const site = path.join(root, 'dist', 'site');
const shots = path.join(root, 'tests', 'browser', 'screenshots');
let server;
let browser;
let narrow; // 390 px wide, for the phone-width and axe checks
let api;
let scratch;
let offline; // the site with the capture script, for file://

before(async () => {
  await mkdir(shots, { recursive: true });
  server = await startServer({ root: site, base: '/tutorials/softmax/lab/', csp: true, capture: true });
  scratch = await scratchDir('xent-lab-');
  offline = path.join(scratch.dir, 'site');
  await copySiteWithCapture(site, offline);
  browser = await launchEngine('chromium');
  narrow = await launchEngine('chromium', { width: 390, height: 844 });
  api = await load();
});

after(async () => {
  await browser?.close();
  await narrow?.close();
  await server?.close();
  await scratch?.remove();
});

const ready = (page) => page.waitFor(() => document.body.dataset.ready === 'true');

async function open(hash = '', url = server.url) {
  const page = await browser.open(url + hash);
  await ready(page);
  return page;
}

const hashOf = (page) => page.evaluate(() => location.hash);
const logitsOf = async (page) => {
  const params = new URLSearchParams((await hashOf(page)).slice(1));
  return (params.get('logits') ?? '1,2,0.5').split(',').map(Number);
};
// The "stable p" column of the overflow table.
const shownProbabilities = (page) => page.evaluate(() =>
  Array.from(document.querySelectorAll('#overflow-table tbody tr'), (r) => Number(r.cells[4].textContent)));

function assertShowsSoftmax(shown, logits) {
  const p = api.softmax(logits);
  assert.equal(shown.length, p.length);
  shown.forEach((v, i) => assert.ok(Math.abs(v - p[i]) <= 5e-7, `p[${i}]: shown ${v}, package ${p[i]}`));
}

test('served at a sub-path under the strict CSP: loads with no errors and shows softmax([1, 2, 0.5])', async () => {
  const page = await open();
  assert.match(await page.text('#status'), /Module: simd \(WASM\)/);
  assertShowsSoftmax(await shownProbabilities(page), [1, 2, 0.5]);
  assert.deepEqual(await shownProbabilities(page), [0.231224, 0.628532, 0.140244]);
  // Buttons ease their hover colours (switched off under reduced motion: the phone test).
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('copy-link')).transitionDuration), '0.15s, 0.15s');
  for (const section of ['softmax', 'xent', 'bce', 'batch', 'examples']) {
    await page.click(`#tab-${section}`);
    assert.equal(await page.visible(`#section-${section}`), true);
    await page.screenshot(path.join(shots, `${section}.png`), { fullPage: true });
  }
  assert.deepEqual(await page.problems(), []);
  await page.close();
});

test('dragging a bar, the keyboard and typing change the logits and every probability', async () => {
  const page = await open();
  // Drag the "dog" bar (class 1) up.
  await page.drag('#chart-logits', [0.5, 0.45], [0.5, 0.2]);
  const dragged = await logitsOf(page);
  assert.equal(dragged[0], 1);
  assert.equal(dragged[2], 0.5);
  assert.ok(dragged[1] > 2.5, `dragging up raised the logit: ${dragged}`);
  assert.equal(await page.value('#logit-1'), String(dragged[1]));
  assertShowsSoftmax(await shownProbabilities(page), dragged);

  // Keyboard: Right selects class 1... from the dragged one; Left back to class 0.
  await page.focus('#chart-logits');
  await page.press('ArrowLeft');
  await page.press('ArrowUp');
  await page.press('ArrowUp');
  await page.press('Shift+ArrowUp');
  const keyed = await logitsOf(page);
  assert.ok(Math.abs(keyed[0] - 2.2) < 1e-9, `two steps of 0.1 and one of 1: ${keyed}`);
  assertShowsSoftmax(await shownProbabilities(page), keyed);

  // Typing.
  await page.fill('#logit-2', '-3.5');
  const typed = await logitsOf(page);
  assert.equal(typed[2], -3.5);
  assertShowsSoftmax(await shownProbabilities(page), typed);

  // More classes, then temperature.
  await page.fill('#classes', '5');
  assert.equal((await logitsOf(page)).length, 5);
  await page.fill('#logit-4', '4');
  await page.fill('#temperature', '0.30103'); // log10(2): T = 2
  const p = api.softmax(await logitsOf(page), { temperature: 2 });
  const shown = await shownProbabilities(page);
  shown.forEach((v, i) => assert.ok(Math.abs(v - p[i]) <= 5e-7, `T = 2: p[${i}] shown ${v}, package ${p[i]}`));
  assert.deepEqual(await page.problems(), []);
  await page.close();
});

test('the overflow demo shows naive float32 NaN beside the stable result', async () => {
  const page = await open('#logits=1,2,3&shift=90');
  const cells = await page.evaluate(() =>
    Array.from(document.querySelectorAll('#overflow-table tbody tr'), (r) => Array.from(r.cells, (c) => c.textContent)));
  assert.deepEqual(cells.map((r) => r[3]), ['NaN', 'NaN', 'NaN']);
  assert.ok(cells.some((r) => r[2] === 'Infinity'));
  assertShowsSoftmax(cells.map((r) => Number(r[4])), [1, 2, 3]);
  assert.equal(await page.count('#overflow-table td.bad') > 0, true);
  assert.deepEqual(await page.problems(), []);
  await page.close();
});

test('a shared link restores the state: cross-entropy of [1, 2, 0.5] for class 0', async () => {
  const page = await open('#logits=1,2,0.5&target=0&section=xent');
  assert.equal(await page.visible('#section-xent'), true);
  const loss = api.crossEntropy([1, 2, 0.5], [0]);
  assert.equal(await page.text('#loss-line'), `crossEntropy(z, target) = ${loss.toFixed(4)} nats`);
  assert.equal(loss.toFixed(4), '1.4644');
  assert.equal(await page.text('#form-neglog'), '−ln q_y = −ln 0.2312 = 1.4644 nats');
  assert.equal(await page.text('#form-lse'), 'logsumexp(z) − z_y = 2.4644 − 1.0000 = 1.4644 nats');
  // In bits every loss line is in bits, and says so.
  await page.goto(`${server.url}#logits=1,2,0.5&target=0&base=2&section=xent`);
  await ready(page);
  const bits = api.crossEntropy([1, 2, 0.5], [0], { base: 2 });
  assert.ok(Math.abs(bits - loss / Math.LN2) < 1e-6);
  assert.equal(await page.text('#loss-line'), `crossEntropy(z, target) = ${bits.toFixed(4)} bits`);
  assert.equal(await page.text('#form-neglog'), `−log₂ q_y = −log₂ 0.2312 = ${bits.toFixed(4)} bits`);
  assert.equal(await page.text('#form-lse'), `logsumexp(z) − z_y = 2.4644 − 1.0000 = 1.4644 nats; / ln 2 = ${bits.toFixed(4)} bits`);
  // Temperature, base and smoothing from the link, and the H = H + KL decomposition.
  await page.goto(`${server.url}#logits=1,2,0.5&target=2&t=2&base=2&smooth=0.1&section=xent`);
  await ready(page);
  const q = api.softmax([1, 2, 0.5], { temperature: 2 });
  const tdist = [0.1 / 3, 0.1 / 3, 0.9 + 0.1 / 3];
  const h = api.entropy(tdist, { base: 2 })[0];
  const kl = api.klDivergence(tdist, q, { base: 2 })[0];
  const hpq = api.distributionCrossEntropy(tdist, q, { base: 2 })[0];
  assert.equal(await page.text('#decomp-line'),
    `H(t) = ${h.toFixed(4)} + KL(t‖q) = ${kl.toFixed(4)} → H(t, q) = ${hpq.toFixed(4)} bits`);
  assert.equal(await page.value('#base'), '2');
  assert.deepEqual(await page.problems(), []);
  await page.close();
});

test('hostile or malformed links are rejected with a visible message; the page keeps working', async () => {
  const hostile = [
    'logits=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    'labels=%3Cb%20onclick%3Dx%3Ehi%3C%2Fb%3E,b,c',
    't=1e400',
    'target=999999',
    'section=%22%3E%3Csvg%20onload%3Dalert(1)%3E',
    'javascript:alert(1)',
    'q=%E0%A4%A',
  ].join('&');
  const page = await open(`#${hostile}`);
  const message = await page.text('#message');
  assert.equal(await page.visible('#message'), true);
  for (const name of ['logits', 't', 'target', 'section', 'javascript:alert(1)']) {
    assert.ok(message.includes(name), `the message names ${name}: ${message}`);
  }
  // The label with markup is shown as text, never parsed.
  assert.equal(await page.count('img, b, svg[onload], script:not([src])'), 0);
  assert.equal(await page.evaluate((text) => Array.from(document.querySelectorAll('#logit-inputs label'))
    .filter((l) => l.textContent.includes(text)).length, 'Logit of <b onclick=x>hi</b>'), 1);
  assertShowsSoftmax(await shownProbabilities(page), [1, 2, 0.5]);
  // 10^6 classes: rejected as too long, defaults kept.
  await page.goto(`${server.url}#logits=${'1,'.repeat(1e6)}1`);
  await ready(page);
  assert.match(await page.text('#message'), /too long/);
  assertShowsSoftmax(await shownProbabilities(page), [1, 2, 0.5]);
  // 21 classes and a non-number inside a list.
  await page.goto(`${server.url}#logits=${Array(21).fill(1).join(',')}&soft=0.5,abc,0.5`);
  await ready(page);
  assert.match(await page.text('#message'), /logits: needs 2–20 numbers, got 21/);
  assert.match(await page.text('#message'), /soft: the 2nd value is not a finite number/);
  assert.deepEqual(await page.problems(), [], 'no script from the link ran (no dialog, no error)');
  await page.close();
});

test('both languages render completely, and the language is part of the link', async () => {
  const page = await open('#section=xent');
  await page.click('#lang-toggle');
  assert.equal(await page.text('h1'), 'softmax-xent 实验室');
  assert.match(await hashOf(page), /lang=zh/);
  assert.match(await page.text('#loss-line'), /奈特$/);
  // Every translated element has Chinese text in zh, and none is left empty.
  const empty = await page.evaluate(() => Array.from(document.querySelectorAll('[data-i18n]'))
    .filter((e) => !e.textContent.trim()).map((e) => e.dataset.i18n));
  assert.deepEqual(empty, []);
  for (const section of ['softmax', 'xent', 'bce', 'batch', 'examples']) {
    await page.click(`#tab-${section}`);
    await page.screenshot(path.join(shots, `${section}-zh.png`), { fullPage: true });
  }
  await page.reload();
  await ready(page);
  assert.equal(await page.attribute('html', 'lang'), 'zh-CN');
  await page.click('#lang-toggle');
  assert.equal(await page.text('h1'), 'softmax-xent lab');
  assert.deepEqual(await page.problems(), []);
  await page.close();
});

test('the worked examples show the recomputed figures beside the printed ones', async () => {
  const page = await open('#section=examples');
  const recomputed = (id) => page.text(`#example-${id} dd.recomputed`);
  // Sources in words a reader understands, not file numbers.
  assert.equal(await page.text('#example-seed004-minimum .source'), 'From an article on why binary classification uses cross-entropy as its loss');
  const p = api.softmax([1, 2, 0.5]);
  assert.equal(await recomputed('seed003-softmax'), `[${Array.from(p, (v) => v.toFixed(4)).join(', ')}]`);
  assert.equal(await recomputed('seed003-softmax'), '[0.2312, 0.6285, 0.1402]');
  assert.match(await recomputed('seed003-loss'), /^1\.4644 /);
  assert.match(await recomputed('seed003-batch'), /→ 0\.6852; log10: .* → 0\.2976$/);
  assert.match(await recomputed('seed001-batch'), /^log10: \[0\.3010, 0\.0969\] → 0\.1990; ln: \[0\.6931, 0\.2231\] → 0\.4581$/);
  // A preset opens the lab in the state it describes, in the unit it speaks of.
  await page.click('#example-seed000-information button');
  assert.equal(await page.text('#loss-line'), 'crossEntropy(z, target) = 2.0000 bits');
  await page.click('#tab-examples');
  await page.click('#example-seed003-batch button');
  assert.equal(await page.visible('#section-batch'), true);
  assert.match(await page.text('#batch-mean'), /^mean = 0\.6852 nats .* = 0\.2976 log10 units$/);
  assert.deepEqual(await page.problems(), []);
  await page.close();
});

test('batch: CSV in, the reduction shown, ignore_index, and errors in the reader\'s terms', async () => {
  const page = await open('#section=batch');
  await page.fill('#csv', 'a,b,c,label\n2,1,0.1,0\n0.5,2.5,0.3,1\n0,0,3,-100\n');
  await page.click('input[name="batch-kind"][value="logits"]');
  await page.click('#csv-apply');
  const logits = [2, 1, 0.1, 0.5, 2.5, 0.3, 0, 0, 3];
  const labels = [0, 1, -100];
  const mean = api.crossEntropy(logits, labels, { classes: 3 });
  const sum = api.crossEntropy(logits, labels, { classes: 3, reduction: 'sum' });
  assert.match(await page.text('#batch-mean'), new RegExp(`^mean = ${mean.toFixed(4)} nats`));
  assert.equal(await page.count('#batch-table tbody tr.ignored'), 1);
  // The reduction picks the value shown.
  assert.equal(await page.visible('#batch-mean'), true);
  assert.equal(await page.visible('#batch-sum'), false);
  await page.fill('#reduction', 'sum');
  assert.equal(await page.visible('#batch-mean'), false);
  assert.equal(await page.text('#batch-sum'), `sum = ${sum.toFixed(4)} nats`);
  await page.fill('#reduction', 'none');
  assert.equal(await page.text('#batch-none'), 'none: one loss per sample, in the table above.');
  assert.equal(await page.visible('#batch-sum'), false);
  // A label that is no class: the row counted from 1, in the page's words.
  await page.fill('#csv', '0.2,0.8,5\n');
  await page.click('#csv-apply');
  assert.equal(await page.text('#batch-error'), 'Row 1: the label 5 is neither a class (0 to 1) nor the ignore index (-100).');
  // A probability above 1, as typed, with its row and column; in Chinese too.
  await page.click('input[name="batch-kind"][value="probs"]');
  await page.fill('#csv', '0.2,0.8,0\n0.1,1.2,1\n');
  await page.click('#csv-apply');
  assert.equal(await page.text('#batch-error'),
    'Row 2, column 2: 1.2 is not a probability (probabilities lie between 0 and 1; for raw scores choose “logits”).');
  await page.click('#lang-toggle');
  assert.equal(await page.text('#batch-error'), '第 2 行第 2 列：1.2 不是概率（概率在 0 到 1 之间；若是原始分数，请选择“logits”）。');
  await page.click('#lang-toggle');
  // Malformed CSV: which line, and why; the previous table does not stay behind.
  await page.fill('#csv', '0.2,0.8,0\n0.1,x,1\n');
  await page.click('#csv-apply');
  assert.match(await page.text('#batch-error'), /CSV line 2: “x” is not a number/);
  assert.equal(await page.count('#batch-table tbody tr'), 0);
  // A good CSV afterwards clears the error.
  await page.fill('#csv', '0.2,0.8,0\n0.1,0.9,1\n');
  await page.click('#csv-apply');
  assert.equal(await page.visible('#batch-error'), false);
  assert.equal(await page.count('#batch-table tbody tr'), 2);
  assert.deepEqual(await page.problems(), []);
  await page.close();
});

test('exports: a chart as PNG and a table as CSV', async () => {
  const page = await open();
  // Downloads through Playwright's own page: the one Chromium-only facility used here.
  const [png] = await Promise.all([page.raw.waitForEvent('download'), page.click('[data-export-chart="prob"]')]);
  const pngBytes = await readFile(await png.path());
  assert.deepEqual([...pngBytes.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
  // Taller than the chart by the title band above it.
  const canvasHeight = await page.evaluate(() => document.getElementById('chart-prob').height);
  assert.ok(pngBytes.readUInt32BE(20) > canvasHeight, `PNG ${pngBytes.readUInt32BE(20)} px high, chart ${canvasHeight}`);
  const [csv] = await Promise.all([page.raw.waitForEvent('download'), page.click('[data-export-table="overflow-table"]')]);
  const raw = await readFile(await csv.path(), 'utf8');
  assert.equal(raw.charCodeAt(0), 0xfeff, 'a byte-order mark, for spreadsheets');
  const text = raw.slice(1);
  assert.equal(text.split('\n')[0], 'class,z + c,naive exp (float32),naive p,stable p (softmax-xent)');
  assert.equal(text.split('\n')[1].split(',')[4], '0.231224');
  assert.deepEqual(await page.problems(), []);
  await page.close();
});

test('phone width: nothing overflows sideways; reduced motion is honoured', async () => {
  const phone = await launchEngine('chromium', { width: 360, height: 740, reducedMotion: 'reduce' });
  try {
    const page = await phone.open(server.url);
    await ready(page);
    for (const section of ['softmax', 'xent', 'bce', 'batch', 'examples']) {
      await page.click(`#tab-${section}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 362, `${section}: page is ${width}px wide at 360px`);
    }
    await page.screenshot(path.join(shots, 'phone.png'), { fullPage: true });
    // The page's own reduced-motion rule turns its transitions off.
    assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('copy-link')).transitionDuration), '0s');
    assert.deepEqual(await page.problems(), []);
  } finally {
    await phone.close();
  }
});

test('opened from disk (file://) it works with no errors', async () => {
  const url = pathToFileURL(path.join(offline, 'index.html')).href;
  const page = await open('#logits=3,1,0.2', url);
  assertShowsSoftmax(await shownProbabilities(page), [3, 1, 0.2]);
  await page.click('#tab-bce');
  assert.match(await page.text('#bce-min'), /H\(y\) = 0\.0000 nats/);
  assert.deepEqual(await page.problems(), []);
  await page.close();
});

test('axe-core finds no violation in any section, in English and Chinese, at 1280 and 390 px', async () => {
  for (const [width, b] of [[1280, browser], [390, narrow]]) {
    for (const lang of ['en', 'zh']) {
      const page = await b.open(`${server.url}#lang=${lang}`);
      await ready(page);
      for (const section of ['softmax', 'xent', 'bce', 'batch', 'examples']) {
        await page.click(`#tab-${section}`);
        assert.deepEqual(await axeViolations(page), [], `${section}, ${lang}, ${width} px`);
      }
      assert.deepEqual(await page.problems(), []);
      await page.close();
    }
  }
});

test('accessible names follow the language; the temperature slider announces T', async () => {
  const page = await open('#lang=zh&t=2');
  const caption = await page.evaluate(() => document.getElementById('chart-logits').closest('figure').querySelector('figcaption').textContent);
  assert.match(caption, /[\u4e00-\u9fff]/, 'the caption is Chinese');
  assert.equal(await page.attribute('#chart-logits', 'aria-label'), caption);
  assert.equal(await page.attribute('.tabs', 'aria-label'), '栏目');
  assert.equal(await page.attribute('#temperature', 'aria-valuetext'), 'T = 2');
  // The language button is named by its own text, in its own language.
  assert.equal(await page.text('#lang-toggle'), 'English');
  assert.equal(await page.attribute('#lang-toggle', 'lang'), 'en');
  assert.equal(await page.attribute('#lang-toggle', 'aria-label'), null);
  // The chart slider says which bar is selected and its value.
  assert.equal(await page.attribute('#chart-logits', 'aria-valuenow'), '0.5');
  assert.deepEqual(await page.problems(), []);
  await page.close();
});

test('at 390 px nothing but the designated scrollers is wider than the screen; tabs on one row; logits in a grid', async () => {
  for (const lang of ['en', 'zh']) {
    const page = await narrow.open(`${server.url}#lang=${lang}&logits=1,2,3,4,5,6,7,8,9,10`);
    await ready(page);
    for (const section of ['softmax', 'xent', 'bce', 'batch', 'examples']) {
      await page.click(`#tab-${section}`);
      const layout = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const scrollers = '.formula, .table-wrap, .tabs';
        const wide = Array.from(document.querySelectorAll('body *'))
          .filter((el) => el.getClientRects().length && !el.parentElement.closest(scrollers))
          .filter((el) => el.getBoundingClientRect().right > width + 0.5)
          .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className}`);
        const tabs = new Set(Array.from(document.querySelectorAll('[role="tab"]'), (b) => b.offsetTop));
        // A table header on more than one line has more than one text box.
        const broken = Array.from(document.querySelectorAll('.table-wrap th')).filter((th) => {
          if (!th.getClientRects().length || !th.textContent.trim()) return false;
          const range = document.createRange();
          range.selectNodeContents(th);
          return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size > 1;
        }).map((th) => th.textContent);
        return { scrollWidth: document.documentElement.scrollWidth, width, wide, tabRows: tabs.size, broken };
      });
      const where = `${section}, ${lang}`;
      assert.deepEqual(layout.wide, [], `${where}: elements past the right edge`);
      assert.ok(layout.scrollWidth <= layout.width, `${where}: the page scrolls sideways (${layout.scrollWidth} px)`);
      assert.equal(layout.tabRows, 1, `${where}: the tabs wrap`);
      assert.deepEqual(layout.broken, [], `${where}: table headers broken over lines`);
      await page.screenshot(path.join(shots, `${section}-${lang}-390.png`), { fullPage: true });
    }
    await page.click('#tab-softmax');
    const rows = await page.evaluate(() => new Set(Array.from(document.querySelectorAll('#logit-inputs label'), (l) => l.offsetTop)).size);
    assert.ok(rows <= 4, `ten logit inputs take ${rows} rows`);
    await page.close();
  }
});

test('"Open in the lab" moves focus to the section it opens and scrolls it into view', async () => {
  const page = await open('#section=examples');
  await page.click('#example-seed003-batch button');
  await page.waitFor(() => {
    const r = document.getElementById('section-batch').getBoundingClientRect();
    return r.top >= -1 && r.top < innerHeight / 2;
  });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'section-batch');
  assert.deepEqual(await page.problems(), []);
  await page.close();
});

test('details: logit ticks through 0, the marked prediction drawn, class counts and soft targets explained', async () => {
  const page = await open('#section=softmax');
  const ticks = await page.evaluate(() => __labCharts.logits.chart.scales.y.ticks.map((t) => t.value));
  assert.ok(ticks.includes(0), `ticks ${ticks}`);
  await page.fill('#classes', '25');
  assert.equal(await page.visible('#classes-note'), true);
  assert.equal(await page.text('#classes-note'), 'The lab shows 2 to 20 classes; 25 is outside that, so it keeps 3.');
  assert.equal(await page.value('#classes'), '3');
  await page.fill('#classes', '4');
  assert.equal(await page.visible('#classes-note'), false);
  await page.goto(`${server.url}#section=bce&q=0.25&y=1`);
  await ready(page);
  const markers = await page.evaluate(() => __labCharts.lossQ.chart.data.datasets.at(-1).data);
  assert.equal(markers.length, 2);
  assert.equal(markers[0].x, 0.25);
  assert.ok(Math.abs(markers[0].y - api.binaryCrossEntropy([0.25], [1])) < 1e-6);
  assert.ok(Math.abs(markers[1].y - api.mse([0.25], [1])) < 1e-6);
  await page.goto(`${server.url}#section=xent&soft=0.5,0.2,0.1`);
  await ready(page);
  assert.equal(await page.text('#soft-note'),
    'These target values add up to 0.8, not 1: the loss is computed as given, but it is not the cross-entropy of a distribution.');
  await page.goto(`${server.url}#section=xent&soft=0.5,0.25,0.25`);
  await ready(page);
  assert.equal(await page.visible('#soft-note'), false);
  assert.deepEqual(await page.problems(), []);
  await page.close();
});

test('each loss surface has its colour scale drawn beside it', async () => {
  const page = await open('#section=bce');
  const legend = await page.evaluate(() => ['surfaceBce', 'surfaceMse'].map((name) => {
    const { chart } = __labCharts[name];
    const { chartArea: area, canvas } = chart;
    const ratio = canvas.width / canvas.clientWidth;
    const pixel = (x, y) => Array.from(canvas.getContext('2d').getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data);
    // The bar's top (the cap's colour, dark blue) and bottom (0, light yellow).
    return { cap: chart.options.plugins.xentColorLegend.cap, top: pixel(area.right + 19, area.top + 3), bottom: pixel(area.right + 19, area.bottom - 3) };
  }));
  assert.deepEqual(legend.map((l) => l.cap), [3, 1]);
  for (const { top, bottom } of legend) {
    assert.ok(top[2] > 120 && top[0] < 80, `top of the scale ${top}`);
    assert.ok(bottom[0] > 230 && bottom[1] > 220, `bottom of the scale ${bottom}`);
  }
  assert.deepEqual(await page.problems(), []);
  await page.close();
});
