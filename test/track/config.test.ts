import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadExperimentConfig } from '../../src/track/config.js';
import { tempRunsDir } from './support/runs.js';

const temp = tempRunsDir('config');
afterAll(temp.remove);

function configFile(name: string, content: unknown): string {
  const file = path.join(temp.dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const valid = {
  name: 'demo',
  description: 'the demo settings',
  data: ['datasets/synthetic/day1', 'datasets/synthetic/day2'],
  model: 'experiments/runs/demo/model',
  scorer: 'transformer',
  acceptanceRate: 0.01,
  keepConnOnly: true,
  seed: 42,
  epochs: 10,
  preset: 'tiny',
  seqLen: 10,
  eps: 0.05,
  metric: 'gower',
  noiseProfiles: 0,
  excludeIps: ['10.0.0.5'],
  excludeLabels: ['Malicious'],
  workers: 2,
};

describe('loadExperimentConfig', () => {
  it('reads a config whose keys mirror the train options', async () => {
    expect(await loadExperimentConfig(configFile('demo.json', valid))).toEqual(valid);
  });

  it('names the file, the key, what was expected and what was there', async () => {
    const file = configFile('bad-rate.json', { ...valid, acceptanceRate: 'x' });
    await expect(loadExperimentConfig(file)).rejects.toThrow(
      `${file}: acceptanceRate: expected a number between 0 and 1, got "x"`,
    );
    const above = configFile('rate-above.json', { ...valid, acceptanceRate: 1.5 });
    await expect(loadExperimentConfig(above)).rejects.toThrow(
      `${above}: acceptanceRate: expected a number between 0 and 1, got 1.5`,
    );
  });

  it('reports wrong types, bad choices, missing and misspelt keys', async () => {
    const file = configFile('bad.json', { ...valid, scorer: 'bert', epochs: 0, data: undefined, seqlen: 10 });
    const error = await loadExperimentConfig(file).catch((e: Error) => e.message);
    expect(error).toContain(`${file}: `);
    expect(error).toContain('scorer: expected one of "transformer", "markov", "frequency", got "bert"');
    expect(error).toContain('epochs: expected a number above 0, got 0');
    expect(error).toContain('data: expected an array, got nothing');
    expect(error).toContain('seqlen: unknown key; the keys are name, description, data,');
  });

  it('reports a file that is not JSON', async () => {
    const file = configFile('broken.json', '{ "data": [');
    await expect(loadExperimentConfig(file)).rejects.toThrow(new RegExp(`^${file}: .*one JSON object`));
  });
});
