/**
 * Preparing a dataset that arrives in time-ordered chunks (see read-chunks.ts) as `prepare` prepares it whole,
 * while holding only a few chunks. A connection's rows need not share a chunk: Zeek writes conn when a
 * connection ends and its dns or http rows when they complete, so a connection near a chunk's edge has rows in
 * the chunk before or after. The joiner therefore settles the connections of a chunk one chunk late: when chunk k
 * arrives, the conn rows of chunk k−1 are joined with the rows of chunks k−2, k−1 and k that name them, and
 * rows of other logs wait until no connection near them can come any more (two chunks).
 *
 * Carried between chunks:
 *  - the conn rows of the last chunk, not yet settled;
 *  - the rows of other logs of the last three chunks not yet joined to a connection (a row naming several
 *    connections — dhcp's `uids` — stays until it ages out, since each of its connections may settle apart);
 *  - the conn uids of the last three chunks, so that a duplicate uid (overlapping rotations, two conn files of one
 *    capture) is dropped in favour of the first row in file order, as removeDuplicateUids does.
 *
 * The result equals prepare() on the whole data when every connection's rows lie within one chunk of its conn
 * row, and duplicates within three chunks of the first; each settled group is sorted by ts, so rows are in time
 * order within a group and in chunk order across groups.
 */
import type { ColumnTable } from 'arquero';
import { concatTables } from './concat-tables.js';
import { ZeekDataset } from './dataset.js';
import { columnValues, connUids, latestTs, rowsWhere, takeRows } from './log-rows.js';
import { forEachRowUid, uidColumnOf } from './row-uids.js';
import { sortByTs } from './sort-by-ts.js';

export interface ChunkJoinerOptions {
  /**
   * Seconds of data a row of another log waits for its connection beyond the chunks beside its own (default an
   * hour): Zeek writes conn when a connection ends, so a long connection's conn row comes well after its dns or
   * http rows, and with slices of a busy hour that is several chunks later. Only rows not yet joined wait.
   */
  waitSeconds?: number;
  /** Keep connections that appear only in conn (default false, as prepare). */
  keepConnOnly?: boolean;
  /** Where the chunks come from, for the settled datasets' messages. */
  origin?: string;
}

/** What settling one group of connections dropped. */
export interface SettleCounts {
  /** Conn rows read in the chunk settled. */
  connRows: number;
  /** Of those, rows whose uid an earlier conn row had. */
  duplicates: number;
  /** Of those, connections no other log named (dropped unless keepConnOnly). */
  connOnly: number;
}

interface PooledRows {
  age: number;
  /** The latest ts of its rows (−∞ without a ts column). */
  latest: number;
  table: ColumnTable;
}

/** How many chunks a row of another log waits for its connection: its own, the one before and the one after. */
const EVENT_CHUNKS = 3;
/** How many chunks of conn uids are remembered to drop duplicates. */
const DUPLICATE_CHUNKS = 3;

export class ChunkJoiner {
  private readonly keepConnOnly: boolean;
  private readonly origin: string;
  private readonly waitSeconds: number;
  /** The latest conn ts pushed: how far the data has come. */
  private latestConn = Number.NEGATIVE_INFINITY;
  private chunk = 0;
  private pendingConn: ColumnTable | null = null;
  private pendingCounts: SettleCounts = { connRows: 0, duplicates: 0, connOnly: 0 };
  private readonly pool = new Map<string, PooledRows[]>();
  private readonly recentUids: Set<unknown>[] = [];

  constructor(options: ChunkJoinerOptions = {}) {
    this.keepConnOnly = options.keepConnOnly ?? false;
    this.waitSeconds = options.waitSeconds ?? 3600;
    this.origin = options.origin ?? '(chunks)';
  }

  /**
   * Takes the next chunk (as read) and returns the connections settled now — those of the chunk before — with
   * the rows of every log that name them, prepared; empty logs for the first chunk.
   */
  push(chunk: ZeekDataset): { dataset: ZeekDataset; counts: SettleCounts } {
    const age = this.chunk++;
    // A chunk without conn rows (the other logs' rows after a slice's last connection) only adds to the pool.
    const { conn, uids } = chunk.has('conn')
      ? connUids(chunk, 'streaming preparation')
      : { conn: null, uids: [] as unknown[] };
    const seen = new Set<unknown>();
    const unique = rowsWhere(uids.length, (row) => {
      const uid = uids[row];
      if (uid === null || uid === undefined) return true;
      if (seen.has(uid) || this.recentUids.some((set) => set.has(uid))) return false;
      seen.add(uid);
      return true;
    });
    for (const [type, table] of chunk.logs) {
      if (type === 'conn' || uidColumnOf(table) === null || table.numRows() === 0) continue;
      const rows = this.pool.get(type) ?? [];
      rows.push({ age, latest: table.columnIndex('ts') >= 0 ? latestTs(table) : Number.NEGATIVE_INFINITY, table });
      this.pool.set(type, rows);
    }
    if (conn && conn.numRows() > 0) this.latestConn = Math.max(this.latestConn, latestTs(conn));
    const settled = this.settle(age);
    this.pendingConn = conn && takeRows(conn, unique);
    this.pendingCounts = { connRows: uids.length, duplicates: uids.length - unique.length, connOnly: 0 };
    this.recentUids.push(seen);
    if (this.recentUids.length > DUPLICATE_CHUNKS) this.recentUids.shift();
    return settled;
  }

  /** Settles the connections still held (those of the last chunk); call once after the last push. */
  finish(): { dataset: ZeekDataset; counts: SettleCounts } {
    const settled = this.settle(this.chunk);
    this.pendingConn = null;
    this.pool.clear();
    this.recentUids.length = 0;
    return settled;
  }

  /** Whether pooled rows still wait when chunk `age` settles: within the chunks beside theirs, or the wait. */
  private waits(part: PooledRows, age: number): boolean {
    return part.age > age - EVENT_CHUNKS + 1 || part.latest >= this.latestConn - this.waitSeconds;
  }

  /** Joins the pending conn rows with the pooled rows naming them; then ages the pool for chunk `age`. */
  private settle(age: number): { dataset: ZeekDataset; counts: SettleCounts } {
    const counts = this.pendingCounts;
    const logs = new Map<string, ColumnTable>();
    const conn = this.pendingConn;
    if (conn) {
      const uids = columnValues(conn, 'uid');
      const pending = new Set<unknown>();
      for (let row = 0; row < uids.length; row++) pending.add(uids[row]);
      const named = new Set<unknown>();
      for (const parts of this.pool.values()) {
        for (const { table } of parts) {
          forEachRowUid(table, (_row, uid) => {
            if (pending.has(uid)) named.add(uid);
          });
        }
      }
      const kept = this.keepConnOnly
        ? conn
        : takeRows(
            conn,
            rowsWhere(uids.length, (row) => named.has(uids[row])),
          );
      counts.connOnly = conn.numRows() - kept.numRows();
      logs.set('conn', kept);
      for (const [type, parts] of this.pool) {
        const joined: ColumnTable[] = [];
        const left: PooledRows[] = [];
        for (const part of parts) {
          const n = part.table.numRows();
          // Per row: how many connections it names (2 for several), and whether one of them settles now.
          const links = new Uint8Array(n);
          const taken = new Uint8Array(n);
          forEachRowUid(part.table, (row, uid) => {
            if (links[row] < 2) links[row]++;
            if (named.has(uid)) taken[row] = 1;
          });
          const take = rowsWhere(n, (row) => taken[row] === 1);
          if (take.length > 0) joined.push(takeRows(part.table, take));
          // A row of one connection is done once joined; one of several waits for the others until it ages out.
          const keep = rowsWhere(n, (row) => links[row] > 1 || (links[row] === 1 && taken[row] === 0));
          if (this.waits(part, age) && keep.length > 0) {
            // Rows waiting untouched stay as they are: copying the pool every chunk cost time and memory.
            const table = keep.length === n ? part.table : takeRows(part.table, keep);
            left.push({ age: part.age, latest: part.latest, table });
          }
        }
        if (joined.length > 0) logs.set(type, concatTables(joined));
        if (left.length > 0) this.pool.set(type, left);
        else this.pool.delete(type);
      }
    } else {
      for (const [type, parts] of this.pool) {
        const left = parts.filter((part) => this.waits(part, age));
        if (left.length > 0) this.pool.set(type, left);
        else this.pool.delete(type);
      }
    }
    const dataset = sortByTs(new ZeekDataset({ logs, origin: this.origin }));
    return { dataset, counts: conn ? counts : { connRows: 0, duplicates: 0, connOnly: 0 } };
  }
}
