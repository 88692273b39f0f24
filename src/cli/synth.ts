/**
 * `zeekseq synth --out DIR [...]`: generate a synthetic Windows/Active Directory network's Zeek
 * logs with injected attacks and ground truth, and print a one-paragraph summary of what was
 * written.
 */
import { Command } from 'commander';
import { SCENARIO_NAMES, SCENARIOS } from '../synth/scenarios.js';
import { formatSynthSummary } from '../synth/summary-text.js';
import { SYNTH_DEFAULTS, synthesize, type SynthOptions } from '../synth/synthesize.js';
import { ZeekseqError } from '../util/errors.js';

interface SynthFlags {
  out: string;
  hosts?: string;
  days?: string;
  start?: string;
  seed?: string;
  attacks?: string;
  attackDays?: string;
  connections?: string;
  rotate?: boolean;
}

function wholeNumber(option: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n))
    throw new ZeekseqError(`${option} ${JSON.stringify(text)} is not a whole number.`);
  return n;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/** Command-line flags to generator options (the generator checks ranges and names). */
export function synthOptionsFromFlags(flags: SynthFlags): SynthOptions {
  const attacks = flags.attacks === undefined ? undefined : list(flags.attacks);
  return {
    out: flags.out,
    hosts: flags.hosts === undefined ? undefined : wholeNumber('--hosts', flags.hosts),
    days: flags.days === undefined ? undefined : wholeNumber('--days', flags.days),
    start: flags.start,
    seed: flags.seed === undefined ? undefined : wholeNumber('--seed', flags.seed),
    attacks:
      attacks?.length === 1 && attacks[0] === 'none'
        ? []
        : attacks?.length === 1 && attacks[0] === 'all'
          ? undefined
          : attacks,
    attackDays:
      flags.attackDays === undefined ? undefined : list(flags.attackDays).map((d) => wholeNumber('--attack-days', d)),
    connections: flags.connections === undefined ? undefined : wholeNumber('--connections', flags.connections),
    rotate: flags.rotate ?? false,
  };
}

export function buildSynthCommand(): Command {
  const scenarios = SCENARIO_NAMES.map((name) => `  ${name.padEnd(17)} ${SCENARIOS[name].description}`).join('\n');
  return new Command('synth')
    .description(
      'Generate Zeek logs (conn, dns, http, ssl, files, kerberos, smb, dce_rpc, ntlm, weird, dhcp) of a small Windows/AD network, with attacks and labels.',
    )
    .requiredOption('--out <dir>', 'folder to write OUT/<YYYY-MM-DD>/<log>.log, labels.csv and synth.json into')
    .option('--hosts <n>', `workstations (default ${SYNTH_DEFAULTS.hosts})`)
    .option('--days <n>', `days to simulate (default ${SYNTH_DEFAULTS.days})`)
    .option('--start <date>', `first day, YYYY-MM-DD (default ${SYNTH_DEFAULTS.start})`)
    .option(
      '--seed <n>',
      `random seed: the same seed and options give identical files (default ${SYNTH_DEFAULTS.seed})`,
    )
    .option('--attacks <list>', 'comma-separated scenarios to inject, "all" (default) or "none"')
    .option(
      '--attack-days <list>',
      'comma-separated days (1 = the first) that carry the attacks (default: the last day)',
    )
    .option('--connections <n>', 'scale normal activity to about this many connections in total')
    .option(
      '--rotate',
      'write hourly rotated gzip files (conn.00:00:00-01:00:00.log.gz) instead of one file per log and day',
    )
    .addHelpText(
      'after',
      `\nAttack scenarios:\n${scenarios}\n\nExample:\n  zeekseq synth --out datasets/synthetic --hosts 40 --days 3 --attack-days 3\n`,
    )
    .action(async (flags: SynthFlags) => {
      const summary = await synthesize(synthOptionsFromFlags(flags));
      process.stdout.write(formatSynthSummary(summary));
    });
}
