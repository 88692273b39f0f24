/**
 * What every chart of the workbench shares: the Vega-Lite schema, one fixed configuration (font, sizes,
 * colours), so that charts look alike in reports and render byte-for-byte the same from the same data, and the
 * colours of the web-log alert tiers.
 */
import type { Config } from 'vega-lite';

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * Fixed font family and sizes: without a canvas, vega estimates text widths from the font size alone, so the
 * layout does not depend on the fonts installed; the family names the font resvg and browsers then draw with.
 */
export const CHART_CONFIG: Config = {
  font: 'DejaVu Sans, Verdana, sans-serif',
  background: 'white',
  title: { fontSize: 13, anchor: 'start', subtitleFontSize: 11, subtitleColor: '#555' },
  axis: { labelFontSize: 10, titleFontSize: 11, labelLimit: 220 },
  legend: { labelFontSize: 10, titleFontSize: 11, labelLimit: 220 },
  header: { labelFontSize: 11, titleFontSize: 11 },
  view: { stroke: '#ddd' },
};

/**
 * A count channel on a symlog axis (counts span orders of magnitude and may be 0), ticked at 0, 1, 10, 100, ...
 * up to the first power of ten at or above `max`, which is also the end of the axis.
 */
export function symlogCount(field: string, title: string, max: number) {
  const ticks = [0, 1];
  while (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] * 10);
  return {
    field,
    type: 'quantitative' as const,
    title: `${title} (symlog scale)`,
    scale: { type: 'symlog' as const, domain: [0, ticks[ticks.length - 1]] },
    axis: { values: ticks, format: ',.0f' },
  };
}

/** Colour of the alert line: the threshold and its interval, budgets. */
export const ALERT_COLOUR = '#d62728';

/** Web-log alert tiers in order of severity, and their colours (grey to red). */
export const TIERS = ['NONE', 'LOW', 'MEDIUM', 'HIGH'] as const;
export const TIER_SCALE = { domain: [...TIERS], range: ['#bab0ac', '#f2cf5b', '#f58518', '#d62728'] };
