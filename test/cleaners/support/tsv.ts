/**
 * A minimal Zeek TSV parser for the cleaner tests, typed from #types the way readZeekDir types columns
 * (numbers in Float64Array with NaN unset; bools, strings and sets/vectors in plain arrays with null).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { table, type ColumnTable } from 'arquero';

const NUMERIC = new Set(['time', 'interval', 'count', 'int', 'double', 'port']);

function unescape(text: string): string {
  return text.replace(/\\x([0-9a-fA-F]{2})|\\\\/g, (m, hex: string | undefined) => (hex ? String.fromCharCode(parseInt(hex, 16)) : '\\'));
}

function scalar(type: string, raw: string): unknown {
  if (NUMERIC.has(type)) return Number(raw);
  if (type === 'bool') return raw === 'T';
  return unescape(raw);
}

/** Rows of one or more files of a log (gzip by .gz), in the order given. */
export function readTsv(...files: string[]): ColumnTable {
  let names: string[] = [];
  let types: string[] = [];
  const columns = new Map<string, unknown[]>();
  for (const file of files) {
    const bytes = readFileSync(file);
    const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
    for (const line of text.split('\n')) {
      if (line === '') continue;
      if (line.startsWith('#fields\t')) {
        names = line.split('\t').slice(1);
        for (const name of names) if (!columns.has(name)) columns.set(name, []);
        continue;
      }
      if (line.startsWith('#types\t')) {
        types = line.split('\t').slice(1);
        continue;
      }
      if (line.startsWith('#')) continue;
      const fields = line.split('\t');
      names.forEach((name, i) => {
        const raw = fields[i];
        const type = types[i];
        let value: unknown;
        if (raw === '-') value = NUMERIC.has(type) ? NaN : null;
        else if (/^(set|vector)\[/.test(type)) {
          const inner = type.slice(type.indexOf('[') + 1, -1);
          value = raw === '(empty)' ? [] : raw.split(',').map((r) => scalar(inner, r));
        } else value = scalar(type, raw);
        columns.get(name)!.push(value);
      });
    }
  }
  const data: Record<string, unknown[] | Float64Array> = {};
  names.forEach((name, i) => {
    const values = columns.get(name)!;
    data[name] = NUMERIC.has(types[i]) ? Float64Array.from(values as number[]) : values;
  });
  return table(data);
}

/**
 * Zeek JSON lines: a key absent from a row is unset; a column whose values are all numbers becomes a
 * Float64Array, as readZeekDir does.
 */
export function readJsonLines(file: string): ColumnTable {
  const rows = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const data: Record<string, unknown[] | Float64Array> = {};
  for (const name of names) {
    const values = rows.map((r) => (name in r ? r[name] : null));
    data[name] = values.every((v) => v === null || typeof v === 'number') ? Float64Array.from(values, (v) => (v === null ? NaN : (v as number))) : values;
  }
  return table(data);
}
