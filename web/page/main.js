// The lab's wiring, after tensorflow/playground's playground.ts: each control handler
// sets a field of `state`, serialises it to the URL hash and calls update(), which is
// render(compute(state)). Text reaches the DOM through textContent only; formulas are
// constant TeX rendered by KaTeX.
import katex from 'katex';
import * as xent from 'softmax-xent';
import { defaults, serialize, deserialize, resizeLabels, MIN_CLASSES, MAX_CLASSES, MAX_ABS_LOGIT, MAX_BATCH_ROWS } from './state.js';
import { compute } from './compute.js';
import { targetDistribution } from '../ui/compute.js';
import { STRINGS, format, translator } from './i18n.js';
import { EXAMPLES, SOURCES } from './examples.js';
import { parseBatchCsv, batchToCsv, tableToCsv } from './csv.js';
import { bigCsvLosses, dataLines } from './bigcsv.js';
import { BarChart } from '../ui/charts/bar.js';
import { LineChart } from '../ui/charts/line.js';
import { HeatmapChart } from '../ui/charts/heatmap.js';
import { COLORS, chartPng } from '../ui/charts/setup.js';

let api = null; // the package, once init() has resolved
let moduleInfo = null; // what init() reported: { variant, target }
let state = defaults();
// What the slower charts last drew, so unchanged ones are skipped.
const rendered = {};
let t = translator('en');
const charts = {};
const $ = (id) => document.getElementById(id);
const fmt = (v, digits = 4) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : String(v));
const fmtG = (v) => (Number.isFinite(v) ? Number(v.toPrecision(6)).toString() : String(v));

// Timing of the last input -> redraw, read by the page benchmark; the charts, read by
// the browser tests (what a canvas shows is not in the DOM).
const timing = { samples: [] };
globalThis.__labTiming = timing;
globalThis.__labCharts = charts;

function labels() {
  return state.labels.map((l, i) => l || `#${i}`);
}

// ------------------------------------------------------------------------ messages
function showMessage(lines) {
  const box = $('message');
  box.textContent = lines.join('\n');
  box.hidden = lines.length === 0;
}

function hashErrors(errors) {
  if (!errors.length) return [];
  return [t('hashRejected'), ...errors.map((e) => `• ${e.name}: ${e.reason}`)];
}

// -------------------------------------------------------------------------- charts
function makeCharts() {
  charts.logits = new BarChart($('chart-logits'), {
    series: [{ label: 'z / T', color: COLORS.logits }],
    step: 0.1,
    describe: (i) => `${labels()[i]}: ${fmt(state.logits[i], 2)}`,
    onEditEnd: () => writeHash(),
    onEdit: (i, value, event) => {
      const v = Math.max(-MAX_ABS_LOGIT, Math.min(MAX_ABS_LOGIT, Math.round(value * state.temperature * 100) / 100));
      if (!Number.isFinite(v)) return;
      state.logits[i] = v;
      commit(event);
    },
  });
  charts.exp = new BarChart($('chart-exp'), { series: [{ label: 'exp', color: COLORS.exp }], yMin: 0, yMax: 1 });
  charts.prob = new BarChart($('chart-prob'), { series: [{ label: 'p', color: COLORS.prob }], yMin: 0, yMax: 1 });
  charts.target = new BarChart($('chart-target'), {
    series: [{ label: 't', color: COLORS.target }, { label: 'q', color: COLORS.prob }], yMin: 0, yMax: 1,
  });
  charts.decomp = new BarChart($('chart-decomp'), {
    series: [{ label: 'H', color: COLORS.entropy }, { label: 'KL', color: COLORS.kl }], stacked: true, horizontal: true,
  });
  charts.grad = new BarChart($('chart-grad'), { series: [{ label: 'grad', color: COLORS.grad }] });
  charts.lossQ = new LineChart($('chart-loss-q'), {
    series: [{ label: 'BCE', color: COLORS.bce }, { label: 'MSE', color: COLORS.mse, dash: [6, 4] }],
    xLabel: 'q', yLabel: 'loss', yMin: 0, yMax: 5, marker: true,
  });
  charts.gradQ = new LineChart($('chart-grad-q'), {
    series: [{ label: 'BCE', color: COLORS.bce }, { label: 'MSE', color: COLORS.mse, dash: [6, 4] }],
    xLabel: 'q', yLabel: 'grad', yMin: -10, yMax: 10,
  });
  charts.gradZ = new LineChart($('chart-grad-z'), {
    series: [{ label: 'BCE', color: COLORS.bce }, { label: 'MSE', color: COLORS.mse, dash: [6, 4] }],
    xLabel: 'z', yLabel: 'grad', yMin: -1, yMax: 1,
  });
  charts.surfaceBce = new HeatmapChart($('chart-surface-bce'), { xLabel: 'q', yLabel: 'p', cap: 3 });
  charts.surfaceMse = new HeatmapChart($('chart-surface-mse'), { xLabel: 'q', yLabel: 'p', cap: 1 });
  charts.batch = new BarChart($('chart-batch'), { series: [{ label: 'loss', color: COLORS.grad }], yMin: 0 });
}

// ------------------------------------------------------------------------- render
function renderSoftmax(v) {
  const names = labels();
  const lim = Math.max(5, Math.ceil(Math.max(...v.scaled.map(Math.abs)) + 1));
  charts.logits.update({ labels: names, values: [v.scaled], yMin: -lim, yMax: lim });
  charts.exp.update({ labels: names, values: [v.exps] });
  charts.prob.update({ labels: names, values: [v.p] });
  $('sum-exp').textContent = `${t('sumExp', { value: fmt(v.sumExp) })} · ${t('lseLine', { value: fmt(v.lse) })}`;
  $('sum-prob').textContent = t('sumProb', { value: fmt(v.p.reduce((a, b) => a + b, 0), 6) });
  $('shift-value').textContent = String(v.shift);
  $('shift-text').textContent = t('shiftText', { value: v.shiftError.toExponential(1) });
  const body = $('overflow-table').tBodies[0];
  body.replaceChildren(...v.p.map((_, i) => {
    const tr = document.createElement('tr');
    const cells = [names[i], fmtG((state.logits[i] + v.shift) / state.temperature),
      fmtG(v.naive.exp[i]), fmtG(v.naive.p[i]), fmt(v.pShifted[i], 6)];
    cells.forEach((text, k) => {
      const td = document.createElement('td');
      td.textContent = text;
      if ((k === 2 || k === 3) && !Number.isFinite(k === 2 ? v.naive.exp[i] : v.naive.p[i])) td.className = 'bad';
      tr.append(td);
    });
    return tr;
  }));
}

function unitName(base) {
  return t(base === 'e' ? 'unitE' : base === '2' ? 'unit2' : 'unit10');
}

function renderXent(v) {
  const names = labels();
  const unit = unitName(v.base);
  const log = v.base === 'e' ? 'ln' : v.base === '2' ? 'log₂' : 'log₁₀';
  $('loss-line').textContent = t('lossLine', { value: fmt(v.loss), unit });
  $('form-neglog').hidden = !v.hard;
  $('form-lse').hidden = !v.hard;
  $('form-neglog').textContent = t('formNegLog', { log, q: fmt(v.q[v.y]), value: fmt(v.negLogQy), unit });
  $('form-lse').textContent = v.base === 'e'
    ? t('formLse', { lse: fmt(v.lse), zy: fmt(v.zy), value: fmt(v.lseMinusZy) })
    : t('formLseBase', { lse: fmt(v.lse), zy: fmt(v.zy), nats: fmt(v.lseMinusZyNats), base: v.base, value: fmt(v.lseMinusZy), unit });
  $('forms-note').textContent = v.hard ? t('formsEqual') : t('formsSoft');
  // A soft target that is not a distribution still gives a number; say what it is.
  const mass = state.soft ? state.soft.reduce((a, b) => a + b, 0) : 1;
  $('soft-note').hidden = Math.abs(mass - 1) <= 1e-6;
  $('soft-note').textContent = t('softSum', { sum: fmtG(mass) });
  charts.target.update({ labels: names, values: [v.t, v.q], seriesLabels: [t('seriesTarget'), t('seriesPred')] });
  charts.decomp.update({ labels: ['H(t, q)'], values: [[v.H], [v.KL]], seriesLabels: [t('seriesEntropy'), t('seriesKl')] });
  $('decomp-line').textContent = t('decompLine', { h: fmt(v.H), kl: fmt(v.KL), hpq: fmt(v.Hpq), unit });
  charts.grad.update({ labels: names, values: [v.grad], seriesLabels: [t('seriesGrad')] });
}

function renderBce(v) {
  $('bce-y-value').textContent = fmt(v.y, 2);
  $('bce-q-value').textContent = fmt(v.at.q, 2);
  $('bce-min').textContent = t('bceMin', { value: fmt(v.hy) });
  $('bce-at').textContent = t('atLine', { q: fmt(v.at.q, 2), bce: fmt(v.at.bce), mse: fmt(v.at.mse) });
  // Curves depend on y and the language only; the surfaces on the language only.
  const key = `${v.y}|${state.lang}`;
  if (key !== rendered.bceCurves) {
    rendered.bceCurves = key;
    const series = [t('seriesBce'), t('seriesMse')];
    charts.lossQ.update({ x: v.q, series: [v.bce, v.mse], labels: series, xLabel: t('axisQ'), yLabel: t('axisLoss') });
    charts.gradQ.update({ x: v.q, series: [v.bceGrad, v.mseGrad], labels: series, xLabel: t('axisQ'), yLabel: t('axisGrad') });
    charts.gradZ.update({ x: v.z, series: [v.bceLogitGrad, v.mseLogitGrad], labels: series, xLabel: t('axisZ'), yLabel: t('axisGrad') });
  }
  // The marked prediction q on both loss curves.
  charts.lossQ.setMarkers([{ x: v.at.q, y: v.at.bce }, { x: v.at.q, y: v.at.mse }], t('markerQ', { q: fmt(v.at.q, 2) }));
  const s = v.surface;
  if (rendered.surface !== s || rendered.surfaceLang !== state.lang) {
    rendered.surface = s;
    rendered.surfaceLang = state.lang;
    charts.surfaceBce.update({ size: s.size, p: s.p, q: s.q, v: s.bce, label: 'BCE', xLabel: t('axisQ'), yLabel: t('axisP') });
    charts.surfaceMse.update({ size: s.size, p: s.p, q: s.q, v: s.mse, label: 'MSE', xLabel: t('axisQ'), yLabel: t('axisP') });
  }
}

function renderBatch(v) {
  const error = $('batch-error');
  error.hidden = !v.error;
  error.textContent = !v.error ? '' : v.error.key ? t(v.error.key, v.error.values) : v.error.message;
  const table = $('batch-table');
  const head = table.tHead.rows[0];
  const unit = unitName(state.base);
  const showBase = state.base !== 'e';
  const headers = [t('colSample'), ...Array.from({ length: v.classes }, (_, c) => `#${c}`), t('colLabel'),
    t('colLossNats'), ...(showBase ? [t('colLossBase', { unit })] : [])];
  head.replaceChildren(...headers.map((h) => Object.assign(document.createElement('th'), { textContent: h })));
  if (v.error) {
    table.tBodies[0].replaceChildren();
    $('batch-mean').textContent = '';
    $('batch-sum').textContent = '';
    charts.batch.update({ labels: [], values: [[]] });
    return;
  }
  table.tBodies[0].replaceChildren(...state.batch.map((row, i) => {
    const tr = document.createElement('tr');
    if (v.ignored[i]) tr.className = 'ignored';
    const cells = [String(i + 1), ...row.map((x) => fmtG(x)), String(state.batchLabels[i]),
      v.ignored[i] ? t('ignoredMark') : fmt(v.perSample[i]),
      ...(showBase ? [v.ignored[i] ? '' : fmt(v.perSampleBase[i])] : [])];
    tr.append(...cells.map((c) => Object.assign(document.createElement('td'), { textContent: c })));
    return tr;
  }));
  const inUnit = (x) => (showBase ? ` = ${fmt(x)} ${unit}` : '');
  $('batch-mean').textContent = t('batchMean', { value: fmt(v.mean) }) + inUnit(v.meanBase);
  $('batch-sum').textContent = t('batchSum', { value: fmt(v.sum) }) + inUnit(v.sumBase);
  // The chosen reduction's value leads; 'none' points to the per-sample column.
  $('batch-mean').hidden = state.reduction !== 'mean';
  $('batch-sum').hidden = state.reduction !== 'sum';
  $('batch-none').hidden = state.reduction !== 'none';
  $('batch-none').textContent = t('batchNone');
  charts.batch.update({ labels: v.perSample.map((_, i) => String(i + 1)), values: [v.perSample], seriesLabels: [t('colLossNats')] });
}

function renderExamples() {
  const box = $('examples');
  box.replaceChildren(...EXAMPLES.map((ex) => {
    const card = document.createElement('figure');
    card.className = 'example';
    card.id = `example-${ex.id}`;
    const h = document.createElement('h2');
    h.textContent = ex.title[state.lang];
    const src = document.createElement('p');
    src.className = 'source';
    src.textContent = t('source', { source: SOURCES[ex.seed][state.lang] });
    const dl = document.createElement('dl');
    const printed = document.createElement('dd');
    printed.textContent = ex.printed;
    if (ex.wrong) printed.className = 'wrong';
    const recomputed = document.createElement('dd');
    recomputed.className = 'recomputed';
    const result = api ? ex.recompute(api) : '…';
    const { text, values } = typeof result === 'string' ? { text: result, values: {} } : result;
    recomputed.textContent = text;
    dl.append(Object.assign(document.createElement('dt'), { textContent: t('printed') }), printed,
      Object.assign(document.createElement('dt'), { textContent: t('recomputed') }), recomputed);
    const p = document.createElement('p');
    p.textContent = format(ex.explain[state.lang], values);
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = t('openInLab');
    button.addEventListener('click', (event) => {
      ex.apply(state);
      state.labels = resizeLabels(state.labels, state.logits.length);
      syncControls(true);
      commit(event);
      // The reader lands on what opened: focus and scroll to the section.
      const section = $(`section-${state.section}`);
      section.tabIndex = -1;
      section.focus({ preventScroll: true });
      section.scrollIntoView({ block: 'start', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    });
    card.append(h, src, dl, p, button);
    return card;
  }));
}

// A box that scrolls sideways (a long formula or table on a phone) can be scrolled from
// the keyboard: focusable while it overflows, and only then. Measuring forces a layout,
// so it runs when what decides the boxes' widths changes (section, language, table
// shapes, window size), not on every redraw of a drag.
function markScrollers() {
  for (const el of document.querySelectorAll('.formula, .table-wrap')) {
    if (el.scrollWidth > el.clientWidth + 1) el.tabIndex = 0;
    else el.removeAttribute('tabindex');
  }
}

function renderTabs() {
  for (const button of document.querySelectorAll('[role="tab"]')) {
    const selected = button.dataset.section === state.section;
    button.setAttribute('aria-selected', String(selected));
    button.tabIndex = selected ? 0 : -1;
    $(`section-${button.dataset.section}`).hidden = !selected;
  }
}

function render(view) {
  renderTabs();
  if (view.softmax) renderSoftmax(view.softmax);
  if (view.xent) renderXent(view.xent);
  if (view.bce) renderBce(view.bce);
  if (view.batch) renderBatch(view.batch);
  if (view.section === 'examples') renderExamples();
  const shapes = `${state.section}|${state.lang}|${state.logits.length}|${state.batch.length}x${state.batch[0].length}`;
  if (shapes !== rendered.scrollers) {
    rendered.scrollers = shapes;
    markScrollers();
  }
}

// ------------------------------------------------------------------ update cycle
function update(event, start = performance.now()) {
  if (!api) return;
  render(compute(state, api));
  if (event && typeof event.timeStamp === 'number') {
    // latency: from the event's creation (queueing included); work: from its handler.
    const now = performance.now();
    timing.samples.push({ latency: now - event.timeStamp, work: now - start });
    if (timing.samples.length > 1000) timing.samples.shift();
  }
}

// The URL hash follows the state; while a bar is dragged it is written when the drag
// ends (pointer moves arrive faster than the history API should be called).
let hashTimer = 0;
function writeHash() {
  clearTimeout(hashTimer);
  hashTimer = 0;
  const hash = serialize(state);
  history.replaceState(null, '', hash ? `#${hash}` : location.pathname + location.search);
}

function commit(event) {
  const start = performance.now();
  if (event && event.type === 'pointermove') {
    if (!hashTimer) hashTimer = setTimeout(writeHash, 250);
  } else {
    writeHash();
  }
  syncControls(false);
  update(event, start);
}

// ---------------------------------------------------------------------- controls
function numberInput(id, label, value, { min, max, step }) {
  const wrap = document.createElement('label');
  wrap.textContent = label;
  const input = document.createElement('input');
  Object.assign(input, { type: 'number', id, min, max, step, value: String(value) });
  wrap.append(input);
  return { wrap, input };
}

let logitKey = '';
function buildLogitInputs() {
  const names = labels();
  const key = `${state.lang}|${names.join('\u0000')}`;
  if (key === logitKey) return;
  logitKey = key;
  const box = $('logit-inputs');
  box.replaceChildren(...names.map((name, i) => {
    const { wrap, input } = numberInput(`logit-${i}`, t('logitsFor', { label: name }), state.logits[i],
      { min: -MAX_ABS_LOGIT, max: MAX_ABS_LOGIT, step: 0.1 });
    input.addEventListener('input', (event) => {
      const v = Number(input.value);
      if (input.value === '' || !Number.isFinite(v) || Math.abs(v) > MAX_ABS_LOGIT) return;
      state.logits[i] = v;
      commit(event);
    });
    return wrap;
  }));
  const soft = $('soft-inputs');
  soft.replaceChildren(...names.map((name, i) => {
    const { wrap, input } = numberInput(`soft-${i}`, t('softTarget', { label: name }), 0, { min: 0, max: 1, step: 0.05 });
    input.addEventListener('input', (event) => {
      const v = Number(input.value);
      if (input.value === '' || !(v >= 0 && v <= 1) || !state.soft) return;
      state.soft[i] = v;
      commit(event);
    });
    return wrap;
  }));
  const select = $('target');
  select.replaceChildren(...names.map((name, i) => Object.assign(document.createElement('option'), { value: String(i), textContent: `${i}: ${name}` })));
}

function setValue(id, value) {
  const el = $(id);
  if (el && document.activeElement !== el) el.value = String(value);
}

// Writes state into every control; `force` also rewrites the focused one.
function syncControls(force) {
  if (force) logitKey = '';
  buildLogitInputs();
  const set = force ? (id, v) => { $(id).value = String(v); } : setValue;
  set('classes', state.logits.length);
  set('labels', state.labels.join(', '));
  set('temperature', Math.log10(state.temperature).toFixed(2));
  // The slider moves on a log scale; it announces T itself.
  $('temperature').setAttribute('aria-valuetext', t('temperatureValue', { value: fmtG(state.temperature) }));
  $('temperature-value').textContent = fmtG(state.temperature);
  set('shift', state.shift);
  state.logits.forEach((v, i) => set(`logit-${i}`, v));
  for (const r of document.querySelectorAll('input[name="target-mode"]')) r.checked = r.value === (state.soft ? 'soft' : 'hard');
  $('soft-inputs').hidden = !state.soft;
  $('target').disabled = !!state.soft;
  if (state.soft) state.soft.forEach((v, i) => set(`soft-${i}`, v));
  set('target', state.target);
  set('smoothing', state.smoothing);
  $('smoothing-value').textContent = fmt(state.smoothing, 2);
  set('base', state.base);
  set('batch-base', state.base);
  set('bce-y', state.y);
  set('bce-q', state.q);
  for (const r of document.querySelectorAll('input[name="batch-kind"]')) r.checked = r.value === state.batchKind;
  set('reduction', state.reduction);
  set('ignore-index', state.ignoreIndex);
  // The CSV box is rewritten only when the batch itself changed, so a half-edited CSV
  // survives changes to the other controls.
  const csv = batchToCsv(state.batch, state.batchLabels);
  if (force || csv !== lastCsv) $('csv').value = csv;
  lastCsv = csv;
}
let lastCsv = '';

function bindControls() {
  for (const button of document.querySelectorAll('[role="tab"]')) {
    button.addEventListener('click', (event) => {
      state.section = button.dataset.section;
      commit(event);
    });
    button.addEventListener('keydown', (event) => {
      const tabs = Array.from(document.querySelectorAll('[role="tab"]'));
      const i = tabs.indexOf(button);
      const next = event.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length]
        : event.key === 'ArrowLeft' ? tabs[(i + tabs.length - 1) % tabs.length] : null;
      if (next) {
        event.preventDefault();
        next.focus();
        next.click();
      }
    });
  }
  $('lang-toggle').addEventListener('click', (event) => {
    state.lang = state.lang === 'en' ? 'zh' : 'en';
    applyLanguage();
    commit(event);
  });
  $('copy-link').addEventListener('click', async () => {
    writeHash();
    try {
      await navigator.clipboard.writeText(location.href);
      $('status').textContent = t('linkCopied');
    } catch {
      $('status').textContent = t('linkCopyFailed');
    }
  });
  $('classes').addEventListener('change', (event) => {
    const n = Number($('classes').value);
    if (!Number.isInteger(n) || n < MIN_CLASSES || n > MAX_CLASSES) {
      // Said, not silently undone.
      $('classes-note').textContent = t('classesRange', { min: MIN_CLASSES, max: MAX_CLASSES, value: $('classes').value, kept: state.logits.length });
      $('classes-note').hidden = false;
      $('classes').value = String(state.logits.length);
      return;
    }
    $('classes-note').hidden = true;
    const old = state.logits;
    state.logits = Array.from({ length: n }, (_, i) => old[i] ?? 0);
    state.labels = resizeLabels(state.labels, n);
    if (state.target >= n) state.target = 0;
    if (state.soft) state.soft = Array.from({ length: n }, (_, i) => state.soft[i] ?? 0);
    commit(event);
  });
  $('labels').addEventListener('input', (event) => {
    const parts = $('labels').value.split(',').map((s) => s.trim().slice(0, 24));
    state.labels = resizeLabels(parts, state.logits.length);
    commit(event);
  });
  // Controls that set one state field from their value.
  const bindings = [
    ['temperature', 'input', (v) => { state.temperature = Number((10 ** Number(v)).toPrecision(3)); }],
    ['shift', 'input', (v) => { state.shift = Number(v); }],
    ['target', 'change', (v) => { state.target = Number(v); }],
    ['smoothing', 'input', (v) => { state.smoothing = Number(v); }],
    ['base', 'change', (v) => { state.base = v; }],
    ['batch-base', 'change', (v) => { state.base = v; }],
    ['bce-y', 'input', (v) => { state.y = Number(v); }],
    ['bce-q', 'input', (v) => { state.q = Number(v); }],
    ['reduction', 'change', (v) => { state.reduction = v; }],
  ];
  for (const [id, type, apply] of bindings) {
    $(id).addEventListener(type, (event) => {
      apply($(id).value);
      commit(event);
    });
  }
  for (const r of document.querySelectorAll('input[name="target-mode"]')) {
    r.addEventListener('change', (event) => {
      state.soft = r.value === 'soft' ? targetDistribution({ classes: state.logits.length, target: state.target }) : null;
      syncControls(true);
      commit(event);
    });
  }
  for (const r of document.querySelectorAll('input[name="batch-kind"]')) {
    r.addEventListener('change', (event) => {
      state.batchKind = r.value;
      commit(event);
    });
  }
  $('ignore-index').addEventListener('input', (event) => {
    const v = Number($('ignore-index').value);
    if (!Number.isInteger(v)) return;
    state.ignoreIndex = v;
    commit(event);
  });
  const applyCsv = (text, event) => {
    if (dataLines(text).length > MAX_BATCH_ROWS) {
      runBigCsv(text);
      return;
    }
    // A new CSV replaces whatever the last one left: results, errors, progress.
    clearBigCsv();
    try {
      const { rows, labels: ys } = parseBatchCsv(text, STRINGS[state.lang]);
      state.batch = rows;
      state.batchLabels = ys;
      showMessage([]);
      syncControls(true);
      commit(event);
    } catch (e) {
      clearBatchResults();
      const box = $('batch-error');
      box.hidden = false;
      box.textContent = e.message;
    }
  };
  $('csv-apply').addEventListener('click', (event) => applyCsv($('csv').value, event));
  $('csv-file').addEventListener('change', async (event) => {
    const file = $('csv-file').files[0];
    if (!file) return;
    const text = await file.text();
    if (dataLines(text).length <= MAX_BATCH_ROWS) $('csv').value = text;
    applyCsv(text, event);
  });
  $('big-cancel').addEventListener('click', () => {
    if (bigJob) bigJob.cancel();
    bigJob = null;
    $('big-status').textContent = t('bigCancelled');
  });
  for (const button of document.querySelectorAll('[data-export-chart]')) {
    // The PNG carries its chart's title (the figure's caption).
    button.addEventListener('click', () => {
      const title = button.closest('figure')?.querySelector('figcaption')?.textContent ?? '';
      download(`${button.dataset.exportChart}.png`, chartPng(charts[button.dataset.exportChart].chart, title));
    });
  }
  for (const button of document.querySelectorAll('[data-export-table]')) {
    button.addEventListener('click', () => {
      // A byte-order mark first, so that spreadsheets read the Chinese headers as UTF-8.
      const csv = `\ufeff${tableToCsv($(button.dataset.exportTable))}`;
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      download(`${button.dataset.exportTable}.csv`, url);
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });
  }
  window.addEventListener('hashchange', () => loadHash());
  window.addEventListener('resize', markScrollers);
  // Formulas widen when KaTeX's fonts arrive.
  document.fonts?.ready.then(markScrollers);
}

// ------------------------------------------------------------------- large CSVs
let bigJob = null;

// Hides what a large CSV showed (and stops one that runs).
function clearBigCsv() {
  if (bigJob) bigJob.cancel();
  bigJob = null;
  $('big-csv').hidden = true;
  $('big-result').hidden = true;
  delete document.body.dataset.bigCsv;
}

// Empties the small batch's table, lines and chart (after a CSV that could not be read).
function clearBatchResults() {
  $('batch-table').tBodies[0].replaceChildren();
  for (const id of ['batch-mean', 'batch-sum', 'batch-none']) $(id).textContent = '';
  charts.batch.update({ labels: [], values: [[]] });
}

function runBigCsv(text) {
  if (bigJob) bigJob.cancel();
  $('batch-error').hidden = true;
  $('big-cancel').hidden = false;
  const progress = $('big-progress');
  const status = $('big-status');
  const result = $('big-result');
  $('big-csv').hidden = false;
  result.hidden = true;
  progress.value = 0;
  const total = dataLines(text).length;
  const onProgress = (fraction, rows) => {
    progress.value = fraction;
    status.textContent = t('bigRunning', { rows, total });
  };
  const onDone = (r) => {
    bigJob = null;
    progress.value = 1;
    $('big-cancel').hidden = true;
    result.hidden = false;
    result.textContent = t('bigDone', {
      rows: r.rows, count: r.count, classes: r.classes, mean: fmt(r.sum / r.count), sum: fmt(r.sum), min: fmt(r.min), max: fmt(r.max),
    });
    document.body.dataset.bigCsv = 'done';
  };
  const onError = (message) => {
    bigJob = null;
    $('big-cancel').hidden = true;
    result.hidden = false;
    result.textContent = t('bigError', { message });
    document.body.dataset.bigCsv = 'error';
  };
  document.body.dataset.bigCsv = 'running';
  onProgress(0, 0);
  let worker = null;
  try {
    worker = new Worker('csv-worker.js');
  } catch {
    worker = null; // file:// pages may not start workers: compute here, between frames
  }
  if (worker) {
    bigJob = { cancel: () => { worker.terminate(); document.body.dataset.bigCsv = 'cancelled'; } };
    worker.onmessage = (e) => {
      if (e.data.progress !== undefined) onProgress(e.data.progress, e.data.rows);
      if (e.data.result) onDone(e.data.result);
      if (e.data.error) onError(e.data.error);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      worker.terminate();
      onError(e.message || 'worker failed');
    };
    worker.postMessage({ text, kind: state.batchKind, ignoreIndex: state.ignoreIndex });
    return;
  }
  let cancelled = false;
  bigJob = { cancel: () => { cancelled = true; document.body.dataset.bigCsv = 'cancelled'; } };
  bigCsvLosses(api, text, { kind: state.batchKind, ignoreIndex: state.ignoreIndex }, {
    onProgress,
    pause: () => new Promise((resolve) => { setTimeout(resolve, 0); }),
    cancelled: () => cancelled,
  }).then((r) => { if (r) onDone(r); }, (e) => onError(e.message));
}

function download(name, href) {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}

// ------------------------------------------------------------------------ language
function applyLanguage() {
  t = translator(state.lang);
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  // Accessible names of what shows no text (charts, the tab list), in the page's language.
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  // The button's name is its text ("中文" / "English"), spoken in its own language.
  const toggle = $('lang-toggle');
  toggle.textContent = t('langButton');
  toggle.lang = state.lang === 'en' ? 'zh' : 'en';
  toggle.title = t('langLabel');
  if (moduleInfo) $('status').textContent = t('moduleInfo', moduleInfo);
  logitKey = '';
}

function renderFormulas() {
  for (const el of document.querySelectorAll('[data-tex]')) {
    katex.render(el.dataset.tex, el, { throwOnError: false, displayMode: true });
  }
}

function loadHash() {
  const result = deserialize(location.hash);
  state = result.state;
  applyLanguage();
  showMessage(hashErrors(result.errors));
  syncControls(true);
  update();
}

// ------------------------------------------------------------------------ start-up
async function main() {
  renderFormulas();
  makeCharts();
  bindControls();
  loadHash();
  moduleInfo = await xent.init();
  api = xent;
  $('status').textContent = t('moduleInfo', moduleInfo);
  update();
  await chartsDrawn();
  document.body.dataset.ready = 'true';
}

// Resolves once every chart of the open section has been laid out and drawn, so that
// "ready" means what a reader sees: WebKit sizes canvases up to ~0.8 s after the first
// render, and a pointer on a 0 x 0 canvas hits nothing.
function chartsDrawn() {
  const frame = () => new Promise((resolve) => { requestAnimationFrame(resolve); });
  const sized = () => Object.values(charts).every(({ chart }) => chart.canvas.offsetParent === null ||
    (chart.canvas.width > 0 && chart.canvas.height > 0 && chart.chartArea?.width > 0));
  return (async () => {
    while (!sized()) await frame();
    await frame(); // the frame that paints them
  })();
}

main().catch((e) => {
  showMessage([String(e && e.message ? e.message : e)]);
});
