/**
 * Speed of the dataset operations on a generated conn log shaped like Zeek's (21 columns), with
 * a dns log for 40% of the connections: every operation on 1M conn rows, save/load on 100k and 1M.
 * Connections are nearly in time order, as in real logs.
 * Run: npx tsx bench/dataset-ops.ts [conn rows for the operations, default 1000000]
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { createRandom } from '../src/util/random.js';
import { ZeekDataset } from '../src/zeek/dataset.js';

const states = ['SF', 'S0', 'REJ', 'RSTO', 'RSTR', 'SH', 'OTH', 'S1'];
const services = ['dns', 'http', 'ssl', null, null, 'smb', 'krb'];

function generate(rows: number, seed: number): ZeekDataset {
  const rng = createRandom(seed);
  const pick = <T>(items: readonly T[]) => items[rng.int(items.length)];
  const number = (fill: (i: number) => number) => Float64Array.from({ length: rows }, (_, i) => fill(i));
  const host = () => `10.${rng.int(4)}.${rng.int(256)}.${rng.int(256)}`;
  const uid = Array.from({ length: rows }, (_, i) => `C${((i * 2654435761) >>> 0).toString(36)}${i.toString(36)}`);
  const conn = aq.table({
    // Zeek writes a connection when it ends, so start times are nearly, not exactly, sorted.
    ts: number((i) => 1.6e9 + (i / rows) * 604800 + rng.next() * 60),
    uid,
    'id.orig_h': Array.from({ length: rows }, host),
    'id.orig_p': number(() => 1024 + rng.int(64000)),
    'id.resp_h': Array.from({ length: rows }, host),
    'id.resp_p': number(() => pick([53, 80, 443, 445, 88, 389])),
    proto: Array.from({ length: rows }, () => pick(['tcp', 'udp'])),
    service: Array.from({ length: rows }, () => pick(services)),
    duration: number(() => (rng.next() < 0.3 ? NaN : rng.next() * 100)),
    orig_bytes: number(() => (rng.next() < 0.3 ? NaN : rng.int(1e6))),
    resp_bytes: number(() => (rng.next() < 0.3 ? NaN : rng.int(1e6))),
    conn_state: Array.from({ length: rows }, () => pick(states)),
    local_orig: Array.from({ length: rows }, () => (rng.next() < 0.1 ? null : rng.next() < 0.5)),
    local_resp: Array.from({ length: rows }, () => (rng.next() < 0.1 ? null : rng.next() < 0.5)),
    missed_bytes: number(() => 0),
    history: Array.from({ length: rows }, () => pick(['ShADadFf', 'S', 'Dd', 'ShR', null])),
    orig_pkts: number(() => rng.int(100)),
    orig_ip_bytes: number(() => rng.int(1e5)),
    resp_pkts: number(() => rng.int(100)),
    resp_ip_bytes: number(() => rng.int(1e5)),
    tunnel_parents: Array.from({ length: rows }, () => (rng.next() < 0.95 ? null : ['Cx', 'Cy'])),
  });
  const dnsRows = uid.filter(() => rng.next() < 0.4);
  const dns = aq.table({
    ts: Float64Array.from(dnsRows, () => 1.6e9 + rng.next() * 604800),
    uid: dnsRows,
    query: dnsRows.map((_, i) => `host${i % 5000}.example.com`),
    answers: dnsRows.map(() => (rng.next() < 0.2 ? null : [host(), host()])),
  });
  return new ZeekDataset({
    logs: new Map<string, ColumnTable>([
      ['conn', conn],
      ['dns', dns],
    ]),
    origin: 'generated',
  });
}

function time<T>(label: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  console.log(`${label.padEnd(48)} ${(performance.now() - start).toFixed(0).padStart(6)} ms`);
  return result;
}

async function timeAsync<T>(label: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  console.log(`${label.padEnd(48)} ${(performance.now() - start).toFixed(0).padStart(6)} ms`);
  return result;
}

async function saveLoad(dataset: ZeekDataset, label: string): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'zeekseq-bench-'));
  try {
    await timeAsync(`save ${label}`, () => dataset.save(dir));
    const sizes = await Promise.all((await readdir(dir)).map(async (file) => (await stat(path.join(dir, file))).size));
    console.log(`${'  on disk'.padEnd(48)} ${(sizes.reduce((a, b) => a + b, 0) / 1e6).toFixed(1).padStart(6)} MB`);
    const loaded = await timeAsync(`load ${label}`, () => ZeekDataset.load(dir));
    if (loaded.log('conn').numRows() !== dataset.log('conn').numRows()) throw new Error('round trip lost rows');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const rows = Number(process.argv[2] ?? 1_000_000);
const big = time(`generate ${rows} conn rows`, () => generate(rows, 1));
console.log(`rows: ${JSON.stringify(big.rowCounts())}`);
time('removeDuplicateUids', () => big.removeDuplicateUids());
time('removeConnOnly', () => big.removeConnOnly());
time('sortByTs', () => big.sortByTs());
const keep = Math.floor(rows / 10);
time(`keepConnections n=${keep}, time order`, () => big.keepConnections({ n: keep }));
time(`keepConnections n=${keep}, S0/REJ, seeded`, () =>
  big.keepConnections({ n: keep, connStates: ['S0', 'REJ'], seed: 1 }),
);
time('removeConnections by values', () => big.removeConnections({ 'id.resp_p': [445], service: ['krb'] }));
time('removeConnections by predicate', () => big.removeConnections((row) => row.conn_state === 'OTH'));
time('split testRatio=0.2 with 2 forced IPs', () =>
  big.split({ testRatio: 0.2, seed: 1, testIps: ['10.0.0.1', '10.1.2.3'] }),
);
time('prepare', () => big.prepare());
await saveLoad(generate(100_000, 2), '100k conn rows (+dns)');
await saveLoad(big, `${rows} conn rows (+dns)`);
