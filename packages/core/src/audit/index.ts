/**
 * audit — batched streaming classification of noise, pandas-exact statistics and OpenOOD
 * metrics.
 * @packageDocumentation
 */
export { AUDIT_LIMITS } from './audit-options.js';
export type {
  AuditModelInfo,
  AuditOod,
  AuditOptions,
  AuditPrediction,
  AuditProgress,
  AuditResult,
  AuditRun,
  AuditSample,
  AuditScoreSummaries,
  InDistributionSet,
} from './audit-types.js';
export { DESCRIBE_FIELDS, type Describe, describe, linearQuantile } from './describe.js';
export { hostCores, snowblindVersion } from './environment.js';
export { DEFAULT_THRESHOLDS, type FractionAbove, fractionAbove } from './fraction-above.js';
export { type LabelCount, LabelCounter, labelCounts } from './label-counts.js';
export { auditModelInfo } from './model-info.js';
export type { NoiseWorkerOptions } from './noise-workers.js';
export { auprIn, auprOut, auroc, fprAtTpr, type OodMetrics, oodMetrics } from './ood-metrics.js';
export { energyScore, maxLogitScore, mspScore } from './ood-scores.js';
export { type RocCurve, type RocCurveOptions, type RocPositive, rocCurve } from './roc-curve.js';
export { downsampleRocCurve } from './roc-curve-downsample.js';
export { runAudit } from './run-audit.js';
export { type ImageScores, scoreImages } from './score-images.js';
export { logSumExp, softmax } from './softmax.js';
export type { AuditTimings } from './timings.js';
export { type TopK, topK } from './top-k.js';
