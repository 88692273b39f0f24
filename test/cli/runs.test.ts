import { portablePath } from '../../src/track/fingerprint.js';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { buildRunsCommand, parseTolerance } from '../../src/cli/runs.js';
import { InputsChangedError } from '../../src/track/reproduce.js';
import { ZeekseqError } from '../../src/util/errors.js';
import { finishedRun, tempRunsDir } from '../track/support/runs.js';

const temp = tempRunsDir('cli-runs');
afterAll(temp.remove);
const runsDir = path.join(temp.dir, 'runs');
const input = path.join(temp.dir, 'conn.log');
writeFileSync(input, 'connections\n');

const first = await finishedRun(runsDir, {
  name: 'evil\u001b[2Jname',
  argv: ['train', '--seed', '1'],
  params: { seed: 1, acceptanceRate: 0.01 },
  inputs: [input],
  metrics: { loss: 0.5, threshold: 0.875 },
});
const second = await finishedRun(runsDir, {
  params: { seed: 2, acceptanceRate: 0.01 },
  metrics: { loss: 0.25, threshold: 0.875 },
});

afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * `zeekseq runs ...args`, through the command itself: main.ts registers it (the lead's change) and turns a thrown
 * ZeekseqError into exit code 2, so errors are checked here as thrown.
 */
async function runs(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    stdout += `${parts.join(' ')}\n`;
  });
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    stderr += `${parts.join(' ')}\n`;
  });
  process.exitCode = undefined;
  await buildRunsCommand().exitOverride().parseAsync(args, { from: 'user' });
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { stdout, stderr, code };
}

describe('zeekseq runs', () => {
  it('list prints one line per run with kind, status and its metrics', async () => {
    const { stdout, code } = await runs('list', '--runs-dir', runsDir);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id +kind +status +start \(UTC\) +duration +metrics$/);
    expect(lines.slice(1).map((line) => line.split(/ +/)[0])).toEqual([first, second]);
    expect(lines[1]).toMatch(/ train +finished +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +[\d.]+s +loss=0\.5 threshold=0\.875$/);
  });

  it('list --json is one JSON array of the records with their final metrics', async () => {
    const { stdout } = await runs('list', '--json', '--runs-dir', runsDir);
    const listed = JSON.parse(stdout);
    expect(listed.map((run: { id: string; metrics: object }) => [run.id, run.metrics])).toEqual([
      [first, { loss: 0.5, threshold: 0.875 }],
      [second, { loss: 0.25, threshold: 0.875 }],
    ]);
  });

  it('show finds a run by a unique start of its id and escapes what came from the run', async () => {
    const { stdout, code } = await runs('show', first.slice(0, -2), '--runs-dir', runsDir);
    expect(code).toBe(0);
    expect(stdout).toContain('evil\\x1b[2Jname');
    expect(stdout).not.toContain('\u001b');
    expect(stdout).toMatch(/command +zeekseq train --seed 1\n/);
    expect(stdout).toMatch(/param seed +1\n/);
    // the random end of an id, as people copy it from a list, finds the run too
    const bySuffix = await runs('show', first.slice(-6), '--runs-dir', runsDir);
    expect(bySuffix.stdout).toContain(first);
  });

  it('compare shows only what differs, as a table and as JSON', async () => {
    const text = await runs('compare', first, second, '--runs-dir', runsDir);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/params:\n {2}seed +1 +2\n/);
    expect(text.stdout).not.toContain('acceptanceRate');
    expect(text.stdout).not.toContain('environment');
    const json = JSON.parse((await runs('compare', first, second, '--json', '--runs-dir', runsDir)).stdout);
    expect(json.params).toEqual({ seed: [1, 2] });
    expect(json.metrics).toEqual({ values: { loss: [0.5, 0.25] }, differences: { loss: [0, -0.25] } });
  });

  it('compare needs two runs', async () => {
    await expect(runs('compare', first, '--runs-dir', runsDir)).rejects.toThrow(/at least two run ids/);
  });

  it('export writes a CSV row per run with param and metric columns', async () => {
    const output = path.join(temp.dir, 'runs.csv');
    const { code } = await runs('export', '--output', output, '--runs-dir', runsDir);
    expect(code).toBe(0);
    const lines = readFileSync(output, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(
      'id,name,kind,status,start,duration_s,param.acceptanceRate,param.seed,metric.loss,metric.threshold',
    );
    expect(lines[1]).toMatch(new RegExp(`^${first},evil\\\\x1b\\[2Jname,train,finished,`));
    expect(lines).toHaveLength(3);
  });

  it('reproduce refuses (a ZeekseqError: exit code 2) when an input changed, naming the file', async () => {
    writeFileSync(input, 'changed\n');
    const refused = runs('reproduce', first, '--runs-dir', runsDir);
    await expect(refused).rejects.toThrow(InputsChangedError);
    await expect(refused).rejects.toThrow(
      `its inputs changed since it ran (changed: ${portablePath(input, process.cwd())}); restore them, or reproduce with --force.`,
    );
  });

  it('an unknown id says where it looked', async () => {
    const lookup = runs('show', 'nope', '--runs-dir', runsDir);
    await expect(lookup).rejects.toThrow(ZeekseqError);
    await expect(lookup).rejects.toThrow(`no run "nope" in ${runsDir}`);
  });
});

describe('parseTolerance', () => {
  it('reads a tolerance for every metric and per-metric ones', () => {
    expect(parseTolerance('1e-6,loss=0.001')).toEqual({ tolerance: 1e-6, tolerances: { loss: 0.001 } });
    expect(parseTolerance(undefined)).toEqual({});
    expect(() => parseTolerance('loss=abc')).toThrow('--tolerance "abc" is not a number.');
    expect(() => parseTolerance('-1')).toThrow(/at least 0/);
  });
});
