// Headless Debian Chromium through playwright-core (never a downloaded browser), with
// the flags this closed network needs and a fresh profile per launch. The benchmarks
// use it directly; tests reach it through engines.mjs, beside Firefox and WebKit.
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
    colorScheme: options.colorScheme,
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
