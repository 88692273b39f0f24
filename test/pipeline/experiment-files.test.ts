/** The experiment configs committed in experiments/ are valid, and demo.json holds the demo's own settings. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PARAMS } from '../../src/pipeline/demo.js';
import { Detector } from '../../src/pipeline/detector.js';
import { loadExperimentConfig } from '../../src/pipeline/experiment-config.js';

const folder = path.resolve(import.meta.dirname, '..', '..', 'experiments');
const configs = readdirSync(folder).filter((name) => name.endsWith('.json'));

describe('experiments/*.json', () => {
  it('are there: the demo and the Stratosphere experiment of docs/results.md', () => {
    expect(configs).toEqual(expect.arrayContaining(['demo.json', 'stratosphere-008.json']));
  });

  it.each(configs)('%s is a valid config whose params make a Detector', async (name) => {
    const config = await loadExperimentConfig(path.join(folder, name));
    expect(config.data.length).toBeGreaterThan(0);
    expect(() => new Detector(config.params)).not.toThrow();
  });

  it('demo.json trains the Detector the demo trains', async () => {
    const config = await loadExperimentConfig(path.join(folder, 'demo.json'));
    expect(new Detector(config.params).params).toEqual(new Detector(DEMO_PARAMS).params);
  });
});
