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

export { HeapFloat32Array };

// (module (func (result v128) v128.const i32x4 0 0 0 0)): validates only where
// WebAssembly SIMD is supported.
const SIMD_PROBE = Uint8Array.of(
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12,
  ...new Array(16).fill(0), 11);

/** Whether this engine runs WebAssembly SIMD (the faster module). */
export function simdSupported() {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

// A typed array whose buffer was transferred reads as empty; say so instead.
// (ArrayBuffer.prototype.detached is missing before V8 11.4, e.g. in Node 20.)
function isDetached(buffer) {
  if (typeof buffer.detached === 'boolean') return buffer.detached;
  if (buffer.byteLength !== 0) return false;
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}

function checkAttached(fn, name, view) {
  // A view of a detached buffer has length 0, so a non-empty one is attached.
  if (view.length === 0 && isDetached(view.buffer)) {
    throw fail(TypeError, fn, `${name} is backed by a detached ArrayBuffer`);
  }
}

// ------------------------------------------------------------------ input shaping
// A float operand: { data: Float32Array | HeapFloat32Array, rows, classes }. `classes`
// is the row length it must have: the caller's `classes` option, or, where `rowsOf`
// names another operand, that operand's (so a message never blames an option the
// caller did not pass).
function floatMatrix(fn, name, value, classes, kernels, rowsOf = null) {
  let data;
  let rows;
  let cols;
  if (value instanceof HeapFloat32Array) {
    if (!value.ownedBy(kernels)) {
      throw fail(TypeError, fn, `${name} was allocated by another softmax-xent instance`);
    }
    if (value.freed) throw fail(TypeError, fn, `${name} was freed`);
    data = value;
  } else if (value instanceof Float32Array || value instanceof Float64Array) {
    checkAttached(fn, name, value);
    data = value instanceof Float32Array ? value : Float32Array.from(value);
  } else if (Array.isArray(value)) {
    if (value.length > 0 && Array.isArray(value[0])) {
      rows = value.length;
      cols = value[0].length;
      data = new Float32Array(rows * cols);
      for (let r = 0; r < rows; ++r) {
        const row = value[r];
        if (!Array.isArray(row)) throw fail(TypeError, fn, `${name}[${r}] is ${describe(row)}, expected an array of numbers`);
        if (row.length !== cols) {
          throw fail(RangeError, fn, `${name} is ragged: row ${r} has ${row.length} values, row 0 has ${cols}`);
        }
        for (let c = 0; c < cols; ++c) {
          const v = row[c];
          if (typeof v !== 'number') throw fail(TypeError, fn, `${name}[${r}][${c}] is ${describe(v)}, expected a number`);
          data[r * cols + c] = v;
        }
      }
      if (classes !== undefined && classes !== cols) {
        throw fail(RangeError, fn, rowsOf
          ? `the rows of ${name} have ${cols} values, those of ${rowsOf} ${classes}`
          : `classes is ${classes} but the rows of ${name} have ${cols} values`);
      }
    } else {
      data = new Float32Array(value.length);
      for (let i = 0; i < value.length; ++i) {
        const v = value[i];
        if (typeof v !== 'number') throw fail(TypeError, fn, `${name}[${i}] is ${describe(v)}, expected a number`);
        data[i] = v;
      }
    }
  } else {
    throw fail(TypeError, fn, `${name} must be a Float32Array, Float64Array, number[] or number[][], got ${describe(value)}`);
  }
  if (cols === undefined) {
    const n = data.length;
    if (classes === undefined) {
      if (n === 0) throw fail(RangeError, fn, `${name} is empty (pass classes to mean an empty batch)`);
      cols = n;
    } else {
      if (n % classes !== 0) {
        throw fail(RangeError, fn, rowsOf
          ? `${name} has ${n} values, not a whole number of rows of ${classes} (the row length of ${rowsOf})`
          : `${name} has ${n} values, which classes = ${classes} does not divide`);
      }
      cols = classes;
    }
    rows = n / cols;
  }
  return { data, rows, classes: cols };
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

function checkReduction(fn, reduction) {
  if (reduction === undefined) return REDUCTION[DEFAULTS.reduction];
  if (!Object.prototype.hasOwnProperty.call(REDUCTION, reduction)) {
    throw fail(RangeError, fn, `reduction must be 'mean', 'sum' or 'none', got ${describe(reduction)}`);
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
const optionSet = (...names) => new Set(names);
const withGradOut = (known) => new Set([...known, 'gradOut']);
const SOFTMAX_OPTIONS = optionSet('classes', 'temperature', 'out');
const XENT_OPTIONS = optionSet('classes', 'temperature', 'weight', 'ignoreIndex', 'labelSmoothing', 'reduction', 'base', 'out');
const XENT_GRAD_OPTIONS = withGradOut(XENT_OPTIONS);
const NLL_OPTIONS = optionSet('classes', 'weight', 'ignoreIndex', 'reduction', 'base', 'out');
const BCE_OPTIONS = optionSet('classes', 'weight', 'reduction', 'base', 'out');
const BCE_GRAD_OPTIONS = withGradOut(BCE_OPTIONS);
const BCE_LOGITS_OPTIONS = optionSet(...BCE_OPTIONS, 'posWeight');
const BCE_LOGITS_GRAD_OPTIONS = withGradOut(BCE_LOGITS_OPTIONS);
const MSE_OPTIONS = optionSet('classes', 'reduction', 'out');
const MSE_GRAD_OPTIONS = withGradOut(MSE_OPTIONS);
const SIGMOID_OPTIONS = optionSet('classes', 'out');
const SIGMOID_GRAD_OPTIONS = withGradOut(SIGMOID_OPTIONS);
const INFO_OPTIONS = optionSet('classes', 'base', 'out');

// Per-class vector (weight, posWeight): `classes` floats.
function classVector(fn, name, value, classes, kernels) {
  if (value === undefined || value === null) return null;
  const m = floatMatrix(fn, name, value, undefined, kernels);
  const n = m.rows * m.classes;
  if (n !== classes) throw fail(RangeError, fn, `${name} has ${n} values, expected one per class (${classes})`);
  return m.data;
}

// Class-index targets: Int32Array or integer number[] of one entry per row.
// `probabilitiesToo`: the function also takes probability targets, which a message
// about a fractional value points to.
function indexTargets(fn, value, rows, probabilitiesToo = false) {
  let out;
  if (value instanceof Int32Array) {
    checkAttached(fn, 'target', value);
    out = value;
  } else if (Array.isArray(value)) {
    out = new Int32Array(value.length);
    for (let i = 0; i < value.length; ++i) {
      const v = value[i];
      if (typeof v !== 'number') throw fail(TypeError, fn, `target[${i}] is ${describe(v)}, expected a class index`);
      if (!Number.isInteger(v)) {
        throw fail(RangeError, fn, `target[${i}] = ${v} is not an integer class index${probabilitiesToo
          ? ' (a flat array with one value per row holds class indices; for probabilities pass a Float32Array or rows of the logits\' shape)' : ''}`);
      }
      if (v < -0x80000000 || v > 0x7fffffff) throw fail(RangeError, fn, `target[${i}] = ${v} is out of range`);
      out[i] = v;
    }
  } else {
    throw fail(TypeError, fn, `target must be an Int32Array or number[] of class indices, got ${describe(value)}`);
  }
  if (out.length !== rows) throw fail(RangeError, fn, `target has ${out.length} class indices, expected one per row (${rows})`);
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
  // input and which element; the value is read back from that input.
  error(fn, spec, status, args) {
    const m = this.module;
    if (status === STATUS.targetOutOfRange || status === STATUS.valueOutOfRange) {
      const name = spec.inputs[m._xent_error_operand()];
      const index = m._xent_error_index();
      const operand = args[name];
      const value = (operand instanceof HeapFloat32Array ? operand.array : operand)[index];
      if (status === STATUS.targetOutOfRange) {
        return fail(RangeError, fn, `${name}[${index}] = ${value} is not a class index in [0, ${args.classes}) nor ignoreIndex (${args.ignoreIndex})`);
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

  function softmaxFamily(fn, name, perRow) {
    const bind = bindings[name];
    return (x, options) => {
      const o = checkOptions(fn, options, SOFTMAX_OPTIONS);
      const classes = checkClasses(fn, o.classes);
      const temperature = checkTemperature(fn, o.temperature);
      const a = floatMatrix(fn, 'x', x, classes, kernels);
      const length = perRow ? a.rows : a.rows * a.classes;
      const out = checkOut(fn, o.out, length, kernels);
      return bind(kernels, fn, {
        x: a.data, rows: a.rows, classes: a.classes, temperature, out, outLength: length,
      })[0];
    };
  }

  function crossEntropyImpl(fn, logits, target, options, withGrad) {
    const o = checkOptions(fn, options, withGrad ? XENT_GRAD_OPTIONS : XENT_OPTIONS);
    const classes = checkClasses(fn, o.classes);
    const temperature = checkTemperature(fn, o.temperature);
    const reduction = checkReduction(fn, o.reduction);
    checkNoOut(fn, o, reduction);
    const labelSmoothing = checkSmoothing(fn, o.labelSmoothing);
    const ignoreIndex = checkIgnoreIndex(fn, o.ignoreIndex);
    const base = checkBase(fn, o.base);
    const a = floatMatrix(fn, 'logits', logits, classes, kernels);
    const weight = classVector(fn, 'weight', o.weight, a.classes, kernels);
    const none = reduction === REDUCTION.none;
    const lossLength = none ? a.rows : 1;
    const out = none ? checkOut(fn, o.out, lossLength, kernels) : undefined;
    const n = a.rows * a.classes;
    const grad = withGrad ? checkOut(fn, o.gradOut, n, kernels, 'gradOut') : null;
    const isIndex = target instanceof Int32Array ||
      (Array.isArray(target) && (target.length !== n || a.classes === 1) && !Array.isArray(target[0]));
    const args = {
      logits: a.data, target: null, rows: a.rows, classes: a.classes, weight, ignoreIndex,
      labelSmoothing, reduction, temperature, base, loss: out, lossLength, grad, gradLength: n,
    };
    let r;
    if (isIndex) {
      args.target = indexTargets(fn, target, a.rows, true);
      if (a.classes === 1 && Array.isArray(target) && args.target.some((y) => y !== 0 && y !== ignoreIndex)) {
        throw fail(RangeError, fn, 'with one class a flat number[] target holds class indices, each 0 (or ignoreIndex); for probabilities pass a Float32Array');
      }
      r = bindings.crossEntropy(kernels, fn, args);
    } else if (target instanceof HeapFloat32Array || target instanceof Float32Array ||
        target instanceof Float64Array || Array.isArray(target)) {
      const n = target.length;
      if (!Array.isArray(target) && n === a.rows && n !== a.rows * a.classes) {
        throw fail(RangeError, fn, `target is a ${target.constructor.name} of ${n} values, one per row: a float array means probabilities, which need the logits' shape (${a.rows} x ${a.classes}); for class indices pass an Int32Array`);
      }
      const p = floatMatrix(fn, 'target', target, a.classes, kernels, 'logits');
      if (p.rows !== a.rows) {
        throw fail(RangeError, fn, `target has ${p.rows * p.classes} values; probability targets need the logits' shape (${a.rows} x ${a.classes})`);
      }
      args.target = p.data;
      r = bindings.crossEntropyProbs(kernels, fn, args);
    } else {
      throw fail(TypeError, fn, `target must be class indices (Int32Array, number[]) or probabilities (Float32Array, Float64Array, number[][]), got ${describe(target)}`);
    }
    const loss = none ? r[0] : r[0][0];
    return withGrad ? { loss, grad: r[1] } : loss;
  }

  function nllLoss(logProbs, target, options) {
    const fn = 'nllLoss';
    const o = checkOptions(fn, options, NLL_OPTIONS);
    const classes = checkClasses(fn, o.classes);
    const reduction = checkReduction(fn, o.reduction);
    checkNoOut(fn, o, reduction);
    const ignoreIndex = checkIgnoreIndex(fn, o.ignoreIndex);
    const base = checkBase(fn, o.base);
    const a = floatMatrix(fn, 'logProbs', logProbs, classes, kernels);
    const weight = classVector(fn, 'weight', o.weight, a.classes, kernels);
    const idx = indexTargets(fn, target, a.rows);
    const none = reduction === REDUCTION.none;
    const lossLength = none ? a.rows : 1;
    const out = none ? checkOut(fn, o.out, lossLength, kernels) : undefined;
    const r = bindings.nllLoss(kernels, fn, {
      logProbs: a.data, target: idx, rows: a.rows, classes: a.classes, weight, ignoreIndex,
      reduction, base, loss: out, lossLength,
    });
    return none ? r[0] : r[0][0];
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
    const reduction = checkReduction(fn, o.reduction);
    checkNoOut(fn, o, reduction);
    const am = floatMatrix(fn, inputName, input, classes, kernels);
    // With `classes` the target may be empty too: an empty batch.
    const ym = floatMatrix(fn, 'target', y, classes, kernels);
    const n = am.rows * am.classes;
    if (ym.rows * ym.classes !== n) throw fail(RangeError, fn, `target has ${ym.rows * ym.classes} values, ${inputName} has ${n}`);
    const args = {
      [inputName]: am.data, target: ym.data, rows: am.rows, classes: am.classes, n, reduction,
      weight: null, weightLength: 0, posWeight: null, base: checkBase(fn, o.base),
    };
    if (spec.inputs.includes('weight') && o.weight !== undefined && o.weight !== null) {
      const w = floatMatrix(fn, 'weight', o.weight, undefined, kernels);
      const wl = w.rows * w.classes;
      if (wl !== n && wl !== am.classes) {
        throw fail(RangeError, fn, `weight has ${wl} values, expected ${n} (one per element) or ${am.classes} (one per class)`);
      }
      args.weight = w.data;
      args.weightLength = wl;
    }
    if (spec.inputs.includes('posWeight')) args.posWeight = classVector(fn, 'posWeight', o.posWeight, am.classes, kernels);
    const none = reduction === REDUCTION.none;
    const lossLength = none ? n : 1;
    args.loss = none ? checkOut(fn, o.out, lossLength, kernels) : undefined;
    args.lossLength = lossLength;
    args.grad = withGrad ? checkOut(fn, o.gradOut, n, kernels, 'gradOut') : null;
    args.gradLength = n;
    const r = bind(kernels, fn, args);
    const loss = none ? r[0] : r[0][0];
    return withGrad ? { loss, grad: r[1] } : loss;
  }

  function sigmoidImpl(fn, z, options, withGrad) {
    const o = checkOptions(fn, options, withGrad ? SIGMOID_GRAD_OPTIONS : SIGMOID_OPTIONS);
    const a = floatMatrix(fn, 'x', z, checkClasses(fn, o.classes), kernels);
    const n = a.rows * a.classes;
    const r = bindings.sigmoid(kernels, fn, {
      x: a.data, n,
      out: checkOut(fn, o.out, n, kernels), outLength: n,
      grad: withGrad ? checkOut(fn, o.gradOut, n, kernels, 'gradOut') : null, gradLength: n,
    });
    return withGrad ? { value: r[0], grad: r[1] } : r[0];
  }

  // Per-row information functions of p (and q, for the ones whose export takes it).
  function info(fn, name) {
    const needsQ = EXPORTS[name].inputs.includes('q');
    const bind = bindings[name];
    return (p, qOrOptions, maybeOptions) => {
      const o = checkOptions(fn, needsQ ? maybeOptions : qOrOptions, INFO_OPTIONS);
      const classes = checkClasses(fn, o.classes);
      const base = checkBase(fn, o.base);
      const pm = floatMatrix(fn, 'p', p, classes, kernels);
      let q = null;
      if (needsQ) {
        const qm = floatMatrix(fn, 'q', qOrOptions, pm.classes, kernels, 'p');
        if (qm.rows !== pm.rows) throw fail(RangeError, fn, `q has ${qm.rows} rows of ${qm.classes}, p has ${pm.rows}`);
        q = qm.data;
      }
      const out = checkOut(fn, o.out, pm.rows, kernels);
      return bind(kernels, fn, {
        p: pm.data, q, rows: pm.rows, classes: pm.classes, base, out, outLength: pm.rows,
      })[0];
    };
  }

  function selfInformation(p, options) {
    const fn = 'selfInformation';
    const o = checkOptions(fn, options, INFO_OPTIONS);
    const base = checkBase(fn, o.base);
    const pm = floatMatrix(fn, 'p', p, checkClasses(fn, o.classes), kernels);
    const n = pm.rows * pm.classes;
    return bindings.selfInformation(kernels, fn, {
      p: pm.data, n, base, out: checkOut(fn, o.out, n, kernels), outLength: n,
    })[0];
  }

  return {
    /** Which module runs: 'simd' or 'scalar', and the Highway target inside it. */
    variant: kernels.variant,
    target: kernels.target,
    softmax: softmaxFamily('softmax', 'softmax', false),
    logSoftmax: softmaxFamily('logSoftmax', 'logSoftmax', false),
    logSumExp: softmaxFamily('logSumExp', 'logSumExp', true),
    crossEntropy: (logits, target, options) => crossEntropyImpl('crossEntropy', logits, target, options, false),
    crossEntropyWithGrad: (logits, target, options) => crossEntropyImpl('crossEntropyWithGrad', logits, target, options, true),
    nllLoss,
    binaryCrossEntropy: (p, y, options) => pairLoss('binaryCrossEntropy', 'binaryCrossEntropy', p, y, options, false),
    binaryCrossEntropyWithGrad: (p, y, options) => pairLoss('binaryCrossEntropyWithGrad', 'binaryCrossEntropy', p, y, options, true),
    binaryCrossEntropyWithLogits: (z, y, options) => pairLoss('binaryCrossEntropyWithLogits', 'binaryCrossEntropyWithLogits', z, y, options, false),
    binaryCrossEntropyWithLogitsWithGrad: (z, y, options) => pairLoss('binaryCrossEntropyWithLogitsWithGrad', 'binaryCrossEntropyWithLogits', z, y, options, true),
    mse: (a, y, options) => pairLoss('mse', 'mse', a, y, options, false),
    mseWithGrad: (a, y, options) => pairLoss('mseWithGrad', 'mse', a, y, options, true),
    sigmoid: (z, options) => sigmoidImpl('sigmoid', z, options, false),
    sigmoidWithGrad: (z, options) => sigmoidImpl('sigmoidWithGrad', z, options, true),
    selfInformation,
    entropy: info('entropy', 'entropy'),
    distributionCrossEntropy: info('distributionCrossEntropy', 'distributionCrossEntropy'),
    klDivergence: info('klDivergence', 'klDivergence'),
    jsDivergence: info('jsDivergence', 'jsDivergence'),
    /** Allocates `length` floats in the wasm heap (the zero-copy path). */
    alloc: (length) => kernels.alloc(length),
    /** Bytes in the wasm heap now (it only grows). */
    heapBytes: () => m.HEAPU8.length,
  };
}

// --------------------------------------------------------------------------- loading
async function loadWith(factories, readWasm, options = {}) {
  if (options === null || typeof options !== 'object') throw new TypeError(`load: options must be an object, got ${describe(options)}`);
  const variant = options.variant ?? 'auto';
  if (!['auto', 'simd', 'scalar'].includes(variant)) {
    throw new RangeError(`load: variant must be 'auto', 'simd' or 'scalar', got ${describe(variant)}`);
  }
  const useSimd = variant === 'simd' || (variant === 'auto' && simdSupported());
  if (variant === 'simd' && !simdSupported()) throw new Error('load: this engine does not support WebAssembly SIMD');
  if (!useSimd && !factories.scalar) {
    throw new Error('load: this build carries only the SIMD module, and this engine does not support WebAssembly SIMD');
  }
  const name = useSimd ? 'kernels-simd.wasm' : 'kernels-scalar.wasm';
  const moduleArgs = {};
  if (options.wasmBinary) moduleArgs.wasmBinary = options.wasmBinary;
  else if (options.locateFile) moduleArgs.locateFile = options.locateFile;
  else if (readWasm) moduleArgs.wasmBinary = await readWasm(name);
  const module = await (useSimd ? factories.simd : factories.scalar)(moduleArgs);
  return makeApi(new Kernels(module, useSimd ? 'simd' : 'scalar'));
}


/**
 * Builds the package's exports over two Emscripten module factories. `readWasm(name)`,
 * if given, supplies the .wasm bytes (Node); otherwise Emscripten fetches them.
 */
export function makeLoader(factories, readWasm) {
  /**
   * Loads a module and returns an independent API object bound to it. `variant`:
   * 'auto' (SIMD where supported), 'simd' or 'scalar'. `wasmBinary` (bytes) or
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

  const api = { init, load, simdSupported, HeapFloat32Array };
  for (const name of [
    'softmax',
    'logSoftmax',
    'logSumExp',
    'crossEntropy',
    'crossEntropyWithGrad',
    'nllLoss',
    'binaryCrossEntropy',
    'binaryCrossEntropyWithGrad',
    'binaryCrossEntropyWithLogits',
    'binaryCrossEntropyWithLogitsWithGrad',
    'mse',
    'mseWithGrad',
    'sigmoid',
    'sigmoidWithGrad',
    'selfInformation',
    'entropy',
    'distributionCrossEntropy',
    'klDivergence',
    'jsDivergence',
    'alloc',
    'heapBytes',
  ]) api[name] = bound(name);
  return api;
}
