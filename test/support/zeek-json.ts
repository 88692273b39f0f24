/**
 * A Zeek TSV log rewritten as Zeek's JSON writer writes it: one object per row, numbers as numbers,
 * bools as true/false, sets and vectors as arrays, and unset fields left out of the line.
 */
import { decodeZeekText } from '../../src/zeek/read-decode.js';

const NUMBER_TYPES = new Set(['time', 'interval', 'count', 'int', 'port', 'double']);

function textOf(field: string): string {
  const bytes = Buffer.from(field, 'utf8');
  return decodeZeekText(bytes, 0, bytes.length, { badEscape: false, badUtf8: false });
}

function scalar(field: string, type: string): unknown {
  if (NUMBER_TYPES.has(type)) return Number(field);
  if (type === 'bool') return field === 'T';
  return textOf(field);
}

/** JSON lines of the rows of a Zeek TSV text (default separators), without its header lines. */
export function zeekTsvToJson(tsv: string): string {
  let fields: string[] = [];
  let types: string[] = [];
  const out: string[] = [];
  for (const line of tsv.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#fields\t')) fields = line.split('\t').slice(1);
    else if (line.startsWith('#types\t')) types = line.split('\t').slice(1);
    if (line.startsWith('#')) continue;
    const record: Record<string, unknown> = {};
    line.split('\t').forEach((field, i) => {
      if (field === '-') return; // unset: Zeek's JSON writer leaves it out
      const type = types[i];
      const element = /^(?:set|vector)\[(\w+)\]$/.exec(type)?.[1];
      if (element !== undefined) {
        record[fields[i]] = field === '(empty)' ? [] : field.split(',').map((e) => scalar(e, element));
      } else {
        record[fields[i]] = field === '(empty)' ? '' : scalar(field, type);
      }
    });
    out.push(JSON.stringify(record));
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}
