// The lab's state: one plain object with defaults, serialised to and restored from the
// URL hash (after tensorflow/playground's src/state.ts). deserialize() validates every
// field; a bad or hostile value is rejected with a reason and the default kept.
import { DEFAULTS } from 'softmax-xent';
import { integer, numberList, oneNumber } from '../ui/numbers.js';

export const SECTIONS = ['softmax', 'xent', 'bce', 'batch', 'examples'];
export const BASES = ['e', '2', '10'];
export const REDUCTIONS = ['mean', 'sum', 'none'];
export const MIN_CLASSES = 2;
export const MAX_CLASSES = 20;
export const MAX_ABS_LOGIT = 1000;
export const MAX_BATCH_ROWS = 200;
const MAX_LABEL_LENGTH = 24;

export function defaults() {
  return {
    section: 'softmax',
    lang: 'en',
    logits: [1, 2, 0.5],
    labels: ['cat', 'dog', 'bird'],
    temperature: 1,
    shift: 0,
    target: 0,
    soft: null, // a soft target distribution, or null for the class `target`
    smoothing: 0,
    base: 'e',
    y: 1, // BCE label
    q: 0.3, // BCE predicted probability (marker)
    batchKind: 'probs',
    batch: [[0.2, 0.5, 0.3], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]],
    batchLabels: [0, 1, 2],
    reduction: 'mean',
    ignoreIndex: DEFAULTS.ignoreIndex,
  };
}

// ---------------------------------------------------------------------- parsing
function oneOf(text, options) {
  if (!options.includes(text)) throw new Error(`must be one of ${options.join(', ')}`);
  return text;
}

// Each field: parse(text) -> value (throws with a reason), write(value) -> text.
const FIELDS = {
  section: { parse: (s) => oneOf(s, SECTIONS), write: String },
  lang: { parse: (s) => oneOf(s, ['en', 'zh']), write: String },
  logits: {
    parse: (s) => numberList(s, { min: -MAX_ABS_LOGIT, max: MAX_ABS_LOGIT, count: [MIN_CLASSES, MAX_CLASSES] }),
    write: (v) => v.join(','),
  },
  labels: {
    parse: (s) => {
      const labels = s.split(',').map((l) => l.trim());
      if (labels.length > MAX_CLASSES) throw new Error(`at most ${MAX_CLASSES} labels`);
      if (labels.some((l) => l.length > MAX_LABEL_LENGTH)) throw new Error(`a label is longer than ${MAX_LABEL_LENGTH} characters`);
      return labels;
    },
    write: (v) => v.join(','),
  },
  t: { key: 'temperature', parse: (s) => oneNumber(s, 0.01, 100), write: String },
  shift: { parse: (s) => oneNumber(s, -MAX_ABS_LOGIT, MAX_ABS_LOGIT), write: String },
  target: { parse: (s) => integer(s, 0, MAX_CLASSES - 1), write: String },
  soft: {
    parse: (s) => numberList(s, { min: 0, max: 1, count: [MIN_CLASSES, MAX_CLASSES] }),
    write: (v) => v.join(','),
  },
  smooth: { key: 'smoothing', parse: (s) => oneNumber(s, 0, 1), write: String },
  base: { parse: (s) => oneOf(s, BASES), write: String },
  y: { parse: (s) => oneNumber(s, 0, 1), write: String },
  q: { parse: (s) => oneNumber(s, 0.001, 0.999), write: String },
  kind: { key: 'batchKind', parse: (s) => oneOf(s, ['probs', 'logits']), write: String },
  batch: {
    parse: (s) => {
      const rows = s.split(';');
      if (rows.length < 1 || rows.length > MAX_BATCH_ROWS) throw new Error(`needs 1–${MAX_BATCH_ROWS} rows`);
      const parsed = rows.map((r) => numberList(r, { min: -MAX_ABS_LOGIT, max: MAX_ABS_LOGIT, count: [MIN_CLASSES, MAX_CLASSES] }));
      if (parsed.some((r) => r.length !== parsed[0].length)) throw new Error('rows have different lengths');
      return parsed;
    },
    write: (v) => v.map((r) => r.join(',')).join(';'),
  },
  labelsb: {
    key: 'batchLabels',
    parse: (s) => s.split(',').map((p) => integer(p.trim(), -100000, 100000)),
    write: (v) => v.join(','),
  },
  reduction: { parse: (s) => oneOf(s, REDUCTIONS), write: String },
  ignore: { key: 'ignoreIndex', parse: (s) => integer(s, -100000, 100000), write: String },
};

const keyOf = (name) => FIELDS[name].key ?? name;

/** The non-default fields of `state` as a URL hash (without '#'). */
export function serialize(state) {
  const d = defaults();
  const parts = [];
  for (const [name, field] of Object.entries(FIELDS)) {
    const value = state[keyOf(name)];
    if (value === null || value === undefined) continue;
    const text = field.write(value);
    if (d[keyOf(name)] !== null && text === field.write(d[keyOf(name)])) continue;
    parts.push(`${name}=${encodeURIComponent(text)}`);
  }
  return parts.join('&');
}

/**
 * Restores a state from a URL hash. Returns { state, errors }: each rejected
 * parameter leaves its default in place and adds { name, reason } to errors.
 */
export function deserialize(hash) {
  const state = defaults();
  const errors = [];
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text.length > 20000) return { state, errors: [{ name: '#', reason: 'the link is too long' }] };
  if (!text) return { state, errors };
  const seen = new Set();
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    let name = eq < 0 ? part : part.slice(0, eq);
    let value = eq < 0 ? '' : part.slice(eq + 1);
    try {
      name = decodeURIComponent(name);
      value = decodeURIComponent(value);
    } catch {
      errors.push({ name: name.slice(0, 40), reason: 'malformed escape' });
      continue;
    }
    if (!Object.prototype.hasOwnProperty.call(FIELDS, name)) {
      errors.push({ name: name.slice(0, 40), reason: 'unknown parameter' });
      continue;
    }
    if (seen.has(name)) {
      errors.push({ name, reason: 'given twice' });
      continue;
    }
    seen.add(name);
    try {
      state[keyOf(name)] = FIELDS[name].parse(value);
    } catch (e) {
      errors.push({ name, reason: e.message });
    }
  }
  // Cross-field checks: labels, target and soft target follow the logits.
  const C = state.logits.length;
  if (state.labels.length !== C) state.labels = resizeLabels(state.labels, C);
  if (state.target >= C) {
    errors.push({ name: 'target', reason: `class ${state.target} does not exist among ${C} classes` });
    state.target = 0;
  }
  if (state.soft && state.soft.length !== C) {
    errors.push({ name: 'soft', reason: `has ${state.soft.length} values for ${C} classes` });
    state.soft = null;
  }
  if (state.batchLabels.length !== state.batch.length) {
    errors.push({ name: 'labelsb', reason: `has ${state.batchLabels.length} labels for ${state.batch.length} rows` });
    const d = defaults();
    state.batch = d.batch;
    state.batchLabels = d.batchLabels;
  }
  return { state, errors };
}

export function resizeLabels(labels, count) {
  const out = labels.slice(0, count);
  while (out.length < count) out.push('');
  return out;
}
