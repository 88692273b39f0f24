import { describe, expect, it } from 'vitest';
import { prepareRows, rowsFromSequences } from '../../src/model/token-rows.js';

describe('token rows', () => {
  it('wraps token lists in CLS/SEP/PAD, leaving SEP out when a list fills the row', () => {
    const rows = rowsFromSequences(
      [
        [5, 6],
        [7, 8, 9],
      ],
      4,
      [2, 1],
    );
    expect(Array.from(rows.distinct)).toEqual([2, 5, 6, 3, 2, 7, 8, 9]);
    const prepared = prepareRows(rows, 10, 6);
    expect(prepared.seqLen).toBe(6);
    expect(Array.from(prepared.lengths)).toEqual([4, 4]);
    expect(Array.from(prepared.tokens)).toEqual([2, 5, 6, 3, 0, 0, 2, 7, 8, 9, 0, 0]);
    expect(Array.from(prepared.counts)).toEqual([2, 1]);
  });

  it('refuses sequences longer than seqLen', () => {
    expect(() => rowsFromSequences([[5, 6, 7, 8]], 4)).toThrow(/sequence 0 has 4 tokens but seqLen 4 holds at most 3/);
    expect(() => prepareRows(rowsFromSequences([[5]], 8), 10, 6)).toThrow(
      /rows of 8 positions are longer than the model's seqLen 6/,
    );
  });

  it('refuses token ids outside the vocabulary and misplaced special tokens, naming row and position', () => {
    expect(() => prepareRows(rowsFromSequences([[5], [5, 12]], 5), 10, 5)).toThrow(/row 1 position 2 holds token 12/);
    expect(() => prepareRows(rowsFromSequences([[5, 4]], 5), 10, 5)).toThrow(/row 0 position 2 holds token 4/);
    expect(() => prepareRows({ seqLen: 4, distinct: Int32Array.from([2, 5, 0, 6]) }, 10, 4)).toThrow(
      /position 3 holds token 6 where PAD/,
    );
    expect(() => prepareRows({ seqLen: 3, distinct: Int32Array.from([5, 5, 3]) }, 10, 4)).toThrow(
      /position 0 holds token 5 where CLS/,
    );
    expect(() => prepareRows({ seqLen: 3, distinct: Int32Array.from([2, 0, 0]) }, 10, 4)).toThrow(
      /needs something after CLS/,
    );
  });

  it('refuses damaged layouts and bad counts', () => {
    expect(() => prepareRows({ seqLen: 3, distinct: Int32Array.from([2, 5, 3, 2]) }, 10, 4)).toThrow(
      /not a whole number of rows/,
    );
    expect(() => prepareRows(rowsFromSequences([[5]], 3, [1, 2]), 10, 4)).toThrow(/2 counts for 1 rows/);
    expect(() => prepareRows(rowsFromSequences([[5]], 3, [0]), 10, 4)).toThrow(/row 0 has count 0/);
  });
});
