/**
 * The `zeekseq` command line. Each command lives in its own file under src/cli/ and exports a
 * function that builds its commander Command; this file only assembles them and turns
 * ZeekseqErrors into one clear line on stderr with exit code 2.
 */
import { Command, CommanderError } from 'commander';
import { ZeekseqError } from '../util/errors.js';
import { readFileSync } from 'node:fs';
import { buildWeblogCommand } from './weblog.js';
import { buildInspectCommand } from './inspect.js';

const commandBuilders: Array<() => Command> = [
  buildWeblogCommand,
  buildInspectCommand,
];

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(): Command {
  const program = new Command('zeekseq')
    .description('Sequence-based anomaly detection on Zeek (Corelight) logs.')
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)');
  for (const build of commandBuilders) program.addCommand(build());
  return program;
}

export async function run(argv: string[]): Promise<void> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof ZeekseqError) {
      console.error(`zeekseq: ${error.message}`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}
