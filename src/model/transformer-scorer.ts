/**
 * The masked-token transformer as a Scorer: trained on the train part with early stopping on the validation part
 * (train.ts), scoring each row by the pseudo-likelihood of its tokens with per-token detail (score.ts).
 */
import { EventStream } from '../util/events.js';
import type { BackendName } from './backend.js';
import { describeBackend } from './backend.js';
import { transformerConfig, type PresetName } from './config.js';
import { type ModelDir, transformerFromDir, transformerParts, type Part } from './model-dir.js';
import type { FitContext, RowScores, Scorer } from './scorer.js';
import { scoreRows, type TransformerScoreBy } from './score.js';
import type { TokenRows } from './token-rows.js';
import { type EpochReport, trainTransformer } from './train.js';
import { TRANSFORMER_SCORER_DEFAULTS } from './scorer-defaults.js';
import type { TransformerModel } from './transformer.js';
import { ZeekseqError } from '../util/errors.js';

export interface TransformerScorerParams {
  preset: PresetName;
  epochs: number;
  batchSize: number;
  learningRate: number;
  patience: number;
  /** Expected tokens kept per position in the per-token detail. */
  topK: number;
  /** Threads for training and scoring; results are reproducible for a given number. */
  workers: number;
  backend: BackendName | 'auto';
  /** Row score: the mean surprisal (default, see detector-params.ts) or the original's formula (score.ts). */
  scoreBy: TransformerScoreBy;
}

export { TRANSFORMER_SCORER_DEFAULTS };

interface TrainingNotes {
  history: EpochReport[];
  bestEpoch: number;
  stoppedEarly: boolean;
  backend: string;
}

export class TransformerScorer implements Scorer {
  readonly name = 'transformer' as const;
  readonly params: TransformerScorerParams;
  private model: TransformerModel | null = null;
  private notes: TrainingNotes | null = null;

  constructor(params: Partial<TransformerScorerParams> = {}) {
    this.params = { ...TRANSFORMER_SCORER_DEFAULTS, ...params };
  }

  async fit(rows: TokenRows, context: FitContext): Promise<void> {
    const config = transformerConfig({
      vocabSize: context.vocabularySize,
      seqLen: rows.seqLen,
      preset: this.params.preset,
    });
    const trained = await trainTransformer(rows, config, {
      seed: context.seed,
      split: context.split,
      epochs: this.params.epochs,
      batchSize: this.params.batchSize,
      learningRate: this.params.learningRate,
      patience: this.params.patience,
      workers: this.params.workers,
      backend: this.params.backend,
      events: context.events,
    });
    this.model?.dispose();
    this.model = trained.model;
    this.notes = {
      history: trained.history,
      bestEpoch: trained.bestEpoch,
      stoppedEarly: trained.stoppedEarly,
      backend: describeBackend(trained.backend),
    };
    context.events.info(
      `trained on ${this.notes.backend}; best epoch ${trained.bestEpoch}${trained.stoppedEarly ? ' (stopped early)' : ''}`,
    );
  }

  /** The trained network (for inspection in notebooks). */
  get network(): TransformerModel {
    if (!this.model)
      throw new ZeekseqError('the transformer scorer is not fitted; fit the Detector or load a saved one first.');
    return this.model;
  }

  async score(rows: TokenRows, events: EventStream = new EventStream()): Promise<RowScores> {
    const scores = await scoreRows(this.network, rows, {
      topK: this.params.topK,
      workers: this.params.workers,
      backend: this.params.backend,
      scoreBy: this.params.scoreBy,
      events,
    });
    return {
      score: scores.score,
      tokens: { tokenAnomaly: scores.tokenAnomaly, expected: scores.expected, topK: scores.topK },
    };
  }

  /**
   * What training found, without its timings: a model directory holds only what the seed determines, so two
   * trainings with the same seed save the same bytes (and a run that reads the model reproduces).
   */
  record(): Record<string, unknown> {
    if (!this.notes) return {};
    const history = this.notes.history.map(({ seconds: _s, sequencesPerSecond: _r, ...epoch }) => epoch);
    return { ...this.notes, history };
  }

  parts(): Promise<Record<string, Part>> {
    return transformerParts(this.network);
  }

  dispose(): void {
    this.model?.dispose();
    this.model = null;
  }

  static load(
    dir: ModelDir,
    params: Partial<TransformerScorerParams>,
    record: Record<string, unknown>,
  ): TransformerScorer {
    const scorer = new TransformerScorer(params);
    scorer.model = transformerFromDir(dir);
    scorer.notes = record as unknown as TrainingNotes;
    return scorer;
  }
}
