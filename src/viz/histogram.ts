/**
 * Scores binned before they go into a spec: a chart of a million connections then carries a few dozen bins,
 * not a million data points, and the bins are the same in SVG, PNG and the browser.
 */
import { ZeekseqError } from '../util/errors.js';
import { symlogCount } from './chart-style.js';

export interface Bin {
  /** The group the values belong to (a label or a tier), or null without groups. */
  group: string | null;
  start: number;
  end: number;
  /** Sum of the weights of the values in [start, end) (the last bin also holds its end). */
  count: number;
}

export interface Histogram {
  bins: Bin[];
  /** Values left out because they were NaN. */
  missing: number;
}

/**
 * Equal-width bins over [min, max] of the values and `extra` (e.g. a threshold, so that it lies on the axis),
 * per group; `weights` (default 1) count each value that many times. Every group gets every bin, empty ones
 * included, so that bars of several groups line up.
 */
export function histogram(
  values: ArrayLike<number>,
  options: { bins?: number; weights?: ArrayLike<number>; groups?: ArrayLike<string>; extra?: readonly number[] } = {},
): Histogram {
  const count = options.bins ?? 40;
  if (!(Number.isInteger(count) && count >= 1))
    throw new ZeekseqError(`histogram: bins must be a whole number >= 1 (e.g. 40), got ${count}.`);
  for (const [name, column] of [
    ['weights', options.weights],
    ['groups', options.groups],
  ] as const)
    if (column && column.length !== values.length)
      throw new ZeekseqError(`histogram: ${column.length} ${name} for ${values.length} values; give one per value.`);
  let min = Infinity;
  let max = -Infinity;
  for (const x of [...Array.from(values), ...(options.extra ?? [])])
    if (Number.isFinite(x)) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
  if (min === Infinity) {
    min = 0;
    max = 1;
  }
  // one value (or all equal) still gets a bin of some width
  const width = max > min ? (max - min) / count : 1 / count;
  const groups = options.groups ? [...new Set(Array.from(options.groups))].sort() : [null];
  const sums = new Map(groups.map((g) => [g, new Float64Array(count)]));
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (Number.isNaN(x)) {
      missing++;
      continue;
    }
    const bin = Math.min(count - 1, Math.max(0, Math.floor((x - min) / width)));
    sums.get(options.groups ? options.groups[i] : null)![bin] += options.weights ? options.weights[i] : 1;
  }
  const bins: Bin[] = [];
  for (const group of groups)
    sums.get(group)!.forEach((sum, b) => {
      bins.push({ group, start: min + b * width, end: min + (b + 1) * width, count: sum });
    });
  return { bins, missing };
}

/**
 * The x, x2, y and y2 channels of a histogram's bins as rects: counts on a symlog axis, bins of several groups
 * overlaid from 0 rather than stacked (stacks on a symlog axis mislead, and overlaid each group's shape reads).
 */
export function binEncoding(valueTitle: string, countTitle: string, bins: readonly Bin[]) {
  return {
    x: { field: 'start', type: 'quantitative' as const, title: valueTitle, scale: { zero: false, nice: false } },
    x2: { field: 'end' },
    y: symlogCount('count', countTitle, Math.max(...bins.map((b) => b.count))),
    y2: { datum: 0 },
  };
}
