/**
 * What every behaviour and attack works with: the network, the emitter, the day being simulated,
 * and per-host state that outlives an hour (ephemeral ports, DNS and Kerberos ticket caches).
 */
import { createRandom, type Random } from '../util/random.js';
import type { DayPlan } from './activity.js';
import type { Emitter } from './emitter.js';
import type { Network, Server, Workstation } from './network.js';
import { deriveSeed } from './seeds.js';

/** Random streams, one per behaviour (numbers are part of the seed derivation: never reuse one). */
export const STREAMS = {
  plan: 1,
  dhcp: 2,
  logon: 3,
  groupPolicy: 4,
  ntp: 5,
  browsing: 6,
  cloudApps: 7,
  fileShares: 8,
  directory: 9,
  ntlm: 10,
  updates: 11,
  windowsWeb: 12,
  nameBroadcasts: 13,
  attack: 50,
} as const;

export interface SynthContext {
  net: Network;
  out: Emitter;
  seed: number;
  /** Day index (0 = the first day) and its midnight, epoch seconds UTC. */
  day: number;
  dayStart: number;
  weekend: boolean;
  /** Multiplies every user-driven rate (`--connections`). */
  scale: number;
  /** The DC's DNS service, shared by all hosts. */
  resolver: Resolver;
  /** Ephemeral ports of the servers' own outgoing connections. */
  serverPorts: PortCounter;
}

/** The DC's DNS service: forwarded answers it caches (`qtype name` → expiry), and its counts. */
export interface Resolver {
  cache: Map<string, number>;
  /** Client lookups it answered. */
  answered: number;
  /** Lookups it forwarded upstream. */
  forwarded: number;
}

/** Windows hands out ephemeral ports in sequence from 49152, skipping some taken by others. */
export class PortCounter {
  private port: number;

  constructor(rng: Random) {
    this.port = 49152 + rng.int(10000);
  }

  next(rng: Random): number {
    this.port += 1 + (rng.next() < 0.2 ? rng.int(6) : 0);
    if (this.port > 65535) this.port = 49152 + rng.int(200);
    return this.port;
  }
}

/** A workstation's state that lives across hours and days. */
export class HostState {
  readonly ws: Workstation;
  readonly ports: PortCounter;
  /** Client DNS cache: `qtype name` → expiry. */
  readonly dnsCache = new Map<string, number>();
  /** Kerberos service tickets: service principal → expiry. */
  readonly tickets = new Map<string, number>();
  /** Next due time of each periodic task. */
  private readonly timers = new Map<string, number>();

  constructor(ws: Workstation, seed: number) {
    this.ws = ws;
    this.ports = new PortCounter(createRandom(deriveSeed(seed, 7, ws.index)));
  }

  /** A restart forgets cached names and tickets. */
  reboot(): void {
    this.dnsCache.clear();
    this.tickets.clear();
  }

  /**
   * Run the periodic task `key` for each time it falls due in [from, to): every `period` seconds,
   * jittered by `jitter` of it, first due a random part of a period after `from`.
   */
  every(
    key: string,
    rng: Random,
    from: number,
    to: number,
    period: number,
    jitter: number,
    fire: (t: number) => void,
  ): void {
    let due = this.timers.get(key) ?? from + rng.next() * period;
    while (due < to) {
      if (due >= from) fire(due);
      due += period * (1 + jitter * (2 * rng.next() - 1));
    }
    this.timers.set(key, due);
  }
}

/** A workstation on one day: its address, plan, and one random stream per behaviour. */
export class HostDay {
  readonly state: HostState;
  readonly ip: string;
  readonly plan: DayPlan;
  private readonly seed: number;
  private readonly day: number;
  private readonly streams = new Map<number, Random>();

  constructor(state: HostState, day: number, plan: DayPlan, seed: number) {
    this.state = state;
    this.ip = state.ws.ips[day];
    this.plan = plan;
    this.seed = seed;
    this.day = day;
  }

  get ws(): Workstation {
    return this.state.ws;
  }

  rng(stream: number): Random {
    let rng = this.streams.get(stream);
    if (!rng) {
      rng = createRandom(deriveSeed(this.seed, stream, this.day, this.state.ws.index));
      this.streams.set(stream, rng);
    }
    return rng;
  }

  nextPort(rng: Random): number {
    return this.state.ports.next(rng);
  }
}

/** Domain principal names as Zeek's kerberos.log prints them. */
export function userPrincipal(net: Network, user: string): string {
  return `${user}/${net.realm}`;
}

export function hostPrincipal(net: Network, ws: Workstation): string {
  return `${ws.name.toLowerCase()}$/${net.realm}`;
}

export function servicePrincipal(service: string, server: Server | Workstation): string {
  return `${service}/${server.fqdn}`;
}
