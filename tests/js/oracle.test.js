// Every function against the mpmath oracle (tests/data), through the built package,
// with the SIMD and the scalar module, plus the worked examples in the issue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, init, softmax, crossEntropy } from '../../dist/lib/index.js';
import { oracleCases, runCase, compare } from '../support/oracle.js';

const FAMILIES = ['softmax', 'xent', 'binary', 'entropy'];

for (const variant of ['simd', 'scalar']) {
  test(`oracle data through the package (${variant} module)`, async () => {
    const api = await load({ variant });
    assert.equal(api.variant, variant);
    const worst = new Map();
    let compared = 0;
    let expected = 0;
    for (const family of FAMILIES) {
      for (const c of oracleCases(family)) {
        for (const values of Object.values(c.want)) expected += values.length;
        const got = runCase(api, c);
        if (got.lossOnly) assert.deepEqual(got.lossOnly, got.loss, `${c.name}: loss without gradient`);
        for (const output of Object.keys(c.want)) {
          assert.equal(got[output].length, c.want[output].length, `${c.name} ${output} length`);
          for (let i = 0; i < got[output].length; ++i) {
            const r = compare(c, output, i, got[output][i]);
            if (typeof r === 'string') assert.fail(`${c.name} ${output}[${i}]: ${r}`);
            const key = c.op + (output === 'grad' ? ' grad' : '');
            worst.set(key, Math.max(worst.get(key) ?? 0, r));
            ++compared;
          }
        }
      }
    }
    console.log(`${variant} (${api.target}): ${compared} values within the bar; worst relative errors:`);
    for (const [key, value] of [...worst].sort()) console.log(`  ${key.padEnd(16)} ${value.toExponential(2)}`);
    assert.equal(compared, expected);
    assert.ok(compared > 100000);
  });
}

test('the README snippet gives PyTorch\'s numbers', async () => {
  const info = await init();
  assert.equal(info.variant, 'simd'); // Node 20 supports WebAssembly SIMD
  const p = softmax(new Float32Array([1, 2, 0.5]));
  assert.ok(p instanceof Float32Array);
  const torch = [0.2312239, 0.6285317, 0.1402444]; // torch.softmax(tensor([1., 2., .5]), 0)
  p.forEach((v, i) => assert.ok(Math.abs(v - torch[i]) < 5e-8, `p[${i}] = ${v}`));
  // F.cross_entropy(tensor([[1., 2., .5]]), tensor([0])) = 1.4643688
  assert.ok(Math.abs(crossEntropy([1, 2, 0.5], [0]) - 1.4643688) < 1e-7);
});
