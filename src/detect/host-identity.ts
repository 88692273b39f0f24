/**
 * Host identity beyond one IP address. The original assumed a host is an IP, so a host that is leased a new
 * address splits its anomalies across identities (its first known drawback). Where dhcp.log exists, an address
 * at a time is mapped to the MAC address of the latest lease of that address before that time, and named by the
 * lease's host name. A DHCP client's own DHCP connections (found by the `uids` of its dhcp.log rows) belong to it
 * too, which matters before it has an address: its DISCOVER comes from 0.0.0.0, shared by every booting machine.
 */
import type { ColumnTable } from 'arquero';

export interface DhcpLease {
  ts: number;
  /** The address leased; null for a row that names none (it still identifies its connections by uid). */
  ip: string | null;
  mac: string;
  hostName: string | null;
  /** The uids of the DHCP connections of this row (dhcp.log's `uids`), where the log has them. */
  uids?: readonly string[];
}

export interface HostIdentity {
  /** The key anomalies are grouped by: `mac:<address>` where a lease is known, else the IP itself. */
  key: string;
  /** What the key is: a MAC address from dhcp.log, or just the IP. */
  kind: 'mac' | 'ip';
  /** A readable name: the DHCP host name where known, else the key. */
  label: string;
}

/** Leases from a dhcp.log table: the address is `assigned_addr`, else `client_addr`, else `requested_addr`. */
export function leasesFromDhcp(dhcp: ColumnTable): DhcpLease[] {
  const column = (name: string): ArrayLike<unknown> | null =>
    dhcp.columnIndex(name) >= 0 ? (dhcp.array(name) as ArrayLike<unknown>) : null;
  const ts = column('ts');
  const mac = column('mac');
  if (!ts || !mac) return [];
  const addresses = ['assigned_addr', 'client_addr', 'requested_addr'].map(column);
  const hostName = column('host_name');
  const uidColumn = column('uids');
  const leases: DhcpLease[] = [];
  for (let row = 0; row < dhcp.numRows(); row++) {
    const time = ts[row] as number;
    const address = addresses
      .map((values) => values?.[row])
      .find((value) => typeof value === 'string' && value !== '') as string | undefined;
    const macAddress = mac[row];
    const uids = uidsOf(uidColumn?.[row]);
    if (
      (address === undefined && uids.length === 0) ||
      typeof macAddress !== 'string' ||
      macAddress === '' ||
      Number.isNaN(time)
    )
      continue;
    const name = hostName?.[row];
    const lease: DhcpLease = {
      ts: time,
      ip: address ?? null,
      mac: macAddress,
      hostName: typeof name === 'string' && name !== '' ? name : null,
    };
    if (uids.length > 0) lease.uids = uids;
    leases.push(lease);
  }
  return leases;
}

/** dhcp.log's `uids`: a set (an array as read from TSV or JSON), or a single uid as text. */
function uidsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((uid): uid is string => typeof uid === 'string' && uid !== '');
  return typeof value === 'string' && value !== '' ? [value] : [];
}

/** Resolves (IP, time) to a host identity from DHCP leases; IPs without a lease stay themselves. */
export class HostResolver {
  private readonly byIp = new Map<string, DhcpLease[]>();
  private readonly byUid = new Map<string, DhcpLease>();

  constructor(leases: readonly DhcpLease[] = []) {
    for (const lease of leases) {
      for (const uid of lease.uids ?? []) this.byUid.set(uid, lease);
      if (lease.ip === null) continue;
      const list = this.byIp.get(lease.ip) ?? [];
      list.push(lease);
      this.byIp.set(lease.ip, list);
    }
    for (const list of this.byIp.values()) list.sort((a, b) => a.ts - b.ts);
  }

  /** Whether any lease is known, i.e. whether identities can be more than IPs. */
  get usesDhcp(): boolean {
    return this.byIp.size > 0 || this.byUid.size > 0;
  }

  /**
   * The host behind `ip` at `ts`. With the connection's `uid`: a DHCP connection of a known client is that
   * client's when `ip` is its client end (0.0.0.0 before it has an address, or the address it is leased) — the
   * server end stays itself.
   */
  resolve(ip: string, ts: number, uid?: string): HostIdentity {
    const client = uid === undefined ? undefined : this.byUid.get(uid);
    if (client && (ip === UNSPECIFIED_ADDRESS || ip === client.ip)) return identityOf(client);
    const leases = this.byIp.get(ip);
    if (!leases) return { key: ip, kind: 'ip', label: ip };
    // Latest lease at or before ts; a connection before the first lease belongs to the first lessee.
    let lo = 0,
      hi = leases.length - 1,
      found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (leases[mid].ts <= ts) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return identityOf(leases[found]);
  }
}

const UNSPECIFIED_ADDRESS = '0.0.0.0';

function identityOf(lease: DhcpLease): HostIdentity {
  return { key: `mac:${lease.mac}`, kind: 'mac', label: lease.hostName ?? lease.mac };
}
