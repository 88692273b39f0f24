/**
 * `zeekseq inspect DIR [--json]`: what a folder of Zeek logs holds, as read — per log type the
 * files, rows, columns and time range, then the problems found.
 */
import { Command } from 'commander';
import { safeJson } from '../util/escape.js';

export function buildInspectCommand(): Command {
  return new Command('inspect')
    .description(
      'Summarise a folder of Zeek logs (or one log file): rows, columns and time range per log type, and the problems found.',
    )
    .argument('<dir>', 'folder of Zeek logs, searched recursively (or a single log file)')
    .option('--json', 'print one JSON object on stdout instead of the table')
    .option('--types <types>', 'only these log types, comma-separated (e.g. conn,dns)')
    .action(async (dir: string, options: { json?: boolean; types?: string }) => {
      const types = options.types
        ?.split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      const { formatInspect, inspectDir } = await import('../zeek/inspect.js');
      const report = await inspectDir(dir, { types });
      process.stdout.write(options.json ? `${safeJson(report)}\n` : formatInspect(report));
    });
}
