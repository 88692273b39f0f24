/**
 * Experiment configs: `experiments/<name>.json`, the settings of a `zeekseq train` run kept in the repository so a
 * run can be named, reviewed and repeated (`zeekseq train --config experiments/<name>.json`): the data folders,
 * the model directory, and `params`, the Detector's parameters under the same schema the Detector validates with
 * (one place for every setting and default). Paths are as on the command line (relative to the folder zeekseq
 * runs in). Unknown keys are errors, so a misspelt setting is not silently left at its default.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ZeekseqError } from '../util/errors.js';
import { detectorParamsSchema } from './detector-params.js';

export const experimentConfigSchema = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  data: z.array(z.string().min(1)).min(1),
  model: z.string().min(1),
  params: detectorParamsSchema,
});

/** A config as written: `params` holds only the settings it sets (the rest keep the Detector's defaults). */
export type ExperimentConfig = Omit<z.input<typeof experimentConfigSchema>, 'params'> & {
  params: z.input<typeof detectorParamsSchema>;
};

const ARTICLE: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
};

/** What was expected, in words (the schema's own message where it has one: zod prefers it to this). */
function expected(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${ARTICLE[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'array') return `expected at least ${issue.minimum} item(s)`;
      if (issue.origin === 'string') return 'expected a non-empty string';
      return `expected a number ${issue.inclusive ? 'of at least' : 'above'} ${issue.minimum}`;
    case 'too_big':
      return `expected a number ${issue.inclusive ? 'of at most' : 'below'} ${issue.maximum}`;
    case 'unrecognized_keys':
      return `unknown key; see DetectorParams (src/pipeline/detector-params.ts) for the keys`;
    default:
      return undefined;
  }
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'unrecognized_keys') return `${issue.keys.join(', ')}: ${issue.message}`;
  let value: unknown = input;
  for (const key of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  const got = value === undefined ? 'nothing' : JSON.stringify(value);
  return `${issue.path.join('.') || '(the file)'}: ${issue.message}, got ${got}`;
}

/** The config in `file`, checked; errors name the file, the key, what was expected and what was there. */
export async function loadExperimentConfig(file: string): Promise<ExperimentConfig> {
  let input: unknown;
  try {
    input = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ZeekseqError(`${file}: ${(error as Error).message}; an experiment config is one JSON object.`);
  }
  const checked = experimentConfigSchema.safeParse(input, { error: expected });
  // the parameters as written, not with every default filled in: the Detector resolves them
  if (checked.success) return input as ExperimentConfig;
  const problems = checked.error.issues.map((issue) => describeIssue(issue, input));
  throw new ZeekseqError(`${file}: ${problems.join('; ')}. Fix the config (see src/pipeline/experiment-config.ts).`);
}
