// softmax-xent/widgets: `import 'softmax-xent/widgets'` defines <xent-softmax>,
// <xent-cross-entropy> and <xent-bce-mse>, backed by the package's default module (one
// instance for every element). scripts/assemble.mjs also bundles this file, with the
// package and its wasm inlined, into the classic dist/site/widgets.js.
import * as xent from 'softmax-xent';
import { defineWidgets } from './elements.js';

defineWidgets(() => xent.init().then(() => xent));
