/**
 * One connection explained: its event tokens in order, each cell coloured by the token's anomaly (1 − the
 * probability the model gave the true token with the token masked), and under each token the model's top-k
 * expected tokens there (coloured by their probability where known). An analyst reads which event broke the
 * pattern and what would have been normal in its place.
 */
import type { TopLevelSpec } from 'vega-lite';
import { ZeekseqError } from '../util/errors.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA } from './chart-style.js';
import { escapeControl } from '../util/escape.js';

/**
 * A connection's tokens and their detail, as src/pipeline/infer.ts gives them: `tokens` from `sequenceText`
 * (split on spaces), `tokenScores` and `expected` from `tokenDetail`.
 */
export interface ConnectionExplanation {
  uid: string;
  /** The connection's anomaly score, and the threshold it is compared with where known. */
  score: number;
  threshold?: number;
  /** Event token names in time order. */
  tokens: readonly string[];
  /** Per token: 1 − p(true token), in [0, 1]. */
  tokenScores: readonly number[];
  /** Per token: the model's most likely tokens there, most likely first. */
  expected: ReadonlyArray<readonly string[]>;
  /** Their probabilities, same shape as `expected`. */
  expectedProbability?: ReadonlyArray<readonly number[]>;
}

const CELL_WIDTH = 92;

/** The heatmap: a column per event, the observed token on top and the expected ones below it. */
export function connectionChart(input: ConnectionExplanation, title?: string): TopLevelSpec {
  const n = input.tokens.length;
  if (n === 0) throw new ZeekseqError(`connection chart: connection ${input.uid} has no event tokens to explain.`);
  if (input.tokenScores.length !== n || input.expected.length !== n)
    throw new ZeekseqError(
      `connection chart: ${n} tokens, ${input.tokenScores.length} token scores and ${input.expected.length} expected lists for ${input.uid}; give one of each per token (tokenDetail and sequenceText of the same connection).`,
    );
  if (input.expectedProbability?.some((p, k) => p.length !== input.expected[k].length))
    throw new ZeekseqError(
      `connection chart: expectedProbability of ${input.uid} does not match expected; give one probability per expected token.`,
    );
  const k = Math.max(0, ...input.expected.map((e) => e.length));
  const rows = ['observed', ...Array.from({ length: k }, (_, j) => `expected ${j + 1}`)];
  const observed = input.tokens.map((token, i) => ({
    event: i + 1,
    row: 'observed',
    token: escapeControl(token),
    value: input.tokenScores[i],
    label: [escapeControl(token), Number.isNaN(input.tokenScores[i]) ? '–' : input.tokenScores[i].toFixed(2)],
  }));
  const expected = input.expected.flatMap((names, i) =>
    names.map((token, j) => {
      const p = input.expectedProbability?.[i][j];
      const same = token === input.tokens[i];
      return {
        event: i + 1,
        row: `expected ${j + 1}`,
        token: escapeControl(token),
        value: p ?? null,
        // the true token among the expected ones is the model agreeing; marked so it is not read as an alternative
        label: [`${escapeControl(token)}${same ? ' ✓' : ''}`, p === undefined ? '' : `p ${p.toFixed(2)}`],
      };
    }),
  );
  const text = (threshold: number) => ({
    mark: { type: 'text' as const, fontSize: 10, lineHeight: 12, limit: CELL_WIDTH - 6 },
    encoding: {
      text: { field: 'label', type: 'nominal' as const },
      color: {
        condition: { test: `datum.value > ${threshold}`, value: 'white' },
        value: 'black',
      },
    },
  });
  const threshold = input.threshold === undefined ? '' : ` (threshold ${input.threshold.toPrecision(4)})`;
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CHART_CONFIG,
    title: {
      text: title ?? `Connection ${escapeControl(input.uid)}`,
      subtitle: `anomaly score ${input.score.toPrecision(4)}${threshold}; top: each event's token and its anomaly (1 − p), below: what the model expected`,
    },
    width: { step: CELL_WIDTH },
    height: { step: 34 },
    encoding: {
      x: { field: 'event', type: 'ordinal', title: 'event', axis: { orient: 'top', labelAngle: 0 } },
      y: { field: 'row', type: 'nominal', title: null, sort: rows },
    },
    layer: [
      {
        data: { values: observed },
        layer: [
          {
            mark: { type: 'rect', stroke: 'white', strokeWidth: 2 },
            encoding: {
              color: {
                field: 'value',
                type: 'quantitative',
                title: 'token anomaly',
                scale: { scheme: 'reds', domain: [0, 1] },
                legend: { gradientLength: 80 },
              },
            },
          },
          text(0.6),
        ],
      },
      {
        data: { values: expected },
        layer: [
          {
            mark: { type: 'rect', stroke: 'white', strokeWidth: 2 },
            encoding: {
              color: input.expectedProbability
                ? {
                    field: 'value',
                    type: 'quantitative',
                    title: 'expected p',
                    scale: { scheme: 'blues', domain: [0, 1] },
                    legend: { gradientLength: 80 },
                  }
                : { value: '#eeeeee' },
            },
          },
          text(0.6),
        ],
      },
    ],
    resolve: { scale: { color: 'independent' } },
  };
}
