/**
 * Writes a file so that a reader (or a process killed mid-write) sees either the old content or the new, never
 * half of it: a temporary file in the same folder, fsync, then rename over the target.
 */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';

export function writeFileAtomic(file: string, content: string): void {
  // Same folder, so the rename never crosses file systems; the pid keeps two writers' temp files apart.
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}
