// The one grammar for numbers typed, linked or loaded anywhere in the lab and the
// widgets: plain decimals (no hex, no Infinity, no empty string). Parsers throw an
// InputError: an English message, and a code with values for pages that say it in
// another language (the widgets do).

export const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

const ordinal = (n) => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
};

const ENGLISH = {
  count: ({ min, max, got }) => `needs ${min}–${max} numbers, got ${got}`,
  notFinite: ({ position }) => (position ? `the ${ordinal(position)} value is not a finite number` : 'not a finite number'),
  outside: ({ position, min, max }) => (position ? `the ${ordinal(position)} value is outside [${min}, ${max}]` : `outside [${min}, ${max}]`),
  notInteger: () => 'not an integer',
  classIndex: () => 'must be a class index',
  base: () => 'must be e, 2 or 10',
};

/** What is wrong with a typed value: `code` and `values` (position counts from 1). */
export class InputError extends Error {
  constructor(code, values = {}) {
    super(ENGLISH[code] ? ENGLISH[code](values) : code);
    this.code = code;
    this.values = values;
  }
}

export { ordinal };

function parseNumber(text) {
  if (!NUMBER.test(text)) return NaN;
  return Number(text);
}

/** A comma-separated list of count[0]..count[1] numbers, each in [min, max]. */
export function numberList(text, { min, max, count }) {
  const parts = text.split(',');
  if (parts.length < count[0] || parts.length > count[1]) {
    throw new InputError('count', { min: count[0], max: count[1], got: parts.length });
  }
  return parts.map((p, i) => {
    const v = parseNumber(p.trim());
    if (!Number.isFinite(v)) throw new InputError('notFinite', { position: i + 1 });
    if (v < min || v > max) throw new InputError('outside', { position: i + 1, min, max });
    return v;
  });
}

/** One number in [min, max]. */
export function oneNumber(text, min, max) {
  const v = parseNumber(text);
  if (!Number.isFinite(v)) throw new InputError('notFinite');
  if (v < min || v > max) throw new InputError('outside', { min, max });
  return v;
}

/** One integer in [min, max]. */
export function integer(text, min, max) {
  const v = oneNumber(text, min, max);
  if (!Number.isInteger(v)) throw new InputError('notInteger');
  return v;
}
