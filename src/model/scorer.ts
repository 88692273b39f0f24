/**
 * The one shape every sequence scorer has, so the Detector, evaluation and sweeps treat them alike: `fit` learns
 * from token rows (the 70% train part of the seeded split; the transformer also uses the 20% validation part for
 * early stopping), `score` gives one score per row — higher is more anomalous — and `parts` is the learned state
 * as model-directory parts, read back by the scorer's `load` (registered in scorers.ts).
 */
import { ZeekseqError } from '../util/errors.js';
import type { EventStream } from '../util/events.js';
import type { Part } from './model-dir.js';
import type { TokenRows } from './token-rows.js';
import type { ConnectionSplit } from './train.js';

export const SCORER_NAMES = ['transformer', 'markov', 'frequency'] as const;
export type ScorerName = (typeof SCORER_NAMES)[number];

/** A scorer's name, checked; `where` names the option or setting in the error. */
export function checkScorerName(name: string, where = 'scorer'): ScorerName {
  if (!(SCORER_NAMES as readonly string[]).includes(name))
    throw new ZeekseqError(`${where} ${JSON.stringify(name)} is unknown; use one of ${SCORER_NAMES.join(', ')}.`);
  return name as ScorerName;
}

/** What `fit` gets besides the rows. */
export interface FitContext {
  /** Token ids are 0..vocabularySize-1. */
  vocabularySize: number;
  seed: number;
  /** The seeded 70/20/10 split of the rows' connections. */
  split: ConnectionSplit;
  events: EventStream;
}

/** Per-token detail of the transformer: 1 − p of each true token and the model's top-k tokens there. */
export interface TokenDetail {
  /** Rows × (seqLen − 1), positions 1..seqLen−1; NaN past a row's end. */
  tokenAnomaly: Float32Array;
  /** Rows × (seqLen − 1) × topK token ids; −1 past a row's end. */
  expected: Int32Array;
  topK: number;
}

export interface RowScores {
  /** One score per row; higher is more anomalous. */
  score: Float64Array;
  /** Per-token detail, where the scorer has it. */
  tokens?: TokenDetail;
}

export interface Scorer {
  readonly name: ScorerName;
  /** Its settings as JSON, defaults resolved. */
  readonly params: object;
  fit(rows: TokenRows, context: FitContext): Promise<void>;
  score(rows: TokenRows, events?: EventStream): Promise<RowScores>;
  /** What training found worth keeping beyond the learned state (epochs, backend), as JSON. */
  record(): Record<string, unknown>;
  /** The learned state as model-directory parts. */
  parts(): Promise<Record<string, Part>>;
  /** Frees what it holds outside the JavaScript heap (tfjs tensors). */
  dispose(): void;
}
