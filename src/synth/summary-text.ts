/** The paragraph `zeekseq synth` and the demo print after generating: what was written and where. */
import { join } from 'node:path';
import type { SynthSummary } from './synthesize.js';
import { formatCount } from '../util/format-count.js';

/** The paragraph printed after a run: rows per log, attacks injected, where things are. */
export function formatSynthSummary(summary: SynthSummary): string {
  const { parameters: p, days } = summary;
  const span = days.length === 1 ? days[0].date : `${days[0].date} to ${days[days.length - 1].date}`;
  const rows = Object.entries(summary.rows)
    .map(([log, n]) => `${formatCount(n)} ${log}`)
    .join(', ');
  const injected = days
    .filter((d) => d.attacks.length > 0)
    .map(
      (d) =>
        `on ${d.date} ${d.attacks.map((a) => `${a.scenario} by ${a.host} (${a.ip}, ${formatCount(a.connections)} connections)`).join(', ')}`,
    );
  const attacks = injected.length > 0 ? `Attacks injected ${injected.join('; ')}.` : 'No attacks injected.';
  const layout = p.rotate ? 'hourly gzip files' : 'one file per log';
  return (
    `Wrote ${p.days} day${p.days === 1 ? '' : 's'} (${span}) of Zeek logs for ${p.hosts} workstations, a domain controller, ` +
    `a file server and a WSUS server to ${summary.out}/<date>/ (${layout}), seed ${p.seed}: ${rows} rows. ${attacks} ` +
    `Ground truth: ${formatCount(summary.labels.connections)} labelled connections in ${join(summary.out, summary.labels.file)}; ` +
    `parameters and counts in ${join(summary.out, 'synth.json')}.\n`
  );
}
