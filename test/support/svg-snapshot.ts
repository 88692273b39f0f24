/**
 * SVG charts made comparable across machines, the way Observable Plot snapshots its marks: numbers inside
 * attributes rounded to 2 decimals (floating-point noise in the last digits must not fail a test), and helpers
 * to count what a chart drew.
 */
import type { TopLevelSpec } from 'vega-lite';
import { scopeIds } from '../../src/report/html.js';
import { renderSvg } from '../../src/viz/render.js';

// a decimal number, not part of a dotted name such as an IP address
const NUMBER = /(?<![\d.])-?\d+\.\d+(?:e[-+]?\d+)?(?![\d.])/g;

/**
 * `svg` with every decimal number inside an attribute value rounded to 2 decimals, and ids numbered from 0 in
 * order of appearance (vega's gradient and clip counters run on across the charts a process renders).
 */
export function normaliseSvg(svg: string): string {
  return scopeIds(svg, 'id').replace(
    /="([^"]*)"/g,
    (_, value: string) => `="${value.replace(NUMBER, (x) => String(Math.round(Number(x) * 100) / 100))}"`,
  );
}

/** The chart rendered and normalised, ready for toMatchFileSnapshot. */
export async function snapshotSvg(spec: TopLevelSpec): Promise<string> {
  return `${normaliseSvg(await renderSvg(spec))}\n`;
}

/** How many marks of one kind a chart drew (vega's aria-roledescription: bar, rect, point, line, text mark, ...). */
export function countMarks(svg: string, kind: string): number {
  return svg.split(`aria-roledescription="${kind}"`).length - 1;
}

/** The text of every <text> element, in document order (markup escapes left as vega wrote them). */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) => m[1].replace(/<[^>]+>/g, ' ').trim());
}
