// Shapes and axes for the N-D API: reading an operand of any rank (nested arrays, or a
// flat array with `shape`), checking `axis`, and the geometry that lets the row kernels
// reduce along any axis ([outer, len, inner]: the axis is `len` long, `inner` elements
// apart). Pure JavaScript; the moving of data is the module's Permute.
import { describe, fail } from './errors.js';
import { HeapFloat32Array } from './heap.js';

export const MAX_DIMS = 32;

export const product = (dims) => dims.reduce((a, b) => a * b, 1);
export const shapeText = (dims) => `[${dims.join(', ')}]`;

// The shape of nested arrays, from their first elements; validated by flatten().
function nestedShape(value) {
  const dims = [];
  let v = value;
  while (Array.isArray(v)) {
    dims.push(v.length);
    if (dims.length > MAX_DIMS) return dims;
    v = v[0];
  }
  return dims;
}

// Copies nested arrays of shape `dims` into `out`, checking every level is an array
// of the right length and every leaf a number. `name` is the argument's name.
function flatten(fn, name, value, dims, out) {
  let at = 0;
  const walk = (v, depth, path) => {
    const n = dims[depth];
    if (depth === dims.length - 1) {
      for (let i = 0; i < n; ++i) {
        const x = v[i];
        if (typeof x !== 'number') throw fail(TypeError, fn, `${name}${path}[${i}] is ${describe(x)}, expected a number`);
        out[at++] = x;
      }
      return;
    }
    for (let i = 0; i < n; ++i) {
      const row = v[i];
      if (!Array.isArray(row)) {
        throw fail(TypeError, fn, `${name}${path}[${i}] is ${describe(row)}, expected an array of numbers`);
      }
      if (row.length !== dims[depth + 1]) {
        throw fail(RangeError, fn, dims.length === 2
          ? `${name} is ragged: row ${i} has ${row.length} values, row 0 has ${dims[1]}`
          : `${name} is ragged: ${name}${path}[${i}] has ${row.length} entries, ${name}${'[0]'.repeat(depth + 1)} has ${dims[depth + 1]}`);
      }
      walk(row, depth + 1, `${path}[${i}]`);
    }
  };
  walk(value, 0, '');
}

/** Checks a `shape` option: an array of 1 to 32 non-negative integers. */
export function checkShape(fn, shape, name = 'shape') {
  if (shape === undefined) return undefined;
  if (!Array.isArray(shape)) throw fail(TypeError, fn, `${name} must be an array of dimension sizes, got ${describe(shape)}`);
  if (shape.length === 0 || shape.length > MAX_DIMS) {
    throw fail(RangeError, fn, `${name} must have 1 to ${MAX_DIMS} dimensions, got ${shape.length}`);
  }
  for (let k = 0; k < shape.length; ++k) {
    const s = shape[k];
    if (typeof s !== 'number') throw fail(TypeError, fn, `${name}[${k}] is ${describe(s)}, expected a dimension size`);
    if (!Number.isInteger(s) || s < 0 || s > 0x7fffffff) {
      throw fail(RangeError, fn, `${name}[${k}] = ${s} is not a non-negative integer`);
    }
  }
  return shape.slice();
}

/**
 * The data of a flat float operand (a Float32Array, Float64Array, heap buffer or flat
 * number[]), checked and as float32; null for nested arrays; a TypeError for anything
 * else.
 */
export function flatData(fn, name, value, kernels) {
  if (value instanceof HeapFloat32Array) {
    if (!value.ownedBy(kernels)) throw fail(TypeError, fn, `${name} was allocated by another softmax-xent instance`);
    if (value.freed) throw fail(TypeError, fn, `${name} was freed`);
    return value;
  }
  if (value instanceof Float32Array || value instanceof Float64Array) {
    if (value.length === 0 && isDetached(value.buffer)) throw fail(TypeError, fn, `${name} is backed by a detached ArrayBuffer`);
    return value instanceof Float32Array ? value : Float32Array.from(value);
  }
  if (Array.isArray(value)) {
    if (value.length > 0 && Array.isArray(value[0])) return null;
    const data = new Float32Array(value.length);
    for (let i = 0; i < value.length; ++i) {
      const v = value[i];
      if (typeof v !== 'number') throw fail(TypeError, fn, `${name}[${i}] is ${describe(v)}, expected a number`);
      data[i] = v;
    }
    return data;
  }
  throw fail(TypeError, fn, `${name} must be a Float32Array, Float64Array, number[] or nested number arrays, got ${describe(value)}`);
}

/**
 * The row length of a flat operand of n values: `classes` (which must divide n), or n
 * for one row. `like` names the operand `classes` came from, for the messages.
 */
export function rowLength(fn, name, n, classes, like = null) {
  if (classes === undefined) {
    if (n === 0) throw fail(RangeError, fn, `${name} is empty (pass classes to mean an empty batch)`);
    return n;
  }
  if (n % classes !== 0) {
    throw fail(RangeError, fn, like
      ? `${name} has ${n} values, not a whole number of rows of ${classes} (the row length of ${like})`
      : `${name} has ${n} values, which classes = ${classes} does not divide`);
  }
  return classes;
}

/**
 * A float operand of any rank: { data: Float32Array | HeapFloat32Array, shape }.
 * Nested arrays give their own shape; a flat array takes `shape` (whose product must be
 * its length), else `classes` ([length / classes, classes]), else is one row. `like`
 * names the operand whose row length `classes` came from, for the messages.
 */
export function floatTensor(fn, name, value, kernels, { classes, shape, like = null } = {}) {
  const data = flatData(fn, name, value, kernels);
  if (data === null) {
    const dims = nestedShape(value);
    if (dims.length > MAX_DIMS) throw fail(RangeError, fn, `${name} is nested more than ${MAX_DIMS} deep`);
    const nested = new Float32Array(product(dims));
    flatten(fn, name, value, dims, nested);
    if (shape !== undefined && shapeText(shape) !== shapeText(dims)) {
      throw fail(RangeError, fn, `shape is ${shapeText(shape)} but ${name} has shape ${shapeText(dims)}`);
    }
    if (classes !== undefined && classes !== dims[dims.length - 1]) {
      throw fail(RangeError, fn, like
        ? `the rows of ${name} have ${dims[dims.length - 1]} values, those of ${like} ${classes}`
        : `classes is ${classes} but the rows of ${name} have ${dims[dims.length - 1]} values`);
    }
    return { data: nested, shape: dims };
  }
  const n = data.length;
  if (shape !== undefined) {
    if (product(shape) !== n) {
      throw fail(RangeError, fn, `shape ${shapeText(shape)} holds ${product(shape)} values but ${name} has ${n}`);
    }
    if (classes !== undefined && classes !== shape[shape.length - 1]) {
      throw fail(RangeError, fn, `classes is ${classes} but shape ${shapeText(shape)} ends in ${shape[shape.length - 1]}`);
    }
    return { data, shape: shape.slice() };
  }
  const cols = rowLength(fn, name, n, classes, like);
  return { data, shape: classes === undefined ? [n] : [n / cols, cols] };
}

// A typed array whose buffer was transferred reads as empty; say so instead.
// (ArrayBuffer.prototype.detached is missing before V8 11.4, e.g. in Node 20.)
export function isDetached(buffer) {
  if (typeof buffer.detached === 'boolean') return buffer.detached;
  if (buffer.byteLength !== 0) return false;
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}

/** An axis of an ndim-D operand (negative counts from the end), as 0..ndim-1. */
export function checkAxis(fn, axis, ndim, name = 'axis') {
  if (typeof axis !== 'number') throw fail(TypeError, fn, `${name} must be an integer, got ${describe(axis)}`);
  if (!Number.isInteger(axis)) throw fail(RangeError, fn, `${name} must be an integer, got ${axis}`);
  if (axis < -ndim || axis >= ndim) {
    const what = name.includes('[') ? `${name} = ${axis}` : `${name} ${axis}`;
    throw fail(RangeError, fn, `${what} is out of range for a ${ndim}-D input (valid: ${-ndim} to ${ndim - 1})`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** [outer, len, inner] of `shape` around axis `k`. */
export function split(shape, k) {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < k; ++i) outer *= shape[i];
  for (let i = k + 1; i < shape.length; ++i) inner *= shape[i];
  return { outer, len: shape[k], inner };
}
