/**
 * The `zeekseq` command line. Each command lives in its own file under src/cli/ and exports a
 * function that builds its commander Command; this file only assembles them and turns every error into one
 * clear line on stderr (error-message.ts): exit code 2 for bad input, 1 for a bug (its stack under --debug).
 */
import { Command, CommanderError } from 'commander';
import { errorReport } from './error-message.js';
import { readFileSync } from 'node:fs';
import { buildWeblogCommand } from './weblog.js';
import { buildInspectCommand } from './inspect.js';
import { buildClusterCommand } from './cluster.js';
import { buildSynthCommand } from './synth.js';
import { buildDemoCommand } from './demo.js';
import { buildTrainCommand } from './train.js';
import { buildInferCommand } from './infer.js';
import { buildCompareCommand } from './compare.js';
import { buildSweepCommand } from './sweep.js';
import { buildEvaluateCommand } from './evaluate.js';
import { buildRunsCommand } from './runs.js';
import { buildExportCommand } from './export.js';
import { buildReportCommand } from './report.js';
import { buildQualityCommand } from './quality.js';
import { setInvocation } from './tracked.js';

const commandBuilders: Array<() => Command> = [
  buildDemoCommand,
  buildTrainCommand,
  buildInferCommand,
  buildCompareCommand,
  buildSweepCommand,
  buildEvaluateCommand,
  buildWeblogCommand,
  buildInspectCommand,
  buildClusterCommand,
  buildSynthCommand,
  buildRunsCommand,
  buildExportCommand,
  buildReportCommand,
  buildQualityCommand,
];

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(): Command {
  const program = new Command('zeekseq')
    .description('Sequence-based anomaly detection on Zeek (Corelight) logs.')
    .version(packageVersion())
    .option('--debug', 'on an internal error, print its stack trace');
  for (const build of commandBuilders) program.addCommand(build());
  return program;
}

/**
 * Commander applies exitOverride and the after-error hint only to the command they are called on, not to
 * commands added with addCommand, so they are set on every command: usage errors then reach run() instead of
 * exiting the process (which matters when run() is called from tests or notebooks).
 */
function configureAll(command: Command): void {
  command.exitOverride().showHelpAfterError('(run with --help for usage)');
  for (const sub of command.commands) configureAll(sub);
}

export async function run(argv: string[]): Promise<void> {
  setInvocation(argv.slice(2));
  const program = buildProgram();
  configureAll(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    const report = errorReport(error, program.opts().debug === true);
    console.error(report.text);
    process.exitCode = report.exitCode;
  }
}
