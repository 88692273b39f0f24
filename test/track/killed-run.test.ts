import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENDED_WITHOUT_FINISHING, listRuns, loadRun } from '../../src/track/read-runs.js';
import { readRunRecord } from '../../src/track/run-record.js';
import { tempRunsDir } from './support/runs.js';

const temp = tempRunsDir('killed');
afterAll(temp.remove);

/** Starts the run in a child process and resolves with the child and the run id once the run is recorded. */
function startChild(): Promise<{ id: string; kill: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.resolve('test/track/support/start-and-wait.ts'), temp.dir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += String(chunk);
      if (out.includes('\n'))
        resolve({
          id: out.trim(),
          kill: () => {
            child.kill('SIGKILL');
            return exited;
          },
        });
    });
    child.on('exit', (code) => reject(new Error(`the child exited (${code}) before starting its run`)));
  });
}

describe('a run whose process is killed', () => {
  it('is listed as running while its process lives, and as failed once SIGKILL ended it', async () => {
    const child = await startChild();
    expect((await loadRun(temp.dir, child.id)).record.status).toBe('running');
    await child.kill();

    const [run] = await listRuns(temp.dir);
    expect(run.record).toMatchObject({ id: child.id, status: 'failed', error: ENDED_WITHOUT_FINISHING, endedAt: null });
    expect(run.metrics).toEqual({ loss: 1.5 });
    // The folder is readable as it was left, and reading it did not rewrite it.
    expect(readRunRecord(run.dir)).toMatchObject({ status: 'running', params: { epochs: 3 } });
  }, 60_000);
});
