/**
 * The transformer's architecture: sizes, dropout and initialisation, with named presets. `original` is the
 * configuration of the original project's BertConfig (768 wide, 12 layers of 12 heads, feed-forward 1024);
 * `tiny` (the default) and `small` train in minutes on a CPU and suit vocabularies of a few hundred tokens.
 */
import { ZeekseqError } from '../util/errors.js';
import { FIRST_WORD } from '../sequence/vocabulary.js';

export interface TransformerConfig {
  /** Token ids are 0..vocabSize-1, the five special tokens included. */
  vocabSize: number;
  /** Positions per sequence, CLS and SEP included (the sequence builder's seqLen). */
  seqLen: number;
  /** Width of the token representations. */
  hidden: number;
  /** Number of encoder layers. */
  layers: number;
  /** Attention heads per layer; must divide `hidden`. */
  heads: number;
  /** Width of the feed-forward block. */
  ff: number;
  /** Dropout on embeddings, attention outputs and feed-forward outputs during training. */
  dropout: number;
  /** Dropout on attention probabilities during training. */
  attentionDropout: number;
  /** Standard deviation of the normal weight initialisation (BERT's initializer_range). */
  initRange: number;
  /** Epsilon of every layer norm. */
  layerNormEps: number;
}

export type PresetName = 'tiny' | 'small' | 'original';

type Sizes = Pick<TransformerConfig, 'hidden' | 'layers' | 'heads' | 'ff'>;

export const PRESETS: Readonly<Record<PresetName, Readonly<Sizes>>> = {
  tiny: { hidden: 64, layers: 2, heads: 4, ff: 128 },
  small: { hidden: 128, layers: 4, heads: 4, ff: 256 },
  original: { hidden: 768, layers: 12, heads: 12, ff: 1024 },
};

export const DEFAULT_PRESET: PresetName = 'tiny';

/** BERT's defaults, as the original used them. */
const COMMON = { dropout: 0.1, attentionDropout: 0.1, initRange: 0.02, layerNormEps: 1e-12 };

export type TransformerConfigInput = Pick<TransformerConfig, 'vocabSize' | 'seqLen'> &
  Partial<Omit<TransformerConfig, 'vocabSize' | 'seqLen'>> & { preset?: PresetName };

/** A validated configuration: the preset's sizes (default `tiny`), overridden by any size given. */
export function transformerConfig(input: TransformerConfigInput): TransformerConfig {
  const presetName = input.preset ?? DEFAULT_PRESET;
  const preset = PRESETS[presetName];
  if (!preset) {
    throw new ZeekseqError(
      `model config: unknown preset "${presetName}"; use one of ${Object.keys(PRESETS).join(', ')}.`,
    );
  }
  const { preset: _preset, ...given } = input;
  const defined = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  return validateConfig({ ...COMMON, ...preset, ...defined } as TransformerConfig);
}

/** Checks every field, naming each one that is wrong and what it must be; returns the config unchanged. */
export function validateConfig(config: TransformerConfig): TransformerConfig {
  const problems: string[] = [];
  const whole = (name: keyof TransformerConfig, min: number) => {
    const value = config[name];
    if (!(Number.isInteger(value) && value >= min))
      problems.push(`${name} must be a whole number >= ${min}, got ${value}`);
  };
  const fraction = (name: keyof TransformerConfig) => {
    const value = config[name];
    if (!(typeof value === 'number' && value >= 0 && value < 1))
      problems.push(`${name} must be in [0, 1), got ${value}`);
  };
  const positive = (name: keyof TransformerConfig) => {
    const value = config[name];
    if (!(typeof value === 'number' && value > 0 && Number.isFinite(value)))
      problems.push(`${name} must be a positive number, got ${value}`);
  };
  // The special tokens and at least one word: a model of specials alone has nothing to learn.
  whole('vocabSize', FIRST_WORD + 1);
  whole('seqLen', 2);
  whole('hidden', 1);
  whole('layers', 1);
  whole('heads', 1);
  whole('ff', 1);
  fraction('dropout');
  fraction('attentionDropout');
  positive('initRange');
  positive('layerNormEps');
  if (
    Number.isInteger(config.hidden) &&
    Number.isInteger(config.heads) &&
    config.heads > 0 &&
    config.hidden % config.heads !== 0
  ) {
    problems.push(`heads (${config.heads}) must divide hidden (${config.hidden})`);
  }
  const known = new Set([
    'vocabSize',
    'seqLen',
    'hidden',
    'layers',
    'heads',
    'ff',
    'dropout',
    'attentionDropout',
    'initRange',
    'layerNormEps',
  ]);
  for (const key of Object.keys(config)) if (!known.has(key)) problems.push(`unknown setting "${key}"`);
  if (problems.length > 0) {
    throw new ZeekseqError(
      `model config: ${problems.join('; ')}. Fix these settings (or start from a preset: ${Object.keys(PRESETS).join(', ')}).`,
    );
  }
  return config;
}
