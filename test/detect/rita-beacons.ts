/** rita-missing-host's conn rows, all three days, as the beacon scorer's input (for the real-data tests). */
import path from 'node:path';
import type { BeaconInput } from '../../src/detect/beacon.js';
import { readZeekDir } from '../../src/zeek/read-dir.js';
import { columnValues } from '../../src/zeek/log-rows.js';

export async function ritaBeaconInput(rita: string): Promise<BeaconInput & { origHosts: string[] }> {
  const conn = (
    await readZeekDir(path.join(rita, 'test_data', 'missing_host'), {
      types: ['conn'],
      columns: { conn: ['ts', 'id.orig_h', 'id.resp_h', 'orig_bytes'] },
      progress: false,
    })
  ).log('conn');
  return {
    ts: columnValues(conn, 'ts') as Float64Array,
    origHosts: columnValues(conn, 'id.orig_h') as string[],
    respHosts: columnValues(conn, 'id.resp_h') as string[],
    bytes: columnValues(conn, 'orig_bytes') as Float64Array,
  };
}
