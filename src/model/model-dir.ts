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
import type { Stats } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZeekseqError } from '../util/errors.js';
import { validateConfig, type TransformerConfig } from './config.js';
import { TransformerModel } from './transformer.js';

export const MODEL_DIR_FORMAT = 'zeekseq-model-dir';
/** 2: the Detector's directory (detector, tokenizer, thresholds and each scorer's parts). */
export const MODEL_DIR_VERSION = 2;
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

/**
 * Writes `parts` and then the manifest into a fresh sibling of `dir`, and only then puts it in `dir`'s place, so a
 * kill at any point leaves either the previous complete model or the new one. An existing `dir` must be a model
 * directory (or empty): zeekseq never replaces a folder of something else.
 */
export async function writeModelDir(dir: string, parts: Record<string, Part>): Promise<ModelDirManifest> {
  await checkReplaceable(dir);
  const staging = `${dir.replace(/[\\/]+$/, '')}.partial-${process.pid}-${Date.now().toString(36)}`;
  await mkdir(staging, { recursive: true });
  try {
    const entries: Record<string, PartEntry> = {};
    for (const [name, part] of Object.entries(parts)) {
      if (!isPlainFileName(part.file) || part.file === MANIFEST_FILE) {
        throw new ZeekseqError(
          `model directory: part ${name} has file name "${part.file}"; use a plain file name other than ${MANIFEST_FILE}.`,
        );
      }
      const bytes = part.kind === 'json' ? Buffer.from(JSON.stringify(part.value, null, 1)) : part.bytes;
      await writeFile(path.join(staging, part.file), bytes);
      entries[name] = { file: part.file, kind: part.kind, bytes: bytes.length, sha256: sha256(bytes) };
    }
    const manifest: ModelDirManifest = {
      format: MODEL_DIR_FORMAT,
      version: MODEL_DIR_VERSION,
      versions: { zeekseq: zeekseqVersion(), tfjs: tf.version.tfjs, backend: tf.getBackend() },
      parts: entries,
    };
    await writeFile(path.join(staging, MANIFEST_FILE), JSON.stringify(manifest, null, 1));
    const previous = existsSync(dir) ? `${staging}.previous` : null;
    if (previous) await rename(dir, previous);
    await rename(staging, dir);
    if (previous) await rm(previous, { recursive: true, force: true });
    return manifest;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** `dir` may be replaced: absent, empty, or a model directory (its manifest says so). */
async function checkReplaceable(dir: string): Promise<void> {
  let info: Stats;
  try {
    info = await lstat(dir);
  } catch {
    await mkdir(path.dirname(path.resolve(dir)), { recursive: true });
    return;
  }
  if (!info.isDirectory()) {
    throw new ZeekseqError(`model directory ${dir} is a file, not a folder; choose a folder path for the model.`);
  }
  const names = await readdir(dir);
  if (names.length === 0) return;
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), 'utf8')) as { format?: string };
    if (manifest.format === MODEL_DIR_FORMAT) return;
  } catch {
    // not a model directory: refused below
  }
  throw new ZeekseqError(
    `${dir} already holds files that are not a zeekseq model (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''}); choose an empty or new folder for the model, zeekseq does not replace other folders.`,
  );
}

/** A name without directories, `.` or `..`: a manifest may only point at files directly inside its folder. */
function isPlainFileName(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name !== '' &&
    name !== '.' &&
    name !== '..' &&
    path.basename(name) === name &&
    !name.includes('/') &&
    !name.includes('\\') &&
    !name.includes('\0')
  );
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
    // Checked before anything is read: a manifest is data, and must not make zeekseq read /etc/passwd or /dev/zero.
    if (!isPlainFileName(entry?.file)) {
      problems.push(`part "${name}" names ${JSON.stringify(entry?.file)}, which is not a file directly in the folder`);
      continue;
    }
    if (!(Number.isSafeInteger(entry.bytes) && entry.bytes >= 0)) {
      problems.push(`part "${name}" lists ${JSON.stringify(entry.bytes)} bytes`);
      continue;
    }
    const file = path.join(dir, entry.file);
    let info: Stats;
    try {
      info = await lstat(file);
    } catch {
      problems.push(`${entry.file} (part "${name}") is missing`);
      continue;
    }
    if (!info.isFile()) {
      problems.push(`${entry.file} (part "${name}") is not a regular file (a link, folder or device)`);
      continue;
    }
    if (info.size !== entry.bytes) {
      problems.push(`${entry.file} (part "${name}") has ${info.size} bytes, the manifest lists ${entry.bytes}`);
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
      try {
        return JSON.parse(bytes.toString('utf8')) as T;
      } catch (error) {
        throw new ZeekseqError(
          `model directory ${dir}: part "${name}" is not valid JSON (${(error as Error).message}); retrain the model or restore the folder.`,
        );
      }
    },
  };
}

/** The transformer as model-directory parts: config, tfjs's weights manifest, and the raw float32 weights. */
export async function transformerParts(model: TransformerModel): Promise<Record<string, Part>> {
  const { data, specs } = await tf.io.encodeWeights(model.namedWeights());
  return {
    config: { kind: 'json', file: 'config.json', value: model.config },
    'weights-manifest': {
      kind: 'json',
      file: 'weights-manifest.json',
      value: [{ paths: ['weights.bin'], weights: specs }],
    },
    weights: { kind: 'binary', file: 'weights.bin', bytes: new Uint8Array(data as ArrayBuffer) },
  };
}

/** The transformer of a checked model directory (its parts listed in TRANSFORMER_PARTS). */
export function transformerFromDir(modelDir: ModelDir): TransformerModel {
  const config = validateConfig(modelDir.json<TransformerConfig>('config'));
  const groups = modelDir.json<tf.io.WeightsManifestConfig>('weights-manifest');
  const specs = groups.flatMap((group) => group.weights);
  const bytes = modelDir.bytes('weights');
  const expectedBytes = specs.reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (expectedBytes !== bytes.length) {
    throw new ZeekseqError(
      `model directory ${modelDir.dir}: weights.bin has ${bytes.length} bytes but the weights manifest describes ${expectedBytes}; the two come from different saves — save the model again.`,
    );
  }
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
  const tensors = tf.io.decodeWeights(buffer, specs);
  try {
    return TransformerModel.fromWeights(config, tensors);
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

/** Saves the transformer and any extra JSON parts (named for their file) into `dir`. */
export async function saveTransformer(
  model: TransformerModel,
  dir: string,
  extraParts: Record<string, unknown> = {},
): Promise<ModelDirManifest> {
  const parts = await transformerParts(model);
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
  return { model: transformerFromDir(modelDir), dir: modelDir };
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
