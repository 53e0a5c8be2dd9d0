// softmax-xent, classic-script entry: bundled with the single-file (wasm inlined)
// Emscripten builds into softmax-xent.classic.js, which defines the global
// `softmaxXent` with the same API as the ES module. For pages without modules and
// pages opened from file://, where ES modules and fetch() are blocked.
/* global createXentModule_simd, createXentModule_scalar */
import { makeLoader } from './core.js';

globalThis.softmaxXent = makeLoader({
  simd: (args) => createXentModule_simd(args),
  scalar: (args) => createXentModule_scalar(args),
}, null);
