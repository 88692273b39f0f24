/**
 * Web access-log sessions by anomaly score: a histogram coloured by alert tier (NONE, LOW, MEDIUM, HIGH) with
 * the model's tier thresholds as lines. Sessions made HIGH by a canary path sit wherever their score puts them,
 * so a red bar left of the HIGH line is a canary hit the model alone would have ranked lower.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { TierThresholds } from '../model/markov.js';
import type { SessionScore } from '../weblog/detector.js';
import { ZeekseqError } from '../util/errors.js';
import { CHART_CONFIG, TIER_SCALE, TIERS, VEGA_LITE_SCHEMA } from './chart-style.js';
import { binEncoding, histogram } from './histogram.js';

/**
 * Sessions per score bin and tier; `thresholds` drawn as labelled rules. Only score and tier are read, so that a
 * report can draw the sessions of an alerts.csv.
 */
export function sessionScoreChart(
  scores: ReadonlyArray<Pick<SessionScore, 'score' | 'tier'>>,
  options: { thresholds?: TierThresholds; bins?: number; title?: string } = {},
): TopLevelSpec {
  if (scores.length === 0)
    throw new ZeekseqError('session score chart: no scored sessions; score some sessions first.');
  const t = options.thresholds;
  const { bins, missing } = histogram(
    scores.map((s) => s.score),
    {
      bins: options.bins ?? 30,
      groups: scores.map((s) => s.tier),
      extra: t ? [t.low, t.medium, t.high] : [],
    },
  );
  const counts = new Map<string, number>();
  for (const s of scores) counts.set(s.tier, (counts.get(s.tier) ?? 0) + 1);
  const lines = t
    ? [
        {
          data: {
            values: (['LOW', 'MEDIUM', 'HIGH'] as const).map((tier) => ({
              tier,
              score: t[tier.toLowerCase() as keyof TierThresholds],
            })),
          },
          encoding: {
            x: { field: 'score', type: 'quantitative' as const },
            color: { field: 'tier', type: 'nominal' as const, scale: TIER_SCALE },
          },
          layer: [
            { mark: { type: 'rule' as const, strokeDash: [4, 2], strokeWidth: 1.5 } },
            {
              mark: { type: 'text' as const, align: 'left' as const, baseline: 'top' as const, dx: 3, y: 2, angle: 0 },
              encoding: { text: { field: 'tier', type: 'nominal' as const } },
            },
          ],
        },
      ]
    : [];
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CHART_CONFIG,
    title: {
      text: options.title ?? 'Session scores',
      subtitle: [
        `${scores.length} sessions: ${TIERS.filter((tier) => counts.has(tier))
          .map((tier) => `${counts.get(tier)} ${tier}`)
          .join(', ')}`,
        ...(missing > 0 ? [`${missing} unscored (NaN) left out`] : []),
      ],
    },
    width: 480,
    height: 200,
    layer: [
      {
        data: { values: bins.filter((b) => b.count > 0) },
        mark: { type: 'rect', opacity: 0.85 },
        encoding: {
          ...binEncoding('session anomaly score', 'sessions', bins),
          color: { field: 'group', type: 'nominal', title: 'tier', scale: TIER_SCALE },
        },
      },
      ...lines,
    ],
  } as TopLevelSpec;
}
