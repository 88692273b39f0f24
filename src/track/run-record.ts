/**
 * run.json, the record of one run: what was run (kind, command line, every resolved parameter, seed), on what
 * (input fingerprints, code version, environment), how it went (status, times) and what it wrote. The schema
 * checks the file when it is read, so a damaged or foreign run.json is reported rather than half-used.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ZeekseqError } from '../util/errors.js';
import { writeFileAtomic } from './atomic-write.js';

export const RUN_KINDS = ['train', 'infer', 'sweep', 'evaluate', 'compare', 'quality', 'weblog', 'notebook'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export const RUN_FILE = 'run.json';
export const RUN_FORMAT = 1;

const fingerprint = z.object({ path: z.string(), size: z.number(), sha256: z.string() });

const runRecordSchema = z.object({
  format: z.literal(RUN_FORMAT),
  id: z.string(),
  name: z.string(),
  kind: z.enum(RUN_KINDS),
  /** zeekseq's arguments (after `zeekseq`), and the folder they were given in. */
  command: z.object({ argv: z.array(z.string()), cwd: z.string() }),
  status: z.enum(['running', 'finished', 'failed']),
  /** Why a failed run failed. */
  error: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /** Which process ran it, so a run left `running` by a killed process can be recognised. */
  process: z.object({ pid: z.number(), hostname: z.string() }),
  /** The id of the run this one re-executed (`zeekseq runs reproduce`). */
  reproduces: z.string().nullable(),
  params: z.record(z.string(), z.json()),
  seed: z.number().nullable(),
  environment: z.object({
    zeekseq: z.string(),
    node: z.string(),
    tfjs: z.string().nullable(),
    /** The TensorFlow.js backend in use, when the work reported it. */
    backend: z.string().nullable(),
    os: z.object({ platform: z.string(), arch: z.string(), release: z.string() }),
    cpus: z.number(),
  }),
  /** The project's git commit and whether the work tree had changes; null where git or the checkout is absent. */
  git: z.object({ commit: z.string(), dirty: z.boolean() }).nullable(),
  /** The input paths as given (absolute), and a fingerprint of every file under them. */
  inputs: z.array(z.string()),
  fingerprints: z.array(fingerprint),
  outputs: z.array(z.object({ path: z.string(), kind: z.string() })),
});

export type RunRecord = z.infer<typeof runRecordSchema>;
export type RunStatus = RunRecord['status'];
export type RunEnvironment = RunRecord['environment'];
export type FileFingerprint = z.infer<typeof fingerprint>;
export type OutputRef = RunRecord['outputs'][number];
export type JsonValue = RunRecord['params'][string];

/** The run.json in `dir`, checked against the schema. */
export function readRunRecord(dir: string): RunRecord {
  const file = path.join(dir, RUN_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ZeekseqError(
      `${file}: cannot be read as JSON (${(error as Error).message}); repair or remove the run folder.`,
    );
  }
  const checked = runRecordSchema.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new ZeekseqError(
      `${file}: ${issue.path.join('.') || 'the record'}: ${issue.message}; it was not written by this version of zeekseq's tracking — repair or remove the run folder.`,
    );
  }
  return checked.data;
}

export function writeRunRecord(dir: string, record: RunRecord): void {
  writeFileAtomic(path.join(dir, RUN_FILE), `${JSON.stringify(record, null, 2)}\n`);
}
