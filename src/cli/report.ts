/**
 * `zeekseq report RUN_ID [RUN_ID]`: the HTML report of a recorded run, or of two runs compared
 * (src/report/run-report.ts, src/report/comparison-report.ts), written as DIR/index.html.
 */
import { Command } from 'commander';
import { loadRun } from '../track/read-runs.js';
import { resolveRunsDir } from '../track/runs-dir.js';
import { ZeekseqError } from '../util/errors.js';

interface ReportFlags {
  output?: string;
  runsDir?: string;
}

export function buildReportCommand(): Command {
  return new Command('report')
    .description(
      'Write the HTML report of a recorded run (charts, result tables, parameters, inputs, how to reproduce it), or of two runs compared: one self-contained page, DIR/index.html.',
    )
    .argument('<runs...>', 'one run id (or a unique prefix), or two to compare')
    .option('--output <dir>', 'folder of the report (default reports/<id>/, or reports/<a>-vs-<b>/ for two runs)')
    .option('--runs-dir <dir>', 'where the runs are (default $ZEEKSEQ_RUNS_DIR, else experiments/runs)')
    .action(async (ids: string[], flags: ReportFlags) => {
      if (ids.length > 2)
        throw new ZeekseqError(`report takes one run id, or two to compare; got ${ids.length} (${ids.join(' ')}).`);
      // The reports load the Detector, charts and TensorFlow.js: only when the command runs, not at start-up.
      const { comparisonReport } = await import('../report/comparison-report.js');
      const { defaultReportDir, runReport } = await import('../report/run-report.js');
      const { writeReport } = await import('../report/write-report.js');
      const runsDir = resolveRunsDir(flags.runsDir);
      // the default folder is named by the full ids, whatever prefixes were given
      const full = await Promise.all(ids.map(async (id) => (await loadRun(runsDir, id)).record.id));
      const dir = flags.output ?? defaultReportDir(...full);
      const doc =
        full.length === 1
          ? await runReport(runsDir, full[0], { reportDir: dir })
          : await comparisonReport(runsDir, full[0], full[1]);
      console.log(`Report: ${await writeReport(doc, dir)}`);
    });
}
