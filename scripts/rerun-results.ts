/**
 * Reruns every recorded experiment of docs/results.md and prints how each metric compares with the recorded one.
 * The recorded runs live in experiments/results/ (run.json and metrics.jsonl of each, committed); they are copied
 * to a scratch runs folder and each is reproduced there (`zeekseq runs reproduce`), so the committed records stay
 * as they were. Needs the data the runs read (../shared/datasets, datasets/synthetic from `zeekseq demo`) and a
 * built CLI (`npm run build`).
 *
 *   npx tsx scripts/rerun-results.ts [--only ID...] [--tolerance X]
 */
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listRuns } from '../src/track/read-runs.js';
import { reproduceRun } from '../src/track/reproduce.js';

const recorded = path.resolve('experiments', 'results');
const argv = process.argv.slice(2);
const only = argv.includes('--only') ? argv.slice(argv.indexOf('--only') + 1).filter((a) => !a.startsWith('--')) : [];
const tolerance = argv.includes('--tolerance') ? Number(argv[argv.indexOf('--tolerance') + 1]) : 0;

const scratch = mkdtempSync(path.join(os.tmpdir(), 'zeekseq-results-'));
cpSync(recorded, scratch, { recursive: true });
const runs = (await listRuns(scratch)).filter(
  (run) => only.length === 0 || only.some((id) => run.record.id.startsWith(id)),
);
console.log(`reproducing ${runs.length} recorded run(s) of ${recorded} in ${scratch}`);
let failed = 0;
for (const run of runs) {
  const { id, kind, name } = run.record;
  process.stdout.write(`\n${id} (${kind}, ${name}): zeekseq ${run.record.command.argv.join(' ')}\n`);
  try {
    const result = await reproduceRun(scratch, id, { tolerance });
    for (const check of result.metrics) {
      const mark = check.same ? 'same' : 'DIFFERS';
      process.stdout.write(`  ${mark.padEnd(8)} ${check.name}: recorded ${check.original}, now ${check.reproduced}\n`);
    }
    if (!result.reproduced) failed++;
  } catch (error) {
    failed++;
    process.stdout.write(`  not reproduced: ${(error as Error).message}\n`);
  }
}
console.log(
  `\n${runs.length - failed} of ${runs.length} run(s) reproduced${tolerance ? ` within ${tolerance}` : ' exactly'}.`,
);
process.exitCode = failed === 0 ? 0 : 1;
