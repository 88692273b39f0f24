/**
 * Keeping n connections: a smaller dataset for quick experiments, or one conn_state population
 * (say only S0 scans). Connections are uids of conn; every other log keeps only the rows of the
 * kept uids, so each kept connection arrives with all its protocol rows.
 */
import type { ColumnTable } from 'arquero';
import { ZeekseqError } from '../util/errors.js';
import { shuffledIndices } from '../util/random.js';
import type { ZeekDataset } from './dataset.js';
import { columnValues, connUids, filterLogsByUid, rowsWhere } from './log-rows.js';
import { timeOrder } from './sort-by-ts.js';

export interface KeepConnectionsOptions {
  /** How many connections (distinct conn uids) to keep. */
  n: number;
  /** Only connections whose conn_state is one of these; names Zeek does not use simply match nothing. */
  connStates?: readonly string[];
  /** Draw the n connections at random with this seed; without it, the first n in time order. */
  seed?: number;
}

/** The dataset cut to n connections; logs without a uid column are kept whole. */
export function keepConnections(dataset: ZeekDataset, options: KeepConnectionsOptions): ZeekDataset {
  const { n, connStates, seed } = options;
  if (!Number.isInteger(n) || n < 0) {
    throw new ZeekseqError(
      `keepConnections: n must be a whole number of connections, 0 or more, but got ${n} ` +
        `(dataset ${dataset.origin}); pass n: 1000 to keep a thousand connections.`,
    );
  }
  const { conn, uids } = connUids(dataset, 'keepConnections');
  if (connStates) requireConnColumn(dataset, conn, 'conn_state', 'drop the connStates option');
  if (seed === undefined) requireConnColumn(dataset, conn, 'ts', 'pass a seed to draw at random instead');
  const wanted = connStates ? new Set<unknown>(connStates) : null;
  const states = wanted ? columnValues(conn, 'conn_state') : null;
  const candidates = rowsWhere(
    uids.length,
    (row) => typeof uids[row] === 'string' && (states === null || wanted!.has(states[row])),
  );
  const order =
    seed === undefined
      ? timeOrder(columnValues(conn, 'ts'), candidates)
      : shuffledIndices(candidates.length, seed).map((i) => candidates[i]);

  const kept = new Set<unknown>();
  for (let i = 0; i < order.length && kept.size < n; i++) kept.add(uids[order[i]]);
  if (kept.size < n) {
    const which = connStates ? ` with conn_state in [${connStates.join(', ')}]` : '';
    throw new ZeekseqError(
      `keepConnections: asked for ${n} connections but ${dataset.origin} has only ${kept.size}${which}; ` +
        `ask for at most ${kept.size}.`,
    );
  }
  return dataset.withLogs(filterLogsByUid(dataset.logs, (uid) => kept.has(uid)));
}

function requireConnColumn(dataset: ZeekDataset, conn: ColumnTable, name: string, instead: string): void {
  if (conn.columnNames().includes(name)) return;
  throw new ZeekseqError(
    `keepConnections needs the ${name} column of conn, which ${dataset.origin} lacks ` +
      `(columns: ${conn.columnNames().join(', ')}); ${instead}.`,
  );
}
