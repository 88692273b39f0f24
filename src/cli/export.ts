/**
 * `zeekseq export --data DIR... --output DIR --format parquet`: a folder of Zeek logs (TSV, JSON lines, CSV, gzip,
 * rotated) as one Parquet file per log type, for DuckDB, pandas, Spark or `zeekseq` itself to read.
 */
import { Command } from 'commander';
import { ZeekseqError } from '../util/errors.js';
import { escapeControl } from '../util/escape.js';
import { listOption } from './options.js';

const FORMATS = ['parquet'];

export function buildExportCommand(): Command {
  return new Command('export')
    .description('Convert a folder of Zeek logs into one Parquet file per log type.')
    .requiredOption('--data <dirs...>', 'folder(s) of Zeek logs, searched recursively')
    .requiredOption('--output <dir>', 'folder for the <type>.parquet files (outside the input folders)')
    .option('--format <format>', `output format (${FORMATS.join(', ')})`, 'parquet')
    .option('--types <types>', 'only these log types, comma-separated (e.g. conn,dns)')
    .action(async (options: { data: string[]; output: string; format: string; types?: string }) => {
      const { exportZeekParquet } = await import('../zeek/export-parquet.js');
      if (!FORMATS.includes(options.format)) {
        throw new ZeekseqError(`--format ${options.format} is not supported; choose ${FORMATS.join(' or ')}.`);
      }
      const result = await exportZeekParquet(options.data, options.output, { types: listOption(options.types) });
      for (const log of result.logs) {
        process.stdout.write(`${escapeControl(log.file)}\t${log.rows} rows\n`);
      }
      const problems = result.problemTotals.reduce((n, t) => n + t.count, 0);
      if (problems > 0) {
        process.stderr.write(
          `${problems} problem${problems === 1 ? '' : 's'} in the input (rows that could not be read are not in the Parquet files); run zeekseq inspect on it to see them.\n`,
        );
      }
    });
}
