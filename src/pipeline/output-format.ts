/**
 * The formats infer writes its tables in (outputs.ts), apart so that the command line can list them without
 * loading the writers.
 */
export const OUTPUT_FORMATS = ['csv', 'parquet'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
