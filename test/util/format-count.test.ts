import { describe, expect, it } from 'vitest';
import { formatCount } from '../../src/util/format-count.js';
import { createRandom } from '../../src/util/random.js';

describe('formatCount', () => {
  it('writes whole numbers as toLocaleString en-US does', () => {
    const edges = [0, -0, 1, -1, 12, 123, 999, 1000, -1000, 9999, 10000, 123456, 1234567, 1007053, -987654321];
    const random = createRandom(7).next;
    const samples = Array.from({ length: 2000 }, () => Math.floor((random() - 0.3) * 10 ** Math.floor(random() * 16)));
    for (const n of [...edges, ...samples, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
      expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    }
  });

  it('leaves fractions, unsafe integers and non-finite numbers to toLocaleString', () => {
    for (const n of [1234.5678, -0.5, 2 ** 60, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    }
  });
});
