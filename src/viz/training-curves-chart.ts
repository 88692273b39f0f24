/**
 * Training curves of the masked-token transformer, one point per epoch: training and validation loss, and the
 * validation split's masked accuracy and macro-F1 (EpochReport measures those on validation only; training
 * batches run with dropout, so their accuracy would not compare). The epoch whose weights were kept is marked:
 * a validation loss rising after it while the training loss falls is over-fitting.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { EpochReport } from '../model/train.js';
import { ZeekseqError } from '../util/errors.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA } from './chart-style.js';

const METRICS = ['loss', 'masked accuracy', 'macro-F1'];
const SPLITS = { domain: ['training', 'validation'], range: ['#4c78a8', '#f58518'] };

/** Loss, masked accuracy and macro-F1 against the epoch, a panel each; `bestEpoch` drawn as a dashed rule. */
export function trainingCurvesChart(
  history: readonly EpochReport[],
  options: { bestEpoch?: number; title?: string } = {},
): TopLevelSpec {
  if (history.length === 0)
    throw new ZeekseqError('training curves: the history is empty; train for at least one epoch first.');
  const values = history.flatMap((e) => [
    { epoch: e.epoch, metric: 'loss', split: 'training', value: e.trainLoss },
    { epoch: e.epoch, metric: 'loss', split: 'validation', value: e.validationLoss },
    { epoch: e.epoch, metric: 'masked accuracy', split: 'validation', value: e.accuracy },
    { epoch: e.epoch, metric: 'macro-F1', split: 'validation', value: e.macroF1 },
  ]);
  const best = options.bestEpoch;
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CHART_CONFIG,
    title: {
      text: options.title ?? 'Training curves',
      subtitle: `${history.length} epoch${history.length === 1 ? '' : 's'}${best === undefined ? '' : `; weights kept from epoch ${best} (dashed)`}`,
    },
    data: { values },
    facet: { column: { field: 'metric', type: 'nominal', title: null, sort: METRICS } },
    spec: {
      width: 200,
      height: 160,
      layer: [
        {
          mark: { type: 'line', point: true },
          encoding: {
            x: {
              field: 'epoch',
              type: 'quantitative',
              title: 'epoch',
              axis: { tickMinStep: 1, format: 'd' },
              scale: { domain: [1, Math.max(2, ...history.map((e) => e.epoch))] },
            },
            y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
            color: { field: 'split', type: 'nominal', title: 'split', scale: SPLITS },
          },
        },
        ...(best === undefined
          ? []
          : [
              {
                // one rule per panel: the best epoch's rows, one per metric
                transform: [
                  { filter: { field: 'epoch', equal: best } },
                  { aggregate: [{ op: 'count' as const, as: 'rows' }], groupby: ['metric', 'epoch'] },
                ],
                mark: { type: 'rule' as const, strokeDash: [4, 3], color: '#555' },
                encoding: { x: { field: 'epoch', type: 'quantitative' as const } },
              },
            ]),
      ],
    },
    resolve: { scale: { y: 'independent' } },
  };
}
