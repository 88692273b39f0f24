/**
 * What an attack scenario is: a plan of timed steps that one compromised workstation carries out
 * on an attack day. The orchestrator runs each step in the hour it falls in, with every
 * connection it makes labelled as ground truth.
 */
import type { Random } from '../../util/random.js';
import type { HostDay, SynthContext } from '../context.js';
import { pick, randomLabel } from '../distributions.js';

export interface AttackEnv {
  ctx: SynthContext;
  attacker: HostDay;
  /** The other workstations that day (targets for scans and lateral movement). */
  others: HostDay[];
  rng: Random;
  /** When the attack begins, epoch seconds. */
  start: number;
}

export interface AttackStep {
  at: number;
  run(): void;
}

export interface Scenario {
  name: string;
  /** One line for --help and the summary. */
  description: string;
  /** Workstations the network needs for this scenario (the attacker included). */
  minWorkstations: number;
  plan(env: AttackEnv): AttackStep[];
}

const CONSONANTS = 'bcdfghjklmnpqrstvwxz';

/** A machine-made domain of the kind malware uses: consonant-heavy and under a cheap TLD. */
export function rareDomain(
  rng: Random,
  tlds: readonly string[] = ['top', 'xyz', 'info', 'online', 'site', 'click'],
): string {
  let label = '';
  const length = 8 + rng.int(6);
  for (let i = 0; i < length; i++)
    label += rng.next() < 0.8 ? CONSONANTS[rng.int(CONSONANTS.length)] : 'aeiou'[rng.int(5)];
  return `${label}${rng.next() < 0.3 ? randomLabel(rng, 2, '0123456789') : ''}.${pick(rng, tlds)}`;
}

/** Steps at `times`, each running `fn` at its time. */
export function stepsAt(times: number[], fn: (t: number) => void): AttackStep[] {
  return times.map((at) => ({ at, run: () => fn(at) }));
}

/** Check-in times from `start` for `hours` (stopping before midnight), `interval` apart with relative `jitter`. */
export function beaconTimes(
  ctx: SynthContext,
  rng: Random,
  start: number,
  hours: number,
  interval: number,
  jitter: number,
): number[] {
  const end = Math.min(ctx.dayStart + 86400 - 60, start + hours * 3600);
  const times: number[] = [];
  for (let t = start; t < end; t += interval * (1 + jitter * (2 * rng.next() - 1))) times.push(t);
  return times;
}
