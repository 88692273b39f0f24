/**
 * `zeekseq runs list|show|compare|reproduce|export`: the runs recorded in the runs folder (--runs-dir, else
 * $ZEEKSEQ_RUNS_DIR, else experiments/runs/). The work is in src/track/; this file parses and prints.
 */
import { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { escapeControl, safeJson } from '../util/escape.js';
import { ZeekseqError } from '../util/errors.js';
import type { ReproduceOptions } from '../track/reproduce.js';
import { resolveRunsDir } from '../track/runs-dir.js';
import { numberOption } from './options.js';

interface RunsDirFlags {
  runsDir?: string;
  json?: boolean;
}

function withRunsDir(command: Command): Command {
  return command.option('--runs-dir <dir>', 'runs folder (default $ZEEKSEQ_RUNS_DIR, else experiments/runs/)');
}

/** `1e-6` for every metric, `loss=1e-3` for one; comma-separated. */
export function parseTolerance(text: string | undefined): Pick<ReproduceOptions, 'tolerance' | 'tolerances'> {
  const result: Pick<ReproduceOptions, 'tolerance' | 'tolerances'> = {};
  for (const part of (text ?? '').split(',').filter((p) => p.trim() !== '')) {
    const [name, value] = part.includes('=') ? part.split('=', 2).map((s) => s.trim()) : [undefined, part];
    const tolerance = numberOption('--tolerance', value)!;
    if (tolerance < 0) throw new ZeekseqError(`--tolerance ${part}: a tolerance is a relative difference, at least 0.`);
    if (name === undefined) result.tolerance = tolerance;
    else result.tolerances = { ...result.tolerances, [name]: tolerance };
  }
  return result;
}

function listCommand(): Command {
  return withRunsDir(new Command('list'))
    .description('One line per run: id, kind, status, start, duration and its first metrics.')
    .option('--json', 'print the runs as one JSON array')
    .action(async (flags: RunsDirFlags) => {
      const { listRuns } = await import('../track/read-runs.js');
      const { formatRunList } = await import('../track/format-runs.js');
      const runsDir = resolveRunsDir(flags.runsDir);
      const runs = await listRuns(runsDir);
      process.stdout.write(
        flags.json
          ? `${safeJson(runs.map((run) => ({ ...run.record, metrics: run.metrics })))}\n`
          : formatRunList(runs, runsDir),
      );
    });
}

function showCommand(): Command {
  return withRunsDir(new Command('show'))
    .description('Everything recorded about one run.')
    .argument('<id>', 'run id, or a unique start of one')
    .option('--json', 'print run.json with the final metrics as JSON')
    .action(async (id: string, flags: RunsDirFlags) => {
      const { loadRun } = await import('../track/read-runs.js');
      const { formatRun } = await import('../track/format-runs.js');
      const run = await loadRun(resolveRunsDir(flags.runsDir), id);
      process.stdout.write(flags.json ? `${safeJson({ ...run.record, metrics: run.metrics })}\n` : formatRun(run));
    });
}

function compareCommand(): Command {
  return withRunsDir(new Command('compare'))
    .description(
      'Runs side by side — parameters, code, environment, input data, final metrics — showing only what differs; two infer runs also compare their notables and anomalous connections.',
    )
    .argument('<ids...>', 'two or more run ids (or unique starts of them)')
    .option('--all', 'also show what is the same in every run')
    .option('--json', 'print the comparison as JSON')
    .action(async (ids: string[], flags: RunsDirFlags & { all?: boolean }) => {
      const { loadRun } = await import('../track/read-runs.js');
      const { compareRuns } = await import('../track/compare-runs.js');
      const { formatComparison } = await import('../track/format-runs.js');
      if (ids.length < 2) throw new ZeekseqError('runs compare needs at least two run ids.');
      const runsDir = resolveRunsDir(flags.runsDir);
      const runs = [];
      for (const id of ids) runs.push(await loadRun(runsDir, id));
      const comparison = await compareRuns(runs, { all: flags.all });
      process.stdout.write(flags.json ? `${safeJson(comparison)}\n` : formatComparison(comparison));
    });
}

function reproduceCommand(): Command {
  return withRunsDir(new Command('reproduce'))
    .description(
      "Re-run a run's command as a new run and check its final metrics: exit 0 when all match, 1 when some differ, 2 when its inputs changed.",
    )
    .argument('<id>', 'run id, or a unique start of one')
    .option('--force', 're-run even when input files changed since the run')
    .option(
      '--tolerance <x>',
      'relative difference allowed: 1e-6 for every metric, loss=1e-3 for one (comma-separated)',
    )
    .action(async (id: string, flags: RunsDirFlags & { force?: boolean; tolerance?: string }) => {
      const { reproduceRun } = await import('../track/reproduce.js');
      const result = await reproduceRun(resolveRunsDir(flags.runsDir), id, {
        force: flags.force,
        ...parseTolerance(flags.tolerance),
      });
      for (const change of result.inputChanges)
        console.error(`warning: input ${change.change}: ${escapeControl(change.path)}`);
      const name = (check: { name: string }) => escapeControl(check.name);
      if (result.reproduced) {
        console.log(`${result.reproduction} reproduces ${result.original}: ${result.metrics.length} metrics match.`);
        return;
      }
      console.log(
        `${result.reproduction} does not reproduce ${result.original}` +
          (result.exitCode === 0 ? ':' : ` (the command exited with code ${result.exitCode}):`),
      );
      for (const check of result.differing)
        console.log(
          `  ${name(check)}: ${check.original ?? '-'} -> ${check.reproduced ?? '-'} (tolerance ${check.tolerance})`,
        );
      process.exitCode = 1;
    });
}

function exportCommand(): Command {
  return withRunsDir(new Command('export'))
    .description('Every run as one CSV row: id, kind, status, start, duration, param.<name>, metric.<name>.')
    .option('--output <file>', 'CSV file to write (default: stdout)')
    .action(async (flags: RunsDirFlags & { output?: string }) => {
      const { listRuns } = await import('../track/read-runs.js');
      const { exportRuns, runsCsv } = await import('../track/export-runs.js');
      const runs = await listRuns(resolveRunsDir(flags.runsDir));
      const csv = runsCsv(exportRuns(runs));
      if (flags.output === undefined) process.stdout.write(csv);
      else {
        await writeFile(flags.output, csv);
        console.error(`wrote ${runs.length} runs to ${flags.output}`);
      }
    });
}

export function buildRunsCommand(): Command {
  return new Command('runs')
    .description('The recorded runs: list, show, compare, reproduce and export them.')
    .addCommand(listCommand())
    .addCommand(showCommand())
    .addCommand(compareCommand())
    .addCommand(reproduceCommand())
    .addCommand(exportCommand());
}
