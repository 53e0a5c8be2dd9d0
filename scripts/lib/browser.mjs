// Headless Debian Chromium through playwright-core (never a downloaded browser), with
// the flags this closed network needs and a fresh profile per launch.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launch(options = {}) {
  const profile = await mkdtemp(path.join(tmpdir(), 'xent-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
],
    viewport: options.viewport ?? { width: 1280, height: 900 },
    reducedMotion: options.reducedMotion,
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

// Opens a page that records console errors, page errors, failed requests and CSP
// violations, so a test can assert there were none.
// Logs any browser step slower than 5 s, so a stall shows where it happened.
async function timed(label, promise) {
  const t0 = performance.now();
  const result = await promise;
  const ms = performance.now() - t0;
  if (ms > 5000) console.log(`slow browser step: ${label} took ${Math.round(ms)} ms`);
  return result;
}

export async function openPage(context, url) {
  const page = await timed('newPage', context.newPage());
  const problems = [];
  // Chromium asks for /favicon.ico by itself; a 404 there is not the page's doing.
  const isFavicon = (u) => new URL(u).pathname === '/favicon.ico';
  page.on('console', (m) => {
    if (m.type() === 'error' && !(m.text().startsWith('Failed to load resource') && isFavicon(m.location().url))) {
      problems.push(`console: ${m.text()} (${m.location().url})`);
    }
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !isFavicon(r.url())) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await timed(`goto ${url.slice(0, 80)}`, page.goto(url));
  return { page, problems };
}
