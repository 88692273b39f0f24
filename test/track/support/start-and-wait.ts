/**
 * A process that starts a run, logs one metric, says its id on stdout and then waits to be killed: what a
 * `zeekseq train` killed by SIGKILL (or the OOM killer) mid-work leaves behind.
 */
import { startRun } from '../../../src/track/run.js';

const run = await startRun({ kind: 'train', params: { epochs: 3 }, runsDir: process.argv[2] });
run.logMetric('loss', 1.5, 1);
process.stdout.write(`${run.id}\n`);
setInterval(() => {}, 60_000);
