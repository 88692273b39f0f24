/**
 * Training, as the original's train.py: read the logs, prepare them (duplicate uids, conn-only connections,
 * excluded hosts), learn cleaners, clusters and the vocabulary, build the sequences, train the transformer on the
 * 70% split, score the 10% threshold split, choose the threshold for the acceptance rate, and save everything
 * in one model directory.
 */
import type { Threshold } from '../detect/threshold.js';
import { bootstrapThreshold } from '../detect/threshold-bootstrap.js';
import { transformerConfig, type PresetName, type TransformerConfig } from '../model/config.js';
import { saveTransformer } from '../model/model-dir.js';
import { scoreRows } from '../model/score.js';
import { rowsOf, trainTransformer, type EpochReport } from '../model/train.js';
import type { BackendName } from '../model/backend.js';
import { describeBackend } from '../model/backend.js';
import { Tokenizer, type TokenizerOptions } from '../sequence/tokenizer.js';
import type { MetricName } from '../distance/metric.js';
import { ZeekseqError } from '../util/errors.js';
import { readZeekDir } from '../zeek/read-dir.js';
import type { ZeekDataset } from '../zeek/dataset.js';

export interface PrepareSettings {
  /** Keep connections seen only in conn (the original drops them). */
  keepConnOnly?: boolean;
  /** Hosts whose connections (either end) are left out, e.g. known-bad IPs kept out of training. */
  excludeIps?: readonly string[];
  /**
   * Connections whose `label` column (Stratosphere's `*.log.labeled`) holds one of these values are left out,
   * e.g. ['Malicious', 'Background'] to train on the Benign connections of a labeled capture.
   */
  excludeLabels?: readonly string[];
}

export interface TrainSettings extends PrepareSettings {
  /** Folder(s) of Zeek logs of normal traffic, read as one dataset. */
  data: string | readonly string[];
  model: string;
  /** Share of the threshold split allowed above the threshold (e.g. 0.001). */
  acceptanceRate: number;
  preset?: PresetName;
  seqLen?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  patience?: number;
  seed?: number;
  eps?: number;
  /** Tokenizer noise profiles: training noise sharing a categorical profile on at least this many rows is a word (0 = off). */
  noiseProfiles?: number;
  metric?: MetricName;
  backend?: BackendName | 'auto';
  /** Threads for training (data-parallel) and for scoring the threshold split (default 1). */
  workers?: number;
  log?: (line: string) => void;
}

/** What the model directory's `training.json` part records. */
export interface TrainingRecord {
  data: string[];
  settings: Omit<TrainSettings, 'log' | 'data' | 'model'>;
  connections: number;
  distinctSequences: number;
  truncated: number;
  vocabularySize: number;
  backend: string;
  history: EpochReport[];
  bestEpoch: number;
  stoppedEarly: boolean;
  split: { train: number; validation: number; threshold: number };
  seconds: number;
}

export interface TrainSummary {
  record: TrainingRecord;
  threshold: Threshold;
  config: TransformerConfig;
  tokenizer: Tokenizer;
}

/** Duplicate uids, conn-only connections (unless kept) and excluded hosts out; logs sorted by time. */
export function prepareForModel(dataset: ZeekDataset, settings: PrepareSettings): ZeekDataset {
  let prepared = dataset.prepare({ keepConnOnly: settings.keepConnOnly ?? false });
  const ips = settings.excludeIps ?? [];
  if (ips.length > 0) prepared = prepared.removeConnections({ 'id.orig_h': ips, 'id.resp_h': ips });
  const labels = settings.excludeLabels ?? [];
  if (labels.length > 0) {
    if (prepared.log('conn').columnIndex('label') < 0) {
      throw new ZeekseqError(
        `excluding labels ${labels.join(', ')}: the conn log of ${prepared.origin} has no label column; labeled captures (e.g. Stratosphere's conn.log.labeled) have one.`,
      );
    }
    prepared = prepared.removeConnections({ label: labels });
  }
  return prepared;
}

export async function trainPipeline(settings: TrainSettings): Promise<TrainSummary> {
  const log = settings.log ?? (() => {});
  const started = performance.now();
  if (!(settings.acceptanceRate > 0 && settings.acceptanceRate < 1)) {
    throw new ZeekseqError(
      `train: --acceptance-rate must be a share between 0 and 1 (e.g. 0.001), got ${settings.acceptanceRate}.`,
    );
  }
  const seed = settings.seed ?? 42;
  const raw = await readZeekDir(settings.data, { require: ['conn'] });
  log(`read ${raw.origin}`);
  const dataset = prepareForModel(raw, settings);
  const connections = dataset.log('conn').numRows();
  log(
    `${connections.toLocaleString('en-US')} connections after preparation (${raw.log('conn').numRows().toLocaleString('en-US')} read${settings.keepConnOnly ? ', conn-only kept' : ', conn-only dropped'}${settings.excludeIps?.length ? `, ${settings.excludeIps.length} hosts excluded` : ''})`,
  );
  if (connections < 20) {
    throw new ZeekseqError(
      `train: only ${connections} connections are left in ${raw.origin} after preparation; training needs at least 20 (try --keep-conn-only, or give more logs).`,
    );
  }

  const tokenizerOptions: TokenizerOptions = {
    seqLen: settings.seqLen,
    eps: settings.eps,
    metric: settings.metric,
    noiseProfiles: settings.noiseProfiles,
    onLog: (type, detail) => log(`  ${type}: ${detail}`),
  };
  log('cleaning and clustering each log type');
  const tokenizer = new Tokenizer(tokenizerOptions);
  const { sequences } = tokenizer.fitTransform(dataset);
  log(
    `${tokenizer.vocabulary.size} tokens; ${sequences.counts.length.toLocaleString('en-US')} distinct sequences of ${tokenizer.seqLen} tokens; ${sequences.truncated.toLocaleString('en-US')} connections truncated`,
  );

  const config = transformerConfig({
    vocabSize: tokenizer.vocabulary.size,
    seqLen: tokenizer.seqLen,
    preset: settings.preset,
  });
  const trained = await trainTransformer(sequences, config, {
    seed,
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    learningRate: settings.learningRate,
    patience: settings.patience,
    backend: settings.backend,
    workers: settings.workers,
    onEpoch: (r) =>
      log(
        `  epoch ${r.epoch}: train loss ${r.trainLoss.toFixed(4)}, validation loss ${r.validationLoss.toFixed(4)}, masked accuracy ${r.accuracy.toFixed(3)}, macro-F1 ${r.macroF1.toFixed(3)} (${Math.round(r.sequencesPerSecond)} seq/s)`,
      ),
  });
  log(
    `trained on ${describeBackend(trained.backend)}; best epoch ${trained.bestEpoch}${trained.stoppedEarly ? ' (stopped early)' : ''}`,
  );

  const split = trained.split.threshold;
  const scored = await scoreRows(trained.model, rowsOf(sequences, split), {
    topK: 0,
    workers: settings.workers,
    backend: settings.backend,
  });
  const interval = bootstrapThreshold(scored.score, settings.acceptanceRate, split.counts, { seed });
  const threshold = interval.point;
  log(
    `threshold ${threshold.threshold.toFixed(6)} (bootstrap 5–95%: ${interval.lower.toFixed(6)}–${interval.upper.toFixed(6)}): ${threshold.above} of ${threshold.total} threshold-split connections above it (acceptance rate ${settings.acceptanceRate})`,
  );
  if (interval.warning) log(`warning: ${interval.warning}`);

  const { log: _log, data: _data, model: _model, ...kept } = settings;
  const record: TrainingRecord = {
    data: typeof settings.data === 'string' ? [settings.data] : [...settings.data],
    settings: kept,
    connections,
    distinctSequences: sequences.counts.length,
    truncated: sequences.truncated,
    vocabularySize: tokenizer.vocabulary.size,
    backend: describeBackend(trained.backend),
    history: trained.history,
    bestEpoch: trained.bestEpoch,
    stoppedEarly: trained.stoppedEarly,
    split: {
      train: trained.split.train.connections,
      validation: trained.split.validation.connections,
      threshold: split.connections,
    },
    seconds: (performance.now() - started) / 1000,
  };
  await saveTransformer(trained.model, settings.model, {
    tokenizer: tokenizer.toJSON(),
    threshold: {
      ...threshold,
      interval: {
        lower: interval.lower,
        upper: interval.upper,
        quantiles: interval.quantiles,
        resamples: interval.resamples,
      },
      thresholdScores: Array.from(scored.score),
      thresholdCounts: Array.from(split.counts),
    },
    training: record,
    // the training rows and the split seed, so baselines (src/pipeline/scorers.ts) fit on the same train split
    sequences: {
      seqLen: sequences.seqLen,
      seed,
      distinct: Array.from(sequences.distinct),
      counts: Array.from(sequences.counts),
    },
  });
  trained.model.dispose();
  log(`saved the model directory ${settings.model} in ${record.seconds.toFixed(1)} s`);
  return { record, threshold, config, tokenizer };
}
