/**
 * Directory lookups over DCE-RPC that users' programs make against the domain controller:
 * Outlook and Explorer translating names (drsuapi), permission dialogs resolving SIDs (lsarpc),
 * account queries through the SAM pipe (samr), and Explorer listing the file server's shares
 * (srvsvc).
 */
import type { Random } from '../../util/random.js';
import { eventTimes, userLevel } from '../activity.js';
import { STREAMS, type HostDay, type SynthContext } from '../context.js';
import { intBetween, weighted } from '../distributions.js';
import { rpcOverTcp, type RpcCall } from './rpc.js';
import { smbSession, unc } from './smb.js';

const calls = (endpoint: string, operations: string[]): RpcCall[] =>
  operations.map((operation) => ({ endpoint, operation }));

type Lookup = 'drsuapi' | 'lsarpc' | 'samr' | 'srvsvc';
const pickLookup = weighted<Lookup>(['drsuapi', 'lsarpc', 'samr', 'srvsvc'], [5, 3, 1.5, 1.5]);

function directoryLookup(ctx: SynthContext, host: HostDay, rng: Random, t: number): void {
  const { net } = ctx;
  switch (pickLookup(rng)) {
    case 'drsuapi': {
      const cracks = Array<string>(intBetween(rng, 1, 3)).fill('DRSCrackNames');
      rpcOverTcp(ctx, host, rng, t, net.dc.ip, calls('drsuapi', ['DRSBind', ...cracks, 'DRSUnbind']));
      break;
    }
    case 'lsarpc':
      rpcOverTcp(ctx, host, rng, t, net.dc.ip, calls('lsarpc', ['LsarOpenPolicy2', 'LsarLookupSids3', 'LsarClose']));
      break;
    case 'samr':
      smbSession(ctx, host, rng, t, {
        server: net.dc.ip,
        service: 'gssapi,smb,krb',
        shares: [{ path: unc(net.dc.name, 'IPC$'), type: 'PIPE' }],
        pipe: {
          name: '\\pipe\\samr',
          calls: calls('samr', [
            'SamrConnect5',
            'SamrOpenDomain',
            'SamrLookupNamesInDomain',
            'SamrOpenUser',
            'SamrGetGroupsForUser',
            'SamrCloseHandle',
          ]),
        },
      });
      break;
    case 'srvsvc':
      smbSession(ctx, host, rng, t, {
        server: net.fileServer.ip,
        service: 'gssapi,smb,krb',
        shares: [{ path: unc(net.fileServer.name, 'IPC$'), type: 'PIPE' }],
        pipe: { name: '\\pipe\\srvsvc', calls: calls('srvsvc', ['NetrShareEnum', 'NetrShareGetInfo']) },
      });
      break;
  }
}

export function directory(ctx: SynthContext, host: HostDay, from: number, to: number): void {
  const rng = host.rng(STREAMS.directory);
  for (const t of eventTimes(rng, from, to, 1.2 * host.ws.busyness * ctx.scale, (x) => userLevel(host.plan, x))) {
    directoryLookup(ctx, host, rng, t);
  }
}
