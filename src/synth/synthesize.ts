/**
 * The generator: simulates the office network hour by hour (every workstation's behaviours,
 * then the attacks of the day), streams the rows to Zeek TSV files per day, and writes the
 * ground truth (`labels.csv`) and a record of the run (`synth.json`). The same options and seed
 * give byte-identical files.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZeekseqError } from '../util/errors.js';
import { startProgress } from '../util/progress.js';
import { createRandom, shuffledIndices } from '../util/random.js';
import { planDay } from './activity.js';
import type { AttackStep } from './attacks/scenario.js';
import { browsing } from './behaviours/browsing.js';
import { cloudApps } from './behaviours/cloud-apps.js';
import { dhcp } from './behaviours/dhcp.js';
import { directory } from './behaviours/directory.js';
import { fileShares } from './behaviours/file-shares.js';
import { groupPolicy } from './behaviours/group-policy.js';
import { logon } from './behaviours/logon.js';
import { nameBroadcasts } from './behaviours/name-broadcasts.js';
import { ntlm } from './behaviours/ntlm.js';
import { ntp } from './behaviours/ntp.js';
import { updates } from './behaviours/updates.js';
import { windowsWeb } from './behaviours/windows-web.js';
import { HostDay, HostState, PortCounter, STREAMS, type SynthContext } from './context.js';
import { uniform } from './distributions.js';
import { Emitter, type Label } from './emitter.js';
import { IdFactory } from './ids.js';
import { SYNTH_LOG_NAMES, type SynthLogName } from './logs.js';
import { buildNetwork, isLocalAddress, MAX_WORKSTATIONS, type Network } from './network.js';
import { SynthOutput } from './output.js';
import { isScenarioName, SCENARIO_NAMES, SCENARIOS, type ScenarioName } from './scenarios.js';
import { deriveSeed } from './seeds.js';

export interface SynthOptions {
  /** Folder to write to; created if missing. */
  out: string;
  /** Workstations (default 40). */
  hosts?: number;
  /** Days to simulate (default 3). */
  days?: number;
  /** First day, YYYY-MM-DD, UTC (default 2024-03-04, a Monday). */
  start?: string;
  seed?: number;
  /** Scenarios to inject (default all of SCENARIO_NAMES; [] for none). */
  attacks?: readonly string[];
  /** Days (1 = the first) that carry the attacks (default the last day). */
  attackDays?: readonly number[];
  /** Scale normal activity to about this many connections in total. */
  connections?: number;
  /** Write hourly gzip files (`conn.00:00:00-01:00:00.log.gz`) instead of one file per log and day. */
  rotate?: boolean;
}

export interface SynthParameters {
  hosts: number;
  days: number;
  start: string;
  seed: number;
  attacks: ScenarioName[];
  attackDays: number[];
  connections: number | null;
  rotate: boolean;
}

export interface AttackRecord {
  scenario: ScenarioName;
  /** The compromised workstation and its address that day (the `host` of labels.csv). */
  host: string;
  ip: string;
  /** First and last step, epoch seconds. */
  start: number;
  end: number;
  /** Connections labelled with this attack. */
  connections: number;
}

export interface SynthDay {
  date: string;
  weekend: boolean;
  rows: Record<SynthLogName, number>;
  attacks: AttackRecord[];
}

export interface SynthSummary {
  out: string;
  parameters: SynthParameters;
  /** Multiplier of user-driven activity that `connections` asked for (1 without it). */
  scale: number;
  network: {
    domain: string;
    servers: Array<{ role: string; name: string; ip: string }>;
    workstations: Array<{ name: string; mac: string; user: string; ips: string[] }>;
  };
  days: SynthDay[];
  /** Rows per log over all days. */
  rows: Record<SynthLogName, number>;
  labels: { file: string; connections: number };
}

export const SYNTH_DEFAULTS = { hosts: 40, days: 3, start: '2024-03-04', seed: 1 } as const;

const HOUR = 3600;
const DAY = 86400;
/**
 * Simulated time is generated and written in slices this long: all hosts for one slice, then the
 * slice's rows in time order. Short slices keep the pending rows few enough to die young.
 */
const SLICE = 600;
const SUMMARY_FILE = 'synth.json';

function integerOption(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ZeekseqError(`${name} must be a whole number from ${min} to ${max}, got ${value}.`);
  }
  return value;
}

/** Check options and fill in defaults; every problem is a ZeekseqError saying what to change. */
export function resolveSynthOptions(options: SynthOptions): SynthParameters {
  if (typeof options.out !== 'string' || options.out.trim() === '') {
    throw new ZeekseqError('no output folder given: pass --out DIR (for example --out datasets/synthetic).');
  }
  const hosts = integerOption('--hosts', options.hosts ?? SYNTH_DEFAULTS.hosts, 1, MAX_WORKSTATIONS);
  const days = integerOption('--days', options.days ?? SYNTH_DEFAULTS.days, 1, 366);
  const start = options.start ?? SYNTH_DEFAULTS.start;
  const parsed = /^(\d{4})-(\d{2})-(\d{2})$/.exec(start);
  if (!parsed || new Date(`${start}T00:00:00Z`).toISOString().slice(0, 10) !== start) {
    throw new ZeekseqError(`--start must be a date as YYYY-MM-DD (such as 2024-03-04), got '${start}'.`);
  }
  const seed = options.seed ?? SYNTH_DEFAULTS.seed;
  if (!Number.isSafeInteger(seed)) throw new ZeekseqError(`--seed must be a whole number, got ${seed}.`);
  const attacks: ScenarioName[] = [];
  for (const name of options.attacks ?? SCENARIO_NAMES) {
    if (!isScenarioName(name)) {
      throw new ZeekseqError(
        `unknown attack scenario '${name}' in --attacks; the scenarios are: ${SCENARIO_NAMES.join(', ')} (or 'none').`,
      );
    }
    if (!attacks.includes(name)) attacks.push(name);
  }
  for (const name of attacks) {
    const needed = SCENARIOS[name].minWorkstations;
    if (hosts < needed) {
      throw new ZeekseqError(
        `${name} needs at least ${needed} workstations (the attacker and others to reach), got --hosts ${hosts}; ` +
          `raise --hosts or leave ${name} out of --attacks.`,
      );
    }
  }
  const attackDays = [...new Set(options.attackDays ?? [days])].sort((a, b) => a - b);
  for (const day of attackDays) {
    if (!Number.isInteger(day) || day < 1 || day > days) {
      throw new ZeekseqError(
        `attack day ${day} is outside the simulated days 1 to ${days} (--days ${days}); pick --attack-days within them.`,
      );
    }
  }
  let connections: number | null = null;
  if (options.connections !== undefined) {
    connections = integerOption('--connections', options.connections, 1, 100_000_000);
  }
  return { hosts, days, start, seed, attacks, attackDays, connections, rotate: options.rotate ?? false };
}

/** The day folders of an earlier run in `out`, or an error if `out` holds anything else. */
function previousRun(out: string): string[] {
  if (!existsSync(out)) return [];
  if (!statSync(out).isDirectory()) throw new ZeekseqError(`${out} is a file; pass a folder for --out.`);
  const entries = readdirSync(out);
  if (entries.length === 0) return [];
  const summaryPath = join(out, SUMMARY_FILE);
  if (!existsSync(summaryPath)) {
    throw new ZeekseqError(
      `${out} is not empty and holds no ${SUMMARY_FILE} from an earlier synth run; choose an empty or new folder for --out.`,
    );
  }
  let previous: Partial<SynthSummary>;
  try {
    previous = JSON.parse(readFileSync(summaryPath, 'utf8')) as Partial<SynthSummary>;
  } catch {
    throw new ZeekseqError(
      `${summaryPath} is not the JSON an earlier synth run writes; remove ${out} or choose another folder for --out.`,
    );
  }
  // Only names that are dates: a damaged synth.json must not point the removal elsewhere.
  return (previous.days ?? []).map((d) => d.date).filter((date) => /^\d{4}-\d{2}-\d{2}$/.test(date));
}

function dateOf(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 10);
}

type Behaviour = (ctx: SynthContext, host: HostDay, from: number, to: number) => void;

/** Run in this order within each hour for each host (the order is part of the determinism). */
const BEHAVIOURS: Behaviour[] = [
  dhcp,
  logon,
  groupPolicy,
  ntp,
  nameBroadcasts,
  cloudApps,
  windowsWeb,
  updates,
  browsing,
  fileShares,
  directory,
  ntlm,
];

interface PlannedAttack {
  record: AttackRecord;
  label: Label;
  steps: AttackStep[];
  next: number;
}

interface RunSettings {
  params: SynthParameters;
  scale: number;
  output: SynthOutput | null;
  withAttacks: boolean;
  /** Simulate only these workstations (by index); all by default. */
  only?: readonly number[];
}

interface RunResult {
  connections: number;
  /** Connections each workstation's behaviours made, other than its DNS lookups. */
  perHost: Float64Array;
  /** DNS lookups each workstation made (one connection each). */
  lookups: Float64Array;
  /** Lookups the DC forwarded upstream (connections of the DC itself). */
  forwarded: number;
  attacks: AttackRecord[][];
}

function planAttacks(ctx: SynthContext, params: SynthParameters, hostDays: HostDay[]): PlannedAttack[] {
  const order = shuffledIndices(hostDays.length, deriveSeed(params.seed, 99));
  return params.attacks.map((name, i) => {
    const attacker = hostDays[order[i % order.length]];
    const rng = createRandom(deriveSeed(params.seed, STREAMS.attack, ctx.day, i));
    const start = ctx.dayStart + uniform(rng, 9.5, 14.5) * HOUR;
    const others = hostDays.filter((h) => h !== attacker);
    const steps = SCENARIOS[name].plan({ ctx, attacker, others, rng, start }).sort((a, b) => a.at - b.at);
    const record: AttackRecord = {
      scenario: name,
      host: attacker.ws.name,
      ip: attacker.ip,
      start: steps[0]?.at ?? start,
      end: steps[steps.length - 1]?.at ?? start,
      connections: 0,
    };
    return { record, label: { scenario: name, host: attacker.ip }, steps, next: 0 };
  });
}

/** Simulate every day and hour; rows go to `output` (or are only counted without one). */
async function simulate(net: Network, settings: RunSettings, onHour: () => void): Promise<RunResult> {
  const { params, scale, output } = settings;
  const emitter = new Emitter(new IdFactory(params.seed), isLocalAddress, output);
  const workstations = settings.only ? settings.only.map((i) => net.workstations[i]) : net.workstations;
  const states = workstations.map((ws) => new HostState(ws, params.seed));
  const perHost = new Float64Array(net.workstations.length);
  const lookups = new Float64Array(net.workstations.length);
  const firstDay = Date.parse(`${params.start}T00:00:00Z`) / 1000;
  const resolver = { cache: new Map<string, number>(), answered: 0, forwarded: 0 };
  const serverPorts = new PortCounter(createRandom(deriveSeed(params.seed, 8)));
  const attacks: AttackRecord[][] = [];
  for (let day = 0; day < params.days; day++) {
    const dayStart = firstDay + day * DAY;
    const weekday = new Date(dayStart * 1000).getUTCDay();
    const ctx: SynthContext = {
      net,
      out: emitter,
      seed: params.seed,
      day,
      dayStart,
      weekend: weekday === 0 || weekday === 6,
      scale,
      resolver,
      serverPorts,
    };
    const hostDays = states.map((state) => {
      const rng = createRandom(deriveSeed(params.seed, STREAMS.plan, day, state.ws.index));
      const plan = planDay(rng, state.ws, dayStart, ctx.weekend, state.ws.ipChangeDays.includes(day));
      return new HostDay(state, day, plan, params.seed);
    });
    const planned =
      settings.withAttacks && params.attackDays.includes(day + 1) ? planAttacks(ctx, params, hostDays) : [];
    output?.beginDay(dateOf(dayStart), dayStart);
    for (let hour = 0; hour < 24; hour++) {
      for (let from = dayStart + hour * HOUR; from < dayStart + (hour + 1) * HOUR; from += SLICE) {
        const to = from + SLICE;
        for (const host of hostDays) {
          const before = emitter.connCount - resolver.forwarded - resolver.answered;
          const lookupsBefore = resolver.answered;
          for (const behaviour of BEHAVIOURS) behaviour(ctx, host, from, to);
          perHost[host.ws.index] += emitter.connCount - resolver.forwarded - resolver.answered - before;
          lookups[host.ws.index] += resolver.answered - lookupsBefore;
        }
        const lastSlice = hour === 23 && to >= dayStart + DAY;
        for (const attack of planned) {
          const before = emitter.connCount;
          emitter.withLabel(attack.label, () => {
            // The day's last slice also runs any step planned past midnight.
            while (attack.next < attack.steps.length && (attack.steps[attack.next].at < to || lastSlice))
              attack.steps[attack.next++].run();
          });
          attack.record.connections += emitter.connCount - before;
        }
        emitter.flush(lastSlice && day === params.days - 1 ? Infinity : to);
      }
      await output?.endHour(dayStart + (hour + 1) * HOUR);
      onHour();
    }
    await output?.endDay(dayStart + DAY);
    attacks.push(planned.map((a) => a.record));
  }
  return { connections: emitter.connCount, perHost, lookups, forwarded: resolver.forwarded, attacks };
}

/** A count per workstation, as a line in the scale through the counts at scales 1 and 2. */
function line(one: Float64Array, two: Float64Array) {
  const sum = (hosts: Iterable<number>, f: (h: number) => number) => {
    let total = 0;
    for (const h of hosts) total += f(h);
    return total;
  };
  return {
    base: (hosts: Iterable<number>) => sum(hosts, (h) => 2 * one[h] - two[h]),
    growth: (hosts: Iterable<number>) => sum(hosts, (h) => two[h] - one[h]),
  };
}

/**
 * The activity scale that gives about `target` connections. Everything a workstation does grows
 * in a straight line with the scale (logons and time sync not at all, user activity in
 * proportion) except its DNS lookups: busier clients find more names in their cache. So: count
 * every host at scales 1 and 2 (cheap) for the lines; if the target lies beyond, measure how
 * lookups bend on a sample of hosts, at the scale the lines give and at one stretched by the
 * shortfall, and solve between the two (a secant step). The DC's forwarded lookups, shared and
 * bounded by the names there are, count at least as at scale 2.
 */
async function calibrate(params: SynthParameters, target: number): Promise<number> {
  const run = async (scale: number, only?: number[]) =>
    simulate(
      buildNetwork(params.seed, params.hosts, params.days),
      { params, scale, output: null, withAttacks: false, only },
      () => {},
    );
  const first = await run(1);
  const second = await run(2);
  const other = line(first.perHost, second.perHost);
  const dns = line(first.lookups, second.lookups);
  const all = [...first.perHost.keys()];
  const fixed = other.base(all) + dns.base(all) + second.forwarded;
  const slope = other.growth(all) + dns.growth(all);
  if (target <= fixed || slope <= 0) {
    throw new ZeekseqError(
      `--connections ${target} is below the ${Math.round(fixed)} connections that ${params.hosts} workstations make in ` +
        `${params.days} day${params.days === 1 ? '' : 's'} without their users (logons, updates, time sync); ask for more, or use fewer --hosts or --days.`,
    );
  }
  const linear = (target - fixed) / slope;
  if (linear <= 2) return linear;
  // A sample stratified by how much each host's lookups grow with the scale.
  const stride = Math.max(1, Math.floor(all.length / 8));
  const growth = (h: number) => second.lookups[h] - first.lookups[h];
  const sample = [...all]
    .sort((a, b) => growth(a) - growth(b) || a - b)
    .filter((_, i) => i % stride === Math.floor(stride / 2));
  const estimate = async (scale: number) => {
    const result = await run(scale, sample);
    const grown = result.lookups.reduce((sum, n) => sum + n, 0) - dns.base(sample);
    const lookups = dns.base(all) + (grown * dns.growth(all)) / Math.max(1, dns.growth(sample));
    return other.base(all) + scale * other.growth(all) + lookups + Math.max(second.forwarded, result.forwarded);
  };
  const atLinear = await estimate(linear);
  if (atLinear >= target) return linear;
  const stretched = linear * (1 + (target - atLinear) / (atLinear - fixed));
  const atStretched = await estimate(stretched);
  if (atStretched <= atLinear) return stretched;
  return stretched + ((target - atStretched) * (stretched - linear)) / (atStretched - atLinear);
}

/** Generate the dataset described by `options` into `options.out`; returns what synth.json records. */
export async function synthesize(options: SynthOptions): Promise<SynthSummary> {
  const params = resolveSynthOptions(options);
  const out = options.out;
  const stale = previousRun(out);
  const scale = params.connections === null ? 1 : await calibrate(params, params.connections);
  for (const date of stale) rmSync(join(out, date), { recursive: true, force: true });
  const net = buildNetwork(params.seed, params.hosts, params.days);
  const output = new SynthOutput(out, params.rotate);
  const progress = startProgress('synth', params.days * 24, 'hours');
  let result: RunResult;
  try {
    result = await simulate(net, { params, scale, output, withAttacks: true }, () => progress.tick());
    await output.close();
  } finally {
    progress.stop();
  }
  const rows = Object.fromEntries(SYNTH_LOG_NAMES.map((log) => [log, 0])) as Record<SynthLogName, number>;
  const days: SynthDay[] = [...output.rows.entries()].map(([date, counts], i) => {
    const dayRows = Object.fromEntries(SYNTH_LOG_NAMES.map((log) => [log, counts[log] ?? 0])) as Record<
      SynthLogName,
      number
    >;
    for (const log of SYNTH_LOG_NAMES) rows[log] += dayRows[log];
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return { date, weekend: weekday === 0 || weekday === 6, rows: dayRows, attacks: result.attacks[i] };
  });
  const summary: SynthSummary = {
    out,
    parameters: params,
    scale,
    network: {
      domain: net.domain,
      servers: [
        { role: 'domain controller (DNS, Kerberos, LDAP, DHCP, SYSVOL)', name: net.dc.name, ip: net.dc.ip },
        { role: 'file server', name: net.fileServer.name, ip: net.fileServer.ip },
        { role: 'WSUS update server', name: net.updateServer.name, ip: net.updateServer.ip },
      ],
      workstations: net.workstations.map((ws) => ({ name: ws.name, mac: ws.mac, user: ws.user, ips: ws.ips })),
    },
    days,
    rows,
    labels: { file: 'labels.csv', connections: output.labelCount },
  };
  // The folder is left out of synth.json so that a copy of the dataset elsewhere is identical.
  writeFileSync(join(out, SUMMARY_FILE), `${JSON.stringify({ ...summary, out: undefined }, null, 2)}\n`);
  return summary;
}
