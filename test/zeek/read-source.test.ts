import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_FIELD_BYTES } from '../../src/zeek/limits.js';
import { readZeekDirDetailed } from '../../src/zeek/read-dir.js';
import { readContent, tempFolder, writeLog, zeekTsv } from './support/logs.js';

const folder = tempFolder('source');
afterAll(folder.remove);

/** A conn-like TSV of `n` rows whose uids are C0..C(n-1). */
function connText(n: number): string {
  const rows = Array.from({ length: n }, (_, k) => [
    (1.7e9 + k).toFixed(6),
    `C${k}`,
    `10.0.${k % 256}.1`,
    String(k % 65536),
  ]);
  return zeekTsv(['ts', 'uid', 'id.orig_h', 'id.orig_p'], ['time', 'string', 'addr', 'port'], rows);
}

const uids = (n: number): string[] => Array.from({ length: n }, (_, k) => `C${k}`);

describe('file content, not name, decides gzip', () => {
  it('reads gzip data in a file named .log and plain text in a file named .gz', async () => {
    const zipped = await readContent(folder.dir, 'conn.log', gzipSync(connText(5)));
    expect(zipped.dataset.log('conn').array('uid')).toEqual(uids(5));
    expect(zipped.dataset.sources.get('conn')!.files[0].gzip).toBe(true);
    const plain = await readContent(folder.dir, 'dns.log.gz', connText(3));
    expect(plain.dataset.log('dns').array('uid')).toEqual(uids(3));
    expect(plain.dataset.sources.get('dns')!.files[0].gzip).toBe(false);
  });

  it('reads JSON lines inside gzip', async () => {
    const { dataset } = await readContent(folder.dir, 'j.log.gz', gzipSync('{"uid":"C1","n":1}\n{"uid":"C2","n":2}'));
    expect(dataset.log('j').array('uid')).toEqual(['C1', 'C2']);
  });

  it('reads a file larger than one read chunk (lines straddle chunks), plain and gzip', async () => {
    const text = connText(40_000); // about 1.6 MB, read as a stream in 1 MiB chunks
    expect(text.length).toBeGreaterThan(1 << 20);
    const plain = await readContent(folder.dir, 'big.log', text);
    const log = plain.dataset.log('big');
    expect(log.numRows()).toBe(40_000);
    expect(log.array('uid')).toEqual(uids(40_000));
    expect(log.get('ts', 39_999)).toBe(1.7e9 + 39_999);
    // Level 0 stores the text uncompressed, so the .gz is over 1 MiB and goes through the stream too.
    const stored = await readContent(folder.dir, 'bigz.log.gz', gzipSync(text, { level: 0 }));
    expect(stored.dataset.log('bigz').array('uid')).toEqual(uids(40_000));
    expect(stored.problemTotals).toEqual([]);
  });

  it('reads a line longer than two read chunks intact (the read buffer is refilled under it)', async () => {
    // Each value under MAX_FIELD_BYTES but the uid, the address over it (read as unset): 2.1 MB in all.
    const longUid = `${'L'.repeat(1_000_000)}X`;
    const longAddress = 'H'.repeat(MAX_FIELD_BYTES + 50_000);
    const lines = connText(30_000).split('\n');
    const header = lines.findIndex((line) => !line.startsWith('#'));
    // A long line in the middle, then rows whose bytes differ from the long line's (they refill the buffer).
    lines.splice(header + 15_000, 0, ['1700000000.000000', longUid, longAddress, '9'].join('\t'));
    expect(lines[header + 15_000].length).toBeGreaterThan(2 << 20);
    const { dataset, problemTotals, file } = await readContent(folder.dir, 'longline.log', lines.join('\n'));
    const log = dataset.log('longline');
    expect(problemTotals).toEqual([{ file, kind: 'field-too-long', count: 1 }]);
    expect(log.numRows()).toBe(30_001);
    expect(log.get('uid', 15_000)).toBe(longUid);
    expect(log.get('id.orig_h', 15_000)).toBe(null);
    expect(log.get('id.orig_p', 15_000)).toBe(9);
    expect(log.get('uid', 15_001)).toBe('C15000');
    expect(log.get('uid', 30_000)).toBe('C29999');
  });

  it('handles CRLF line ends and a last line without a line break', async () => {
    const text = connText(3)
      .replace(/\n/g, '\r\n')
      .replace(/#close[^\n]*\r\n$/, '')
      .replace(/\r\n$/, '');
    const { dataset, problemTotals } = await readContent(folder.dir, 'crlf.log', text);
    expect(problemTotals).toEqual([]);
    expect(dataset.log('crlf').array('uid')).toEqual(uids(3));
    expect(dataset.log('crlf').array('id.orig_h')).toEqual(['10.0.0.1', '10.0.1.1', '10.0.2.1']);
  });
});

describe('damaged files keep the rows before the damage', () => {
  it.each([
    ['small', 2_000, 6],
    ['large', 40_000, 0],
  ])('a truncated %s gzip', async (_, rows, level) => {
    const whole = gzipSync(connText(rows), { level });
    const { dataset, problemTotals, file } = await readContent(
      folder.dir,
      `trunc-${rows}.log.gz`,
      whole.subarray(0, Math.floor(whole.length * 0.6)),
    );
    const log = dataset.log(`trunc-${rows}`);
    expect(log.numRows()).toBeGreaterThan(rows * 0.3);
    expect(log.numRows()).toBeLessThan(rows);
    // Every row kept is complete and in order: a cut line is dropped, not half-read.
    expect(log.array('uid')).toEqual(uids(log.numRows()));
    expect(Number.isNaN(log.get('id.orig_p', log.numRows() - 1))).toBe(false);
    expect(problemTotals).toEqual([{ file, kind: 'truncated-gzip', count: 1 }]);
    const [problem] = dataset.problems;
    expect(problem.kind).toBe('truncated-gzip');
    expect(problem.line).toBeGreaterThan(log.numRows() + 8);
    expect(problem.message).toMatch(/rows before it were kept/);
  });

  it('a gzip corrupt in the middle', async () => {
    const whole = gzipSync(connText(2_000));
    const bad = Buffer.from(whole);
    bad.fill(0x55, Math.floor(bad.length / 2), Math.floor(bad.length / 2) + 64);
    const { dataset, problemTotals } = await readContent(folder.dir, 'corrupt.log.gz', bad);
    const log = dataset.log('corrupt');
    // Deflate notices corruption only later (at the latest by the CRC at the end): the rows
    // before the damage are intact, and what it inflated from the damage shows up as problems.
    expect(log.array('uid').slice(0, 900)).toEqual(uids(900));
    expect(log.numRows()).toBeLessThan(2_000);
    const kinds = problemTotals.map((t) => t.kind);
    expect(kinds).toContain('truncated-gzip');
    expect(kinds).toContain('field-count');
  });

  it('a file that cannot be opened is reported, not fatal', async () => {
    const dir = path.join(folder.dir, 'dangling');
    writeLog(dir, 'dns.log', connText(2));
    symlinkSync(path.join(dir, 'missing-target.log'), path.join(dir, 'conn.log'));
    const { dataset, problemTotals } = await readZeekDirDetailed(dir, { progress: false });
    expect(dataset.log('dns').numRows()).toBe(2);
    expect(dataset.log('conn').numRows()).toBe(0);
    expect(problemTotals).toEqual([{ file: path.join(dir, 'conn.log'), kind: 'unreadable', count: 1 }]);
    expect(dataset.problems[0].message).toMatch(/cannot open .*conn\.log/);
  });
});
