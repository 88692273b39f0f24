/**
 * Where a command may write: checked before any work, so a long training is never lost to an output path that
 * turns out to be a file, and outputs are never written into the logs they were made from (the next run would
 * read them back as logs).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ZeekseqError } from '../util/errors.js';

function inside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** `target` must be a folder or absent, and not inside (or equal to) any of the `data` folders. */
export async function checkOutputPlace(target: string, data: readonly string[], what: string): Promise<void> {
  const resolved = path.resolve(target);
  for (const folder of data) {
    if (inside(resolved, path.resolve(folder))) {
      throw new ZeekseqError(
        `the ${what} folder ${target} lies inside the data folder ${folder}; write it elsewhere, or it would be read back as logs next time.`,
      );
    }
  }
  try {
    const info = await stat(target);
    if (!info.isDirectory())
      throw new ZeekseqError(`the ${what} path ${target} is a file, not a folder; choose a folder path.`);
  } catch (error) {
    if (error instanceof ZeekseqError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    // Absent is fine (it is created); a file where a parent folder should be, or no permission, is not.
    if (code !== 'ENOENT')
      throw new ZeekseqError(
        `cannot use the ${what} path ${target} (${code ?? String(error)}); choose a folder path you can write to.`,
      );
  }
}
