/**
 * An --output or --model path that is an existing file is refused before any work (nothing read, loaded or
 * trained), for every command that writes a folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { zeekseq } from './support/run-cli.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'zeekseq-output-place-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const file = path.join(root, 'results.txt');
writeFileSync(file, 'not a folder');
// Empty: a command that read or loaded them would fail on them, so the error below shows it did not get there.
const data = path.join(root, 'data');
const model = path.join(root, 'model');
mkdirSync(data);
mkdirSync(model);
const accessLog = path.join(root, 'access.log');
writeFileSync(accessLog, '192.0.2.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 10 "-" "ua"\n');

describe('an existing file as the output folder', () => {
  it.each([
    ['train', ['train', '--data', data, '--model', file, '--acceptance-rate', '0.01'], 'model'],
    ['infer', ['infer', '--data', data, '--model', model, '--output', file], 'output'],
    ['sweep', ['sweep', '--data', data, '--model', model, '--output', file], 'output'],
    ['evaluate', ['evaluate', '--data', data, '--model', model, '--output', file], 'output'],
    ['weblog', ['weblog', '--train', accessLog, '--score', accessLog, '--output', file], 'output'],
  ])('%s refuses it in one line, exit 2, before reading anything', async (_, args, what) => {
    const result = await zeekseq(...(args as string[]));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`zeekseq: the ${what} path ${file} is a file, not a folder; choose a folder path.`);
    expect(result.stderr).not.toMatch(/no Zeek logs|trained|model directory/);
  });
});
