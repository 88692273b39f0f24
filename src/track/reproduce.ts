/**
 * `runs reproduce`: re-execute a recorded command as a new run and check that it gives the same final metrics.
 * The inputs are checked first (a changed or missing file would make any difference meaningless); the new run is
 * found through REPRODUCES_ENV, which the re-executed command's startRun records as `reproduces`.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ZeekseqError } from '../util/errors.js';
import { checkInputs, type InputChange } from './fingerprint.js';
import { PROJECT_DIR } from './project.js';
import { listRuns, loadRun, type StoredRun } from './read-runs.js';
import { REPRODUCES_ENV } from './run.js';
import { RUNS_DIR_ENV } from './runs-dir.js';

export interface ExecuteCommand {
  /** zeekseq's arguments as recorded. */
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Runs the command; resolves with its exit code. */
export type Executor = (command: ExecuteCommand) => Promise<number>;

export interface ReproduceOptions {
  /** Re-run even when inputs changed (the changes are still reported). */
  force?: boolean;
  /** Default: `node bin/zeekseq.js ...argv` of this project, its output on stderr. */
  execute?: Executor;
  /** Largest relative difference |a − b| / max(|a|, |b|) that still counts as the same; default 0 (exact). */
  tolerance?: number;
  /** Per-metric tolerances, overriding `tolerance`. */
  tolerances?: Record<string, number>;
  /** The folder to re-run in, against which recorded relative paths resolve (default the current folder). */
  cwd?: string;
}

export interface MetricCheck {
  name: string;
  original: number | null;
  reproduced: number | null;
  tolerance: number;
  same: boolean;
}

export interface ReproduceResult {
  original: string;
  reproduction: string;
  /** The exit code of the re-executed command. */
  exitCode: number;
  /** Input changes that `force` ran past (empty otherwise). */
  inputChanges: InputChange[];
  /** Every final metric of either run. */
  metrics: MetricCheck[];
  /** The checks that failed. */
  differing: MetricCheck[];
  /** The command succeeded and every metric is within its tolerance. */
  reproduced: boolean;
}

/** Thrown when inputs changed since the run and `force` was not given; `changes` lists them. */
export class InputsChangedError extends ZeekseqError {
  constructor(
    readonly run: string,
    readonly changes: InputChange[],
  ) {
    const list = changes.map((c) => `${c.change}: ${c.path}`).join('; ');
    super(`run ${run}: its inputs changed since it ran (${list}); restore them, or reproduce with --force.`);
  }
}

export const defaultExecutor: Executor = ({ argv, cwd, env }) =>
  new Promise((resolve, reject) => {
    // stdout goes to stderr too, so the caller's stdout carries only its own verdict.
    const child = spawn(process.execPath, [path.join(PROJECT_DIR, 'bin', 'zeekseq.js'), ...argv], {
      cwd,
      env,
      stdio: ['ignore', 2, 2],
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });

function sameWithin(a: number | null, b: number | null, tolerance: number): boolean {
  if (a === null || b === null) return a === b;
  if (a === b) return true;
  return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
}

export function checkMetrics(
  original: StoredRun,
  reproduction: StoredRun,
  options: Pick<ReproduceOptions, 'tolerance' | 'tolerances'> = {},
): MetricCheck[] {
  const names = [...new Set([...Object.keys(original.metrics), ...Object.keys(reproduction.metrics)])].sort();
  return names.map((name) => {
    const tolerance = options.tolerances?.[name] ?? options.tolerance ?? 0;
    const a = name in original.metrics ? original.metrics[name] : null;
    const b = name in reproduction.metrics ? reproduction.metrics[name] : null;
    // A metric only one run has is a difference, not a null equal to null.
    const bothHave = name in original.metrics && name in reproduction.metrics;
    return { name, original: a, reproduced: b, tolerance, same: bothHave && sameWithin(a, b, tolerance) };
  });
}

export async function reproduceRun(
  runsDir: string,
  id: string,
  options: ReproduceOptions = {},
): Promise<ReproduceResult> {
  const original = await loadRun(runsDir, id);
  const { record } = original;
  if (record.kind === 'notebook')
    throw new ZeekseqError(
      `run ${record.id} was recorded by a notebook, which cannot be re-executed; run the notebook again instead.`,
    );
  // relative paths are the project's: they resolve in the folder reproduce runs in, e.g. another clone
  const cwd = options.cwd ?? process.cwd();
  const changes = await checkInputs(record.inputs, record.fingerprints, cwd);
  if (changes.length > 0 && !options.force) throw new InputsChangedError(record.id, changes);
  const before = new Set((await listRuns(runsDir)).map((run) => run.record.id));
  const exitCode = await (options.execute ?? defaultExecutor)({
    argv: record.command.argv,
    cwd,
    env: { ...process.env, [RUNS_DIR_ENV]: runsDir, [REPRODUCES_ENV]: record.id },
  });
  const reproduction = (await listRuns(runsDir))
    .filter((run) => !before.has(run.record.id) && run.record.reproduces === record.id)
    .at(-1);
  if (!reproduction)
    throw new ZeekseqError(
      `zeekseq ${record.command.argv.join(' ')} exited with code ${exitCode} and recorded no run in ${runsDir}; its output above says why.`,
    );
  const metrics = checkMetrics(original, reproduction, options);
  const differing = metrics.filter((check) => !check.same);
  return {
    original: record.id,
    reproduction: reproduction.record.id,
    exitCode,
    inputChanges: changes,
    metrics,
    differing,
    reproduced: exitCode === 0 && reproduction.record.status === 'finished' && differing.length === 0,
  };
}
