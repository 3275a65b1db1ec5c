import { SnowblindError } from '../errors.js';
import { pairwiseSum } from './pairwise-sum.js';
import { binaryClfCurve, type RocCurve, rocCurve } from './roc-curve.js';

/** The four numbers OpenOOD reports for one detector on one (ID, OOD) pair. */
export interface OodMetrics {
  readonly auroc: number;
  readonly auprIn: number;
  readonly auprOut: number;
  readonly fprAtTpr: number;
  /** The TPR the FPR was read at. */
  readonly tpr: number;
}

/**
 * OpenOOD's `auc_and_fpr_recall(conf, label, tpr_th)` (`openood/evaluators/metrics.py`) on
 * in-distribution and OOD detector scores, reproducing the scikit-learn calls it makes.
 *
 * Conventions (OpenOOD's): OOD is the **positive** class; a detector scores in-distribution
 * inputs **higher** (MSP, MaxLogit, energy all do), so the ROC uses −score.
 *
 * - `auroc` = `auc(roc_curve(is_ood, −score))`: tied scores form one threshold, so a tie
 *   between an ID and an OOD sample is a diagonal step of the curve and counts ½.
 * - `fprAtTpr` = `fpr[argmax(tpr >= tpr_th)]` on that same curve, which scikit-learn builds with
 *   `drop_intermediate=True`. Dropping collinear points does not change AUROC, but it CAN
 *   change this number: when the first point reaching the TPR lies inside a straight run of
 *   the curve (e.g. several thresholds each holding one tied ID/OOD pair) it is dropped and the
 *   run's far end is read instead. We reproduce scikit-learn, i.e. OpenOOD's published
 *   numbers, not the "exact" curve value (see the tests for a worked example).
 * - `auprIn` = `auc(precision_recall_curve(is_id, score))` and `auprOut` =
 *   `auc(precision_recall_curve(is_ood, −score))`: the **trapezoidal** area under the PR curve
 *   including the (recall 0, precision 1) end point, NOT `average_precision_score` (a step sum).
 *
 * @param idScores - detector scores of in-distribution samples (higher = more ID).
 * @param oodScores - detector scores of OOD samples (e.g. noise images).
 * @param tpr - the OOD recall at which to read the FPR. @defaultValue 0.95
 * @throws SnowblindError `BAD_INPUT` for an empty side or a NaN score.
 */
export function oodMetrics(
  idScores: ArrayLike<number>,
  oodScores: ArrayLike<number>,
  tpr = 0.95,
): OodMetrics {
  const data = collect(idScores, oodScores);
  const roc = rocCurve(idScores, oodScores);
  return {
    auroc: trapezoidAuc(roc.fpr, roc.tpr),
    auprIn: prAuc(data.scores, data.isId),
    auprOut: prAuc(data.negated, data.isOod),
    fprAtTpr: firstFprAt(roc, tpr),
    tpr,
  };
}

/** AUROC with OOD as positive class; see {@link oodMetrics}. 1 = perfect, 0.5 = chance. */
export function auroc(idScores: ArrayLike<number>, oodScores: ArrayLike<number>): number {
  check(idScores, oodScores);
  const roc = rocCurve(idScores, oodScores);
  return trapezoidAuc(roc.fpr, roc.tpr);
}

/** AUPR-In (ID positive, trapezoid on the PR curve); see {@link oodMetrics}. */
export function auprIn(idScores: ArrayLike<number>, oodScores: ArrayLike<number>): number {
  const data = collect(idScores, oodScores);
  return prAuc(data.scores, data.isId);
}

/** AUPR-Out (OOD positive, trapezoid on the PR curve); see {@link oodMetrics}. */
export function auprOut(idScores: ArrayLike<number>, oodScores: ArrayLike<number>): number {
  const data = collect(idScores, oodScores);
  return prAuc(data.negated, data.isOod);
}

/**
 * FPR at the first ROC threshold whose TPR (OOD recall) is ≥ `tpr` ("FPR@95TPR");
 * see {@link oodMetrics} for the `drop_intermediate` subtlety. 0 = perfect.
 *
 * @param tpr - @defaultValue 0.95
 */
export function fprAtTpr(idScores: ArrayLike<number>, oodScores: ArrayLike<number>, tpr = 0.95): number {
  check(idScores, oodScores);
  return firstFprAt(rocCurve(idScores, oodScores), tpr);
}

interface Collected {
  scores: Float64Array;
  negated: Float64Array;
  isOod: Uint8Array;
  isId: Uint8Array;
}

/**
 * Refuse an empty side or a NaN score with this module's messages (before {@link rocCurve},
 * which refuses the same inputs in its own words).
 */
function check(idScores: ArrayLike<number>, oodScores: ArrayLike<number>): void {
  if (idScores.length === 0 || oodScores.length === 0) {
    throw new SnowblindError('BAD_INPUT', 'OOD metrics need at least one in-distribution and one OOD score', {
      hint: 'Pass the scores of real images as idScores and of noise images as oodScores.',
    });
  }
  for (const side of [idScores, oodScores])
    for (let i = 0; i < side.length; i++)
      if (Number.isNaN(side[i]!)) throw new SnowblindError('BAD_INPUT', 'OOD metrics: a score is NaN');
}

/** Both sides in one array (ID first) with OOD and ID labels, and the negated scores. */
function collect(idScores: ArrayLike<number>, oodScores: ArrayLike<number>): Collected {
  check(idScores, oodScores);
  const n = idScores.length + oodScores.length;
  const scores = new Float64Array(n);
  const isOod = new Uint8Array(n);
  for (let i = 0; i < idScores.length; i++) scores[i] = idScores[i]!;
  for (let i = 0; i < oodScores.length; i++) {
    scores[idScores.length + i] = oodScores[i]!;
    isOod[idScores.length + i] = 1;
  }
  const negated = new Float64Array(n);
  const isId = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    negated[i] = -scores[i]!;
    isId[i] = 1 - isOod[i]!;
  }
  return { scores, negated, isOod, isId };
}

function firstFprAt(roc: RocCurve, tpr: number): number {
  if (!(tpr >= 0 && tpr <= 1))
    throw new SnowblindError('BAD_INPUT', `fprAtTpr: tpr must be in [0, 1], got ${tpr}`);
  const i = roc.tpr.findIndex((t) => t >= tpr);
  return roc.fpr[i]!;
}

/**
 * `auc(*precision_recall_curve(y, score)[1::-1])`: the curve from the lowest threshold
 * (recall 1) to the highest, then the (recall 0, precision 1) point.
 */
function prAuc(score: Float64Array, positive: Uint8Array): number {
  const { fps, tps } = binaryClfCurve(score, positive);
  const positives = tps[tps.length - 1]!;
  const recall: number[] = [];
  const precision: number[] = [];
  for (let i = tps.length - 1; i >= 0; i--) {
    precision.push(tps[i]! / (tps[i]! + fps[i]!));
    recall.push(tps[i]! / positives);
  }
  precision.push(1);
  recall.push(0);
  return trapezoidAuc(recall, precision);
}

/**
 * scikit-learn `auc(x, y)`: `np.trapz(y, x)` (pairwise-summed), negated when x decreases.
 * @internal
 */
export function trapezoidAuc(x: readonly number[], y: readonly number[]): number {
  let increasing = true;
  let decreasing = true;
  const terms = new Float64Array(Math.max(0, x.length - 1));
  for (let i = 1; i < x.length; i++) {
    const d = x[i]! - x[i - 1]!;
    if (d < 0) increasing = false;
    if (d > 0) decreasing = false;
    terms[i - 1] = (d * (y[i]! + y[i - 1]!)) / 2.0;
  }
  const area = pairwiseSum(terms);
  if (increasing) return area;
  if (decreasing) return -area;
  throw new SnowblindError('INTERNAL', 'auc: x is neither increasing nor decreasing');
}
