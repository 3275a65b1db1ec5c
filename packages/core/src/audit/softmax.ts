import { SnowblindError } from '../errors.js';

/**
 * Row-wise softmax of an `n × classes` matrix of logits (row-major), as `torch.softmax(x, 1)`.
 *
 * Each row is shifted by its maximum before `exp` (so large logits never overflow) and summed
 * in float64; only the final probabilities are rounded to float32.
 *
 * @param out - where to write; reuse one buffer across batches to avoid allocation.
 *   @defaultValue a new `Float32Array(n * classes)`
 * @returns `out`
 */
export function softmax(logits: Float32Array, n: number, classes: number, out?: Float32Array): Float32Array {
  const size = n * classes;
  if (logits.length < size) {
    throw new SnowblindError('BAD_INPUT', `softmax: expected ${n}×${classes} values, got ${logits.length}`);
  }
  const result = out ?? new Float32Array(size);
  if (result.length < size) {
    throw new SnowblindError('BAD_INPUT', `softmax: output holds ${result.length} values, needs ${size}`);
  }
  for (let r = 0; r < n; r++) {
    const base = r * classes;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c++) if (logits[base + c]! > max) max = logits[base + c]!;
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[base + c]! - max);
    for (let c = 0; c < classes; c++) result[base + c] = Math.exp(logits[base + c]! - max) / sum;
  }
  return result;
}

/**
 * log Σ exp(values[i]) over `values[offset .. offset+length)`, computed stably as
 * max + log Σ exp(values[i] − max) in float64 (`torch.logsumexp`).
 *
 * @param offset - first index. @defaultValue 0
 * @param length - number of values. @defaultValue `values.length - offset`
 * @returns `-Infinity` for an empty range or all `-Infinity`; `Infinity` if any value is.
 */
export function logSumExp(values: ArrayLike<number>, offset = 0, length = values.length - offset): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = offset; i < offset + length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) return Number.NaN;
    if (v > max) max = v;
  }
  if (!Number.isFinite(max)) return max;
  let sum = 0;
  for (let i = offset; i < offset + length; i++) sum += Math.exp(values[i]! - max);
  return max + Math.log(sum);
}
