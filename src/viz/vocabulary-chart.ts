/**
 * The cluster vocabulary at a glance: per log type, each token's training count, the outlier token (DBSCAN
 * noise) marked. A log type whose outlier token outweighs its clusters is clustered too finely (or eps is too
 * small); many tokens with tiny counts are words the model can barely learn.
 */
import type { TopLevelSpec } from 'vega-lite';
import { OUTLIER, Vocabulary, type VocabularyEntry } from '../sequence/vocabulary.js';
import { ZeekseqError } from '../util/errors.js';
import { ALERT_COLOUR, CHART_CONFIG, symlogCount, VEGA_LITE_SCHEMA } from './chart-style.js';
import { escapeControl } from '../util/escape.js';
import { formatCount } from '../util/format-count.js';

const KINDS = { domain: ['cluster', 'outlier', 'log type'], range: ['#4c78a8', ALERT_COLOUR, '#9d755d'] };

/**
 * Training counts of a vocabulary's words (special tokens left out) in vocabulary order, so that each log type's
 * outlier token leads its clusters, on a symlog axis (counts span several orders of magnitude and may be 0).
 */
export function vocabularyChart(
  vocabulary: Vocabulary | readonly VocabularyEntry[],
  title = 'Vocabulary',
): TopLevelSpec {
  const entries = vocabulary instanceof Vocabulary ? vocabulary.entries : vocabulary;
  const words = entries.filter((e) => e.logType !== null);
  if (words.length === 0)
    throw new ZeekseqError(
      'vocabulary chart: the vocabulary has no words, only special tokens; fit a Tokenizer first.',
    );
  const total = words.reduce((sum, e) => sum + e.count, 0);
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CHART_CONFIG,
    title: {
      text: title,
      subtitle: `${words.length} tokens, ${formatCount(total)} training events; outlier = DBSCAN noise`,
    },
    data: {
      values: words.map((e) => ({
        id: e.id,
        token: escapeControl(e.name),
        logType: escapeControl(e.logType!),
        count: e.count,
        kind: e.cluster === null ? 'log type' : e.cluster === OUTLIER ? 'outlier' : 'cluster',
      })),
    },
    width: 360,
    height: { step: 14 },
    encoding: {
      y: { field: 'token', type: 'nominal', title: null, sort: { field: 'id', op: 'min' } },
      // a decade past the largest count, so that the count beside the longest bar stays inside the plot
      x: symlogCount('count', 'training events', Math.max(10, ...words.map((e) => e.count)) * 10),
    },
    layer: [
      { mark: 'bar', encoding: { color: { field: 'kind', type: 'nominal', title: 'token', scale: KINDS } } },
      {
        mark: { type: 'text', align: 'left', dx: 3, fontSize: 9 },
        encoding: { text: { field: 'count', type: 'quantitative', format: ',' } },
      },
    ],
  };
}
