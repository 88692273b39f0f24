import { portablePath } from '../../src/track/fingerprint.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/track/compare-runs.js';
import { formatComparison } from '../../src/track/format-runs.js';
import { loadRun } from '../../src/track/read-runs.js';
import { withRun } from '../../src/track/run.js';
import { finishedRun, tempRunsDir } from './support/runs.js';

const temp = tempRunsDir('compare');
afterAll(temp.remove);
const runsDir = temp.dir;

const params = { acceptanceRate: 0.01, window: '3h', data: ['day1', 'day2'] };

describe('compareRuns', () => {
  it('shows exactly the one parameter two runs differ in, and not their identical environment', async () => {
    const a = await loadRun(runsDir, await finishedRun(runsDir, { params, metrics: { loss: 0.5 } }));
    const b = await loadRun(
      runsDir,
      await finishedRun(runsDir, { params: { ...params, acceptanceRate: 0.001 }, metrics: { loss: 0.5 } }),
    );
    const comparison = await compareRuns([a, b]);
    expect(comparison).toEqual({
      runs: [a.record.id, b.record.id],
      params: { acceptanceRate: [0.01, 0.001] },
      environment: {},
      code: {},
      data: {},
      metrics: { values: {}, differences: {} },
    });
    expect(formatComparison(comparison)).toMatch(/params:\n {2}acceptanceRate +0\.01 +0\.001\n$/);

    const all = await compareRuns([a, b], { all: true });
    expect(all.params.window).toEqual(['3h', '3h']);
    expect(all.environment.node).toEqual([process.version, process.version]);
    expect(all.metrics.values.loss).toEqual([0.5, 0.5]);
  });

  it('lists differing metrics with each run’s difference from the first, and data by file', async () => {
    const file = path.join(temp.dir, 'conn.log');
    writeFileSync(file, 'one\n');
    const a = await loadRun(runsDir, await finishedRun(runsDir, { params, inputs: [file], metrics: { ap: 0.5 } }));
    writeFileSync(file, 'two\n');
    const b = await loadRun(runsDir, await finishedRun(runsDir, { params, inputs: [file], metrics: { ap: 0.75 } }));
    const comparison = await compareRuns([a, b]);
    expect(comparison.metrics).toEqual({ values: { ap: [0.5, 0.75] }, differences: { ap: [0, 0.25] } });
    // recorded relative to the folder of work, so it reads the same from another clone
    const recorded = portablePath(file, process.cwd());
    expect(Object.keys(comparison.data)).toEqual([recorded]);
    expect(comparison.data[recorded][0]).not.toBe(comparison.data[recorded][1]);
  });

  it('compares two infer runs’ notables and anomalous connections', async () => {
    const inferRun = (name: string, notables: string[], anomalous: string[], scored: string[]) =>
      withRun({ kind: 'infer', params: {}, runsDir }, async (run) => {
        const output = path.join(temp.dir, name);
        mkdirSync(output, { recursive: true });
        writeFileSync(
          path.join(output, 'notables.csv'),
          `host,anomalies\n${notables.map((h) => `${h},3`).join('\n')}\n`,
        );
        writeFileSync(
          path.join(output, 'summarized_output.csv'),
          `ts,uid\n${anomalous.map((u) => `1,${u}`).join('\n')}\n`,
        );
        writeFileSync(path.join(output, 'scores.csv'), `uid,score\n${scored.map((u) => `${u},0.5`).join('\n')}\n`);
        run.logArtifact(output, 'infer-output');
        return loadRun(runsDir, run.id);
      });
    const a = await inferRun(
      'infer-a',
      ['10.0.0.1', '10.0.0.2', '10.0.0.2'],
      ['C1', 'C2', 'C9'],
      ['C1', 'C2', 'C3', 'C9'],
    );
    const b = await inferRun('infer-b', ['10.0.0.2', '10.0.0.3'], ['C2', 'C3'], ['C1', 'C2', 'C3']);
    const comparison = await compareRuns([a, b]);
    expect(comparison.outputs).toEqual({
      notables: {
        gained: ['10.0.0.3'],
        lost: ['10.0.0.1'],
        counts: { '10.0.0.1': [1, 0], '10.0.0.2': [2, 1], '10.0.0.3': [0, 1] },
      },
      // C9 was not scored by the second run, so its leaving the anomalies is not a change of side.
      connections: { nowAnomalous: 1, noLongerAnomalous: 1, scoredInBoth: 3 },
    });
    expect(formatComparison(comparison)).toContain('notables: hosts gained 10.0.0.3; lost 10.0.0.1\n');
  });
});
