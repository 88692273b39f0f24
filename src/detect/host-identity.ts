/**
 * Host identity beyond one IP address. The original assumed a host is an IP, so a host that is leased a new
 * address splits its anomalies across identities (its first known drawback). Where dhcp.log exists, an address
 * at a time is mapped to the MAC address of the latest lease of that address before that time, and named by the
 * lease's host name.
 */
import type { ColumnTable } from 'arquero';

export interface DhcpLease {
  ts: number;
  ip: string;
  mac: string;
  hostName: string | null;
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
  const column = (name: string): ArrayLike<unknown> | null => (dhcp.columnIndex(name) >= 0 ? (dhcp.array(name) as ArrayLike<unknown>) : null);
  const ts = column('ts');
  const mac = column('mac');
  if (!ts || !mac) return [];
  const addresses = ['assigned_addr', 'client_addr', 'requested_addr'].map(column);
  const hostName = column('host_name');
  const leases: DhcpLease[] = [];
  for (let row = 0; row < dhcp.numRows(); row++) {
    const time = ts[row] as number;
    const address = addresses.map((values) => values?.[row]).find((value) => typeof value === 'string' && value !== '') as string | undefined;
    const macAddress = mac[row];
    if (address === undefined || typeof macAddress !== 'string' || macAddress === '' || Number.isNaN(time)) continue;
    const name = hostName?.[row];
    leases.push({ ts: time, ip: address, mac: macAddress, hostName: typeof name === 'string' && name !== '' ? name : null });
  }
  return leases;
}

/** Resolves (IP, time) to a host identity from DHCP leases; IPs without a lease stay themselves. */
export class HostResolver {
  private readonly byIp = new Map<string, DhcpLease[]>();

  constructor(leases: readonly DhcpLease[] = []) {
    for (const lease of leases) {
      const list = this.byIp.get(lease.ip) ?? [];
      list.push(lease);
      this.byIp.set(lease.ip, list);
    }
    for (const list of this.byIp.values()) list.sort((a, b) => a.ts - b.ts);
  }

  /** Whether any lease is known, i.e. whether identities can be more than IPs. */
  get usesDhcp(): boolean {
    return this.byIp.size > 0;
  }

  resolve(ip: string, ts: number): HostIdentity {
    const leases = this.byIp.get(ip);
    if (!leases) return { key: ip, kind: 'ip', label: ip };
    // Latest lease at or before ts; a connection before the first lease belongs to the first lessee.
    let lo = 0, hi = leases.length - 1, found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (leases[mid].ts <= ts) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const lease = leases[found];
    return { key: `mac:${lease.mac}`, kind: 'mac', label: lease.hostName ?? lease.mac };
  }
}
