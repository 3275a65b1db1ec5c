import { logSumExp } from './softmax.js';

/**
 * MSP, the maximum softmax probability of one row (Hendrycks & Gimpel 2017,
 * https://arxiv.org/abs/1610.02136; OpenOOD `MSPPostprocessor`). Higher = more in-distribution.
 *
 * @param probabilities - softmax output; only `[offset, offset+length)` is read.
 * @param offset - @defaultValue 0
 * @param length - @defaultValue `probabilities.length - offset`
 */
export function mspScore(
  probabilities: ArrayLike<number>,
  offset = 0,
  length = probabilities.length - offset,
): number {
  return rowMax(probabilities, offset, length);
}

/**
 * MaxLogit, the largest logit of one row (Hendrycks et al. 2022, https://arxiv.org/abs/1911.11132;
 * OpenOOD `MaxLogitPostprocessor`).
 *
 * @param offset - @defaultValue 0
 * @param length - @defaultValue `logits.length - offset`
 */
export function maxLogitScore(
  logits: ArrayLike<number>,
  offset = 0,
  length = logits.length - offset,
): number {
  return rowMax(logits, offset, length);
}

/**
 * Energy score T·logsumexp(logits / T) of one row (Liu et al. 2020,
 * https://arxiv.org/abs/2010.03759; OpenOOD `EBOPostprocessor`), the negative free energy:
 * higher = more in-distribution.
 *
 * @param temperature - T. @defaultValue 1
 * @param offset - @defaultValue 0
 * @param length - @defaultValue `logits.length - offset`
 */
export function energyScore(
  logits: ArrayLike<number>,
  temperature = 1,
  offset = 0,
  length = logits.length - offset,
): number {
  if (temperature === 1) return logSumExp(logits, offset, length);
  const scaled = new Float64Array(length);
  for (let i = 0; i < length; i++) scaled[i] = logits[offset + i]! / temperature;
  return temperature * logSumExp(scaled);
}

function rowMax(values: ArrayLike<number>, offset: number, length: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = offset; i < offset + length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) return Number.NaN;
    if (v > max) max = v;
  }
  return max;
}
