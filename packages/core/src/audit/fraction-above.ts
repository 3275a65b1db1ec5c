/** One row of {@link fractionAbove}. */
export interface FractionAbove {
  readonly threshold: number;
  /** Share of values strictly greater than `threshold`, in [0, 1] (NaN for no values). */
  readonly fraction: number;
  /** Number of values strictly greater than `threshold`. */
  readonly count: number;
}

/** The default thresholds of {@link fractionAbove}. */
export const DEFAULT_THRESHOLDS: readonly number[] = [0.5, 0.9, 0.99];

/**
 * For each threshold, the share of `values` strictly above it: "how much noise did the model
 * call with more than 90% confidence". `NaN` values count in the denominator, never above.
 *
 * @param thresholds - @defaultValue [0.5, 0.9, 0.99]
 */
export function fractionAbove(
  values: ArrayLike<number>,
  thresholds: readonly number[] = DEFAULT_THRESHOLDS,
): FractionAbove[] {
  return thresholds.map((threshold) => {
    let count = 0;
    for (let i = 0; i < values.length; i++) if (values[i]! > threshold) count++;
    return { threshold, count, fraction: values.length === 0 ? Number.NaN : count / values.length };
  });
}
