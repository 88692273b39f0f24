/**
 * `zeekseq synth --out DIR [...]`: generate a synthetic Windows/Active Directory network's Zeek
 * logs with injected attacks and ground truth, and print a one-paragraph summary of what was
 * written.
 */
import { Command } from 'commander';
import { join } from 'node:path';
import { SCENARIO_NAMES, SCENARIOS } from '../synth/scenarios.js';
import { SYNTH_DEFAULTS, synthesize, type SynthOptions, type SynthSummary } from '../synth/synthesize.js';
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

const count = (n: number) => n.toLocaleString('en-US');

/** The paragraph printed after a run: rows per log, attacks injected, where things are. */
export function formatSynthSummary(summary: SynthSummary): string {
  const { parameters: p, days } = summary;
  const span = days.length === 1 ? days[0].date : `${days[0].date} to ${days[days.length - 1].date}`;
  const rows = Object.entries(summary.rows)
    .map(([log, n]) => `${count(n)} ${log}`)
    .join(', ');
  const injected = days
    .filter((d) => d.attacks.length > 0)
    .map(
      (d) =>
        `on ${d.date} ${d.attacks.map((a) => `${a.scenario} by ${a.host} (${a.ip}, ${count(a.connections)} connections)`).join(', ')}`,
    );
  const attacks = injected.length > 0 ? `Attacks injected ${injected.join('; ')}.` : 'No attacks injected.';
  const layout = p.rotate ? 'hourly gzip files' : 'one file per log';
  return (
    `Wrote ${p.days} day${p.days === 1 ? '' : 's'} (${span}) of Zeek logs for ${p.hosts} workstations, a domain controller, ` +
    `a file server and a WSUS server to ${summary.out}/<date>/ (${layout}), seed ${p.seed}: ${rows} rows. ${attacks} ` +
    `Ground truth: ${count(summary.labels.connections)} labelled connections in ${join(summary.out, summary.labels.file)}; ` +
    `parameters and counts in ${join(summary.out, 'synth.json')}.\n`
  );
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
