/** The weblog transformer's default row length, apart from transformer.ts so that the CLI's help reads it without loading tfjs. */

/** Positions per row by default, CLS and SEP included: up to 31 requests of a session. */
export const DEFAULT_WEBLOG_SEQ_LEN = 32;
