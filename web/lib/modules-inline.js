// modules.js for bundles that carry their WebAssembly inside (the classic script, the
// lab and its worker, all of which run from file://, where nothing can be fetched).
import { inlineFactory } from './wasm-unpack.js';
import { SCALAR_WASM_GZ, SIMD_WASM_GZ } from './wasm-inline.js';

export const factories = { simd: inlineFactory(SIMD_WASM_GZ), scalar: inlineFactory(SCALAR_WASM_GZ) };
export const readWasm = null;
