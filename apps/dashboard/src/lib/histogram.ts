/** One series of top-1 confidences, named for the legend. */
export interface ScoreSeries {
  readonly name: string;
  readonly scores: readonly number[];
}

/** One histogram bin: its range and, per series name, the share of that series' images in it. */
export interface HistogramBin {
  readonly x0: number;
  readonly x1: number;
  /** Bin midpoint, the x of the overlaid curves. */
  readonly x: number;
  readonly label: string;
  readonly [series: string]: number | string;
}

/**
 * Bin confidences in [0, 1] into `bins` equal bins for an overlaid histogram, one column per
 * series. Values are shares of each series (not counts), so series of different sizes overlay.
 *
 * @remarks Bins are half-open `[x0, x1)` except the last, which includes 1 (numpy's rule);
 * values outside [0, 1] are clamped into the end bins, non-finite ones are dropped.
 * @param bins - number of bins @defaultValue 20
 */
export function confidenceHistogram(series: readonly ScoreSeries[], bins = 20): HistogramBin[] {
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`bins must be a positive integer, got ${bins}`);
  const counts = series.map(() => new Array<number>(bins).fill(0));
  const totals = series.map(() => 0);
  series.forEach((s, i) => {
    for (const v of s.scores) {
      if (!Number.isFinite(v)) continue;
      const b = Math.min(bins - 1, Math.max(0, Math.floor(v * bins)));
      counts[i]![b]! += 1;
      totals[i]! += 1;
    }
  });
  return Array.from({ length: bins }, (_, b) => {
    const x0 = b / bins;
    const x1 = (b + 1) / bins;
    const row: Record<string, number | string> = {
      x0,
      x1,
      x: (x0 + x1) / 2,
      label: `${x0.toFixed(2)}–${x1.toFixed(2)}`,
    };
    series.forEach((s, i) => {
      row[s.name] = totals[i] ? counts[i]![b]! / totals[i]! : 0;
    });
    return row as HistogramBin;
  });
}

/**
 * The top of a y axis that every chart of `series` shares (small multiples compare heights only
 * on one scale): the largest share in any bin, rounded up to a tenth, at most 1.
 */
export function sharedShareMax(bins: readonly HistogramBin[], series: readonly string[]): number {
  let max = 0;
  for (const bin of bins) for (const name of series) max = Math.max(max, Number(bin[name]) || 0);
  return Math.min(1, Math.max(0.1, Math.ceil(max * 10 - 1e-9) / 10));
}
