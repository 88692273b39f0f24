/**
 * An output folder a command writes into again and again (infer, sweep, evaluate, weblog, compare). Files of an
 * earlier run that this run does not write would otherwise stay and be read as this run's (a `log-dhcp.csv` of
 * yesterday's data beside today's results). Each command records what it wrote in `.zeekseq-outputs.json`; the
 * next run of the same command removes the files of that record it did not write again, and nothing else: a
 * file zeekseq did not write, or another command wrote, is never deleted. A run that replaces files says so.
 */
import { lstat, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EventStream } from './events.js';
import { checkOutputPlace } from './output-place.js';

export const OUTPUTS_MANIFEST = '.zeekseq-outputs.json';

/** The manifest: for each command, the entries (relative paths) its last run wrote into the folder. */
type Manifest = Record<string, string[]>;

export interface OutputFolder {
  dir: string;
  /**
   * Records `written` (paths inside the folder) as this command's outputs, removes what its previous run wrote
   * and this one did not, and returns the removed paths.
   */
  finish(written: readonly string[]): Promise<string[]>;
}

/** A relative path that stays inside the folder; anything else in a manifest (edited by hand?) is ignored. */
function isInside(entry: string): boolean {
  const normal = path.normalize(entry);
  return entry !== '' && !path.isAbsolute(normal) && normal !== '..' && !normal.startsWith(`..${path.sep}`);
}

async function readManifest(dir: string): Promise<Manifest> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(dir, OUTPUTS_MANIFEST), 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const manifest: Manifest = {};
    for (const [command, entries] of Object.entries(parsed)) {
      if (Array.isArray(entries)) manifest[command] = entries.filter((e) => typeof e === 'string' && isInside(e));
    }
    return manifest;
  } catch {
    // No manifest, or an unreadable one: no record of earlier outputs, so nothing is removed.
    return {};
  }
}

async function entriesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name !== OUTPUTS_MANIFEST);
  } catch {
    return [];
  }
}

/**
 * Checks that `dir` may be written (a folder or absent, outside the `data` folders) before any work, and says
 * on `events` when it already holds files.
 */
export async function prepareOutputFolder(
  dir: string,
  options: { command: string; data?: readonly string[]; events: EventStream },
): Promise<OutputFolder> {
  await checkOutputPlace(dir, options.data ?? [], 'output');
  const existing = await entriesIn(dir);
  if (existing.length > 0) {
    options.events.warn(
      `replacing files in ${dir} (${existing.length} there already): this run's outputs overwrite theirs, and files an earlier ${options.command} wrote that this one does not are removed; other files are kept.`,
    );
  }
  return {
    dir,
    async finish(written) {
      const manifest = await readManifest(dir);
      const mine = written.map((file) => path.relative(dir, file)).filter(isInside);
      const kept = new Set(mine);
      const removed: string[] = [];
      for (const entry of manifest[options.command] ?? []) {
        if (kept.has(entry)) continue;
        const file = path.join(dir, entry);
        const info = await lstat(file).catch(() => null);
        if (!info) continue;
        // A folder the command wrote (weblog's transformer/) goes whole; a symlink is removed, not followed.
        await rm(file, { recursive: info.isDirectory(), force: true });
        removed.push(file);
      }
      manifest[options.command] = mine;
      await writeFile(path.join(dir, OUTPUTS_MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
      if (removed.length > 0)
        options.events.info(`removed ${removed.length} stale output(s) of an earlier ${options.command}`);
      return removed;
    },
  };
}
