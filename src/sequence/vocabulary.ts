/**
 * The token vocabulary: one word per (log type, cluster), an outlier word per clustered log type, one word per
 * unclustered log type, and the special tokens of a BERT-style model. Saved as readable JSON so an analyst can
 * see what each token means and how often training saw it.
 */
import { ZeekseqError } from '../util/errors.js';

/** Special token ids, as in the original project. */
export const PAD = 0;
export const UNK = 1;
export const CLS = 2;
export const SEP = 3;
export const MASK = 4;
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
export const FIRST_WORD = SPECIAL_TOKENS.length;

/** Cluster value of the outlier word (DBSCAN noise). */
export const OUTLIER = -1;

export interface VocabularyEntry {
  id: number;
  /** Readable name: `conn:3`, `conn:outlier`, `ntp`, or a special token like `[CLS]`. */
  name: string;
  /** Log type of the word; null for special tokens. */
  logType: string | null;
  /** Cluster label (-1 for the outlier word); null for unclustered log types and special tokens. */
  cluster: number | null;
  /** How many training events carried this token. */
  count: number;
}

export interface VocabularyJSON {
  format: 'zeekseq-vocabulary';
  version: 1;
  entries: VocabularyEntry[];
}

export interface VocabularySpec {
  /** Clustered log types with their number of clusters (labels 0..k-1; -1 is the outlier word). */
  clustered: Record<string, number>;
  /** Log types without a cleaner: each is one word. */
  unclustered: string[];
  /**
   * Names of a clustered log type's words by label (-1 the outlier word), where the tokenizer's labels mean
   * more than a cluster number (graded outliers `conn:near3`, direction `in:conn:2`); others keep the default.
   */
  names?: Record<string, Record<number, string>>;
}

function wordName(logType: string, cluster: number | null): string {
  if (cluster === null) return logType;
  return cluster === OUTLIER ? `${logType}:outlier` : `${logType}:${cluster}`;
}

export class Vocabulary {
  readonly entries: readonly VocabularyEntry[];
  private readonly clusteredBase = new Map<string, { outlier: number; first: number; clusters: number }>();
  private readonly unclusteredIds = new Map<string, number>();

  private constructor(entries: VocabularyEntry[]) {
    this.entries = entries;
    for (const entry of entries) {
      if (entry.logType === null) continue;
      if (entry.cluster === null) {
        this.unclusteredIds.set(entry.logType, entry.id);
        continue;
      }
      const base = this.clusteredBase.get(entry.logType) ?? { outlier: -1, first: -1, clusters: 0 };
      if (entry.cluster === OUTLIER) base.outlier = entry.id;
      else {
        if (entry.cluster === 0) base.first = entry.id;
        base.clusters++;
      }
      this.clusteredBase.set(entry.logType, base);
    }
  }

  /** Builds the words for the given log types, in a stable order (log types sorted, clusters ascending). */
  static build(spec: VocabularySpec): Vocabulary {
    const entries: VocabularyEntry[] = SPECIAL_TOKENS.map((name, id) => ({
      id,
      name,
      logType: null,
      cluster: null,
      count: 0,
    }));
    const add = (logType: string, cluster: number | null) =>
      entries.push({
        id: entries.length,
        name: (cluster === null ? undefined : spec.names?.[logType]?.[cluster]) ?? wordName(logType, cluster),
        logType,
        cluster,
        count: 0,
      });
    for (const logType of Object.keys(spec.clustered).sort()) {
      const clusters = spec.clustered[logType];
      if (!Number.isInteger(clusters) || clusters < 0) {
        throw new ZeekseqError(`vocabulary: ${logType} has ${clusters} clusters; expected a whole number >= 0.`);
      }
      add(logType, OUTLIER);
      for (let cluster = 0; cluster < clusters; cluster++) add(logType, cluster);
    }
    for (const logType of [...new Set(spec.unclustered)].sort()) {
      if (logType in spec.clustered) {
        throw new ZeekseqError(`vocabulary: ${logType} is listed both as clustered and unclustered; list it once.`);
      }
      add(logType, null);
    }
    return new Vocabulary(entries);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Whether the log type has words of its own (clustered or not). */
  knows(logType: string): boolean {
    return this.clusteredBase.has(logType) || this.unclusteredIds.has(logType);
  }

  isClustered(logType: string): boolean {
    return this.clusteredBase.has(logType);
  }

  /**
   * The token of an event: its cluster's word; the outlier word for noise (-1) or a cluster label training never
   * produced; the log type's single word when unclustered; UNK for a log type unseen in training.
   */
  tokenOf(logType: string, cluster: number | null = null): number {
    const base = this.clusteredBase.get(logType);
    if (base) {
      if (cluster === null || cluster < 0 || cluster >= base.clusters) return base.outlier;
      return base.first + cluster;
    }
    return this.unclusteredIds.get(logType) ?? UNK;
  }

  /** Tokens for a column of cluster labels of one log type. */
  tokensOf(logType: string, clusters: ArrayLike<number>): Int32Array {
    const out = new Int32Array(clusters.length);
    for (let i = 0; i < clusters.length; i++) out[i] = this.tokenOf(logType, clusters[i]);
    return out;
  }

  name(id: number): string {
    const entry = this.entries[id];
    if (!entry)
      throw new ZeekseqError(
        `vocabulary: token id ${id} is outside 0..${this.size - 1}; was the model trained with another vocabulary?`,
      );
    return entry.name;
  }

  /** A copy with training counts set from token occurrences (special tokens keep 0). */
  withCounts(counts: ArrayLike<number>): Vocabulary {
    return new Vocabulary(
      this.entries.map((entry) => ({ ...entry, count: entry.id < FIRST_WORD ? 0 : (counts[entry.id] ?? 0) })),
    );
  }

  toJSON(): VocabularyJSON {
    return { format: 'zeekseq-vocabulary', version: 1, entries: this.entries.map((entry) => ({ ...entry })) };
  }

  static fromJSON(json: VocabularyJSON): Vocabulary {
    if (json?.format !== 'zeekseq-vocabulary' || json.version !== 1 || !Array.isArray(json.entries)) {
      throw new ZeekseqError(
        'vocabulary: the JSON is not a zeekseq vocabulary (version 1); rebuild it with `zeekseq train`.',
      );
    }
    json.entries.forEach((entry, index) => {
      if (entry.id !== index) {
        throw new ZeekseqError(
          `vocabulary: entry ${index} has id ${entry.id}; ids must run 0..n-1 in order. The file was edited or damaged.`,
        );
      }
    });
    SPECIAL_TOKENS.forEach((name, id) => {
      if (json.entries[id]?.name !== name) {
        throw new ZeekseqError(
          `vocabulary: token ${id} must be ${name}, found ${json.entries[id]?.name}; the file was edited or damaged.`,
        );
      }
    });
    return new Vocabulary(json.entries.map((entry) => ({ ...entry })));
  }
}
