import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadExperimentConfig } from '../../src/pipeline/experiment-config.js';
import { tempRunsDir } from '../track/support/runs.js';

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
  params: {
    scorer: 'transformer',
    acceptanceRate: 0.01,
    keepConnOnly: true,
    seed: 42,
    transformer: { epochs: 10, preset: 'tiny', workers: 2 },
    tokenizer: { seqLen: 10, eps: 0.05, metric: 'gower', noiseProfiles: 0 },
    excludeIps: ['10.0.0.5'],
    excludeLabels: ['Malicious'],
  },
};

describe('loadExperimentConfig', () => {
  it('reads a config: data, model and the Detector parameters it sets', async () => {
    expect(await loadExperimentConfig(configFile('demo.json', valid))).toEqual(valid);
  });

  it('names the file, the key, what was expected and what was there', async () => {
    const file = configFile('bad-rate.json', { ...valid, params: { ...valid.params, acceptanceRate: 'x' } });
    await expect(loadExperimentConfig(file)).rejects.toThrow(
      `${file}: params.acceptanceRate: expected a number, got "x"`,
    );
    const above = configFile('rate-above.json', { ...valid, params: { ...valid.params, acceptanceRate: 1.5 } });
    await expect(loadExperimentConfig(above)).rejects.toThrow(
      `${above}: params.acceptanceRate: expected a number below 1, got 1.5`,
    );
  });

  it('reports wrong types, bad choices, missing and misspelt keys', async () => {
    const file = configFile('bad.json', {
      ...valid,
      data: undefined,
      params: { ...valid.params, scorer: 'bert', transformer: { epochs: 0 }, tokenizer: { seqlen: 10 } },
    });
    const error = await loadExperimentConfig(file).catch((e: Error) => e.message);
    expect(error).toContain(`${file}: `);
    expect(error).toContain('params.scorer: expected one of "transformer", "markov", "frequency", got "bert"');
    expect(error).toContain('params.transformer.epochs: expected a number of at least 1, got 0');
    expect(error).toContain('data: expected an array, got nothing');
    expect(error).toContain('seqlen: unknown key; see DetectorParams');
  });

  it('reports a file that is not JSON', async () => {
    const file = configFile('broken.json', '{ "data": [');
    await expect(loadExperimentConfig(file)).rejects.toThrow(new RegExp(`^${file}: .*one JSON object`));
  });
});
