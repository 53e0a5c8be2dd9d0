// softmax-xent core: argument validation, heap layout and the public functions, shared
// by the ES module entry (index.js) and the classic-script entry (classic-entry.js).
// Formulas and conventions: index.d.ts.
//
// Data flow: validate and shape here (one place, errors name the argument) -> copy into
// one reusable scratch block of the wasm heap (or use a caller's heap buffer as is) ->
// wasm export xent_* as contract.js describes it (heap offsets + sizes;
// src/bindings/embind.cc says why not embind) -> C++ API (returns a status that names
// the failing element) -> kernels.
import { DEFAULTS, EXPORTS, REDUCTION, STATUS } from './contract.js';
import { bindings } from './bindings.js';
import { describe, fail } from './errors.js';
import { HeapFloat32Array } from './heap.js';
import { checkAxis, checkShape, flatData, floatTensor, isDetached, product, rowLength, shapeText, split } from './tensor.js';

export { HeapFloat32Array };

// (module (func (result v128) v128.const i32x4 0 0 0 0)): validates only where
// WebAssembly SIMD is supported.
const SIMD_PROBE = Uint8Array.of(
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12,
  ...new Array(16).fill(0), 11);

// (module (func (result v128) (f32x4.relaxed_madd (v128.const 0) (v128.const 0)
// (v128.const 0)))): validates only where relaxed SIMD (f32x4.relaxed_madd, fd 85 02)
// is on. Chromium runs it by default; Node 20 only with
// --experimental-wasm-relaxed-simd.
const RELAXED_PROBE = Uint8Array.of(
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 61, 1, 59, 0,
  ...[0, 1, 2].flatMap(() => [253, 12, ...new Array(16).fill(0)]), 253, 133, 2, 11);

function validates(bytes) {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}

/** Whether this engine runs WebAssembly SIMD (the SIMD128 module). */
export const simdSupported = () => validates(SIMD_PROBE);
/** Whether this engine runs relaxed SIMD as well (the relaxed module, the fastest). */
export const relaxedSimdSupported = () => validates(SIMD_PROBE) && validates(RELAXED_PROBE);

const VARIANTS = ['auto', 'relaxed', 'simd', 'scalar'];
const WASM_FILE = { relaxed: 'kernels-relaxed.wasm', simd: 'kernels-simd.wasm', scalar: 'kernels-scalar.wasm' };

// The module `variant` names, or for 'auto' the fastest this engine runs among those
// the bundle carries: relaxed, then SIMD128, then scalar. Bytes passed as wasmBinary
// with 'auto' are taken for the SIMD128 or scalar module, as before the relaxed one
// existed (its glue would not link them).
function pickVariant(factories, variant, haveBytes) {
  const supported = { relaxed: relaxedSimdSupported(), simd: simdSupported(), scalar: true };
  const feature = { relaxed: 'relaxed SIMD', simd: 'WebAssembly SIMD' };
  if (variant !== 'auto') {
    if (!factories[variant]) throw new Error(`load: this build does not carry the ${variant} module`);
    if (!supported[variant]) throw new Error(`load: this engine does not support ${feature[variant]}`);
    return variant;
  }
  const order = haveBytes ? ['simd', 'scalar'] : ['relaxed', 'simd', 'scalar'];
  const pick = order.find((v) => factories[v] && supported[v]);
  if (!pick) {
    throw new Error('load: this build carries only the SIMD module, and this engine does not support WebAssembly SIMD');
  }
  return pick;
}

function checkAttached(fn, name, view) {
  // A view of a detached buffer has length 0, so a non-empty one is attached.
  if (view.length === 0 && isDetached(view.buffer)) {
    throw fail(TypeError, fn, `${name} is backed by a detached ArrayBuffer`);
  }
}

// ------------------------------------------------------------------ input shaping
// A float operand seen as rows along its last axis: { data, shape, rows, classes }.
// `classes` is the row length it must have: the caller's `classes` option, or, where
// `rowsOf` names another operand, that operand's (so a message never blames an option
// the caller did not pass). `shape` is the caller's `shape` option (tensor.js).
function floatMatrix(fn, name, value, classes, kernels, rowsOf = null, shape = undefined) {
  const t = floatTensor(fn, name, value, kernels, { classes, shape, like: rowsOf });
  const last = t.shape[t.shape.length - 1];
  const n = t.data.length;
  // A last axis of length 0 holds nothing: an empty batch of 1-long rows to the kernels.
  return { data: t.data, shape: t.shape, rows: last ? n / last : 0, classes: last || 1 };
}

// The common call's operand, fast: a typed array, heap buffer or flat number[] laid out
// by `classes` (or one row), with no `shape` or `axis` in sight. { data, rows, classes },
// or null for nested arrays and anything else, which take floatTensor. Small calls are
// dominated by this bookkeeping, so it builds no shape arrays.
function fastRows(fn, name, value, classes, kernels, rowsOf = null) {
  const data = flatData(fn, name, value, kernels);
  if (data === null) return null;
  const cols = rowLength(fn, name, data.length, classes, rowsOf);
  return { data, rows: data.length / cols, classes: cols };
}

// An operand that must have the shape of `like` (a floatTensor result): nested arrays
// must match it exactly, flat arrays its length.
function sameShape(fn, name, value, kernels, like, likeName) {
  let data = flatData(fn, name, value, kernels);
  if (data === null) {
    const t = floatTensor(fn, name, value, kernels);
    if (shapeText(t.shape) !== shapeText(like.shape)) {
      throw fail(RangeError, fn, `${name} has shape ${shapeText(t.shape)}, ${likeName} has ${shapeText(like.shape)}`);
    }
    data = t.data;
  }
  if (data.length !== like.data.length) {
    throw fail(RangeError, fn, `${name} has ${data.length} values, ${likeName} has ${like.data.length}`);
  }
  return { data, shape: like.shape };
}

function checkClasses(fn, classes) {
  if (classes === undefined) return undefined;
  if (typeof classes !== 'number') throw fail(TypeError, fn, `classes must be a number, got ${describe(classes)}`);
  if (!Number.isInteger(classes) || classes < 1 || classes > 0x7fffffff) {
    throw fail(RangeError, fn, `classes must be a positive integer, got ${classes}`);
  }
  return classes;
}

const FLOAT32_MIN_NORMAL = 2 ** -126;
const FLOAT32_MAX = 3.4028234663852886e38;

function checkTemperature(fn, t) {
  if (t === undefined) return DEFAULTS.temperature;
  if (typeof t !== 'number') throw fail(TypeError, fn, `temperature must be a number, got ${describe(t)}`);
  if (!(t > 0) || !Number.isFinite(t)) throw fail(RangeError, fn, `temperature must be a positive finite number, got ${t}`);
  // The kernels carry T in double but also need its float32 rounding and 1 / T.
  if (t < FLOAT32_MIN_NORMAL || t > FLOAT32_MAX) {
    throw fail(RangeError, fn, `temperature ${t} is outside float32's normal range [1.2e-38, 3.4e38]`);
  }
  return t;
}

function checkReduction(fn, reduction, batchmean = false) {
  if (reduction === undefined) return REDUCTION[DEFAULTS.reduction];
  if (!Object.prototype.hasOwnProperty.call(REDUCTION, reduction) || (reduction === 'batchmean' && !batchmean)) {
    throw fail(RangeError, fn, `reduction must be 'mean', 'sum'${batchmean ? ", 'batchmean'" : ''} or 'none', got ${describe(reduction)}`);
  }
  return REDUCTION[reduction];
}

function checkSmoothing(fn, e) {
  if (e === undefined) return DEFAULTS.labelSmoothing;
  if (typeof e !== 'number') throw fail(TypeError, fn, `labelSmoothing must be a number, got ${describe(e)}`);
  if (!(e >= 0 && e <= 1)) throw fail(RangeError, fn, `labelSmoothing must be in [0, 1], got ${e}`);
  return e;
}

function checkIgnoreIndex(fn, ignoreIndex) {
  if (ignoreIndex === undefined) return DEFAULTS.ignoreIndex;
  if (typeof ignoreIndex !== 'number') throw fail(TypeError, fn, `ignoreIndex must be a number, got ${describe(ignoreIndex)}`);
  if (!Number.isInteger(ignoreIndex) || ignoreIndex < -0x80000000 || ignoreIndex > 0x7fffffff) {
    throw fail(RangeError, fn, `ignoreIndex must be a 32-bit integer, got ${ignoreIndex}`);
  }
  return ignoreIndex;
}

function checkBase(fn, base) {
  if (base === undefined) base = DEFAULTS.base;
  if (base === 'e') return Math.E;
  if (typeof base !== 'number') throw fail(TypeError, fn, `base must be 'e' or a number, got ${describe(base)}`);
  if (!(base > 0) || base === 1 || !Number.isFinite(base)) {
    throw fail(RangeError, fn, `base must be 'e' or a positive finite number other than 1, got ${base}`);
  }
  return base;
}

const NO_OPTIONS = Object.freeze({});

// The known option names of `options`, or the nearest one to an unknown name: the same
// letters without case and separators (ignore_index -> ignoreIndex), else the closest
// within two edits (temprature -> temperature).
function nearestName(name, known) {
  const plain = (s) => s.toLowerCase().replace(/[_\-\s]/g, '');
  for (const k of known) if (plain(k) === plain(name)) return k;
  let best = null;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(plain(name), plain(k));
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

function editDistance(a, b) {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; ++i) {
    const next = [i];
    for (let j = 1; j <= b.length; ++j) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

// `known`: the option names `fn` takes. An unknown one is a TypeError that names it
// (and the known name it resembles), so a misspelled option is never silently ignored.
function checkOptions(fn, options, known) {
  if (options === undefined) return NO_OPTIONS;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw fail(TypeError, fn, `options must be an object, got ${describe(options)}`);
  }
  for (const key in options) {
    if (!known.has(key)) {
      const near = nearestName(key, known);
      throw fail(TypeError, fn, `unknown option ${key}${near ? ` (did you mean ${near}?)` : ''}; ${fn} takes ${[...known].join(', ')}`);
    }
  }
  return options;
}

// `out` goes with reduction 'none' only: a reduced loss is one number.
function checkNoOut(fn, o, reduction) {
  if (reduction !== REDUCTION.none && o.out !== undefined && o.out !== null) {
    throw fail(TypeError, fn, `out is for reduction 'none' (per-row losses); a '${o.reduction ?? DEFAULTS.reduction}' loss is returned as a number`);
  }
}

// The options each function takes (and its ...WithGrad form, which adds gradOut).
// `classes` and `shape` say how a flat array is laid out; `axis` which axis a row-wise
// function reduces along.
const optionSet = (...names) => new Set(names);
const withGradOut = (known) => new Set([...known, 'gradOut']);
const LAYOUT = ['classes', 'shape'];
const SOFTMAX_OPTIONS = optionSet(...LAYOUT, 'axis', 'temperature', 'out');
const LSE_OPTIONS = optionSet(...SOFTMAX_OPTIONS, 'weights', 'returnSign');
const SOFTMAX_ENTROPY_OPTIONS = optionSet(...LAYOUT, 'axis', 'temperature', 'base', 'out');
const SOFTMAX_ENTROPY_GRAD_OPTIONS = withGradOut(SOFTMAX_ENTROPY_OPTIONS);
const BACKWARD_OPTIONS = optionSet(...LAYOUT, 'axis', 'out');
const XENT_OPTIONS = optionSet(...LAYOUT, 'temperature', 'weight', 'ignoreIndex', 'labelSmoothing', 'reduction', 'base', 'out');
const XENT_GRAD_OPTIONS = withGradOut(XENT_OPTIONS);
const NLL_OPTIONS = optionSet(...LAYOUT, 'weight', 'ignoreIndex', 'reduction', 'base', 'out');
const BCE_OPTIONS = optionSet(...LAYOUT, 'weight', 'reduction', 'base', 'out');
const BCE_GRAD_OPTIONS = withGradOut(BCE_OPTIONS);
const BCE_LOGITS_OPTIONS = optionSet(...BCE_OPTIONS, 'posWeight');
const BCE_LOGITS_GRAD_OPTIONS = withGradOut(BCE_LOGITS_OPTIONS);
const MSE_OPTIONS = optionSet(...LAYOUT, 'reduction', 'out');
const MSE_GRAD_OPTIONS = withGradOut(MSE_OPTIONS);
const SIGMOID_OPTIONS = optionSet(...LAYOUT, 'out');
const SIGMOID_GRAD_OPTIONS = withGradOut(SIGMOID_OPTIONS);
const INFO_OPTIONS = optionSet(...LAYOUT, 'axis', 'base', 'out');
const ELEMENTWISE_OPTIONS = optionSet(...LAYOUT, 'base', 'out');
const SCIPY_OPTIONS = optionSet(...LAYOUT, 'out');
const KL_DIV_OPTIONS = optionSet(...LAYOUT, 'reduction', 'logTarget', 'out');

// Per-class vector (weight of the cross-entropies): `classes` floats.
function classVector(fn, name, value, classes, kernels) {
  if (value === undefined || value === null) return null;
  const m = floatMatrix(fn, name, value, undefined, kernels);
  const n = m.rows * m.classes;
  if (n !== classes) throw fail(RangeError, fn, `${name} has ${n} values, expected one per class (${classes})`);
  return m.data;
}

// weight and posWeight of the binary losses, broadcast as PyTorch does against an
// input of n elements whose last axis has `classes`: one value (a number or one
// element), one per class, or one per element. Returns { data, length } or null.
function broadcastVector(fn, name, value, classes, n, shape, kernels) {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') value = [value];
  const w = floatTensor(fn, name, value, kernels, {});
  const length = w.data.length;
  if (length === 1 && classes !== 1 && n !== 1) {
    const v = w.data instanceof HeapFloat32Array ? w.data.array[0] : w.data[0];
    return { data: new Float32Array(classes).fill(v), length: classes };
  }
  if (length !== n && length !== classes) {
    throw fail(RangeError, fn, `${name} has ${length} values, which do not broadcast against the input's shape ${shapeText(shape)}: expected 1, ${classes} (one per class, the last axis) or ${n} (one per element)`);
  }
  return { data: w.data, length };
}

function integerTarget(fn, v, at, probabilitiesToo, out, i) {
  if (typeof v !== 'number') throw fail(TypeError, fn, `target${at} is ${describe(v)}, expected a class index`);
  if (!Number.isInteger(v)) {
    throw fail(RangeError, fn, `target${at} = ${v} is not an integer class index${probabilitiesToo
      ? ' (a flat array with one value per row holds class indices; for probabilities pass a Float32Array or rows of the logits\' shape)' : ''}`);
  }
  if (v < -0x80000000 || v > 0x7fffffff) throw fail(RangeError, fn, `target${at} = ${v} is out of range`);
  out[i] = v;
}

// Class-index targets: Int32Array, integer number[] (or nested integer arrays of shape
// `dims`, the logits' shape without its class axis) with one entry per row, or, for
// one row, a plain number. `probabilitiesToo`: the function also takes probability
// targets, which a message about a fractional value points to.
function indexTargets(fn, value, rows, probabilitiesToo = false, sampleShape = undefined) {
  const dims = () => sampleShape ?? [rows];
  let out;
  if (typeof value === 'number' && rows === 1) {
    out = new Int32Array(1);
    integerTarget(fn, value, '', probabilitiesToo, out, 0);
  } else if (value instanceof Int32Array) {
    checkAttached(fn, 'target', value);
    out = value;
  } else if (Array.isArray(value) && value.length > 0 && Array.isArray(value[0])) {
    const t = floatTensor(fn, 'target', value, null, {});
    if (shapeText(t.shape) !== shapeText(dims())) {
      throw fail(RangeError, fn, `target has shape ${shapeText(t.shape)}; class indices for these logits need ${shapeText(dims())} (the logits' shape without the class axis)`);
    }
    out = new Int32Array(t.data.length);
    for (let i = 0; i < out.length; ++i) integerTarget(fn, t.data[i], `[${i}]`, false, out, i);
  } else if (Array.isArray(value)) {
    out = new Int32Array(value.length);
    for (let i = 0; i < value.length; ++i) integerTarget(fn, value[i], `[${i}]`, probabilitiesToo, out, i);
  } else {
    throw fail(TypeError, fn, `target must be an Int32Array or number[] of class indices, got ${describe(value)}`);
  }
  if (out.length !== rows) {
    throw fail(RangeError, fn, dims().length > 1
      ? `target has ${out.length} class indices, expected ${rows} (shape ${shapeText(dims())}: the logits' shape without the class axis)`
      : `target has ${out.length} class indices, expected one per row (${rows})`);
  }
  return out;
}

// ------------------------------------------------------------------------ kernels
// Up to this many floats, an element loop moves results out of the heap faster than
// TypedArray slice/set, whose fixed cost (~10-30 ns) would dominate a small call.
// (bindings.js copies inputs in the same way.)
const SMALL = 64;

// The shortest decimal that reads back as the same float32, for error messages: a
// value typed as 1.2 is shown as 1.2, not as its float32 1.2000000476837158.
function float32String(v) {
  if (!Number.isFinite(v)) return String(v);
  for (let digits = 1; digits < 17; ++digits) {
    const s = Number(v.toPrecision(digits));
    if (Math.fround(s) === v) return String(s);
  }
  return String(v);
}

class Kernels {
  constructor(module, variant) {
    this.module = module;
    this.variant = variant;
    this.target = module._activeTarget();
    this.scratch = 0;
    this.capacity = 0;
    this.remap = null;
  }

  // One scratch block, grown geometrically and reused by every call.
  reserve(fn, bytes) {
    if (bytes <= this.capacity) return this.scratch;
    const want = Math.max(bytes, Math.min(this.capacity * 2, 2 ** 31));
    if (want > 2 ** 32 - 2 ** 20) throw fail(RangeError, fn, `the operands need ${bytes} bytes, more than a wasm heap can hold`);
    if (this.scratch) this.module._free(this.scratch);
    this.scratch = 0;
    this.capacity = 0;
    const ptr = this.module._malloc(want);
    if (!ptr) throw fail(RangeError, fn, `the operands need ${bytes} bytes, which do not fit in the wasm heap`);
    this.scratch = ptr;
    this.capacity = want;
    return ptr;
  }

  // The one-float heap slot that losses reduced to one value are written to: the
  // binding passes it as it is, so a call allocates no Float32Array for its number.
  lossSlot() {
    if (!this.slot) this.slot = this.alloc(1);
    return this.slot;
  }

  // A loss as the binding returned it: the caller's `out` for reduction 'none', else
  // the number in lossSlot().
  lossValue(none, result) {
    return none ? result : this.module.HEAPF32[result.byteOffset >>> 2];
  }

  alloc(length) {
    if (!Number.isInteger(length) || length < 0) throw new RangeError(`alloc: length must be a non-negative integer, got ${length}`);
    if (length * 4 > 2 ** 32 - 2 ** 20) throw new RangeError(`alloc: ${length} floats do not fit in a wasm heap`);
    const ptr = length ? this.module._malloc(length * 4) : 0;
    if (length && !ptr) throw new RangeError(`alloc: ${length} floats do not fit in the wasm heap`);
    return new HeapFloat32Array(this, ptr, length);
  }

  // The output at heap offset `ptr`: `out` itself if it is a heap buffer, else copied
  // into `out` (a Float32Array) or, for undefined, into a new Float32Array; null for none.
  readOut(ptr, length, out) {
    if (out === null) return null;
    if (out instanceof HeapFloat32Array) return out;
    const heap = this.module.HEAPF32;
    const at = ptr >>> 2;
    if (length <= SMALL) {
      const result = out ?? new Float32Array(length);
      for (let i = 0; i < length; ++i) result[i] = heap[at + i];
      return result;
    }
    if (out) {
      out.set(heap.subarray(at, at + length));
      return out;
    }
    return heap.slice(at, at + length);
  }

  // The error for a failing status. For an out-of-range element the module says which
  // input and which element; the value is read back from that input. While a call runs
  // on permuted copies (alongAxis), `remap` turns their indices back into the caller's.
  error(fn, spec, status, args) {
    const m = this.module;
    if (status === STATUS.targetOutOfRange || status === STATUS.valueOutOfRange) {
      const name = spec.inputs[m._xent_error_operand()];
      const at = m._xent_error_index();
      const operand = args[name];
      const value = (operand instanceof HeapFloat32Array ? operand.array : operand)[at];
      const index = this.remap && this.remap.names.has(name) ? this.remap.index(at) : at;
      if (status === STATUS.targetOutOfRange) {
        return fail(RangeError, fn, `${name}[${index}] = ${value} is not a class index in [0, ${args.classes}) nor ignoreIndex (${args.ignoreIndex})`);
      }
      if (args.logTarget) {
        return fail(RangeError, fn, `${name}[${index}] = ${float32String(value)} is not a log-probability in [-Infinity, 0]`);
      }
      return fail(RangeError, fn, `${name}[${index}] = ${float32String(value)} is not a probability in [0, 1]`);
    }
    // The checks above make the others unreachable; should one happen, say what it is.
    const ErrorType = status === STATUS.nullPointer ? Error : RangeError;
    return fail(ErrorType, fn, m._statusMessage(status));
  }
}

function checkOut(fn, out, length, kernels, name = 'out') {
  if (out === undefined || out === null) return undefined;
  if (out instanceof HeapFloat32Array) {
    if (!out.ownedBy(kernels)) throw fail(TypeError, fn, `${name} was allocated by another softmax-xent instance`);
    if (out.freed) throw fail(TypeError, fn, `${name} was freed`);
  } else if (!(out instanceof Float32Array)) {
    throw fail(TypeError, fn, `${name} must be a Float32Array or HeapFloat32Array, got ${describe(out)}`);
  } else {
    checkAttached(fn, name, out);
  }
  if (out.length !== length) throw fail(RangeError, fn, `${name} has length ${out.length}, expected ${length}`);
  return out;
}

// ------------------------------------------------------------------------- the API
export function makeApi(kernels) {
  const m = kernels.module;

  // Moves the axes of x (data of shape dims): out's axis k is x's axis perm[k]. `out`
  // is a heap buffer, the caller's Float32Array, or undefined for a new one.
  function permute(fn, x, dims, perm, out) {
    return bindings.permute(kernels, fn, {
      x, shape: Int32Array.from(dims), perm: Int32Array.from(perm), ndim: dims.length,
      out, outLength: product(dims),
    })[0];
  }

  // Runs a row kernel along axis k of operands ({ name, data }) that share `shape`:
  // call(datas, rows, classes, moved) with the operands laid out as rows along the axis.
  // Where the axis is the last one that is the data as given (moved = null); otherwise
  // each operand is moved to [outer, inner, len] in a heap buffer first, and `moved`
  // offers alloc() (another such buffer) and back(buffer, out), which moves a
  // row-shaped result back to the operands' layout into `out`. Outputs with one value
  // per row are already in the order of the shape without the axis. A failing status's
  // element index is mapped back to the caller's layout.
  function alongAxis(fn, operands, shape, k, call) {
    const { outer, len, inner } = split(shape, k);
    if (inner === 1) return call(operands.map((o) => o.data), outer, len, null);
    const n = outer * len * inner;
    const temps = [];
    const alloc = () => {
      const t = heapTemp(fn, n);
      temps.push(t);
      return t;
    };
    try {
      const datas = operands.map((o) => permute(fn, o.data, [outer, len, inner], [0, 2, 1], alloc()));
      const block = len * inner;
      kernels.remap = {
        names: new Set(operands.map((o) => o.name)),
        index: (i) => {
          const r = i % block;
          return i - r + (r % len) * inner + Math.floor(r / len);
        },
      };
      return call(datas, outer * inner, len, {
        alloc,
        back: (buffer, out) => permute(fn, buffer, [outer, inner, len], [0, 2, 1], out),
      });
    } finally {
      kernels.remap = null;
      for (const t of temps) t.free();
    }
  }

  const emptyOut = (out) => out ?? new Float32Array(0);

  // A heap buffer of n floats for moved data; a heap too small says which call needed it.
  function heapTemp(fn, n) {
    try {
      return kernels.alloc(n);
    } catch {
      throw fail(RangeError, fn, `moving the axis needs ${n * 4} more bytes of wasm heap, which it cannot hold`);
    }
  }

  function axisOption(fn, axis, ndim) {
    return checkAxis(fn, axis === undefined ? -1 : axis, ndim);
  }

  function checkFlag(fn, name, value) {
    if (value === undefined) return false;
    if (typeof value !== 'boolean') throw fail(TypeError, fn, `${name} must be true or false, got ${describe(value)}`);
    return value;
  }

  // An operand of a function along one axis, as [outer, len, inner] around it: straight
  // from fastRows for the common call (no shape, no axis: rows of the last axis, no
  // shape arrays), else from floatTensor and the axis.
  function oneAxis(fn, name, value, o, classes, shape) {
    if (shape === undefined && o.axis === undefined) {
      const fast = fastRows(fn, name, value, classes, kernels);
      if (fast) return { data: fast.data, shape: null, outer: fast.rows, len: fast.classes, inner: 1 };
    }
    const t = floatTensor(fn, name, value, kernels, { classes, shape });
    const { outer, len, inner } = split(t.shape, axisOption(fn, o.axis, t.shape.length));
    return { data: t.data, shape: t.shape, outer, len, inner };
  }

  // softmax, logSoftmax: elementwise results along an axis. The last axis takes the
  // row kernels; any other the column kernels (axis-inl.h), which read the data where it
  // is: on [8, 21, 128, 128] along axis 1 they run at 2-3x the speed of moving the axis
  // to the end and back around the row kernels (scripts/bench-axes.mjs).
  function softmaxFamily(fn, name) {
    const bind = bindings[name];
    const bindAxis = bindings[`${name}Axis`];
    return (x, options) => {
      const o = checkOptions(fn, options, SOFTMAX_OPTIONS);
      const classes = checkClasses(fn, o.classes);
      const shape = checkShape(fn, o.shape);
      const temperature = checkTemperature(fn, o.temperature);
      const a = oneAxis(fn, 'x', x, o, classes, shape);
      const n = a.data.length;
      const out = checkOut(fn, o.out, n, kernels);
      if (n === 0) return emptyOut(out);
      if (a.inner === 1) return bind(kernels, fn, { x: a.data, rows: a.outer, classes: a.len, temperature, out, outLength: n })[0];
      return bindAxis(kernels, fn, { x: a.data, outer: a.outer, len: a.len, inner: a.inner, temperature, out, outLength: n })[0];
    };
  }

  // The axes a reduction runs over: axis undefined (-1), an integer, an array of
  // integers, or null (all). Returns { reduced (sorted), kept, full }.
  function reductionAxes(fn, axis, ndim) {
    if (axis === null) return { reduced: [...Array(ndim).keys()], kept: [], full: true };
    let list;
    if (Array.isArray(axis)) {
      if (axis.length === 0) throw fail(RangeError, fn, 'axis is an empty array; pass null to reduce over every axis');
      list = axis.map((a, i) => checkAxis(fn, a, ndim, `axis[${i}]`));
      const seen = new Set();
      list.forEach((a, i) => {
        if (seen.has(a)) throw fail(RangeError, fn, `axis[${i}] = ${axis[i]} repeats an axis already listed`);
        seen.add(a);
      });
    } else {
      list = [axisOption(fn, axis, ndim)];
    }
    const reduced = list.slice().sort((a, b) => a - b);
    const kept = [...Array(ndim).keys()].filter((a) => !reduced.includes(a));
    return { reduced, kept, full: Array.isArray(axis) && kept.length === 0 };
  }

  function logSumExp(x, options) {
    const fn = 'logSumExp';
    const o = checkOptions(fn, options, LSE_OPTIONS);
    const classes = checkClasses(fn, o.classes);
    const shape = checkShape(fn, o.shape);
    const temperature = checkTemperature(fn, o.temperature);
    const returnSign = checkFlag(fn, 'returnSign', o.returnSign);
    const noWeights = o.weights === undefined || o.weights === null;
    if (noWeights && !returnSign && o.axis !== null && !Array.isArray(o.axis)) {
      // One axis, the common call: the row kernels along the last, else the column ones.
      const a = oneAxis(fn, 'x', x, o, classes, shape);
      const slices = a.outer * a.inner;
      if (a.len === 0 && slices > 0) {
        throw fail(RangeError, fn, `the axes reduced over hold no elements (x has shape ${shapeText(a.shape)})`);
      }
      const out = checkOut(fn, o.out, slices, kernels);
      if (a.inner === 1) {
        return bindings.logSumExp(kernels, fn, { x: a.data, rows: a.outer, classes: a.len || 1, temperature, out, outLength: slices })[0];
      }
      return bindings.logSumExpAxis(kernels, fn, { x: a.data, outer: a.outer, len: a.len, inner: a.inner, temperature, out, outLength: slices })[0];
    }
    const t = floatTensor(fn, 'x', x, kernels, { classes, shape });
    const weights = noWeights ? null : sameShape(fn, 'weights', o.weights, kernels, t, 'x');
    const { reduced, kept, full } = reductionAxes(fn, o.axis, t.shape.length);
    const rows = product(kept.map((a) => t.shape[a]));
    const cls = product(reduced.map((a) => t.shape[a]));
    if (cls === 0 && rows > 0) {
      throw fail(RangeError, fn, `the axes reduced over hold no elements (x has shape ${shapeText(t.shape)})`);
    }
    if (full && o.out !== undefined && o.out !== null) {
      throw fail(TypeError, fn, 'out is for per-slice results; a reduction over every axis is returned as a number');
    }
    const out = full ? undefined : checkOut(fn, o.out, rows, kernels);
    const perm = [...kept, ...reduced];
    const temps = [];
    try {
      let xd = t.data;
      let wd = weights ? weights.data : null;
      if (perm.some((a, i) => a !== i)) {
        const move = (data) => {
          const buffer = heapTemp(fn, t.data.length);
          temps.push(buffer);
          return permute(fn, data, t.shape, perm, buffer);
        };
        xd = move(xd);
        if (wd) wd = move(wd);
      }
      const args = { x: xd, rows, classes: cls || 1, temperature, out, outLength: rows };
      let value;
      let sign = null;
      if (!weights && !returnSign) {
        value = bindings.logSumExp(kernels, fn, args)[0];
      } else {
        const r = bindings.logSumExpWeighted(kernels, fn, { ...args, weights: wd, sign: undefined, signLength: rows });
        [value, sign] = r;
        if (!returnSign) {
          // Without the sign, a negative sum has no real log: NaN, as in SciPy.
          const view = value instanceof HeapFloat32Array ? value.array : value;
          for (let i = 0; i < rows; ++i) if (sign[i] < 0) view[i] = NaN;
        }
      }
      if (full) return returnSign ? { value: value[0], sign: sign[0] } : value[0];
      return returnSign ? { value, sign } : value;
    } finally {
      for (const b of temps) b.free();
    }
  }

  // entropy, distributionCrossEntropy, klDivergence, jsDivergence: one value per
  // distribution along the axis, of p (and q, for the exports that take it).
  function info(fn, name) {
    const needsQ = EXPORTS[name].inputs.includes('q');
    const bind = bindings[name];
    return (p, qOrOptions, maybeOptions) => {
      const o = checkOptions(fn, needsQ ? maybeOptions : qOrOptions, INFO_OPTIONS);
      const classes = checkClasses(fn, o.classes);
      const shape = checkShape(fn, o.shape);
      const base = checkBase(fn, o.base);
      const fast = shape === undefined && o.axis === undefined ? fastRows(fn, 'p', p, classes, kernels) : null;
      if (fast && (!needsQ || !Array.isArray(qOrOptions) || !Array.isArray(qOrOptions[0]))) {
        const q = needsQ ? flatData(fn, 'q', qOrOptions, kernels) : null;
        if (q && q.length !== fast.data.length) throw fail(RangeError, fn, `q has ${q.length} values, p has ${fast.data.length}`);
        const out = checkOut(fn, o.out, fast.rows, kernels);
        return bind(kernels, fn, { p: fast.data, q, rows: fast.rows, classes: fast.classes, base, out, outLength: fast.rows })[0];
      }
      const pt = floatTensor(fn, 'p', p, kernels, { classes, shape });
      const k = axisOption(fn, o.axis, pt.shape.length);
      const operands = [{ name: 'p', data: pt.data }];
      if (needsQ) operands.push({ name: 'q', data: sameShape(fn, 'q', qOrOptions, kernels, pt, 'p').data });
      const { outer, len, inner } = split(pt.shape, k);
      const slices = outer * inner;
      const out = checkOut(fn, o.out, slices, kernels);
      if (slices === 0) return emptyOut(out);
      if (len === 0) throw fail(RangeError, fn, `axis ${k} of p has length 0: no distribution to reduce`);
      return alongAxis(fn, operands, pt.shape, k, ([pd, qd], rows, cls) => bind(kernels, fn, {
        p: pd, q: qd ?? null, rows, classes: cls, base, out, outLength: slices,
      })[0]);
    };
  }

  function softmaxEntropyImpl(fn, logits, options, withGrad) {
    const o = checkOptions(fn, options, withGrad ? SOFTMAX_ENTROPY_GRAD_OPTIONS : SOFTMAX_ENTROPY_OPTIONS);
    const classes = checkClasses(fn, o.classes);
    const shape = checkShape(fn, o.shape);
    const temperature = checkTemperature(fn, o.temperature);
    const base = checkBase(fn, o.base);
    const t = floatTensor(fn, 'logits', logits, kernels, { classes, shape });
    const k = axisOption(fn, o.axis, t.shape.length);
    const n = t.data.length;
    const { outer, len, inner } = split(t.shape, k);
    const slices = outer * inner;
    const out = checkOut(fn, o.out, slices, kernels);
    const gradOut = withGrad ? checkOut(fn, o.gradOut, n, kernels, 'gradOut') : null;
    if (slices > 0 && len === 0) throw fail(RangeError, fn, `axis ${k} of logits has length 0: no distribution to reduce`);
    if (n === 0) return withGrad ? { entropy: emptyOut(out), grad: emptyOut(gradOut) } : emptyOut(out);
    return alongAxis(fn, [{ name: 'logits', data: t.data }], t.shape, k, ([xd], rows, cls, moved) => {
      const r = bindings.softmaxEntropy(kernels, fn, {
        logits: xd, rows, classes: cls, temperature, base, out, outLength: slices,
        grad: withGrad ? (moved ? xd : gradOut) : null, gradLength: n, // moved: in place
      });
      const entropy = r[0];
      if (!withGrad) return entropy;
      return { entropy, grad: moved ? moved.back(xd, gradOut) : r[1] };
    });
  }

  function backward(fn, name) {
    const bind = bindings[name];
    return (y, dy, options) => {
      const o = checkOptions(fn, options, BACKWARD_OPTIONS);
      const classes = checkClasses(fn, o.classes);
      const shape = checkShape(fn, o.shape);
      const yt = floatTensor(fn, 'y', y, kernels, { classes, shape });
      const dyt = sameShape(fn, 'dy', dy, kernels, yt, 'y');
      const k = axisOption(fn, o.axis, yt.shape.length);
      const n = yt.data.length;
      const out = checkOut(fn, o.out, n, kernels);
      if (n === 0) return emptyOut(out);
      return alongAxis(fn, [{ name: 'y', data: yt.data }, { name: 'dy', data: dyt.data }], yt.shape, k,
        ([yd, dyd], rows, cls, moved) => {
          if (!moved) return bind(kernels, fn, { y: yd, dy: dyd, rows, classes: cls, out, outLength: n })[0];
          bind(kernels, fn, { y: yd, dy: dyd, rows, classes: cls, out: dyd, outLength: n }); // dx over dy
          return moved.back(dyd, out);
        });
    };
  }

  // The logits (or log-probabilities) of a PyTorch loss: [C] (one sample), [N, C] or
  // [N, C, d1, ..., dk], the classes on axis 1. `classes` still lays out a flat array
  // as [rows, classes].
  function lossInput(fn, name, value, o) {
    const classes = checkClasses(fn, o.classes);
    const shape = checkShape(fn, o.shape);
    const fast = shape === undefined ? fastRows(fn, name, value, classes, kernels) : null;
    if (fast) {
      return {
        data: fast.data, shape: [fast.rows, fast.classes], k: 1, samples: fast.rows,
        classes: fast.classes, inner: 1, sampleShape: undefined,
      };
    }
    const deep = Array.isArray(value) && Array.isArray(value[0]) && Array.isArray(value[0][0]);
    const byClasses = shape === undefined && !deep;
    const t = floatTensor(fn, name, value, kernels, { classes: byClasses ? classes : undefined, shape });
    const nd = t.shape.length;
    const k = nd === 1 ? 0 : 1;
    if (!byClasses && classes !== undefined && classes !== t.shape[k]) {
      throw fail(RangeError, fn, `classes is ${classes} but ${name} of shape ${shapeText(t.shape)} has ${t.shape[k]} classes (axis ${k})`);
    }
    const { outer, len, inner } = split(t.shape, k);
    if (len === 0 && outer * inner > 0) throw fail(RangeError, fn, `${name} has no classes (axis ${k} of shape ${shapeText(t.shape)} has length 0)`);
    // The shape of class-index targets and of per-sample losses.
    const sampleShape = nd === 1 ? [1] : [t.shape[0], ...t.shape.slice(2)];
    // Named fields, not { ...t }: V8's spread of it costs ~4 us a call.
    return { data: t.data, shape: t.shape, k, samples: outer * inner, classes: len || 1, inner, sampleShape };
  }

  function crossEntropyImpl(fn, logits, target, options, withGrad) {
    const o = checkOptions(fn, options, withGrad ? XENT_GRAD_OPTIONS : XENT_OPTIONS);
    const temperature = checkTemperature(fn, o.temperature);
    const reduction = checkReduction(fn, o.reduction);
    checkNoOut(fn, o, reduction);
    const labelSmoothing = checkSmoothing(fn, o.labelSmoothing);
    const ignoreIndex = checkIgnoreIndex(fn, o.ignoreIndex);
    const base = checkBase(fn, o.base);
    const a = lossInput(fn, 'logits', logits, o);
    const weight = classVector(fn, 'weight', o.weight, a.classes, kernels);
    const none = reduction === REDUCTION.none;
    const lossLength = none ? a.samples : 1;
    const out = none ? checkOut(fn, o.out, lossLength, kernels) : kernels.lossSlot();
    const n = a.data.length;
    const grad = withGrad ? checkOut(fn, o.gradOut, n, kernels, 'gradOut') : null;
    const nd = a.shape.length;
    let depth = 0;
    for (let v = target; Array.isArray(v); v = v[0]) ++depth;
    // Nested arrays say by their depth which kind they are; a flat number[] of one value
    // per sample holds class indices.
    const isIndex = target instanceof Int32Array || typeof target === 'number' ||
      (Array.isArray(target) && (depth >= 2 ? depth === nd - 1 : (target.length !== n || a.classes === 1)));
    const args = {
      logits: null, target: null, rows: a.samples, classes: a.classes, weight, ignoreIndex,
      labelSmoothing, reduction, temperature, base, loss: out, lossLength, grad: null, gradLength: n,
    };
    const operands = [{ name: 'logits', data: a.data }];
    let spec;
    if (isIndex) {
      args.target = indexTargets(fn, target, a.samples, true, a.sampleShape);
      if (a.classes === 1 && Array.isArray(target) && args.target.some((y) => y !== 0 && y !== ignoreIndex)) {
        throw fail(RangeError, fn, 'with one class a flat number[] target holds class indices, each 0 (or ignoreIndex); for probabilities pass a Float32Array');
      }
      spec = 'crossEntropy';
    } else if (target instanceof HeapFloat32Array || target instanceof Float32Array ||
        target instanceof Float64Array || Array.isArray(target)) {
      const tn = target.length;
      if (!Array.isArray(target) && tn === a.samples && tn !== n) {
        throw fail(RangeError, fn, `target is a ${target.constructor.name} of ${tn} values, one per row: a float array means probabilities, which need the logits' shape ${shapeText(a.shape)}; for class indices pass an Int32Array`);
      }
      let p;
      if (nd <= 2) {
        const pm = floatMatrix(fn, 'target', target, a.classes, kernels, 'logits');
        if (pm.data.length !== n) {
          throw fail(RangeError, fn, `target has ${pm.data.length} values; probability targets need the logits' shape ${shapeText(a.shape)}`);
        }
        p = pm.data;
      } else {
        const pt = floatTensor(fn, 'target', target, kernels, Array.isArray(target) ? {} : { shape: [target.length] });
        if (pt.data.length !== n || (Array.isArray(target) && shapeText(pt.shape) !== shapeText(a.shape))) {
          throw fail(RangeError, fn, `target has shape ${shapeText(pt.shape)}; probability targets need the logits' shape ${shapeText(a.shape)} (class indices: ${shapeText(a.sampleShape)})`);
        }
        p = pt.data;
      }
      operands.push({ name: 'target', data: p });
      spec = 'crossEntropyProbs';
    } else {
      throw fail(TypeError, fn, `target must be class indices (Int32Array, number[]) or probabilities (Float32Array, Float64Array, number[][]), got ${describe(target)}`);
    }
    const bind = spec === 'crossEntropy' ? bindings.crossEntropy : bindings.crossEntropyProbs;
    if (a.inner === 1) {  // classes on the last axis: the data as it is
      args.logits = a.data;
      if (operands.length > 1) args.target = operands[1].data;
      args.grad = grad;
      const res = bind(kernels, fn, args);
      const loss = kernels.lossValue(none, res[0]);
      return withGrad ? { loss, grad: res[1] } : loss;
    }
    const r = alongAxis(fn, operands, a.shape, a.k, ([xd, pd], rows, cls, moved) => {
      args.logits = xd;
      if (pd) args.target = pd;
      args.grad = withGrad ? moved.alloc() : null;
      const res = bind(kernels, fn, args);
      const loss = kernels.lossValue(none, res[0]);
      return { loss, grad: withGrad ? moved.back(res[1], grad) : null };
    });
    return withGrad ? r : r.loss;
  }

  function nllLoss(logProbs, target, options) {
    const fn = 'nllLoss';
    const o = checkOptions(fn, options, NLL_OPTIONS);
    const reduction = checkReduction(fn, o.reduction);
    checkNoOut(fn, o, reduction);
    const ignoreIndex = checkIgnoreIndex(fn, o.ignoreIndex);
    const base = checkBase(fn, o.base);
    const a = lossInput(fn, 'logProbs', logProbs, o);
    const weight = classVector(fn, 'weight', o.weight, a.classes, kernels);
    const idx = indexTargets(fn, target, a.samples, false, a.sampleShape);
    const none = reduction === REDUCTION.none;
    const lossLength = none ? a.samples : 1;
    const out = none ? checkOut(fn, o.out, lossLength, kernels) : kernels.lossSlot();
    const run = (xd, rows, cls) => {
      const r = bindings.nllLoss(kernels, fn, {
        logProbs: xd, target: idx, rows, classes: cls, weight, ignoreIndex, reduction, base, loss: out, lossLength,
      });
      return kernels.lossValue(none, r[0]);
    };
    if (a.inner === 1) return run(a.data, a.samples, a.classes);
    return alongAxis(fn, [{ name: 'logProbs', data: a.data }], a.shape, a.k, ([xd], rows, cls) => run(xd, rows, cls));
  }

  // Elementwise pair losses (BCE, BCE with logits, MSE): the input and the target of one
  // shape. `name` is the contract's export; its first input names the argument.
  function pairLoss(fn, name, input, y, options, withGrad) {
    const spec = EXPORTS[name];
    const bind = bindings[name];
    const inputName = spec.inputs[0];
    const known = name === 'mse' ? (withGrad ? MSE_GRAD_OPTIONS : MSE_OPTIONS)
      : name === 'binaryCrossEntropy' ? (withGrad ? BCE_GRAD_OPTIONS : BCE_OPTIONS)
        : (withGrad ? BCE_LOGITS_GRAD_OPTIONS : BCE_LOGITS_OPTIONS);
    const o = checkOptions(fn, options, known);
    const classes = checkClasses(fn, o.classes);
    const shape = checkShape(fn, o.shape);
    const reduction = checkReduction(fn, o.reduction);
    checkNoOut(fn, o, reduction);
    const am = floatMatrix(fn, inputName, input, classes, kernels, null, shape);
    const n = am.data.length;
    // With `classes` the target may be empty too: an empty batch.
    const ym = sameShape(fn, 'target', y, kernels, am, inputName);
    const args = {
      [inputName]: am.data, target: ym.data, rows: am.rows, classes: am.classes, n, reduction,
      weight: null, weightLength: 0, posWeight: null, posWeightLength: 0, base: checkBase(fn, o.base),
    };
    if (spec.inputs.includes('weight')) {
      const w = broadcastVector(fn, 'weight', o.weight, am.classes, n, am.shape, kernels);
      if (w) [args.weight, args.weightLength] = [w.data, w.length];
    }
    if (spec.inputs.includes('posWeight')) {
      const pw = broadcastVector(fn, 'posWeight', o.posWeight, am.classes, n, am.shape, kernels);
      if (pw) [args.posWeight, args.posWeightLength] = [pw.data, pw.length];
    }
    const none = reduction === REDUCTION.none;
    const lossLength = none ? n : 1;
    args.loss = none ? checkOut(fn, o.out, lossLength, kernels) : kernels.lossSlot();
    args.lossLength = lossLength;
    args.grad = withGrad ? checkOut(fn, o.gradOut, n, kernels, 'gradOut') : null;
    args.gradLength = n;
    const r = bind(kernels, fn, args);
    const loss = kernels.lossValue(none, r[0]);
    return withGrad ? { loss, grad: r[1] } : loss;
  }

  function klDiv(input, target, options) {
    const fn = 'klDiv';
    const o = checkOptions(fn, options, KL_DIV_OPTIONS);
    const classes = checkClasses(fn, o.classes);
    const shape = checkShape(fn, o.shape);
    const reduction = checkReduction(fn, o.reduction, true);
    checkNoOut(fn, o, reduction);
    const logTarget = checkFlag(fn, 'logTarget', o.logTarget);
    const it = floatMatrix(fn, 'input', input, classes, kernels, null, shape);
    const tt = sameShape(fn, 'target', target, kernels, it, 'input');
    const n = it.data.length;
    const none = reduction === REDUCTION.none;
    const out = none ? checkOut(fn, o.out, n, kernels) : kernels.lossSlot();
    // 'batchmean' divides by the first dimension, as PyTorch's input.size(0).
    const batch = it.shape[0];
    if (n === 0) {
      if (none) return emptyOut(out);
      return reduction === REDUCTION.sum || (reduction === REDUCTION.batchmean && batch > 0) ? 0 : NaN;
    }
    const r = bindings.klDiv(kernels, fn, {
      input: it.data, target: tt.data, rows: batch, classes: n / batch, logTarget: logTarget ? 1 : 0,
      reduction, loss: out, lossLength: none ? n : 1,
    });
    return kernels.lossValue(none, r[0]);
  }

  function sigmoidImpl(fn, z, options, withGrad) {
    const o = checkOptions(fn, options, withGrad ? SIGMOID_GRAD_OPTIONS : SIGMOID_OPTIONS);
    const a = floatMatrix(fn, 'x', z, checkClasses(fn, o.classes), kernels, null, checkShape(fn, o.shape));
    const n = a.data.length;
    const r = bindings.sigmoid(kernels, fn, {
      x: a.data, n,
      out: checkOut(fn, o.out, n, kernels), outLength: n,
      grad: withGrad ? checkOut(fn, o.gradOut, n, kernels, 'gradOut') : null, gradLength: n,
    });
    return withGrad ? { value: r[0], grad: r[1] } : r[0];
  }

  function selfInformation(p, options) {
    const fn = 'selfInformation';
    const o = checkOptions(fn, options, ELEMENTWISE_OPTIONS);
    const base = checkBase(fn, o.base);
    const pm = floatMatrix(fn, 'p', p, checkClasses(fn, o.classes), kernels, null, checkShape(fn, o.shape));
    const n = pm.data.length;
    return bindings.selfInformation(kernels, fn, {
      p: pm.data, n, base, out: checkOut(fn, o.out, n, kernels), outLength: n,
    })[0];
  }

  // scipy.special.entr and rel_entr: elementwise, any real input.
  function entr(x, options) {
    const fn = 'entr';
    const o = checkOptions(fn, options, SCIPY_OPTIONS);
    const xm = floatMatrix(fn, 'x', x, checkClasses(fn, o.classes), kernels, null, checkShape(fn, o.shape));
    const n = xm.data.length;
    return bindings.entr(kernels, fn, { x: xm.data, n, out: checkOut(fn, o.out, n, kernels), outLength: n })[0];
  }

  function relEntr(x, y, options) {
    const fn = 'relEntr';
    const o = checkOptions(fn, options, SCIPY_OPTIONS);
    const xm = floatMatrix(fn, 'x', x, checkClasses(fn, o.classes), kernels, null, checkShape(fn, o.shape));
    const ym = sameShape(fn, 'y', y, kernels, xm, 'x');
    const n = xm.data.length;
    return bindings.relEntr(kernels, fn, {
      x: xm.data, y: ym.data, n, out: checkOut(fn, o.out, n, kernels), outLength: n,
    })[0];
  }

  return {
    /** Which module runs: 'relaxed', 'simd' or 'scalar', and the Highway target inside it. */
    variant: kernels.variant,
    target: kernels.target,
    softmax: softmaxFamily('softmax', 'softmax'),
    logSoftmax: softmaxFamily('logSoftmax', 'logSoftmax'),
    logSumExp,
    softmaxEntropy: (logits, options) => softmaxEntropyImpl('softmaxEntropy', logits, options, false),
    softmaxEntropyWithGrad: (logits, options) => softmaxEntropyImpl('softmaxEntropyWithGrad', logits, options, true),
    softmaxBackward: backward('softmaxBackward', 'softmaxBackward'),
    logSoftmaxBackward: backward('logSoftmaxBackward', 'logSoftmaxBackward'),
    crossEntropy: (logits, target, options) => crossEntropyImpl('crossEntropy', logits, target, options, false),
    crossEntropyWithGrad: (logits, target, options) => crossEntropyImpl('crossEntropyWithGrad', logits, target, options, true),
    nllLoss,
    binaryCrossEntropy: (p, y, options) => pairLoss('binaryCrossEntropy', 'binaryCrossEntropy', p, y, options, false),
    binaryCrossEntropyWithGrad: (p, y, options) => pairLoss('binaryCrossEntropyWithGrad', 'binaryCrossEntropy', p, y, options, true),
    binaryCrossEntropyWithLogits: (z, y, options) => pairLoss('binaryCrossEntropyWithLogits', 'binaryCrossEntropyWithLogits', z, y, options, false),
    binaryCrossEntropyWithLogitsWithGrad: (z, y, options) => pairLoss('binaryCrossEntropyWithLogitsWithGrad', 'binaryCrossEntropyWithLogits', z, y, options, true),
    mse: (a, y, options) => pairLoss('mse', 'mse', a, y, options, false),
    mseWithGrad: (a, y, options) => pairLoss('mseWithGrad', 'mse', a, y, options, true),
    klDiv,
    sigmoid: (z, options) => sigmoidImpl('sigmoid', z, options, false),
    sigmoidWithGrad: (z, options) => sigmoidImpl('sigmoidWithGrad', z, options, true),
    selfInformation,
    entropy: info('entropy', 'entropy'),
    distributionCrossEntropy: info('distributionCrossEntropy', 'distributionCrossEntropy'),
    klDivergence: info('klDivergence', 'klDivergence'),
    jsDivergence: info('jsDivergence', 'jsDivergence'),
    entr,
    relEntr,
    /** Allocates `length` floats in the wasm heap (the zero-copy path). */
    alloc: (length) => kernels.alloc(length),
    /** Bytes in the wasm heap now (it only grows). */
    heapBytes: () => m.HEAPU8.length,
  };
}

// --------------------------------------------------------------------------- loading
async function loadWith(factories, readWasm, options = {}) {
  if (options === null || typeof options !== 'object') throw new TypeError(`load: options must be an object, got ${describe(options)}`);
  const requested = options.variant ?? 'auto';
  if (!VARIANTS.includes(requested)) {
    throw new RangeError(`load: variant must be 'auto', 'relaxed', 'simd' or 'scalar', got ${describe(requested)}`);
  }
  const variant = pickVariant(factories, requested, Boolean(options.wasmBinary));
  const moduleArgs = {};
  if (options.wasmBinary) moduleArgs.wasmBinary = options.wasmBinary;
  else if (options.locateFile) moduleArgs.locateFile = options.locateFile;
  else if (readWasm) moduleArgs.wasmBinary = await readWasm(WASM_FILE[variant]);
  const module = await factories[variant](moduleArgs);
  return makeApi(new Kernels(module, variant));
}


/**
 * Builds the package's exports over two Emscripten module factories. `readWasm(name)`,
 * if given, supplies the .wasm bytes (Node); otherwise Emscripten fetches them.
 */
export function makeLoader(factories, readWasm) {
  /**
   * Loads a module and returns an independent API object bound to it. `variant`:
   * 'auto' (the fastest the engine runs: relaxed SIMD, SIMD128, scalar), 'relaxed',
   * 'simd' or 'scalar'. `wasmBinary` (bytes) or
   * `locateFile(name)` override where the .wasm comes from.
   */
  const load = (options) => loadWith(factories, readWasm, options);
  let defaultApi = null;
  let defaultPromise = null;

  /**
   * Loads the default module once; later calls return the same promise. Resolves to
   * { variant, target }. The functions exported below need it to have resolved.
   */
  function init(options) {
    if (!defaultPromise) {
      defaultPromise = load(options).then((api) => {
        defaultApi = api;
        return { variant: api.variant, target: api.target };
      }, (error) => {
        defaultPromise = null;
        throw error;
      });
    }
    return defaultPromise;
  }

  function bound(name) {
    return (...args) => {
      if (!defaultApi) {
        throw new Error(`softmax-xent: ${name}() was called before init() resolved; call \`await init()\` first`);
      }
      return defaultApi[name](...args);
    };
  }

  const api = { init, load, simdSupported, relaxedSimdSupported, HeapFloat32Array };
  for (const name of [
    'softmax',
    'logSoftmax',
    'logSumExp',
    'softmaxEntropy',
    'softmaxEntropyWithGrad',
    'softmaxBackward',
    'logSoftmaxBackward',
    'crossEntropy',
    'crossEntropyWithGrad',
    'nllLoss',
    'binaryCrossEntropy',
    'binaryCrossEntropyWithGrad',
    'binaryCrossEntropyWithLogits',
    'binaryCrossEntropyWithLogitsWithGrad',
    'mse',
    'mseWithGrad',
    'klDiv',
    'sigmoid',
    'sigmoidWithGrad',
    'selfInformation',
    'entropy',
    'distributionCrossEntropy',
    'klDivergence',
    'jsDivergence',
    'entr',
    'relEntr',
    'alloc',
    'heapBytes',
  ]) api[name] = bound(name);
  return api;
}
