/**
 * Reads the scikit-learn reference fixtures in ../shared/reference/dbscan (gzip'd JSON), or returns
 * null (with the warning sharedReference prints) when the shared folder is absent.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { sharedReference } from '../support/shared.js';

export interface DbscanFixture {
  name: string;
  metric: 'euclidean' | 'manhattan';
  eps: number;
  min_samples: number;
  columns: string[];
  X: number[][];
  labels: number[];
  core_sample_indices: number[];
  sample_weight?: number[];
}

export interface GowerFixture {
  columns: string[];
  types: ('numeric' | 'categorical' | 'boolean')[];
  rows: (number | string | boolean | null)[][];
  distances: (number | null)[][];
}

export function readReference<T>(relative: string): T | null {
  const file = sharedReference(relative);
  return file ? (JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as T) : null;
}
