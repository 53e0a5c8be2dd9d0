// Classic-script entry of the widgets: bundled after softmax-xent.classic.js (which
// defines the global `softmaxXent`, wasm inlined) into dist/site/widgets.js, so one
// <script src="widgets.js"> works from any host and from file://.
/* global softmaxXent */
import { defineWidgets } from './elements.js';

let ready = null;
defineWidgets(() => {
  ready ??= softmaxXent.init().then(() => softmaxXent);
  return ready;
});
