import { SnowblindError } from '../errors.js';

/** Which side of an OOD evaluation counts as the positive class of a ROC curve. */
export type RocPositive = 'ood' | 'in-distribution';

/** Options of {@link rocCurve}. */
export interface RocCurveOptions {
  /**
   * The positive class. `'ood'` is OpenOOD's convention and the curve {@link oodMetrics} reads
   * AUROC and FPR@95TPR from: `roc_curve(is_ood, −score)`. `'in-distribution'` is
   * `roc_curve(is_id, score)`, the same polyline mirrored in the anti-diagonal
   * ((fpr, tpr) ↦ (1 − tpr, 1 − fpr)) with thresholds on the score itself.
   * @defaultValue 'ood'
   */
  readonly positive?: RocPositive;
}

/**
 * A ROC curve as scikit-learn's `roc_curve` returns it: three arrays of one length, ordered by
 * decreasing threshold, from (0, 0) to (1, 1).
 */
export interface RocCurve {
  /** False-positive rate at each threshold. */
  readonly fpr: number[];
  /** True-positive rate at each threshold. */
  readonly tpr: number[];
  /**
   * A sample is predicted positive when its decision value is ≥ the threshold. The decision
   * value is −score for `positive: 'ood'` (so noise is flagged when score ≤ −threshold) and the
   * score for `'in-distribution'`. The first threshold is `+Infinity` (nothing predicted positive).
   */
  readonly thresholds: number[];
}

/**
 * scikit-learn ≥ 1.3 `roc_curve(y_true, y_score, drop_intermediate=True)` on in-distribution
 * and OOD detector scores (`sklearn/metrics/_ranking.py`), point for point: tied scores share
 * one threshold, points in the middle of a straight run are dropped (only corners and the two
 * ends stay), and a leading point (0, 0) with threshold `+Infinity` is prepended (scikit-learn
 * before 1.3 used `thresholds[1] + 1` there).
 *
 * The trapezoidal area under the returned points is exactly {@link auroc}.
 *
 * @param idScores - detector scores of in-distribution samples (higher = more ID: MSP,
 *   MaxLogit, energy).
 * @param oodScores - detector scores of OOD samples (noise images).
 * @param options - {@link RocCurveOptions}.
 * @throws SnowblindError `BAD_INPUT` for an empty side or a NaN score.
 * @see https://github.com/Jingkang50/OpenOOD/blob/main/openood/evaluators/metrics.py
 */
export function rocCurve(
  idScores: ArrayLike<number>,
  oodScores: ArrayLike<number>,
  options: RocCurveOptions = {},
): RocCurve {
  const positive = options.positive ?? 'ood';
  if (positive !== 'ood' && positive !== 'in-distribution') {
    throw new SnowblindError(
      'BAD_INPUT',
      `rocCurve: positive must be "ood" or "in-distribution", got "${positive}"`,
    );
  }
  if (idScores.length === 0 || oodScores.length === 0) {
    throw new SnowblindError(
      'BAD_INPUT',
      'a ROC curve needs at least one in-distribution and one OOD score',
      {
        hint: 'Pass the scores of real images as idScores and of noise images as oodScores.',
      },
    );
  }
  // Decision values (higher = more positive) and labels, as scikit-learn receives them.
  const sign = positive === 'ood' ? -1 : 1;
  const n = idScores.length + oodScores.length;
  const value = new Float64Array(n);
  const isPositive = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const fromId = i < idScores.length;
    const score = fromId ? idScores[i]! : oodScores[i - idScores.length]!;
    if (Number.isNaN(score)) throw new SnowblindError('BAD_INPUT', 'rocCurve: a score is NaN');
    value[i] = sign * score;
    isPositive[i] = fromId === (positive === 'in-distribution') ? 1 : 0;
  }
  return fromCounts(dropIntermediate(binaryClfCurve(value, isPositive)));
}

/** Cumulative false and true positives at each distinct decision value, from the highest down. */
export interface Counts {
  fps: number[];
  tps: number[];
  thresholds: number[];
}

/**
 * scikit-learn `_binary_clf_curve`: cumulative false/true positives at each distinct decision
 * value, from the highest down (numpy's stable descending order; ties form one threshold).
 * Also the base of the precision–recall curves in `ood-metrics.ts`.
 * @internal
 */
export function binaryClfCurve(value: Float64Array, positive: Uint8Array): Counts {
  const order = Array.from(value.keys()).sort((a, b) => value[b]! - value[a]! || 0);
  const counts: Counts = { fps: [], tps: [], thresholds: [] };
  let tp = 0;
  for (let i = 0; i < order.length; i++) {
    tp += positive[order[i]!]!;
    const v = value[order[i]!]!;
    if (i === order.length - 1 || v !== value[order[i + 1]!]!) {
      counts.tps.push(tp);
      counts.fps.push(i + 1 - tp);
      counts.thresholds.push(v);
    }
  }
  return counts;
}

/** `drop_intermediate=True`: keep the ends and every point where fps or tps bends. */
function dropIntermediate(c: Counts): Counts {
  const last = c.fps.length - 1;
  if (last < 2) return c;
  const kept: Counts = { fps: [], tps: [], thresholds: [] };
  for (let i = 0; i <= last; i++) {
    const bends =
      i === 0 ||
      i === last ||
      c.fps[i + 1]! - 2 * c.fps[i]! + c.fps[i - 1]! !== 0 ||
      c.tps[i + 1]! - 2 * c.tps[i]! + c.tps[i - 1]! !== 0;
    if (bends) {
      kept.fps.push(c.fps[i]!);
      kept.tps.push(c.tps[i]!);
      kept.thresholds.push(c.thresholds[i]!);
    }
  }
  return kept;
}

/** Prepend the (0, 0, +∞) point and divide by the class totals. */
function fromCounts(c: Counts): RocCurve {
  const negatives = c.fps[c.fps.length - 1]!;
  const positives = c.tps[c.tps.length - 1]!;
  return {
    fpr: [0, ...c.fps.map((f) => f / negatives)],
    tpr: [0, ...c.tps.map((t) => t / positives)],
    thresholds: [Number.POSITIVE_INFINITY, ...c.thresholds],
  };
}
