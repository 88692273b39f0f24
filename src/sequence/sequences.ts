/**
 * One token sequence per connection: the connection's log events sorted by time (the conn event first at equal
 * times), CLS at the start, truncated to `seqLen`, SEP where it fits, padding after. Real traffic repeats
 * heavily, so sequences are kept as distinct rows with counts, and each connection points at its distinct row.
 */
import { ZeekseqError } from '../util/errors.js';
import { CLS, PAD, SEP } from './vocabulary.js';

/** The token events of one log type: row i has connection uid `uids[i]`, time `ts[i]` and token `tokens[i]`. */
export interface TokenEvents {
  logType: string;
  uids: ArrayLike<string>;
  ts: ArrayLike<number>;
  tokens: ArrayLike<number>;
}

export interface SequenceSet {
  seqLen: number;
  /** Connection uids, in the order given. */
  uids: readonly string[];
  /** For each connection, the index of its distinct sequence. */
  distinctOf: Int32Array;
  /** Distinct sequences, row-major (`count * seqLen`), PAD-padded. */
  distinct: Int32Array;
  /** How many connections have each distinct sequence. */
  counts: Int32Array;
  /** Connections whose events did not all fit in seqLen (SEP dropped, events cut). */
  truncated: number;
  /** Events whose uid is not one of the connections (dropped, counted per log type). */
  orphanEvents: Record<string, number>;
  /**
   * For each group of events given (same order), each event's position in its connection's sequence
   * (1..seqLen-1), or -1 when it was cut by truncation or belongs to no connection. This is how a token's
   * score is traced back to its log row.
   */
  eventPositions: Int32Array[];
}

export interface SequenceOptions {
  /** Tokens per sequence including CLS and SEP (one setting for training and inference). Default 10. */
  seqLen?: number;
  /** The log type whose event opens a connection, first among events at equal times. Default 'conn'. */
  connType?: string;
}

export const DEFAULT_SEQ_LEN = 10;

/**
 * Builds the sequences of the connections `uids` from their events. Work is linear in the number of events:
 * events are bucketed per connection (counting sort) and each short bucket is sorted in place.
 */
export function buildSequences(
  uids: readonly string[],
  events: readonly TokenEvents[],
  options: SequenceOptions = {},
): SequenceSet {
  const seqLen = options.seqLen ?? DEFAULT_SEQ_LEN;
  const connType = options.connType ?? 'conn';
  if (!Number.isInteger(seqLen) || seqLen < 2) {
    throw new ZeekseqError(`sequences: seqLen must be a whole number >= 2 (CLS plus one event), got ${seqLen}.`);
  }
  const connIndex = new Map<string, number>();
  uids.forEach((uid, i) => {
    if (!connIndex.has(uid)) connIndex.set(uid, i);
  });

  // Event order among equal times: conn first, then log types in the order given, then row order.
  const ordered = events.map((group, index) => ({ group, index }));
  ordered.sort((a, b) => Number(b.group.logType === connType) - Number(a.group.logType === connType));
  let total = 0;
  for (const { group } of ordered) total += group.tokens.length;
  const eventPositions = events.map((group) => new Int32Array(group.tokens.length).fill(-1));
  // Where each kept event came from, to fill eventPositions.
  const eventGroup = new Int32Array(total);
  const eventRow = new Int32Array(total);
  const eventConn = new Int32Array(total);
  const eventTs = new Float64Array(total);
  const eventToken = new Int32Array(total);
  const perConn = new Int32Array(uids.length + 1);
  const orphanEvents: Record<string, number> = {};
  let n = 0;
  for (const { group, index } of ordered) {
    if (group.uids.length !== group.tokens.length || group.ts.length !== group.tokens.length) {
      throw new ZeekseqError(
        `sequences: ${group.logType} events have ${group.uids.length} uids, ${group.ts.length} times and ${group.tokens.length} tokens; they must be equal.`,
      );
    }
    for (let i = 0; i < group.tokens.length; i++) {
      const token = group.tokens[i];
      // Distinct rows are keyed by one UTF-16 code unit per token.
      if (!(token >= 0 && token <= 0xffff && Number.isInteger(token))) {
        throw new ZeekseqError(
          `sequences: ${group.logType} event ${i} has token ${token}; tokens are whole numbers 0..65535 from the vocabulary.`,
        );
      }
      const conn = connIndex.get(group.uids[i]);
      if (conn === undefined) {
        orphanEvents[group.logType] = (orphanEvents[group.logType] ?? 0) + 1;
        continue;
      }
      eventGroup[n] = index;
      eventRow[n] = i;
      eventConn[n] = conn;
      eventTs[n] = group.ts[i];
      eventToken[n] = token;
      perConn[conn + 1]++;
      n++;
    }
  }
  for (let c = 0; c < uids.length; c++) perConn[c + 1] += perConn[c];
  const fill = perConn.slice(0, uids.length);
  const byConn = new Int32Array(n);
  for (let e = 0; e < n; e++) byConn[fill[eventConn[e]]++] = e;

  const distinctOf = new Int32Array(uids.length);
  const keys = new Map<string, number>();
  const rows: number[] = [];
  const counts: number[] = [];
  const row = new Int32Array(seqLen);
  let truncated = 0;
  for (let c = 0; c < uids.length; c++) {
    const start = perConn[c];
    const end = perConn[c + 1];
    sortBucketByTime(byConn, start, end, eventTs);
    row.fill(PAD);
    row[0] = CLS;
    const kept = Math.min(end - start, seqLen - 1);
    for (let k = 0; k < kept; k++) {
      const event = byConn[start + k];
      row[1 + k] = eventToken[event];
      eventPositions[eventGroup[event]][eventRow[event]] = 1 + k;
    }
    if (1 + kept < seqLen) row[1 + kept] = SEP;
    else truncated++;
    const key = String.fromCharCode(...row);
    let id = keys.get(key);
    if (id === undefined) {
      id = counts.length;
      keys.set(key, id);
      for (let k = 0; k < seqLen; k++) rows.push(row[k]);
      counts.push(0);
    }
    counts[id]++;
    distinctOf[c] = id;
  }
  return {
    seqLen,
    uids,
    distinctOf,
    distinct: Int32Array.from(rows),
    counts: Int32Array.from(counts),
    truncated,
    orphanEvents,
    eventPositions,
  };
}

/** Stable insertion sort of a connection's events by time: buckets are short, and ties keep the given order. */
function sortBucketByTime(order: Int32Array, start: number, end: number, ts: Float64Array): void {
  for (let i = start + 1; i < end; i++) {
    const event = order[i];
    const time = ts[event];
    let j = i - 1;
    while (j >= start && ts[order[j]] > time) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = event;
  }
}

/** The tokens of distinct sequence `index` (a view, not a copy). */
export function distinctRow(set: SequenceSet, index: number): Int32Array {
  return set.distinct.subarray(index * set.seqLen, (index + 1) * set.seqLen);
}

/** Counts of each token id over all connections (each distinct row weighted by its count). */
export function tokenCounts(set: SequenceSet, vocabularySize: number): Float64Array {
  const counts = new Float64Array(vocabularySize);
  for (let d = 0; d < set.counts.length; d++) {
    const row = distinctRow(set, d);
    for (let k = 0; k < row.length; k++) if (row[k] < vocabularySize) counts[row[k]] += set.counts[d];
  }
  return counts;
}
