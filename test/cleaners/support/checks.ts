/** Checks every cleaner's output must pass, whatever the log type. */
import { expect, it } from 'vitest';
import type { ColumnTable } from 'arquero';
import { Cleaner } from '../../../src/cleaners/cleaner.js';

/** Columns are ts, uid and the described features; numbers in [0, 1] or NaN, booleans 0/1, categories strings. */
export function expectWellFormed(cleaner: Cleaner, out: ColumnTable): void {
  const described = cleaner.describe();
  expect(out.columnNames()).toEqual(['ts', 'uid', ...described.map((d) => d.name)]);
  for (const uid of out.array('uid') as string[]) expect(typeof uid).toBe('string');
  for (const d of described) {
    const values = Array.from(out.array(d.name) as ArrayLike<unknown>);
    if (d.kind === 'numeric') {
      const bad = values.filter((v) => typeof v !== 'number' || (!Number.isNaN(v) && (v < 0 || v > 1)));
      expect(bad, d.name).toEqual([]);
    } else if (d.kind === 'boolean') {
      expect(
        values.filter((v) => v !== 0 && v !== 1),
        d.name,
      ).toEqual([]);
    } else {
      expect(
        values.filter((v) => v !== null && typeof v !== 'string'),
        d.name,
      ).toEqual([]);
    }
  }
}

/** A cleaner saved to JSON text and loaded back transforms rows exactly as the original does. */
export function expectJsonRoundTrip(cleaner: Cleaner, rows: ColumnTable): Cleaner {
  const loaded = Cleaner.fromJSON(JSON.parse(JSON.stringify(cleaner.toJSON())));
  const a = cleaner.transform(rows);
  const b = loaded.transform(rows);
  expect(b.columnNames()).toEqual(a.columnNames());
  for (const name of a.columnNames())
    expect(Array.from(b.array(name) as ArrayLike<unknown>), name).toEqual(
      Array.from(a.array(name) as ArrayLike<unknown>),
    );
  expect(loaded.describe()).toEqual(cleaner.describe());
  return loaded;
}

/** The output row of a given uid, as an object. */
export function rowOf(out: ColumnTable, uid: string): Record<string, unknown> {
  const index = (out.array('uid') as string[]).indexOf(uid);
  expect(index, `uid ${uid}`).toBeGreaterThanOrEqual(0);
  return out.object(index) as Record<string, unknown>;
}

export interface Cleaned {
  rows: ColumnTable;
  cleaner: Cleaner;
  out: ColumnTable;
}

/** A fresh cleaner fitted on the loaded rows, and its output on them. */
export async function fitOn(load: Promise<ColumnTable> | ColumnTable, factory: () => Cleaner): Promise<Cleaned> {
  const rows = await load;
  const cleaner = factory();
  return { rows, cleaner, out: cleaner.fitTransform(rows) };
}

/**
 * The test every cleaner passes on real rows: `outRows` well-formed rows that come back the same from JSON.
 * `cleaned` is read when the test runs, after the suite's beforeAll has loaded the data.
 */
export function itGivesWellFormedFeatures(cleaned: () => Cleaned, outRows: number): void {
  it('gives well-formed features for every row and survives JSON', () => {
    const { rows, cleaner, out } = cleaned();
    expect(out.numRows()).toBe(outRows);
    expectWellFormed(cleaner, out);
    expectJsonRoundTrip(cleaner, rows);
  });
}
