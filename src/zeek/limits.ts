/**
 * The reader's limits, in one place. Each is far above what real Zeek and web-server logs hold, and
 * exists so that a damaged or hostile file costs memory in proportion to its real rows, never to a
 * claim inside it: past a limit the line, value or column is reported as a DataProblem and skipped,
 * and reading goes on.
 */

/**
 * Longest line read, in bytes (16 MiB). Real Zeek lines are under 10 KB and the longest in the shared
 * datasets is a few KB; a longer line is skipped whole with a `line-too-long` problem, so a file without
 * line breaks (binary junk, a gzip bomb of zeros) never piles up in memory.
 */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * Longest value kept, in bytes of its text as written (1 MiB). Zeek truncates nothing by itself, so a
 * crafted URI or header can be huge; such a value is read as unset with a `field-too-long` problem and
 * the rest of its row is kept.
 */
export const MAX_FIELD_BYTES = 1024 * 1024;

/**
 * Deepest nesting of a JSON line (64 levels of objects and arrays). Zeek nests records two or three
 * levels deep (`id.orig_h`); far deeper nesting would overflow the stack of JSON.parse and of the
 * flattening, so the line is skipped with a `too-deep` problem, found by a scan without recursion.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Most columns one file may hold (1,024). A conn.log has about 22, and extension fields add tens, not
 * hundreds; every column costs memory for every row, so a header or JSON keys naming more are reported as
 * `too-many-columns` and the extra columns are not read.
 */
export const MAX_COLUMNS = 1024;

/**
 * How much larger than the rows read so far a column may be allocated at once (64x). Columns are sized
 * from the bytes of the file on disk where that is known, so that they are allocated about once; this
 * bound keeps a wrong guess (a sparse file, a file that shrinks while read) from reserving memory for
 * rows that never come.
 */
export const MAX_GROWTH = 64;

/**
 * Conn rows per slice of a chunk when streaming. Measured on three hours of 580,000 connections each (README,
 * Streaming infer): the peak follows the budget (200,000: 1.5 GB; 50,000: 0.8 GB; 25,000: 0.65 GB) and smaller
 * slices are no slower; below this, a slice of a busy hour spans only minutes.
 */
export const DEFAULT_ROW_BUDGET = 50_000;
