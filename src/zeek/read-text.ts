/**
 * A TSV text column as the parser reads it. While most of its values repeat (an address, a protocol, a state),
 * a row is one Int32: the entry of its value in the column's interner, or the builder's own string for a value
 * the interner does not keep. The column's array of strings is made when its `values` are first read, so a log
 * that is only inspected never makes the million-pointer arrays (and their page faults) of its text columns. A
 * column that turns out mostly distinct (uid), whose interner gives up, holds its strings as it reads them: each
 * would be a string of its own anyway, and keeping it as bytes to make it later costs more than it saves.
 */
import { type Column, type ReferenceMemory, type RowEstimate, lazyColumn } from './read-columns.js';

/** The reference of an unset value. */
const UNSET = -1;
const INITIAL_ROWS = 1024;

/**
 * A text column being read. Until `toStrings`, a row's reference is an entry of `dictionary()` (0 and up), UNSET,
 * or -2 - k for `own[k]`; after it, `values` holds the strings. `refs`, `values` and `length` are public so that
 * the parser's row loop can append inline.
 */
export class TextBuilder {
  readonly kind = 'string';
  refs = new Int32Array(INITIAL_ROWS);
  /** The strings, once the column holds them (see the file comment); null before. */
  values: (string | null)[] | null = null;
  length = 0;
  private own: string[] = [];

  /** `dictionary` gives the interner's values (entry e is `dictionary()[e]`; the array is only added to). */
  constructor(
    private readonly dictionary: () => readonly string[],
    private readonly estimate: RowEstimate,
    private readonly memory: ReferenceMemory = (length) => new Int32Array(length),
  ) {}

  /** Room for more rows, sized by the row estimate. */
  grow(): void {
    const capacity = this.estimate.capacity(this.length);
    if (this.values) {
      const bigger = new Array<string | null>(capacity);
      for (let i = 0; i < this.length; i++) bigger[i] = this.values[i];
      this.values = bigger;
      return;
    }
    const bigger = this.memory(capacity, this.length);
    bigger.set(this.refs.subarray(0, this.length));
    this.refs = bigger;
  }

  /** From here on, the column holds its strings (its interner gave up). */
  toStrings(): void {
    if (this.values) return;
    const values = new Array<string | null>(this.estimate.capacity(this.length));
    fillStrings(values, this.refs, this.length, this.dictionary(), this.own);
    this.values = values;
    this.refs = new Int32Array(0);
    this.own = [];
  }

  /** An interner entry: only while the interner keeps values, so before `toStrings`. */
  pushEntry(entry: number): void {
    if (this.length === this.refs.length) this.grow();
    this.refs[this.length++] = entry;
  }

  pushString(value: string | null): void {
    if (this.length === (this.values ?? this.refs).length) this.grow();
    if (this.values) this.values[this.length++] = value;
    else if (value === null) this.refs[this.length++] = UNSET;
    else {
      this.refs[this.length++] = -2 - this.own.length;
      this.own.push(value);
    }
  }

  padTo(length: number): void {
    while (this.length < length) this.pushString(null);
  }

  /** Drops the last value (a row that turned out malformed). */
  pop(): void {
    this.length--;
    if (this.values) this.values[this.length] = null;
    // Own strings are added in row order, so the last row's is the last one.
    else if (this.refs[this.length] < UNSET) this.own.pop();
  }

  /** The column (the builder is then empty). */
  finish(): Column {
    const { values, refs, length, own } = this;
    const dictionary = this.dictionary();
    this.refs = new Int32Array(INITIAL_ROWS);
    this.values = null;
    this.length = 0;
    this.own = [];
    if (values) {
      values.length = length;
      return { kind: 'string', values };
    }
    return lazyColumn('string', () => {
      const strings = new Array<string | null>(length);
      fillStrings(strings, refs, length, dictionary, own);
      return strings;
    });
  }
}

/** Writes the strings of the first `length` references into `values`. */
function fillStrings(
  values: (string | null)[],
  refs: Int32Array,
  length: number,
  dictionary: readonly string[],
  own: readonly string[],
): void {
  for (let row = 0; row < length; row++) {
    const ref = refs[row];
    values[row] = ref >= 0 ? dictionary[ref] : ref === UNSET ? null : own[-2 - ref];
  }
}
