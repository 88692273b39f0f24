import { describe, expect, it } from 'vitest';
import { sortNumbers } from '../../src/detect/sort-numbers.js';
import { createRandom } from '../../src/util/random.js';

const builtIn = (values: Float64Array) => Float64Array.from(values).sort();

describe('sortNumbers', () => {
  const rng = createRandom(11);
  const cases: Record<string, Float64Array> = {
    empty: new Float64Array(0),
    one: Float64Array.of(3),
    'small, below the insertion cut': Float64Array.from({ length: 15 }, () => rng.next()),
    random: Float64Array.from({ length: 5000 }, () => rng.next() * 1e6 - 5e5),
    'few distinct values (constant request sizes)': Float64Array.from({ length: 5000 }, () => 100 + rng.int(3)),
    'all equal': new Float64Array(3000).fill(7),
    sorted: Float64Array.from({ length: 4000 }, (_, i) => i),
    reversed: Float64Array.from({ length: 4000 }, (_, i) => -i),
    'nearly sorted (Zeek writes connections as they end)': Float64Array.from(
      { length: 4000 },
      (_, i) => i + rng.next() * 30,
    ),
    'organ pipe': Float64Array.from({ length: 4001 }, (_, i) => Math.min(i, 4000 - i)),
  };
  for (const [name, values] of Object.entries(cases)) {
    it(`sorts ${name} as the built-in sort does`, () => {
      const expected = builtIn(values);
      const copy = Float64Array.from(values);
      expect(sortNumbers(copy)).toBe(copy);
      expect(copy).toEqual(expected);
    });
  }
});
