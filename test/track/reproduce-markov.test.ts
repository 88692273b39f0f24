/**
 * A seeded markov-scorer train run, recorded by the CLI, reproduces with every metric exactly equal; a run whose
 * input changed since is refused. The executor runs the CLI in this process (the default one spawns the built
 * bin/zeekseq.js), with the environment reproduce hands it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/main.js';
import { synthesize } from '../../src/synth/synthesize.js';
import { listRuns } from '../../src/track/read-runs.js';
import { type Executor, InputsChangedError, reproduceRun } from '../../src/track/reproduce.js';

let root: string;
let runsDir: string;

const inProcess: Executor = async ({ argv, env }) => {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    process.exitCode = undefined;
    await run(['node', 'zeekseq', ...argv]);
    return Number(process.exitCode ?? 0);
  } finally {
    process.env = saved;
    process.exitCode = undefined;
    vi.restoreAllMocks();
  }
};

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'zeekseq-reproduce-'));
  runsDir = path.join(root, 'runs');
  await synthesize({ out: path.join(root, 'syn'), hosts: 4, days: 1, seed: 9, attacks: [] });
  const code = await inProcess({
    argv: [
      'train',
      '--data',
      path.join(root, 'syn'),
      '--model',
      path.join(root, 'model'),
      '--scorer',
      'markov',
      '--seed',
      '3',
      '--keep-conn-only',
      '--acceptance-rate',
      '0.05',
    ],
    cwd: root,
    env: { ZEEKSEQ_RUNS_DIR: runsDir },
  });
  expect(code).toBe(0);
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('zeekseq runs reproduce of a seeded markov train run', () => {
  it('re-executes the recorded command and confirms every metric exactly', async () => {
    const [original] = await listRuns(runsDir);
    expect(original.record.kind).toBe('train');
    expect(original.record.params).toMatchObject({ scorer: 'markov', seed: 3 });
    expect(Object.keys(original.metrics)).toEqual(
      expect.arrayContaining(['threshold', 'vocabulary_size', 'connections']),
    );
    const result = await reproduceRun(runsDir, original.record.id, { execute: inProcess });
    expect(result.exitCode).toBe(0);
    expect(result.differing).toEqual([]);
    expect(result.metrics.length).toBeGreaterThanOrEqual(3);
    expect(result.reproduced).toBe(true);
  }, 120_000);

  it('refuses when an input file changed, naming it', async () => {
    const [original] = await listRuns(runsDir);
    const conn = path.join(root, 'syn', '2024-03-04', 'conn.log');
    writeFileSync(conn, 'changed\n', { flag: 'a' });
    const error = await reproduceRun(runsDir, original.record.id, { execute: inProcess }).catch((e) => e);
    expect(error).toBeInstanceOf(InputsChangedError);
    expect(String(error.message)).toContain('conn.log');
  });
});
