import { describe, expect, it } from 'vitest';
import { IdFactory } from '../../src/synth/ids.js';

describe('IdFactory', () => {
  it('makes unique Zeek-looking uids and fuids', () => {
    const ids = new IdFactory(42);
    const uids = Array.from({ length: 200_000 }, () => ids.uid());
    expect(new Set(uids).size).toBe(uids.length);
    for (const uid of uids.slice(0, 2000)) expect(uid).toMatch(/^C[0-9A-Za-z]{10,17}$/);
    const lengths = new Set(uids.slice(0, 2000).map((u) => u.length));
    expect(lengths.size).toBeGreaterThan(2); // varied lengths, as in real logs
    const fuid = ids.fuid();
    expect(fuid).toMatch(/^F[0-9A-Za-z]{10,17}$/);
    expect(uids).not.toContain(`C${fuid.slice(1)}`);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const take = (seed: number) => {
      const ids = new IdFactory(seed);
      return Array.from({ length: 5 }, () => ids.uid());
    };
    expect(take(1)).toEqual(take(1));
    expect(take(1)).not.toEqual(take(2));
  });
});
