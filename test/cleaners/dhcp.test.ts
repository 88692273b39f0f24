import { beforeAll, describe, expect, it } from 'vitest';
import type { Cleaner } from '../../src/cleaners/cleaner.js';
import type { ColumnTable } from 'arquero';
import { dhcpCleaner } from '../../src/cleaners/dhcp.js';
import { fitOn, itGivesWellFormedFeatures } from './support/checks.js';
import { trickbot, trickbotDir } from './support/data.js';

describe.skipIf(trickbotDir === null)('dhcp cleaner on trickbot-1week', () => {
  let dhcp: ColumnTable;
  let cleaner: Cleaner;
  let out: ColumnTable;
  beforeAll(async () => {
    ({ rows: dhcp, cleaner, out } = await fitOn(trickbot('dhcp'), dhcpCleaner));
  });

  it('gives one output row per connection named in uids', () => {
    expect(dhcp.numRows()).toBe(8);
    expect(out.numRows()).toBe(15);
    expect(out.array('uid')).toEqual((dhcp.array('uids') as string[][]).flat());
    const ts = dhcp.array('ts') as Float64Array;
    expect(Array.from(out.array('ts'))).toEqual(
      Array.from((dhcp.array('uids') as string[][]).flatMap((uids, i) => uids.map(() => ts[i]))),
    );
  });

  itGivesWellFormedFeatures(() => ({ rows: dhcp, cleaner, out }), 15);

  it('describes the INFORM exchanges of a managed client and the bare lease ACK', () => {
    expect(out.object(0)).toMatchObject({
      uid: 'Cqe2HQ3VshrPLGTMr',
      exchange: 'INFORM,ACK',
      refused: 0,
      no_host_name: 0,
    });
    expect((out.object(0) as Record<string, number>).lease_time).toBeNaN();
    // The only lease (691,200 s) is both the training minimum and maximum: it scales to 0.
    const ack = (out.array('uid') as string[]).indexOf('CgkbbA3fgm2xaITGu');
    expect(out.object(ack)).toMatchObject({ exchange: 'ACK', no_host_name: 1, lease_time: 0 });
  });
});
