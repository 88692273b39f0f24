import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../../src/report/write-report.js';

describe('writeReport', () => {
  it('writes DIR/index.html, creating DIR, and nothing else', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'zeekseq-report-'));
    const dir = path.join(root, 'runs', 'r1');
    const file = await writeReport(
      { title: 'r1', sections: [{ title: 'a', blocks: [{ kind: 'paragraph', text: 'hi' }] }] },
      dir,
    );
    expect(file).toBe(path.join(dir, 'index.html'));
    expect(await readdir(root)).toEqual(['runs']);
    expect(await readdir(dir)).toEqual(['index.html']);
    expect(await readFile(file, 'utf8')).toContain('<p>hi</p>');
  });
});
