/**
 * Time synchronisation: the Windows Time service of a domain member polls the DC, from port 123
 * to port 123, about once an hour while the machine runs (conn.log only).
 */
import { poweredAt } from '../activity.js';
import { STREAMS, type HostDay, type SynthContext } from '../context.js';
import { logNormal } from '../distributions.js';

export function ntp(ctx: SynthContext, host: HostDay, from: number, to: number): void {
  const rng = host.rng(STREAMS.ntp);
  host.state.every('ntp', rng, from, to, 3600, 0.15, (t) => {
    if (!poweredAt(host.plan, t)) return;
    ctx.out.conn(rng, {
      ts: t,
      origH: host.ip,
      origP: 123,
      respH: ctx.net.dc.ip,
      respP: 123,
      proto: 'udp',
      service: 'ntp',
      duration: logNormal(rng, 0.0009, 0.4),
      origBytes: 48,
      respBytes: 48,
    });
  });
}
