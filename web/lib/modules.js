// The three Emscripten module factories that index.js loads (relaxed SIMD, SIMD128,
// scalar), and how Node reads their .wasm files. Bundles that must not fetch a .wasm (the classic script, the lab and the
// widgets' classic script, all of which run from file://) are built with
// modules-inline.js in place of this file (scripts/assemble.mjs).
import createRelaxedModule from './kernels-relaxed.js';
import createSimdModule from './kernels-simd.js';
import createScalarModule from './kernels-scalar.js';

export const factories = { relaxed: createRelaxedModule, simd: createSimdModule, scalar: createScalarModule };

const isNode = typeof process === 'object' && process !== null &&
  typeof process.versions === 'object' && process.versions !== null &&
  typeof process.versions.node === 'string';

// Node: read the .wasm beside this file (Emscripten 3.1.6 cannot fetch file: URLs
// there). The specifier is a variable so bundlers leave it alone.
async function readWasmInNode(name) {
  const fsModule = 'node:fs/promises';
  const { readFile } = await import(/* @vite-ignore */ fsModule);
  return readFile(new URL(name, import.meta.url));
}

/** name -> bytes of that .wasm, or null where Emscripten fetches it itself. */
export const readWasm = isNode ? readWasmInNode : null;
