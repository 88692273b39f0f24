/**
 * `zeekseq inspect DIR [--json]`: what a folder of Zeek logs holds, as read — per log type the
 * files, rows, columns and time range, then the problems found.
 */
import { Command } from 'commander';
import { ZeekseqError } from '../util/errors.js';
import { safeJson } from '../util/escape.js';

export function buildInspectCommand(): Command {
  return new Command('inspect')
    .description(
      'Summarise a folder of Zeek logs (or one log file): rows, columns and time range per log type, and the problems found.',
    )
    .argument('<dir>', 'folder of Zeek logs, searched recursively (or a single log file)')
    .option('--json', 'print one JSON object on stdout instead of the table')
    .option('--types <types>', 'only these log types, comma-separated (e.g. conn,dns)')
    .option(
      '--threads <n>',
      'threads to read with (default 2 on a machine with two cores or more; a second one helps from 16 MiB of logs)',
    )
    .action(async (dir: string, options: { json?: boolean; types?: string; threads?: string }) => {
      const types = options.types
        ?.split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      const threads = options.threads === undefined ? undefined : Number(options.threads);
      if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 64))
        throw new ZeekseqError(`--threads ${JSON.stringify(options.threads)} is not a whole number from 1 to 64.`);
      const { formatInspect, inspectDir } = await import('../zeek/inspect.js');
      const report = await inspectDir(dir, { types, threads });
      process.stdout.write(options.json ? `${safeJson(report)}\n` : formatInspect(report));
    });
}
