/**
 * Ground truth for evaluation, from the three places it comes from:
 *  - the synthetic generator's labels.csv (uid,host,scenario): every row a malicious connection, `host` the
 *    compromised workstation;
 *  - the `label` / `detailedlabel` columns of a labeled conn log (Stratosphere's `conn.log.labeled`):
 *    "Malicious..." connections are malicious and their originators are malicious hosts; "Benign" and
 *    "Background" are not;
 *  - any CSV with a `uid` column and/or an `ip` (or `host`) column, optionally a `label` column (rows labeled
 *    benign, background, normal, 0 or false are not malicious).
 *
 * Labels are connection-level (uids) and host-level (IPs). A CSV of IPs only marks every connection those IPs
 * originate as malicious; a CSV of uids only makes the originators of those connections the malicious hosts.
 */
import { readFile } from 'node:fs/promises';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { ZeekseqError } from '../util/errors.js';
import { formatCount } from '../util/format-count.js';

export interface Labels {
  /** Where they came from, for messages. */
  source: string;
  /** Malicious connection uids, each with its scenario or detailed label ('' when none is given). */
  maliciousUids: Map<string, string>;
  /** Malicious hosts (IPs), each with its scenarios or detailed labels. */
  maliciousHosts: Map<string, Set<string>>;
  /** Whether the labels name connections (uids); when false, a connection is malicious if its originator is. */
  namesConnections: boolean;
}

/** Ground truth aligned with a list of connections. */
export interface AlignedLabels {
  source: string;
  /** 1 where the connection is malicious, per connection given. */
  connections: Uint8Array;
  /** The uids of those malicious connections. */
  uids: Set<string>;
  /** Malicious hosts with their scenarios (sorted). */
  hosts: Map<string, string[]>;
  /** Labeled malicious uids that are not among the connections given. */
  missingUids: number;
  /** What the analyst should know (e.g. labels naming connections that are not in the data). */
  warnings: string[];
}

const BENIGN_VALUES = new Set(['benign', 'background', 'normal', '0', 'false', 'no']);

function addHost(hosts: Map<string, Set<string>>, host: string, what: string): void {
  const set = hosts.get(host) ?? new Set<string>();
  if (what !== '') set.add(what);
  hosts.set(host, set);
}

/** A cell as trimmed text, '' for missing. */
function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).trim();
}

/** Labels from the `label` (and `detailedlabel`) columns of a labeled conn log. */
export function labelsFromConn(conn: ColumnTable, source = 'the conn log'): Labels {
  if (conn.columnIndex('label') < 0) {
    throw new ZeekseqError(
      `labels: ${source} has no label column; labeled captures (Stratosphere's conn.log.labeled) have one, otherwise give a labels CSV.`,
    );
  }
  for (const column of ['uid', 'id.orig_h']) {
    if (conn.columnIndex(column) < 0)
      throw new ZeekseqError(`labels: ${source} has no ${column} column; a conn log needs uid and id.orig_h.`);
  }
  const label = conn.array('label') as ArrayLike<unknown>;
  const detail = conn.columnIndex('detailedlabel') >= 0 ? (conn.array('detailedlabel') as ArrayLike<unknown>) : null;
  const uid = conn.array('uid') as ArrayLike<unknown>;
  const orig = conn.array('id.orig_h') as ArrayLike<unknown>;
  const maliciousUids = new Map<string, string>();
  const maliciousHosts = new Map<string, Set<string>>();
  for (let row = 0; row < conn.numRows(); row++) {
    if (!text(label[row]).toLowerCase().startsWith('malicious')) continue;
    const what = detail ? text(detail[row]).replace(/^-$/, '') : '';
    maliciousUids.set(text(uid[row]), what);
    addHost(maliciousHosts, text(orig[row]), what);
  }
  return { source, maliciousUids, maliciousHosts, namesConnections: true };
}

/** Labels from a CSV: the generator's labels.csv or any CSV with uid and/or ip/host columns (see the module comment). */
export function labelsFromCsv(content: string, source = 'labels CSV'): Labels {
  const table = aq.fromCSV(content, { autoType: false });
  const columns = new Map(table.columnNames().map((name) => [name.trim().toLowerCase(), name]));
  const uidColumn = columns.get('uid');
  const hostColumn = columns.get('ip') ?? columns.get('host');
  if (!uidColumn && !hostColumn) {
    throw new ZeekseqError(
      `labels: ${source} has columns ${table.columnNames().join(', ') || '(none)'}; give a CSV with a uid column (connections) and/or an ip or host column (hosts).`,
    );
  }
  const whatColumn = columns.get('scenario') ?? columns.get('detailedlabel') ?? columns.get('detail');
  const labelColumn = columns.get('label');
  const get = (name: string | undefined) => (name ? (table.array(name) as ArrayLike<unknown>) : null);
  const uids = get(uidColumn);
  const hosts = get(hostColumn);
  const whats = get(whatColumn);
  const labels = get(labelColumn);
  const maliciousUids = new Map<string, string>();
  const maliciousHosts = new Map<string, Set<string>>();
  for (let row = 0; row < table.numRows(); row++) {
    if (labels && BENIGN_VALUES.has(text(labels[row]).toLowerCase())) continue;
    const what = whats ? text(whats[row]) : '';
    const uid = uids ? text(uids[row]) : '';
    const host = hosts ? text(hosts[row]) : '';
    if (uid === '' && host === '') {
      throw new ZeekseqError(
        `labels: ${source} line ${row + 2} has neither a uid nor a host; fill one in or delete the line.`,
      );
    }
    if (uid !== '') maliciousUids.set(uid, what);
    if (host !== '') addHost(maliciousHosts, host, what);
  }
  return { source, maliciousUids, maliciousHosts, namesConnections: uids !== null };
}

/** Labels from a CSV file (see labelsFromCsv). */
export async function readLabels(file: string): Promise<Labels> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    throw new ZeekseqError(
      `labels: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}); give the path of a labels CSV such as the generator's labels.csv.`,
    );
  }
  if (content.trim() === '')
    throw new ZeekseqError(`labels: ${file} is empty; a labels CSV needs a header (uid and/or ip) and rows.`);
  return labelsFromCsv(content, file);
}

/**
 * alignLabels one connection at a time, for connections read back in chunks (a scores file of millions of rows):
 * it keeps the malicious uids met and the hosts, not the connections; the caller keeps each connection's label.
 */
export class LabelAligner {
  private readonly hosts = new Map<string, Set<string>>();
  /** The malicious uids among the connections labelled so far. */
  private readonly present = new Set<string>();

  constructor(private readonly labels: Labels) {
    for (const [host, whats] of labels.maliciousHosts) this.hosts.set(host, new Set(whats));
  }

  /** 1 when the connection `uid`, originated by `origHost`, is malicious, else 0. */
  label(uid: string, origHost: string): 0 | 1 {
    const labels = this.labels;
    if (labels.namesConnections) {
      const what = labels.maliciousUids.get(uid);
      if (what === undefined) return 0;
      this.present.add(uid);
      // uid-only labels name no hosts: the originators of their connections are the malicious hosts
      if (labels.maliciousHosts.size === 0) addHost(this.hosts, origHost, what);
      return 1;
    }
    if (!labels.maliciousHosts.has(origHost)) return 0;
    this.present.add(uid);
    return 1;
  }

  /** The aligned labels, given the label of every connection labelled, in order. */
  finish(connections: Uint8Array): AlignedLabels {
    const labels = this.labels;
    const warnings: string[] = [];
    const missingUids = labels.namesConnections ? labels.maliciousUids.size - this.present.size : 0;
    if (missingUids > 0) {
      warnings.push(
        `${formatCount(missingUids)} of ${formatCount(labels.maliciousUids.size)} malicious uids in ${labels.source} are not among the ${formatCount(connections.length)} connections evaluated ` +
          '(other days, or not in these logs); they are left out of the connection-level metrics.',
      );
    }
    const sortedHosts = new Map(
      [...this.hosts]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([host, whats]) => [host, [...whats].sort()]),
    );
    return { source: labels.source, connections, uids: this.present, hosts: sortedHosts, missingUids, warnings };
  }
}

/**
 * The labels of the connections `uids` (originated by `origHosts`). Labeled uids that are not among them are
 * counted and reported in a warning, not an error: a labels file usually covers more days than are scored.
 */
export function alignLabels(labels: Labels, uids: ArrayLike<string>, origHosts: ArrayLike<string>): AlignedLabels {
  if (uids.length !== origHosts.length) {
    throw new ZeekseqError(
      `labels: ${uids.length} connection uids but ${origHosts.length} originators; give one originator per connection.`,
    );
  }
  const aligner = new LabelAligner(labels);
  const connections = new Uint8Array(uids.length);
  for (let c = 0; c < uids.length; c++) connections[c] = aligner.label(uids[c], origHosts[c]);
  return aligner.finish(connections);
}
