/**
 * When each host raised its notables: one row per host, each notable's window drawn on a UTC time axis from its
 * first to its last anomaly and coloured by its highest score. Regular spacing reads as beaconing, one long
 * burst as a scan or a transfer; hosts lighting up together point at one campaign.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Notable } from '../detect/notables.js';
import { ZeekseqError } from '../util/errors.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA } from './chart-style.js';
import { escapeControl } from '../util/escape.js';

const utc = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ');

/** Notables on a time axis, a row per host (the `top` hosts by notables, default 20), coloured by max score. */
export function notableTimelineChart(
  notables: readonly Notable[],
  options: { top?: number; title?: string } = {},
): TopLevelSpec {
  const top = options.top ?? 20;
  if (!(Number.isInteger(top) && top >= 1))
    throw new ZeekseqError(`notable timeline: top must be a whole number >= 1 (e.g. 20), got ${top}.`);
  if (notables.length === 0) throw new ZeekseqError('notable timeline: no notables to draw.');
  const perHost = new Map<string, number>();
  for (const n of notables) perHost.set(n.hostLabel, (perHost.get(n.hostLabel) ?? 0) + 1);
  const hosts = [...perHost.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, top)
    .map(([host]) => host);
  const shown = new Set(hosts);
  const values = notables
    .filter((n) => shown.has(n.hostLabel))
    .map((n) => ({
      host: escapeControl(n.hostLabel),
      start: n.start * 1000,
      end: n.end * 1000,
      maxScore: n.maxScore,
      anomalies: n.count,
      // the accessible label, written here in UTC: vega would format the window's end in local time
      description: `${escapeControl(n.hostLabel)}: ${utc(n.start)} to ${utc(n.end)} UTC, ${n.count} anomalies, max score ${n.maxScore.toFixed(2)}`,
    }));
  const left = notables.length - values.length;
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CHART_CONFIG,
    title: {
      text: options.title ?? 'Notables over time',
      subtitle: `${notables.length} notables on ${perHost.size} hosts (UTC)${left > 0 ? `; ${left} notables of hosts beyond the top ${top} not shown` : ''}`,
    },
    width: 520,
    height: { step: 18 },
    data: { values },
    encoding: {
      description: { field: 'description', type: 'nominal' },
      y: { field: 'host', type: 'nominal', title: null, sort: hosts.map(escapeControl) },
      x: {
        field: 'start',
        type: 'temporal',
        title: 'time (UTC)',
        scale: { type: 'utc' },
        axis: { format: '%m-%d %H:%M' },
      },
      color: {
        field: 'maxScore',
        type: 'quantitative',
        title: 'max score',
        scale: { scheme: 'orangered' },
      },
    },
    layer: [
      { mark: { type: 'bar', height: 10 }, encoding: { x2: { field: 'end' } } },
      // a window of minutes is a sliver on a scale of days: a mark at its start keeps it visible
      { mark: { type: 'point', filled: true, size: 40, shape: 'diamond', opacity: 1 } },
    ],
  };
}
