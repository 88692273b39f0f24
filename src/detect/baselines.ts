/**
 * Baselines the transformer must beat, on the same token rows it reads (distinct rows with connection counts,
 * CLS first, SEP/PAD after the events):
 *  - frequency: score = 1 - the share of training connections with exactly this row, so a row training never
 *    saw scores 1 and the commonest row scores lowest;
 *  - Markov: MarkovModel (src/model/markov.ts) on the rows' event tokens (CLS, SEP and PAD stripped), mean
 *    surprisal of the transitions, start and end included.
 * Both give one score per distinct row, higher = more anomalous, like the transformer's.
 */
import { MarkovModel } from '../model/markov.js';
import { PAD, SEP, UNK } from '../sequence/vocabulary.js';
import { ZeekseqError } from '../util/errors.js';

/** Distinct token rows (row-major, `seqLen` wide) with how many connections have each. */
export interface CountedRows {
  seqLen: number;
  distinct: ArrayLike<number>;
  counts: ArrayLike<number>;
}

function rowCount(rows: CountedRows, what: string): number {
  if (!(Number.isInteger(rows.seqLen) && rows.seqLen >= 2) || rows.distinct.length % rows.seqLen !== 0) {
    throw new ZeekseqError(
      `${what}: ${rows.distinct.length} tokens are not whole rows of seqLen ${rows.seqLen}; build the rows with the tokenizer.`,
    );
  }
  const n = rows.distinct.length / rows.seqLen;
  if (rows.counts.length !== n)
    throw new ZeekseqError(`${what}: ${rows.counts.length} counts for ${n} rows; give one count per row.`);
  return n;
}

function rowKey(rows: CountedRows, r: number): string {
  return Array.prototype.slice.call(rows.distinct, r * rows.seqLen, (r + 1) * rows.seqLen).join(',');
}

/** A row's event tokens: after CLS, up to the first SEP or PAD. */
export function eventTokens(rows: CountedRows, r: number): number[] {
  const tokens: number[] = [];
  for (let k = 1; k < rows.seqLen; k++) {
    const token = rows.distinct[r * rows.seqLen + k];
    if (token === SEP || token === PAD) break;
    tokens.push(token);
  }
  return tokens;
}

/** score = 1 - training frequency of the exact token row. */
export class FrequencyBaseline {
  private frequency = new Map<string, number>();
  private seqLen = 0;

  fit(rows: CountedRows): this {
    const n = rowCount(rows, 'frequency baseline');
    let total = 0;
    for (let r = 0; r < n; r++) total += rows.counts[r];
    if (!(total > 0))
      throw new ZeekseqError('frequency baseline: the training rows have no connections; fit on at least one.');
    this.frequency = new Map();
    this.seqLen = rows.seqLen;
    for (let r = 0; r < n; r++) {
      const key = rowKey(rows, r);
      this.frequency.set(key, (this.frequency.get(key) ?? 0) + rows.counts[r] / total);
    }
    return this;
  }

  /** One score per row of `rows` (their counts are not used). */
  score(rows: CountedRows): Float64Array {
    if (this.seqLen === 0) throw new ZeekseqError('frequency baseline: not fitted; call fit(training rows) first.');
    if (rows.seqLen !== this.seqLen)
      throw new ZeekseqError(
        `frequency baseline: rows of seqLen ${rows.seqLen}, fitted on ${this.seqLen}; use the same tokenizer.`,
      );
    const n = rowCount(rows, 'frequency baseline');
    return Float64Array.from({ length: n }, (_, r) => 1 - (this.frequency.get(rowKey(rows, r)) ?? 0));
  }
}

/** A Markov model on the rows' event tokens (UNK always scored, never a self transition). */
export function fitMarkovBaseline(rows: CountedRows, vocabularySize: number): MarkovModel {
  const n = rowCount(rows, 'markov baseline');
  const sequences = Array.from({ length: n }, (_, r) => eventTokens(rows, r));
  return new MarkovModel({ vocabularySize, unknownToken: UNK }).fit(sequences, rows.counts);
}

/** One Markov score per row of `rows`. */
export function markovScores(model: MarkovModel, rows: CountedRows): Float64Array {
  const n = rowCount(rows, 'markov baseline');
  return model.scoreSequences(Array.from({ length: n }, (_, r) => eventTokens(rows, r))).score;
}
