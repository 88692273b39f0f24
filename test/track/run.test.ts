import { portablePath } from '../../src/track/fingerprint.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { activeRun } from '../../src/track/active-run.js';
import { gitState } from '../../src/track/environment.js';
import { listRuns, loadRun } from '../../src/track/read-runs.js';
import { createRunFolder } from '../../src/track/run-id.js';
import { startRun, withRun } from '../../src/track/run.js';
import { resolveRunsDir } from '../../src/track/runs-dir.js';
import { EventStream } from '../../src/util/events.js';
import { ZeekseqError } from '../../src/util/errors.js';
import { tempRunsDir } from './support/runs.js';

const temp = tempRunsDir('run');
afterAll(temp.remove);
const runsDir = path.join(temp.dir, 'runs');
const data = path.join(temp.dir, 'data');
mkdirSync(path.join(data, 'day2'), { recursive: true });
writeFileSync(path.join(data, 'day2', 'conn.log'), 'b\n');
writeFileSync(path.join(data, 'a.log'), 'a\n');
const single = path.join(temp.dir, 'labels.csv');
writeFileSync(single, 'uid\n');

describe('startRun / Run', () => {
  it('round-trips a run folder: record, params, metrics from events, outputs, fingerprints', async () => {
    const events = new EventStream();
    const run = await startRun({
      kind: 'train',
      name: 'baseline',
      argv: ['train', '--data', data],
      params: { acceptanceRate: 0.01, epochs: undefined, seed: 7 },
      inputs: [data, single],
      runsDir,
      events,
      backend: 'cpu',
    });
    expect(run.id).toMatch(/^\d{8}-\d{6}-train-[0-9a-f]{6}$/);
    expect(activeRun()).toBe(run);
    run.logParams({ epochs: 10, excludeIps: ['10.0.0.1'] });
    // An estimator handed the same stream records nothing twice, and its stop leaves the command's recording on.
    const estimatorStop = activeRun()!.listen(events);
    events.metric('loss', 0.5, 1);
    estimatorStop();
    events.metric('loss', 0.25, 2);
    events.warn('something to know');
    events.problem({ file: 'conn.log', line: 3, kind: 'field-count', message: 'bad' });
    events.artifact(path.join(temp.dir, 'model'), 'model');
    run.logArtifact(path.join(temp.dir, 'model'), 'model');
    run.logMetric('threshold', 0.9);
    run.end();
    expect(activeRun()).toBeUndefined();

    const stored = await loadRun(runsDir, run.id.slice(0, 20));
    const { record } = stored;
    expect(record).toMatchObject({
      id: run.id,
      name: 'baseline',
      kind: 'train',
      status: 'finished',
      error: null,
      command: { argv: ['train', '--data', data], cwd: process.cwd() },
      process: { pid: process.pid, hostname: os.hostname() },
      params: { acceptanceRate: 0.01, epochs: 10, seed: 7, excludeIps: ['10.0.0.1'] },
      seed: 7,
      environment: { node: process.version, backend: 'cpu', cpus: os.cpus().length },
      // paths are recorded relative to the folder of work, so a run reproduces from another clone
      inputs: [data, single].map((p) => portablePath(p, process.cwd())),
      outputs: [{ path: portablePath(path.join(temp.dir, 'model'), process.cwd()), kind: 'model' }],
    });
    expect(record.environment.zeekseq).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    expect(new Date(record.endedAt!).getTime()).toBeGreaterThanOrEqual(new Date(record.startedAt).getTime());
    // A folder is each file under it, sorted; sha256 of "a\n".
    expect(record.fingerprints.map((f) => [path.relative(temp.dir, path.resolve(f.path)), f.size])).toEqual([
      [path.join('data', 'a.log'), 2],
      [path.join('data', 'day2', 'conn.log'), 2],
      ['labels.csv', 4],
    ]);
    expect(record.fingerprints[0].sha256).toBe('87428fc522803d31065e7bce3cf03fe475096631e5e07bbd7a0fde60c4cf25c7');
    expect(stored.metrics).toEqual({ loss: 0.25, threshold: 0.9, warnings: 1, problems: 1 });
    const lines = readFileSync(path.join(stored.dir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0]).toEqual({ name: 'loss', value: 0.5, step: 1, time: expect.any(String) });
  });

  it('stops recording when closed: later events are ignored and direct logging throws', async () => {
    const events = new EventStream();
    const run = await startRun({ kind: 'infer', params: {}, runsDir, events });
    run.end();
    events.metric('late', 1);
    expect((await loadRun(runsDir, run.id)).metrics).toEqual({ warnings: 0, problems: 0 });
    expect(() => run.logMetric('late', 1)).toThrow(/has ended/);
  });

  it('withRun marks the run failed with the error message and rethrows', async () => {
    let id = '';
    await expect(
      withRun({ kind: 'evaluate', params: {}, runsDir }, async (run) => {
        id = run.id;
        throw new Error('labels file is empty');
      }),
    ).rejects.toThrow('labels file is empty');
    expect((await loadRun(runsDir, id)).record).toMatchObject({ status: 'failed', error: 'labels file is empty' });
    expect(activeRun()).toBeUndefined();
  });

  it('records every one of several runs started at once', async () => {
    const dir = path.join(temp.dir, 'concurrent');
    const ids = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        withRun({ kind: 'sweep', params: { i }, runsDir: dir }, async (run) => run.id),
      ),
    );
    expect(new Set(ids).size).toBe(8);
    const listed = await listRuns(dir);
    expect(listed.map((run) => run.record.id).sort()).toEqual([...ids].sort());
    expect(listed.map((run) => run.record.params.i).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('gives runs created in the same millisecond distinct ids that sort by start second', () => {
    const dir = path.join(temp.dir, 'same-ms');
    const time = new Date('2026-12-05T03:15:00.123Z');
    const ids = Array.from({ length: 50 }, () => createRunFolder(dir, 'train', time).id);
    expect(new Set(ids).size).toBe(50);
    expect(ids.every((id) => id.startsWith('20261205-031500-train-'))).toBe(true);
  });

  it('fails the run when an input is missing, naming it', async () => {
    const dir = path.join(temp.dir, 'missing');
    await expect(startRun({ kind: 'train', params: {}, inputs: ['no/such/folder'], runsDir: dir })).rejects.toThrow(
      ZeekseqError,
    );
    const [run] = await listRuns(dir);
    expect(run.record).toMatchObject({ status: 'failed', error: expect.stringContaining('no/such/folder') });
  });

  it('refuses an unknown kind', async () => {
    await expect(startRun({ kind: 'fit' as never, params: {}, runsDir })).rejects.toThrow(/unknown kind "fit"/);
  });
});

describe('environment and runs folder', () => {
  it('git state is null outside a checkout, not an error', async () => {
    expect(await gitState(os.tmpdir())).toBeNull();
    expect(await gitState()).toMatchObject({ commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
  });

  it('the runs folder: explicit, else $ZEEKSEQ_RUNS_DIR, else experiments/runs', () => {
    const saved = process.env.ZEEKSEQ_RUNS_DIR;
    try {
      process.env.ZEEKSEQ_RUNS_DIR = '/tmp/elsewhere';
      expect(resolveRunsDir('mine')).toBe(path.resolve('mine'));
      expect(resolveRunsDir()).toBe('/tmp/elsewhere');
      delete process.env.ZEEKSEQ_RUNS_DIR;
      expect(resolveRunsDir()).toBe(path.resolve('experiments/runs'));
    } finally {
      if (saved === undefined) delete process.env.ZEEKSEQ_RUNS_DIR;
      else process.env.ZEEKSEQ_RUNS_DIR = saved;
    }
  });
});
