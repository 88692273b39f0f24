/**
 * Exact DBSCAN against BatchDBSCAN over growing samples (the table of compareDbscan): time and peak memory per
 * algorithm, and how far the batch labels agree with the exact ones (ARI, NMI), each against the sample size.
 * One picture answers whether the approximation is worth it: where the batch time and memory win, and what
 * agreement they cost.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CompareRow } from '../cluster/compare.js';
import { ZeekseqError } from '../util/errors.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA } from './chart-style.js';

// one colour scale over the three panels, hence one legend
const SERIES = {
  domain: ['exact DBSCAN', 'BatchDBSCAN', 'ARI', 'NMI'],
  range: ['#4c78a8', '#f58518', '#54a24b', '#b279a2'],
};

function panel(
  title: string,
  values: Array<{ n: number; series: string; value: number }>,
  yTitle: string,
  yScale: { zero: boolean; domainMax?: number } = { zero: true },
) {
  return {
    title,
    width: 220,
    height: 180,
    data: { values },
    mark: { type: 'line' as const, point: true },
    encoding: {
      x: { field: 'n', type: 'quantitative' as const, title: 'rows', scale: { type: 'log' as const } },
      y: { field: 'value', type: 'quantitative' as const, title: yTitle, scale: yScale },
      color: { field: 'series', type: 'nominal' as const, title: null, scale: SERIES },
    },
  };
}

/** Three panels against the sample size (log axis): seconds, peak RSS (MB), and ARI/NMI of batch against exact. */
export function dbscanComparisonChart(
  rows: readonly CompareRow[],
  title = 'Exact DBSCAN against BatchDBSCAN',
): TopLevelSpec {
  if (rows.length === 0)
    throw new ZeekseqError('DBSCAN comparison chart: no rows; run compareDbscan with at least one sample size.');
  const both = (exact: (r: CompareRow) => number, batch: (r: CompareRow) => number) =>
    rows.flatMap((r) => [
      { n: r.n, series: 'exact DBSCAN', value: exact(r) },
      { n: r.n, series: 'BatchDBSCAN', value: batch(r) },
    ]);
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CHART_CONFIG,
    title: {
      text: title,
      subtitle: `${rows.length} sample size${rows.length === 1 ? '' : 's'}; memory, which needs a process per run, is in npm run bench -- dbscan`,
    },
    hconcat: [
      panel(
        'Time',
        both(
          (r) => r.exactSeconds,
          (r) => r.batchSeconds,
        ),
        'seconds',
      ),
      panel(
        'Agreement with exact',
        rows.flatMap((r) => [
          { n: r.n, series: 'ARI', value: r.ari },
          { n: r.n, series: 'NMI', value: r.nmi },
        ]),
        'agreement',
        // agreement worth comparing sits near 1: zoom in, with 1 (identical labels) always on the axis
        { zero: false, domainMax: 1 },
      ),
    ],
  };
}
