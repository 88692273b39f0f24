/**
 * The Detector's hyperparameters: one schema, one place for every default (the CLI's help texts read them from
 * here), validated with errors that name the key.
 */
import { z } from 'zod';
import { DEFAULT_MIN_COUNT, DEFAULT_WINDOW_SECONDS } from '../detect/notables.js';
import { cleanedLogTypes, cleanerFor } from '../cleaners/registry.js';
import { METRICS } from '../distance/metric.js';
import { BACKEND_NAMES } from '../model/backend-names.js';
import { PRESETS } from '../model/config.js';
import { SCORER_NAMES, type ScorerName } from '../model/scorer.js';
import {
  MARKOV_SCORER_DEFAULTS,
  SPLIT_SHARES,
  TRANSFORMER_SCORE_BY,
  TRANSFORMER_SCORER_DEFAULTS,
} from '../model/scorer-defaults.js';
import { DEFAULT_EPS, DEFAULT_METRIC, OUTLIER_WORDS } from '../sequence/cluster-defaults.js';
import { PRIVATE_NETWORKS } from '../sequence/direction.js';
import { DEFAULT_SEQ_LEN } from '../sequence/sequences.js';
import { ZeekseqError } from '../util/errors.js';
import { DEFAULT_SEED } from '../util/random.js';

/** The acceptance rate when none is given: one connection in a thousand of the threshold split above it. */
export const DEFAULT_ACCEPTANCE_RATE = 0.001;

const clusterSettings = z
  .object({
    eps: z.number().positive().optional(),
    minSamples: z.number().int().min(1).optional(),
    metric: z.enum(METRICS).optional(),
  })
  .strict();

const scorerName = z.enum(SCORER_NAMES);

export const detectorParamsSchema = z
  .object({
    /** The scorer whose scores, threshold and notables are the Detector's. */
    scorer: scorerName.default('transformer'),
    /** Scorers fitted beside it for evaluation and sweeps (default: the cheap ones it is not). */
    baselines: z.array(scorerName).optional(),
    /** Share of the threshold split allowed above the threshold. */
    acceptanceRate: z.number().gt(0).lt(1).default(DEFAULT_ACCEPTANCE_RATE),
    /** Keep connections seen only in conn (the original drops them). */
    keepConnOnly: z.boolean().default(false),
    /** Hosts whose connections (either end) are left out of training. */
    excludeIps: z.array(z.string()).default([]),
    /** Values of the conn log's `label` column whose connections are left out of training. */
    excludeLabels: z.array(z.string()).default([]),
    seed: z.number().int().default(DEFAULT_SEED),
    tokenizer: z
      .object({
        seqLen: z.number().int().min(3).default(DEFAULT_SEQ_LEN),
        eps: z.number().positive().default(DEFAULT_EPS),
        /** null: the original's rule, clamp(1% of a log's rows, 20, 1000). */
        minSamples: z.number().int().min(1).nullable().default(null),
        metric: z.enum(METRICS).default(DEFAULT_METRIC),
        perLog: z.record(z.string(), clusterSettings).default({}),
        noiseProfiles: z.number().int().min(0).default(0),
        /**
         * DBSCAN noise as one outlier word per log ('single') or by nearest cluster and distance ('graded').
         * Graded by default: connection AP up with Markov on Stratosphere 010 → 008 (0.967 → 0.9995) and every
         * synthetic set, the RITA beacon host 1st instead of 2nd; see docs/results.md, "Detection quality".
         */
        outliers: z.enum(OUTLIER_WORDS).default('graded'),
        /**
         * The conn word carries the connection's direction (in, out, int, ext). On by default: Stratosphere
         * 008 → 010 connection ROC-AUC 0.677 → 0.976 with Markov (graded words on too), 0.693 → 0.764 with the
         * transformer (direction alone); docs/results.md, "Detection quality".
         */
        direction: z.boolean().default(true),
        /** CIDR ranges of the local networks, for direction when conn has no local_orig/local_resp. */
        localNetworks: z.array(z.string()).default([...PRIVATE_NETWORKS]),
      })
      .strict()
      .prefault({}),
    transformer: z
      .object({
        preset: z.enum(Object.keys(PRESETS) as [keyof typeof PRESETS]).default(TRANSFORMER_SCORER_DEFAULTS.preset),
        epochs: z.number().int().min(1).default(TRANSFORMER_SCORER_DEFAULTS.epochs),
        batchSize: z.number().int().min(1).default(TRANSFORMER_SCORER_DEFAULTS.batchSize),
        learningRate: z.number().positive().default(TRANSFORMER_SCORER_DEFAULTS.learningRate),
        patience: z.number().int().min(1).default(TRANSFORMER_SCORER_DEFAULTS.patience),
        topK: z.number().int().min(0).default(TRANSFORMER_SCORER_DEFAULTS.topK),
        workers: z.number().int().min(1).default(TRANSFORMER_SCORER_DEFAULTS.workers),
        backend: z.enum(['auto', ...BACKEND_NAMES]).default(TRANSFORMER_SCORER_DEFAULTS.backend),
        /**
         * Mean surprisal by default: with it the transformer reaches connection ROC-AUC 0.952 / 0.997 on
         * Stratosphere 008 → 010 / 010 → 008 (0.683 / 0.927 with the original score) and AP 0.945 against
         * 0.903 on the synthetic network (graded and direction words on; docs/results.md, "Detection quality").
         */
        scoreBy: z.enum(TRANSFORMER_SCORE_BY).default(TRANSFORMER_SCORER_DEFAULTS.scoreBy),
      })
      .strict()
      .prefault({}),
    markov: z
      .object({
        smoothing: z.number().positive().default(MARKOV_SCORER_DEFAULTS.smoothing),
        scoreBy: z.enum(['mean', 'min']).default(MARKOV_SCORER_DEFAULTS.scoreBy),
      })
      .strict()
      .prefault({}),
    notables: z
      .object({
        /** Seconds a host's anomalies are gathered over. */
        window: z.number().positive().default(DEFAULT_WINDOW_SECONDS),
        /** Anomalies within the window that raise a notable. */
        minCount: z.number().int().min(1).default(DEFAULT_MIN_COUNT),
        host: z.enum(['orig', 'resp', 'both']).default('orig'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** What the constructor takes: any subset of the parameters. */
export type DetectorParamsInput = z.input<typeof detectorParamsSchema>;

/** Every parameter, defaults resolved; `cleaners` and `split` show what the Detector will use. */
export type DetectorParams = z.output<typeof detectorParamsSchema> & {
  baselines: ScorerName[];
  /** The cleaned log types and their features (the cleaner registry's at construction). */
  cleaners: Record<string, string[]>;
  /** Shares of the seeded connection split: train, validation (early stopping), threshold. */
  split: typeof SPLIT_SHARES;
};

/** One line per problem: `key.path: message`. */
export function schemaProblems(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`).join('; ');
}

/** Validates and fills in the parameters; `where` names their source (e.g. a config file) in the error. */
export function resolveDetectorParams(input: DetectorParamsInput = {}, where = 'Detector'): DetectorParams {
  const parsed = detectorParamsSchema.safeParse(input);
  if (!parsed.success) {
    throw new ZeekseqError(
      `${where}: ${schemaProblems(parsed.error)}. See DetectorParams (src/pipeline/detector-params.ts) for every setting and its default.`,
    );
  }
  const params = parsed.data;
  const baselines = (params.baselines ?? ['markov', 'frequency']).filter((name) => name !== params.scorer);
  const cleaners: Record<string, string[]> = {};
  for (const logType of cleanedLogTypes()) {
    const cleaner = cleanerFor(logType);
    if (cleaner) cleaners[logType] = cleaner.describe().map((feature) => feature.name);
  }
  return { ...params, baselines: [...new Set(baselines)], cleaners, split: { ...SPLIT_SHARES } };
}
