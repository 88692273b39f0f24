import { describe, expect, it } from 'vitest';
import { buildSequences, distinctRow, tokenCounts } from '../../src/sequence/sequences.js';
import { CLS, PAD, SEP } from '../../src/sequence/vocabulary.js';

const conn = { logType: 'conn', uids: ['A', 'B', 'C'], ts: [10, 20, 30], tokens: [5, 5, 6] };

describe('buildSequences', () => {
  it('orders events by time with the conn event first at equal times', () => {
    const dns = { logType: 'dns', uids: ['A', 'A'], ts: [10, 9], tokens: [7, 8] };
    const set = buildSequences(['A'], [dns, { ...conn, uids: ['A'], ts: [10], tokens: [5] }], { seqLen: 6 });
    // dns at 9 precedes conn at 10; at t=10 conn precedes the dns event with the same time.
    expect(Array.from(distinctRow(set, 0))).toEqual([CLS, 8, 5, 7, SEP, PAD]);
  });

  it('truncates to seqLen, keeping CLS and dropping SEP when the events fill the row', () => {
    const many = { logType: 'http', uids: ['A', 'A', 'A', 'A'], ts: [11, 12, 13, 14], tokens: [20, 21, 22, 23] };
    const set = buildSequences(['A', 'B'], [conn, many], { seqLen: 4 });
    expect(Array.from(distinctRow(set, set.distinctOf[0]))).toEqual([CLS, 5, 20, 21]);
    expect(Array.from(distinctRow(set, set.distinctOf[1]))).toEqual([CLS, 5, SEP, PAD]);
    expect(set.truncated).toBe(1);
    // Positions trace tokens back to events: conn rows of A and B at 1, http events at 2 and 3, then cut.
    expect(set.eventPositions.map((p) => Array.from(p))).toEqual([
      [1, 1, -1],
      [2, 3, -1, -1],
    ]);
  });

  it('keeps distinct sequences with counts and points each connection at its row', () => {
    const set = buildSequences(['A', 'B', 'C'], [conn], { seqLen: 4 });
    expect(set.counts.length).toBe(2);
    expect(Array.from(set.counts)).toEqual([2, 1]);
    expect(Array.from(set.distinctOf)).toEqual([0, 0, 1]);
    expect(Array.from(tokenCounts(set, 8))).toEqual([3, 0, 3, 3, 0, 2, 1, 0]);
  });

  it('counts events whose uid is not a connection instead of dropping them silently', () => {
    const stray = { logType: 'dns', uids: ['Z', 'A'], ts: [1, 2], tokens: [7, 7] };
    const set = buildSequences(['A'], [stray], { seqLen: 4 });
    expect(set.orphanEvents).toEqual({ dns: 1 });
    expect(Array.from(set.eventPositions[0])).toEqual([-1, 1]);
    expect(Array.from(distinctRow(set, 0))).toEqual([CLS, 7, SEP, PAD]);
  });

  it('gives a connection without events CLS SEP', () => {
    const set = buildSequences(['lonely'], [], { seqLen: 3 });
    expect(Array.from(distinctRow(set, 0))).toEqual([CLS, SEP, PAD]);
  });

  it('rejects bad settings and malformed events', () => {
    expect(() => buildSequences(['A'], [conn], { seqLen: 1 })).toThrow(/seqLen must be a whole number >= 2/);
    expect(() => buildSequences(['A'], [{ ...conn, ts: [1] }])).toThrow(/must be equal/);
    expect(() => buildSequences(['A'], [{ ...conn, tokens: [5, -1, 6] }])).toThrow(/event 1 has token -1/);
  });
});
