/**
 * The tokenizer option sets `zeekseq quality` compares, by name. Apart from compare-options.ts so that the
 * command can list them without loading the Detector (and TensorFlow.js) at start-up.
 */
import type { DetectorParamsInput } from './detector-params.js';

type TokenizerInput = NonNullable<DetectorParamsInput['tokenizer']>;

/** The option sets compared by name: each is laid over the base parameters' tokenizer settings. */
export const QUALITY_VARIANTS: Record<string, TokenizerInput> = {
  single: { outliers: 'single', direction: false },
  graded: { outliers: 'graded', direction: false },
  direction: { outliers: 'single', direction: true },
  'graded+direction': { outliers: 'graded', direction: true },
};
