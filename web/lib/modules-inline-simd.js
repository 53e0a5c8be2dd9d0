// modules.js for the widgets' classic script: the SIMD module only, which keeps
// widgets.js under 300 KB. Every engine the tests run, and every current browser, has
// WebAssembly SIMD; where one lacks it, loading says so (core.js) and each widget shows
// that message.
import { inlineFactory } from './wasm-unpack.js';
import { SIMD_WASM_GZ } from './wasm-inline.js';

export const factories = { simd: inlineFactory(SIMD_WASM_GZ), scalar: null };
export const readWasm = null;
