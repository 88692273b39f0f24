/**
 * Fingerprints of a run's inputs — path, size and sha256 of every file, a folder as each file under it in sorted
 * order — and the check `runs reproduce` makes before re-running: which files are missing, added or changed.
 * Files are hashed as streams, so a multi-gigabyte log never sits in memory.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ZeekseqError } from '../util/errors.js';
import type { FileFingerprint } from './run-record.js';

export interface InputChange {
  path: string;
  change: 'missing' | 'added' | 'changed';
}

/** Every file at or under `input` (absolute, sorted), or null when it does not exist. */
async function filesOf(input: string): Promise<string[] | null> {
  const info = await stat(input).catch(() => null);
  if (!info) return null;
  if (!info.isDirectory()) return [input];
  const entries = await readdir(input, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(entry.parentPath, entry.name);
    // Links are followed, as the reader follows them.
    if (entry.isFile() || (entry.isSymbolicLink() && (await stat(full).catch(() => null))?.isFile())) files.push(full);
  }
  return files.sort();
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/**
 * A path as a run records it: relative to `base` (the folder zeekseq ran in), so a run recorded in one clone of a
 * project reproduces in another laid out the same way (`../shared/datasets/...` beside it, as in CI); absolute
 * only when there is no relative path (another drive).
 */
export function portablePath(file: string, base: string): string {
  const relative = path.relative(base, path.resolve(base, file));
  return relative === '' ? '.' : path.isAbsolute(relative) ? path.resolve(base, file) : relative;
}

async function fingerprintFiles(files: readonly string[], base: string): Promise<FileFingerprint[]> {
  const fingerprints: FileFingerprint[] = [];
  // One file at a time: hashing is disk-bound and the machine is shared.
  for (const file of files)
    fingerprints.push({ path: portablePath(file, base), size: (await stat(file)).size, sha256: await sha256(file) });
  return fingerprints;
}

/** Fingerprints of every file at or under each input (resolved against `base`, default the current folder). */
export async function fingerprintInputs(
  inputs: readonly string[],
  base: string = process.cwd(),
): Promise<FileFingerprint[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const found = await filesOf(path.resolve(base, input));
    if (!found) throw new ZeekseqError(`input ${input} does not exist; check the path (relative to ${base}).`);
    files.push(...found);
  }
  return fingerprintFiles(files, base);
}

/** How the files under `inputs` differ now from the `recorded` fingerprints (empty when they are the same). */
export async function checkInputs(
  inputs: readonly string[],
  recorded: readonly FileFingerprint[],
  base: string = process.cwd(),
): Promise<InputChange[]> {
  const present = new Set<string>();
  for (const input of inputs)
    for (const file of (await filesOf(path.resolve(base, input))) ?? []) present.add(portablePath(file, base));
  const changes: InputChange[] = [];
  const known = new Set<string>();
  for (const before of recorded) {
    known.add(before.path);
    if (!present.has(before.path)) {
      changes.push({ path: before.path, change: 'missing' });
      continue;
    }
    const file = path.resolve(base, before.path);
    const size = (await stat(file)).size;
    if (size !== before.size || (await sha256(file)) !== before.sha256)
      changes.push({ path: before.path, change: 'changed' });
  }
  for (const file of present) if (!known.has(file)) changes.push({ path: file, change: 'added' });
  return changes;
}
