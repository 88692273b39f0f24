/**
 * Address ranges in CIDR notation (`10.0.0.0/8`, `fd00::/8`), for telling local hosts from remote ones when a
 * conn log has no `local_orig`/`local_resp` columns. Addresses are compared as bit strings, IPv4 and IPv6 apart.
 */
import { ZeekseqError } from './errors.js';

interface Range {
  v6: boolean;
  bits: bigint;
  prefix: number;
}

function ipv4Bits(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let bits = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    bits = (bits << 8n) | BigInt(part);
  }
  return bits;
}

function ipv6Bits(text: string): bigint | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) is two groups.
  const last = tail.length > 0 ? tail : head;
  if (last.length > 0 && last[last.length - 1].includes('.')) {
    const v4 = ipv4Bits(last.pop()!);
    if (v4 === null) return null;
    last.push((v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16));
  }
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  let bits = 0n;
  for (const group of [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail]) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return null;
    bits = (bits << 16n) | BigInt(`0x${group}`);
  }
  return bits;
}

/** An address as (family, bits), or null when it is not an IPv4 or IPv6 address. */
function addressBits(text: string): { v6: boolean; bits: bigint } | null {
  if (text.includes(':')) {
    const bits = ipv6Bits(text.replace(/%.*$/, ''));
    return bits === null ? null : { v6: true, bits };
  }
  const bits = ipv4Bits(text);
  return bits === null ? null : { v6: false, bits };
}

function parseRange(cidr: string): Range {
  const [address, prefixText, extra] = cidr.trim().split('/');
  const parsed = addressBits(address);
  const width = parsed?.v6 ? 128 : 32;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  if (!parsed || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > width) {
    throw new ZeekseqError(
      `local networks: ${JSON.stringify(cidr)} is not an address range; write one as 10.0.0.0/8 or fd00::/8.`,
    );
  }
  const shift = BigInt(width - prefix);
  return { v6: parsed.v6, bits: parsed.bits >> shift, prefix };
}

/** A test of whether an address lies in one of the ranges (false for anything that is not an address). */
export function addressMatcher(cidrs: readonly string[]): (address: string | null) => boolean {
  const ranges = cidrs.map(parseRange);
  const memo = new Map<string, boolean>();
  return (address) => {
    if (address === null) return false;
    let hit = memo.get(address);
    if (hit === undefined) {
      const parsed = addressBits(address);
      hit =
        parsed !== null &&
        ranges.some((r) => r.v6 === parsed.v6 && parsed.bits >> BigInt((r.v6 ? 128 : 32) - r.prefix) === r.bits);
      memo.set(address, hit);
    }
    return hit;
  };
}
