/**
 * Choosing the acceptance rate: anomalies and notables per day against the rate (notables a line per window,
 * at one min count), the analysts' budget as a line, the recommended rate marked, and — where labels exist —
 * host and connection precision and recall at one window and count. A rate where notables stay under the
 * budget while recall is still high is the one to run.
 */
import type { TopLevelSpec } from 'vega-lite';
import { windowText } from '../detect/notables.js';
import type { SweepResult, SweepRow } from '../detect/sweep.js';
import { ZeekseqError } from '../util/errors.js';
import { ALERT_COLOUR, CHART_CONFIG, symlogCount, VEGA_LITE_SCHEMA } from './chart-style.js';

export interface SweepChartOptions {
  /** Most notables an analyst can triage per day: a horizontal line. */
  budget?: number;
  /** Min count of the notables lines (default the recommended setting's, else the smallest swept). */
  minCount?: number;
  /** Window of the precision/recall panel (default the recommended setting's, else the smallest swept). */
  window?: number;
  title?: string;
}

const RATE_AXIS = { field: 'rate', type: 'quantitative', title: 'acceptance rate', scale: { type: 'log' } } as const;

const MEASURES: Array<[string, (row: SweepRow) => number]> = [
  ['host precision', (r) => r.hostPrecision],
  ['host recall', (r) => r.hostRecall],
  ['connection precision', (r) => r.connectionPrecision],
  ['connection recall', (r) => r.connectionRecall],
];

/** Whether the sweep was run with labels (precision and recall are NaN without). */
function labelled(result: SweepResult): boolean {
  return result.rows.some((r) => !Number.isNaN(r.hostRecall));
}

/** Per day against the rate; with labels, a second panel of precision and recall. */
export function sweepChart(result: SweepResult, options: SweepChartOptions = {}): TopLevelSpec {
  if (result.rows.length === 0)
    throw new ZeekseqError('sweep chart: the sweep has no rows; sweep at least one setting.');
  const pick = (given: number | undefined, recommended: number | undefined, all: number[], name: string): number => {
    const value = given ?? recommended ?? Math.min(...all);
    if (!all.includes(value))
      throw new ZeekseqError(`sweep chart: ${name} ${value} was not swept; choose one of ${all.join(', ')}.`);
    return value;
  };
  const minCount = pick(
    options.minCount,
    result.recommended?.minCount,
    result.rows.map((r) => r.minCount),
    'min count',
  );
  const window = pick(
    options.window,
    result.recommended?.window,
    result.rows.map((r) => r.window),
    'window',
  );
  const windows = [...new Set(result.rows.map((r) => r.window))].sort((a, b) => a - b);
  const rates = [...new Set(result.rows.map((r) => r.acceptanceRate))].sort((a, b) => a - b);
  // anomalies depend on the rate alone: one row per rate carries them
  const perDay = [
    ...rates.map((rate) => {
      const row = result.rows.find((r) => r.acceptanceRate === rate)!;
      return { rate, series: 'anomalies', value: row.anomalies / result.dayCount };
    }),
    ...result.rows
      .filter((r) => r.minCount === minCount)
      .map((r) => ({ rate: r.acceptanceRate, series: `notables, ${windowText(r.window)}`, value: r.notablesPerDay })),
  ];
  const series = ['anomalies', ...windows.map((w) => `notables, ${windowText(w)}`)];
  const budget =
    options.budget === undefined
      ? []
      : [
          {
            data: { values: [{ budget: options.budget }] },
            encoding: { y: { field: 'budget', type: 'quantitative' } },
            layer: [
              { mark: { type: 'rule', color: ALERT_COLOUR, strokeDash: [6, 3] } },
              {
                mark: { type: 'text', color: ALERT_COLOUR, align: 'left', baseline: 'bottom', x: 4, dy: -2 },
                encoding: { text: { value: `budget ${options.budget}/day` } },
              },
            ],
          },
        ];
  const recommended = result.recommended;
  const recommendedRule = recommended
    ? [
        {
          data: { values: [{ rate: recommended.acceptanceRate }] },
          encoding: { x: RATE_AXIS },
          layer: [
            { mark: { type: 'rule', color: '#555', strokeDash: [2, 2] } },
            {
              mark: { type: 'text', color: '#555', align: 'left', baseline: 'top', dx: 3, y: 2 },
              encoding: { text: { value: 'recommended' } },
            },
          ],
        },
      ]
    : [];
  const days = `${result.dayCount} day${result.dayCount === 1 ? '' : 's'}`;
  const perDayPanel = {
    title: `Per day (notables at min count ${minCount})`,
    width: 300,
    height: 220,
    layer: [
      {
        data: { values: perDay },
        mark: { type: 'line', point: true },
        encoding: {
          x: RATE_AXIS,
          y: symlogCount('value', 'per day', Math.max(...perDay.map((d) => d.value))),
          color: { field: 'series', type: 'nominal', title: null, sort: series },
        },
      },
      ...budget,
      ...recommendedRule,
    ],
  };
  const rows = result.rows.filter((r) => r.window === window && r.minCount === minCount);
  const precisionRecallPanel = {
    title: `Precision and recall (window ${windowText(window)}, min count ${minCount})`,
    width: 300,
    height: 220,
    layer: [
      {
        data: {
          values: rows.flatMap((r) =>
            MEASURES.map(([measure, get]) => ({ rate: r.acceptanceRate, measure, value: get(r) })),
          ),
        },
        mark: { type: 'line', point: true },
        encoding: {
          x: RATE_AXIS,
          y: { field: 'value', type: 'quantitative', title: 'share', scale: { domain: [0, 1] } },
          color: { field: 'measure', type: 'nominal', title: null, sort: MEASURES.map(([m]) => m) },
        },
      },
      ...recommendedRule,
    ],
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CHART_CONFIG,
    title: {
      text: options.title ?? `Acceptance-rate sweep (${result.scorer}, ${days})`,
      subtitle: recommended
        ? `recommended: rate ${recommended.acceptanceRate}, window ${windowText(recommended.window)}, min count ${recommended.minCount}`
        : 'no setting recommended',
    },
    hconcat: labelled(result) ? [perDayPanel, precisionRecallPanel] : [perDayPanel],
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}
