// modules.js for bundles that carry their WebAssembly inside: the single-file builds,
// whose glue holds the .wasm as base64 and needs no file next to it.
import createSimdModule from './kernels-simd-inline.js';
import createScalarModule from './kernels-scalar-inline.js';

export const factories = { simd: createSimdModule, scalar: createScalarModule };
export const readWasm = null;
