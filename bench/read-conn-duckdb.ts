/**
 * DuckDB reading the same conn.log into memory, the baseline for the zeekseq reader: `read_csv` with Zeek's TSV
 * dialect (tab-separated, `#` header lines skipped as comments, `-` as null, column names from `#fields`).
 * Run: npx tsx bench/read-conn-duckdb.ts <conn.log path> [--threads N]   (default 2)
 * Prints one human line and one JSON line; peak RSS is the whole process's (Node and DuckDB).
 */
import { open, stat } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
if (!file) {
  console.error('usage: npx tsx bench/read-conn-duckdb.ts <conn.log path> [--threads N]');
  process.exit(2);
}
const threadsAt = process.argv.indexOf('--threads');
const threads = threadsAt > 0 ? Number(process.argv[threadsAt + 1]) : 2;

/** The `#fields` names, from the first 64 KiB (the header is a few hundred bytes). */
async function fieldNames(path: string): Promise<string[]> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(1 << 16);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const line = head
      .toString('utf8', 0, bytesRead)
      .split('\n')
      .find((l) => l.startsWith('#fields\t'));
    if (!line) throw new Error(`${path} has no #fields line in its first 64 KiB: not a plain Zeek TSV log`);
    return line.split('\t').slice(1);
  } finally {
    await handle.close();
  }
}

const bytes = (await stat(file)).size;
const start = performance.now();
const names = await fieldNames(file);
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const connection = await instance.connect();
const list = names.map((n) => `'${n.replaceAll("'", "''")}'`).join(', ');
await connection.run(
  `CREATE TABLE conn AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}', delim = '\t', comment = '#', ` +
    `header = false, nullstr = '-', quote = '', escape = '', names = [${list}])`,
);
const rows = Number((await connection.runAndReadAll('SELECT count(*) FROM conn')).getRows()[0][0]);
const seconds = (performance.now() - start) / 1000;
const result = {
  tool: `duckdb ${(await connection.runAndReadAll('PRAGMA version')).getRows()[0][0]} read_csv`,
  threads,
  rows,
  columns: names.length,
  megabytes: Number((bytes / 1e6).toFixed(1)),
  seconds: Number(seconds.toFixed(3)),
  peak_rss_megabytes: Math.round(process.resourceUsage().maxRSS / 1024),
};
connection.closeSync();
instance.closeSync();
console.log(
  `duckdb read ${rows.toLocaleString('en-US')} conn rows (${result.megabytes} MB) with ${threads} threads in ${result.seconds} s, peak RSS ${result.peak_rss_megabytes} MB`,
);
console.log(JSON.stringify(result));
