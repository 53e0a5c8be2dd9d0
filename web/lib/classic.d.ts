// Types of softmax-xent/classic: the classic script (softmax-xent.classic.js) defines the
// global `softmaxXent`, with the same API as the ES module. Reference it where a page
// loads the script with a <script> tag:
//   /// <reference types="softmax-xent/classic" />
// or import it for its side effect with a bundler: import 'softmax-xent/classic';
import type * as SoftmaxXentModule from './index.js';

declare global {
  /** The package's API, defined by softmax-xent.classic.js. */
  var softmaxXent: typeof SoftmaxXentModule;
}

export {};
