/** Real logs and reference matrices for the cleaner tests, read from ../shared (skipped when absent). */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import type { ColumnTable } from 'arquero';
import { sharedDataset, sharedReference } from '../../support/shared.js';
import { readTsv } from './tsv.js';

export const trickbotDir = sharedDataset('trickbot-1week');

/** One trickbot log, all rows in file order. */
export function trickbot(type: string): ColumnTable {
  return readTsv(path.join(trickbotDir!, 'zeek', `${type}.log`));
}

export interface ReferenceMatrix {
  columns: string[];
  X: number[][];
}

export function readReference(relative: string): ReferenceMatrix | null {
  const file = sharedReference(relative);
  return file === null ? null : (JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as ReferenceMatrix);
}
