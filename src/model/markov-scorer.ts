/**
 * The first-order Markov chain (markov.ts) as a Scorer on the rows' event tokens (CLS, SEP and PAD stripped):
 * the mean surprisal of a connection's transitions, start and end included, fitted on the train part.
 */
import { UNK } from '../sequence/vocabulary.js';
import { MarkovModel, type MarkovJSON, type MarkovScoreBy } from './markov.js';
import type { ModelDir, Part } from './model-dir.js';
import type { FitContext, RowScores, Scorer } from './scorer.js';
import { eventSequences, type TokenRows } from './token-rows.js';
import { rowsOf } from './train.js';
import { ZeekseqError } from '../util/errors.js';
import { MARKOV_SCORER_DEFAULTS } from './scorer-defaults.js';
import { formatCount } from '../util/format-count.js';

export interface MarkovScorerParams {
  /** Add-k smoothing constant. */
  smoothing: number;
  scoreBy: MarkovScoreBy;
}

export { MARKOV_SCORER_DEFAULTS };

export class MarkovScorer implements Scorer {
  readonly name = 'markov' as const;
  readonly params: MarkovScorerParams;
  private model: MarkovModel | null = null;

  constructor(params: Partial<MarkovScorerParams> = {}) {
    this.params = { ...MARKOV_SCORER_DEFAULTS, ...params };
  }

  /** The fitted chain (for inspection in notebooks). */
  get chain(): MarkovModel {
    if (!this.model)
      throw new ZeekseqError('the markov scorer is not fitted; fit the Detector or load a saved one first.');
    return this.model;
  }

  async fit(rows: TokenRows, context: FitContext): Promise<void> {
    const train = rowsOf(rows, context.split.train);
    // UNK stands for every unseen log type, so two in a row are not a self transition
    this.model = new MarkovModel({
      vocabularySize: context.vocabularySize,
      unknownToken: UNK,
      smoothing: this.params.smoothing,
      scoreBy: this.params.scoreBy,
    }).fit(eventSequences(train), train.counts);
    context.events.info(`markov chain fitted on ${formatCount(context.split.train.connections)} connections`);
  }

  async score(rows: TokenRows): Promise<RowScores> {
    return { score: this.chain.scoreSequences(eventSequences(rows)).score };
  }

  record(): Record<string, unknown> {
    return {};
  }

  async parts(): Promise<Record<string, Part>> {
    return { markov: { kind: 'json', file: 'markov.json', value: this.chain.toJSON() } };
  }

  dispose(): void {}

  static load(dir: ModelDir, params: Partial<MarkovScorerParams>): MarkovScorer {
    const scorer = new MarkovScorer(params);
    scorer.model = MarkovModel.fromJSON(dir.json<MarkovJSON>('markov'));
    return scorer;
  }
}
