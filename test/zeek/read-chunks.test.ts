/** Grouping log files into time-ordered chunks by folder and Zeek's rotation interval. */
import { describe, expect, it } from 'vitest';
import { logChunks, rotationInterval } from '../../src/zeek/read-chunks.js';

describe('rotationInterval', () => {
  it("reads Zeek's archive names and leaves unrotated names without one", () => {
    expect(rotationInterval('conn.00:00:00-01:00:00.log.gz')).toBe('00:00:00-01:00:00');
    expect(rotationInterval('dns.23:00:00-00:00:00.log')).toBe('23:00:00-00:00:00');
    for (const name of ['conn.log', 'conn.log.gz', 'conn.log.labeled', 'labeled-conn.log', 'conn.csv', 'conn.parquet'])
      expect(rotationInterval(name)).toBe('');
  });
});

describe('logChunks', () => {
  it('groups files by folder then interval, unrotated files last in their folder', () => {
    const files = [
      'd/2024-03-04/conn.00:00:00-01:00:00.log.gz',
      'd/2024-03-04/conn.01:00:00-02:00:00.log.gz',
      'd/2024-03-04/dns.00:00:00-01:00:00.log.gz',
      'd/2024-03-04/x509.log',
      'd/2024-03-05/conn.00:00:00-01:00:00.log.gz',
    ].map((file) => ({ path: file, type: file.split('/').pop()!.split('.')[0] }));
    const chunks = logChunks(files, 'd');
    expect(chunks.map((c) => c.label)).toEqual([
      '2024-03-04 00:00:00-01:00:00',
      '2024-03-04 01:00:00-02:00:00',
      '2024-03-04',
      '2024-03-05 00:00:00-01:00:00',
    ]);
    expect(chunks[0].files.map((f) => f.type)).toEqual(['conn', 'dns']);
  });
});
