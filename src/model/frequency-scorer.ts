/**
 * The frequency baseline as a Scorer: score = 1 − the share of training connections with exactly this token row,
 * so a row training never saw scores 1 and the commonest row scores lowest. What any sequence model must beat.
 */
import { ZeekseqError } from '../util/errors.js';
import type { ModelDir, Part } from './model-dir.js';
import type { FitContext, RowScores, Scorer } from './scorer.js';
import { rowCount, type TokenRows } from './token-rows.js';
import { rowsOf } from './train.js';
import { typedFrom } from '../util/typed-from.js';

interface FrequencyJSON {
  format: 'zeekseq-frequency';
  version: 1;
  seqLen: number;
  /** Each training row (token ids joined by commas) with its share of the training connections. */
  rows: Array<[string, number]>;
}

function rowKey(rows: TokenRows, r: number): string {
  return Array.prototype.slice.call(rows.distinct, r * rows.seqLen, (r + 1) * rows.seqLen).join(',');
}

export class FrequencyScorer implements Scorer {
  readonly name = 'frequency' as const;
  readonly params = {};
  private frequency = new Map<string, number>();
  private seqLen = 0;

  async fit(rows: TokenRows, context: FitContext): Promise<void> {
    const train = rowsOf(rows, context.split.train);
    const n = rowCount(train, 'frequency scorer');
    let total = 0;
    for (let r = 0; r < n; r++) total += train.counts?.[r] ?? 1;
    if (!(total > 0))
      throw new ZeekseqError('frequency scorer: the training rows have no connections; fit on at least one.');
    this.frequency = new Map();
    this.seqLen = train.seqLen;
    for (let r = 0; r < n; r++) {
      const key = rowKey(train, r);
      this.frequency.set(key, (this.frequency.get(key) ?? 0) + (train.counts?.[r] ?? 1) / total);
    }
  }

  /** One score per row (counts are not used). */
  async score(rows: TokenRows): Promise<RowScores> {
    if (this.seqLen === 0) throw new ZeekseqError('frequency scorer: not fitted; fit the Detector first.');
    if (rows.seqLen !== this.seqLen)
      throw new ZeekseqError(
        `frequency scorer: rows of seqLen ${rows.seqLen}, fitted on ${this.seqLen}; use the same tokenizer.`,
      );
    const n = rowCount(rows, 'frequency scorer');
    return { score: typedFrom(Float64Array, { length: n }, (_, r) => 1 - (this.frequency.get(rowKey(rows, r)) ?? 0)) };
  }

  record(): Record<string, unknown> {
    return { distinctRows: this.frequency.size };
  }

  async parts(): Promise<Record<string, Part>> {
    const value: FrequencyJSON = {
      format: 'zeekseq-frequency',
      version: 1,
      seqLen: this.seqLen,
      rows: [...this.frequency],
    };
    return { frequency: { kind: 'json', file: 'frequency.json', value } };
  }

  dispose(): void {}

  static load(dir: ModelDir): FrequencyScorer {
    const json = dir.json<FrequencyJSON>('frequency');
    if (json?.format !== 'zeekseq-frequency' || !Array.isArray(json.rows) || !(json.seqLen >= 2)) {
      throw new ZeekseqError(`model directory ${dir.dir}: frequency.json is not a saved frequency scorer; retrain.`);
    }
    const scorer = new FrequencyScorer();
    scorer.seqLen = json.seqLen;
    scorer.frequency = new Map(json.rows);
    return scorer;
  }
}
