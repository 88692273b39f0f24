/**
 * `zeekseq weblog`: parses the options of src/weblog/pipeline.ts, which trains the Markov baseline (--model markov, the default), the masked-token transformer
 * (--model transformer) or both on the sessions of some access logs, scores the sessions of others, and writes
 * alerts.csv, clients.csv, high-clients.txt, problems.csv and the trained models (model.json for Markov, the
 * transformer/ model directory). With --holdout, a seeded share of the training clients is scored too;
 * --evaluate then measures how well each model's scores rank the --score sessions (taken as anomalous) above
 * those held-out ones (taken as normal). With --labels heuristic every scored client is labelled by
 * src/weblog/heuristic-labels.ts instead (probing, 404-burst, crawler, ordinary), and --evaluate measures how each
 * model ranks the probing and 404-burst clients; --score may then be left out to score only held-out clients of
 * the site's own logs. With both models every session and client is one row with both models' scores
 * (src/weblog/report.ts).
 */
import { Command, Option } from 'commander';
import { ZeekseqError } from '../util/errors.js';
import { EventStream } from '../util/events.js';
import type { MarkovScoreBy, TransitionHandling } from '../model/markov.js';
import { DEFAULT_BURST_COUNT, DEFAULT_BURST_WINDOW } from '../weblog/heuristic-labels.js';
import type { weblogToFiles } from '../weblog/pipeline.js';
import type { ClientKey } from '../weblog/sessions.js';
import type { TokenTarget } from '../weblog/tokens.js';
import type { TransformerScoreBy } from '../weblog/transformer.js';
import { DEFAULT_WEBLOG_SEQ_LEN } from '../weblog/weblog-defaults.js';
import { RUNS_DIR_HELP, tracked } from './tracked.js';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `30m`, `90s`, `1.5h`, `1d` to seconds; `option` names the flag in the error. */
export function parseDuration(text: string, option = '--timeout'): number {
  const m = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (!m || !(Number(m[1]) > 0)) {
    throw new ZeekseqError(
      `${option} ${JSON.stringify(text)} is not a duration; write a number > 0 with a unit s, m, h or d, e.g. 30m.`,
    );
  }
  return Number(m[1]) * UNITS[m[2]];
}

function commaList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function parseNumber(option: string, text: string, check: (n: number) => boolean, expected: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || !check(n))
    throw new ZeekseqError(`${option} ${JSON.stringify(text)} is not ${expected}.`);
  return n;
}

function tierQuantiles(text: string): [number, number, number] {
  const parts = commaList(text).map((p) =>
    parseNumber('--tiers', p, (n) => n >= 0 && n <= 1, 'a quantile between 0 and 1'),
  );
  if (parts.length !== 3)
    throw new ZeekseqError(
      `--tiers ${JSON.stringify(text)} needs three quantiles for LOW,MEDIUM,HIGH, e.g. 0.95,0.99,0.999.`,
    );
  return parts as [number, number, number];
}

/** What request tokens hold, as --tokens names it. */
const TOKEN_CHOICES: Record<string, { target: TokenTarget; status: boolean }> = {
  path: { target: 'path', status: false },
  'path+status': { target: 'path', status: true },
  kind: { target: 'kind', status: false },
  'kind+status': { target: 'kind', status: true },
};

interface WeblogFlags {
  train: string[];
  score?: string[];
  output: string;
  model: 'markov' | 'transformer' | 'both';
  format: string;
  timeout: string;
  client: ClientKey;
  canary?: string;
  mainPage?: string;
  minCount: string;
  tokens: string;
  smoothing: string;
  scoreBy: MarkovScoreBy;
  selfTransitions: TransitionHandling;
  tiers: string;
  holdout?: string;
  seed: string;
  labels: 'files' | 'heuristic';
  burstCount: string;
  burstWindow: string;
  evaluate?: boolean;
  seqLen: string;
  epochs: string;
  patience: string;
  batchSize: string;
  learningRate: string;
  transformerScoreBy: TransformerScoreBy;
  runsDir?: string;
}

/** The flags as the pipeline's settings, every number checked with a message naming its option. */
export function weblogSettings(flags: WeblogFlags): Omit<Parameters<typeof weblogToFiles>[0], 'events'> {
  if (flags.evaluate && flags.labels === 'files' && flags.holdout === undefined) {
    throw new ZeekseqError(
      '--evaluate needs --holdout: held-out training clients are the normal sessions the --score sessions are ranked against (or label clients with --labels heuristic).',
    );
  }
  if (flags.score === undefined && flags.holdout === undefined) {
    throw new ZeekseqError(
      'weblog: nothing to score; pass --score files, or --holdout to score held-out training clients.',
    );
  }
  const whole = (option: string, text: string, min: number) =>
    parseNumber(option, text, (n) => Number.isInteger(n) && n >= min, `a whole number >= ${min}`);
  return {
    train: flags.train,
    score: flags.score ?? [],
    output: flags.output,
    model: flags.model,
    format: flags.format,
    timeout: parseDuration(flags.timeout),
    client: flags.client,
    canary: flags.canary === undefined ? [] : commaList(flags.canary),
    mainPage: flags.mainPage === undefined ? [] : commaList(flags.mainPage),
    minCount: whole('--min-count', flags.minCount, 1),
    tokens: TOKEN_CHOICES[flags.tokens],
    smoothing: parseNumber('--smoothing', flags.smoothing, (n) => n > 0, 'a number > 0'),
    scoreBy: flags.scoreBy,
    selfTransitions: flags.selfTransitions,
    tiers: tierQuantiles(flags.tiers),
    holdout:
      flags.holdout === undefined
        ? null
        : parseNumber('--holdout', flags.holdout, (n) => n > 0 && n < 1, 'a fraction between 0 and 1'),
    seed: parseNumber('--seed', flags.seed, Number.isInteger, 'a whole number'),
    labels: flags.labels,
    heuristic: {
      burstCount: whole('--burst-count', flags.burstCount, 1),
      burstWindow: parseDuration(flags.burstWindow, '--burst-window'),
    },
    evaluate: flags.evaluate ?? false,
    transformer: {
      seqLen: whole('--seq-len', flags.seqLen, 3),
      epochs: whole('--epochs', flags.epochs, 1),
      patience: whole('--patience', flags.patience, 1),
      batchSize: whole('--batch-size', flags.batchSize, 1),
      learningRate: parseNumber('--learning-rate', flags.learningRate, (n) => n > 0, 'a number > 0'),
      scoreBy: flags.transformerScoreBy,
    },
  };
}

export function buildWeblogCommand(): Command {
  return (
    new Command('weblog')
      .description(
        'Find anomalous sessions in Apache/nginx access logs with a first-order Markov model of request paths, a masked-token transformer, or both.',
      )
      .requiredOption('--train <files...>', 'access logs of normal traffic to learn from')
      .option('--score <files...>', 'access logs whose sessions are scored (optional with --holdout)')
      .requiredOption(
        '--output <dir>',
        'folder for alerts.csv, clients.csv, high-clients.txt, problems.csv and the models (model.json, transformer/)',
      )
      .addOption(
        new Option(
          '--model <name>',
          'markov (first-order Markov chain), transformer (masked-token, tiny preset) or both',
        )
          .choices(['markov', 'transformer', 'both'])
          .default('markov'),
      )
      .option('--format <format>', 'combined, common, nginx-combined, or a LogFormat / log_format string', 'combined')
      .option('--timeout <duration>', 'idle time that ends a session (s, m, h, d)', '30m')
      .addOption(new Option('--client <key>', 'what identifies a client').choices(['ip+ua', 'ip']).default('ip+ua'))
      .option('--canary <paths>', 'comma-separated canary paths or globs: a session requesting one is HIGH')
      .option('--main-page <paths>', 'comma-separated main-page paths: transitions into GET <path> always acceptable')
      .option('--min-count <k>', 'paths seen fewer than k times in training are out of vocabulary', '1')
      .addOption(
        new Option(
          '--tokens <what>',
          "what a request token holds besides the method: the normalized path or its kind (page, static, backup, config, ...), with the status class ('+status')",
        )
          .choices(Object.keys(TOKEN_CHOICES))
          .default('path'),
      )
      .option('--smoothing <k>', 'add-k smoothing of transition probabilities', '0.01')
      .addOption(
        new Option('--score-by <how>', 'session score from the mean or the least likely transition')
          .choices(['mean', 'min'])
          .default('mean'),
      )
      .addOption(
        new Option('--self-transitions <how>', 'a request followed by the same request')
          .choices(['score', 'accept'])
          .default('score'),
      )
      .option('--tiers <q,q,q>', 'training-score quantiles above which a session is LOW,MEDIUM,HIGH', '0.95,0.99,0.999')
      .option('--holdout <fraction>', 'also score this share of training clients, held out of training')
      .option(
        '--seed <n>',
        'seed of the --holdout split and of the transformer (weights, split, masking, batches)',
        '1',
      )
      .addOption(
        new Option(
          '--labels <how>',
          'files: --score sessions anomalous, held-out ones normal; heuristic: each scored client probing, 404-burst, crawler or ordinary by a stated rule (labels.csv)',
        )
          .choices(['files', 'heuristic'])
          .default('files'),
      )
      .option(
        '--burst-count <n>',
        'heuristic labels: distinct paths answered 404/410 within --burst-window that make a 404 burst',
        String(DEFAULT_BURST_COUNT),
      )
      .option(
        '--burst-window <duration>',
        'heuristic labels: the window of a 404 burst (s, m, h, d)',
        `${DEFAULT_BURST_WINDOW / 60}m`,
      )
      .option(
        '--evaluate',
        'rank the anomalous against the normal by --labels: average precision, ROC-AUC (heuristic labels: per client, precision at 10 and 20, median ranks)',
      )
      .option(
        '--seq-len <n>',
        `transformer: positions per session, CLS and SEP included; longer sessions keep their first n - 1 requests`,
        String(DEFAULT_WEBLOG_SEQ_LEN),
      )
      .option('--epochs <n>', 'transformer: most training epochs (early stopping on the validation loss)', '20')
      .option('--patience <n>', 'transformer: epochs without a better validation loss before stopping', '3')
      // A web log has a few thousand sessions, not millions of connections: small batches give enough steps.
      .option('--batch-size <n>', 'transformer: sessions per training batch', '32')
      .option('--learning-rate <x>', 'transformer: Adam learning rate', '0.001')
      .addOption(
        new Option(
          '--transformer-score-by <how>',
          "transformer: session score from the requests' mean surprisal (nats) or the original's pseudo-likelihood score",
        )
          .choices(['surprisal', 'original'])
          .default('surprisal'),
      )
      // Subcommands do not inherit the program's exitOverride: usage errors must reach run() too, not exit the process.
      .exitOverride()
      .option('--runs-dir <dir>', RUNS_DIR_HELP)
      .action(async (flags: WeblogFlags) => {
        const settings = weblogSettings(flags);
        const events = new EventStream();
        const lines = await tracked(
          {
            kind: 'weblog',
            runsDir: flags.runsDir,
            params: settings,
            inputs: [...flags.train, ...(flags.score ?? [])],
            events,
          },
          async () => (await import('../weblog/pipeline.js')).weblogToFiles({ ...settings, events }),
        );
        console.log(lines.join('\n'));
      })
  );
}
