/**
 * Locates the real public datasets in ../shared (beside the project, as on the developers'
 * machines and in CI). Tests that need them call `sharedDataset(name)` and skip with a clear
 * message when the folder is absent; they never copy the data into the project.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** ../shared, or the folder named by ZEEKSEQ_SHARED. */
export const sharedRoot = process.env.ZEEKSEQ_SHARED ?? path.resolve(projectRoot, '..', 'shared');

/** Absolute path of ../shared/datasets/<name>, or null (with a warning) when it is absent. */
export function sharedDataset(name: string): string | null {
  const dir = path.join(sharedRoot, 'datasets', name);
  if (existsSync(dir)) return dir;
  console.warn(`skipping tests on ${name}: ${dir} is absent (set ZEEKSEQ_SHARED to the shared folder to run them)`);
  return null;
}

/** Absolute path of a file under ../shared/reference, or null (with a warning) when absent. */
export function sharedReference(relative: string): string | null {
  const file = path.join(sharedRoot, 'reference', relative);
  if (existsSync(file)) return file;
  console.warn(
    `skipping tests on ${relative}: ${file} is absent (set ZEEKSEQ_SHARED to the shared folder to run them)`,
  );
  return null;
}

export { projectRoot };
