/**
 * Where generated rows go on disk: `OUT/<YYYY-MM-DD>/<log>.log` per day, or with `rotate` one
 * gzip file per log and hour (`conn.00:00:00-01:00:00.log.gz`) as Zeek's log archive names them,
 * plus `OUT/labels.csv`. Files are opened when their first row arrives, as Zeek does, and rows
 * are counted per day and log for the summary.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import { ZeekseqError } from '../util/errors.js';
import { ZeekTsvWriter, type ZeekValue } from '../zeek/write-tsv.js';
import { SYNTH_SCHEMAS, type SynthLogName } from './logs.js';

const HOUR = 3600;

function clock(hour: number): string {
  return `${String(hour % 24).padStart(2, '0')}:00:00`;
}

export class SynthOutput {
  readonly dir: string;
  readonly rotate: boolean;
  /** Rows written per day (YYYY-MM-DD) and log. */
  readonly rows = new Map<string, Partial<Record<SynthLogName, number>>>();
  private readonly labels: WriteStream;
  private labelRows = 0;
  private labelLines: string[] = [];
  private labelFailure: Error | null = null;
  private writers = new Map<SynthLogName, ZeekTsvWriter>();
  private date = '';
  private dayDir = '';
  private dayStart = 0;
  /** Start of the interval the open files cover (the day, or the hour when rotating). */
  private intervalStart = 0;

  constructor(dir: string, rotate: boolean) {
    this.dir = dir;
    this.rotate = rotate;
    mkdirSync(dir, { recursive: true });
    this.labels = createWriteStream(join(dir, 'labels.csv'));
    this.labels.on('error', (error) => (this.labelFailure ??= error));
    this.labelLines.push('uid,host,scenario');
  }

  /** Labelled connections written so far. */
  get labelCount(): number {
    return this.labelRows;
  }

  beginDay(date: string, dayStart: number): void {
    this.date = date;
    this.dayStart = dayStart;
    this.intervalStart = dayStart;
    this.dayDir = join(this.dir, date);
    mkdirSync(this.dayDir, { recursive: true });
    this.rows.set(date, {});
  }

  write(log: SynthLogName, values: ZeekValue[]): void {
    let writer = this.writers.get(log);
    if (!writer) {
      writer = new ZeekTsvWriter(this.fileName(log), SYNTH_SCHEMAS[log], {
        gzip: this.rotate,
        openTime: this.intervalStart,
      });
      this.writers.set(log, writer);
    }
    writer.write(values);
    const counts = this.rows.get(this.date)!;
    counts[log] = (counts[log] ?? 0) + 1;
  }

  label(uid: string, host: string, scenario: string): void {
    this.labelLines.push(`${uid},${host},${scenario}`);
    this.labelRows++;
  }

  /** The hour ending at `hourEnd` is complete: rotate, or let the streams drain. */
  async endHour(hourEnd: number): Promise<void> {
    await this.flushLabels();
    if (this.rotate) {
      await this.closeFiles(hourEnd);
      this.intervalStart = hourEnd;
    } else {
      for (const writer of this.writers.values()) await writer.flush();
    }
  }

  async endDay(dayEnd: number): Promise<void> {
    await this.closeFiles(dayEnd);
  }

  async close(): Promise<void> {
    await this.flushLabels();
    this.labels.end();
    await finished(this.labels).catch(() => undefined);
    this.checkLabels();
  }

  private fileName(log: SynthLogName): string {
    if (!this.rotate) return join(this.dayDir, `${log}.log`);
    const hour = Math.round((this.intervalStart - this.dayStart) / HOUR);
    return join(this.dayDir, `${log}.${clock(hour)}-${clock(hour + 1)}.log.gz`);
  }

  private async closeFiles(closeTime: number): Promise<void> {
    for (const writer of this.writers.values()) await writer.close(closeTime);
    this.writers = new Map();
  }

  private async flushLabels(): Promise<void> {
    this.checkLabels();
    if (this.labelLines.length === 0) return;
    const ok = this.labels.write(`${this.labelLines.join('\n')}\n`);
    this.labelLines = [];
    if (!ok) await once(this.labels, 'drain').catch(() => undefined);
    this.checkLabels();
  }

  private checkLabels(): void {
    if (this.labelFailure) {
      throw new ZeekseqError(
        `cannot write ${join(this.dir, 'labels.csv')}: ${this.labelFailure.message}; check that ${this.dir} is writable.`,
      );
    }
  }
}
