import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../src/model/backend.js';
import { TransformerModel } from '../../src/model/transformer.js';
import { loadTransformer, readModelDir, saveTransformer, writeModelDir } from '../../src/model/model-dir.js';
import { scoreRows } from '../../src/model/score.js';
import { rowsFromSequences } from '../../src/model/token-rows.js';
import { TOY_SEQ_LEN, toyConfig } from './support/toy.js';

describe('model directory', () => {
  let root: string;
  beforeAll(async () => {
    await chooseBackend();
    root = await mkdtemp(path.join(tmpdir(), 'zeekseq-model-dir-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function saved(
    name: string,
    extra: Record<string, unknown> = {},
  ): Promise<{ dir: string; model: TransformerModel }> {
    const model = TransformerModel.create(toyConfig(), 21);
    const dir = path.join(root, name);
    await saveTransformer(model, dir, extra);
    return { dir, model };
  }

  it('round-trips: the loaded model gives identical scores, extra JSON parts come back', async () => {
    const { dir, model } = await saved('round-trip', { vocabulary: { words: ['a', 'b'] }, threshold: 0.42 });
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.parts).sort()).toEqual([
      'config',
      'threshold',
      'vocabulary',
      'weights',
      'weights-manifest',
    ]);
    expect(manifest.parts.weights).toMatchObject({
      file: 'weights.bin',
      kind: 'binary',
      bytes: model.parameterCount * 4,
    });
    expect(manifest.parts.weights.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.versions).toMatchObject({ zeekseq: '0.1.0', tfjs: '4.22.0', backend: tf.getBackend() });

    const loaded = await loadTransformer(dir, ['vocabulary']);
    expect(loaded.model.config).toEqual(model.config);
    expect(loaded.dir.json('vocabulary')).toEqual({ words: ['a', 'b'] });
    expect(loaded.dir.json('threshold')).toBe(0.42);
    const rows = rowsFromSequences(
      [
        [5, 6, 7],
        [12, 5],
        [9, 9, 9, 9, 9, 9],
      ],
      TOY_SEQ_LEN,
    );
    const before = await scoreRows(model, rows);
    const after = await scoreRows(loaded.model, rows);
    expect(after.score).toEqual(before.score);
    expect(after.expected).toEqual(before.expected);
    model.dispose();
    loaded.model.dispose();
  });

  it('refuses a directory with a missing file, naming it', async () => {
    const { dir, model } = await saved('missing');
    model.dispose();
    await unlink(path.join(dir, 'weights.bin'));
    await expect(loadTransformer(dir)).rejects.toThrow(/weights\.bin \(part "weights"\) is missing/);
    await unlink(path.join(dir, 'manifest.json'));
    await expect(loadTransformer(dir)).rejects.toThrow(/manifest\.json is missing/);
  });

  it('refuses altered files and parts the manifest does not list, listing every problem', async () => {
    const { dir, model } = await saved('altered');
    model.dispose();
    const configPath = path.join(dir, 'config.json');
    const config = JSON.parse(await readFile(configPath, 'utf8'));
    // the same size, other bytes: only the checksum can tell
    const altered = JSON.stringify({ ...config, layers: config.layers === 2 ? 3 : 2 });
    const original = await readFile(configPath, 'utf8');
    expect(altered.length).toBe(JSON.stringify(config).length);
    await writeFile(
      configPath,
      original.replace(`"layers": ${config.layers}`, `"layers": ${config.layers === 2 ? 3 : 2}`),
    );
    await unlink(path.join(dir, 'weights-manifest.json'));
    const error = await loadTransformer(dir, ['vocabulary']).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/part "vocabulary" is not listed/);
    expect((error as Error).message).toMatch(
      /config\.json \(part "config"\) has sha256 [0-9a-f]{64}, the manifest says/,
    );
    expect((error as Error).message).toMatch(/weights-manifest\.json \(part "weights-manifest"\) is missing/);
  });

  it('writes any parts generically and refuses file names that escape the directory', async () => {
    const dir = path.join(root, 'generic');
    await writeModelDir(dir, {
      notes: { kind: 'json', file: 'notes.json', value: [1, 2] },
      blob: { kind: 'binary', file: 'blob.bin', bytes: Uint8Array.from([1, 2, 3]) },
    });
    const read = await readModelDir(dir, ['notes', 'blob']);
    expect(read.json('notes')).toEqual([1, 2]);
    expect(Array.from(read.bytes('blob'))).toEqual([1, 2, 3]);
    expect(() => read.json('blob')).toThrow(/binary, not JSON/);
    await expect(writeModelDir(dir, { bad: { kind: 'json', file: '../x.json', value: 1 } })).rejects.toThrow(
      /plain file name/,
    );
  });
});
