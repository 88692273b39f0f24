/**
 * The `zeekseq` command line. Each command lives in its own file under src/cli/ and exports a
 * function that builds its commander Command; this file only assembles them and turns every error into one
 * clear line on stderr (error-message.ts): exit code 2 for bad input, 1 for a bug (its stack under --debug).
 */
import { Command, CommanderError } from 'commander';
import { errorReport } from './error-message.js';
import { readFileSync } from 'node:fs';
import { setInvocation } from './tracked.js';

/**
 * Each command's module, in the order --help lists them. A command's module (and all it imports) loads only when
 * that command runs: `zeekseq inspect` need not load the Detector's schema, arquero or zod (0.4 s of start-up).
 */
const COMMANDS: Record<string, () => Promise<() => Command>> = {
  demo: async () => (await import('./demo.js')).buildDemoCommand,
  train: async () => (await import('./train.js')).buildTrainCommand,
  infer: async () => (await import('./infer.js')).buildInferCommand,
  compare: async () => (await import('./compare.js')).buildCompareCommand,
  sweep: async () => (await import('./sweep.js')).buildSweepCommand,
  evaluate: async () => (await import('./evaluate.js')).buildEvaluateCommand,
  weblog: async () => (await import('./weblog.js')).buildWeblogCommand,
  inspect: async () => (await import('./inspect.js')).buildInspectCommand,
  cluster: async () => (await import('./cluster.js')).buildClusterCommand,
  synth: async () => (await import('./synth.js')).buildSynthCommand,
  runs: async () => (await import('./runs.js')).buildRunsCommand,
  export: async () => (await import('./export.js')).buildExportCommand,
  report: async () => (await import('./report.js')).buildReportCommand,
  quality: async () => (await import('./quality.js')).buildQualityCommand,
};

/**
 * The commands a command line needs: the one it names; none for a bare --version; every one otherwise (--help,
 * `help`, a mistyped name, which commander answers with the closest names).
 */
export function commandsFor(args: readonly string[]): string[] {
  const first = args.find((arg) => !arg.startsWith('-'));
  if (first !== undefined && Object.hasOwn(COMMANDS, first)) return [first];
  if (first === undefined && args.length > 0 && args.every((arg) => arg === '-V' || arg === '--version')) return [];
  return Object.keys(COMMANDS);
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** The program with the named commands (default: all of them). */
export async function buildProgram(names: readonly string[] = Object.keys(COMMANDS)): Promise<Command> {
  const program = new Command('zeekseq')
    .description('Sequence-based anomaly detection on Zeek (Corelight) logs.')
    .version(packageVersion())
    .option('--debug', 'on an internal error, print its stack trace');
  const builders = await Promise.all(names.map((name) => COMMANDS[name]()));
  for (const build of builders) program.addCommand(build());
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
  const program = await buildProgram(commandsFor(argv.slice(2)));
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
