/**
 * The run that library code records into when nobody passed it one. A notebook's `startRun` (or a command's
 * `withRun`) makes its run active; an estimator that does long work calls `activeRun()?.listen(events)` and
 * `activeRun()?.logParams(params)`, so it records into the run when there is one and costs nothing when not.
 */
import type { Run } from './run.js';

let active: Run | undefined;

export function activeRun(): Run | undefined {
  return active;
}

/** Makes `run` the active run (undefined: none). */
export function setActiveRun(run: Run | undefined): void {
  active = run;
}
