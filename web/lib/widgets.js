// softmax-xent/widgets: the custom elements for bundlers. `import 'softmax-xent/widgets'`
// defines <xent-softmax>, <xent-cross-entropy> and <xent-bce-mse>, backed by the
// package's default module (one instance for every element).
import * as xent from 'softmax-xent';
import { defineWidgets } from '../widgets/elements.js';

let ready = null;
defineWidgets(() => {
  ready ??= xent.init().then(() => xent);
  return ready;
});
