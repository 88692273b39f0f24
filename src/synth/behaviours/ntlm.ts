/**
 * NTLM, which still turns up on a Kerberos domain: users pick up scanned documents from the
 * file server by its address (so Kerberos cannot be used), many times a day on the machines with
 * the line-of-business application that does it, now and then elsewhere; passwords get mistyped.
 */
import type { Random } from '../../util/random.js';
import { eventTimes, userLevel } from '../activity.js';
import { STREAMS, type HostDay, type SynthContext } from '../context.js';
import { chance, intBetween, logNormal } from '../distributions.js';
import { ntlmRow } from '../logs.js';
import { smbSession, unc } from './smb.js';

function scanPickup(ctx: SynthContext, host: HostDay, rng: Random, t: number): void {
  const { net } = ctx;
  const fs = net.fileServer;
  const success = !chance(rng, 0.03);
  const share = unc(fs.ip, 'Scans');
  const name = `SCAN_${intBetween(rng, 10000, 99999)}.pdf`;
  const size = Math.round(logNormal(rng, 300_000, 0.6));
  const conn = smbSession(ctx, host, rng, t, {
    server: fs.ip,
    service: 'gssapi,ntlm,smb',
    shares: success ? [{ path: share, type: 'DISK' }] : [],
    files: success
      ? [
          { action: 'SMB::FILE_OPEN', share, name, size },
          { action: 'SMB::FILE_READ', share, name, size, mime: 'application/pdf' },
        ]
      : [],
    linger: success ? undefined : 0.01,
  });
  ctx.out.add(
    ntlmRow(t + 0.004, conn, {
      username: host.ws.user,
      hostname: host.ws.name,
      domain: net.netbios,
      serverNbName: fs.name,
      serverDnsName: fs.fqdn,
      serverTree: net.domain,
      success,
    }),
  );
}

export function ntlm(ctx: SynthContext, host: HostDay, from: number, to: number): void {
  const rng = host.rng(STREAMS.ntlm);
  const rate = (host.ws.ntlmApp ? 0.8 : 0.12) * ctx.scale;
  for (const t of eventTimes(rng, from, to, rate, (x) => userLevel(host.plan, x))) scanPickup(ctx, host, rng, t);
}
