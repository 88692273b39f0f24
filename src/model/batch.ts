/**
 * A block of masked rows as model inputs: the ids cut to the block's longest row (positions past every row's end
 * are padding that attention ignores, so dropping them changes nothing but the work), the padding bias, and the
 * flat indices and true tokens of the masked positions, where the loss is taken.
 */
import * as tf from '@tensorflow/tfjs';
import { IGNORED, type MaskedRows } from './masking.js';
import { keyBiasFor } from './transformer.js';

export interface MaskedBatch {
  ids: tf.Tensor2D;
  keyBias: tf.Tensor4D | null;
  /** Indices of masked positions into the batch's flattened rows × width. */
  positions: tf.Tensor1D;
  labels: tf.Tensor1D;
  /** Row of each masked position within the block. */
  positionRows: Int32Array;
  /** True token of each masked position. */
  labelValues: Int32Array;
}

/** Tensors for a block of `lengths.length` masked rows laid out `seqLen` wide. Call inside tf.tidy. */
export function maskedBatch(masked: MaskedRows, lengths: ArrayLike<number>, seqLen: number): MaskedBatch {
  const rows = lengths.length;
  let width = 0;
  for (let b = 0; b < rows; b++) width = Math.max(width, lengths[b]);
  const ids = new Int32Array(rows * width);
  const positions: number[] = [];
  const positionRows: number[] = [];
  const labelValues: number[] = [];
  for (let b = 0; b < rows; b++) {
    ids.set(masked.inputs.subarray(b * seqLen, b * seqLen + width), b * width);
    for (let j = 0; j < width; j++) {
      const label = masked.labels[b * seqLen + j];
      if (label === IGNORED) continue;
      positions.push(b * width + j);
      positionRows.push(b);
      labelValues.push(label);
    }
  }
  return {
    ids: tf.tensor2d(ids, [rows, width], 'int32'),
    keyBias: keyBiasFor(lengths, width),
    positions: tf.tensor1d(positions, 'int32'),
    labels: tf.tensor1d(labelValues, 'int32'),
    positionRows: Int32Array.from(positionRows),
    labelValues: Int32Array.from(labelValues),
  };
}
