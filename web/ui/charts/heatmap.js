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

// The colour scale beside the heatmap: a bar from 0 to the cap, labelled at both ends
// (values above the cap share its colour, so the top label reads "≥ cap").
const LEGEND_WIDTH = 14;
const colorLegend = {
  id: 'xentColorLegend',
  afterDraw(chart, _args, { cap, label }) {
    const { ctx, chartArea: area } = chart;
    if (!area) return;
    const x = area.right + 12;
    const gradient = ctx.createLinearGradient(0, area.bottom, 0, area.top);
    for (let i = 0; i <= 10; ++i) gradient.addColorStop(i / 10, color(i / 10));
    ctx.save();
    ctx.fillStyle = gradient;
    ctx.fillRect(x, area.top, LEGEND_WIDTH, area.bottom - area.top);
    ctx.fillStyle = chart.options.color || '#111827';
    ctx.font = `11px ${Chart.defaults.font.family}`;
    ctx.textBaseline = 'middle';
    ctx.fillText(`≥ ${cap}`, x + LEGEND_WIDTH + 4, area.top + 5);
    ctx.fillText('0', x + LEGEND_WIDTH + 4, area.bottom - 5);
    if (label) {
      ctx.translate(x + LEGEND_WIDTH + 6, (area.top + area.bottom) / 2);
      ctx.rotate(Math.PI / 2);
      ctx.textAlign = 'center';
      ctx.fillText(label, 0, -LEGEND_WIDTH);
    }
    ctx.restore();
  },
};

export class HeatmapChart {
  /** @param {{ xLabel: string, yLabel: string, cap: number }} options */
  constructor(canvas, options) {
    this.options = options;
    this.chart = new Chart(canvas, {
      type: 'matrix',
      data: { datasets: [{ label: '', data: [], borderWidth: 0 }] },
      plugins: [colorLegend],
      options: {
        layout: { padding: { right: LEGEND_WIDTH + 48 } },
        plugins: {
          xentColorLegend: { cap: options.cap, label: '' },
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
    this.chart.options.plugins.xentColorLegend.label = data.label;
    ds.data = data.v.map((v, i) => ({ x: data.q[i], y: data.p[i], v }));
    ds.backgroundColor = (ctx) => color(Math.min(ctx.raw?.v ?? 0, cap) / cap);
    ds.width = ({ chart }) => (chart.chartArea || {}).width / size;
    ds.height = ({ chart }) => (chart.chartArea || {}).height / size;
    if (data.xLabel) this.chart.options.scales.x.title.text = data.xLabel;
    if (data.yLabel) this.chart.options.scales.y.title.text = data.yLabel;
    this.chart.update('none');
  }
}
