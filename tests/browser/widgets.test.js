// The embeddable widgets as a tutorial author uses them, in headless Chromium through
// the engine interface (engines.test.js checks the same page in all three engines):
// widgets.js copied next to an HTML file opened from disk, and the gallery served under
// the strict CSP. Numbers on screen, attribute changes, keyboard control, `change`
// events, Chinese, one wasm instance for every widget on the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startServer } from '../../scripts/static-server.mjs';
import { CAPTURE_FILE, CAPTURE_SCRIPT, injectCapture } from '../../scripts/lib/capture.mjs';
import { axeViolations, launchEngine } from '../../scripts/lib/engines.mjs';
import { load } from '../../dist/lib/index.js';

const site = fileURLToPath(new URL('../../dist/site/', import.meta.url));
let browser;
let phone; // 390 px wide, for the phone-width and axe checks
let api;
let dir;

before(async () => {
  browser = await launchEngine('chromium');
  phone = await launchEngine('chromium', { width: 390, height: 844 });
  api = await load();
  dir = await mkdtemp(path.join(tmpdir(), 'xent-tutorial-'));
  await copyFile(path.join(site, 'widgets.js'), path.join(dir, 'widgets.js'));
  await writeFile(path.join(dir, CAPTURE_FILE), CAPTURE_SCRIPT);
  // Counts WebAssembly instantiations, before widgets.js runs.
  await writeFile(path.join(dir, 'count.js'), `window.instances = 0;
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = function (...args) { window.instances += 1; return instantiate.apply(this, args); };`);
  await writeFile(path.join(dir, 'tutorial.html'), injectCapture(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A tutorial</title>
<script src="count.js"></script><script src="widgets.js"></script></head>
<body><main>
<h1>Softmax and cross-entropy</h1>
<p>Softmax turns logits into probabilities:</p>
<xent-softmax id="s" logits="1,2,0.5" labels="cat,dog,bird"></xent-softmax>
<p>The loss for the class "cat":</p>
<xent-cross-entropy id="x" logits="1,2,0.5" target="0"></xent-cross-entropy>
<div lang="zh"><xent-cross-entropy id="zh" logits="1,2,0.5" target="0" base="2"></xent-cross-entropy></div>
<xent-bce-mse id="b" label="0.3"></xent-bce-mse>
</main></body></html>`));
});

after(async () => {
  await browser?.close();
  await phone?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const shadowText = (page, id, selector) => page.shadowText(`#${id}`, selector);
// Resolves once the widget `id` shows a number in its headline: loaded and drawn.
const widgetReady = (page, id) => page.waitFor((i) =>
  /\d/.test(document.getElementById(i).shadowRoot?.querySelector('.value.big')?.textContent ?? ''), id);

async function openTutorial() {
  const page = await browser.open(pathToFileURL(path.join(dir, 'tutorial.html')).href);
  await page.waitFor(() => ['s', 'x', 'zh', 'b'].every((id) => {
    const el = document.getElementById(id);
    return el.shadowRoot && el.shadowRoot.querySelector('.value.big') && /\d/.test(el.shadowRoot.querySelector('.value.big').textContent);
  }));
  return page;
}

test('a tutorial page opened from disk shows the right numbers in every widget', async () => {
  const page = await openTutorial();
  const p = api.softmax([1, 2, 0.5]);
  assert.match(await shadowText(page, 's', '.value.big'),
    new RegExp(`^p\\(cat\\) = ${p[0].toFixed(4)}, p\\(dog\\) = ${p[1].toFixed(4)}, p\\(bird\\) = ${p[2].toFixed(4)}`));
  assert.match(await shadowText(page, 's', '.value.big'), /^p\(cat\) = 0\.2312, p\(dog\) = 0\.6285, p\(bird\) = 0\.1402/);
  const loss = api.crossEntropy([1, 2, 0.5], [0]);
  assert.equal(await shadowText(page, 'x', '.value.big'), `Cross-entropy = ${loss.toFixed(4)} nats`);
  assert.equal(loss.toFixed(4), '1.4644');
  const lines = await shadowText(page, 'x', '.value');
  assert.match(lines, /−ln q_y = 1\.4644 nats/);
  assert.match(lines, /logsumexp\(z\) − z_y = 2\.4644 − 1\.0000 = 1\.4644 nats/);
  // base="2": every line in bits (比特 in Chinese).
  const zh = await shadowText(page, 'zh', '.value');
  const bits = api.crossEntropy([1, 2, 0.5], [0], { base: 2 }).toFixed(4);
  assert.match(zh, new RegExp(`−log₂ q_y = ${bits} 比特`));
  assert.match(zh, new RegExp(`/ ln 2 = ${bits} 比特`));
  assert.match(lines, /logsumexp\(z\) − z_y = 2\.4644 − 1\.0000 = 1\.4644/);
  assert.equal(await shadowText(page, 'b', '.value.big'),
    `Minimum at q = y: BCE = H(y) = ${api.entropy([0.3, 0.7])[0].toFixed(4)} nats`);
  assert.deepEqual(await page.problems(), []);
  await page.close();
});

test('lang="zh" on an ancestor renders Chinese', async () => {
  const page = await openTutorial();
  const bits = api.crossEntropy([1, 2, 0.5], [0]) / Math.LN2;
  assert.equal(await shadowText(page, 'zh', '.value.big'), `交叉熵 = ${bits.toFixed(4)} 比特`);
  assert.match(await shadowText(page, 'zh', '.caption'), /梯度/);
  // Switching the page language re-renders the widgets that inherit it.
  await page.evaluate(() => { document.documentElement.lang = 'zh'; });
  await page.waitFor(() => document.getElementById('s').shadowRoot.querySelector('.caption').textContent.includes('拖动柱子'));
  assert.deepEqual(await page.problems(), []);
  await page.close();
});

test('attribute changes re-render; keyboard edits fire change events', async () => {
  const page = await openTutorial();
  // The caption says which temperature the chart shows.
  await page.evaluate(() => document.getElementById('s').setAttribute('temperature', '2'));
  assert.match(await shadowText(page, 's', '.caption'), /Probabilities softmax\(z \/ T\), T = 2/);
  await page.evaluate(() => document.getElementById('s').setAttribute('temperature', '1'));
  assert.doesNotMatch(await shadowText(page, 's', '.caption'), /T = /);
  await page.evaluate(() => document.getElementById('s').setAttribute('logits', '0,0,0,0'));
  assert.match(await shadowText(page, 's', '.value.big'), /^p\(cat\) = 0\.2500, p\(dog\) = 0\.2500, p\(bird\) = 0\.2500, p\(#3\) = 0\.2500/);
  await page.evaluate(() => document.getElementById('x').setAttribute('target', '1'));
  assert.equal(await shadowText(page, 'x', '.value.big'), `Cross-entropy = ${api.crossEntropy([1, 2, 0.5], [1]).toFixed(4)} nats`);
  // A bad attribute is reported inside the widget; the rest keeps working.
  await page.evaluate(() => document.getElementById('x').setAttribute('base', '3'));
  assert.match(await shadowText(page, 'x', '.error'), /Invalid attribute base: must be e, 2 or 10/);
  // Several bad attributes: one line each, by position, in the widget's language.
  await page.evaluate(() => {
    const zh = document.getElementById('zh');
    zh.setAttribute('logits', '1,x,3');
    zh.setAttribute('base', '3');
  });
  assert.equal(await page.evaluate(() => document.getElementById('zh').shadowRoot.querySelector('.error').textContent),
    '属性 logits 无效：第 2 个值不是有限数\n属性 base 无效：必须是 e、2 或 10');
  await page.evaluate(() => document.getElementById('s').setAttribute('temperature', '500'));
  assert.equal(await shadowText(page, 's', '.error'), 'Invalid attribute temperature: outside [0.01, 100]');
  await page.evaluate(() => document.getElementById('s').setAttribute('logits', '1,2,1e9'));
  assert.match(await shadowText(page, 's', '.error'), /Invalid attribute logits: the 3rd value is outside \[-1000, 1000\]/);
  // Keyboard: focus the logit chart, pick class 1, raise it by 1 (Shift+Up).
  await page.evaluate(() => {
    window.changes = [];
    document.getElementById('s').addEventListener('change', (e) => window.changes.push(e.detail));
  });
  await page.focus('#s >>> canvas[role="slider"]');
  await page.press('ArrowRight');
  await page.press('Shift+ArrowUp');
  const changes = await page.evaluate(() => window.changes);
  assert.equal(changes.length, 1);
  assert.deepEqual(changes[0].logits, [0, 1, 0, 0]);
  const p = api.softmax([0, 1, 0, 0]);
  changes[0].probabilities.forEach((v, i) => assert.ok(Math.abs(v - p[i]) < 1e-7));
  assert.deepEqual(await page.problems(), []);
  await page.close();
});

test('every widget on the page shares one WebAssembly instance', async () => {
  const page = await openTutorial();
  assert.equal(await page.evaluate(() => window.instances), 1);
  assert.deepEqual(await page.problems(), []);
  await page.close();
});

test('the gallery under the strict CSP: every widget live, both languages, no errors', async () => {
  const server = await startServer({ root: site, base: '/docs/', csp: true, capture: true });
  try {
    const page = await browser.open(`${server.url}widgets.html`);
    await page.waitFor(() => /1\.4644/.test(document.getElementById('demo-xent').shadowRoot?.querySelector('.value.big')?.textContent ?? ''));
    await page.click('#lang-toggle');
    await page.waitFor(() => document.getElementById('demo-bce').shadowRoot.querySelector('.caption').textContent.includes('损失'));
    assert.equal(await page.visible('h1 [lang="zh"]'), true);
    assert.equal(await page.visible('h1 [lang="en"]'), false);
    await page.screenshot(fileURLToPath(new URL('./screenshots/widgets-zh.png', import.meta.url)), { fullPage: true });
    assert.deepEqual(await page.problems(), []);
    await page.close();
  } finally {
    await server.close();
  }
});

test('every widget reports a reader\'s edit with a change event that carries its state', async () => {
  const page = await openTutorial();
  await page.evaluate(() => {
    window.events = { s: [], x: [], b: [] };
    for (const id of ['s', 'x', 'b']) {
      document.getElementById(id).addEventListener('change', (e) => window.events[id].push(e.detail));
    }
  });
  const close = (a, b, what) => {
    assert.equal(a.length, b.length, `${what}: ${a.length} values, expected ${b.length}`);
    a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-6, `${what}[${i}]: ${v} vs ${b[i]}`));
  };

  // <xent-softmax>: the temperature slider (log10 T = 0.30103 -> T = 2).
  await page.fill('#s >>> input[type="range"]', '0.30103');
  let [detail] = await page.evaluate(() => window.events.s);
  assert.deepEqual({ ...detail, probabilities: undefined },
    { logits: [1, 2, 0.5], labels: ['cat', 'dog', 'bird'], temperature: 2, probabilities: undefined });
  close(detail.probabilities, api.softmax([1, 2, 0.5], { temperature: 2 }), 'softmax probabilities');

  // <xent-cross-entropy>: pick class 1 as the target, then type a logit.
  await page.fill('#x >>> select', '1');
  await page.fill('#x >>> .logits label:nth-child(3) input', '3');
  const xs = await page.evaluate(() => window.events.x);
  assert.equal(xs.length, 2);
  assert.equal(xs[0].target, 1);
  assert.deepEqual(xs[0].logits, [1, 2, 0.5]);
  assert.ok(Math.abs(xs[0].loss - api.crossEntropy([1, 2, 0.5], [1])) < 1e-6, `loss ${xs[0].loss}`);
  close(xs[0].probabilities, api.softmax([1, 2, 0.5]), 'cross-entropy probabilities');
  assert.deepEqual(xs[1].logits, [1, 2, 3]);
  assert.equal(xs[1].base, 'e');
  assert.ok(Math.abs(xs[1].loss - api.crossEntropy([1, 2, 3], [1])) < 1e-6, `loss ${xs[1].loss}`);
  close(xs[1].probabilities, api.softmax([1, 2, 3]), 'cross-entropy probabilities after the edit');
  assert.deepEqual(xs[1].labels, ['#0', '#1', '#2']);

  // <xent-bce-mse>: the label slider.
  await page.fill('#b >>> input[type="range"]', '0.8');
  [detail] = await page.evaluate(() => window.events.b);
  assert.equal(detail.label, 0.8);
  assert.ok(Math.abs(detail.minimum - api.entropy([0.8, 0.2])[0]) < 1e-6, `minimum ${detail.minimum}`);
  assert.deepEqual(await page.problems(), []);
  await page.close();
});

// The computed style of a widget's part, read through its shadow root.
const partStyle = (page, host, part, property) => page.evaluate(([h, p, prop]) =>
  getComputedStyle(document.querySelector(h).shadowRoot.querySelector(`[part~="${p}"]`))[prop], [host, part, property]);

test('themes: the page\'s custom properties and ::part() style a widget; dark follows the reader\'s setting', async () => {
  const server = await startServer({ root: site, base: '/docs/', csp: true, capture: true });
  const dark = await launchEngine('chromium', { colorScheme: 'dark' });
  try {
    // The gallery's themed example: its page sets --xent-* on an ancestor.
    const page = await browser.open(`${server.url}widgets.html`);
    await widgetReady(page, 'demo-dark');
    assert.equal(await partStyle(page, '#demo-dark', 'card', 'backgroundColor'), 'rgb(15, 23, 42)');
    assert.equal(await partStyle(page, '#demo-dark', 'card', 'borderTopLeftRadius'), '12px');
    assert.equal(await partStyle(page, '#demo-dark', 'value', 'fontSize'), '17.6px'); // ::part(value)
    // The charts (drawn on canvas) take the same colours: the bars as drawn.
    const barColor = (p, id) => p.evaluate((i) => document.getElementById(i).probChart.chart.getDatasetMeta(0).data[0].options.backgroundColor, id);
    assert.equal(await barColor(page, 'demo-dark'), '#38bdf8');
    assert.equal(await barColor(page, 'demo-softmax'), '#2563eb');
    // An unthemed widget in light mode: the light defaults.
    assert.equal(await partStyle(page, '#demo-softmax', 'card', 'backgroundColor'), 'rgb(255, 255, 255)');
    assert.equal(await partStyle(page, '#demo-softmax', 'card', 'color'), 'rgb(17, 24, 39)');
    // Copy confirms, whether or not the clipboard let it.
    await page.click('button.copy[data-copy="snippet-softmax"]');
    await page.waitFor(() => document.querySelector('button.copy[data-copy="snippet-softmax"] + .copied').textContent !== '');
    assert.match(await page.text('button.copy[data-copy="snippet-softmax"] + .copied'), /^(Copied|Copy failed: select the text and copy it)$/);
    assert.deepEqual(await page.problems(), []);
    await page.close();
    // Dark mode: the unthemed widget turns dark; the themed one keeps its page's colours.
    const night = await dark.open(`${server.url}widgets.html`);
    await widgetReady(night, 'demo-softmax');
    assert.equal(await partStyle(night, '#demo-softmax', 'card', 'backgroundColor'), 'rgb(17, 24, 39)');
    assert.equal(await partStyle(night, '#demo-softmax', 'card', 'color'), 'rgb(229, 231, 235)');
    assert.equal(await partStyle(night, '#demo-dark', 'card', 'backgroundColor'), 'rgb(15, 23, 42)');
    assert.equal(await barColor(night, 'demo-softmax'), '#60a5fa');
    assert.equal(await barColor(night, 'demo-dark'), '#38bdf8');
    await night.screenshot(fileURLToPath(new URL('./screenshots/widgets-dark.png', import.meta.url)), { fullPage: true });
    assert.deepEqual(await night.problems(), []);
    await night.close();
  } finally {
    await dark.close();
    await server.close();
  }
});

test('axe-core finds no violation on a tutorial page with the three widgets (one in Chinese) or in the gallery', async () => {
  const page = await openTutorial();
  assert.deepEqual(await axeViolations(page), [], 'tutorial page');
  await page.close();
  const server = await startServer({ root: site, base: '/docs/', csp: true, capture: true });
  try {
    for (const b of [browser, phone]) {
      const gallery = await b.open(`${server.url}widgets.html`);
      await widgetReady(gallery, 'demo-bce');
      assert.deepEqual(await axeViolations(gallery), [], 'gallery');
      assert.deepEqual(await gallery.problems(), []);
      await gallery.close();
    }
  } finally {
    await server.close();
  }
});

test('at 390 px ten logit inputs sit in a compact grid, inside the widget', async () => {
  const page = await phone.open(pathToFileURL(path.join(dir, 'tutorial.html')).href);
  await widgetReady(page, 's');
  await page.evaluate(() => document.getElementById('s').setAttribute('logits', '1,2,3,4,5,6,7,8,9,10'));
  const layout = await page.evaluate(() => {
    const root = document.getElementById('s').shadowRoot;
    const labels = Array.from(root.querySelectorAll('.logits label'));
    return {
      count: labels.length,
      rows: new Set(labels.map((l) => Math.round(l.getBoundingClientRect().top))).size,
      right: Math.max(...labels.map((l) => l.getBoundingClientRect().right)),
      width: document.documentElement.clientWidth,
    };
  });
  assert.equal(layout.count, 10);
  assert.ok(layout.rows <= 4, `ten inputs take ${layout.rows} rows`);
  assert.ok(layout.right <= layout.width, `inputs reach ${layout.right} px of ${layout.width}`);
  assert.deepEqual(await page.problems(), []);
  await page.close();
});
