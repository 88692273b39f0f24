import { describe, expect, it } from 'vitest';
import { typedFrom } from '../../src/util/typed-from.js';

describe('typedFrom', () => {
  it('maps each value with its index into an array of the given type', () => {
    const picked = typedFrom(Float64Array, new Int32Array([2, 0, 1]), (row, i) => [10, 20, 30][row] + i / 10);
    expect(picked).toBeInstanceOf(Float64Array);
    expect(Array.from(picked)).toEqual([30, 10.1, 20.2]);
  });

  it('takes array-likes without values and converts as the type does', () => {
    expect(Array.from(typedFrom(Int32Array, { length: 3 }, (_, i) => i * 2))).toEqual([0, 2, 4]);
    expect(Array.from(typedFrom(Uint8Array, [true, false, null], (v) => (v ? 300 : -1)))).toEqual([44, 255, 255]);
  });
});
