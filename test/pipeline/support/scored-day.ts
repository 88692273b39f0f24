/**
 * A small synthetic network scored the way the --scores paths expect: a Markov model fitted on a clean day, and
 * the attack day scored by infer --all (conn-only connections kept, so every connection of the conn log is in
 * scores.csv, as in-memory evaluation counts them).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Detector } from '../../../src/pipeline/detector.js';
import { inferToFiles, type InferSummary } from '../../../src/pipeline/infer.js';
import { synthesize } from '../../../src/synth/synthesize.js';
import { readZeekDir } from '../../../src/zeek/read-dir.js';

export interface ScoredDay {
  root: string;
  /** The attack day's log folder, its labels.csv, the model, and infer's output folder and scores.csv. */
  day: string;
  labels: string;
  model: string;
  output: string;
  scores: string;
  inferred: InferSummary;
  /** Notable settings used by the model (minCount 2) and to pass to both sides of a comparison. */
  notables: { window: number; minCount: number };
  remove: () => void;
}

export async function scoredDay(prefix: string): Promise<ScoredDay> {
  const root = mkdtempSync(path.join(os.tmpdir(), `zeekseq-${prefix}-`));
  const out = path.join(root, 'syn');
  await synthesize({ out, hosts: 6, days: 2, seed: 3, attacks: ['port-scan', 'dns-tunnel'], attackDays: [2] });
  const notables = { window: 3600, minCount: 2 };
  const detector = new Detector({
    scorer: 'markov',
    baselines: [],
    keepConnOnly: true,
    acceptanceRate: 0.02,
    notables,
  });
  await detector.fit(await readZeekDir(path.join(out, '2024-03-04'), { progress: false }));
  const model = path.join(root, 'model');
  await detector.save(model);
  const day = path.join(out, '2024-03-05');
  const output = path.join(root, 'infer');
  const inferred = await inferToFiles({ data: day, model, output, all: true, keepConnOnly: true });
  return {
    root,
    day,
    labels: path.join(out, 'labels.csv'),
    model,
    output,
    scores: path.join(output, 'scores.csv'),
    inferred,
    notables,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
