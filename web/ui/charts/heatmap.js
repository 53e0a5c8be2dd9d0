// HeatmapChart: a value over a square grid (chartjs-chart-matrix), for the loss
// surfaces over (p, q).
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';
import { Chart } from './setup.js';

Chart.register(MatrixController, MatrixElement);

function color(t) {
  // t in [0, 1] -> light yellow .. dark blue.
  const a = [255, 247, 188];
  const b = [37, 52, 148];
  const c = a.map((v, i) => Math.round(v + (b[i] - v) * t));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

export class HeatmapChart {
  /** @param {{ xLabel: string, yLabel: string, cap: number }} options */
  constructor(canvas, options) {
    this.options = options;
    this.chart = new Chart(canvas, {
      type: 'matrix',
      data: { datasets: [{ label: '', data: [], borderWidth: 0 }] },
      options: {
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: () => '',
              label: (ctx) => `p=${ctx.raw.y.toFixed(3)} q=${ctx.raw.x.toFixed(3)}: ${ctx.raw.v.toFixed(4)}`,
            },
          },
        },
        scales: {
          x: { type: 'linear', min: 0, max: 1, offset: false, title: { display: true, text: options.xLabel } },
          y: { type: 'linear', min: 0, max: 1, offset: false, reverse: false, title: { display: true, text: options.yLabel } },
        },
      },
    });
  }

  /** data: { size, p: number[], q: number[], v: number[], label } */
  update(data) {
    const { size } = data;
    const cap = this.options.cap;
    const ds = this.chart.data.datasets[0];
    ds.label = data.label;
    ds.data = data.v.map((v, i) => ({ x: data.q[i], y: data.p[i], v }));
    ds.backgroundColor = (ctx) => color(Math.min(ctx.raw?.v ?? 0, cap) / cap);
    ds.width = ({ chart }) => (chart.chartArea || {}).width / size;
    ds.height = ({ chart }) => (chart.chartArea || {}).height / size;
    if (data.xLabel) this.chart.options.scales.x.title.text = data.xLabel;
    if (data.yLabel) this.chart.options.scales.y.title.text = data.yLabel;
    this.chart.update('none');
  }
}
