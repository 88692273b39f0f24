/**
 * A model directory: every learned part as its own file, and manifest.json listing each part with its size and
 * sha256 and the versions that wrote it (zeekseq, tfjs, backend). The transformer is three parts — `config`
 * (JSON), `weights-manifest` (tfjs's weights manifest JSON: names, shapes, dtypes) and `weights` (the raw float32
 * buffer, tfjs's .bin format, via tf.io.encodeWeights / decodeWeights since tfjs-node's file:// handler is not
 * available) — and the pipeline adds its own JSON parts (vocabulary, cleaner state, cluster models, threshold)
 * through the same writer. No language-specific serialisation anywhere.
 *
 * The manifest is written last, so an interrupted save leaves a directory that loading refuses. Loading checks the
 * whole directory before reading anything into a model and names every missing file, unlisted part and checksum
 * mismatch at once.
 */
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZeekseqError } from '../util/errors.js';
import { validateConfig, type TransformerConfig } from './config.js';
import { TransformerModel } from './transformer.js';

export const MODEL_DIR_FORMAT = 'zeekseq-model-dir';
export const MODEL_DIR_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

export interface PartEntry {
  file: string;
  kind: 'json' | 'binary';
  bytes: number;
  sha256: string;
}

export interface ModelDirManifest {
  format: typeof MODEL_DIR_FORMAT;
  version: number;
  versions: { zeekseq: string; tfjs: string; backend: string };
  parts: Record<string, PartEntry>;
}

/** A part to write: JSON (any JSON-able value) or raw bytes, under a file name of its own. */
export type Part = { kind: 'json'; file: string; value: unknown } | { kind: 'binary'; file: string; bytes: Uint8Array };

/** The transformer's parts. */
export const TRANSFORMER_PARTS = ['config', 'weights-manifest', 'weights'] as const;

/** Writes `parts` into `dir` (created if needed) and then the manifest listing them and the backend in use. */
export async function writeModelDir(dir: string, parts: Record<string, Part>): Promise<ModelDirManifest> {
  await mkdir(dir, { recursive: true });
  const entries: Record<string, PartEntry> = {};
  for (const [name, part] of Object.entries(parts)) {
    if (path.basename(part.file) !== part.file || part.file === MANIFEST_FILE) {
      throw new ZeekseqError(
        `model directory: part ${name} has file name "${part.file}"; use a plain file name other than ${MANIFEST_FILE}.`,
      );
    }
    const bytes = part.kind === 'json' ? Buffer.from(JSON.stringify(part.value, null, 1)) : part.bytes;
    await writeFile(path.join(dir, part.file), bytes);
    entries[name] = { file: part.file, kind: part.kind, bytes: bytes.length, sha256: sha256(bytes) };
  }
  const manifest: ModelDirManifest = {
    format: MODEL_DIR_FORMAT,
    version: MODEL_DIR_VERSION,
    versions: { zeekseq: zeekseqVersion(), tfjs: tf.version.tfjs, backend: tf.getBackend() },
    parts: entries,
  };
  await writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 1));
  return manifest;
}

/** A checked model directory: its manifest, and its parts' contents by name. */
export interface ModelDir {
  dir: string;
  manifest: ModelDirManifest;
  bytes(name: string): Buffer;
  json<T>(name: string): T;
}

/**
 * Reads and checks `dir`: the manifest must be there and readable, list every part in `required`, and every
 * listed part's file must exist with the listed sha256. All problems are reported in one error.
 */
export async function readModelDir(dir: string, required: readonly string[]): Promise<ModelDir> {
  const manifestPath = path.join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) {
    throw new ZeekseqError(
      `model directory ${dir}: ${MANIFEST_FILE} is missing, so this is not a complete saved model (was the save interrupted?); save the model again.`,
    );
  }
  let manifest: ModelDirManifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as ModelDirManifest;
  } catch (error) {
    throw new ZeekseqError(
      `model directory ${dir}: ${MANIFEST_FILE} is not valid JSON (${(error as Error).message}); save the model again.`,
    );
  }
  if (manifest?.format !== MODEL_DIR_FORMAT || typeof manifest.parts !== 'object' || manifest.parts === null) {
    throw new ZeekseqError(
      `model directory ${dir}: ${MANIFEST_FILE} is not a zeekseq model manifest; point to a directory written by zeekseq.`,
    );
  }
  if (!(manifest.version <= MODEL_DIR_VERSION)) {
    throw new ZeekseqError(
      `model directory ${dir}: format version ${manifest.version} is newer than this zeekseq reads (${MODEL_DIR_VERSION}); upgrade zeekseq (it was written by zeekseq ${manifest.versions?.zeekseq}).`,
    );
  }
  const problems: string[] = [];
  for (const name of required)
    if (!(name in manifest.parts)) problems.push(`part "${name}" is not listed in ${MANIFEST_FILE}`);
  const contents = new Map<string, Buffer>();
  for (const [name, entry] of Object.entries(manifest.parts)) {
    const file = path.join(dir, entry.file);
    if (!existsSync(file)) {
      problems.push(`${entry.file} (part "${name}") is missing`);
      continue;
    }
    const bytes = await readFile(file);
    const digest = sha256(bytes);
    if (digest !== entry.sha256)
      problems.push(
        `${entry.file} (part "${name}") has sha256 ${digest}, the manifest says ${entry.sha256} (${bytes.length} bytes, listed ${entry.bytes})`,
      );
    else contents.set(name, bytes);
  }
  if (problems.length > 0) {
    throw new ZeekseqError(
      `model directory ${dir} is incomplete or altered: ${problems.join('; ')}. Restore the missing or changed files from the same save, or save the model again.`,
    );
  }
  return {
    dir,
    manifest,
    bytes: (name) => {
      const bytes = contents.get(name);
      if (!bytes)
        throw new ZeekseqError(
          `model directory ${dir}: no part "${name}"; it lists ${Object.keys(manifest.parts).join(', ')}.`,
        );
      return bytes;
    },
    json: <T>(name: string) => {
      const bytes = contents.get(name);
      if (!bytes)
        throw new ZeekseqError(
          `model directory ${dir}: no part "${name}"; it lists ${Object.keys(manifest.parts).join(', ')}.`,
        );
      if (manifest.parts[name].kind !== 'json')
        throw new ZeekseqError(`model directory ${dir}: part "${name}" is binary, not JSON.`);
      return JSON.parse(bytes.toString('utf8')) as T;
    },
  };
}

/** Saves the transformer (config, weights manifest, weights) and any extra JSON parts into `dir`. */
export async function saveTransformer(
  model: TransformerModel,
  dir: string,
  extraParts: Record<string, unknown> = {},
): Promise<ModelDirManifest> {
  const { data, specs } = await tf.io.encodeWeights(model.namedWeights());
  const parts: Record<string, Part> = {
    config: { kind: 'json', file: 'config.json', value: model.config },
    'weights-manifest': {
      kind: 'json',
      file: 'weights-manifest.json',
      value: [{ paths: ['weights.bin'], weights: specs }],
    },
    weights: { kind: 'binary', file: 'weights.bin', bytes: new Uint8Array(data as ArrayBuffer) },
  };
  for (const [name, value] of Object.entries(extraParts)) {
    if (name in parts)
      throw new ZeekseqError(
        `model directory: extra part "${name}" clashes with a transformer part; choose another name.`,
      );
    parts[name] = { kind: 'json', file: `${name}.json`, value };
  }
  return writeModelDir(dir, parts);
}

/** Loads a transformer saved by saveTransformer; the directory's other parts stay readable through `dir`. */
export async function loadTransformer(
  dir: string,
  required: readonly string[] = [],
): Promise<{ model: TransformerModel; dir: ModelDir }> {
  const modelDir = await readModelDir(dir, [...TRANSFORMER_PARTS, ...required]);
  const config = validateConfig(modelDir.json<TransformerConfig>('config'));
  const groups = modelDir.json<tf.io.WeightsManifestConfig>('weights-manifest');
  const specs = groups.flatMap((group) => group.weights);
  const bytes = modelDir.bytes('weights');
  const expectedBytes = specs.reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (expectedBytes !== bytes.length) {
    throw new ZeekseqError(
      `model directory ${dir}: weights.bin has ${bytes.length} bytes but the weights manifest describes ${expectedBytes}; the two come from different saves — save the model again.`,
    );
  }
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
  const tensors = tf.io.decodeWeights(buffer, specs);
  try {
    return { model: TransformerModel.fromWeights(config, tensors), dir: modelDir };
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** zeekseq's version from its package.json (found upwards from this file, in src/ or dist/). */
function zeekseqVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'zeekseq' && pkg.version) return pkg.version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}
