import { describe, expect, it } from 'vitest';
import { addressMatcher } from '../../src/util/cidr.js';

describe('addressMatcher', () => {
  it('matches IPv4 and IPv6 addresses against CIDR ranges', () => {
    const local = addressMatcher(['10.0.0.0/8', '192.168.1.0/24', 'fd00::/8', '203.0.113.9']);
    expect(['10.1.2.3', '192.168.1.77', '192.168.2.1', '11.0.0.1', '203.0.113.9', '203.0.113.8'].map(local)).toEqual([
      true,
      true,
      false,
      false,
      true,
      false,
    ]);
    expect(['fd12::1', 'fe80::1', '::ffff:10.0.0.1', 'not an address', null].map(local)).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(addressMatcher(['::ffff:0:0/96'])('::ffff:10.0.0.1')).toBe(true);
    expect(addressMatcher(['0.0.0.0/0'])('8.8.8.8')).toBe(true);
  });

  it('says which range is malformed', () => {
    expect(() => addressMatcher(['10.0.0.0/33'])).toThrow(/"10.0.0.0\/33" is not an address range/);
    expect(() => addressMatcher(['10.0.0/8'])).toThrow(/is not an address range/);
    expect(() => addressMatcher(['fd00::/8/1'])).toThrow(/is not an address range/);
  });
});
