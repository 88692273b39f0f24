/**
 * Column sizing: a row estimate within a batch's rows never sizes a column at or below what it holds (a batch
 * ends with a chunk of text and may pass its rows), and builders then keep every value.
 */
import { describe, expect, it } from 'vitest';
import { NumberBuilder, RowEstimate } from '../../src/zeek/read-columns.js';

/** An estimate for a file of 1,000,000 bytes of which one row of 100 bytes was seen (a batch cap if given). */
function estimateAfterOneRow(batchRows?: number): RowEstimate {
  const estimate = new RowEstimate(() => 1_000_000, batchRows === undefined ? undefined : () => batchRows);
  estimate.bytesSeen = 100;
  estimate.rowsSeen = 1;
  return estimate;
}

describe('RowEstimate', () => {
  it('grows past a batch cap by half, not row by row', () => {
    const capped = estimateAfterOneRow(1000);
    expect(capped.capacity(10)).toBe(10 * 64 + 1024);
    for (const length of [2024, 5000, 100_000]) {
      expect(capped.capacity(length)).toBe(Math.ceil(length * 1.5) + 1024);
    }
    // without a cap, the expected rows of the file
    const open = estimateAfterOneRow();
    expect(open.capacity(1000)).toBe(Math.min(Math.ceil((1 * 1_000_000 * 1.02) / 100) + 1024, 1000 * 64 + 1024));
  });

  it('keeps every value a builder is given past the cap', () => {
    // A file expected to hold far more rows than the batch: a capacity at the cap once lost values silently.
    const builder = new NumberBuilder(estimateAfterOneRow(100));
    for (let i = 0; i < 50_000; i++) builder.push(i);
    const column = builder.finish();
    expect(column.values.length).toBe(50_000);
    expect(column.kind).toBe('number');
    expect((column.values as Float64Array).every((value, i) => value === i)).toBe(true);
  });
});
