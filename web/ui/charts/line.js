// LineChart: several series over a numeric x axis, and with `marker: true` a set of
// marked points (setMarkers) drawn over them.
import { Chart } from './setup.js';

export class LineChart {
  /** @param {{ series: {label: string, color: string, dash?: number[]}[], xLabel: string, yLabel: string, yMin?: number, yMax?: number }} options */
  constructor(canvas, options) {
    this.options = options;
    this.chart = new Chart(canvas, {
      type: 'line',
      data: {
        datasets: options.series.map((s) => ({
          label: s.label, data: [], borderColor: s.color, backgroundColor: s.color,
          borderDash: s.dash ?? [], pointRadius: 0, borderWidth: 2, parsing: false,
        })).concat(options.marker ? [{
          label: '', data: [], showLine: false, pointRadius: 6, pointHoverRadius: 7, parsing: false,
          borderColor: '#111827', backgroundColor: '#ffffff', borderWidth: 2,
        }] : []),
      },
      options: {
        scales: {
          x: { type: 'linear', title: { display: true, text: options.xLabel } },
          y: { min: options.yMin, max: options.yMax, title: { display: true, text: options.yLabel } },
        },
        plugins: { tooltip: { intersect: false, mode: 'nearest' } },
      },
    });
  }

  /** data: { x: number[], series: number[][], labels?: string[], xLabel?, yLabel? } */
  update(data) {
    const chart = this.chart;
    if (this.options.marker) chart.data.datasets.at(-1).data = this.markers ?? [];
    data.series.forEach((ys, i) => {
      const ds = chart.data.datasets[i];
      ds.data = data.x.map((x, k) => ({ x, y: ys[k] }));
      if (data.labels) ds.label = data.labels[i];
    });
    if (data.xLabel) chart.options.scales.x.title.text = data.xLabel;
    if (data.yLabel) chart.options.scales.y.title.text = data.yLabel;
    chart.update('none');
  }

  /** The marked points [{ x, y }] and their legend label; redraws at once. */
  setMarkers(points, label) {
    this.markers = points;
    const ds = this.chart.data.datasets.at(-1);
    ds.data = points;
    ds.label = label;
    this.chart.update('none');
  }
}
