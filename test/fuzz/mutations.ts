/**
 * Seeded mutations of log lines for the reader fuzz tests. Lines are handled as latin1 strings, one
 * character per byte, so that a bit flip or a cut can break UTF-8 exactly as damage on disk does.
 */
import type { Random } from '../../src/util/random.js';

export type LineFormat = 'tsv' | 'json' | 'access';

/** What separates fields in each format, roughly: enough to duplicate, swap and drop them. */
const SEPARATOR: Record<LineFormat, string> = { tsv: '\t', json: ',', access: ' ' };

/** Bytes of text as a latin1 string (one character per byte). */
export const bytesOf = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

/** Escapes and characters that parsers and terminals treat specially. */
const INSERTS = [
  '\x1b',
  '\x1b[31m',
  '\x00',
  '\\',
  '\\\\',
  '\\x',
  '\\x4',
  '\\xzz',
  '\\u',
  '\\ud800',
  '"',
  '\\"',
  '\r',
  '\t',
  '{',
  '[',
  '#',
  '\xff',
  '\xc3',
  bytesOf('\u202e'),
  bytesOf('😀'),
];

function pick<T>(random: Random, items: readonly T[]): T {
  return items[random.int(items.length)];
}

function fields(line: string, format: LineFormat): string[] {
  return line.split(SEPARATOR[format]);
}

/** A value nested `depth` levels deep: arrays or objects, as JSON writes them. */
export function nested(depth: number, objects: boolean): string {
  return objects ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** `line` with a value nested `depth` levels deep: in JSON as a new first key, elsewhere as text at a random place. */
export function withDeepNesting(
  random: Random,
  line: string,
  format: LineFormat,
  depth: number,
  objects: boolean,
): string {
  const value = nested(depth, objects);
  if (format === 'json' && line.startsWith('{')) return `{"deep":${value},${line.slice(1)}`;
  const at = random.int(line.length + 1);
  return line.slice(0, at) + value + line.slice(at);
}

type Mutation = (random: Random, line: string, format: LineFormat) => string;

const MUTATIONS: Record<string, Mutation> = {
  'bit-flip': (random, line) => {
    if (line === '') return line;
    const chars = [...line];
    for (let k = 1 + random.int(4); k > 0; k--) {
      const i = random.int(chars.length);
      chars[i] = String.fromCharCode(chars[i].charCodeAt(0) ^ (1 << random.int(8)));
    }
    return chars.join('');
  },
  truncate: (random, line) => line.slice(0, random.int(line.length + 1)),
  'duplicate-field': (random, line, format) => {
    const parts = fields(line, format);
    const i = random.int(parts.length);
    parts.splice(i, 0, parts[i]);
    return parts.join(SEPARATOR[format]);
  },
  'swap-fields': (random, line, format) => {
    const parts = fields(line, format);
    const i = random.int(parts.length);
    const j = random.int(parts.length);
    [parts[i], parts[j]] = [parts[j], parts[i]];
    return parts.join(SEPARATOR[format]);
  },
  'drop-field': (random, line, format) => {
    const parts = fields(line, format);
    parts.splice(random.int(parts.length), 1);
    return parts.join(SEPARATOR[format]);
  },
  'unset-field': (random, line, format) => {
    const parts = fields(line, format);
    parts[random.int(parts.length)] = pick(random, ['-', '', '(empty)', 'null', '""']);
    return parts.join(SEPARATOR[format]);
  },
  'insert-escape': (random, line) => {
    const at = random.int(line.length + 1);
    return line.slice(0, at) + pick(random, INSERTS) + line.slice(at);
  },
  'random-bytes': (random, line) => {
    const at = random.int(line.length + 1);
    const bytes = Array.from({ length: 1 + random.int(20) }, () => String.fromCharCode(random.int(256))).join('');
    return line.slice(0, at) + bytes + line.slice(at);
  },
  'deep-nesting': (random, line, format) =>
    withDeepNesting(random, line, format, 10 + random.int(10_000), random.next() < 0.5),
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** One to three seeded mutations of `line`; returns the line and the names of what was done, for failures. */
export function mutate(random: Random, line: string, format: LineFormat): { line: string; done: string[] } {
  const done: string[] = [];
  let out = line;
  for (let k = 1 + random.int(3); k > 0; k--) {
    const name = pick(random, MUTATION_NAMES);
    out = MUTATIONS[name](random, out, format);
    done.push(name);
  }
  return { line: out, done };
}

/** `line` with one field replaced by `bytes` bytes of filler (a huge URI, say). */
export function withHugeField(random: Random, line: string, format: LineFormat, bytes: number): string {
  const parts = fields(line, format);
  // A raw 0xe9 is not UTF-8 on its own: a huge value that is also undecodable.
  const filler = pick(random, ['A', '%', '\\', '\xe9']).repeat(bytes);
  const i = random.int(parts.length);
  parts[i] = format === 'json' ? `"k${i}":"${filler}"` : filler;
  return parts.join(SEPARATOR[format]);
}
