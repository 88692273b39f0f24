/**
 * Which hosts the detector points at: notables and anomalies per host, the top hosts by notables and the rest
 * summed into one bar (so the totals stay honest), coloured by what is known of the host where it is known
 * (labelled malicious, watched). Anomalies beside notables tell a host with one burst from a host that is
 * always a little odd.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Anomaly, Notable } from '../detect/notables.js';
import { ZeekseqError } from '../util/errors.js';
import { ALERT_COLOUR, CHART_CONFIG, VEGA_LITE_SCHEMA } from './chart-style.js';
import { escapeControl } from '../util/escape.js';
import { formatCount } from '../util/format-count.js';

export type HostKind = 'malicious' | 'watched' | 'other';

export interface HostCount {
  host: string;
  notables: number;
  /** Anomalies of the host; leave out where unknown (e.g. a sweep's host counts) and only notables are drawn. */
  anomalies?: number;
  kind?: HostKind;
}

const KINDS = {
  domain: ['malicious', 'watched', 'other', 'rest'],
  range: [ALERT_COLOUR, '#ff7f0e', '#7f7f7f', '#c7c7c7'],
};

/**
 * Notables and anomalies per host from notables (keyed by their host label) and, optionally, every anomaly
 * (keyed by originator address, counted under the notable host that used that address, so DHCP identities
 * gather their addresses' anomalies); hosts with anomalies but no notable are kept with 0 notables.
 */
export function hostCounts(notables: readonly Notable[], anomalies?: readonly Anomaly[]): HostCount[] {
  const counts = new Map<string, HostCount>();
  const hostOfAddress = new Map<string, string>();
  for (const n of notables) {
    const entry = counts.get(n.hostLabel) ?? { host: n.hostLabel, notables: 0, ...(anomalies ? { anomalies: 0 } : {}) };
    entry.notables++;
    counts.set(n.hostLabel, entry);
    for (const address of n.addresses) hostOfAddress.set(address, n.hostLabel);
  }
  for (const a of anomalies ?? []) {
    const host = hostOfAddress.get(a.origHost) ?? a.origHost;
    const entry = counts.get(host) ?? { host, notables: 0, anomalies: 0 };
    entry.anomalies = (entry.anomalies ?? 0) + 1;
    counts.set(host, entry);
  }
  return [...counts.values()].sort(
    (a, b) =>
      b.notables - a.notables ||
      (b.anomalies ?? 0) - (a.anomalies ?? 0) ||
      (a.host < b.host ? -1 : a.host > b.host ? 1 : 0),
  );
}

/** Bars of notables (and anomalies, where known) per host: the `top` hosts by notables, then the rest as one bar. */
export function hostCountsChart(
  hosts: readonly HostCount[],
  options: { top?: number; title?: string } = {},
): TopLevelSpec {
  const top = options.top ?? 20;
  if (!(Number.isInteger(top) && top >= 1))
    throw new ZeekseqError(`host counts chart: top must be a whole number >= 1 (e.g. 20), got ${top}.`);
  if (hosts.length === 0) throw new ZeekseqError('host counts chart: no hosts; no notables or anomalies to draw.');
  const sorted = [...hosts].sort((a, b) => b.notables - a.notables || (b.anomalies ?? 0) - (a.anomalies ?? 0));
  const shown = sorted.slice(0, top).map((h) => ({ ...h, host: escapeControl(h.host), kind: h.kind ?? 'other' }));
  const rest = sorted.slice(top);
  if (rest.length > 0)
    shown.push({
      host: `${rest.length} other host${rest.length === 1 ? '' : 's'}`,
      notables: rest.reduce((sum, h) => sum + h.notables, 0),
      anomalies: rest.every((h) => h.anomalies === undefined)
        ? undefined
        : rest.reduce((sum, h) => sum + (h.anomalies ?? 0), 0),
      kind: 'rest' as HostKind,
    });
  const withAnomalies = hosts.some((h) => h.anomalies !== undefined);
  const order = shown.map((h) => h.host);
  const coloured = hosts.some((h) => h.kind !== undefined && h.kind !== 'other');
  const panel = (measure: 'notables' | 'anomalies') => ({
    title: measure,
    width: 240,
    height: { step: 16 },
    data: { values: shown.filter((h) => h[measure] !== undefined) },
    encoding: {
      y: { field: 'host', type: 'nominal' as const, title: null, sort: order },
      x: { field: measure, type: 'quantitative' as const, title: measure },
    },
    layer: [
      {
        mark: 'bar' as const,
        encoding: {
          color: {
            field: 'kind',
            type: 'nominal' as const,
            title: 'host',
            scale: KINDS,
            legend: coloured ? {} : null,
          },
        },
      },
      {
        mark: { type: 'text' as const, align: 'left' as const, dx: 3, fontSize: 9 },
        encoding: { text: { field: measure, type: 'quantitative' as const, format: ',' } },
      },
    ],
  });
  const total = hosts.reduce((sum, h) => sum + h.notables, 0);
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CHART_CONFIG,
    title: {
      text: options.title ?? 'Notables per host',
      subtitle: `${formatCount(total)} notables on ${hosts.length} host${hosts.length === 1 ? '' : 's'}${rest.length > 0 ? `; top ${top} by notables, the rest summed` : ''}`,
    },
    hconcat: withAnomalies ? [panel('notables'), panel('anomalies')] : [panel('notables')],
  } as TopLevelSpec;
}
