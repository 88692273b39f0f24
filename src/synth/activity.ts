/**
 * The daily rhythm of a workstation: when it is powered, when its user is at the desk (with a
 * lunch break), and arrival times of events drawn from a rate that follows that rhythm. Office
 * hours are busy, nights carry only the machine's own background traffic.
 */
import type { Random } from '../util/random.js';
import { chance, normal, poisson, uniform } from './distributions.js';
import type { Workstation } from './network.js';

const HOUR = 3600;
const BIN = 300; // rates are integrated over five-minute bins

export interface DayPlan {
  /** The user works at this machine today. */
  present: boolean;
  /** Epoch seconds the user arrives and leaves (meaningful when present). */
  arrive: number;
  leave: number;
  lunchStart: number;
  lunchEnd: number;
  /** Powered on over [on, off). */
  on: number;
  off: number;
  /** The machine starts up this morning (DHCP, computer logon) rather than having run overnight. */
  boots: boolean;
}

/**
 * Plan one day of a workstation; `weekend` days see few users. A host that moves to a new
 * address today (`moves`) is used today, so that its DHCP exchange happens.
 */
export function planDay(rng: Random, ws: Workstation, dayStart: number, weekend: boolean, moves: boolean): DayPlan {
  const present = chance(rng, weekend ? 0.06 : 0.93) || moves;
  const arriveHour = ws.arrival + 0.25 * normal(rng) + (weekend ? 2 : 0);
  const stay = weekend ? uniform(rng, 1.5, 4) : ws.departure - ws.arrival + 0.4 * normal(rng);
  const arrive = dayStart + arriveHour * HOUR;
  const leave = arrive + stay * HOUR;
  const lunchStart = dayStart + uniform(rng, 11.8, 13.2) * HOUR;
  const lunchEnd = lunchStart + uniform(rng, 0.4, 1.1) * HOUR;
  const dayEnd = dayStart + 24 * HOUR;
  if (ws.alwaysOn) return { present, arrive, leave, lunchStart, lunchEnd, on: dayStart, off: dayEnd, boots: false };
  if (!present) return { present, arrive, leave, lunchStart, lunchEnd, on: dayEnd, off: dayEnd, boots: false };
  const on = arrive - uniform(rng, 120, 900);
  const off = Math.min(dayEnd - 1, leave + uniform(rng, 30, 600));
  return { present, arrive, leave, lunchStart, lunchEnd, on, off, boots: true };
}

/** How much the user drives traffic at time t: 1 at the desk, less at lunch, 0 away. */
export function userLevel(plan: DayPlan, t: number): number {
  if (!plan.present || t < plan.arrive || t >= plan.leave) return 0;
  if (t >= plan.lunchStart && t < plan.lunchEnd) return 0.25;
  // Busier mid-morning and mid-afternoon than first thing and last thing.
  const fromArrival = (t - plan.arrive) / HOUR;
  const toLeaving = (plan.leave - t) / HOUR;
  return Math.min(1, 0.55 + 0.25 * Math.min(fromArrival, toLeaving));
}

/** Whether the machine is powered at time t. */
export function poweredAt(plan: DayPlan, t: number): boolean {
  return t >= plan.on && t < plan.off;
}

/**
 * Times in [from, to) of events arriving at `perHour * level(t)` per hour: a Poisson count per
 * five-minute bin, spread uniformly inside it. Sorted.
 */
export function eventTimes(
  rng: Random,
  from: number,
  to: number,
  perHour: number,
  level: (t: number) => number,
): number[] {
  const times: number[] = [];
  if (!(perHour > 0)) return times;
  for (let start = from; start < to; start += BIN) {
    const end = Math.min(to, start + BIN);
    const rate = level((start + end) / 2);
    if (rate <= 0) continue;
    const n = poisson(rng, (perHour * rate * (end - start)) / HOUR);
    const first = times.length;
    for (let i = 0; i < n; i++) times.push(start + rng.next() * (end - start));
    if (n > 1) {
      const bin = times.slice(first).sort((a, b) => a - b);
      for (let i = 0; i < n; i++) times[first + i] = bin[i];
    }
  }
  return times;
}
