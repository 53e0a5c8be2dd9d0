// web/lib/contract.js against the built WebAssembly modules: every export it lists
// exists with exactly the parameters (count and wasm types) it says, every xent_*
// export is listed, and the status codes, reductions and defaults are those of
// src/kernels/kernels.h as the module itself reports them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { DEFAULTS, EXPORTS, REDUCTION, STATUS, WASM_TYPES } from '../../dist/lib/contract.js';
import { VARIANTS } from '../support/variants.js';

const lib = new URL('../../dist/lib/', import.meta.url);
const TYPES = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128' };

// The signature of every function of a wasm binary, by function index.
function functionTypes(bytes) {
  let at = 8;
  const u32 = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[at++];
      result |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return result >>> 0;
      shift += 7;
    }
  };
  const types = [];
  const functions = [];
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = u32();
    const end = at + size;
    if (id === 1) { // type section
      for (let n = u32(); n > 0; --n) {
        assert.equal(bytes[at++], 0x60);
        const params = Array.from({ length: u32() }, () => TYPES[bytes[at++]]);
        const results = Array.from({ length: u32() }, () => TYPES[bytes[at++]]);
        types.push({ params, results });
      }
    } else if (id === 2) { // imports: imported functions come first in the index space
      for (let n = u32(); n > 0; --n) {
        for (let k = 0; k < 2; ++k) { // module and field names
          const length = u32();
          at += length;
        }
        const kind = bytes[at++];
        if (kind === 0) functions.push(types[u32()]);
        else if (kind === 1) { at += 1; if (bytes[at++] & 1) { u32(); u32(); } else u32(); }
        else if (kind === 2) { if (bytes[at++] & 1) { u32(); u32(); } else u32(); }
        else if (kind === 3) at += 2;
      }
    } else if (id === 3) { // function section
      for (let n = u32(); n > 0; --n) functions.push(types[u32()]);
    }
    at = end;
  }
  return functions;
}

// What is wrong with one contract entry against the module (nothing: []).
function problems(module, signatures, spec) {
  if (typeof module[spec.symbol] !== 'function') return [`${spec.symbol} is not exported`];
  // Emscripten's wrapper replaces itself with the wasm function on the first call (all
  // zeros: empty sizes, a status and no work); a wasm function's name is its index in
  // the module.
  module[spec.symbol](...spec.params.map(() => 0));
  const index = Number(module[spec.symbol].name);
  if (!Number.isInteger(index)) return [`${spec.symbol} did not resolve to a wasm function`];
  const found = [];
  const signature = signatures[index];
  const want = spec.params.map((p) => WASM_TYPES[p.kind]);
  if (want.join() !== signature.params.join()) {
    found.push(`${spec.name}: contract (${want.join(', ')}), module (${signature.params.join(', ')})`);
  }
  if (signature.results.join() !== spec.result) found.push(`${spec.name}: result ${signature.results.join()}`);
  return found;
}

async function loadVariant(variant) {
  const wasmBinary = await readFile(new URL(`kernels-${variant}.wasm`, lib));
  const { default: create } = await import(new URL(`kernels-${variant}.js`, lib).href);
  return { module: await create({ wasmBinary }), signatures: functionTypes(new Uint8Array(wasmBinary)) };
}

for (const variant of VARIANTS) {
  test(`the contract matches the ${variant} module`, async () => {
    const { module, signatures } = await loadVariant(variant);
    const listed = new Set(Object.values(EXPORTS).map((spec) => spec.symbol));
    const exported = Object.keys(module).filter((key) => key.startsWith('_xent_'));
    assert.ok(exported.length >= 15, `only ${exported.length} xent_ exports found`);
    assert.deepEqual(exported.filter((key) => !listed.has(key)), [], 'exports missing from contract.js');
    for (const spec of Object.values(EXPORTS)) assert.deepEqual(problems(module, signatures, spec), []);

    const constants = JSON.parse(module._constants());
    assert.deepEqual(constants.status, { ...STATUS });
    assert.deepEqual(constants.reduction, { ...REDUCTION });
    assert.deepEqual(constants.defaults, {
      ignoreIndex: DEFAULTS.ignoreIndex,
      labelSmoothing: DEFAULTS.labelSmoothing,
      temperature: DEFAULTS.temperature,
      reduction: REDUCTION[DEFAULTS.reduction],
      base: DEFAULTS.base === 'e' ? Number(Math.E.toPrecision(9)) : DEFAULTS.base,
    });
  });
}

test('an entry with a parameter too many, too few or of another type is caught', async () => {
  const { module, signatures } = await loadVariant('simd');
  const spec = EXPORTS.crossEntropy;
  const variants = [
    { ...spec, params: [...spec.params, { kind: 'out', name: 'extra' }] },
    { ...spec, params: spec.params.slice(1) },
    { ...spec, params: spec.params.map((p) => (p.name === 'labelSmoothing' ? { ...p, kind: 'f32' } : p)) },
    { ...spec, result: 'f64' },
    { ...spec, symbol: '_xent_cross_entropy_typo' },
  ];
  for (const wrong of variants) assert.notDeepEqual(problems(module, signatures, wrong), []);
});
