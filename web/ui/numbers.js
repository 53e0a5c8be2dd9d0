// The one grammar for numbers typed, linked or loaded anywhere in the lab and the
// widgets: plain decimals (no hex, no Infinity, no empty string). Parsers throw an
// Error whose message says what is wrong with the text.

export const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function parseNumber(text) {
  if (!NUMBER.test(text)) return NaN;
  return Number(text);
}

/** A comma-separated list of count[0]..count[1] numbers, each in [min, max]. */
export function numberList(text, { min, max, count }) {
  const parts = text.split(',');
  if (parts.length < count[0] || parts.length > count[1]) {
    throw new Error(`needs ${count[0]}–${count[1]} numbers, got ${parts.length}`);
  }
  return parts.map((p, i) => {
    const v = parseNumber(p.trim());
    if (!Number.isFinite(v)) throw new Error(`value ${i + 1} is not a finite number`);
    if (v < min || v > max) throw new Error(`value ${i + 1} is outside [${min}, ${max}]`);
    return v;
  });
}

/** One number in [min, max]. */
export function oneNumber(text, min, max) {
  const v = parseNumber(text);
  if (!Number.isFinite(v)) throw new Error('not a finite number');
  if (v < min || v > max) throw new Error(`outside [${min}, ${max}]`);
  return v;
}

/** One integer in [min, max]. */
export function integer(text, min, max) {
  const v = oneNumber(text, min, max);
  if (!Number.isInteger(v)) throw new Error('not an integer');
  return v;
}
