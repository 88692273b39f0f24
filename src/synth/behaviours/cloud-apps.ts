/**
 * Applications that talk to the cloud on their own schedule, which gives normal traffic its own
 * periodic, beacon-like patterns: Outlook syncing with Exchange Online and Teams while the user
 * works, and Windows telemetry, settings, Defender cloud lookups and the push-notification
 * channel whenever the machine runs. Windows 10's own TLS stack speaks TLS 1.2.
 */
import type { Random } from '../../util/random.js';
import { poweredAt, userLevel } from '../activity.js';
import { STREAMS, type HostDay, type SynthContext } from '../context.js';
import { pick } from '../distributions.js';
import { SERVICES } from '../internet.js';
import { lookupSite } from './dns.js';
import { tlsSession, type TlsClient, type TlsProfile } from './tls.js';
import { maybeWeird } from './weird.js';

interface App {
  key: keyof typeof SERVICES;
  /** Seconds between contacts and their relative jitter. */
  period: number;
  jitter: number;
  /** User-driven apps run while the user works and follow `--connections`; the rest run whenever powered. */
  user: boolean;
  client: TlsClient;
  profile: TlsProfile;
}

const APPS: App[] = [
  {
    key: 'outlook',
    period: 900,
    jitter: 0.5,
    user: true,
    client: 'schannel',
    profile: { origBytes: 6000, respBytes: 25_000, duration: 60, sigma: 1 },
  },
  {
    key: 'teams',
    period: 1200,
    jitter: 0.6,
    user: true,
    client: 'browser',
    profile: { origBytes: 4000, respBytes: 12_000, duration: 45, sigma: 1 },
  },
  {
    key: 'telemetry',
    period: 2700,
    jitter: 0.4,
    user: false,
    client: 'schannel',
    profile: { origBytes: 9000, respBytes: 900, duration: 1.5, sigma: 0.7 },
  },
  {
    key: 'settings',
    period: 3 * 3600,
    jitter: 0.3,
    user: false,
    client: 'schannel',
    profile: { origBytes: 1200, respBytes: 7000, duration: 0.8, sigma: 0.5 },
  },
  {
    key: 'defender',
    period: 2 * 3600,
    jitter: 0.5,
    user: false,
    client: 'schannel',
    profile: { origBytes: 2500, respBytes: 3500, duration: 0.7, sigma: 0.6 },
  },
  {
    key: 'push',
    period: 3600,
    jitter: 0.2,
    user: false,
    client: 'schannel',
    profile: { origBytes: 3000, respBytes: 5000, duration: 900, sigma: 0.4 },
  },
];

function contact(ctx: SynthContext, host: HostDay, rng: Random, t: number, app: App): void {
  const site = ctx.net.internet.byName.get(SERVICES[app.key])!;
  const at = lookupSite(ctx, host, rng, t, site);
  const conn = tlsSession(
    ctx,
    host,
    rng,
    at,
    { name: site.name, ip: pick(rng, site.ips), certChain: site.certChain },
    app.profile,
    app.client,
  );
  maybeWeird(ctx, rng, conn, 'TCP', 0.002);
}

export function cloudApps(ctx: SynthContext, host: HostDay, from: number, to: number): void {
  const rng = host.rng(STREAMS.cloudApps);
  const { plan } = host;
  for (const app of APPS) {
    const period = app.user ? app.period / ctx.scale : app.period;
    host.state.every(app.key, rng, from, to, period, app.jitter, (t) => {
      if (app.user ? userLevel(plan, t) > 0 : poweredAt(plan, t)) contact(ctx, host, rng, t, app);
    });
  }
}
