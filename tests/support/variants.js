// The WebAssembly modules the package tests run on. Node 20 runs relaxed SIMD only with
// --experimental-wasm-relaxed-simd: scripts/test.sh runs the oracle, differential and
// contract tests a second time with it and XENT_RELAXED_RUN=1, and then the relaxed
// module must load (a missing flag fails instead of skipping it).
import { relaxedSimdSupported } from '../../dist/lib/index.js';

export const RELAXED_RUN = process.env.XENT_RELAXED_RUN === '1';
if (RELAXED_RUN && !relaxedSimdSupported()) {
  throw new Error('XENT_RELAXED_RUN=1, but this Node does not run relaxed SIMD (needs --experimental-wasm-relaxed-simd)');
}
/** The relaxed module in the relaxed run; SIMD128 and scalar in the plain one. */
export const VARIANTS = RELAXED_RUN ? ['relaxed'] : ['simd', 'scalar'];
