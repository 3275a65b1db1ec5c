import { downsampleRocCurve, rocCurve } from '@snowblind/core';
import { z } from 'zod';
import { builder, finite } from '../builder.js';
import type { OodEvaluation } from '../services/ood-service.js';
import { ImageSetRef } from './image-sets.js';

export const OodScoreEnum = builder.enumType('OodScore', {
  values: { MSP: { value: 'msp' }, MAX_LOGIT: { value: 'maxLogit' }, ENERGY: { value: 'energy' } } as const,
});

/** One ROC point with the threshold in the detector's own units. */
interface RocPoint {
  readonly fpr: number;
  readonly tpr: number;
  /** null for the leading (0, 0) point, whose threshold is +∞ in scikit-learn. */
  readonly threshold: number | null;
}

const RocPointRef = builder.objectRef<RocPoint>('RocPoint').implement({
  description:
    'A point of the ROC curve with noise (OOD) as the positive class: the share of in-distribution images flagged as noise (fpr) and of noise images flagged (tpr) when every image whose score is at or below threshold is flagged.',
  fields: (t) => ({
    fpr: t.exposeFloat('fpr'),
    tpr: t.exposeFloat('tpr'),
    threshold: t.float({
      nullable: true,
      description:
        "Detector score at or below which an image counts as noise (scikit-learn's threshold on −score, negated back); null for the first point (scikit-learn's +inf: nothing flagged).",
      resolve: (p) => p.threshold,
    }),
  }),
});

/**
 * The points of `roc_curve(is_ood, −score, drop_intermediate=True)`, at most `maxPoints` of
 * them (Visvalingam–Whyatt, which keeps the ends and the largest corners).
 */
function rocPoints(e: OodEvaluation, maxPoints: number): RocPoint[] {
  const curve = downsampleRocCurve(rocCurve(e.idScores, e.oodScores), maxPoints);
  return curve.fpr.map((fpr, i) => {
    const t = curve.thresholds[i]!;
    return { fpr, tpr: curve.tpr[i]!, threshold: Number.isFinite(t) ? -t : null };
  });
}

export const OodMetricsRef = builder.objectRef<OodEvaluation>('OodMetrics').implement({
  description: 'OpenOOD metrics, OOD (noise) as the positive class.',
  fields: (t) => ({
    auroc: t.float({ nullable: true, resolve: (m) => finite(m.auroc) }),
    auprIn: t.float({ nullable: true, resolve: (m) => finite(m.auprIn) }),
    auprOut: t.float({ nullable: true, resolve: (m) => finite(m.auprOut) }),
    fprAtTpr: t.float({ nullable: true, resolve: (m) => finite(m.fprAtTpr) }),
    tpr: t.exposeFloat('tpr'),
    inDistribution: t.string({
      description:
        'The real images compared with: fashion-mnist-test (built in), or the name of the uploaded image set (inDistributionSet).',
      resolve: (m) => (m.source.kind === 'builtin' ? m.source.name : m.source.set.name),
    }),
    inDistributionSet: t.field({
      type: ImageSetRef,
      nullable: true,
      description: 'The uploaded image set compared with; null for the built-in set.',
      resolve: (m) => (m.source.kind === 'image-set' ? m.source.set : null),
    }),
    inDistributionCount: t.int({
      description: 'How many in-distribution (real) images the metrics compare the noise with.',
      resolve: (m) => m.idScores.length,
    }),
    accuracy: t.float({
      nullable: true,
      description:
        "Share of the in-distribution images whose top-1 class is their label; null when the model's labels are not the data set's.",
      resolve: (m) => m.accuracy,
    }),
    roc: t.field({
      type: [RocPointRef],
      description:
        "The ROC curve these metrics come from, as scikit-learn's roc_curve(drop_intermediate=True) returns it (first point (0, 0), last (1, 1); its trapezoid area is auroc), thinned to at most maxPoints points by Visvalingam–Whyatt simplification, which keeps both ends and the curve's largest corners.",
      complexity: 10,
      args: {
        maxPoints: t.arg.int({ defaultValue: 200, validate: z.number().int().min(2).max(10_000) }),
      },
      resolve: (m, { maxPoints }) => rocPoints(m, maxPoints ?? 200),
    }),
  }),
});
