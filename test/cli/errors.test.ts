/**
 * Every error that ends a command is one line on stderr saying what to do: a ZeekseqError and bad input from the
 * file system or a JSON file exit 2, a bug exits 1 as an internal error with its stack only under --debug.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { errorReport } from '../../src/cli/error-message.js';
import { Detector } from '../../src/pipeline/detector.js';
import { ZeekseqError } from '../../src/util/errors.js';
import { zeekseq } from './support/run-cli.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'zeekseq-errors-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const fsError = (code: string, file: string) =>
  Object.assign(new Error(`${code}: x, open '${file}'`), { code, path: file });

describe('errorReport', () => {
  it('prints a ZeekseqError as it is, control characters escaped, exit 2', () => {
    expect(errorReport(new ZeekseqError('bad \x1b[2Jfile; fix it.'), false)).toEqual({
      text: 'zeekseq: bad \\x1b[2Jfile; fix it.',
      exitCode: 2,
    });
  });

  it('turns file-system errors into their path and what to do, exit 2', () => {
    for (const [code, says] of [
      ['ENOENT', /\/x\/y does not exist; check the path\./],
      ['EACCES', /no permission to use \/x\/y; check its permissions/],
      ['ENOTDIR', /part of the path \/x\/y is a file, not a folder/],
      ['EISDIR', /\/x\/y is a folder where a file was expected/],
    ] as const) {
      const report = errorReport(fsError(code, '/x/y'), false);
      expect(report.exitCode).toBe(2);
      expect(report.text).toMatch(says);
    }
  });

  it('turns a JSON syntax error into bad input, exit 2', () => {
    let syntax: unknown;
    try {
      JSON.parse('{"a":');
    } catch (error) {
      syntax = error;
    }
    const report = errorReport(syntax, false);
    expect(report).toMatchObject({ exitCode: 2 });
    expect(report.text).toMatch(/^zeekseq: a JSON file could not be read: .*; check the JSON files/);
  });

  it('reports anything else as an internal error, its stack only under --debug', () => {
    const bug = new TypeError('x is not a function');
    expect(errorReport(bug, false)).toEqual({
      text: 'zeekseq: internal error: x is not a function (run with --debug for the stack trace; please report it)',
      exitCode: 1,
    });
    const debug = errorReport(bug, true);
    expect(debug.exitCode).toBe(1);
    expect(debug.text.split('\n')[0]).toBe(
      'zeekseq: internal error: x is not a function (please report it with this stack trace)',
    );
    expect(debug.text).toContain('at ');
  });
});

describe('zeekseq errors', () => {
  const data = path.join(root, 'data');
  const model = path.join(root, 'model');
  mkdirSync(data);
  mkdirSync(model);

  it('exits 1 with one line for a bug, and prints its stack with --debug before or after the command', async () => {
    vi.spyOn(Detector, 'load').mockRejectedValue(new TypeError('boom'));
    const args = ['infer', '--data', data, '--model', model, '--output', path.join(root, 'out')];
    const plain = await zeekseq(...args);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain(
      'zeekseq: internal error: boom (run with --debug for the stack trace; please report it)',
    );
    expect(plain.stderr).not.toMatch(/^\s+at /m);
    for (const withDebug of [
      ['--debug', ...args],
      [...args, '--debug'],
    ]) {
      const debug = await zeekseq(...withDebug);
      expect(debug.code).toBe(1);
      expect(debug.stderr).toMatch(/internal error: boom \(please report it with this stack trace\)\nTypeError: boom/);
      expect(debug.stderr).toMatch(/^\s+at /m);
    }
  });

  it('exits 2 naming the path when a file cannot be written, for a missing folder and for a folder', async () => {
    const missing = path.join(root, 'no-such-folder', 'runs.csv');
    const noFolder = await zeekseq('runs', 'export', '--output', missing);
    expect(noFolder.code).toBe(2);
    expect(noFolder.stderr).toContain(`zeekseq: ${missing} does not exist; check the path.`);
    const folder = await zeekseq('runs', 'export', '--output', root);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain(`zeekseq: ${root} is a folder where a file was expected; give a file's path.`);
  });

  it('exits 2 for a ZeekseqError, as before', async () => {
    const result = await zeekseq('infer', '--data', data, '--model', model, '--output', path.join(root, 'out2'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^zeekseq: .*model/m);
    expect(result.stderr).not.toContain('internal error');
  });
});
