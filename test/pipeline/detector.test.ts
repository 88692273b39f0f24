/**
 * The Detector as a notebook uses it, for each scorer: fit on one synthetic day, score another, save, load, and the
 * loaded one scores identically; its parameters are visible with their defaults; broken directories are refused
 * by name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { SCORER_NAMES } from '../../src/model/scorer.js';
import { Detector } from '../../src/pipeline/detector.js';
import { synthesize } from '../../src/synth/synthesize.js';
import type { ZeekDataset } from '../../src/zeek/dataset.js';
import { readZeekDir } from '../../src/zeek/read-dir.js';

let root: string;
let day1: ZeekDataset;
let day2: ZeekDataset;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'zeekseq-detector-'));
  await synthesize({
    out: path.join(root, 'syn'),
    hosts: 4,
    days: 2,
    seed: 5,
    attacks: ['port-scan'],
    attackDays: [2],
  });
  day1 = await readZeekDir(path.join(root, 'syn', '2024-03-04'), { progress: false });
  day2 = await readZeekDir(path.join(root, 'syn', '2024-03-05'), { progress: false });
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('Detector params', () => {
  it('shows every setting with its default resolved, and what the constructor was given', () => {
    const detector = new Detector({ scorer: 'markov', acceptanceRate: 0.01, tokenizer: { eps: 0.1 } });
    const p = detector.params;
    expect(p.scorer).toBe('markov');
    expect(p.baselines).toEqual(['frequency']);
    expect(p.acceptanceRate).toBe(0.01);
    expect(p.seed).toBe(42);
    expect(p.tokenizer).toEqual({
      seqLen: 10,
      eps: 0.1,
      minSamples: null,
      metric: 'gower',
      perLog: {},
      noiseProfiles: 0,
      outliers: 'graded',
      direction: true,
      localNetworks: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', 'fc00::/7', 'fe80::/10'],
    });
    expect(p.transformer).toMatchObject({ preset: 'tiny', epochs: 10, batchSize: 256, patience: 2 });
    expect(p.notables).toEqual({ window: 3600, minCount: 3, host: 'orig' });
    expect(p.split).toEqual({ train: 0.7, validation: 0.2, threshold: 0.1 });
    expect(p.cleaners.conn).toContain('duration');
    expect(JSON.parse(JSON.stringify(detector))).toEqual(JSON.parse(JSON.stringify(p)));
  });

  it('names the key of a bad setting', () => {
    expect(() => new Detector({ acceptanceRate: 2 })).toThrow(/Detector: acceptanceRate: /);
    expect(() => new Detector({ scorer: 'oracle' as never })).toThrow(/Detector: scorer: /);
    expect(() => new Detector({ tokenizer: { epz: 1 } as never })).toThrow(/Detector: tokenizer: .*epz/);
  });

  it('refuses to score before it is fitted', async () => {
    await expect(new Detector().score(day2)).rejects.toThrow(/not fitted; call `await detector.fit\(data\)`/);
  });
});

describe.each(SCORER_NAMES)('Detector with the %s scorer', (scorer) => {
  let detector: Detector;
  const dir = () => path.join(root, `model-${scorer}`);

  beforeAll(async () => {
    detector = new Detector({ scorer, acceptanceRate: 0.01, keepConnOnly: true, seed: 1, transformer: { epochs: 1 } });
    await detector.fit(day1);
    await detector.save(dir());
  }, 120_000);

  afterAll(() => detector.dispose());

  it('scores every connection: uid, ts, hosts, score, anomalous and the tokens', async () => {
    const scores = await detector.score(day2);
    expect(scores.numRows()).toBeGreaterThan(100);
    expect(scores.columnNames()).toEqual(
      expect.arrayContaining(['uid', 'ts', 'orig_h', 'resp_h', 'score', 'anomalous', 'sequence']),
    );
    expect(scores.columnNames().includes('token_scores')).toBe(scorer === 'transformer');
    const threshold = detector.threshold.point.threshold;
    const score = scores.array('score') as number[];
    const anomalous = scores.array('anomalous') as boolean[];
    expect(anomalous.every((a, i) => a === score[i] > threshold)).toBe(true);
    // unseen rows all score 1 under the frequency scorer, so nothing can lie strictly above its threshold of 1
    if (scorer !== 'frequency') expect(anomalous.some(Boolean)).toBe(true);
  }, 60_000);

  it('loads from its directory and scores identically, keeping every setting', async () => {
    const same = await Detector.load(dir());
    expect(same.params).toEqual(detector.params);
    expect(same.tokenizer.options).toEqual(detector.tokenizer.options);
    expect(same.scorerNames).toEqual(detector.scorerNames);
    const [a, b] = [await detector.score(day2), await same.score(day2)];
    expect(b.objects()).toEqual(a.objects());
    same.dispose();
  }, 60_000);

  it('refuses a directory missing a part, or with a part altered, by name', async () => {
    const broken = path.join(root, `broken-${scorer}`);
    await detector.save(broken);
    const part = scorer === 'transformer' ? 'weights.bin' : `${scorer}.json`;
    rmSync(path.join(broken, part));
    await expect(Detector.load(broken)).rejects.toThrow(
      new RegExp(`${part.replace('.', '\\.')} \\(part "\\S+"\\) is missing`),
    );
    await detector.save(broken);
    const tokenizer = path.join(broken, 'tokenizer.json');
    const text = readFileSync(tokenizer, 'utf8');
    writeFileSync(tokenizer, text.replace('"seqLen": 10', '"seqLen": 11'));
    await expect(Detector.load(broken)).rejects.toThrow(/tokenizer\.json \(part "tokenizer"\) has sha256/);
  }, 60_000);
});

describe('a model directory', () => {
  it('holds only what the seed determines: two fits with one seed save the same bytes', async () => {
    const saves: string[] = [];
    for (const name of ['a', 'b']) {
      const detector = new Detector({ scorer: 'transformer', keepConnOnly: true, seed: 4, transformer: { epochs: 1 } });
      await detector.fit(day1);
      await detector.save(path.join(root, `same-${name}`));
      detector.dispose();
      const manifest = JSON.parse(readFileSync(path.join(root, `same-${name}`, 'manifest.json'), 'utf8'));
      saves.push(JSON.stringify(manifest.parts));
    }
    expect(saves[1]).toBe(saves[0]);
  }, 120_000);
});

describe('a model directory edited with its hashes recomputed', () => {
  it('still fails on the schema and range checks', async () => {
    const detector = new Detector({ scorer: 'frequency', keepConnOnly: true, seed: 1 });
    await detector.fit(day1);
    const dir = path.join(root, 'edited');
    await detector.save(dir);
    const edit = (file: string, change: (json: Record<string, unknown>) => void) => {
      const json = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
      change(json);
      const bytes = Buffer.from(JSON.stringify(json));
      writeFileSync(path.join(dir, file), bytes);
      const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
      const entry = Object.values(manifest.parts).find((p) => (p as { file: string }).file === file) as {
        bytes: number;
        sha256: string;
      };
      entry.bytes = bytes.length;
      entry.sha256 = createHash('sha256').update(bytes).digest('hex');
      writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    };
    edit('detector.json', (json) => {
      (json.threshold as { point: { threshold: unknown } }).point.threshold = 'NaN';
    });
    await expect(Detector.load(dir)).rejects.toThrow(
      /detector\.json does not hold a valid Detector \(threshold\.point\.threshold/,
    );
    await detector.save(dir);
    edit('detector.json', (json) => {
      (json.record as { vocabularySize: number }).vocabularySize += 1;
    });
    await expect(Detector.load(dir)).rejects.toThrow(/the tokenizer has \d+ tokens but detector\.json records/);
    await detector.save(dir);
    // saved params carry the settings whose defaults changed; a model saved before keeps what it was trained with
    const saved = JSON.parse(readFileSync(path.join(dir, 'detector.json'), 'utf8')).params;
    expect(saved.tokenizer).toMatchObject({ outliers: 'graded', direction: true });
    expect(saved.transformer).toEqual({ scoreBy: 'surprisal' });
    edit('detector.json', (json) => {
      json.params = { scorer: 'frequency', keepConnOnly: true, seed: 1 };
    });
    const old = await Detector.load(dir);
    expect(old.params.tokenizer).toMatchObject({ outliers: 'single', direction: false });
    expect(old.params.transformer.scoreBy).toBe('original');
    await detector.save(dir);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    manifest.parts.frequency.file = '../../../../etc/passwd';
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    await expect(Detector.load(dir)).rejects.toThrow(
      /part "frequency" names "..\/..\/..\/..\/etc\/passwd", which is not a file directly in the folder/,
    );
  }, 60_000);
});
