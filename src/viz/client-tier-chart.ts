/**
 * Web clients by alert tier: how many clients reached each tier (a client's tier is the most severe of its
 * sessions), and the top clients by highest session score, coloured by tier — the list to look at before
 * adding addresses to a block list.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ClientRow } from '../weblog/report.js';
import { ZeekseqError } from '../util/errors.js';
import { CHART_CONFIG, TIER_SCALE, TIERS, VEGA_LITE_SCHEMA } from './chart-style.js';
import { escapeControl } from '../util/escape.js';

/** Clients per tier, and the `top` clients (default 15) by their highest session score. */
export function clientTierChart(
  clients: readonly ClientRow[],
  options: { top?: number; title?: string } = {},
): TopLevelSpec {
  const top = options.top ?? 15;
  if (!(Number.isInteger(top) && top >= 1))
    throw new ZeekseqError(`client tier chart: top must be a whole number >= 1 (e.g. 15), got ${top}.`);
  if (clients.length === 0) throw new ZeekseqError('client tier chart: no clients; score some sessions first.');
  const perTier = TIERS.map((tier) => ({ tier, clients: clients.filter((c) => c.tier === tier).length }));
  const ranked = [...clients]
    .sort((a, b) => b.maxScore - a.maxScore || (a.client < b.client ? -1 : a.client > b.client ? 1 : 0))
    .slice(0, top)
    .map((c) => ({ client: escapeControl(c.client), maxScore: c.maxScore, tier: c.tier, sessions: c.sessions }));
  const tierColour = { field: 'tier', type: 'nominal' as const, title: 'tier', scale: TIER_SCALE };
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CHART_CONFIG,
    title: {
      text: options.title ?? 'Clients by tier',
      subtitle: `${clients.length} clients; a client's tier is the most severe of its sessions'`,
    },
    hconcat: [
      {
        title: 'clients per tier',
        width: 160,
        height: { step: 22 },
        data: { values: perTier },
        encoding: {
          y: { field: 'tier', type: 'nominal', title: null, sort: [...TIERS].reverse() },
          x: { field: 'clients', type: 'quantitative', title: 'clients' },
        },
        layer: [
          { mark: 'bar', encoding: { color: tierColour } },
          {
            mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 },
            encoding: { text: { field: 'clients', type: 'quantitative', format: ',' } },
          },
        ],
      },
      {
        title: `top ${ranked.length} clients by highest session score`,
        width: 260,
        height: { step: 16 },
        data: { values: ranked },
        mark: 'bar',
        encoding: {
          y: { field: 'client', type: 'nominal', title: null, sort: ranked.map((c) => c.client) },
          x: { field: 'maxScore', type: 'quantitative', title: 'highest session score' },
          color: tierColour,
        },
      },
    ],
  };
}
