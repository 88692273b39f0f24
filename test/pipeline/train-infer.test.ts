/**
 * trainModel and inferToFiles on a tiny synthetic network with the markov scorer (seconds): what each writes,
 * that the model directory round-trips into the same scores, that infer's notables are detectionNotables of its
 * detection, and that neither starts work when its output cannot be written.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Detector } from '../../src/pipeline/detector.js';
import { detectionNotables, inferToFiles } from '../../src/pipeline/infer.js';
import { trainModel } from '../../src/pipeline/train.js';
import { synthesize } from '../../src/synth/synthesize.js';
import { EventStream } from '../../src/util/events.js';
import { readZeekDir } from '../../src/zeek/read-dir.js';

let root: string;
const day = (d: string) => path.join(root, 'syn', d);

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'zeekseq-train-infer-'));
  await synthesize({
    out: path.join(root, 'syn'),
    hosts: 4,
    days: 2,
    seed: 11,
    attacks: ['port-scan'],
    attackDays: [2],
  });
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('trainModel', () => {
  it('reads, fits and saves a Detector, reporting each step and metric to its events', async () => {
    const events = new EventStream();
    const seen: string[] = [];
    events.on((e) => seen.push(e.type === 'metric' ? `metric ${e.name}` : e.type));
    const model = path.join(root, 'model');
    const detector = await trainModel({
      data: day('2024-03-04'),
      model,
      params: { scorer: 'markov', keepConnOnly: true, acceptanceRate: 0.05, seed: 2 },
      events,
    });
    expect(existsSync(path.join(model, 'manifest.json'))).toBe(true);
    expect(seen).toEqual(expect.arrayContaining(['info', 'metric threshold', 'metric vocabulary_size', 'artifact']));
    const loaded = await Detector.load(model);
    const data = await readZeekDir(day('2024-03-05'), { progress: false });
    expect((await loaded.score(data)).objects()).toEqual((await detector.score(data)).objects());
  }, 60_000);

  it('refuses a model path that is a file, or inside the data, before reading anything', async () => {
    const file = path.join(root, 'a-file');
    writeFileSync(file, 'x');
    await expect(trainModel({ data: day('2024-03-04'), model: file, params: { scorer: 'markov' } })).rejects.toThrow(
      /is a file, not a folder/,
    );
    await expect(
      trainModel({
        data: day('2024-03-04'),
        model: path.join(day('2024-03-04'), 'model'),
        params: { scorer: 'markov' },
      }),
    ).rejects.toThrow(/lies inside the data folder/);
  });
});

describe('inferToFiles', () => {
  it('writes the outputs, raises the notables of its detection, and lists read problems', async () => {
    const output = path.join(root, 'out');
    const broken = path.join(root, 'broken');
    mkdirSync(broken);
    const conn = readFileSync(path.join(day('2024-03-05'), 'conn.log'), 'utf8').split('\n');
    // one damaged line: too few fields
    conn.splice(10, 0, 'garbage\tline');
    writeFileSync(path.join(broken, 'conn.log'), conn.join('\n'));
    const summary = await inferToFiles({
      data: broken,
      model: path.join(root, 'model'),
      output,
      all: true,
      notables: { window: 3600, minCount: 2 },
    });
    expect(summary.notables).toEqual(
      detectionNotables(summary.detector, summary.detection, { window: 3600, minCount: 2 }),
    );
    for (const file of summary.written.files) expect(existsSync(file)).toBe(true);
    const problems = readFileSync(path.join(output, 'problems.csv'), 'utf8');
    expect(problems).toMatch(/field-count/);
    expect(problems).toContain(`${path.join(broken, 'conn.log')},11,`);
  }, 60_000);
});
