/**
 * Errors that a user can act on. Each message says what was wrong, where, and what to do;
 * the CLI prints `message` alone for these (src/cli/error-message.ts).
 */
export class ZeekseqError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZeekseqError';
  }
}
