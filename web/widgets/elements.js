// Embeddable custom elements for tutorial authors: <xent-softmax>, <xent-cross-entropy>
// and <xent-bce-mse>. Each renders in its own shadow DOM with its own styles, reads its
// attributes (re-rendering when they change), follows lang="zh"/"en" on itself or an
// ancestor, fires `change` with its state, works from the keyboard and sizes itself to
// its container. The numbers come from the same compute functions as the lab
// (ui/compute.js); the two elements that show logits each compose a LogitsEditor. All
// elements on a page share one module instance (getApi is memoised by the caller).
// Text reaches the DOM through textContent only.
import { BarChart } from '../ui/charts/bar.js';
import { LineChart } from '../ui/charts/line.js';
import { COLORS, themeChart } from '../ui/charts/setup.js';
import { bceCurves, crossEntropyView, softmaxView } from '../ui/compute.js';
import { InputError, numberList, oneNumber, ordinal } from '../ui/numbers.js';

const STRINGS = {
  en: {
    loading: 'Loading…', temperature: 'Temperature T', logit: 'logit of {label}',
    logits: 'Logits (drag a bar, or focus it and use the arrow keys)', probabilities: 'Probabilities softmax(z / T)', atT: '{caption}, T = {t}',
    sum: 'Σ p = {value}', trueClass: 'True class', base: 'Log base',
    loss: 'Cross-entropy = {value} {unit}', formNegLog: '−{log} q_y = {value} {unit}', formLse: 'logsumexp(z) − z_y = {lse} − {zy} = {value} nats',
    formLseBase: 'logsumexp(z) − z_y = {lse} − {zy} = {nats} nats; / ln {base} = {value} {unit}',
    decomposition: 'H(t) = {h} + KL(t‖q) = {kl} = H(t, q) = {hpq} {unit}', gradient: 'Gradient ∂L/∂z = q − t',
    label: 'Label y', lossCurve: 'Loss against the prediction q', gradCurve: 'Gradient with respect to the logit z',
    minimum: 'Minimum at q = y: BCE = H(y) = {value} nats', seriesBce: 'BCE', seriesMse: 'MSE',
    axisQ: 'prediction q', axisZ: 'logit z', axisLoss: 'loss', axisGrad: 'gradient',
    unitE: 'nats', unit2: 'bits', unit10: 'log10 units', invalid: 'Invalid attribute {name}: {reason}',
    errCount: 'needs {min}–{max} numbers, got {got}', errNotFinite: 'not a finite number',
    errNotFiniteAt: 'the {nth} value is not a finite number', errOutside: 'outside [{min}, {max}]',
    errOutsideAt: 'the {nth} value is outside [{min}, {max}]', errNotInteger: 'not an integer',
    errClassIndex: 'must be a class index (0, 1, 2, …)', errBase: 'must be e, 2 or 10',
    errTargetClasses: 'class {target} does not exist among {classes} classes; showing class 0',
  },
  zh: {
    loading: '加载中……', temperature: '温度 T', logit: '{label} 的 logit',
    logits: 'Logits（拖动柱子，或获得焦点后用方向键）', probabilities: '概率 softmax(z / T)', atT: '{caption}，T = {t}',
    sum: 'Σ p = {value}', trueClass: '真实类别', base: '对数底',
    loss: '交叉熵 = {value} {unit}', formNegLog: '−{log} q_y = {value} {unit}', formLse: 'logsumexp(z) − z_y = {lse} − {zy} = {value} 奈特',
    formLseBase: 'logsumexp(z) − z_y = {lse} − {zy} = {nats} 奈特；/ ln {base} = {value} {unit}',
    decomposition: 'H(t) = {h} + KL(t‖q) = {kl} = H(t, q) = {hpq} {unit}', gradient: '梯度 ∂L/∂z = q − t',
    label: '标签 y', lossCurve: '损失随预测 q 的变化', gradCurve: '对 logit z 的梯度',
    minimum: 'q = y 处取最小值：BCE = H(y) = {value} 奈特', seriesBce: 'BCE', seriesMse: 'MSE',
    axisQ: '预测 q', axisZ: 'logit z', axisLoss: '损失', axisGrad: '梯度',
    unitE: '奈特', unit2: '比特', unit10: 'log10 单位', invalid: '属性 {name} 无效：{reason}',
    errCount: '需要 {min}–{max} 个数，实际为 {got} 个', errNotFinite: '不是有限数',
    errNotFiniteAt: '第 {nth} 个值不是有限数', errOutside: '超出 [{min}, {max}]',
    errOutsideAt: '第 {nth} 个值超出 [{min}, {max}]', errNotInteger: '不是整数',
    errClassIndex: '必须是类别下标（0、1、2……）', errBase: '必须是 e、2 或 10',
    errTargetClasses: '{classes} 个类别中没有类别 {target}；改为显示类别 0',
  },
};

// Every colour, the font, the radius and the spacing come from --xent-* custom
// properties when the page sets them (on the element or any ancestor), else from the
// light or dark defaults below, which follow prefers-color-scheme. ::part() names:
// card, caption, value, input, chart, error (README, "Widgets for tutorials").
const STYLE = `
:host { display: block; max-width: 100%; color-scheme: light dark;
  --_fg: #111827; --_muted: #4b5563; --_bg: #ffffff; --_border: #e5e7eb; --_accent: #2563eb;
  --_error: #b91c1c; --_grid: rgba(0, 0, 0, 0.1);
  --_logits: #6b7280; --_prob: #2563eb; --_grad: #dc2626; --_bce: #059669; --_mse: #2563eb; }
@media (prefers-color-scheme: dark) {
  :host { --_fg: #e5e7eb; --_muted: #9ca3af; --_bg: #111827; --_border: #374151; --_accent: #93c5fd;
    --_error: #fca5a5; --_grid: rgba(255, 255, 255, 0.16);
    --_logits: #9ca3af; --_prob: #60a5fa; --_grad: #f87171; --_bce: #34d399; --_mse: #93c5fd; }
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.card { font-family: var(--xent-font, system-ui, "Noto Sans SC", "PingFang SC", sans-serif);
  color: var(--xent-fg, var(--_fg)); background: var(--xent-bg, var(--_bg));
  border: 1px solid var(--xent-border, var(--_border)); border-radius: var(--xent-radius, 8px);
  padding: var(--xent-padding, 0.75rem); }
.row { display: flex; flex-wrap: wrap; gap: var(--xent-gap, 0.5rem) calc(2 * var(--xent-gap, 0.5rem)); align-items: center; margin: 0.25rem 0; }
label { display: inline-flex; gap: 0.4rem; align-items: center; flex-wrap: wrap; font-size: 0.9rem; }
input[type=number] { width: 5.5rem; }
.logits { display: grid; grid-template-columns: repeat(auto-fill, minmax(6.5rem, 1fr)); }
.logits label { flex-direction: column; align-items: stretch; gap: 0.1rem; font-size: 0.8rem; min-width: 0; }
.logits input[type=number] { width: 100%; }
select, input { font: inherit; color: inherit; accent-color: var(--xent-accent, var(--_accent)); }
select, input[type=number] { background: var(--xent-bg, var(--_bg)); border: 1px solid var(--xent-border, var(--_border));
  border-radius: calc(var(--xent-radius, 8px) / 2); padding: 0.1rem 0.3rem; }
.chart { position: relative; height: var(--xent-chart-height, 200px); }
.caption { font-weight: 600; font-size: 0.9rem; margin: 0.5rem 0 0.25rem; }
.value { font-variant-numeric: tabular-nums; margin: 0.2rem 0; }
.big { font-weight: 600; }
.error { color: var(--xent-error, var(--_error)); white-space: pre-line; }
:focus-visible { outline: 3px solid var(--xent-accent, var(--_accent)); outline-offset: 2px; }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
`;

// The chart colours a widget resolves from its custom properties, for Chart.js (which
// draws on a canvas and so cannot use CSS itself).
const CHART_COLORS = ['fg', 'grid', 'logits', 'prob', 'grad', 'bce', 'mse'];

const fmt = (v, d = 4) => (Number.isFinite(v) ? v.toFixed(d) : String(v));
// An element; `part` becomes its part attribute (what ::part() selects).
function el(tag, { part, ...props } = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  if (part) node.setAttribute('part', part);
  node.append(...children);
  return node;
}

// Widgets that inherit their language re-render when a page switches <html lang>, and
// all re-render when the colour scheme changes.
const connected = new Set();
let languageObserver = null;
function watchPageLanguage() {
  if (languageObserver) return;
  languageObserver = new MutationObserver(() => {
    for (const widget of connected) if (widget.api) widget.readAttributes();
  });
  languageObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    for (const widget of connected) if (widget.api) widget.render();
  });
}

// The logits of a widget as attributes, number inputs and a draggable bar chart: the
// part <xent-softmax> and <xent-cross-entropy> share. The widget owns it and is told
// of every edit through onEdit().
class LogitsEditor {
  constructor(widget, onEdit) {
    this.widget = widget;
    this.onEdit = onEdit;
    this.logits = [1, 2, 0.5];
    this.names = [];
    this.temperature = 1;
    this.inputs = el('div', { className: 'row logits' });
  }

  /** Parsers of the attributes it reads. */
  parsers() {
    return {
      logits: (s) => { this.logits = numberList(s, { min: -1000, max: 1000, count: [2, 20] }); },
      labels: (s) => { this.names = s.split(',').map((l) => l.trim().slice(0, 24)); },
      temperature: (s) => { this.temperature = oneNumber(s, 0.01, 100); },
    };
  }

  labels() {
    return this.logits.map((_, i) => this.names[i] || `#${i}`);
  }

  /** One number input per logit, rebuilt when the labels or the language change. */
  relabel() {
    const names = this.labels();
    this.inputs.replaceChildren(...names.map((name, i) => {
      const input = el('input', { part: 'input', type: 'number', step: '0.1', value: String(this.logits[i]) });
      input.addEventListener('input', () => {
        const v = Number(input.value);
        if (input.value === '' || !Number.isFinite(v) || Math.abs(v) > 1000) return;
        this.logits[i] = v;
        this.onEdit();
      });
      return el('label', {}, this.widget.t('logit', { label: name }), input);
    }));
  }

  /** Rebuilds the inputs if the class count changed, and shows the current values. */
  sync() {
    if (this.inputs.children.length !== this.logits.length) this.relabel();
    Array.from(this.inputs.querySelectorAll('input')).forEach((input, i) => {
      if (this.widget.shadowRoot.activeElement !== input) input.value = String(this.logits[i]);
    });
  }

  /** A bar chart of z / T on `canvas` that edits the logits by drag and keyboard. */
  chart(canvas) {
    const chart = new BarChart(canvas, {
      series: [{ label: 'z', color: COLORS.logits }], step: 0.1,
      describe: (i) => `${this.labels()[i]}: ${fmt(this.logits[i], 2)}`,
      onEdit: (i, value) => {
        const v = Math.max(-1000, Math.min(1000, Math.round(value * this.temperature * 100) / 100));
        if (!Number.isFinite(v)) return;
        this.logits[i] = v;
        this.onEdit();
      },
      onEditEnd: () => {},
    });
    canvas.setAttribute('role', 'slider');
    return chart;
  }

  /** What a `change` event reports of the logits. */
  state() {
    return { logits: this.logits.slice(), labels: this.labels(), temperature: this.temperature };
  }
}

/** Defines the three elements; getApi() resolves to a loaded softmax-xent API. */
export function defineWidgets(getApi) {
  class XentElement extends HTMLElement {
    constructor() {
      super();
      this.attachShadow({ mode: 'open' });
      this.api = null;
      this.built = false;
    }

    disconnectedCallback() {
      connected.delete(this);
    }

    connectedCallback() {
      connected.add(this);
      watchPageLanguage();
      if (!this.built) {
        this.built = true;
        this.card = el('div', { className: 'card', part: 'card' });
        this.shadowRoot.append(el('style', { textContent: STYLE }), this.card);
        this.status = el('p', { className: 'value', part: 'value' });
        this.error = el('p', { className: 'error', part: 'error', hidden: true });
        this.card.append(this.status, this.error);
        this.build();
      }
      this.status.textContent = this.t('loading');
      getApi().then((api) => {
        this.api = api;
        this.status.hidden = true;
        this.readAttributes();
      }, (e) => { this.showError(String(e.message ?? e)); });
    }

    attributeChangedCallback() {
      if (this.built && this.api) this.readAttributes();
    }

    // 'zh' or 'en', from lang on the element or its nearest ancestor.
    get language() {
      const host = this.closest('[lang]');
      const lang = host?.getAttribute('lang') ?? document.documentElement.lang ?? 'en';
      return lang.toLowerCase().startsWith('zh') ? 'zh' : 'en';
    }

    t(key, values = {}) {
      const template = STRINGS[this.language][key] ?? STRINGS.en[key];
      return template.replace(/\{(\w+)\}/g, (_, k) => String(values[k]));
    }

    showError(message) {
      this.error.hidden = !message;
      this.error.textContent = message ?? '';
    }

    // What is wrong with a value, in the widget's language, by position.
    reason(e) {
      if (!(e instanceof InputError)) return e.message;
      const { position } = e.values;
      const key = `err${e.code[0].toUpperCase()}${e.code.slice(1)}${position ? 'At' : ''}`;
      return this.t(key, { ...e.values, nth: this.language === 'zh' ? position : ordinal(position) });
    }

    // Reads every observed attribute; each bad one is reported in the widget, one per
    // line, and its previous value kept.
    readAttributes() {
      const problems = [];
      for (const [name, parse] of Object.entries(this.parsers())) {
        if (!this.hasAttribute(name)) continue;
        try {
          parse(this.getAttribute(name));
        } catch (e) {
          problems.push(this.t('invalid', { name, reason: this.reason(e) }));
        }
      }
      this.showError(problems.join('\n'));
      this.relabel();
      this.render();
    }

    // Re-renders after a reader's edit and reports it.
    edited() {
      this.render();
      this.emit();
    }

    emit() {
      this.dispatchEvent(new CustomEvent('change', { detail: this.state(), bubbles: true, composed: true }));
    }

    // The resolved chart colours: the page's --xent-* values, else the defaults.
    colors() {
      const style = getComputedStyle(this.card);
      const read = (name) => style.getPropertyValue(`--xent-${name}`).trim() || style.getPropertyValue(`--_${name}`).trim();
      return Object.fromEntries(CHART_COLORS.map((name) => [name, read(name)]));
    }

    chartBox() {
      const box = el('div', { className: 'chart', part: 'chart' });
      const canvas = el('canvas');
      box.append(canvas);
      return { box, canvas };
    }
  }

  class SoftmaxElement extends XentElement {
    static observedAttributes = ['logits', 'labels', 'temperature', 'lang'];

    constructor() {
      super();
      this.editor = new LogitsEditor(this, () => this.edited());
      this.view = null;
    }

    parsers() {
      return this.editor.parsers();
    }

    state() {
      return { ...this.editor.state(), probabilities: this.view ? this.view.p.slice() : [] };
    }

    build() {
      this.tLabel = el('span');
      this.tInput = el('input', { part: 'input', type: 'range', min: '-2', max: '2', step: '0.01' });
      this.tValue = el('output');
      this.tInput.addEventListener('input', () => {
        this.editor.temperature = Number((10 ** Number(this.tInput.value)).toPrecision(3));
        this.edited();
      });
      this.captionLogits = el('p', { className: 'caption', part: 'caption' });
      this.captionProb = el('p', { className: 'caption', part: 'caption' });
      const a = this.chartBox();
      const b = this.chartBox();
      this.values = el('p', { className: 'value big', part: 'value' });
      this.card.append(el('div', { className: 'row' }, el('label', {}, this.tLabel, this.tInput, this.tValue)),
        this.editor.inputs, this.captionLogits, a.box, this.captionProb, b.box, this.values);
      this.logitChart = this.editor.chart(a.canvas);
      this.probChart = new BarChart(b.canvas, { series: [{ label: 'p', color: COLORS.prob }], yMin: 0, yMax: 1 });
    }

    relabel() {
      this.tLabel.textContent = this.t('temperature');
      this.captionLogits.textContent = this.t('logits');
      this.captionProb.textContent = this.t('probabilities');
      this.logitChart.chart.canvas.setAttribute('aria-label', this.t('logits'));
      this.editor.relabel();
    }

    render() {
      if (!this.api) return;
      const { logits, temperature } = this.editor;
      const names = this.editor.labels();
      this.editor.sync();
      const v = softmaxView(this.api, { logits, temperature });
      this.view = v;
      const lim = Math.max(5, Math.ceil(Math.max(...v.scaled.map(Math.abs)) + 1));
      const c = this.colors();
      themeChart(this.logitChart.chart, { fg: c.fg, grid: c.grid, series: [c.logits] });
      themeChart(this.probChart.chart, { fg: c.fg, grid: c.grid, series: [c.prob] });
      this.logitChart.update({ labels: names, values: [v.scaled], yMin: -lim, yMax: lim });
      this.probChart.update({ labels: names, values: [v.p] });
      this.tInput.value = String(Math.log10(temperature));
      this.tInput.setAttribute('aria-valuetext', `T = ${temperature}`); // not its log10
      // The captions say which T the charts show.
      this.captionProb.textContent = temperature === 1 ? this.t('probabilities')
        : this.t('atT', { caption: this.t('probabilities'), t: temperature });
      this.tValue.textContent = String(temperature);
      this.values.textContent = `${names.map((n, i) => `p(${n}) = ${fmt(v.p[i])}`).join(', ')} · ${this.t('sum', { value: fmt(v.p.reduce((s, x) => s + x, 0), 6) })}`;
    }
  }

  class CrossEntropyElement extends XentElement {
    static observedAttributes = ['logits', 'labels', 'target', 'base', 'temperature', 'lang'];

    constructor() {
      super();
      this.editor = new LogitsEditor(this, () => this.edited());
      this.target = 0;
      this.base = 'e';
      this.view = null;
    }

    parsers() {
      return {
        ...this.editor.parsers(),
        target: (s) => {
          let v;
          try {
            v = oneNumber(s, 0, 19);
          } catch {
            v = NaN;
          }
          if (!Number.isInteger(v)) throw new InputError('classIndex');
          this.target = v;
        },
        base: (s) => {
          if (!['e', '2', '10'].includes(s)) throw new InputError('base');
          this.base = s;
        },
      };
    }

    // `loss` is the cross-entropy the widget shows, in `base` units.
    state() {
      const v = this.view;
      return {
        ...this.editor.state(), target: this.target, base: this.base,
        probabilities: v ? v.q.slice() : [], loss: v ? v.Hpq : NaN,
      };
    }

    build() {
      this.targetLabel = el('span');
      this.targetSelect = el('select', { part: 'input' });
      this.targetSelect.addEventListener('change', () => {
        this.target = Number(this.targetSelect.value);
        this.edited();
      });
      this.baseLabel = el('span');
      this.baseSelect = el('select', { part: 'input' }, ...['e', '2', '10'].map((b) => el('option', { value: b, textContent: b })));
      this.baseSelect.addEventListener('change', () => {
        this.base = this.baseSelect.value;
        this.edited();
      });
      this.lossLine = el('p', { className: 'value big', part: 'value' });
      this.negLog = el('p', { className: 'value', part: 'value' });
      this.lseLine = el('p', { className: 'value', part: 'value' });
      this.decomp = el('p', { className: 'value', part: 'value' });
      this.captionGrad = el('p', { className: 'caption', part: 'caption' });
      const g = this.chartBox();
      this.card.append(
        el('div', { className: 'row' }, el('label', {}, this.targetLabel, this.targetSelect), el('label', {}, this.baseLabel, this.baseSelect)),
        this.editor.inputs, this.lossLine, this.negLog, this.lseLine, this.decomp, this.captionGrad, g.box);
      this.gradChart = new BarChart(g.canvas, { series: [{ label: '∂L/∂z', color: COLORS.grad }] });
    }

    relabel() {
      this.targetLabel.textContent = this.t('trueClass');
      this.baseLabel.textContent = this.t('base');
      this.captionGrad.textContent = this.t('gradient');
      this.editor.relabel();
      this.targetSelect.replaceChildren(...this.editor.labels().map((n, i) => el('option', { value: String(i), textContent: `${i}: ${n}` })));
    }

    render() {
      if (!this.api) return;
      const { logits, temperature } = this.editor;
      const names = this.editor.labels();
      if (this.editor.inputs.children.length !== names.length) this.relabel();
      this.editor.sync();
      if (this.target >= names.length) {
        this.showError(this.t('invalid', { name: 'target', reason: this.t('errTargetClasses', { target: this.target, classes: names.length }) }));
        this.target = 0;
      }
      const v = crossEntropyView(this.api, { logits, temperature, target: this.target, base: this.base });
      this.view = v;
      const unit = this.t(this.base === 'e' ? 'unitE' : this.base === '2' ? 'unit2' : 'unit10');
      this.targetSelect.value = String(this.target);
      this.baseSelect.value = this.base;
      this.lossLine.textContent = this.t('loss', { value: fmt(v.Hpq), unit });
      const log = this.base === 'e' ? 'ln' : this.base === '2' ? 'log₂' : 'log₁₀';
      this.negLog.textContent = this.t('formNegLog', { log, value: fmt(v.negLogQy), unit });
      this.lseLine.textContent = this.base === 'e'
        ? this.t('formLse', { lse: fmt(v.lse), zy: fmt(v.zy), value: fmt(v.lseMinusZy) })
        : this.t('formLseBase', { lse: fmt(v.lse), zy: fmt(v.zy), nats: fmt(v.lseMinusZyNats), base: this.base, value: fmt(v.lseMinusZy), unit });
      this.decomp.textContent = this.t('decomposition', { h: fmt(v.H), kl: fmt(v.KL), hpq: fmt(v.Hpq), unit });
      const c = this.colors();
      themeChart(this.gradChart.chart, { fg: c.fg, grid: c.grid, series: [c.grad] });
      this.gradChart.update({ labels: names, values: [v.grad] });
    }
  }

  class BceMseElement extends XentElement {
    static observedAttributes = ['label', 'lang'];

    constructor() {
      super();
      this.y = 1;
      this.view = null;
    }

    parsers() {
      return { label: (s) => { this.y = oneNumber(s, 0, 1); } };
    }

    // `minimum`: the smallest BCE over the prediction q, H(y) in nats, reached at q = y.
    state() {
      return { label: this.y, minimum: this.view ? this.view.hy : NaN };
    }

    build() {
      this.yLabel = el('span');
      this.yInput = el('input', { part: 'input', type: 'range', min: '0', max: '1', step: '0.01' });
      this.yValue = el('output');
      this.yInput.addEventListener('input', () => {
        this.y = Number(this.yInput.value);
        this.edited();
      });
      this.min = el('p', { className: 'value big', part: 'value' });
      this.captionLoss = el('p', { className: 'caption', part: 'caption' });
      this.captionGrad = el('p', { className: 'caption', part: 'caption' });
      const a = this.chartBox();
      const b = this.chartBox();
      this.card.append(el('div', { className: 'row' }, el('label', {}, this.yLabel, this.yInput, this.yValue)),
        this.min, this.captionLoss, a.box, this.captionGrad, b.box);
      const series = [{ label: 'BCE', color: COLORS.bce }, { label: 'MSE', color: COLORS.mse, dash: [6, 4] }];
      this.lossChart = new LineChart(a.canvas, { series, xLabel: 'q', yLabel: 'loss', yMin: 0, yMax: 5 });
      this.gradChart = new LineChart(b.canvas, { series, xLabel: 'z', yLabel: 'grad', yMin: -1, yMax: 1 });
    }

    relabel() {
      this.yLabel.textContent = this.t('label');
      this.captionLoss.textContent = this.t('lossCurve');
      this.captionGrad.textContent = this.t('gradCurve');
    }

    render() {
      if (!this.api) return;
      const v = bceCurves(this.api, { y: this.y, points: 99 });
      this.view = v;
      this.yInput.value = String(this.y);
      this.yValue.textContent = fmt(this.y, 2);
      this.min.textContent = this.t('minimum', { value: fmt(v.hy) });
      const labels = [this.t('seriesBce'), this.t('seriesMse')];
      const c = this.colors();
      for (const chart of [this.lossChart, this.gradChart]) themeChart(chart.chart, { fg: c.fg, grid: c.grid, series: [c.bce, c.mse] });
      this.lossChart.update({ x: v.q, series: [v.bce, v.mse], labels, xLabel: this.t('axisQ'), yLabel: this.t('axisLoss') });
      this.gradChart.update({ x: v.z, series: [v.bceLogitGrad, v.mseLogitGrad], labels, xLabel: this.t('axisZ'), yLabel: this.t('axisGrad') });
    }
  }

  const define = (name, cls) => { if (!customElements.get(name)) customElements.define(name, cls); };
  define('xent-softmax', SoftmaxElement);
  define('xent-cross-entropy', CrossEntropyElement);
  define('xent-bce-mse', BceMseElement);
}
