/**
 * Every train, infer, sweep, evaluate, compare and weblog is a tracked run (src/track/): its command line, resolved
 * parameters, inputs' fingerprints, the metrics and files of its event stream, and its status, in a run folder of
 * the runs directory (`--runs-dir`, else ZEEKSEQ_RUNS_DIR, else experiments/runs/).
 */
import type { Command } from 'commander';
import type { RunKind } from '../track/run-record.js';
import type { Run } from '../track/run.js';
import type { EventStream } from '../util/events.js';
import { withRendering } from './render.js';

/** The help text of --runs-dir. */
export const RUNS_DIR_HELP = 'where the run is recorded (default $ZEEKSEQ_RUNS_DIR, else experiments/runs)';

let invocation: string[] = process.argv.slice(2);

/** The arguments zeekseq was called with (set by main.ts's run(), so in-process calls record theirs). */
export function setInvocation(argv: readonly string[]): void {
  invocation = [...argv];
}

/** --runs-dir, which every tracked command takes. */
export function runsDirOption(command: Command): Command {
  return command.option('--runs-dir <dir>', RUNS_DIR_HELP);
}

export interface TrackedOptions {
  kind: RunKind;
  runsDir?: string;
  /** The parameters as given; estimators add their resolved ones as they run. */
  params: Readonly<Record<string, unknown>>;
  /** Files and folders read, fingerprinted so a reproduction can tell whether they changed. */
  inputs: readonly string[];
  events: EventStream;
  name?: string;
}

/** Runs `work` as a recorded run with its events drawn on stderr; prints the run id at the end. */
export async function tracked<T>(options: TrackedOptions, work: (run: Run) => Promise<T>): Promise<T> {
  const { withRun } = await import('../track/run.js');
  const result = await withRendering(options.events, () =>
    withRun(
      {
        kind: options.kind,
        name: options.name,
        argv: invocation,
        params: options.params,
        inputs: [...options.inputs],
        runsDir: options.runsDir,
        events: options.events,
      },
      async (run) => {
        const value = await work(run);
        options.events.info(`recorded as run ${run.id} (${run.dir})`);
        return value;
      },
    ),
  );
  return result;
}
