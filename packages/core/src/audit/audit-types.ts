import type { RgbImage } from '../image/types.js';
import type { BackendName, Classifier, EngineName, ModelFormat, OutputKind } from '../models/types.js';
import type { NoiseKind, NoiseSpec } from '../noise/types.js';
import type { Describe } from './describe.js';
import type { FractionAbove } from './fraction-above.js';
import type { LabelCount } from './label-counts.js';
import type { OodMetrics } from './ood-metrics.js';
import type { AuditTimings } from './timings.js';

/** Progress of one (model, noise kind) run, sent after every batch. */
export interface AuditProgress {
  /** Model id. */
  readonly model: string;
  readonly kind: NoiseKind;
  /** Images classified so far in this run. */
  readonly processed: number;
  /** Images this run will classify (= `count`). */
  readonly total: number;
  /** Throughput of this run so far. */
  readonly imagesPerSecond: number;
  /** Estimated seconds left for this run at the current throughput. */
  readonly etaSeconds: number;
}

/** Options of {@link runAudit}. */
export interface AuditOptions {
  /** The classifiers to audit; each is run on every noise spec. */
  readonly models: readonly Classifier[];
  /** One noise spec, or several (typically different kinds): each gets its own run per model. */
  readonly noise: NoiseSpec | readonly NoiseSpec[];
  /** Images per (model, spec): an integer in 1..10,000,000. */
  readonly count: number;
  /** Images per forward pass, 1..4096. Results do not depend on it. @defaultValue 32 */
  readonly batchSize?: number;
  /** Entries kept per sample in `samples` (clamped to the class count). @defaultValue 5 */
  readonly topK?: number;
  /**
   * Keep per-sample top-k for the first N images of each run (`true`: all of them, which costs
   * memory proportional to `count`). @defaultValue false
   */
  readonly keepSamples?: boolean | number;
  /** Aborting rejects with a `SnowblindError` of code `CANCELLED` at the next batch boundary. */
  readonly signal?: AbortSignal;
  /** Called after every batch of every run. */
  readonly onProgress?: (progress: AuditProgress) => void;
  /**
   * First image index, to resume or shard an audit: images `startIndex .. startIndex+count-1`
   * of each noise set are classified. @defaultValue 0
   */
  readonly startIndex?: number;
  /**
   * Real images the models were trained for. Each model scores them once (MSP, max-logit,
   * energy) and every run gets OOD metrics of noise against them, OpenOOD's way (noise is the
   * positive class).
   */
  readonly inDistribution?: InDistributionSet;
}

/** A named set of in-distribution images, optionally labelled (for an accuracy check). */
export interface InDistributionSet {
  readonly name: string;
  readonly images: readonly RgbImage[];
  readonly labels?: ArrayLike<number>;
}

/** Noise versus in-distribution data, per detector score (OpenOOD metrics). */
export interface AuditOod {
  /** Name of the in-distribution set. */
  readonly dataset: string;
  /** In-distribution images scored. */
  readonly count: number;
  /** Top-1 accuracy on them, when they are labelled. */
  readonly accuracy?: number;
  readonly msp: OodMetrics;
  /** `null` for models that output probabilities. */
  readonly maxLogit: OodMetrics | null;
  readonly energy: OodMetrics | null;
}

/** What a report says about the model of a run. */
export interface AuditModelInfo {
  readonly id: string;
  readonly format: ModelFormat;
  readonly backend: BackendName;
  /** Engine that ran the model: onnxruntime (ONNX models, converted TF.js models) or TF.js. */
  readonly engine: EngineName;
  /** Why a TF.js model ran on TF.js rather than converted (the layer or op that does not convert). */
  readonly fallback?: string;
  /** The preset's name. */
  readonly preset: string;
  readonly outputKind: OutputKind;
  readonly numClasses: number;
}

/** One entry of a sample's top-k. */
export interface AuditPrediction {
  readonly label: string;
  readonly classIndex: number;
  /** Softmax probability. */
  readonly score: number;
}

/** The top-k of one noise image. */
export interface AuditSample {
  /** Index of the image in its noise set (startIndex-based). */
  readonly index: number;
  readonly topK: readonly AuditPrediction[];
  /** The image's max logit (OpenOOD MaxLogit); absent when the model outputs probabilities. */
  readonly maxLogit?: number;
  /** The image's energy score, logsumexp of its logits (T = 1); absent for probability outputs. */
  readonly energy?: number;
}

/** Summaries of the OOD detector scores of every image of a run (OpenOOD's names). */
export interface AuditScoreSummaries {
  /** Maximum softmax probability (= top-1 confidence). */
  readonly msp: Describe;
  /** Maximum logit; `null` when the model outputs probabilities. */
  readonly maxLogit: Describe | null;
  /** Energy, logsumexp of the logits (T = 1); `null` when the model outputs probabilities. */
  readonly energy: Describe | null;
}

/** The result of one model on one noise spec. */
export interface AuditRun {
  readonly model: AuditModelInfo;
  readonly kind: NoiseKind;
  /** The noise spec with every default filled in, enough to regenerate the images. */
  readonly noise: NoiseSpec;
  readonly startIndex: number;
  readonly count: number;
  /** pandas `describe()` of the top-1 confidence. */
  readonly describe: Describe;
  /** pandas `value_counts()` of the top-1 labels. */
  readonly labelCounts: readonly LabelCount[];
  /** Share of images whose top-1 confidence exceeds 0.5, 0.9, 0.99. */
  readonly fractionAbove: readonly FractionAbove[];
  readonly scores: AuditScoreSummaries;
  /** Per-image top-k of the first N images, when `keepSamples` asked for it. */
  readonly samples?: readonly AuditSample[];
  /** OOD metrics against the in-distribution set, when one was given. */
  readonly ood?: AuditOod;
  readonly timings: AuditTimings;
}

/** Everything {@link runAudit} measured, plus what is needed to reproduce it. */
export interface AuditResult {
  /** Seed of the first noise spec (each run records its own full spec). */
  readonly seed: number;
  readonly startIndex: number;
  readonly count: number;
  readonly batchSize: number;
  readonly topK: number;
  /** ISO 8601 timestamps. */
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Version of `@snowblind/core`. */
  readonly snowblindVersion: string;
  /** `process.version`. */
  readonly nodeVersion: string;
  /** Logical CPU cores available to the process. */
  readonly hostCores: number;
  /** One run per (model, noise spec), models outer, in the order given. */
  readonly runs: readonly AuditRun[];
}
