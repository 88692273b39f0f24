import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EventStream, type ZeekseqEvent } from '../../src/util/events.js';
import { OUTPUTS_MANIFEST, prepareOutputFolder } from '../../src/util/output-folder.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'zeekseq-output-folder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** One run of `command` writing `names` into `dir`; returns its events and the removed paths. */
async function runWriting(dir: string, command: string, names: string[]) {
  const events = new EventStream();
  const seen: ZeekseqEvent[] = [];
  events.on((e) => seen.push(e));
  const folder = await prepareOutputFolder(dir, { command, events });
  mkdirSync(dir, { recursive: true });
  for (const name of names) writeFileSync(path.join(dir, name), name);
  const removed = await folder.finish(names.map((name) => path.join(dir, name)));
  return { seen, removed };
}

describe('prepareOutputFolder', () => {
  it('says nothing for a new folder and records what the command wrote', async () => {
    const dir = path.join(root, 'new');
    const { seen, removed } = await runWriting(dir, 'infer', ['a.csv', 'log-dns.csv']);
    expect(seen.filter((e) => e.type === 'warning')).toEqual([]);
    expect(removed).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(dir, OUTPUTS_MANIFEST), 'utf8'))).toEqual({
      infer: ['a.csv', 'log-dns.csv'],
    });
  });

  it("warns when files are there, removes only the same command's files it did not write again", async () => {
    const dir = path.join(root, 'again');
    await runWriting(dir, 'infer', ['a.csv', 'log-dns.csv']);
    await runWriting(dir, 'sweep', ['sweep.csv']);
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const { seen, removed } = await runWriting(dir, 'infer', ['a.csv']);
    expect(seen).toContainEqual({
      type: 'warning',
      message: expect.stringMatching(/^replacing files in .*again \(4 there already\)/),
    });
    expect(removed).toEqual([path.join(dir, 'log-dns.csv')]);
    expect(['a.csv', 'sweep.csv', 'notes.txt'].filter((f) => existsSync(path.join(dir, f)))).toHaveLength(3);
    expect(existsSync(path.join(dir, 'log-dns.csv'))).toBe(false);
  });

  it('never follows a manifest entry out of the folder', async () => {
    const dir = path.join(root, 'tampered');
    mkdirSync(dir);
    const victim = path.join(root, 'victim.txt');
    writeFileSync(victim, 'keep');
    writeFileSync(
      path.join(dir, OUTPUTS_MANIFEST),
      JSON.stringify({ infer: ['../victim.txt', victim, '', 'gone.csv'] }),
    );
    const { removed } = await runWriting(dir, 'infer', ['a.csv']);
    expect(removed).toEqual([]);
    expect(readFileSync(victim, 'utf8')).toBe('keep');
  });

  it('refuses a file as the folder before any work', async () => {
    const file = path.join(root, 'a-file');
    writeFileSync(file, 'x');
    await expect(prepareOutputFolder(file, { command: 'infer', events: new EventStream() })).rejects.toThrow(
      /the output path .*a-file is a file, not a folder; choose a folder path\./,
    );
  });
});
