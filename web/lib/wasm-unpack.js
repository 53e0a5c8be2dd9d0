// Emscripten module factories over a .wasm carried inside a bundle, gzipped and
// base64-encoded (scripts/assemble.mjs writes wasm-inline.js), unpacked with
// DecompressionStream when the module is loaded. Used by modules-inline.js and
// modules-inline-simd.js. Both variants share one Emscripten glue: their builds differ
// only in the SIMD instructions inside the .wasm.
import createModule from './kernels-simd.js';

async function gunzip(base64) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// locateFile keeps the glue from resolving a .wasm URL against import.meta.url, which a
// classic script does not have; with wasmBinary given it fetches nothing.
export const inlineFactory = (packed) => async (args) => createModule({
  ...args, wasmBinary: args.wasmBinary ?? await gunzip(packed), locateFile: (name) => name,
});
