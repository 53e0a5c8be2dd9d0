// The lab, the widgets and the package in all three browser engines (Chromium, Firefox
// ESR, WebKitGTK) through the one interface of scripts/lib/engines.mjs: one browser per
// engine for the whole suite. Every page carries the capture script, and every test
// asserts that it saw no error and no CSP violation. A browser that cannot start fails
// its tests; none is skipped.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startServer } from '../../scripts/static-server.mjs';
import { copySiteWithCapture, injectCapture } from '../../scripts/lib/capture.mjs';
import { ENGINES, launchEngine, scratchDir } from '../../scripts/lib/engines.mjs';
import { load } from '../../dist/lib/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const site = path.join(root, 'dist', 'site');
const shots = path.join(root, 'tests', 'browser', 'screenshots');
const ROWS = 100_000;
let api;
let scratch;
let lab; // the site served at a sub-path, strict CSP, capture script injected
let pkg; // a page that imports the npm package as an ES module
let offline; // a copy of the site with the capture script, for file://
let csvPath;
let bigExpected;
const versions = {};

before(async () => {
  api = await load();
  scratch = await scratchDir('xent-engines-');
  await mkdir(shots, { recursive: true });
  lab = await startServer({ root: site, base: '/tutorials/softmax/lab/', csp: true, capture: true });
  offline = path.join(scratch.dir, 'site');
  await copySiteWithCapture(site, offline);
  // A tutorial page with the three widgets, opened from disk.
  await writeFile(path.join(offline, 'tutorial.html'), injectCapture(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A tutorial</title><script src="widgets.js"></script></head>
<body>
<xent-softmax id="s" logits="1,2,0.5" labels="cat,dog,bird"></xent-softmax>
<xent-cross-entropy id="x" logits="1,2,0.5" target="0"></xent-cross-entropy>
<div lang="zh"><xent-cross-entropy id="zh" logits="1,2,0.5" target="0" base="2"></xent-cross-entropy></div>
<xent-bce-mse id="b" label="0.3"></xent-bce-mse>
</body></html>`));
  // The package as an app would serve it: lib/ beside a module page.
  const app = path.join(scratch.dir, 'app');
  await cp(path.join(root, 'dist', 'lib'), path.join(app, 'lib'), { recursive: true });
  await writeFile(path.join(app, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><title>app</title>
<script type="module" src="main.js"></script></head><body><pre id="out">loading</pre></body></html>`);
  await writeFile(path.join(app, 'main.js'), `import { init, softmax, crossEntropy, relaxedSimdSupported } from './lib/index.js';
const info = await init();
document.getElementById('out').textContent = JSON.stringify({
  info, relaxed: relaxedSimdSupported(),
  p: Array.from(softmax([1, 2, 0.5])), loss: crossEntropy([[1, 2, 0.5], [0, 3, -1]], [0, 2]) });
`);
  pkg = await startServer({ root: app, base: '/app/', csp: true, capture: true });
  // 100 000 rows of logits; every 10th row ignored.
  const logits = new Float32Array(ROWS * 3);
  const labels = new Int32Array(ROWS);
  const lines = ['a,b,c,label'];
  for (let r = 0; r < ROWS; ++r) {
    const row = [0, 1, 2].map((c) => Math.round(Math.cos(r * 7 + c) * 300) / 100);
    labels[r] = r % 10 === 9 ? -100 : (r * 5) % 3;
    row.forEach((v, c) => { logits[r * 3 + c] = v; });
    lines.push(`${row.join(',')},${labels[r]}`);
  }
  csvPath = path.join(scratch.dir, 'big.csv');
  await writeFile(csvPath, lines.join('\n'));
  bigExpected = api.crossEntropy(logits, labels, { classes: 3 });
});

after(async () => {
  await lab?.close();
  await pkg?.close();
  await scratch?.remove();
  console.log(`engines tested: ${Object.entries(versions).map(([k, v]) => `${k}: ${v}`).join('; ')}`);
});

// The "stable p" column of the overflow table, and the hash's logits.
const shownProbabilities = (page) => page.evaluate(() =>
  Array.from(document.querySelectorAll('#overflow-table tbody tr'), (r) => Number(r.cells[4].textContent)));
const hashLogits = (page) => page.evaluate(() =>
  (new URLSearchParams(location.hash.slice(1)).get('logits') ?? '1,2,0.5').split(',').map(Number));

function assertSoftmax(shown, logits, options = {}) {
  const p = api.softmax(logits, options);
  assert.equal(shown.length, p.length);
  shown.forEach((v, i) => assert.ok(Math.abs(v - p[i]) <= 5e-7, `p[${i}]: shown ${v}, package ${p[i]}`));
}

async function openLab(browser, url) {
  const page = await browser.open(url);
  await page.waitFor(() => document.body.dataset.ready === 'true');
  return page;
}

const showSection = (page, section) => page.evaluate((s) => document.getElementById(`tab-${s}`).click(), section);

// WCAG contrast of every visible button's text against the background behind it, and
// whether the text colour is the page's own (opaque): WebKitGTK's theme default is 80 %
// black, the grey the page must not leave to the engine.
const buttonContrasts = (page) => page.evaluate(() => {
  const rgba = (s) => (s.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { const x = c / 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      const c = rgba(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c;
    }
    return [255, 255, 255];
  };
  return Array.from(document.querySelectorAll('button'))
    .filter((b) => b.offsetParent !== null && b.textContent.trim())
    .map((b) => {
      const bg = background(b);
      const [r, g, bl, a = 1] = rgba(getComputedStyle(b).color);
      const fg = [r, g, bl].map((c, i) => a * c + (1 - a) * bg[i]); // text blended over its background
      const [l1, l2] = [lum(fg), lum(bg)];
      return { text: b.textContent.trim().slice(0, 30), opaque: a === 1, ratio: (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05) };
    });
});

async function assertNoProblems(page) {
  assert.deepEqual(await page.problems(), []);
}

for (const engine of ENGINES) {
  describe(engine, () => {
    let browser;
    before(async () => {
      browser = await launchEngine(engine);
      versions[engine] = browser.version;
    });
    after(() => browser?.close());

    test('the lab at a sub-path under the strict CSP shows the right softmax and cross-entropy', async () => {
      const page = await openLab(browser, `${lab.url}#logits=3,1,0.2&target=1`);
      assertSoftmax(await shownProbabilities(page), [3, 1, 0.2]);
      await showSection(page, 'xent');
      const loss = api.crossEntropy([3, 1, 0.2], [1]);
      assert.equal(await page.evaluate(() => document.getElementById('loss-line').textContent),
        `crossEntropy(z, target) = ${loss.toFixed(4)} nats`);
      await page.screenshot(path.join(shots, `engine-${engine}-xent.png`));
      await assertNoProblems(page);
      await page.close();
    });

    test('opened from file:// it computes the same numbers', async () => {
      const page = await openLab(browser, `${pathToFileURL(path.join(offline, 'index.html')).href}#logits=0.5,-1,2,4`);
      assertSoftmax(await shownProbabilities(page), [0.5, -1, 2, 4]);
      await assertNoProblems(page);
      await page.close();
    });

    test('a shared link round-trips: the state it names is shown and written back unchanged', async () => {
      const hash = '#section=xent&logits=2%2C-1%2C0.5&t=2&target=2&base=2';
      const page = await openLab(browser, lab.url + hash);
      assert.equal(await page.evaluate(() => location.hash), hash);
      const t = [0, 0, 1];
      const q = api.softmax([2, -1, 0.5], { temperature: 2 });
      const bits = api.distributionCrossEntropy(t, q, { base: 2 })[0];
      assert.match(await page.evaluate(() => document.getElementById('decomp-line').textContent), new RegExp(`H\\(t, q\\) = ${bits.toFixed(4)} bits`));
      await assertNoProblems(page);
      await page.close();
    });

    test('keyboard editing and a drag change the logits and every probability', async () => {
      const page = await openLab(browser, lab.url);
      await page.evaluate(() => document.getElementById('chart-logits').focus());
      await page.press('ArrowRight');
      await page.press('Shift+ArrowUp');
      await page.press('ArrowUp');
      const keyed = await hashLogits(page);
      assert.deepEqual(keyed.map((v) => Math.round(v * 100) / 100), [1, 3.1, 0.5]);
      assertSoftmax(await shownProbabilities(page), keyed);
      // Drag the third bar ("bird", logit 0.5) up to near the top of the axis (5).
      await page.drag('#chart-logits', [0.83, 0.45], [0.83, 0.15]);
      const dragged = await page.waitFor(() => {
        const v = (new URLSearchParams(location.hash.slice(1)).get('logits') ?? '').split(',').map(Number);
        return v.length === 3 && v[2] > 2 ? v : null;
      });
      assert.deepEqual(dragged.slice(0, 2), keyed.slice(0, 2));
      assertSoftmax(await shownProbabilities(page), dragged);
      await assertNoProblems(page);
      await page.close();
    });

    test('a 100 000-row CSV is computed in the web worker', async () => {
      const page = await openLab(browser, `${lab.url}#section=batch&kind=logits`);
      await page.upload('#csv-file', csvPath);
      await page.waitFor(() => ['done', 'error'].includes(document.body.dataset.bigCsv), null, { timeout: 60000 });
      const result = await page.evaluate(() => document.getElementById('big-result').textContent);
      const m = /^100000 samples \(90000 not ignored, 3 classes\): mean = ([\d.]+) nats/.exec(result);
      assert.ok(m, result);
      assert.ok(Math.abs(Number(m[1]) - bigExpected) < 1e-4, `mean ${m[1]} vs ${bigExpected}`);
      await assertNoProblems(page);
      await page.close();
    });

    test('widgets opened from file:// show the right numbers in English and Chinese', async () => {
      const page = await browser.open(pathToFileURL(path.join(offline, 'tutorial.html')).href);
      await page.waitFor(() => ['s', 'x', 'zh', 'b'].every((id) => /\d/.test(
        document.getElementById(id).shadowRoot?.querySelector('.value.big')?.textContent ?? '')));
      const p = api.softmax([1, 2, 0.5]);
      assert.match(await page.shadowText('#s', '.value.big'),
        new RegExp(`^p\\(cat\\) = ${p[0].toFixed(4)}, p\\(dog\\) = ${p[1].toFixed(4)}, p\\(bird\\) = ${p[2].toFixed(4)}`));
      const loss = api.crossEntropy([1, 2, 0.5], [0]);
      assert.equal(await page.shadowText('#x', '.value.big'), `Cross-entropy = ${loss.toFixed(4)} nats`);
      assert.equal(await page.shadowText('#zh', '.value.big'), `交叉熵 = ${(loss / Math.LN2).toFixed(4)} 比特`);
      assert.match(await page.shadowText('#zh', '.caption'), /梯度/);
      assert.equal(await page.shadowText('#b', '.value.big'),
        `Minimum at q = y: BCE = H(y) = ${api.entropy([0.3, 0.7])[0].toFixed(4)} nats`);
      await assertNoProblems(page);
      await page.close();
    });

    test('a page importing the npm package as an ES module gets softmax and cross-entropy to 1e-6', async () => {
      const page = await browser.open(`${pkg.url}index.html`);
      const out = JSON.parse(await page.waitFor(() => {
        const text = document.getElementById('out').textContent;
        return text === 'loading' ? null : text;
      }));
      // The fastest module the engine runs: Chromium runs relaxed SIMD by default; the
      // others get it where their probe says so, else SIMD128.
      if (engine === 'chromium') assert.equal(out.relaxed, true, 'Chromium runs relaxed SIMD');
      assert.equal(out.info.variant, out.relaxed ? 'relaxed' : 'simd');
      const p = api.softmax([1, 2, 0.5]);
      out.p.forEach((v, i) => assert.ok(Math.abs(v - p[i]) < 1e-6, `p[${i}] = ${v}`));
      assert.ok(Math.abs(out.loss - api.crossEntropy([[1, 2, 0.5], [0, 3, -1]], [0, 2])) < 1e-6, `loss ${out.loss}`);
      await assertNoProblems(page);
      await page.close();
    });

    test('every visible button, in the lab and the gallery, has text contrast of at least 4.5:1', async () => {
      const found = [];
      const page = await openLab(browser, lab.url);
      for (const section of ['softmax', 'xent', 'bce', 'batch', 'examples']) {
        await showSection(page, section);
        found.push(...(await buttonContrasts(page)).map((b) => ({ ...b, where: section })));
      }
      await page.close();
      const gallery = await browser.open(`${lab.url}widgets.html`);
      found.push(...(await buttonContrasts(gallery)).map((b) => ({ ...b, where: 'gallery' })));
      await gallery.close();
      assert.ok(found.length >= 10, `only ${found.length} buttons found`);
      const low = found.filter((b) => !(b.ratio >= 4.5) || !b.opaque);
      assert.deepEqual(low, [], `buttons with low contrast or the engine's colour in ${engine}`);
    });
  });
}
