import { describe, expect, it } from 'vitest';
import { splitSessionsByClient } from '../../src/weblog/split.js';
import { visit } from './fixtures.js';

const sessions = ['a', 'b', 'c', 'd', 'e', 'a', 'b', 'f', 'g', 'h'].map((client, i) =>
  visit(client, i * 10_000, ['/'], `${client}#${i}`),
);

describe('splitSessionsByClient', () => {
  it('holds out whole clients, round(fraction × clients) of them, the same for a seed', () => {
    const { train, heldOut } = splitSessionsByClient(sessions, 0.25, 7);
    const heldClients = new Set(heldOut.map((s) => s.client));
    expect(heldClients.size).toBe(2);
    expect(train.some((s) => heldClients.has(s.client))).toBe(false);
    expect(train.length + heldOut.length).toBe(sessions.length);
    expect(splitSessionsByClient(sessions, 0.25, 7)).toEqual({ train, heldOut });
    expect(
      splitSessionsByClient([...sessions].reverse(), 0.25, 7)
        .heldOut.map((s) => s.client)
        .sort(),
    ).toEqual(heldOut.map((s) => s.client).sort());
    const seeds = new Set(
      [1, 2, 3, 4, 5].map((seed) =>
        [...new Set(splitSessionsByClient(sessions, 0.25, seed).heldOut.map((s) => s.client))].sort().join(),
      ),
    );
    expect(seeds.size).toBeGreaterThan(1);
  });

  it('rejects fractions that leave a side empty', () => {
    expect(() => splitSessionsByClient(sessions, 0, 1)).toThrow(
      /between 0 and 1 \(exclusive\), got 0; pass e.g. --holdout 0.3/,
    );
    expect(() => splitSessionsByClient(sessions, 1, 1)).toThrow(/between 0 and 1/);
    expect(() => splitSessionsByClient(sessions, 0.01, 1)).toThrow(
      /holding out 0.01 of 8 clients leaves one side empty/,
    );
  });
});
