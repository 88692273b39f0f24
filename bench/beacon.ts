/**
 * Speed of the beacon scorer on one conn.log: every source → destination pair scored after RITA.
 * Run: npx tsx bench/beacon.ts <conn.log path> [labels.csv]
 * Reads the four columns it needs, then times beaconScores alone (best of three runs; the machine may be
 * shared). With the synthetic set's labels.csv it also prints where each labelled beacon pair ranks.
 * Prints human lines and one JSON line; peak RSS is the whole process's (Node, the columns and the scores).
 */
import { readFileSync } from 'node:fs';
import { beaconScores, type BeaconResult } from '../src/detect/beacon.js';
import { columnValues } from '../src/zeek/log-rows.js';
import { readZeekFile } from '../src/zeek/read-file.js';

const [file, labelsFile] = process.argv.slice(2);
if (!file) {
  console.error('usage: npx tsx bench/beacon.ts <conn.log path> [labels.csv]');
  process.exit(2);
}
const readStart = performance.now();
const conn = (
  await readZeekFile(file, {
    type: 'conn',
    columns: ['ts', 'uid', 'id.orig_h', 'id.resp_h', 'orig_bytes'],
    progress: false,
  })
).log('conn');
const readSeconds = (performance.now() - readStart) / 1000;
const input = {
  ts: columnValues(conn, 'ts') as Float64Array,
  origHosts: columnValues(conn, 'id.orig_h') as string[],
  respHosts: columnValues(conn, 'id.resp_h') as string[],
  bytes: columnValues(conn, 'orig_bytes') as Float64Array,
};

let best = Infinity;
let result: BeaconResult | undefined;
for (let run = 0; run < 3; run++) {
  const start = performance.now();
  result = beaconScores(input);
  best = Math.min(best, (performance.now() - start) / 1000);
}
const { rows, pairs } = result!;
console.log(
  `beacon scores of ${conn.numRows().toLocaleString('en-US')} connections (${pairs.toLocaleString('en-US')} pairs, ` +
    `${rows.length.toLocaleString('en-US')} with enough connections) in ${best.toFixed(3)} s ` +
    `(${Math.round(conn.numRows() / best).toLocaleString('en-US')} connections/s); reading the columns took ${readSeconds.toFixed(2)} s`,
);

const beaconRanks: Record<string, number> = {};
if (labelsFile) {
  // labels.csv: uid,host,scenario; a beacon pair is the orig -> resp of its labelled connections
  const scenarioOf = new Map<string, string>();
  for (const line of readFileSync(labelsFile, 'utf8').trim().split('\n').slice(1)) {
    const [uid, , scenario] = line.split(',');
    if (scenario.includes('beacon')) scenarioOf.set(uid, scenario);
  }
  const uids = columnValues(conn, 'uid') as string[];
  const pairScenario = new Map<string, string>();
  for (let i = 0; i < uids.length; i++) {
    const scenario = scenarioOf.get(uids[i]);
    if (scenario) pairScenario.set(`${input.origHosts[i]} ${input.respHosts[i]}`, scenario);
  }
  rows.forEach((row, i) => {
    const scenario = pairScenario.get(`${row.orig} ${row.resp}`);
    // a scenario's own pair is its best-ranked one (its DNS lookups also go to the resolver)
    if (scenario && !(scenario in beaconRanks)) {
      beaconRanks[scenario] = i + 1;
      console.log(
        `${scenario}: ${row.orig} -> ${row.resp} ranks ${i + 1} of ${rows.length} (score ${row.score.toFixed(3)}, ${row.count} connections every ${row.medianInterval.toFixed(0)} s)`,
      );
    }
  });
}
console.log(
  JSON.stringify({
    file,
    rows: conn.numRows(),
    pairs,
    scored_pairs: rows.length,
    seconds: Number(best.toFixed(3)),
    read_seconds: Number(readSeconds.toFixed(3)),
    peak_rss_megabytes: Math.round(process.resourceUsage().maxRSS / 1024),
    beacon_ranks: beaconRanks,
  }),
);
