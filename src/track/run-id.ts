/**
 * Run ids: `20261205-031500-train-a1b2c3` — the UTC start second (so ids sort by start), the kind, and six random
 * hex digits. The folder is created exclusively, so two runs started in the same millisecond, in one process or
 * several, never share a folder: the loser of a collision draws new digits.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ZeekseqError } from '../util/errors.js';
import type { RunKind } from './run-record.js';

function stamp(time: Date): string {
  const iso = time.toISOString(); // 2026-12-05T03:15:00.000Z
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
}

/** Creates a new run folder in `runsDir` (and `runsDir` itself when needed); returns its id and path. */
export function createRunFolder(runsDir: string, kind: RunKind, time: Date): { id: string; dir: string } {
  mkdirSync(runsDir, { recursive: true });
  for (let attempt = 0; attempt < 10; attempt++) {
    const id = `${stamp(time)}-${kind}-${randomBytes(3).toString('hex')}`;
    const dir = path.join(runsDir, id);
    try {
      mkdirSync(dir);
      return { id, dir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new ZeekseqError(`runs folder ${runsDir}: could not create a new run folder after 10 attempts; check it.`);
}
