// Chart.js registration shared by every chart: only the pieces the lab uses, no
// animation (updates follow the pointer; this also honours reduced motion).
import {
  Chart, BarController, BarElement, LineController, LineElement, PointElement,
  LinearScale, CategoryScale, Tooltip, Legend,
} from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement,
  LinearScale, CategoryScale, Tooltip, Legend);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = 'system-ui, "Noto Sans SC", "PingFang SC", sans-serif';

export const COLORS = {
  logits: '#6b7280', exp: '#d97706', prob: '#2563eb', target: '#059669',
  grad: '#dc2626', bce: '#059669', mse: '#2563eb', entropy: '#7c3aed', kl: '#db2777',
  selected: '#111827',
};

export { Chart };

/** A PNG data URL of a chart under its title, on a white background (for export). */
export function chartPng(chart, title = '') {
  const src = chart.canvas;
  const scale = src.width / (src.clientWidth || src.width);
  const band = title ? Math.round(32 * scale) : 0;
  const canvas = document.createElement('canvas');
  canvas.width = src.width;
  canvas.height = src.height + band;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  if (title) {
    ctx.fillStyle = '#111827';
    ctx.font = `600 ${Math.round(15 * scale)}px ${Chart.defaults.font.family}`;
    ctx.textBaseline = 'middle';
    ctx.fillText(title, Math.round(8 * scale), band / 2);
  }
  ctx.drawImage(src, 0, band);
  return canvas.toDataURL('image/png');
}

/**
 * Colours a chart for a page's theme: `fg` for text, `grid` for grid lines, `series`
 * for the datasets in order (an entry left undefined keeps its colour). Redraws only
 * when a colour changed: a full update, as Chart.js's 'none' updates keep the elements'
 * resolved colours.
 */
export function themeChart(chart, { fg, grid, series = [] }) {
  let changed = chart.options.color !== fg;
  chart.options.color = fg;
  for (const scale of Object.values(chart.options.scales)) {
    changed ||= scale.grid.color !== grid;
    scale.ticks.color = fg;
    scale.grid.color = grid;
    scale.title.color = fg;
  }
  chart.options.plugins.legend.labels.color = fg;
  series.forEach((color, i) => {
    const ds = chart.data.datasets[i];
    if (!ds || !color || ds.backgroundColor === color) return;
    ds.backgroundColor = color;
    ds.borderColor = color;
    changed = true;
  });
  if (changed) chart.update();
}
