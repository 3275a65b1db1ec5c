import { SnowblindError } from '../errors.js';
import type { OutputKind } from './types.js';

/** Tolerance on the row sum for {@link looksLikeProbabilities}. */
export const PROBABILITY_SUM_TOLERANCE = 1e-3;

/**
 * True when every one of the `n` rows of `values` (n × k) lies in [0, 1] and sums to 1 within
 * {@link PROBABILITY_SUM_TOLERANCE} — i.e. the model already applied a softmax.
 */
export function looksLikeProbabilities(values: Float32Array, n: number, k: number): boolean {
  if (n < 1 || k < 1 || values.length !== n * k) return false;
  for (let r = 0; r < n; r++) {
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const v = values[r * k + c]!;
      if (!(v >= 0 && v <= 1)) return false;
      sum += v;
    }
    if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) return false;
  }
  return true;
}

/**
 * Decide what a model outputs. An explicit kind wins; for `auto`, a final softmax in the graph
 * (`lastOpIsSoftmax`) or a first batch that looks like probabilities means `probabilities`,
 * anything else `logits`.
 */
export function decideOutputKind(
  requested: OutputKind | 'auto' | undefined,
  lastOpIsSoftmax: boolean,
  firstBatch: { values: Float32Array; n: number; k: number },
): OutputKind {
  if (requested === 'logits' || requested === 'probabilities') return requested;
  if (requested !== undefined && requested !== 'auto') {
    throw new SnowblindError('BAD_INPUT', `unknown outputKind "${String(requested)}"`, {
      hint: 'use logits, probabilities or auto',
    });
  }
  if (lastOpIsSoftmax) return 'probabilities';
  return looksLikeProbabilities(firstBatch.values, firstBatch.n, firstBatch.k) ? 'probabilities' : 'logits';
}
