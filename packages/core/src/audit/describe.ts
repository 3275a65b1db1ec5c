import { pairwiseSum } from './pairwise-sum.js';

/**
 * The statistics of pandas `Series.describe()` for a numeric series, under pandas' names.
 * `std` is `NaN` when fewer than two values are present (ddof = 1), every field but `count`
 * is `NaN` for an empty series.
 */
export interface Describe {
  readonly count: number;
  readonly mean: number;
  /** Sample standard deviation (ddof = 1). */
  readonly std: number;
  readonly min: number;
  readonly '25%': number;
  readonly '50%': number;
  readonly '75%': number;
  readonly max: number;
}

/** The row names of a describe() table, in pandas' order. */
export const DESCRIBE_FIELDS = ['count', 'mean', 'std', 'min', '25%', '50%', '75%', 'max'] as const;

/**
 * pandas `Series.describe()` of `values`, reproduced to the last bit for pandas 1.5 with
 * numpy and bottleneck (the Debian stack the reference fixtures come from).
 *
 * @remarks
 * - `NaN` values are skipped, as pandas' `skipna=True` does; `count` is the number of others.
 * - `mean` = numpy pairwise sum / count (pandas `nanmean`, NaN counted as 0 in the sum).
 * - `std` = bottleneck `nanstd(ddof=1)`: a naive two-pass sum, which is what pandas calls when
 *   bottleneck is installed. It can differ from `mean`'s last bit: for ten copies of 0.1,
 *   pandas reports std 1.46e-17, and so does this function.
 * - percentiles = `np.percentile(method='linear')` (numpy's default): virtual index
 *   q·(n−1), then numpy's `_lerp`, which interpolates from the upper neighbour when the
 *   fraction is ≥ 0.5.
 *
 * @param values - any numbers; copied, never modified.
 */
export function describe(values: ArrayLike<number>): Describe {
  const copy = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) copy[i] = values[i]!;
  return describeOwned(copy, copy.length);
}

/**
 * describe() of the first `length` entries of `data` (read only; sorting uses a copy).
 * @internal
 */
export function describeOwned(data: Float64Array, length: number): Describe {
  // Mean: pandas sums with NaN replaced by 0, so the pairwise blocks line up with positions.
  let count = 0;
  let hasNaN = false;
  for (let i = 0; i < length; i++) {
    if (Number.isNaN(data[i]!)) hasNaN = true;
    else count++;
  }
  let sum: number;
  if (hasNaN) {
    const zeroed = new Float64Array(length);
    for (let i = 0; i < length; i++) zeroed[i] = Number.isNaN(data[i]!) ? 0 : data[i]!;
    sum = pairwiseSum(zeroed);
  } else {
    sum = pairwiseSum(data, 0, length);
  }
  const mean = count === 0 ? Number.NaN : sum / count;
  const std = bottleneckStd(data, length, count);

  // Quantiles and extrema on the sorted non-NaN values.
  const sorted = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < length; i++) if (!Number.isNaN(data[i]!)) sorted[k++] = data[i]!;
  sorted.sort();
  return {
    count,
    mean,
    std,
    min: count === 0 ? Number.NaN : sorted[0]!,
    '25%': linearQuantile(sorted, 0.25),
    '50%': linearQuantile(sorted, 0.5),
    '75%': linearQuantile(sorted, 0.75),
    max: count === 0 ? Number.NaN : sorted[count - 1]!,
  };
}

/** bottleneck's `nanstd(a, ddof=1)` for a 1-d float64 array: naive sums, two passes. */
function bottleneckStd(data: Float64Array, length: number, count: number): number {
  if (count <= 1) return Number.NaN;
  let asum = 0;
  for (let i = 0; i < length; i++) {
    const ai = data[i]!;
    if (!Number.isNaN(ai)) asum += ai;
  }
  const amean = asum / count;
  asum = 0;
  for (let i = 0; i < length; i++) {
    let ai = data[i]!;
    if (!Number.isNaN(ai)) {
      ai -= amean;
      asum += ai * ai;
    }
  }
  return Math.sqrt(asum / (count - 1));
}

/**
 * numpy 1.24 `percentile(sorted, q·100, method='linear')` on ascending, NaN-free values.
 * The virtual index is (n − 1)·q (numpy's `linear` method); `_lerp` is followed exactly
 * because its order of operations shows in the last bit.
 */
export function linearQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const virtualIndex = (n - 1) * q;
  const below = Math.min(Math.max(Math.floor(virtualIndex), 0), n - 1);
  const above = Math.min(below + 1, n - 1);
  const gamma = virtualIndex - Math.floor(virtualIndex);
  const a = sorted[below]!;
  const b = sorted[above]!;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}
