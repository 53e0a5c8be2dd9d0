// The three browser engines behind one small interface, so one test runs in all of
// them: Debian's Chromium through playwright-core, Firefox ESR through puppeteer-core
// (WebDriver BiDi) and WebKitGTK's MiniBrowser through WebKitWebDriver under Xvfb with
// selenium-webdriver. None of them downloads anything.
//
//   const browser = await launchEngine('firefox');   // 'chromium' | 'firefox' | 'webkit'
//   const page = await browser.open(url);            // waits for the load event
//   await page.evaluate((a) => ..., arg);            // a function and one JSON argument
//   await page.waitFor((a) => ..., arg);             // polls until the function is truthy
//   await page.click('#tab-xent'); await page.fill('#csv', text);   // by selector, where
//   await page.text('#loss-line'); await page.value('#base');       // 'host >>> inner'
//   await page.visible('#message'); await page.count('tr.ignored'); // enters a shadow root
//   await page.shadowText('#host', '.value');        // text inside an open shadow root
//   await page.press('Shift+ArrowUp');               // to the focused element
//   await page.drag('#chart', [0.5, 0.45], [0.5, 0.2]);  // fractions of its box
//   await page.upload('#csv-file', '/path/file.csv');
//   await page.screenshot('/path/shot.png', { fullPage: true });  // WebKit: the viewport
//   await page.goto(url); await page.reload();
//   page.raw                                         // the engine's own page or driver
//   await page.problems();                           // errors the capture script saw
//   await page.close(); await browser.close();
//
// Pages report their problems through the capture script (scripts/lib/capture.mjs),
// which the test server injects (startServer({ capture: true })) and which
// copySiteWithCapture() adds to copies opened from file://.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROMIUM, launch as launchChromium } from './browser.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

const POLL_MS = 50;
const TIMEOUT_MS = 20000;

async function poll(check, what, timeout = TIMEOUT_MS) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

// The element a selector names; 'host >>> inner' looks inside host's shadow root.
// Runs in the page (its source is passed to evaluate).
function find(selector) {
  let scope = document;
  const parts = selector.split(' >>> ');
  for (let i = 0; i < parts.length; ++i) {
    const el = scope.querySelector(parts[i]);
    if (!el) throw new Error(`no element matches ${parts[i]}`);
    if (i === parts.length - 1) return el;
    scope = el.shadowRoot;
  }
  return null;
}

// Runs `body(element, arg)` in the page on the element `selector` names. The call is
// composed as source here, so nothing in the page needs eval (the strict CSP forbids it).
function onElement(page, selector, body, arg) {
  return page.evaluateSource(`(${body})((${find})(${JSON.stringify(selector)}), ${JSON.stringify(arg ?? null)})`);
}

// What every engine's page shares, on top of evaluate() and the engine's input.
function commonPage(page) {
  return Object.assign(page, {
    click(selector) {
      return onElement(page, selector, (el) => { el.click(); });
    },
    // A typed value: set, then the input and change events a reader's typing fires.
    fill(selector, value) {
      return onElement(page, selector, (el, v) => {
        el.focus();
        el.value = v;
        el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }, value);
    },
    focus(selector) {
      return onElement(page, selector, (el) => { el.focus(); });
    },
    text(selector) {
      return onElement(page, selector, (el) => el.textContent);
    },
    value(selector) {
      return onElement(page, selector, (el) => el.value);
    },
    attribute(selector, name) {
      return onElement(page, selector, (el, n) => el.getAttribute(n), name);
    },
    visible(selector) {
      return onElement(page, selector, (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden');
    },
    count(selector) {
      return page.evaluate((s) => document.querySelectorAll(s).length, selector);
    },
    waitFor(fn, arg, { timeout = TIMEOUT_MS } = {}) {
      return poll(() => page.evaluate(fn, arg), String(fn).slice(0, 120), timeout);
    },
    shadowText(host, selector) {
      return page.evaluate(([h, s]) => {
        const el = document.querySelector(h);
        const root = el && el.shadowRoot;
        return root ? Array.from(root.querySelectorAll(s), (n) => n.textContent).join('\n') : null;
      }, [host, selector]);
    },
    problems() {
      return page.evaluate(() => (window.__xentProblems ? window.__xentProblems.slice() : ['no capture script on this page']));
    },
    // The viewport coordinates of fractions (fx, fy) of an element's box.
    async pointIn(selector, [fx, fy]) {
      const box = await page.evaluate((s) => {
        const r = document.querySelector(s).getBoundingClientRect();
        return { x: r.left, y: r.top, width: r.width, height: r.height };
      }, selector);
      return { x: Math.round(box.x + box.width * fx), y: Math.round(box.y + box.height * fy) };
    },
  });
}

// A drag through a Playwright or a Puppeteer mouse, which share this API.
async function mouseDrag(page, mouse, selector, from, to) {
  const a = await page.pointIn(selector, from);
  const b = await page.pointIn(selector, to);
  await mouse.move(a.x, a.y);
  await mouse.down();
  await mouse.move(b.x, b.y, { steps: 8 });
  await mouse.up();
}

// ------------------------------------------------------------------ Chromium
async function chromium({ width, height, reducedMotion, colorScheme }) {
  const browser = await launchChromium({ viewport: { width, height }, reducedMotion, colorScheme });
  return {
    name: 'chromium',
    version: execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
    async open(url) {
      const p = await browser.context.newPage();
      await p.goto(url);
      return commonPage({
        raw: p,
        evaluate: (fn, arg) => p.evaluate(fn, arg),
        evaluateSource: (source) => p.evaluate(source),
        goto: async (to) => { await p.goto(to); },
        reload: async () => { await p.reload(); },
        press: (key) => p.keyboard.press(key),
        drag(selector, from, to) { return mouseDrag(this, p.mouse, selector, from, to); },
        upload: (selector, file) => p.setInputFiles(selector, file),
        screenshot: (file, { fullPage = false } = {}) => p.screenshot({ path: file, fullPage }),
        close: () => p.close(),
      });
    },
    close: () => browser.close(),
  };
}

// ------------------------------------------------------------------ Firefox
const FIREFOX_PREFS = {
  'services.settings.server': 'data:,#x/v1',
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.safebrowsing.update.enabled': false,
  'app.update.enabled': false,
  'toolkit.telemetry.enabled': false,
  'network.dns.disablePrefetch': true,
  'ui.useOverlayScrollbars': 1,
};

async function firefox({ width, height, reducedMotion, colorScheme }) {
  if (colorScheme) throw new Error('firefox: colour-scheme emulation is not wired up here');
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    defaultViewport: { width, height },
    env: { ...process.env, MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1' },
    extraPrefsFirefox: { ...FIREFOX_PREFS, ...(reducedMotion === 'reduce' ? { 'ui.prefersReducedMotion': 1 } : {}) },
  });
  return {
    name: 'firefox',
    version: await browser.version(),
    async open(url) {
      const p = await browser.newPage();
      await p.goto(url, { waitUntil: 'load' });
      return commonPage({
        raw: p,
        evaluate: (fn, arg) => p.evaluate(fn, arg),
        evaluateSource: (source) => p.evaluate(source),
        goto: async (to) => { await p.goto(to, { waitUntil: 'load' }); },
        reload: async () => { await p.reload({ waitUntil: 'load' }); },
        press: (key) => pressWith(p.keyboard, key),
        drag(selector, from, to) { return mouseDrag(this, p.mouse, selector, from, to); },
        async upload(selector, file) {
          const input = await p.$(selector);
          await input.uploadFile(file);
        },
        screenshot: (file, { fullPage = false } = {}) => p.screenshot({ path: file, fullPage }),
        close: () => p.close(),
      });
    },
    close: () => browser.close(),
  };
}

// "Shift+ArrowUp" through a puppeteer keyboard.
async function pressWith(keyboard, key) {
  const parts = key.split('+');
  const main = parts.pop();
  for (const m of parts) await keyboard.down(m);
  await keyboard.press(main);
  for (const m of parts.reverse()) await keyboard.up(m);
}

// ------------------------------------------------------------------ WebKit
const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

// A display number no X server uses yet.
async function freeDisplay() {
  const taken = new Set((await readdir('/tmp/.X11-unix').catch(() => [])).map((f) => f.replace(/^X/, '')));
  for (let n = 90; n < 190; ++n) if (!taken.has(String(n))) return n;
  throw new Error('no free X display');
}

// The pids of a process's children.
async function childrenOf(pid) {
  const kids = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) === pid) kids.push(Number(entry));
  }
  return kids;
}

async function webkit({ width, height, reducedMotion, colorScheme }) {
  if (reducedMotion || colorScheme) throw new Error('webkit: media emulation is not available through WebKitWebDriver');
  const { Builder, By, Key } = await import('selenium-webdriver');
  const display = await freeDisplay();
  const xvfb = spawn('Xvfb', [`:${display}`, '-screen', '0', '1400x6000x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  await poll(async () => (await readdir('/tmp/.X11-unix').catch(() => [])).includes(`X${display}`), 'Xvfb', 10000);
  const port = await freePort();
  const driverProcess = spawn('WebKitWebDriver', [`--port=${port}`], {
    stdio: 'ignore', env: { ...process.env, DISPLAY: `:${display}`, NO_AT_BRIDGE: '1' },
  });
  const stop = async () => {
    // The MiniBrowser outlives its driver: end it (and anything it started) by pid.
    const browsers = await childrenOf(driverProcess.pid);
    for (const pid of browsers) {
      for (const child of await childrenOf(pid)) try { process.kill(child, 'SIGKILL'); } catch { /* gone */ }
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
    driverProcess.kill('SIGKILL');
    xvfb.kill('SIGKILL');
  };
  let driver;
  try {
    await poll(() => fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok, () => false), 'WebKitWebDriver', 10000);
    driver = await new Builder()
      .usingServer(`http://127.0.0.1:${port}`)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation', '--enable-dns-prefetching=false'] },
      })
      .build();
    await driver.manage().window().setRect({ width, height });
  } catch (e) {
    await stop();
    throw e;
  }
  const version = (await driver.getCapabilities()).get('browserVersion');
  const keys = { ArrowUp: Key.ARROW_UP, ArrowDown: Key.ARROW_DOWN, ArrowLeft: Key.ARROW_LEFT, ArrowRight: Key.ARROW_RIGHT, Shift: Key.SHIFT, Enter: Key.ENTER, Tab: Key.TAB };
  let pages = 0;
  return {
    name: 'webkit',
    version: `WebKitGTK ${version}`,
    async open(url) {
      // One session, one window: a page is the window, navigated anew.
      if (pages++) await driver.get('about:blank');
      await driver.get(url);
      return commonPage({
        raw: driver,
        // The function runs as the body of a script; its one argument is JSON.
        evaluate: (fn, arg) => driver.executeScript(`return (${fn})(${JSON.stringify(arg ?? null)});`),
        evaluateSource: (source) => driver.executeScript(`return ${source};`),
        goto: (to) => driver.get(to),
        reload: () => driver.navigate().refresh(),
        async press(key) {
          const parts = key.split('+').map((k) => keys[k] ?? k);
          const main = parts.pop();
          let actions = driver.actions();
          for (const m of parts) actions = actions.keyDown(m);
          actions = actions.keyDown(main).keyUp(main);
          for (const m of parts.reverse()) actions = actions.keyUp(m);
          await actions.perform();
        },
        async drag(selector, from, to) {
          const a = await this.pointIn(selector, from);
          const b = await this.pointIn(selector, to);
          await driver.actions()
            .move({ x: a.x, y: a.y, origin: 'viewport' }).press()
            .move({ x: Math.round((a.x + b.x) / 2), y: Math.round((a.y + b.y) / 2), origin: 'viewport', duration: 100 })
            .move({ x: b.x, y: b.y, origin: 'viewport', duration: 100 }).release()
            .perform();
        },
        async upload(selector, file) {
          await driver.findElement(By.css(selector)).sendKeys(file);
        },
        async screenshot(file) {
          await writeFile(file, Buffer.from(await driver.takeScreenshot(), 'base64'));
        },
        close: async () => {},
      });
    },
    async close() {
      try {
        await driver.quit();
      } finally {
        await stop();
      }
    },
  };
}

const LAUNCHERS = { chromium, firefox, webkit };

/**
 * Starts one engine; a browser that cannot start is an error, never a skip. Options:
 * the viewport's width and height, reducedMotion: 'reduce' (Chromium and Firefox),
 * colorScheme: 'dark' (Chromium).
 */
export async function launchEngine(name, { width = 1280, height = 900, reducedMotion, colorScheme } = {}) {
  if (!LAUNCHERS[name]) throw new Error(`unknown engine ${name}`);
  return LAUNCHERS[name]({ width, height, reducedMotion, colorScheme });
}

/** A fresh temporary folder, removed by the returned function. */
export async function scratchDir(prefix) {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * axe-core's violations on the page as it is now ([] when there are none), each as
 * "rule (count): first targets". axe-core comes from the lockfile, injected as source.
 */
let axeSource = null;
export async function axeViolations(page) {
  if (!axeSource) {
    const { readFile } = await import('node:fs/promises');
    const { createRequire } = await import('node:module');
    axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  }
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluateSource(`(function () { ${axeSource}\n})()`);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}
