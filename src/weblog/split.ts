/**
 * A seeded split of sessions by client address, so that no client has sessions on both sides: held-out
 * sessions then come from visitors the model never saw, like tomorrow's traffic.
 */
import { ZeekseqError } from '../util/errors.js';
import { shuffledIndices } from '../util/random.js';
import type { Session } from './sessions.js';

export interface SessionSplit {
  train: Session[];
  heldOut: Session[];
}

/** Holds out the sessions of round(fraction × clients) clients, drawn with `seed`. */
export function splitSessionsByClient(sessions: readonly Session[], fraction: number, seed: number): SessionSplit {
  if (!(fraction > 0 && fraction < 1)) {
    throw new ZeekseqError(
      `split: the held-out fraction must be between 0 and 1 (exclusive), got ${fraction}; pass e.g. --holdout 0.3.`,
    );
  }
  // Sorted first, so the split depends on the seed and the set of clients, not on their order in the logs.
  const clients = [...new Set(sessions.map((s) => s.client))].sort();
  const count = Math.round(fraction * clients.length);
  if (count === 0 || count === clients.length) {
    throw new ZeekseqError(
      `split: holding out ${fraction} of ${clients.length} clients leaves one side empty; use more data or another fraction.`,
    );
  }
  const order = shuffledIndices(clients.length, seed);
  const heldOutClients = new Set(Array.from(order.subarray(0, count), (i) => clients[i]));
  return {
    train: sessions.filter((s) => !heldOutClients.has(s.client)),
    heldOut: sessions.filter((s) => heldOutClients.has(s.client)),
  };
}
