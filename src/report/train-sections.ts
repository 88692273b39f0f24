/**
 * A train run's results, read from the model directory it wrote: what it learned from (connections, the split),
 * the vocabulary, the training curves of the transformer, and where the threshold cuts the threshold split's
 * scores with its bootstrap band.
 */
import type { EpochReport } from '../model/train.js';
import { Detector } from '../pipeline/detector.js';
import type { StoredRun } from '../track/read-runs.js';
import { scoreDistributionChart } from '../viz/score-distribution-chart.js';
import { trainingCurvesChart } from '../viz/training-curves-chart.js';
import { vocabularyChart } from '../viz/vocabulary-chart.js';
import type { ReportBlock, ReportSection } from './document.js';
import { runPath } from '../track/read-runs.js';
import { formatCount } from '../util/format-count.js';

/** The model directory of a train run: its recorded `model` output, else its `model` parameter. */
export function modelDirOf(run: StoredRun): string | null {
  const recorded = run.record.outputs.find((output) => output.kind === 'model');
  if (recorded) return runPath(run, recorded.path);
  const model = run.record.params.model;
  return typeof model === 'string' ? runPath(run, model) : null;
}

/** The Detector in `dir`, or why it cannot be read (a report of an old run whose model was removed still renders). */
export async function loadModel(dir: string | null): Promise<Detector | string> {
  if (dir === null) return 'the run records no model directory';
  try {
    return await Detector.load(dir);
  } catch (error) {
    return `the model directory ${dir} cannot be read (${(error as Error).message})`;
  }
}

export async function trainSections(run: StoredRun): Promise<ReportSection[]> {
  const dir = modelDirOf(run);
  const detector = await loadModel(dir);
  if (typeof detector === 'string')
    return [{ title: 'Model', blocks: [{ kind: 'paragraph', text: `No model charts: ${detector}.` }] }];
  try {
    const record = detector.record;
    const scorer = detector.params.scorer;
    const threshold = detector.threshold;
    const blocks: ReportBlock[] = [
      {
        kind: 'paragraph',
        text: `A ${scorer} model trained on ${formatCount(record.connections)} connections (${formatCount(record.connectionsRead)} read from ${record.origin}), saved in ${dir}. Scores above the threshold ${threshold.point.threshold.toPrecision(6)} are anomalies: the acceptance rate ${threshold.point.acceptanceRate} lets that share of the threshold split through.`,
      },
      {
        kind: 'key-values',
        title: 'What training found',
        entries: [
          ['connections read', record.connectionsRead],
          ['connections kept', record.connections],
          ['distinct sequences', record.distinctSequences],
          ['sequences truncated', record.truncated],
          ['vocabulary size', record.vocabularySize],
          [
            'split: train / validation / threshold',
            `${record.split.train} / ${record.split.validation} / ${record.split.threshold}`,
          ],
          ['threshold', threshold.point.threshold],
          [
            `bootstrap interval (${threshold.quantiles.join('–')})`,
            `${threshold.lower.toPrecision(6)} – ${threshold.upper.toPrecision(6)}`,
          ],
          ['threshold-split connections above it', `${threshold.point.above} of ${threshold.point.total}`],
        ],
      },
    ];
    if (threshold.warning) blocks.push({ kind: 'paragraph', text: `Warning: ${threshold.warning}` });
    blocks.push({ kind: 'chart', spec: vocabularyChart(detector.tokenizer.vocabulary) });
    const transformer = record.scorers.transformer as { history?: EpochReport[]; bestEpoch?: number } | undefined;
    if (transformer?.history && transformer.history.length > 0)
      blocks.push({
        kind: 'chart',
        spec: trainingCurvesChart(transformer.history, { bestEpoch: transformer.bestEpoch }),
        caption: 'Validation loss rising after the kept epoch while training loss falls is over-fitting.',
      });
    else
      blocks.push({
        kind: 'paragraph',
        text: `No training curves: the ${scorer} scorer is fitted in one pass, without epochs.`,
      });
    const split = detector.thresholdSplit[scorer];
    if (split && split.scores.length > 0)
      blocks.push({
        kind: 'chart',
        spec: scoreDistributionChart({
          scores: split.scores,
          counts: split.counts,
          threshold,
          title: `Scores of the threshold split (${scorer})`,
        }),
        caption:
          'Connections held out of training, scored by the model: the threshold is the score the acceptance rate lets through; the band is its bootstrap interval (a wide band: few scores above it).',
      });
    return [{ title: 'Model', blocks }];
  } finally {
    detector.dispose();
  }
}
