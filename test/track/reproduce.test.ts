import { portablePath } from '../../src/track/fingerprint.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRun } from '../../src/track/read-runs.js';
import { type Executor, InputsChangedError, reproduceRun } from '../../src/track/reproduce.js';
import { withRun } from '../../src/track/run.js';
import { finishedRun, tempRunsDir } from './support/runs.js';

const temp = tempRunsDir('reproduce');
afterAll(temp.remove);
const runsDir = path.join(temp.dir, 'runs');
const input = path.join(temp.dir, 'conn.log');
writeFileSync(input, 'connections\n');

const metrics = { loss: 0.123456789, threshold: 0.9 };

/** An executor that records, as the re-executed command would, a run with these metrics. */
function executorWriting(values: Record<string, number>, seen: Parameters<Executor>[0][] = []): Executor {
  return async (command) => {
    seen.push(command);
    const saved = { ...process.env };
    Object.assign(process.env, command.env);
    try {
      await withRun(
        { kind: 'train', params: {}, argv: command.argv, runsDir: command.env.ZEEKSEQ_RUNS_DIR },
        async (run) => {
          for (const [name, value] of Object.entries(values)) run.logMetric(name, value);
        },
      );
    } finally {
      process.env = saved;
    }
    return 0;
  };
}

describe('reproduceRun', () => {
  it('re-executes the recorded command as a new run that says what it reproduces, and finds every metric equal', async () => {
    const id = await finishedRun(runsDir, { argv: ['train', '--seed', '1'], inputs: [input], metrics });
    const seen: Parameters<Executor>[0][] = [];
    const result = await reproduceRun(runsDir, id, { execute: executorWriting(metrics, seen) });
    expect(seen).toEqual([
      expect.objectContaining({
        argv: ['train', '--seed', '1'],
        cwd: process.cwd(),
        env: expect.objectContaining({ ZEEKSEQ_RUNS_DIR: runsDir, ZEEKSEQ_REPRODUCES: id }),
      }),
    ]);
    expect(result).toMatchObject({ original: id, reproduced: true, differing: [], exitCode: 0 });
    expect(result.metrics.map((check) => check.name)).toEqual(['loss', 'threshold']);
    expect((await loadRun(runsDir, result.reproduction)).record.reproduces).toBe(id);
  });

  it('reports a metric that changed, and accepts it within a stated tolerance', async () => {
    const id = await finishedRun(runsDir, { inputs: [input], metrics });
    const changed = { ...metrics, loss: 0.123456 };
    const exact = await reproduceRun(runsDir, id, { execute: executorWriting(changed) });
    expect(exact.reproduced).toBe(false);
    expect(exact.differing).toEqual([
      { name: 'loss', original: metrics.loss, reproduced: 0.123456, tolerance: 0, same: false },
    ]);
    const loose = await reproduceRun(runsDir, id, { execute: executorWriting(changed), tolerances: { loss: 1e-5 } });
    expect(loose.reproduced).toBe(true);
  });

  it('reports a metric the reproduction did not log', async () => {
    const id = await finishedRun(runsDir, { metrics });
    const result = await reproduceRun(runsDir, id, { execute: executorWriting({ loss: metrics.loss }) });
    expect(result.differing.map((check) => [check.name, check.reproduced])).toEqual([['threshold', null]]);
  });

  it('refuses when an input file changed, listing it, and runs past it with force', async () => {
    const file = path.join(temp.dir, 'changing.log');
    writeFileSync(file, 'before\n');
    const id = await finishedRun(runsDir, { inputs: [file], metrics });
    writeFileSync(file, 'after!\n');
    let executed = false;
    const execute: Executor = async (command) => {
      executed = true;
      return executorWriting(metrics)(command);
    };
    const refused = reproduceRun(runsDir, id, { execute });
    await expect(refused).rejects.toThrow(InputsChangedError);
    const recorded = portablePath(file, process.cwd());
    await expect(refused).rejects.toMatchObject({ changes: [{ path: recorded, change: 'changed' }] });
    expect(executed).toBe(false);
    const forced = await reproduceRun(runsDir, id, { execute, force: true });
    expect(forced).toMatchObject({ reproduced: true, inputChanges: [{ path: recorded, change: 'changed' }] });
  });

  it('says so when the command recorded no run', async () => {
    const id = await finishedRun(runsDir, { argv: ['inspect', 'x'], metrics });
    await expect(reproduceRun(runsDir, id, { execute: async () => 2 })).rejects.toThrow(
      /zeekseq inspect x exited with code 2 and recorded no run/,
    );
  });
});
