// Inline SVG bar charts for the HTML report: drawn here (no library, no script), readable in print,
// with a title and a text alternative. Only numbers and our own labels reach the markup, escaped anyway.
import { escapeHtml as h } from '../report/escape.js';

export interface Series {
  name: string;
  color: string;
  values: number[];
}

/** The axis maximum: four equal whole-number steps (1, 2, 5, 10, 20, 50... each) reaching the largest value. */
function niceMax(v: number): number {
  const need = Math.max(1, Math.ceil(v / 4));
  const p = 10 ** Math.floor(Math.log10(need));
  return 4 * ([1, 2, 5, 10].map((m) => m * p).find((m) => m >= need) ?? 10 * p);
}

/** Grouped bars per category (week), one colour per series, a y axis with 4 ticks and a legend. */
export function barChart(title: string, labels: string[], series: Series[], opts: { width?: number; height?: number } = {}): string {
  const W = opts.width ?? 720;
  const H = opts.height ?? 200;
  const left = 36;
  const bottom = 34;
  const top = 22;
  const plotW = W - left - 8;
  const plotH = H - top - bottom;
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const n = Math.max(1, labels.length);
  const band = plotW / n;
  const barW = Math.max(1, (band * 0.8) / series.length);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const o: string[] = [];
  const alt = `${title}: ${series.map((s) => `${s.name} ${s.values.reduce((a, b) => a + b, 0)} in total`).join(', ')}`;
  o.push(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${h(alt)}"><title>${h(alt)}</title>`);
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    const yy = y(v).toFixed(1);
    o.push(`<line x1="${left}" x2="${W - 8}" y1="${yy}" y2="${yy}" stroke="#d0d7de" stroke-width="${t ? 0.5 : 1}"/>`);
    o.push(`<text x="${left - 4}" y="${(y(v) + 3).toFixed(1)}" font-size="9" text-anchor="end" fill="#59636e">${v}</text>`);
  }
  labels.forEach((l, i) => {
    series.forEach((s, j) => {
      const v = s.values[i] ?? 0;
      if (v <= 0) return;
      const x = left + i * band + band * 0.1 + j * barW;
      o.push(`<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${barW.toFixed(1)}" height="${(top + plotH - y(v)).toFixed(1)}" fill="${s.color}"><title>${h(`${l}: ${s.name} ${v}`)}</title></rect>`);
    });
    // Label every week when they fit, else every few.
    const every = Math.ceil(n / 13);
    if (i % every === 0) o.push(`<text x="${(left + i * band + band / 2).toFixed(1)}" y="${H - bottom + 12}" font-size="8.5" text-anchor="middle" fill="#59636e">${h(l.slice(5))}</text>`);
  });
  let lx = left;
  for (const s of series) {
    o.push(`<rect x="${lx}" y="6" width="9" height="9" fill="${s.color}"/><text x="${lx + 12}" y="14" font-size="10" fill="#1f2328">${h(s.name)}</text>`);
    lx += 20 + s.name.length * 5.6;
  }
  o.push(`<text x="${W - 8}" y="${H - 4}" font-size="8.5" text-anchor="end" fill="#59636e">week starting (MM-DD)</text>`);
  o.push('</svg>');
  return o.join('');
}
