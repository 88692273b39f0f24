/**
 * The office network: an Active Directory domain with a domain controller (DNS, Kerberos, LDAP,
 * DHCP, SYSVOL), a file server, a WSUS update server, and N Windows 10 workstations whose users
 * each have their own habits. Workstations get their address from DHCP; a few get a new one on
 * some day, so an address is not a host identity across days.
 */
import { createRandom, type Random } from '../util/random.js';
import { chance, intBetween, logNormal, pick, randomHex, sample, uniform } from './distributions.js';
import { buildInternet, type Internet } from './internet.js';
import { deriveSeed } from './seeds.js';

export interface Server {
  /** NetBIOS name, upper case (`NW-DC01`). */
  name: string;
  fqdn: string;
  ip: string;
}

export type Browser = 'edge' | 'chrome' | 'firefox';

export interface Workstation {
  index: number;
  name: string;
  fqdn: string;
  mac: string;
  /** The user who logs on to it (sAMAccountName). */
  user: string;
  /** Address on each day (index = day). */
  ips: string[];
  /** Days (index) on which the host took a new address through a full DHCP exchange. */
  ipChangeDays: number[];
  /** Left on overnight (no morning boot, background traffic through the night). */
  alwaysOn: boolean;
  browser: Browser;
  /** How busy the user is: multiplies every user-driven rate. */
  busyness: number;
  /** Usual arrival and departure, hours after midnight. */
  arrival: number;
  departure: number;
  /** Personal weight of each Internet site (same order as `internet.sites`). */
  siteWeights: number[];
  /** Uses a line-of-business application that authenticates with NTLM. */
  ntlmApp: boolean;
}

export interface Network {
  domain: string;
  realm: string;
  netbios: string;
  dc: Server;
  fileServer: Server;
  updateServer: Server;
  /** Where the DC forwards lookups it cannot answer. */
  upstreamDns: string;
  workstations: Workstation[];
  internet: Internet;
  /** Users of the domain (the workstations' users and service accounts). */
  users: string[];
}

/**
 * Addresses Zeek counts as local here: the office's 10.0.0.0/8, and, as with Zeek's default
 * Site::private_address_space, 0.0.0.0, multicast and the broadcast address.
 */
export function isLocalAddress(ip: string): boolean {
  if (ip.startsWith('10.') || ip === '0.0.0.0' || ip === '255.255.255.255') return true;
  const first = Number(ip.slice(0, ip.indexOf('.')));
  return first >= 224 && first <= 239;
}

const FIRST = [
  'james',
  'mary',
  'robert',
  'patricia',
  'john',
  'jennifer',
  'michael',
  'linda',
  'david',
  'elizabeth',
  'william',
  'barbara',
  'richard',
  'susan',
  'joseph',
  'jessica',
  'thomas',
  'sarah',
  'chris',
  'karen',
  'daniel',
  'lisa',
  'matthew',
  'nancy',
  'anthony',
  'betty',
  'mark',
  'sandra',
  'paul',
  'ashley',
  'steven',
  'emily',
  'andrew',
  'donna',
  'kenneth',
  'michelle',
  'joshua',
  'carol',
  'kevin',
  'amanda',
  'brian',
  'melissa',
  'george',
  'deborah',
];
const LAST = [
  'smith',
  'johnson',
  'williams',
  'brown',
  'jones',
  'garcia',
  'miller',
  'davis',
  'rodriguez',
  'martinez',
  'hernandez',
  'lopez',
  'gonzalez',
  'wilson',
  'anderson',
  'thomas',
  'taylor',
  'moore',
  'jackson',
  'martin',
  'lee',
  'perez',
  'thompson',
  'white',
  'harris',
  'sanchez',
  'clark',
  'ramirez',
  'lewis',
  'robinson',
  'walker',
  'young',
  'allen',
  'king',
  'wright',
  'scott',
  'torres',
  'nguyen',
  'hill',
  'flores',
  'green',
  'adams',
  'nelson',
  'baker',
];
/** Network card vendors of office PCs (Dell, HP, Lenovo, Intel). */
const OUIS = ['f8:bc:12', '3c:52:82', '54:ee:75', 'a4:bb:6d', '98:90:96', 'd0:94:66'];
const SERVICE_ACCOUNTS = ['svc-backup', 'svc-sql', 'svc-scan', 'administrator', 'helpdesk'];

/**
 * The n-th address of the workstation pool: .1 to .250 of 10.10.1.0/24 to 10.10.7.0/24 (inside
 * the office's 10.10.0.0/21), from 10.10.1.11. Room for 1740: the leases of the largest network,
 * the new ones of hosts that move, and empty addresses beyond them.
 */
export function poolAddress(n: number): string {
  if (!(n >= 0 && n < 1740)) throw new RangeError(`pool address ${n} is outside the pool of 1740 addresses`);
  const k = 10 + n;
  return `10.10.${1 + Math.floor(k / 250)}.${(k % 250) + 1}`;
}

/** Most workstations the pool serves (with room left for moves and empty addresses). */
export const MAX_WORKSTATIONS = 500;

function uniqueUser(rng: Random, taken: Set<string>): string {
  for (;;) {
    const first = pick(rng, FIRST);
    const last = pick(rng, LAST);
    for (const candidate of [first[0] + last, `${first}.${last}`, first[0] + last + intBetween(rng, 2, 9)]) {
      if (!taken.has(candidate)) {
        taken.add(candidate);
        return candidate;
      }
    }
  }
}

export function buildNetwork(seed: number, hosts: number, days: number): Network {
  const rng = createRandom(deriveSeed(seed, 1));
  const domain = 'northwind.local';
  const server = (name: string, ip: string): Server => ({ name, fqdn: `${name.toLowerCase()}.${domain}`, ip });
  const internet = buildInternet(seed);
  const taken = new Set<string>(SERVICE_ACCOUNTS);
  let nextAddress = hosts; // the first `hosts` pool addresses are the day-one leases
  const workstations: Workstation[] = [];
  for (let index = 0; index < hosts; index++) {
    const name = `NW-WS${String(index + 1).padStart(3, '0')}`;
    const arrival = uniform(rng, 7.3, 9.6);
    workstations.push({
      index,
      name,
      fqdn: `${name.toLowerCase()}.${domain}`,
      mac: `${pick(rng, OUIS)}:${randomHex(rng, 2)}:${randomHex(rng, 2)}:${randomHex(rng, 2)}`,
      user: uniqueUser(rng, taken),
      ips: new Array<string>(days).fill(poolAddress(index)),
      ipChangeDays: [],
      alwaysOn: chance(rng, 0.35),
      browser: pick(rng, ['edge', 'edge', 'chrome', 'chrome', 'chrome', 'firefox'] as const),
      busyness: logNormal(rng, 1, 0.35),
      arrival,
      departure: arrival + uniform(rng, 7.8, 9.8),
      // Each user favours some sites far more than the office does, which gives hosts their own profile.
      siteWeights: internet.sites.map((site) => site.weight * logNormal(rng, 1, 1.1)),
      ntlmApp: chance(rng, 0.3),
    });
  }
  // About one host in twelve takes a new address on some later day (a laptop away for a while).
  if (days > 1) {
    const movers = sample(rng, workstations, Math.max(1, Math.round(hosts / 12)));
    for (const ws of movers) {
      const day = intBetween(rng, 1, days - 1);
      const address = poolAddress(nextAddress++);
      for (let d = day; d < days; d++) ws.ips[d] = address;
      ws.ipChangeDays.push(day);
      ws.alwaysOn = false; // it boots (and asks DHCP) on the day it moves
    }
  }
  return {
    domain,
    realm: domain.toUpperCase(),
    netbios: 'NORTHWIND',
    dc: server('NW-DC01', '10.10.0.10'),
    fileServer: server('NW-FS01', '10.10.0.20'),
    updateServer: server('NW-WSUS01', '10.10.0.30'),
    upstreamDns: '9.9.9.9',
    workstations,
    internet,
    users: [...workstations.map((w) => w.user), ...SERVICE_ACCOUNTS],
  };
}
