/**
 * Option parsing shared by the commands that train, score and evaluate models: numbers and lists with messages
 * that name the option, and the options every model command takes.
 */
import type { Command } from 'commander';
import type { HostSide } from '../detect/notables.js';
import { HOST_SIDES } from '../detect/sweep.js';
import { BACKEND_NAMES, type BackendName } from '../model/backend-names.js';
import { ZeekseqError } from '../util/errors.js';

/** A number option's value, or undefined when the option was not given. */
export function numberOption(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new ZeekseqError(`${option} ${JSON.stringify(text)} is not a number.`);
  return value;
}

/** A comma-separated list option's values (empty parts dropped), or undefined when not given. */
export function listOption(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

export interface CommonModelFlags {
  keepConnOnly: boolean;
  backend: string;
  workers?: string;
}

/** --keep-conn-only, --backend and --workers, which train, infer and sweep share. */
export function commonModelOptions(command: Command): Command {
  return command
    .option('--keep-conn-only', 'keep connections seen only in conn (the original drops them)', false)
    .option('--backend <name>', `TensorFlow.js backend: auto, ${BACKEND_NAMES.join(', ')}`, 'auto')
    .option(
      '--workers <n>',
      'threads for training and scoring (default 1; 2 on a 2-core machine trains faster when it is otherwise idle)',
    )
    .hook('preAction', (_command, action) => {
      const backend = action.opts().backend as string;
      if (backend !== 'auto' && !(BACKEND_NAMES as readonly string[]).includes(backend)) {
        throw new ZeekseqError(`--backend ${backend} is unknown; use auto, ${BACKEND_NAMES.join(', ')}.`);
      }
    });
}

/** --workers and --backend as the Detector's runtime settings (unset ones keep the model's). */
export function runtimeOptions(flags: CommonModelFlags): { workers?: number; backend?: BackendName | 'auto' } {
  const runtime: { workers?: number; backend?: BackendName | 'auto' } = {};
  const workers = numberOption('--workers', flags.workers);
  if (workers !== undefined) runtime.workers = workers;
  if (flags.backend !== 'auto') runtime.backend = flags.backend as BackendName;
  return runtime;
}

/** --host's value, checked; undefined when not given. */
export function hostSide(text: string | undefined): HostSide | undefined {
  if (text === undefined) return undefined;
  if (!(HOST_SIDES as readonly string[]).includes(text))
    throw new ZeekseqError(`--host ${text} is unknown; use ${HOST_SIDES.join(', ')}.`);
  return text as HostSide;
}

/** --scores and --chunk-rows, which evaluate and sweep take instead of --model and --data. */
export interface ScoresFlags {
  scores?: string;
  chunkRows?: string;
  model?: string;
  data?: string[];
  keepConnOnly: boolean;
}

/**
 * Whether the command reads a scores file (--scores) rather than scoring logs (--model and --data); checks that
 * exactly one of the two was given, and nothing that only scoring takes.
 */
export function scoresSource(flags: ScoresFlags, scoringOnly: Record<string, unknown> = {}): boolean {
  if (flags.scores === undefined) {
    for (const [option, value] of [
      ['--model <dir>', flags.model],
      ['--data <dirs...>', flags.data],
    ] as const) {
      if (value === undefined)
        throw new ZeekseqError(
          `required option '${option}' not specified (or give --scores FILE of an infer --all run).`,
        );
    }
    if (flags.chunkRows !== undefined) throw new ZeekseqError('--chunk-rows goes with --scores FILE; give that too.');
    return false;
  }
  const given = Object.entries({
    '--model': flags.model,
    '--data': flags.data,
    '--keep-conn-only': flags.keepConnOnly || undefined,
    ...scoringOnly,
  })
    .filter(([, value]) => value !== undefined)
    .map(([option]) => option);
  if (given.length > 0)
    throw new ZeekseqError(
      `--scores reads scores infer already wrote, so ${given.join(', ')} cannot be used with it; give either --scores FILE or --model and --data.`,
    );
  return true;
}

/** --chunk-rows's value, checked; undefined when not given. */
export function chunkRowsOption(text: string | undefined): number | undefined {
  const rows = numberOption('--chunk-rows', text);
  if (rows !== undefined && !(Number.isInteger(rows) && rows >= 1))
    throw new ZeekseqError(`--chunk-rows ${text} must be a whole number of rows >= 1, e.g. 65536.`);
  return rows;
}
