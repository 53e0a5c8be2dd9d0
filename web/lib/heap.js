// HeapFloat32Array: a float32 buffer inside the wasm heap, the zero-copy path. Its own
// module so that bindings.js can tell it from a typed array without importing core.js.
import { describe } from './errors.js';

/**
 * A Float32 buffer that lives in the wasm heap: pass it as an input or as `out` and no
 * copy is made. `array` is a view over the current heap; take it again after any call
 * that may grow memory (any call whose operands are not all heap buffers may).
 */
export class HeapFloat32Array {
  #kernels;
  #ptr;
  #length;
  constructor(kernels, ptr, length) {
    this.#kernels = kernels;
    this.#ptr = ptr;
    this.#length = length;
  }
  get length() { return this.#length; }
  get byteOffset() { this.#check(); return this.#ptr; }
  get freed() { return this.#ptr === 0 && this.#length !== 0; }
  /** A Float32Array view of the buffer over the heap as it is now. */
  get array() {
    this.#check();
    return new Float32Array(this.#kernels.module.HEAPF32.buffer, this.#ptr, this.#length);
  }
  /** Copies `values` in; they must have this buffer's length. */
  set(values) {
    const view = this.array;
    if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
      throw new TypeError(`HeapFloat32Array.set: values must be an array of numbers, got ${describe(values)}`);
    }
    if (values.length !== this.#length) {
      throw new RangeError(`HeapFloat32Array.set: values has ${values.length} values, the buffer holds ${this.#length}`);
    }
    view.set(values);
  }
  free() {
    if (this.#ptr) this.#kernels.module._free(this.#ptr);
    this.#ptr = 0;
  }
  /** @internal */
  ownedBy(kernels) { return this.#kernels === kernels; }
  #check() {
    if (this.freed) throw new TypeError('softmax-xent: this HeapFloat32Array was freed');
  }
}
