// What pages download: a tutorial page with widgets fetches widgets.js alone, which must
// stay at most 340 kB (the N-D kernels and API took it from 296 to 332 kB, 141 kB
// gzipped), carrying one gzipped .wasm and nothing twice; the classic script
// carries both modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const read = (file) => readFileSync(new URL(`../../dist/${file}`, import.meta.url), 'utf8');
// The gzip magic (1f 8b 08) as the start of a base64 string.
const gzipped = (text) => (text.match(/[`'"]H4sI[A-Za-z0-9+/=]{1000,}[`'"]/g) ?? []).length;

test('widgets.js weighs at most 340 kB and carries the SIMD .wasm once, gzipped', () => {
  const widgets = read('site/widgets.js');
  assert.ok(widgets.length <= 340_000, `widgets.js is ${widgets.length} bytes`);
  assert.equal(gzipped(widgets), 1, 'one gzipped .wasm');
  assert.ok(!widgets.includes('data:application/wasm'), 'no raw .wasm beside it');
  assert.ok(!widgets.includes('AGFzbQ'), 'no base64 of an uncompressed .wasm (\\0asm)');
});

test('the classic script and the lab carry both modules, each once', () => {
  for (const file of ['lib/softmax-xent.classic.js', 'site/lab.js', 'site/csv-worker.js']) {
    const text = read(file);
    assert.equal(gzipped(text), 2, file);
    assert.ok(!text.includes('AGFzbQ'), `${file}: no base64 of an uncompressed .wasm`);
  }
});
