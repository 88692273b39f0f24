/**
 * The scorers by name: how the Detector makes one from its settings and reads one back from a model directory.
 * A new scorer is a class implementing Scorer (scorer.ts) in a file of its own, added here and to SCORER_NAMES.
 */
import { FrequencyScorer } from './frequency-scorer.js';
import { MarkovScorer, type MarkovScorerParams } from './markov-scorer.js';
import type { ModelDir } from './model-dir.js';
import { checkScorerName, type Scorer, type ScorerName } from './scorer.js';
import { TRANSFORMER_PARTS } from './model-dir.js';
import { TransformerScorer, type TransformerScorerParams } from './transformer-scorer.js';

/** Settings per scorer; each is filled from the scorer's defaults. */
export interface ScorerSettings {
  transformer?: Partial<TransformerScorerParams>;
  markov?: Partial<MarkovScorerParams>;
}

export { checkScorerName };

export function createScorer(name: ScorerName, settings: ScorerSettings = {}): Scorer {
  switch (name) {
    case 'transformer':
      return new TransformerScorer(settings.transformer);
    case 'markov':
      return new MarkovScorer(settings.markov);
    case 'frequency':
      return new FrequencyScorer();
  }
}

/** The model-directory parts a scorer needs, checked before loading. */
export function scorerParts(name: ScorerName): string[] {
  return name === 'transformer' ? [...TRANSFORMER_PARTS] : [name];
}

export function loadScorer(
  name: ScorerName,
  dir: ModelDir,
  settings: ScorerSettings,
  record: Record<string, unknown>,
): Scorer {
  switch (name) {
    case 'transformer':
      return TransformerScorer.load(dir, settings.transformer ?? {}, record);
    case 'markov':
      return MarkovScorer.load(dir, settings.markov ?? {});
    case 'frequency':
      return FrequencyScorer.load(dir);
  }
}
