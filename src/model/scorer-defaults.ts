/**
 * The scorers' and training's default settings, apart from the modules that use them (which load TensorFlow.js)
 * so that the Detector's parameters and the CLI's help read them without loading it.
 */
import { DEFAULT_SEED } from '../util/random.js';
import { DEFAULT_PRESET } from './config.js';
import type { MarkovScorerParams } from './markov-scorer.js';
import type { ResolvedOptions } from './train.js';
import type { TransformerScorerParams } from './transformer-scorer.js';

/** How the transformer turns its per-token probabilities into a row's score (score.ts). */
export const TRANSFORMER_SCORE_BY = ['original', 'surprisal'] as const;
export type TransformerScoreBy = (typeof TRANSFORMER_SCORE_BY)[number];

export const TRAIN_DEFAULTS: ResolvedOptions = {
  learningRate: 1e-3,
  batchSize: 256,
  epochs: 10,
  patience: 2,
  seed: DEFAULT_SEED,
  workers: 1,
};

/** Shares of the connections for training, validation (early stopping) and the threshold, as the original. */
export const SPLIT_SHARES = { train: 0.7, validation: 0.2, threshold: 0.1 } as const;

export const TRANSFORMER_SCORER_DEFAULTS: TransformerScorerParams = {
  preset: DEFAULT_PRESET,
  epochs: TRAIN_DEFAULTS.epochs,
  batchSize: TRAIN_DEFAULTS.batchSize,
  learningRate: TRAIN_DEFAULTS.learningRate,
  patience: TRAIN_DEFAULTS.patience,
  topK: 3,
  workers: TRAIN_DEFAULTS.workers,
  backend: 'auto',
  scoreBy: 'surprisal',
};

export const MARKOV_SCORER_DEFAULTS: MarkovScorerParams = { smoothing: 0.01, scoreBy: 'mean' };
