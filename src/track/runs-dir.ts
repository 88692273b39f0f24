/**
 * Where runs are kept. Only this function knows the default, so the CLI, notebooks and tests agree on it.
 */
import path from 'node:path';

/** The env variable that points every run of a process (and of `runs reproduce`'s child) at one folder. */
export const RUNS_DIR_ENV = 'ZEEKSEQ_RUNS_DIR';

/** An explicit folder, else $ZEEKSEQ_RUNS_DIR, else experiments/runs/ under the current folder; absolute. */
export function resolveRunsDir(explicit?: string): string {
  return path.resolve(explicit ?? process.env[RUNS_DIR_ENV] ?? path.join('experiments', 'runs'));
}
