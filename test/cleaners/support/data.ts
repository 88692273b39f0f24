/** Real logs and reference matrices for the cleaner tests, read from ../shared (skipped when absent). */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import type { ColumnTable } from 'arquero';
import { readZeekDir } from '../../../src/zeek/read-dir.js';
import { sharedDataset, sharedReference } from '../../support/shared.js';

export const trickbotDir = sharedDataset('trickbot-1week');

/** One log type of a folder, read by readZeekDir (all its files, in path order). */
export async function readLog(dir: string, type: string): Promise<ColumnTable> {
  return (await readZeekDir(dir, { types: [type], progress: false })).log(type);
}

/** One trickbot log, all rows in file order. */
export function trickbot(type: string): Promise<ColumnTable> {
  return readLog(path.join(trickbotDir!, 'zeek'), type);
}

export interface ReferenceMatrix {
  columns: string[];
  X: number[][];
}

export function readReference(relative: string): ReferenceMatrix | null {
  const file = sharedReference(relative);
  return file === null ? null : (JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as ReferenceMatrix);
}
