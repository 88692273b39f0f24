import { beforeAll, describe, expect, it } from 'vitest';
import type { Cleaner } from '../../src/cleaners/cleaner.js';
import type { ColumnTable } from 'arquero';
import { dceRpcCleaner } from '../../src/cleaners/dce_rpc.js';
import { fitOn, itGivesWellFormedFeatures } from './support/checks.js';
import { trickbot, trickbotDir } from './support/data.js';

describe.skipIf(trickbotDir === null)('dce_rpc cleaner on trickbot-1week', () => {
  let rpc: ColumnTable;
  let cleaner: Cleaner;
  let out: ColumnTable;
  beforeAll(async () => {
    ({ rows: rpc, cleaner, out } = await fitOn(trickbot('dce_rpc'), dceRpcCleaner));
  });

  itGivesWellFormedFeatures(() => ({ rows: rpc, cleaner, out }), 811);

  it('flags the service Trickbot created and started on the domain controller over \\pipe\\ntsvcs', () => {
    const ops = out.array('operation') as string[];
    const flagged = ops.filter((_, i) => (out.array('remote_execution') as Float64Array)[i] === 1);
    expect(flagged.sort()).toEqual(['CreateServiceW', 'StartServiceW']);
    const row = out.object(ops.indexOf('CreateServiceW'));
    expect(row).toMatchObject({
      uid: 'CYQubn3CHaeXpIBkEg',
      endpoint: 'svcctl',
      named_pipe: 1,
      replication: 0,
      enumeration: 0,
    });
  });

  it('treats an endpoint-mapper lookup over TCP port 135 as routine', () => {
    expect(out.object(0)).toMatchObject({
      uid: 'CQpBjy2yTfkbr9TbV1',
      endpoint: 'epmapper',
      operation: 'ept_map',
      named_pipe: 0,
      remote_execution: 0,
    });
  });

  it('keeps every operation of this week (15) as its own category', () => {
    expect(new Set(out.array('operation') as string[]).size).toBe(15);
    expect(out.array('operation')).not.toContain('other');
  });
});
