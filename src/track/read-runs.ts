/**
 * Reading the runs of a runs folder. A run whose process was killed (SIGKILL, a crash, the machine's OOM killer)
 * never wrote `failed`; on the machine that ran it, a `running` run whose process is gone is reported as failed.
 * The folder itself is left as it is: reading runs never changes them.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ZeekseqError } from '../util/errors.js';
import { finalMetrics, readMetrics } from './metrics-file.js';
import { RUN_FILE, type RunRecord, readRunRecord } from './run-record.js';

export const ENDED_WITHOUT_FINISHING = 'process ended without finishing';

export interface StoredRun {
  dir: string;
  /** run.json, with `status` failed (and `error` saying why) when its process ended without closing it. */
  record: RunRecord;
  /** Each metric's last value. */
  metrics: Record<string, number | null>;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The record as it really stands: a running run of this machine whose process is gone has failed. */
function settled(record: RunRecord): RunRecord {
  if (record.status !== 'running' || record.process.hostname !== os.hostname() || processAlive(record.process.pid))
    return record;
  return { ...record, status: 'failed', error: ENDED_WITHOUT_FINISHING };
}

function readStoredRun(dir: string): StoredRun {
  return { dir, record: settled(readRunRecord(dir)), metrics: finalMetrics(readMetrics(dir)) };
}

/** Every run in `runsDir`, oldest first; folders without run.json (e.g. the demo's) are not runs. */
export async function listRuns(runsDir: string): Promise<StoredRun[]> {
  const entries = await readdir(runsDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const runs = entries
    .filter((entry) => entry.isDirectory() && existsSync(path.join(runsDir, entry.name, RUN_FILE)))
    .map((entry) => readStoredRun(path.join(runsDir, entry.name)));
  return runs.sort(
    (a, b) => a.record.startedAt.localeCompare(b.record.startedAt) || a.record.id.localeCompare(b.record.id),
  );
}

/** The run `id` in `runsDir`, or the one run whose id starts or ends with it. */
export async function loadRun(runsDir: string, id: string): Promise<StoredRun> {
  const runs = await listRuns(runsDir);
  const exact = runs.find((run) => run.record.id === id);
  if (exact) return exact;
  // a prefix (the time) or a suffix (the random part people copy from a list) picks a run when it is unique
  const matches = id === '' ? [] : runs.filter((run) => run.record.id.startsWith(id) || run.record.id.endsWith(id));
  if (matches.length === 1) return matches[0];
  if (matches.length === 0)
    throw new ZeekseqError(`no run ${JSON.stringify(id)} in ${runsDir}; \`zeekseq runs list\` shows the ids there.`);
  throw new ZeekseqError(
    `run id ${JSON.stringify(id)} is ambiguous in ${runsDir}: ${matches.map((run) => run.record.id).join(', ')}; give more of it.`,
  );
}

/** A path the run recorded, resolved against the folder it ran in (runs record paths relative to it). */
export function runPath(run: StoredRun, recorded: string): string {
  return path.resolve(run.record.command.cwd, recorded);
}

/** Seconds from start to end (to now while running); null for a run that ended without saying when. */
export function runDuration(record: RunRecord, now = new Date()): number | null {
  if (record.endedAt === null && record.status !== 'running') return null;
  const end = record.endedAt === null ? now : new Date(record.endedAt);
  return (end.getTime() - new Date(record.startedAt).getTime()) / 1000;
}
