/**
 * A temporary runs folder and finished runs in it, for the tracking tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type StartRunOptions, withRun } from '../../../src/track/run.js';

export function tempRunsDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `zeekseq-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A finished run with these params and final metrics; returns its id. */
export async function finishedRun(
  runsDir: string,
  options: Partial<StartRunOptions> & { metrics?: Record<string, number> },
): Promise<string> {
  const { metrics = {}, ...start } = options;
  return withRun({ kind: 'train', params: {}, argv: ['train'], runsDir, ...start }, async (run) => {
    for (const [name, value] of Object.entries(metrics)) run.logMetric(name, value);
    return run.id;
  });
}
