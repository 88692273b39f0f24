/**
 * Zeek-style identifiers: connection uids (`C` + base62) and file ids (`F` + base62).
 * They come from a counter rather than a random stream so they can never collide: the first
 * 32 bits are a bijection of the counter, the other 64 make them look like Zeek's random ones.
 */
import { mix32 } from './seeds.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Base62 of the 96-bit number `hi:mid:lo` (each a 32-bit word), without leading zeros. */
function base62(hi: number, mid: number, lo: number): string {
  const words = [hi, mid, lo];
  let out = '';
  while (words[0] !== 0 || words[1] !== 0 || words[2] !== 0) {
    let rem = 0;
    for (let i = 0; i < 3; i++) {
      const value = rem * 4294967296 + words[i]; // < 62 * 2^32, exact in a double
      words[i] = Math.floor(value / 62);
      rem = value - words[i] * 62;
    }
    out = BASE62[rem] + out;
  }
  return out || '0';
}

export class IdFactory {
  private connCount = 0;
  private fileCount = 0;
  private readonly salt: number;

  constructor(seed: number) {
    this.salt = mix32(seed ^ 0x5bd1e995);
  }

  /** A new connection uid. */
  uid(): string {
    return `C${this.next(this.connCount++, 0x1b873593)}`;
  }

  /** A new file id. */
  fuid(): string {
    return `F${this.next(this.fileCount++, 0xcc9e2d51)}`;
  }

  private next(counter: number, kind: number): string {
    const first = mix32(counter ^ this.salt ^ kind);
    const second = mix32(first ^ kind);
    const third = mix32(second + this.salt);
    // Zeek's uids are 96 random bits; a small leading word gives the shorter ones seen in real logs.
    return base62(third >>> (first & 7), second, first);
  }
}
