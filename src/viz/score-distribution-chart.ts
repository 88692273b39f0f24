/**
 * Where the threshold cuts the scores: a histogram of connection anomaly scores with the threshold as a line
 * and its bootstrap interval as a band (a wide band says the threshold rests on few scores), one coloured
 * distribution per label where labels are known. Counts are on a symlog axis: the anomalies beyond the
 * threshold are a sliver of the connections and would vanish on a linear one.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Threshold } from '../detect/threshold.js';
import type { ThresholdInterval } from '../detect/threshold-bootstrap.js';
import { ZeekseqError } from '../util/errors.js';
import { ALERT_COLOUR, CHART_CONFIG, VEGA_LITE_SCHEMA } from './chart-style.js';
import { binEncoding, histogram } from './histogram.js';
import { escapeControl } from '../util/escape.js';

export interface ScoreDistributionInput {
  /** One score per connection, or per distinct row with `counts`. NaN (unscored) is left out and counted. */
  scores: ArrayLike<number>;
  /** Connections per score (default 1 each). */
  counts?: ArrayLike<number>;
  /** A label per score (e.g. `benign`, `malicious`); a distribution per label. */
  labels?: ArrayLike<string>;
  /** The threshold alone, or with its bootstrap interval (drawn as a band). */
  threshold: Threshold | ThresholdInterval;
  bins?: number;
  title?: string;
}

const LABEL_COLOURS = ['#4c78a8', '#f58518', '#54a24b', '#b279a2', '#9d755d', '#72b7b2'];

/** The histogram of scores, the threshold rule and, for an interval, its band. */
export function scoreDistributionChart(input: ScoreDistributionInput): TopLevelSpec {
  if (input.scores.length === 0) throw new ZeekseqError('score distribution: no scores; score some connections first.');
  const interval = 'point' in input.threshold ? input.threshold : null;
  const threshold = interval ? interval.point : (input.threshold as Threshold);
  const labels = input.labels ? Array.from(input.labels, (l) => escapeControl(String(l))) : undefined;
  const { bins, missing } = histogram(input.scores, {
    bins: input.bins,
    weights: input.counts,
    groups: labels,
    extra: interval ? [threshold.threshold, interval.lower, interval.upper] : [threshold.threshold],
  });
  const groups = [...new Set(bins.map((b) => b.group ?? 'connections'))];
  const band = interval
    ? `, ${Math.round(100 * (interval.quantiles[1] - interval.quantiles[0]))}% bootstrap interval [${interval.lower.toPrecision(4)}, ${interval.upper.toPrecision(4)}] over ${interval.resamples} resamples`
    : '';
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CHART_CONFIG,
    title: {
      text: input.title ?? 'Score distribution',
      subtitle: [
        `threshold ${threshold.threshold.toPrecision(4)} at acceptance rate ${threshold.acceptanceRate}${band}`,
        ...(missing > 0 ? [`${missing} unscored (NaN) left out`] : []),
      ],
    },
    width: 480,
    height: 220,
    layer: [
      ...(interval
        ? [
            {
              data: { values: [{ lower: interval.lower, upper: interval.upper }] },
              mark: { type: 'rect' as const, color: ALERT_COLOUR, opacity: 0.15 },
              encoding: {
                x: { field: 'lower', type: 'quantitative' as const },
                x2: { field: 'upper' },
              },
            },
          ]
        : []),
      {
        data: { values: bins.map((b) => ({ ...b, group: b.group ?? 'connections' })) },
        mark: { type: 'rect', opacity: labels ? 0.6 : 0.9 },
        encoding: {
          ...binEncoding('anomaly score', 'connections', bins),
          color: {
            field: 'group',
            type: 'nominal',
            title: labels ? 'label' : null,
            scale: { domain: groups, range: groups.map((_, i) => LABEL_COLOURS[i % LABEL_COLOURS.length]) },
            legend: labels ? {} : null,
          },
        },
      },
      {
        data: { values: [{ threshold: threshold.threshold }] },
        layer: [
          { mark: { type: 'rule', color: ALERT_COLOUR, strokeWidth: 2 } },
          {
            mark: { type: 'text', color: ALERT_COLOUR, align: 'left', dx: 4, baseline: 'top', y: 2 },
            encoding: { text: { value: 'threshold' } },
          },
        ],
        encoding: { x: { field: 'threshold', type: 'quantitative' } },
      },
    ],
  };
}
