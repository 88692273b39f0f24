/**
 * The whole Zeek model as one scikit-learn-style estimator: hyperparameters in the constructor (`params`, defaults
 * resolved), `fit` learns cleaners, clusters, the vocabulary, the scorer and the threshold from normal traffic,
 * `score` and `detect` apply them to new logs, and `save`/`load` round-trip everything through one model
 * directory. What it does goes to `events` (progress, metrics, warnings, data problems).
 */
import type { ColumnTable } from 'arquero';
import * as aq from 'arquero';
import { z } from 'zod';
import { HostResolver, leasesFromDhcp } from '../detect/host-identity.js';
import { bootstrapThreshold, type ThresholdInterval } from '../detect/threshold-bootstrap.js';
import { chooseBackend } from '../model/backend.js';
import { readModelDir, writeModelDir, type ModelDirManifest, type Part } from '../model/model-dir.js';
import type { RowScores, Scorer, ScorerName } from '../model/scorer.js';
import { createScorer, loadScorer, scorerParts, type ScorerSettings } from '../model/scorers.js';
import { type ConnectionSplit, rowsOf, splitConnections } from '../model/train.js';
import { TransformerScorer, type TransformerScorerParams } from '../model/transformer-scorer.js';
import { type Tokenized, Tokenizer, type TokenizerJSON, type TokenizerOptions } from '../sequence/tokenizer.js';
import { activeRun } from '../track/active-run.js';
import { ZeekseqError } from '../util/errors.js';
import { EventStream, quietEvents } from '../util/events.js';
import { ChunkJoiner } from '../zeek/chunk-joiner.js';
import type { ZeekDataset } from '../zeek/dataset.js';
import { columnValues } from '../zeek/log-rows.js';
import type { DataProblem } from '../zeek/problems.js';
import { type Detection, sequenceText, tokenDetail } from './detection.js';
import {
  type DetectorParams,
  type DetectorParamsInput,
  detectorParamsSchema,
  resolveDetectorParams,
  schemaProblems,
} from './detector-params.js';
import { typedFrom } from '../util/typed-from.js';
import { formatCount } from '../util/format-count.js';

export interface DetectOptions {
  /** Which of the Detector's scorers (default its own). */
  scorer?: ScorerName;
  /** Keep conn-only connections here (default: as in training). */
  keepConnOnly?: boolean;
}

/** Training needs at least this many connections after preparation. */
export const MIN_TRAINING_CONNECTIONS = 20;

export const DETECTOR_FORMAT = 'zeekseq-detector';
export const DETECTOR_VERSION = 1;

/** What fitting found, saved with the model. */
export interface TrainingRecord {
  /** Where the training data came from. */
  origin: string;
  connectionsRead: number;
  connections: number;
  distinctSequences: number;
  truncated: number;
  vocabularySize: number;
  split: { train: number; validation: number; threshold: number };
  /** Per scorer, what it keeps of its training (the transformer's epochs and backend). */
  scorers: Partial<Record<ScorerName, Record<string, unknown>>>;
}

/** Each scorer's scores on the threshold split: how evaluation and sweeps set its threshold at any rate. */
export interface ThresholdSplitScores {
  scores: number[];
  counts: number[];
}

interface DetectorFile {
  format: typeof DETECTOR_FORMAT;
  version: number;
  params: DetectorParamsInput;
  record: TrainingRecord;
  threshold: Omit<ThresholdInterval, 'warning'> & { warning: string | null };
  thresholdSplit: Partial<Record<ScorerName, ThresholdSplitScores>>;
}

const thresholdSchema = z.object({
  threshold: z.number().refine(Number.isFinite, 'must be a finite number'),
  acceptanceRate: z.number().gt(0).lt(1),
  above: z.number().int().min(0),
  total: z.number().int().min(1),
});
const detectorFileSchema = z.object({
  format: z.literal(DETECTOR_FORMAT),
  version: z.number().int().min(1).max(DETECTOR_VERSION),
  params: z.record(z.string(), z.unknown()),
  record: z.object({ vocabularySize: z.number().int().min(5), connections: z.number().int().min(1) }).passthrough(),
  threshold: z
    .object({
      point: thresholdSchema,
      lower: z.number(),
      upper: z.number(),
      quantiles: z.tuple([z.number(), z.number()]),
      resamples: z.number(),
      seed: z.number(),
      warning: z.string().nullable(),
    })
    .passthrough(),
  thresholdSplit: z.record(
    z.string(),
    z.object({ scores: z.array(z.number()), counts: z.array(z.number().int().min(1)) }),
  ),
});

/** Duplicate uids, conn-only connections (unless kept) and excluded hosts and labels out; logs sorted by time. */
export function prepareForModel(
  dataset: ZeekDataset,
  settings: Pick<DetectorParams, 'keepConnOnly' | 'excludeIps' | 'excludeLabels'>,
): ZeekDataset {
  let prepared = dataset.prepare({ keepConnOnly: settings.keepConnOnly });
  const ips = settings.excludeIps;
  if (ips.length > 0) prepared = prepared.removeConnections({ 'id.orig_h': ips, 'id.resp_h': ips });
  const labels = settings.excludeLabels;
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

function tokenizerOptions(params: DetectorParams): TokenizerOptions {
  const { seqLen, eps, minSamples, metric, perLog, noiseProfiles, outliers, direction, localNetworks } =
    params.tokenizer;
  return {
    seqLen,
    eps,
    metric,
    perLog,
    noiseProfiles,
    outliers,
    direction,
    localNetworks,
    ...(minSamples === null ? {} : { minSamples }),
  };
}

function scorerSettings(params: DetectorParams): ScorerSettings {
  return { transformer: params.transformer, markov: params.markov };
}

/** The problems a read recorded, as events (the dataset keeps at most 100 per file and kind). */
export function emitProblems(events: EventStream, problems: readonly DataProblem[]): void {
  for (const problem of problems) events.problem(problem);
}

export class Detector {
  /** Every hyperparameter, defaults resolved (JSON). */
  readonly params: DetectorParams;
  /** Progress, metrics, warnings and data problems of fit and score; subscribe with `events.on(...)`. */
  readonly events: EventStream;
  private readonly input: DetectorParamsInput;
  private fittedState: {
    tokenizer: Tokenizer;
    scorers: Map<ScorerName, Scorer>;
    threshold: ThresholdInterval;
    thresholdSplit: Partial<Record<ScorerName, ThresholdSplitScores>>;
    record: TrainingRecord;
  } | null = null;

  constructor(params: DetectorParamsInput = {}, events: EventStream = new EventStream()) {
    this.input = structuredClone(params);
    this.params = resolveDetectorParams(params);
    this.events = events;
  }

  private get state() {
    if (!this.fittedState)
      throw new ZeekseqError(
        'this Detector is not fitted; call `await detector.fit(data)` or load one with `await Detector.load(dir)`.',
      );
    return this.fittedState;
  }

  get fitted(): boolean {
    return this.fittedState !== null;
  }

  get tokenizer(): Tokenizer {
    return this.state.tokenizer;
  }

  /** The Detector's scorer, then its baselines. */
  get scorerNames(): ScorerName[] {
    return [...this.state.scorers.keys()];
  }

  scorer(name: ScorerName = this.params.scorer): Scorer {
    const scorer = this.state.scorers.get(name);
    if (!scorer) throw new ZeekseqError(`this Detector has no ${name} scorer; it has ${this.scorerNames.join(', ')}.`);
    return scorer;
  }

  /** The threshold chosen at the acceptance rate on the threshold split, with its bootstrap interval. */
  get threshold(): ThresholdInterval {
    return this.state.threshold;
  }

  /** Each scorer's scores on the threshold split, for thresholds at other rates. */
  get thresholdSplit(): Partial<Record<ScorerName, ThresholdSplitScores>> {
    return this.state.thresholdSplit;
  }

  get record(): TrainingRecord {
    return this.state.record;
  }

  /**
   * Learns everything from normal traffic (what `readZeekDir` returns, prepared or not). Inside a tracked run
   * (`zs.startRun`, or any command) the resolved parameters and every metric are recorded in it.
   */
  async fit(data: ZeekDataset): Promise<this> {
    return this.recorded(() => this.fitData(data));
  }

  /** Records the parameters and the events of `work` in the active run, if there is one. */
  private async recorded<T>(work: () => Promise<T>): Promise<T> {
    const run = activeRun();
    run?.logParams({ ...this.params });
    const stop = run?.listen(this.events);
    try {
      return await work();
    } finally {
      stop?.();
    }
  }

  private async fitData(data: ZeekDataset): Promise<this> {
    const events = this.events;
    const params = this.params;
    emitProblems(events, data.problems);
    const connectionsRead = data.log('conn').numRows();
    const dataset = prepareForModel(data, params);
    const connections = dataset.log('conn').numRows();
    events.info(
      `${formatCount(connections)} connections after preparation (${formatCount(connectionsRead)} read${params.keepConnOnly ? ', conn-only kept' : ', conn-only dropped'}${params.excludeIps.length ? `, ${params.excludeIps.length} hosts excluded` : ''})`,
    );
    if (connections < MIN_TRAINING_CONNECTIONS) {
      throw new ZeekseqError(
        `training: only ${connections} connections are left in ${data.origin} after preparation; training needs at least ${MIN_TRAINING_CONNECTIONS} (try keepConnOnly / --keep-conn-only, or give more logs).`,
      );
    }
    events.info('cleaning and clustering each log type');
    const tokenizer = new Tokenizer(tokenizerOptions(params));
    const { sequences } = tokenizer.fitTransform(dataset, events);
    const vocabularySize = tokenizer.vocabulary.size;
    events.info(
      `${vocabularySize} tokens; ${formatCount(sequences.counts.length)} distinct sequences of ${tokenizer.seqLen} tokens; ${formatCount(sequences.truncated)} connections truncated`,
    );
    events.metric('connections', connections);
    events.metric('vocabulary_size', vocabularySize);
    events.metric('distinct_sequences', sequences.counts.length);

    const split = splitConnections(sequences.counts, params.seed);
    const scorers = new Map<ScorerName, Scorer>();
    const thresholdRows = rowsOf(sequences, split.threshold);
    const thresholdSplit: Partial<Record<ScorerName, ThresholdSplitScores>> = {};
    const records: TrainingRecord['scorers'] = {};
    for (const name of [params.scorer, ...params.baselines]) {
      events.info(`fitting the ${name} scorer`);
      const scorer = createScorer(name, scorerSettings(params));
      await scorer.fit(sequences, { vocabularySize, seed: params.seed, split, events });
      scorers.set(name, scorer);
      const scored = await scorer.score(thresholdRows, events);
      thresholdSplit[name] = { scores: Array.from(scored.score), counts: Array.from(split.threshold.counts) };
      records[name] = scorer.record();
    }
    const primary = thresholdSplit[params.scorer]!;
    const threshold = bootstrapThreshold(primary.scores, params.acceptanceRate, primary.counts, { seed: params.seed });
    events.info(
      `threshold ${threshold.point.threshold.toFixed(6)} (bootstrap 5–95%: ${threshold.lower.toFixed(6)}–${threshold.upper.toFixed(6)}): ${threshold.point.above} of ${threshold.point.total} threshold-split connections above it (acceptance rate ${params.acceptanceRate})`,
    );
    events.metric('threshold', threshold.point.threshold);
    events.metric('threshold_lower', threshold.lower);
    events.metric('threshold_upper', threshold.upper);
    if (threshold.warning) events.warn(threshold.warning);

    for (const scorer of this.fittedState?.scorers.values() ?? []) scorer.dispose();
    this.fittedState = {
      tokenizer,
      scorers,
      threshold,
      thresholdSplit,
      record: {
        origin: data.origin,
        connectionsRead,
        connections,
        distinctSequences: sequences.counts.length,
        truncated: sequences.truncated,
        vocabularySize,
        split: splitSizes(split),
        scorers: records,
      },
    };
    return this;
  }

  /**
   * Scores every connection of `data` with the Detector's scorer (or another of its scorers), keeping everything
   * a writer or a notebook needs to explain the scores.
   */
  async detect(data: ZeekDataset, options: DetectOptions = {}): Promise<Detection> {
    return this.recorded(() => this.detectData(data, options));
  }

  private async detectData(data: ZeekDataset, options: DetectOptions): Promise<Detection> {
    emitProblems(this.events, data.problems);
    const dataset = prepareForModel(data, {
      keepConnOnly: options.keepConnOnly ?? this.params.keepConnOnly,
      excludeIps: [],
      excludeLabels: [],
    });
    const tokenized = this.tokenizer.transform(dataset);
    if (tokenized.unseenLogTypes.length > 0) {
      this.events.warn(`log types training never saw, scored as [UNK]: ${tokenized.unseenLogTypes.join(', ')}`);
    }
    const { sequences } = tokenized;
    this.events.info(
      `${formatCount(sequences.uids.length)} connections, ${formatCount(sequences.counts.length)} distinct sequences`,
    );
    const detection = await this.scoreTokenized(
      data.log('conn'),
      dataset,
      tokenized,
      options.scorer ?? this.params.scorer,
    );
    this.events.metric('connections_scored', detection.connectionScores.length);
    this.events.metric('anomalies', countAbove(detection.connectionScores, detection.threshold.point.threshold));
    return detection;
  }

  /** Scores the sequences of prepared logs; `rawConn` is the conn log as read. */
  private async scoreTokenized(
    rawConn: ColumnTable,
    dataset: ZeekDataset,
    tokenized: Tokenized,
    scorerName: ScorerName,
    scoreEvents = this.events,
  ): Promise<Detection> {
    const { tokenizer } = this.state;
    const scorer = this.scorer(scorerName);
    const { sequences } = tokenized;
    const scores: RowScores = await scorer.score(sequences, scoreEvents);
    const connectionScores = typedFrom(Float64Array, sequences.distinctOf, (d) => scores.score[d]);
    const threshold = scorerName === this.params.scorer ? this.threshold : this.thresholdAt(scorerName);
    const dhcp = dataset.has('dhcp') ? leasesFromDhcp(dataset.log('dhcp')) : [];
    return {
      rawConn,
      dataset,
      tokenizer,
      tokenized,
      scorer: scorerName,
      scores,
      connectionScores,
      threshold,
      resolver: new HostResolver(dhcp),
    };
  }

  /**
   * Scores logs that arrive in time-ordered chunks (readZeekChunks), holding a few chunks rather than all of
   * them: each chunk's connections are prepared as `detect` prepares the whole (ChunkJoiner: joined with the rows
   * of the chunks beside theirs, duplicates and conn-only connections out) and scored, one chunk late. Yields a
   * Detection per chunk settled, each with the connections settled then; the scores equal `detect`'s on the same
   * data (see ChunkJoiner for when). A Detection's resolver knows only its own DHCP rows: gather the leases of
   * every chunk for host identity across chunks (as inferStreamToFiles does).
   */
  async *detectStream(chunks: AsyncIterable<ZeekDataset>, options: DetectOptions = {}): AsyncGenerator<Detection> {
    const run = activeRun();
    run?.logParams({ ...this.params });
    const stop = run?.listen(this.events);
    const scorerName = options.scorer ?? this.params.scorer;
    const joiner = new ChunkJoiner({ keepConnOnly: options.keepConnOnly ?? this.params.keepConnOnly });
    const unseen = new Set<string>();
    let scored = 0;
    let anomalies = 0;
    const score = async (dataset: ZeekDataset): Promise<Detection | null> => {
      if ((dataset.logs.get('conn')?.numRows() ?? 0) === 0) return null;
      const tokenized = this.tokenizer.transform(dataset);
      // A chunk's few distinct sequences score in a moment: no progress bar per chunk.
      const detection = await this.scoreTokenized(dataset.log('conn'), dataset, tokenized, scorerName, quietEvents());
      for (const type of detection.tokenized.unseenLogTypes) {
        if (unseen.has(type)) continue;
        unseen.add(type);
        this.events.warn(`log type training never saw, scored as [UNK]: ${type}`);
      }
      scored += detection.connectionScores.length;
      anomalies += countAbove(detection.connectionScores, detection.threshold.point.threshold);
      return detection;
    };
    try {
      for await (const chunk of chunks) {
        emitProblems(this.events, chunk.problems);
        const detection = await score(joiner.push(chunk).dataset);
        if (detection) yield detection;
      }
      const last = await score(joiner.finish().dataset);
      if (last) yield last;
      this.events.metric('connections_scored', scored);
      this.events.metric('anomalies', anomalies);
    } finally {
      stop?.();
    }
  }

  /** Another of the Detector's scorers on the connections of a detection: one score per connection. */
  async rescore(detection: Detection, name: ScorerName): Promise<Float64Array> {
    const { sequences } = detection.tokenized;
    if (name === detection.scorer) return detection.connectionScores;
    const scores = await this.scorer(name).score(sequences, this.events);
    return typedFrom(Float64Array, sequences.distinctOf, (d) => scores.score[d]);
  }

  /** A scorer's threshold at the Detector's acceptance rate, from its threshold-split scores. */
  thresholdAt(name: ScorerName, acceptanceRate = this.params.acceptanceRate): ThresholdInterval {
    const split = this.state.thresholdSplit[name];
    if (!split) throw new ZeekseqError(`this Detector kept no threshold-split scores for ${name}.`);
    return bootstrapThreshold(split.scores, acceptanceRate, split.counts, { seed: this.params.seed });
  }

  /**
   * One row per scored connection: uid, ts, orig_h, resp_h, score, anomalous, its tokens, and with the transformer
   * each token's anomaly and the expected tokens.
   */
  async score(data: ZeekDataset): Promise<ColumnTable> {
    return detectionTable(await this.detect(data));
  }

  /** Saves everything in one model directory (written aside and moved into place). */
  async save(dir: string): Promise<ModelDirManifest> {
    const state = this.state;
    const file: DetectorFile = {
      format: DETECTOR_FORMAT,
      version: DETECTOR_VERSION,
      params: savedParams(this.input, this.params),
      record: state.record,
      threshold: state.threshold,
      thresholdSplit: state.thresholdSplit,
    };
    const parts: Record<string, Part> = {
      detector: { kind: 'json', file: 'detector.json', value: file },
      tokenizer: { kind: 'json', file: 'tokenizer.json', value: state.tokenizer.toJSON() },
    };
    for (const scorer of state.scorers.values()) {
      for (const [name, part] of Object.entries(await scorer.parts())) {
        if (name in parts)
          throw new ZeekseqError(`model directory: two parts named ${name}; rename one scorer's part.`);
        parts[name] = part;
      }
    }
    const manifest = await writeModelDir(dir, parts);
    this.events.artifact(dir, 'model');
    return manifest;
  }

  /**
   * Reads a model directory written by `save`, checking its manifest, schema and ranges first. `runtime` sets how
   * the transformer runs here (threads, backend), which does not change its scores.
   */
  static async load(
    dir: string,
    options: { events?: EventStream; runtime?: Partial<Pick<TransformerScorerParams, 'workers' | 'backend'>> } = {},
  ): Promise<Detector> {
    const events = options.events ?? new EventStream();
    const modelDir = await readModelDir(dir, ['detector', 'tokenizer']);
    const raw = modelDir.json<unknown>('detector');
    const checked = detectorFileSchema.safeParse(raw);
    if (!checked.success) {
      throw new ZeekseqError(
        `model directory ${dir}: detector.json does not hold a valid Detector (${schemaProblems(checked.error)}); retrain with \`zeekseq train\`.`,
      );
    }
    const file = raw as DetectorFile;
    const runtime = Object.fromEntries(Object.entries(options.runtime ?? {}).filter(([, v]) => v !== undefined));
    const detector = new Detector(
      {
        ...file.params,
        tokenizer: { ...UNSAVED_BEFORE.tokenizer, ...(file.params.tokenizer ?? {}) },
        transformer: { ...UNSAVED_BEFORE.transformer, ...(file.params.transformer ?? {}), ...runtime },
      },
      events,
    );
    const tokenizer = Tokenizer.fromJSON(modelDir.json<TokenizerJSON>('tokenizer'));
    if (tokenizer.vocabulary.size !== file.record.vocabularySize) {
      throw new ZeekseqError(
        `model directory ${dir}: the tokenizer has ${tokenizer.vocabulary.size} tokens but detector.json records ${file.record.vocabularySize}; the parts come from different models — retrain.`,
      );
    }
    const names = [detector.params.scorer, ...detector.params.baselines];
    const missing = names.flatMap(scorerParts).filter((part) => !(part in modelDir.manifest.parts));
    if (missing.length > 0) {
      throw new ZeekseqError(
        `model directory ${dir}: parts ${missing.join(', ')} of its scorers are not listed in manifest.json; retrain with \`zeekseq train\`.`,
      );
    }
    // The transformer's weights become tensors as they load, which needs the backend ready (wasm starts async).
    if (names.includes('transformer')) await chooseBackend({ backend: detector.params.transformer.backend });
    const scorers = new Map<ScorerName, Scorer>();
    for (const name of names) {
      const scorer = loadScorer(name, modelDir, scorerSettings(detector.params), file.record.scorers[name] ?? {});
      checkScorerShape(dir, scorer, tokenizer);
      scorers.set(name, scorer);
      if (!file.thresholdSplit[name]) {
        throw new ZeekseqError(
          `model directory ${dir}: detector.json keeps no threshold-split scores for ${name}; retrain.`,
        );
      }
    }
    detector.fittedState = {
      tokenizer,
      scorers,
      threshold: file.threshold,
      thresholdSplit: file.thresholdSplit,
      record: file.record,
    };
    return detector;
  }

  /** Frees the scorers' tensors. */
  dispose(): void {
    for (const scorer of this.fittedState?.scorers.values() ?? []) scorer.dispose();
  }

  toJSON(): DetectorParams {
    return this.params;
  }

  /** Validates parameters without building a Detector (e.g. a config file), naming the source in errors. */
  static checkParams(params: unknown, where: string): DetectorParamsInput {
    const parsed = detectorParamsSchema.safeParse(params);
    if (!parsed.success) throw new ZeekseqError(`${where}: ${schemaProblems(parsed.error)}.`);
    return params as DetectorParamsInput;
  }
}

function countAbove(scores: Float64Array, threshold: number): number {
  let n = 0;
  for (const score of scores) if (score > threshold) n++;
  return n;
}

/**
 * Settings whose defaults changed (docs/results.md, "Detection quality"): a model saved before they were written
 * into detector.json was trained with these values, not with today's defaults.
 */
const UNSAVED_BEFORE = {
  tokenizer: { outliers: 'single', direction: false },
  transformer: { scoreBy: 'original' },
} as const satisfies DetectorParamsInput;

/** The parameters as given, plus the resolved values of the settings in UNSAVED_BEFORE, so a load reads them back. */
function savedParams(input: DetectorParamsInput, params: DetectorParams): DetectorParamsInput {
  const { outliers, direction } = params.tokenizer;
  return {
    ...input,
    tokenizer: { ...input.tokenizer, outliers, direction },
    transformer: { ...input.transformer, scoreBy: params.transformer.scoreBy },
  };
}

function splitSizes(split: ConnectionSplit): TrainingRecord['split'] {
  return {
    train: split.train.connections,
    validation: split.validation.connections,
    threshold: split.threshold.connections,
  };
}

/** The transformer's vocabulary and sequence length must be the tokenizer's. */
function checkScorerShape(dir: string, scorer: Scorer, tokenizer: Tokenizer): void {
  if (!(scorer instanceof TransformerScorer)) return;
  const { vocabSize, seqLen } = scorer.network.config;
  if (vocabSize !== tokenizer.vocabulary.size || seqLen !== tokenizer.seqLen) {
    throw new ZeekseqError(
      `model directory ${dir}: the transformer was built for ${vocabSize} tokens and seqLen ${seqLen}, the tokenizer has ${tokenizer.vocabulary.size} and ${tokenizer.seqLen}; the parts come from different models — retrain.`,
    );
  }
}

/**
 * A Detection as one row per connection (see Detector.score); `digits` rounds the scores for files (the
 * `anomalous` column is always decided on the exact score).
 */
export function detectionTable(detection: Detection, digits?: number): ColumnTable {
  const scale = digits === undefined ? 0 : 10 ** digits;
  const roundScore = (x: number) => (scale === 0 || !Number.isFinite(x) ? x : Math.round(x * scale) / scale);
  const conn = detection.dataset.log('conn');
  const n = detection.connectionScores.length;
  const threshold = detection.threshold.point.threshold;
  const columns: Record<string, unknown[] | ArrayLike<unknown>> = {
    uid: detection.tokenized.sequences.uids,
    ts: columnValues(conn, 'ts'),
    orig_h: columnValues(conn, 'id.orig_h'),
    resp_h: columnValues(conn, 'id.resp_h'),
    score: Array.from(detection.connectionScores, roundScore),
    anomalous: Array.from(detection.connectionScores, (s) => s > threshold),
    sequence: Array.from({ length: n }, (_, c) => sequenceText(detection, c)),
  };
  if (detection.scores.tokens) {
    const details = Array.from({ length: n }, (_, c) => tokenDetail(detection, c)!);
    columns.token_scores = details.map((d) => d.tokenScores.map(roundScore).join(' '));
    columns.expected_tokens = details.map((d) => d.expected.map((names) => names.join('|')).join(' '));
  }
  return aq.table(columns);
}
