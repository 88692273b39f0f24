/**
 * Data for the dataset-operation tests: small hand-made datasets whose every property (which logs
 * mention a connection, its time, state and hosts) is chosen so each operation has a case, and a
 * raw TSV column reader that gives tests on real logs an expectation independent of the reader.
 */
import { readFileSync } from 'node:fs';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { ZeekDataset } from '../../src/zeek/dataset.js';

/**
 * conn (C1..C6) as Zeek writes it, out of time order; C4 has no timestamp. dns mentions C1, C5 and
 * an uid absent from conn (D9); http mentions C3; x509 has no uid column. C2, C4, C6 are conn-only.
 */
export function smallDataset(): ZeekDataset {
  const conn = aq.table({
    ts: Float64Array.from([10, 5, 20, NaN, 1, 15]),
    uid: ['C1', 'C2', 'C3', 'C4', 'C5', 'C6'],
    'id.orig_h': ['10.0.0.5', '10.0.0.6', '10.0.0.7', '10.0.0.6', '10.0.0.8', '10.0.0.9'],
    'id.resp_h': ['8.8.8.8', '1.1.1.1', '93.184.216.34', '10.0.0.9', '8.8.4.4', '10.0.0.5'],
    'id.resp_p': Float64Array.from([53, 443, 80, 445, 53, 22]),
    conn_state: ['SF', 'S0', 'SF', 'REJ', 'SF', 'S0'],
    service: ['dns', null, 'http', null, 'dns', null],
    duration: Float64Array.from([0.1, NaN, 2.5, NaN, 0.2, NaN]),
  });
  const dns = aq.table({
    ts: Float64Array.from([10.01, 1.01, 1.02, 30]),
    uid: ['C1', 'C5', 'C5', 'D9'],
    'id.orig_h': ['10.0.0.5', '10.0.0.8', '10.0.0.8', '10.0.0.66'],
    query: ['example.com', 'evil.test', 'evil.test', 'lonely.test'],
    answers: [['93.184.216.34'], [], null, ['10.1.1.1', '10.1.1.2']],
    rejected: [false, true, null, false],
  });
  const http = aq.table({
    ts: Float64Array.from([20.5]),
    uid: ['C3'],
    uri: ['/index.html'],
  });
  const x509 = aq.table({ ts: Float64Array.from([3, 2]), id: ['F1', 'F2'], 'certificate.subject': ['CN=a', 'CN=b'] });
  return new ZeekDataset({
    logs: new Map<string, ColumnTable>([
      ['conn', conn],
      ['dns', dns],
      ['http', http],
      ['x509', x509],
    ]),
    origin: 'small test dataset',
  });
}

/** A column of one log as a plain array, for comparisons. */
export function values(dataset: ZeekDataset, type: string, column: string): unknown[] {
  return Array.from(dataset.log(type).array(column) as ArrayLike<unknown>);
}

/** A dataset holding only the given log tables. */
export function datasetOf(logs: Record<string, ColumnTable>, origin = 'test dataset'): ZeekDataset {
  return new ZeekDataset({ logs: new Map(Object.entries(logs)), origin });
}

/**
 * One column of a Zeek TSV log as its raw field strings, read without zeekseq's reader so tests on
 * real data have an independent expectation; null when the log has no such column.
 */
export function rawTsvColumn(file: string, name: string): string[] | null {
  let fields: string[] | null = null;
  const out: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('#fields\t')) fields = line.split('\t').slice(1);
    if (line === '' || line.startsWith('#')) continue;
    const index = fields ? fields.indexOf(name) : -1;
    if (index < 0) return null;
    out.push(line.split('\t')[index]);
  }
  return out;
}
