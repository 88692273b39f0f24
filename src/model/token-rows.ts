/**
 * The token rows the transformer reads: what the sequence builder produces (src/sequence/sequences.ts) — one row
 * per distinct sequence, CLS first, the events' tokens, SEP when it fits, PAD after — with how many connections
 * have each row. Everything here checks rows before a model sees them, so a bad token is reported with its row
 * and position instead of surfacing as a shape error deep inside tfjs.
 */
import { ZeekseqError } from '../util/errors.js';
import { CLS, FIRST_WORD, PAD, SEP, UNK } from '../sequence/vocabulary.js';

export interface TokenRows {
  /** Positions per row, CLS and SEP included. */
  seqLen: number;
  /** Rows, row-major (`rows × seqLen`). */
  distinct: Int32Array;
  /** Connections per row (default 1 each). */
  counts?: ArrayLike<number>;
}

/** The number of rows, after checking that the tokens are whole rows and the counts one per row. */
export function rowCount(rows: TokenRows, what: string): number {
  if (!(Number.isInteger(rows.seqLen) && rows.seqLen >= 2) || rows.distinct.length % rows.seqLen !== 0) {
    throw new ZeekseqError(
      `${what}: ${rows.distinct.length} tokens are not whole rows of seqLen ${rows.seqLen}; build the rows with the tokenizer.`,
    );
  }
  const n = rows.distinct.length / rows.seqLen;
  if (rows.counts !== undefined && rows.counts.length !== n)
    throw new ZeekseqError(`${what}: ${rows.counts.length} counts for ${n} rows; give one count per row.`);
  return n;
}

/** A row's event tokens: after CLS, up to the first SEP or PAD. */
export function eventTokens(rows: TokenRows, r: number): number[] {
  const tokens: number[] = [];
  for (let k = 1; k < rows.seqLen; k++) {
    const token = rows.distinct[r * rows.seqLen + k];
    if (token === SEP || token === PAD) break;
    tokens.push(token);
  }
  return tokens;
}

/** Every row's event tokens. */
export function eventSequences(rows: TokenRows): number[][] {
  return Array.from({ length: rowCount(rows, 'token rows') }, (_, r) => eventTokens(rows, r));
}

/** Checked rows, re-laid to the model's seqLen, with each row's real length (CLS and SEP included). */
export interface PreparedRows {
  seqLen: number;
  rows: number;
  tokens: Int32Array;
  lengths: Int32Array;
  counts: Float64Array;
}

/**
 * Rows from plain token lists (a sequence's event tokens, without CLS/SEP): CLS + tokens + SEP, padded to seqLen.
 * A list of seqLen − 1 tokens fills the row without SEP, as the sequence builder does for long connections; a
 * longer one is an error.
 */
export function rowsFromSequences(
  sequences: readonly ArrayLike<number>[],
  seqLen: number,
  counts?: ArrayLike<number>,
): TokenRows {
  if (!Number.isInteger(seqLen) || seqLen < 2) {
    throw new ZeekseqError(`token rows: seqLen must be a whole number >= 2 (CLS plus one token), got ${seqLen}.`);
  }
  const distinct = new Int32Array(sequences.length * seqLen);
  sequences.forEach((sequence, i) => {
    if (sequence.length > seqLen - 1) {
      throw new ZeekseqError(
        `token rows: sequence ${i} has ${sequence.length} tokens but seqLen ${seqLen} holds at most ${seqLen - 1} after CLS; truncate it or use a larger seqLen.`,
      );
    }
    const row = i * seqLen;
    distinct[row] = CLS;
    for (let k = 0; k < sequence.length; k++) distinct[row + 1 + k] = sequence[k];
    if (sequence.length + 1 < seqLen) distinct[row + 1 + sequence.length] = SEP;
  });
  return { seqLen, distinct, counts };
}

/**
 * Checks rows against a model's vocabulary and seqLen and lays them out at the model's seqLen. Each row must be
 * CLS, then word tokens (ids FIRST_WORD..vocabSize-1, or UNK), then at most one SEP, then only PAD.
 */
export function prepareRows(input: TokenRows, vocabSize: number, seqLen: number, what = 'rows'): PreparedRows {
  const width = input.seqLen;
  if (!Number.isInteger(width) || width < 2) {
    throw new ZeekseqError(`${what}: seqLen must be a whole number >= 2, got ${width}.`);
  }
  if (width > seqLen) {
    throw new ZeekseqError(
      `${what}: rows of ${width} positions are longer than the model's seqLen ${seqLen}; build the sequences with seqLen ${seqLen} or train a model with seqLen ${width}.`,
    );
  }
  if (input.distinct.length % width !== 0) {
    throw new ZeekseqError(
      `${what}: ${input.distinct.length} tokens is not a whole number of rows of ${width}; the rows are damaged.`,
    );
  }
  const rows = input.distinct.length / width;
  const counts = new Float64Array(rows);
  if (input.counts === undefined) counts.fill(1);
  else {
    if (input.counts.length !== rows) {
      throw new ZeekseqError(`${what}: ${input.counts.length} counts for ${rows} rows; give one count per row.`);
    }
    for (let r = 0; r < rows; r++) {
      const count = input.counts[r];
      if (!(Number.isInteger(count) && count >= 1)) {
        throw new ZeekseqError(
          `${what}: row ${r} has count ${count}; counts are whole numbers >= 1 (connections with that sequence).`,
        );
      }
      counts[r] = count;
    }
  }
  const tokens = new Int32Array(rows * seqLen);
  const lengths = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const source = r * width;
    const bad = (k: number, expected: string): never => {
      throw new ZeekseqError(
        `${what}: row ${r} position ${k} holds token ${input.distinct[source + k]} where ${expected} belongs (row: ${Array.from(input.distinct.subarray(source, source + width)).join(' ')}); ` +
          `rows must be CLS, word tokens < vocabSize ${vocabSize}, optional SEP, then PAD — use the vocabulary the model was trained with.`,
      );
    };
    if (input.distinct[source] !== CLS) bad(0, `CLS (${CLS})`);
    let length = width;
    for (let k = 1; k < width; k++) {
      const token = input.distinct[source + k];
      if (token === SEP || token === PAD) {
        length = token === SEP ? k + 1 : k;
        for (let after = length; after < width; after++)
          if (input.distinct[source + after] !== PAD) bad(after, `PAD (${PAD}) after the sequence ended`);
        break;
      }
      if (!(token === UNK || (token >= FIRST_WORD && token < vocabSize)))
        bad(k, `a word token (${FIRST_WORD}..${vocabSize - 1} or UNK ${UNK})`);
    }
    if (length < 2) bad(1, 'a word token or SEP (a row needs something after CLS to predict)');
    tokens.set(input.distinct.subarray(source, source + length), r * seqLen);
    lengths[r] = length;
  }
  return { seqLen, rows, tokens, lengths, counts };
}
