/**
 * What the CLI prints for an error that ends a command: one line on stderr that says what to do, never a bare
 * stack trace. A ZeekseqError is already such a line; a file-system error or a JSON syntax error is bad input
 * too (a path that is not there, a folder given for a file) and gets its path and a fix; anything else is a bug
 * in zeekseq and says so, with the stack only under --debug. Text from errors can quote file names and data,
 * so it is shown with control characters escaped.
 */
import { escapeLines } from '../util/escape.js';
import { ZeekseqError } from '../util/errors.js';

export interface ErrorReport {
  /** What to print on stderr, `zeekseq: ` first. */
  text: string;
  /** 2 for bad input, 1 for a bug. */
  exitCode: number;
}

/** What each file-system error means for the path it names, and what to do. */
const FILE_ERRORS: Readonly<Record<string, (file: string) => string>> = {
  ENOENT: (file) => `${file} does not exist; check the path.`,
  EACCES: (file) => `no permission to use ${file}; check its permissions or choose another path.`,
  EPERM: (file) => `the system does not allow this on ${file}; check its permissions or choose another path.`,
  ENOTDIR: (file) => `part of the path ${file} is a file, not a folder; check the path.`,
  EISDIR: (file) => `${file} is a folder where a file was expected; give a file's path.`,
  ENOSPC: (file) => `no space left on the device while writing ${file}; free some space or write elsewhere.`,
  EROFS: (file) => `${file} is on a read-only file system; write elsewhere.`,
  ENAMETOOLONG: (file) => `the path ${file} is too long; use a shorter one.`,
  ELOOP: (file) => `${file} is a loop of symbolic links; check the path.`,
};

export function errorReport(error: unknown, debug: boolean): ErrorReport {
  if (error instanceof ZeekseqError) return { text: `zeekseq: ${escapeLines(error.message)}`, exitCode: 2 };
  const errno = error as NodeJS.ErrnoException;
  const describe = typeof errno?.code === 'string' ? FILE_ERRORS[errno.code] : undefined;
  if (describe && typeof errno.path === 'string')
    return { text: `zeekseq: ${escapeLines(describe(errno.path))}`, exitCode: 2 };
  if (error instanceof SyntaxError && /JSON/.test(error.message)) {
    return {
      text: `zeekseq: a JSON file could not be read: ${escapeLines(error.message)}; check the JSON files this command reads (model directory, config), or rewrite them (retrain the model).`,
      exitCode: 2,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? error.stack : undefined;
  const tail =
    debug && stack
      ? `(please report it with this stack trace)\n${escapeLines(stack)}`
      : '(run with --debug for the stack trace; please report it)';
  return {
    text: `zeekseq: internal error: ${escapeLines(message)} ${tail}`,
    exitCode: 1,
  };
}
