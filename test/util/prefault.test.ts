/**
 * The Prefaulter hands out large number columns on shared memory that a helper touches; the values are the
 * caller's whatever the helper does.
 */
import { describe, expect, it } from 'vitest';
import { PREFAULT_MIN_BYTES, Prefaulter, touchPages } from '../../src/util/prefault.js';

describe('touchPages', () => {
  it('maps pages without changing a value, from the byte it is given', () => {
    const buffer = new SharedArrayBuffer(64 * 4096);
    const values = new Float64Array(buffer);
    // Sevenths use every bit of a double, so a touch that wrote any part of one would show.
    for (let i = 0; i < values.length; i++) values[i] = (i + 1) / 7;
    touchPages(buffer, 10_000);
    expect(values.every((v, i) => v === (i + 1) / 7)).toBe(true);
  });
});

describe('Prefaulter', () => {
  it('gives large columns shared, zeroed memory and small ones plain memory', async () => {
    const prefaulter = new Prefaulter();
    try {
      const small = prefaulter.float64(PREFAULT_MIN_BYTES / 8 - 1, 0);
      expect(small.buffer).toBeInstanceOf(ArrayBuffer);
      const length = (4 * PREFAULT_MIN_BYTES) / 8;
      const large = prefaulter.float64(length, 1000);
      expect(large.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(large.length).toBe(length);
      expect(large.every((v) => v === 0)).toBe(true);
      // The caller writes while the helper touches: every value stays the caller's.
      for (let i = 0; i < length; i++) large[i] = (i + 1) / 7;
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(large.every((v, i) => v === (i + 1) / 7)).toBe(true);
      // A text column's references, the same way.
      expect(prefaulter.int32(PREFAULT_MIN_BYTES / 4 - 1, 0).buffer).toBeInstanceOf(ArrayBuffer);
      const refs = prefaulter.int32(PREFAULT_MIN_BYTES, 10);
      expect(refs.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(refs.length).toBe(PREFAULT_MIN_BYTES);
      expect(refs.every((v) => v === 0)).toBe(true);
    } finally {
      await prefaulter.close();
    }
  });

  it('gives plain memory once closed', async () => {
    const prefaulter = new Prefaulter();
    await prefaulter.close();
    expect(prefaulter.float64((2 * PREFAULT_MIN_BYTES) / 8, 0).buffer).toBeInstanceOf(ArrayBuffer);
  });
});
