/**
 * `zeekseq export --format parquet`: a real folder of Zeek TSV becomes one Parquet file per log type that reads
 * back to the same tables; an output folder inside the input and an unknown format are refused with the fix.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { buildExportCommand } from '../../src/cli/export.js';
import { readZeekDir } from '../../src/zeek/read-dir.js';
import { sharedDataset } from '../support/shared.js';

const mta = sharedDataset('mta-littletigers-small');
const dir = mkdtempSync(path.join(tmpdir(), 'zeekseq-cli-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

async function run(...args: string[]): Promise<string> {
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  await buildExportCommand()
    .exitOverride()
    .configureOutput({ writeErr: () => {} })
    .parseAsync(args, { from: 'user' });
  return stdout;
}

describe.skipIf(!mta)('zeekseq export', () => {
  it('writes one Parquet file per log type that reads back to the TSV tables', async () => {
    const output = path.join(dir, 'parquet');
    const stdout = await run('--data', mta!, '--output', output, '--format', 'parquet');
    const tsv = await readZeekDir(mta!, { progress: false });
    expect(readdirSync(output).sort()).toEqual(tsv.types().map((t) => `${t}.parquet`));
    expect(stdout).toContain(`${path.join(output, 'conn.parquet')}\t271 rows`);
    const parquet = await readZeekDir(output, { progress: false });
    expect(parquet.rowCounts()).toEqual(tsv.rowCounts());
    for (const type of tsv.types()) {
      for (const name of tsv.log(type).columnNames()) {
        expect(Array.from(parquet.log(type).column(name) as unknown as ArrayLike<unknown>), `${type}.${name}`).toEqual(
          Array.from(tsv.log(type).column(name) as unknown as ArrayLike<unknown>),
        );
      }
    }
  });

  it('refuses an output folder inside the input, and an unknown format', async () => {
    await expect(run('--data', mta!, '--output', path.join(mta!, 'out'))).rejects.toThrow(
      /is inside the input folder .*write the Parquet files to a folder outside it/,
    );
    await expect(run('--data', mta!, '--output', dir, '--format', 'orc')).rejects.toThrow(
      /--format orc is not supported; choose parquet/,
    );
  });
});
