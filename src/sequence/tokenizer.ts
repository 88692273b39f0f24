/**
 * The Tokenizer turns a Zeek dataset into token sequences: each log type with a cleaner is cleaned and its
 * rows clustered with DBSCAN (each cluster a word), log types without a cleaner are one word each, and every
 * connection becomes the time-ordered sequence of its events' words. `fit` learns the cleaners, the cluster
 * models and the vocabulary on training data; `transform` applies them unchanged to new data.
 */
import type { ColumnTable } from 'arquero';
import { Cleaner, type CleanerJSON } from '../cleaners/cleaner.js';
import { cleanerFor } from '../cleaners/registry.js';
import { DBSCAN, type DBSCANJSON } from '../cluster/dbscan.js';
import { featureMatrixFromColumns, selectRows, type FeatureMatrix } from '../distance/feature-matrix.js';
import type { MetricName } from '../distance/metric.js';
import { ZeekseqError } from '../util/errors.js';
import type { EventStream } from '../util/events.js';
import type { ZeekDataset } from '../zeek/dataset.js';
import { columnValues, connUids } from '../zeek/log-rows.js';
import { forEachRowUid, uidColumnOf } from '../zeek/row-uids.js';
import { DEFAULT_EPS, DEFAULT_METRIC, GRADED_BANDS, OUTLIER_WORDS, type OutlierWords } from './cluster-defaults.js';
import { connDirections, DIRECTIONS } from './direction.js';
import { buildSequences, DEFAULT_SEQ_LEN, tokenCounts, type SequenceSet, type TokenEvents } from './sequences.js';
import { UNK, Vocabulary, type VocabularyJSON } from './vocabulary.js';
import { typedFrom } from '../util/typed-from.js';

export interface ClusterSettings {
  /**
   * DBSCAN radius; default 0.05 under Gower, the mean per-feature difference: less than one categorical or boolean
   * mismatch in a log of fewer than 20 features, so a cluster holds rows of one categorical profile with close numbers.
   */
  eps?: number;
  /** Weight a core point needs; default clamp(1% of the log's rows, 20, 1000), as in the original. */
  minSamples?: number;
  metric?: MetricName;
}

export interface TokenizerOptions extends ClusterSettings {
  /** Tokens per sequence including CLS and SEP (default 10). */
  seqLen?: number;
  /** Per log type overrides of the cluster settings. */
  perLog?: Record<string, ClusterSettings>;
  /**
   * Off by default (0). When n > 0, the training noise of a log that shares one categorical profile (the same
   * values in every categorical and boolean feature) on at least n rows becomes a word of its own, so the log's
   * outlier word is left to rows whose profile training saw rarely or never. With one outlier word per log, an
   * executable download's `files` row and the common noise of normal browsing were the same word.
   */
  noiseProfiles?: number;
  /**
   * What DBSCAN noise becomes: 'single' (default), the log's one outlier word; 'graded', a word for the nearest
   * cluster and how far beyond eps the row lies — `conn:near3` within 2 eps of cluster 3's core samples,
   * `conn:mid3` within 4 eps, `conn:far` beyond (GRADED_BANDS) — so noise close to normal traffic and noise
   * unlike anything in training are different words.
   */
  outliers?: OutlierWords;
  /**
   * Off by default. When on, the conn word carries the connection's direction (`in:conn:3`, `out:conn:far`; see
   * direction.ts), from local_orig/local_resp or, where the log lacks them, `localNetworks`.
   */
  direction?: boolean;
  /**
   * CIDR ranges of the local networks, for direction words when the conn log has no local_orig/local_resp
   * (default the private ranges, PRIVATE_NETWORKS in direction.ts).
   */
  localNetworks?: string[];
}

export { DEFAULT_EPS, DEFAULT_METRIC, GRADED_BANDS, OUTLIER_WORDS, type OutlierWords };
/** The log type whose words carry the direction. */
const DIRECTED_LOG = 'conn';

/** The original's rule: 1% of the rows, at least 20 and at most 1000. */
export function defaultMinSamples(rows: number): number {
  return Math.min(1000, Math.max(20, Math.round(rows * 0.01)));
}

/** One log type's events: the token and cluster of each (row, connection) pair, and where it came from. */
export interface LogEvents extends TokenEvents {
  /** Row of the log table each event comes from (a row linked to several connections gives several events). */
  sourceRows: Int32Array;
  /** Cluster label of each event; -1 for noise; null for log types that are one word. */
  clusters: Int32Array | null;
}

export interface Tokenized {
  sequences: SequenceSet;
  /** Events per log type, aligned with `sequences.eventPositions` in the order of this array. */
  events: LogEvents[];
  /** Log types present in the data that training never saw (their events are UNK). */
  unseenLogTypes: string[];
}

interface LogModel {
  cleaner: Cleaner;
  clusters: DBSCAN;
  /** Noise profile (see TokenizerOptions.noiseProfiles) -> its label, after the DBSCAN clusters' labels. */
  noiseProfiles: Map<string, number>;
}

/**
 * How a log's labels are laid out: DBSCAN's k clusters, then its noise profiles, then (graded) k near and k mid
 * words; -1 is the outlier (far) word. With direction, each direction has `labels + 1` slots, slot 0 its own
 * outlier word.
 */
interface LabelLayout {
  clusters: number;
  profiles: number;
  graded: boolean;
  directed: boolean;
}

function baseLabels(layout: LabelLayout): number {
  return layout.clusters + layout.profiles + (layout.graded ? 2 * layout.clusters : 0);
}

function labelCount(layout: LabelLayout): number {
  const base = baseLabels(layout);
  return layout.directed ? DIRECTIONS.length * (base + 1) : base;
}

/** Word names by label where the layout gives them a meaning beyond a cluster number; null when none does. */
function wordNames(logType: string, layout: LabelLayout): Record<number, string> | null {
  if (!layout.graded && !layout.directed) return null;
  const suffix = (label: number): string => {
    if (label < 0) return layout.graded ? 'far' : 'outlier';
    const graded = label - layout.clusters - layout.profiles;
    if (!layout.graded || graded < 0) return String(label);
    return graded < layout.clusters ? `near${graded}` : `mid${graded - layout.clusters}`;
  };
  const names: Record<number, string> = {};
  const base = baseLabels(layout);
  if (!layout.directed) {
    for (let label = -1; label < base; label++) names[label] = `${logType}:${suffix(label)}`;
    return names;
  }
  DIRECTIONS.forEach((direction, d) => {
    for (let label = -1; label < base; label++)
      names[d * (base + 1) + label + 1] = `${direction}:${logType}:${suffix(label)}`;
  });
  return names;
}

/** Graded words for noise rows (label -1) from the nearest core sample's cluster and distance (in place). */
function gradeNoise(
  labels: Int32Array,
  nearest: { labels: Int32Array; distances: Float64Array },
  rowOf: (i: number) => number,
  eps: number,
  layout: LabelLayout,
): void {
  const first = layout.clusters + layout.profiles;
  for (let i = 0; i < nearest.labels.length; i++) {
    const row = rowOf(i);
    if (labels[row] >= 0 || nearest.labels[i] < 0) continue;
    const distance = nearest.distances[i];
    if (distance <= GRADED_BANDS[0] * eps) labels[row] = first + nearest.labels[i];
    else if (distance <= GRADED_BANDS[1] * eps) labels[row] = first + layout.clusters + nearest.labels[i];
  }
}

export interface TokenizerJSON {
  format: 'zeekseq-tokenizer';
  /** 2 keeps every setting in `options`; 1 kept only seqLen. */
  version: 1 | 2;
  seqLen: number;
  options?: TokenizerOptions;
  clustered: Record<string, { cleaner: CleanerJSON; clusters: DBSCANJSON; noiseProfiles?: Record<string, number> }>;
  unclustered: string[];
  vocabulary: VocabularyJSON;
}

/** The feature matrix of a cleaned table (its feature columns, not ts and uid), with the cleaner's kinds. */
export function cleanedFeatureMatrix(cleaned: ColumnTable, cleaner: Cleaner): FeatureMatrix {
  const kinds = cleaner.kinds();
  const columns: Record<string, ArrayLike<unknown>> = {};
  for (const name of Object.keys(kinds)) columns[name] = columnValues(cleaned, name);
  return featureMatrixFromColumns(columns, { kinds });
}

/** A row's categorical profile: the value of every categorical and boolean feature (codes differ between matrices). */
function profileOf(matrix: FeatureMatrix, row: number): string {
  const values: string[] = [];
  for (const column of matrix.columns) {
    if (column.kind === 'numeric') continue;
    const code = matrix.codes[row * matrix.codeWidth + column.slot];
    values.push(code < 0 ? '' : column.kind === 'boolean' ? String(code) : column.categories[code]);
  }
  return JSON.stringify(values);
}

/** Labels the noise rows whose profile has a word (in place). */
function labelNoiseProfiles(matrix: FeatureMatrix, labels: Int32Array, profiles: ReadonlyMap<string, number>): void {
  if (profiles.size === 0) return;
  for (let row = 0; row < labels.length; row++) {
    if (labels[row] >= 0) continue;
    const label = profiles.get(profileOf(matrix, row));
    if (label !== undefined) labels[row] = label;
  }
}

/**
 * The noise profiles with at least `minRows` training rows, numbered from `firstLabel`, most frequent first; their
 * rows are relabelled in place.
 */
function fitNoiseProfiles(
  matrix: FeatureMatrix,
  labels: Int32Array,
  minRows: number,
  firstLabel: number,
): Map<string, number> {
  const rowsOf = new Map<string, number[]>();
  for (let row = 0; row < labels.length; row++) {
    if (labels[row] >= 0) continue;
    const profile = profileOf(matrix, row);
    const rows = rowsOf.get(profile);
    if (rows) rows.push(row);
    else rowsOf.set(profile, [row]);
  }
  const kept = [...rowsOf]
    .filter(([, rows]) => rows.length >= minRows)
    .sort(([a, m], [b, n]) => n.length - m.length || (a < b ? -1 : 1));
  kept.forEach(([, rows], i) => {
    for (const row of rows) labels[row] = firstLabel + i;
  });
  return new Map(kept.map(([profile], i) => [profile, firstLabel + i]));
}

export class Tokenizer {
  readonly options: TokenizerOptions;
  private models = new Map<string, LogModel>();
  private unclustered: string[] = [];
  private vocab: Vocabulary | null = null;

  constructor(options: TokenizerOptions = {}) {
    this.options = { ...options };
  }

  get seqLen(): number {
    return this.options.seqLen ?? DEFAULT_SEQ_LEN;
  }

  get vocabulary(): Vocabulary {
    if (!this.vocab)
      throw new ZeekseqError(
        'this Tokenizer is not fitted yet; call fit(dataset) first, or load one with Tokenizer.fromJSON',
      );
    return this.vocab;
  }

  /** Cleaner and cluster model of a clustered log type (for inspection in notebooks). */
  model(logType: string): LogModel | undefined {
    return this.models.get(logType);
  }

  private settingsFor(logType: string, rows: number): { eps: number; minSamples: number; metric: MetricName } {
    const own = this.options.perLog?.[logType] ?? {};
    return {
      eps: own.eps ?? this.options.eps ?? DEFAULT_EPS,
      minSamples: own.minSamples ?? this.options.minSamples ?? defaultMinSamples(rows),
      metric: own.metric ?? this.options.metric ?? DEFAULT_METRIC,
    };
  }

  /**
   * Learns cleaners, clusters and the vocabulary from a (training) dataset, and returns its sequences. What it
   * found per log type, and DBSCAN's progress, go to `events`.
   */
  fitTransform(dataset: ZeekDataset, events?: EventStream): Tokenized {
    connUids(dataset, 'Tokenizer.fit');
    this.models = new Map();
    const unclustered: string[] = [];
    const clusterCounts: Record<string, number> = {};
    const fittedEvents = new Map<string, { cleaned: ColumnTable; labels: Int32Array }>();
    const names: Record<string, Record<number, string>> = {};
    const minProfileRows = this.options.noiseProfiles ?? 0;
    if (!(Number.isInteger(minProfileRows) && minProfileRows >= 0)) {
      throw new ZeekseqError(`Tokenizer: noiseProfiles must be a whole number >= 0 (0 is off), got ${minProfileRows}.`);
    }
    const outliers = this.options.outliers ?? 'single';
    if (!OUTLIER_WORDS.includes(outliers)) {
      throw new ZeekseqError(`Tokenizer: outliers must be one of ${OUTLIER_WORDS.join(', ')}, got ${outliers}.`);
    }
    for (const logType of dataset.types()) {
      const table = dataset.log(logType);
      if (uidColumnOf(table) === null || table.numRows() === 0) continue;
      const cleaner = cleanerFor(logType);
      if (!cleaner) {
        unclustered.push(logType);
        continue;
      }
      const cleaned = cleaner.fitTransform(table);
      const settings = this.settingsFor(logType, cleaned.numRows());
      const clusters = new DBSCAN(settings);
      const matrix = cleanedFeatureMatrix(cleaned, cleaner);
      // A copy: noise profiles relabel rows, and the DBSCAN's own training labels must stay as it found them.
      const labels = Int32Array.from(clusters.fitPredict(matrix, undefined, events));
      let k = 0;
      for (const label of labels) k = Math.max(k, label + 1);
      const noiseProfiles =
        minProfileRows > 0 ? fitNoiseProfiles(matrix, labels, minProfileRows, k) : new Map<string, number>();
      const model = { cleaner, clusters, noiseProfiles };
      const layout = this.layoutOf(logType, model);
      if (layout.graded) this.gradeNoiseRows(model, matrix, labels, layout);
      clusterCounts[logType] = labelCount(layout);
      const named = wordNames(logType, layout);
      if (named) names[logType] = named;
      this.models.set(logType, model);
      fittedEvents.set(logType, { cleaned, labels: this.directed(table, labels, layout) });
      const profileNote =
        minProfileRows > 0 ? `, ${noiseProfiles.size} noise profiles of >= ${minProfileRows} rows` : '';
      events?.info(
        `${logType}: ${cleaned.numRows()} events, ${k} clusters${profileNote} (eps ${settings.eps}, min_samples ${settings.minSamples}, ${settings.metric})`,
      );
    }
    this.unclustered = unclustered;
    const vocabulary = Vocabulary.build({ clustered: clusterCounts, unclustered, names });
    this.vocab = vocabulary;
    const tokenized = this.tokenize(dataset, (logType) => fittedEvents.get(logType)?.labels ?? null);
    this.vocab = vocabulary.withCounts(tokenCounts(tokenized.sequences, vocabulary.size));
    return tokenized;
  }

  fit(dataset: ZeekDataset, events?: EventStream): this {
    this.fitTransform(dataset, events);
    return this;
  }

  /** Sequences of new data under the learned cleaners, clusters and vocabulary. */
  transform(dataset: ZeekDataset): Tokenized {
    this.vocabulary;
    return this.tokenize(dataset, (logType, table) => {
      const model = this.models.get(logType);
      if (!model) return null;
      const matrix = cleanedFeatureMatrix(model.cleaner.transform(table), model.cleaner);
      const layout = this.layoutOf(logType, model);
      const labels = model.clusters.predict(matrix);
      labelNoiseProfiles(matrix, labels, model.noiseProfiles);
      if (layout.graded) this.gradeNoiseRows(model, matrix, labels, layout);
      return this.directed(table, labels, layout);
    });
  }

  /** Graded words for the rows still noise (in place); only they are searched, out to the last band. */
  private gradeNoiseRows(model: LogModel, matrix: FeatureMatrix, labels: Int32Array, layout: LabelLayout): void {
    const noise: number[] = [];
    labels.forEach((label, row) => label < 0 && noise.push(row));
    if (noise.length === 0) return;
    const nearest = model.clusters.nearestCore(selectRows(matrix, Int32Array.from(noise)), GRADED_BANDS[1]);
    gradeNoise(labels, nearest, (i) => noise[i], model.clusters.eps, layout);
  }

  private layoutOf(logType: string, model: LogModel): LabelLayout {
    return {
      clusters: model.clusters.nClusters,
      profiles: model.noiseProfiles.size,
      graded: this.options.outliers === 'graded',
      directed: this.options.direction === true && logType === DIRECTED_LOG,
    };
  }

  /** The labels moved into their direction's slots (unchanged without direction words). */
  private directed(table: ColumnTable, labels: Int32Array, layout: LabelLayout): Int32Array {
    if (!layout.directed) return labels;
    const directions = connDirections(table, this.options.localNetworks);
    const slots = baseLabels(layout) + 1;
    return typedFrom(Int32Array, labels, (label, row) => directions[row] * slots + label + 1);
  }

  private tokenize(
    dataset: ZeekDataset,
    labelsOf: (logType: string, table: ColumnTable) => Int32Array | null,
  ): Tokenized {
    const vocabulary = this.vocabulary;
    const { uids } = connUids(dataset, 'Tokenizer');
    const connections = Array.from(uids as ArrayLike<string>);
    const events: LogEvents[] = [];
    const unseenLogTypes: string[] = [];
    for (const logType of dataset.types()) {
      const table = dataset.log(logType);
      if (uidColumnOf(table) === null) continue;
      const known = vocabulary.knows(logType);
      if (!known && table.numRows() > 0) unseenLogTypes.push(logType);
      const sourceRows: number[] = [];
      const eventUids: string[] = [];
      forEachRowUid(table, (row, uid) => {
        sourceRows.push(row);
        eventUids.push(uid);
      });
      const ts = columnValues(table, 'ts') as ArrayLike<number>;
      const clusters = known && vocabulary.isClustered(logType) ? labelsOf(logType, table) : null;
      if (clusters && clusters.length !== sourceRows.length) {
        throw new ZeekseqError(
          `Tokenizer: ${logType} gave ${clusters.length} cluster labels for ${sourceRows.length} events; the cleaner and the uid links disagree.`,
        );
      }
      const tokens = clusters
        ? vocabulary.tokensOf(logType, clusters)
        : new Int32Array(sourceRows.length).fill(known ? vocabulary.tokenOf(logType) : UNK);
      events.push({
        logType,
        uids: eventUids,
        ts: typedFrom(Float64Array, sourceRows, (row) => ts[row]),
        tokens,
        sourceRows: Int32Array.from(sourceRows),
        clusters,
      });
    }
    const sequences = buildSequences(connections, events, { seqLen: this.seqLen });
    return { sequences, events, unseenLogTypes };
  }

  toJSON(): TokenizerJSON {
    const clustered: TokenizerJSON['clustered'] = {};
    for (const [logType, model] of [...this.models].sort(([a], [b]) => (a < b ? -1 : 1))) {
      clustered[logType] = { cleaner: model.cleaner.toJSON(), clusters: model.clusters.toJSON() };
      if (model.noiseProfiles.size > 0) clustered[logType].noiseProfiles = Object.fromEntries(model.noiseProfiles);
    }
    return {
      format: 'zeekseq-tokenizer',
      version: 2,
      seqLen: this.seqLen,
      options: structuredClone(this.options),
      clustered,
      unclustered: [...this.unclustered],
      vocabulary: this.vocabulary.toJSON(),
    };
  }

  static fromJSON(json: TokenizerJSON): Tokenizer {
    if (json?.format !== 'zeekseq-tokenizer' || (json.version !== 1 && json.version !== 2)) {
      throw new ZeekseqError(
        'Tokenizer.fromJSON: not a saved zeekseq tokenizer (version 1 or 2); save one with tokenizer.toJSON() or retrain with `zeekseq train`.',
      );
    }
    const tokenizer = new Tokenizer({ ...(json.version === 2 ? json.options : {}), seqLen: json.seqLen });
    for (const [logType, part] of Object.entries(json.clustered)) {
      const noiseProfiles = new Map(Object.entries(part.noiseProfiles ?? {}));
      tokenizer.models.set(logType, {
        cleaner: Cleaner.fromJSON(part.cleaner),
        clusters: DBSCAN.fromJSON(part.clusters),
        noiseProfiles,
      });
    }
    tokenizer.unclustered = [...json.unclustered];
    tokenizer.vocab = Vocabulary.fromJSON(json.vocabulary);
    return tokenizer;
  }
}
