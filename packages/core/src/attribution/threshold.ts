import { SnowblindError } from '../errors.js';
import type { Layout } from '../image/types.js';

/** Which attributions a heat map shows (Captum's `sign`). */
export const VISUALIZE_SIGNS = ['all', 'positive', 'negative', 'absolute_value'] as const;

/** One of {@link VISUALIZE_SIGNS}. */
export type VisualizeSign = (typeof VISUALIZE_SIGNS)[number];

/**
 * The smallest value v of `values` (sorted ascending) at which the running sum reaches
 * `percentile`% of the total: Captum's `_cumulative_sum_threshold`. Values above it are the top
 * (100 − percentile)% of the attribution mass and get clipped by the normalisation.
 */
export function cumulativeSumThreshold(values: ArrayLike<number>, percentile: number): number {
  if (!(percentile >= 0 && percentile <= 100)) {
    throw new SnowblindError('BAD_INPUT', `percentile must be in [0, 100], got ${percentile}`);
  }
  const sorted = Float64Array.from(values).sort();
  let total = 0;
  for (const v of sorted) total += v;
  const goal = total * 0.01 * percentile;
  let running = 0;
  for (const v of sorted) {
    running += v;
    if (running >= goal) return v;
  }
  return sorted[sorted.length - 1] ?? 0;
}

/** Sums one example's attributions over channels into an H×W map (Captum sums HWC's last axis). */
export function channelSum(
  attributions: Float32Array,
  height: number,
  width: number,
  layout: Layout = 'NCHW',
): Float64Array {
  const pixels = height * width;
  const channels = attributions.length / pixels;
  if (!Number.isInteger(channels) || channels < 1) {
    throw new SnowblindError(
      'SHAPE_MISMATCH',
      `${attributions.length} attributions do not fit a ${height}×${width} image`,
      { hint: 'pass one example of attributions and the image the model saw (after resize and crop)' },
    );
  }
  const out = new Float64Array(pixels);
  for (let p = 0; p < pixels; p++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) {
      sum += layout === 'NCHW' ? attributions[c * pixels + p]! : attributions[p * channels + c]!;
    }
    out[p] = sum;
  }
  return out;
}

/** The part of `v` that `sign` shows. */
function keep(v: number, sign: VisualizeSign): number {
  switch (sign) {
    case 'positive':
      return Math.max(v, 0);
    case 'negative':
      return Math.min(v, 0);
    case 'absolute_value':
      return Math.abs(v);
    default:
      return v;
  }
}

/** A channel-summed map scaled into [−1, 1] (or [0, 1] for one-sided signs). */
export interface NormalizedMap {
  readonly values: Float64Array;
  /** The scale factor the map was divided by (negative for `sign: 'negative'`). */
  readonly threshold: number;
}

/**
 * Captum's `_normalize_attr`: keeps the values `sign` selects, divides by the cumulative-sum
 * threshold at (100 − outlierPerc)% and clips to [−1, 1]. For `negative` the threshold is
 * negative, so the kept (negative) values map to [0, 1].
 *
 * @throws SnowblindError `BAD_INPUT` when the threshold is 0 — an all-zero map, or no value of the
 *   requested sign (e.g. an all-negative map under `positive`) — where Captum fails with
 *   "Cannot normalize by scale factor = 0".
 */
export function normalizeAttribution(
  map: ArrayLike<number>,
  sign: VisualizeSign,
  outlierPerc = 2,
): NormalizedMap {
  if (!VISUALIZE_SIGNS.includes(sign)) {
    throw new SnowblindError('BAD_INPUT', `unknown sign "${sign}"`, {
      hint: `use one of ${VISUALIZE_SIGNS.join(', ')}`,
    });
  }
  const kept = Float64Array.from(map, (v) => keep(v, sign));
  const magnitudes = sign === 'all' || sign === 'negative' ? kept.map(Math.abs) : kept;
  let threshold = cumulativeSumThreshold(magnitudes, 100 - outlierPerc);
  if (sign === 'negative') threshold = -threshold;
  if (threshold === 0 || Number.isNaN(threshold)) {
    const what = sign === 'all' || sign === 'absolute_value' ? 'nonzero' : sign;
    throw new SnowblindError(
      'BAD_INPUT',
      `cannot normalize the attribution map by scale factor 0: it has no ${what} values`,
      {
        hint:
          sign === 'positive' || sign === 'negative'
            ? `use sign 'all' or 'absolute_value', or the opposite sign, to see this map`
            : 'the attributions are all zero; check the target class and the baseline',
      },
    );
  }
  // `+ 0` turns the −0 of 0 / (negative threshold) into 0.
  const values = kept.map((v) => Math.min(1, Math.max(-1, v / threshold)) + 0);
  return { values, threshold };
}
