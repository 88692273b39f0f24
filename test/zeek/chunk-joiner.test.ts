/**
 * The ChunkJoiner against prepare() on the whole data: connections whose rows cross a chunk edge either way, a
 * duplicate uid in the next chunk, conn-only connections, and a dhcp row naming connections of two chunks give
 * the same connections and the same (row, connection) events.
 */
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { ChunkJoiner } from '../../src/zeek/chunk-joiner.js';
import { concatTables } from '../../src/zeek/concat-tables.js';
import { ZeekDataset } from '../../src/zeek/dataset.js';
import { prepareDataset } from '../../src/zeek/prepare-dataset.js';
import { forEachRowUid } from '../../src/zeek/row-uids.js';

const conn = (uids: string[], ts: number[]) => aq.table({ ts: Float64Array.from(ts), uid: uids });
const dns = (uids: string[], ts: number[], query: string[]) =>
  aq.table({ ts: Float64Array.from(ts), uid: uids, query });

const chunks = [
  // A has dns here; B is conn-only; C's dns comes in the next chunk; D's dns comes before its conn row.
  new Map([
    ['conn', conn(['A', 'B', 'C'], [1, 2, 3])],
    ['dns', dns(['A', 'D'], [1.1, 3.5], ['a.example', 'd.example'])],
  ]),
  // A again (an overlapping rotation): the first row is kept. A dhcp row names C and E.
  new Map([
    ['conn', conn(['D', 'A', 'E'], [3.4, 1, 5])],
    ['dns', dns(['C'], [3.2], ['c.example'])],
    ['dhcp', aq.table({ ts: Float64Array.from([5.5]), uids: [['C', 'E']], mac: ['aa:bb'] })],
  ]),
  // F has no other rows; E's dns comes one chunk late.
  new Map([
    ['conn', conn(['F'], [7])],
    ['dns', dns(['E'], [6], ['e.example'])],
  ]),
];

/** `type uid ts` of every (row, connection) pair whose connection is in the dataset's conn log. */
function events(dataset: ZeekDataset): string[] {
  const connections = new Set(dataset.logs.get('conn')?.array('uid') as string[]);
  const out: string[] = [];
  for (const [type, table] of dataset.logs) {
    const ts = table.array('ts') as ArrayLike<number>;
    forEachRowUid(table, (row, uid) => {
      if (connections.has(uid)) out.push(`${type} ${uid} ${ts[row]}`);
    });
  }
  return out.sort();
}

describe('ChunkJoiner', () => {
  for (const keepConnOnly of [false, true]) {
    it(`settles each chunk's connections one chunk late as prepare() does (keepConnOnly ${keepConnOnly})`, () => {
      const whole = new ZeekDataset({
        logs: new Map(
          ['conn', 'dns', 'dhcp'].map((type) => [
            type,
            concatTables(chunks.flatMap((chunk) => (chunk.has(type) ? [chunk.get(type)!] : []))),
          ]),
        ),
      });
      const prepared = prepareDataset(whole, { keepConnOnly });
      const joiner = new ChunkJoiner({ keepConnOnly });
      const settled = chunks.map((logs) => joiner.push(new ZeekDataset({ logs })));
      settled.push(joiner.finish());

      const connOf = (dataset: ZeekDataset) => (dataset.logs.get('conn')?.array('uid') as string[]) ?? [];
      expect(settled.map((s) => connOf(s.dataset))).toEqual(
        keepConnOnly ? [[], ['A', 'B', 'C'], ['D', 'E'], ['F']] : [[], ['A', 'C'], ['D', 'E'], []],
      );
      expect(settled.flatMap((s) => connOf(s.dataset)).sort()).toEqual([...connOf(prepared)].sort());
      expect(settled.flatMap((s) => events(s.dataset)).sort()).toEqual(events(prepared));
      expect(settled.map((s) => s.counts)).toEqual([
        { connRows: 0, duplicates: 0, connOnly: 0 },
        { connRows: 3, duplicates: 0, connOnly: keepConnOnly ? 0 : 1 },
        { connRows: 3, duplicates: 1, connOnly: 0 },
        { connRows: 1, duplicates: 0, connOnly: keepConnOnly ? 0 : 1 },
      ]);
    });
  }

  it('sorts each settled group by time and forgets rows whose connection did not come within the wait', () => {
    const joiner = new ChunkJoiner({ keepConnOnly: true, waitSeconds: 10 });
    joiner.push(new ZeekDataset({ logs: new Map([['conn', conn(['X', 'Y'], [9, 8])]]) }));
    const { dataset } = joiner.push(
      new ZeekDataset({
        logs: new Map([
          ['conn', conn([], [])],
          ['dns', dns(['Q'], [1], ['lost.example'])],
        ]),
      }),
    );
    expect(dataset.log('conn').array('uid')).toEqual(['Y', 'X']);
    joiner.push(new ZeekDataset({ logs: new Map([['conn', conn(['Z'], [20])]]) }));
    joiner.push(new ZeekDataset({ logs: new Map([['conn', conn(['Q'], [21])]]) }));
    // Q's dns row came three chunks and 20 s before its conn row: it has aged out, and Q is conn alone.
    const last = joiner.finish().dataset;
    expect(last.log('conn').array('uid')).toEqual(['Q']);
    expect(last.has('dns')).toBe(false);
  });

  it("joins a long connection's rows that came chunks before its conn row, within the wait", () => {
    const last = joinLongConnection(600);
    expect(last.log('conn').array('uid')).toEqual(['L']);
    expect(last.log('dns').array('query')).toEqual(['l']);
    // past the wait it is dropped, and L without other rows is conn-only
    expect(joinLongConnection(200).log('conn').numRows()).toBe(0);
  });
});

/**
 * Zeek writes conn when a connection ends: L's dns row (at its start, ts 100) comes four chunks before its conn
 * row, the data having reached ts 400 meanwhile. The last settled dataset, joined with the given wait.
 */
function joinLongConnection(waitSeconds: number): ZeekDataset {
  const joiner = new ChunkJoiner({ waitSeconds });
  const chunk = (logs: [string, aq.ColumnTable][]) => new ZeekDataset({ logs: new Map(logs) });
  joiner.push(
    chunk([
      ['conn', conn(['A'], [100])],
      ['dns', dns(['L', 'A'], [100, 101], ['l', 'a'])],
    ]),
  );
  for (const [uid, ts] of [
    ['B', 200],
    ['C', 300],
    ['D', 400],
  ] as const) {
    joiner.push(
      chunk([
        ['conn', conn([uid], [ts])],
        ['dns', dns([uid], [ts], [uid])],
      ]),
    );
  }
  joiner.push(chunk([['conn', conn(['L'], [100])]]));
  return joiner.finish().dataset;
}
