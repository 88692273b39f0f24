/**
 * Small synthetic datasets for the generator's tests: generated into a temporary folder and read
 * back through readZeekDir, with the ground truth parsed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ColumnTable } from 'arquero';
import { synthesize, type SynthOptions, type SynthSummary } from '../../../src/synth/synthesize.js';
import type { ZeekDataset } from '../../../src/zeek/dataset.js';
import { readZeekDir } from '../../../src/zeek/read-dir.js';

export interface LabelRow {
  uid: string;
  host: string;
  scenario: string;
}

export interface Generated {
  dir: string;
  summary: SynthSummary;
  dataset: ZeekDataset;
  labels: LabelRow[];
  remove: () => void;
}

/** A fresh temporary folder (not created inside it: the generator makes `out`). */
export function tempOut(prefix: string): { out: string; remove: () => void } {
  const root = mkdtempSync(path.join(os.tmpdir(), `zeekseq-${prefix}-`));
  return { out: path.join(root, 'out'), remove: () => rmSync(root, { recursive: true, force: true }) };
}

export function readLabels(dir: string): LabelRow[] {
  const [header, ...lines] = readFileSync(path.join(dir, 'labels.csv'), 'utf8').trimEnd().split('\n');
  if (header !== 'uid,host,scenario') throw new Error(`unexpected labels.csv header ${header}`);
  return lines.map((line) => {
    const [uid, host, scenario] = line.split(',');
    return { uid, host, scenario };
  });
}

/** Generate with `options` (small by default) and read everything back. */
export async function generate(prefix: string, options: Omit<SynthOptions, 'out'>): Promise<Generated> {
  const { out, remove } = tempOut(prefix);
  const summary = await synthesize({ out, ...options });
  const dataset = await readZeekDir(out, { progress: false });
  return { dir: out, summary, dataset, labels: readLabels(out), remove };
}

/** One column of a log as a plain array. */
export function values<T = unknown>(table: ColumnTable, name: string): T[] {
  return Array.from(table.array(name) as ArrayLike<T>);
}

/** The rows of a log as objects. */
export function rows(dataset: ZeekDataset, log: string): Array<Record<string, unknown>> {
  return dataset.log(log).objects() as Array<Record<string, unknown>>;
}
