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
