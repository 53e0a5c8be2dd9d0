// softmax-xent, classic-script entry: index.js bundled as one IIFE, with the .wasm
// files inside (modules-inline.js), into softmax-xent.classic.js, which defines
// the global `softmaxXent` with the same API as the ES module. For pages without
// modules and pages opened from file://, where ES modules and fetch() are blocked.
import * as softmaxXent from './index.js';

globalThis.softmaxXent = softmaxXent;
