/**
 * The option comparison and hosts.csv on a tiny synthetic network: Markov Detectors per tokenizer option set
 * trained on the clean day, scored on the attack day against labels.csv.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareOptions, qualityTable, type QualityResult } from '../../src/pipeline/compare-options.js';
import { Detector } from '../../src/pipeline/detector.js';
import type { DetectorParamsInput } from '../../src/pipeline/detector-params.js';
import { writeHostsCsv } from '../../src/pipeline/hosts-output.js';
import { detectionNotables } from '../../src/pipeline/infer.js';
import { synthesize } from '../../src/synth/synthesize.js';
import { readZeekDir } from '../../src/zeek/read-dir.js';

let root: string;
let data: string;
let result: QualityResult;
const params: DetectorParamsInput = {
  scorer: 'markov',
  baselines: ['frequency'],
  keepConnOnly: true,
  acceptanceRate: 0.01,
};

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'zeekseq-quality-'));
  data = path.join(root, 'syn');
  await synthesize({ out: data, hosts: 4, days: 2, seed: 3, attacks: ['port-scan'], attackDays: [2] });
  result = await compareOptions({
    train: [path.join(data, '2024-03-04')],
    data: [path.join(data, '2024-03-05')],
    labels: path.join(data, 'labels.csv'),
    params,
    variants: ['single', 'graded+direction'],
    minCount: 5,
    watchIps: ['10.10.1.12'],
    output: path.join(root, 'out'),
  });
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('compareOptions', () => {
  it('evaluates every scorer of every option set on the same connections', () => {
    expect(result.rows.map((r) => [r.variant, r.evaluation.scorer])).toEqual([
      ['single', 'markov'],
      ['single', 'frequency'],
      ['graded+direction', 'markov'],
      ['graded+direction', 'frequency'],
    ]);
    expect(new Set(result.rows.map((r) => r.evaluation.metrics!.connection.items))).toEqual(
      new Set([result.connections]),
    );
    // graded and direction words make a larger vocabulary than one outlier word per log
    expect(result.rows[2].vocabularySize).toBeGreaterThan(result.rows[0].vocabularySize);
    for (const row of result.rows) {
      expect(row.evaluation.metrics!.connection.averagePrecision).toBeGreaterThan(0.5);
      expect(row.priority.hosts).toBeGreaterThan(1);
    }
    // the port scanner is the one malicious host: nothing else may rank above it under Markov
    expect(result.rows[0].priority).toMatchObject({ othersAbove: 0, watched: { '10.10.1.12': 1 } });
    expect(result.beacon.pairs).toBeGreaterThan(0);
  });

  it('writes one line per variant and scorer, then the beacon scorer', () => {
    const csv = readFileSync(path.join(root, 'out', 'quality.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toMatch(/^variant,scorer,words,connection_ap,connection_roc_auc/);
    expect(csv).toHaveLength(6);
    expect(qualityTable(result).array('scorer')).toEqual(['markov', 'frequency', 'markov', 'frequency', 'beacon']);
  });

  it('names an unknown option set', async () => {
    await expect(compareOptions({ train: [data], data: [data], variants: ['graded', 'fancy'] })).rejects.toThrow(
      /unknown variants fancy; use some of single, graded, direction, graded\+direction/,
    );
  });
});

describe('writeHostsCsv', () => {
  it('ranks the hosts with anomalies, notables or beacons of a detection in hosts.csv', async () => {
    const detector = await new Detector({ ...params, notables: { minCount: 5 } }).fit(
      await readZeekDir(path.join(data, '2024-03-04'), { progress: false }),
    );
    const detection = await detector.detect(await readZeekDir(path.join(data, '2024-03-05'), { progress: false }));
    const { file, rows } = await writeHostsCsv(root, detection, detectionNotables(detector, detection));
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'rank,host,signal,notables,anomalies,max_score,summed_score,weighted_score,beacon_score,beacon_peer',
    );
    expect(lines[1]).toMatch(/^1,10\.10\.1\.12,notable/);
    expect(lines.length - 1).toBe(rows.filter((r) => r.signal !== 'none').length);
    detector.dispose();
  });
});
