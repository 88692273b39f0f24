/**
 * Interning of repeated field values. A conn log repeats a few hundred addresses, protocols
 * and states a million times; sharing one string per distinct value keeps memory near one
 * pointer per row, and looking raw bytes up in a hash table is cheaper than decoding them.
 * Columns that turn out to be mostly distinct (uid) switch interning off.
 */

/** Distinct values remembered per column before interning decides whether it pays. */
const MAX_ENTRIES = 1 << 16;
/** Values longer than this are decoded each time (long URIs rarely repeat). */
const MAX_KEY_BYTES = 256;

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** FNV-1a over bytes [start, end): the key hash callers pass to `get` and `set`. */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], FNV_PRIME);
  return h >>> 0;
}

/** Maps raw field bytes to their decoded value, with the key bytes kept in one arena. */
export class ByteInterner<T> {
  // Tables start small and double: a small log file has many columns and few distinct values.
  private slots = new Int32Array(64);
  private mask = 63;
  private hashes = new Uint32Array(32);
  private offsets = new Int32Array(32);
  private lengths = new Int32Array(32);
  private arena = new Uint8Array(1024);
  private arenaUsed = 0;
  private readonly values: T[] = [];
  private count = 0;
  private lookups = 0;
  private hits = 0;
  private full = false;
  /** False once the column proved mostly distinct; callers then decode every value. */
  enabled = true;

  /** The value stored for bytes [start, end) whose `hashBytes` is `h`, or undefined. */
  get(buf: Uint8Array, start: number, end: number, h: number): T | undefined {
    const entry = this.find(buf, start, end, h);
    return entry === 0 ? undefined : this.values[entry - 1];
  }

  /**
   * The entry (from 1) of the bytes [start, end) whose `hashBytes` is `h`, or 0: its value is `entries()[entry - 1]`.
   */
  find(buf: Uint8Array, start: number, end: number, h: number): number {
    const length = end - start;
    if (!this.full) this.lookups++;
    const { slots, hashes, lengths, offsets, arena, mask } = this;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot];
      if (entry === 0) return 0;
      if (hashes[entry] !== h || lengths[entry] !== length) continue;
      const offset = offsets[entry] - start;
      let i = start;
      while (i < end && arena[offset + i] === buf[i]) i++;
      if (i === end) {
        if (!this.full) this.hits++;
        return entry;
      }
    }
  }

  /**
   * The values in entry order: one array for the interner's life, only ever added to (a disabled interner keeps
   * the values it gave out), so entries given out stay valid.
   */
  entries(): readonly T[] {
    return this.values;
  }

  /** Remembers `value` for bytes [start, end) (call after a miss); returns its entry (from 1), or 0 if not kept. */
  set(buf: Uint8Array, start: number, end: number, h: number, value: T): number {
    const length = end - start;
    if (this.full || length > MAX_KEY_BYTES) return 0;
    if (this.count === MAX_ENTRIES) {
      this.full = true;
      // Keep the table only if most lookups found a value; a uid column never does.
      if (this.hits * 2 < this.lookups) this.disable();
      return 0;
    }
    if (this.count + 1 >= this.hashes.length) this.grow();
    if (this.arenaUsed + length > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + length));
      bigger.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = bigger;
    }
    this.arena.set(buf.subarray(start, end), this.arenaUsed);
    const entry = ++this.count;
    this.hashes[entry] = h;
    this.offsets[entry] = this.arenaUsed;
    this.lengths[entry] = length;
    this.values.push(value);
    this.arenaUsed += length;
    let slot = h & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = entry;
    return entry;
  }

  /** Doubles the entry arrays and the slot table, keeping the load factor at most 1/2. */
  private grow(): void {
    const size = this.hashes.length * 2;
    const widen = <A extends Int32Array | Uint32Array>(old: A, fresh: A): A => {
      fresh.set(old);
      return fresh;
    };
    this.hashes = widen(this.hashes, new Uint32Array(size));
    this.offsets = widen(this.offsets, new Int32Array(size));
    this.lengths = widen(this.lengths, new Int32Array(size));
    this.slots = new Int32Array(size * 2);
    this.mask = size * 2 - 1;
    for (let entry = 1; entry <= this.count; entry++) {
      let slot = this.hashes[entry] & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = entry;
    }
  }

  private disable(): void {
    this.enabled = false;
    this.slots = new Int32Array(0);
    this.hashes = new Uint32Array(0);
    this.offsets = new Int32Array(0);
    this.lengths = new Int32Array(0);
    this.arena = new Uint8Array(0);
  }
}

/** The same idea for values that arrive as strings (JSON, CSV): one shared copy each. */
export class StringInterner {
  private readonly map = new Map<string, string>();
  private lookups = 0;
  private hits = 0;
  private enabled = true;

  intern(value: string): string {
    if (!this.enabled || value.length > MAX_KEY_BYTES) return value;
    this.lookups++;
    const known = this.map.get(value);
    if (known !== undefined) {
      this.hits++;
      return known;
    }
    if (this.map.size === MAX_ENTRIES) {
      if (this.hits * 2 < this.lookups) {
        this.enabled = false;
        this.map.clear();
      }
      return value;
    }
    this.map.set(value, value);
    return value;
  }
}
