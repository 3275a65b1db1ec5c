import type { AuditModelInfo, FoolConstraints, FoolMethod, FoolNoise, NoiseSpec } from '@snowblind/core';
import type { RunBatch } from '../store/audit-store.js';
import type { ExplanationResult } from '../store/explain-store.js';
import type { FoolJobResult } from '../store/fool-store.js';

/** Where a runner finds models: the same registry the server lists. */
export interface RegistryLocation {
  /** Folder of the user registry (`registry.json`). */
  readonly home: string;
  /** The built-in registry file, null for none, undefined for core's default. */
  readonly builtinPath: string | null | undefined;
}

/** Classify noise images `startIndex .. count-1` of every (model, spec), one batch at a time. */
export interface AuditJob {
  readonly kind: 'audit';
  readonly auditId: string;
  readonly models: readonly string[];
  readonly noise: readonly NoiseSpec[];
  readonly count: number;
  readonly batchSize: number;
  readonly topK: number;
  readonly startIndex: number;
}

/** The attribution methods `explain` offers. */
export const EXPLAIN_METHODS = ['INTEGRATED_GRADIENTS', 'SALIENCY', 'NOISE_TUNNEL', 'OCCLUSION'] as const;
export type ExplainMethod = (typeof EXPLAIN_METHODS)[number];

/** Parameters of the attribution methods, Captum's names in camelCase. */
export interface ExplainParams {
  readonly nSteps?: number;
  readonly internalBatchSize?: number;
  /** MB one gradient batch may take (core's `memoryBudget`, in bytes there). */
  readonly memoryBudgetMb?: number;
  readonly ntType?: 'smoothgrad' | 'smoothgrad_sq' | 'vargrad';
  readonly ntSamples?: number;
  readonly stdevs?: number;
  readonly slidingWindow?: readonly number[];
  readonly strides?: readonly number[];
  readonly baseline?: number;
  readonly seed?: number;
}

/** Attribute one image (a noise image or uploaded bytes) for one target of one model. */
export interface ExplainJob {
  readonly kind: 'explain';
  readonly explanationId: string;
  readonly model: string;
  readonly image:
    | { readonly kind: 'noise'; readonly spec: NoiseSpec; readonly index: number }
    | { readonly kind: 'bytes'; readonly data: Uint8Array };
  readonly method: ExplainMethod;
  readonly params: ExplainParams;
  /** Class index; the model's top-1 when absent. */
  readonly target?: number;
  readonly sign: 'positive' | 'negative' | 'absolute_value' | 'all';
  readonly outlierPerc: number;
  /** Folder the PNGs are written to. */
  readonly artifactsDir: string;
}

/** Search for convincing noise with core's `fool` and write the found image as a PNG. */
export interface FoolJob {
  readonly kind: 'fool';
  readonly foolId: string;
  readonly model: string;
  readonly target: number | 'any';
  /** Core's default (gradient when the model gives gradients) when absent. */
  readonly method?: FoolMethod;
  readonly budget: number;
  readonly constraints: FoolConstraints;
  readonly noise: FoolNoise;
  readonly index: number;
  /** Folder the PNG is written to. */
  readonly artifactsDir: string;
}

/**
 * Detector scores of a model on in-distribution data, for OOD metrics: the Fashion-MNIST test
 * set, or a folder of images (an uploaded image set).
 */
export interface IdScoresJob {
  readonly kind: 'id-scores';
  readonly model: string;
  readonly limit: number;
  /** The folder of an uploaded image set; the Fashion-MNIST test set when absent. */
  readonly folder?: string;
}

export type Job = AuditJob | ExplainJob | FoolJob | IdScoresJob;

/** What a running audit reports. `batch` events are committed by the listener, in order. */
export type AuditEvent =
  | { readonly type: 'started'; readonly models: readonly AuditModelInfo[] }
  | { readonly type: 'batch'; readonly processed: number; readonly runs: readonly RunBatch[] };

/**
 * What a running attribution reports: `started` when the worker takes it (the clock of its
 * elapsed time starts there, not at the queue), then units done after each internal batch.
 */
export type ExplainEvent =
  | { readonly type: 'started' }
  | { readonly type: 'progress'; readonly done: number; readonly total: number };

export type FoolEvent = {
  readonly type: 'progress';
  readonly iteration: number;
  readonly total: number;
  readonly confidence: number;
};

export interface IdScores {
  readonly msp: readonly number[];
  readonly maxLogit: readonly number[] | null;
  readonly energy: readonly number[] | null;
  /**
   * Share of the images whose top-1 is their label; null when the model's labels are not
   * Fashion-MNIST's (another 28×28 gray data set), for an unlabelled image set, or for scores
   * cached before it was kept.
   */
  readonly accuracy?: number | null;
}

export type JobEvent<J extends Job> = J extends AuditJob
  ? AuditEvent
  : J extends ExplainJob
    ? ExplainEvent
    : J extends FoolJob
      ? FoolEvent
      : never;
export type JobOutput<J extends Job> = J extends AuditJob
  ? { readonly processed: number }
  : J extends ExplainJob
    ? ExplanationResult
    : J extends FoolJob
      ? FoolJobResult
      : IdScores;
