/**
 * Speed and memory of the log reader on one conn.log (Zeek TSV, plain or gzip).
 * Run: npx tsx bench/read-conn.ts <conn.log path> [--threads N]   (default 1)
 * Prints one human line and one JSON line; peak RSS is the whole process's (Node included).
 */
import { stat } from 'node:fs/promises';
import { readZeekFileDetailed } from '../src/zeek/read-file.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: npx tsx bench/read-conn.ts <conn.log path> [--threads N]');
  process.exit(2);
}
const threadsAt = process.argv.indexOf('--threads');
const threads = threadsAt > 0 ? Number(process.argv[threadsAt + 1]) : 1;
const bytes = (await stat(file)).size;
const cpuBefore = process.cpuUsage();
const start = performance.now();
const { dataset, problemTotals } = await readZeekFileDetailed(file, { type: 'conn', progress: false, threads });
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const rows = dataset.log('conn').numRows();
const megabytes = bytes / 1e6;
const result = {
  file,
  threads,
  rows,
  columns: dataset.log('conn').numCols(),
  megabytes: Number(megabytes.toFixed(1)),
  seconds: Number(seconds.toFixed(3)),
  cpu_seconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(3)),
  rows_per_second: Math.round(rows / seconds),
  megabytes_per_second: Number((megabytes / seconds).toFixed(1)),
  peak_rss_megabytes: Math.round(process.resourceUsage().maxRSS / 1024),
  problems: problemTotals.reduce((n, t) => n + t.count, 0),
};
console.log(
  `read with ${threads} thread${threads === 1 ? '' : 's'}: ${rows.toLocaleString('en-US')} conn rows (${result.megabytes} MB) in ${result.seconds} s ` +
    `(cpu ${result.cpu_seconds} s): ${result.rows_per_second.toLocaleString('en-US')} rows/s, ` +
    `${result.megabytes_per_second} MB/s, peak RSS ${result.peak_rss_megabytes} MB, ${result.problems} problems`,
);
console.log(JSON.stringify(result));
