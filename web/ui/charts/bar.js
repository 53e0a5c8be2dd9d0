// BarChart: one or more bar series over classes; optionally editable by dragging a
// bar or with the keyboard (Left/Right pick a bar, Up/Down change it, Shift for x10).
import { Chart, COLORS } from './setup.js';

export class BarChart {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {{ series: {label: string, color: string}[], yMin?: number, yMax?: number,
   *   stacked?: boolean, horizontal?: boolean, onEdit?: (index: number, value: number) => void,
   *   onEditEnd?: () => void, step?: number, describe?: (index: number) => string }} options
   */
  constructor(canvas, options) {
    this.options = options;
    this.selected = 0;
    const indexAxis = options.horizontal ? 'y' : 'x';
    const valueAxis = options.horizontal ? 'x' : 'y';
    this.valueAxis = valueAxis;
    this.chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: [],
        datasets: options.series.map((s) => ({ label: s.label, data: [], backgroundColor: s.color, borderColor: s.color })),
      },
      options: {
        indexAxis,
        // An editable chart handles its own pointer events; Chart.js hover handling
        // would redraw it a second time on every move.
        events: options.onEdit ? [] : undefined,
        plugins: { legend: { display: options.series.length > 1 }, tooltip: { enabled: true } },
        scales: {
          [indexAxis]: { stacked: !!options.stacked },
          [valueAxis]: { stacked: !!options.stacked, min: options.yMin, max: options.yMax },
        },
      },
    });
    if (options.onEdit) this.#makeEditable(canvas);
  }

  /** data: { labels: string[], values: number[][] (one array per series), colors?: string[] } */
  update(data) {
    const chart = this.chart;
    chart.data.labels = data.labels;
    data.values.forEach((values, i) => {
      chart.data.datasets[i].data = values;
      if (data.colors && i === 0) chart.data.datasets[i].backgroundColor = data.colors;
    });
    if (data.seriesLabels) data.seriesLabels.forEach((l, i) => { chart.data.datasets[i].label = l; });
    if (data.yMin !== undefined) chart.options.scales[this.valueAxis].min = data.yMin;
    if (data.yMax !== undefined) chart.options.scales[this.valueAxis].max = data.yMax;
    // A fixed range across 0: ticks at multiples of one step, so 0 is one of them.
    const { min, max } = chart.options.scales[this.valueAxis];
    if (min < 0 && max > 0) chart.options.scales[this.valueAxis].ticks.stepSize = Math.max(1, Math.ceil((max - min) / 10));
    chart.update('none');
    if (this.options.onEdit) this.#aria();
  }

  // An editable chart is a slider (role="slider" on its canvas): the selected bar's value,
  // the axis range and the bar's description.
  #aria() {
    const values = this.chart.data.datasets[0].data;
    if (!values.length) return;
    this.selected = Math.min(this.selected, values.length - 1);
    const canvas = this.chart.canvas;
    const scale = this.chart.options.scales[this.valueAxis];
    canvas.setAttribute('aria-valuenow', String(Math.round(values[this.selected] * 1000) / 1000));
    if (Number.isFinite(scale.min)) canvas.setAttribute('aria-valuemin', String(scale.min));
    if (Number.isFinite(scale.max)) canvas.setAttribute('aria-valuemax', String(scale.max));
    if (this.options.describe) canvas.setAttribute('aria-valuetext', this.options.describe(this.selected));
  }

  #makeEditable(canvas) {
    const { onEdit } = this.options;
    let dragging = -1;
    const valueAt = (event) => {
      const rect = canvas.getBoundingClientRect();
      return this.chart.scales.y.getValueForPixel(event.clientY - rect.top);
    };
    const indexAt = (event) => {
      const hits = this.chart.getElementsAtEventForMode(event, 'index', { intersect: false }, false);
      return hits.length ? hits[0].index : -1;
    };
    canvas.style.touchAction = 'none';
    canvas.style.cursor = 'ns-resize';
    canvas.addEventListener('pointerdown', (event) => {
      const index = indexAt(event);
      if (index < 0) return;
      dragging = index;
      this.selected = index;
      canvas.setPointerCapture(event.pointerId);
      onEdit(index, valueAt(event), event);
    });
    canvas.addEventListener('pointermove', (event) => {
      if (dragging >= 0) onEdit(dragging, valueAt(event), event);
    });
    const stop = () => {
      if (dragging >= 0 && this.options.onEditEnd) this.options.onEditEnd();
      dragging = -1;
    };
    canvas.addEventListener('pointerup', stop);
    canvas.addEventListener('pointercancel', stop);
    canvas.tabIndex = 0;
    canvas.addEventListener('keydown', (event) => {
      const count = this.chart.data.labels.length;
      const step = (this.options.step ?? 0.1) * (event.shiftKey ? 10 : 1);
      const values = this.chart.data.datasets[0].data;
      if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
        this.selected = (this.selected + (event.key === 'ArrowLeft' ? count - 1 : 1)) % count;
        this.#announce();
      } else if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
        const v = values[this.selected] + (event.key === 'ArrowUp' ? step : -step);
        onEdit(this.selected, Math.round(v * 1000) / 1000, event);
        this.#announce();
      } else {
        return;
      }
      event.preventDefault();
    });
  }

  #announce() {
    this.#aria();
    const colors = this.chart.data.labels.map((_, i) => (i === this.selected ? COLORS.selected : this.options.series[0].color));
    this.chart.data.datasets[0].borderColor = colors;
    this.chart.data.datasets[0].borderWidth = colors.map((_, i) => (i === this.selected ? 2 : 0));
    this.chart.update('none');
  }
}
