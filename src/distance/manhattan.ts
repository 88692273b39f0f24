/**
 * Manhattan (city-block) distance between two numeric vectors, by ml-distance. Clustering does not call
 * this per pair: its spatial index runs its own loop over row offsets of one Float64Array, since a
 * subarray view per pair would allocate in the innermost loop.
 */
import { distance } from 'ml-distance';
import { ZeekseqError } from '../util/errors.js';

export function manhattan(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new ZeekseqError(
      `manhattan distance of vectors of different lengths (${a.length} and ${b.length}); give both the same features`,
    );
  }
  return distance.manhattan(a as number[], b as number[]);
}
