/** Hand-written shapes of the documents in this folder (see packages/server/schema.graphql). */

export type AuditStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'INTERRUPTED';
export type ExplanationStatus = AuditStatus;
export type AttributionMethod = 'INTEGRATED_GRADIENTS' | 'NOISE_TUNNEL' | 'OCCLUSION' | 'SALIENCY';

export interface Preset {
  name: string;
  resize: number[] | null;
  crop: number[] | null;
  layout: string;
  channelOrder: string;
  grayscale: boolean;
  scale: number;
  mean: number[];
  std: number[];
}

export interface Model {
  id: string;
  format: string;
  source: string;
  description: string | null;
  license: string | null;
  isDefault: boolean;
  inputShape: (number | null)[] | null;
  labels: string[];
  card: string | null;
  sha256: string;
  preset: Preset;
}

export interface NoiseParam {
  name: string;
  type: 'number' | 'integer' | 'color' | string;
  description: string;
  default: number[];
  min: number | null;
  max: number | null;
}

export interface NoiseKind {
  kind: string;
  description: string;
  numpy: boolean;
  params: NoiseParam[];
}

export interface RunningStats {
  runIndex: number;
  model: string;
  kind: string;
  processed: number;
  meanScore: number | null;
  maxScore: number | null;
  topLabel: string | null;
  topLabelCount: number;
}

export interface AuditProgress {
  auditId: string;
  status: AuditStatus;
  processed: number;
  total: number;
  fraction: number;
  imagesPerSecond: number;
  etaSeconds: number | null;
  runs: RunningStats[];
}

export interface Describe {
  count: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  p25: number | null;
  p50: number | null;
  p75: number | null;
  max: number | null;
}

export interface LabelCount {
  label: string;
  count: number;
}

export interface FractionAbove {
  threshold: number;
  fraction: number | null;
  count: number;
}

export interface NoiseSpec {
  kind: string;
  seed: number;
  width: number;
  height: number;
  channels: number;
  rng: string;
}

export interface AuditRun {
  index: number;
  model: string;
  kind: string;
  modelInfo: { id: string; format: string; backend: string; preset: string; outputKind: string } | null;
  /** The in-distribution set OOD metrics compare this run with; null when its model has none. */
  oodInDistribution: string | null;
  describe: Describe;
  labelCounts: LabelCount[];
  fractionAbove: FractionAbove[];
}

export interface Audit {
  id: string;
  status: AuditStatus;
  count: number;
  seed: number;
  batchSize: number;
  topK: number;
  models: string[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Seconds spent running over the first start and every resume (not the time it sat stopped). */
  workingSeconds: number;
  error: { code: string; message: string } | null;
  noise: NoiseSpec[];
  progress: AuditProgress;
  runs: AuditRun[];
}

/** A ROC point, noise the positive class; `threshold` is null for the leading (0, 0). */
export interface RocPoint {
  fpr: number;
  tpr: number;
  threshold: number | null;
}

export interface OodMetrics {
  auroc: number | null;
  auprIn: number | null;
  auprOut: number | null;
  fprAtTpr: number | null;
  tpr: number;
  /** fashion-mnist-test, or the name of the uploaded image set. */
  inDistribution: string;
  /** How many in-distribution images the metrics used. */
  inDistributionCount: number;
  /** Top-1 accuracy on them; null when the model's labels are not the set's. */
  accuracy: number | null;
  roc: RocPoint[];
}

/** Photos a user uploaded as in-distribution data for OOD metrics. */
export interface ImageSet {
  id: string;
  name: string;
  count: number;
  bytes: number;
  createdAt: string;
}

export interface Prediction {
  classIndex: number;
  label: string;
  score: number;
}

export interface Sample {
  index: number;
  label: string;
  score: number;
  imageUrl: string;
  topK?: Prediction[];
}

export interface Explanation {
  id: string;
  status: ExplanationStatus;
  method: string;
  model: string;
  target: number | null;
  targetLabel: string | null;
  score: number | null;
  delta: number | null;
  heatmapUrl: string | null;
  blendedUrl: string | null;
  originalUrl: string | null;
  error: { code: string; message: string } | null;
}

/** Statuses after which nothing changes any more. */
export const TERMINAL_STATUSES: ReadonlySet<AuditStatus> = new Set([
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'INTERRUPTED',
]);

/** A fool search as `foolResult` reports it; the result fields are null until it succeeded. */
export interface FoolSearch {
  id: string;
  status: AuditStatus;
  model: string;
  target: number | null;
  budget: number;
  reachedClass: number | null;
  label: string | null;
  startConfidence: number | null;
  confidence: number | null;
  curve: number[] | null;
  iterations: number | null;
  stopReason: string | null;
  top5: Prediction[] | null;
  constraints: { constraint: string; bound: number | null; value: number; held: boolean }[] | null;
  constraintsHeld: boolean | null;
  imageUrl: string | null;
  error: { code: string; message: string } | null;
}

/** One `foolProgress` event: the best confidence after `iteration` of `budget`. */
export interface FoolProgress {
  foolId: string;
  status: AuditStatus;
  iteration: number;
  budget: number;
  confidence: number | null;
}
