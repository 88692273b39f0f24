/**
 * Streaming infer against in-memory infer on a synthetic day written as hourly rotated gzip files (some of whose
 * connections have rows in the next hour's files): every output file is byte for byte the same, with conn-only
 * connections kept and dropped; read in slices of a small row budget, every connection scores the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Detector } from '../../src/pipeline/detector.js';
import { inferToFiles } from '../../src/pipeline/infer.js';
import { inferStreamToFiles } from '../../src/pipeline/infer-stream.js';
import { synthesize } from '../../src/synth/synthesize.js';
import { readZeekChunks } from '../../src/zeek/read-chunks.js';
import type { ZeekDataset } from '../../src/zeek/dataset.js';
import { readZeekDir } from '../../src/zeek/read-dir.js';

let root: string;
let model: string;
let day2: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'zeekseq-infer-stream-'));
  const out = path.join(root, 'syn');
  await synthesize({
    out,
    hosts: 6,
    days: 2,
    seed: 3,
    rotate: true,
    attacks: ['port-scan', 'dns-tunnel'],
    attackDays: [2],
  });
  day2 = path.join(out, '2024-03-05');
  const detector = new Detector({
    scorer: 'markov',
    baselines: [],
    keepConnOnly: true,
    acceptanceRate: 0.02,
    notables: { minCount: 2 },
  });
  await detector.fit(await readZeekDir(path.join(out, '2024-03-04'), { progress: false }));
  model = path.join(root, 'model');
  await detector.save(model);
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('inferStreamToFiles', () => {
  for (const keepConnOnly of [true, false]) {
    it(`writes the files in-memory infer writes (keepConnOnly ${keepConnOnly})`, async () => {
      const settings = { data: day2, model, all: true, keepConnOnly };
      const whole = await inferToFiles({ ...settings, output: path.join(root, `whole-${keepConnOnly}`) });
      const streamed = await inferStreamToFiles({ ...settings, output: path.join(root, `stream-${keepConnOnly}`) });
      expect(streamed.chunks).toBe(24);
      expect(streamed.connections).toBe(whole.detection.connectionScores.length);
      expect(whole.written.anomalies).toBeGreaterThan(10);
      expect(whole.notables.length).toBeGreaterThan(0);
      const names = (files: string[]) => files.map((file) => path.basename(file));
      // hosts.csv ranks beacons over every connection at once, which streaming does not keep: in-memory only
      const wholeFiles = whole.written.files.filter((file) => path.basename(file) !== 'hosts.csv');
      expect(names(whole.written.files)).toContain('hosts.csv');
      expect(names(streamed.written.files)).toEqual(names(wholeFiles));
      for (const [i, file] of wholeFiles.entries()) {
        expect(readFileSync(streamed.written.files[i], 'utf8'), path.basename(file)).toBe(readFileSync(file, 'utf8'));
      }
    }, 60_000);
  }

  it('scores every connection as in memory when hours are read in slices of a row budget', async () => {
    const detector = await Detector.load(model);
    const whole = await detector.detect(await readZeekDir(day2, { progress: false }));
    const expected = new Map<string, number>();
    whole.connectionScores.forEach((score, c) => expected.set(whole.tokenized.sequences.uids[c], score));
    // Slices of 75 to 225 connections (15 to 40 minutes here) hold the rows of this set's longest SMB sessions
    // (15 minutes) within the slice beside their conn row; at 20 connections a slice, a few lose their late rows,
    // as a connection whose rows lie more than a chunk away does.
    const reader = await readZeekChunks(day2, { rowBudget: 150, pieceBytes: 1024 });
    async function* slices(): AsyncGenerator<ZeekDataset> {
      for await (const { dataset } of reader.read()) yield dataset;
    }
    const streamed = new Map<string, number>();
    let detections = 0;
    for await (const detection of detector.detectStream(slices())) {
      detections++;
      detection.connectionScores.forEach((score, c) => streamed.set(detection.tokenized.sequences.uids[c], score));
    }
    expect(detections).toBeGreaterThan(2 * reader.chunks.length);
    expect(streamed).toEqual(expected);
    detector.dispose();
  }, 60_000);
});
