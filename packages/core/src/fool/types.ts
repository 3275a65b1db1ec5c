import type { AuditModelInfo, AuditPrediction } from '../audit/index.js';
import type { RgbImage } from '../image/types.js';
import type { NoiseKind, NoiseParams, NoiseSpec } from '../noise/types.js';
import type { ConstraintCheck, FoolConstraints } from './constraints.js';

/** How {@link fool} searches. */
export const FOOL_METHODS = ['gradient', 'evolution'] as const;
/** One of {@link FOOL_METHODS}. */
export type FoolMethod = (typeof FOOL_METHODS)[number];

/**
 * What the evolutionary search mutates: every pixel, a coarse grid upsampled bilinearly (smooth,
 * few numbers), or only the numeric parameters of the start noise's kind (e.g. the Gaussian's
 * mean and std), so the result is still an honest sample of that noise kind.
 */
export const FOOL_ENCODINGS = ['pixels', 'low-frequency', 'noise-params'] as const;
/** One of {@link FOOL_ENCODINGS}. */
export type FoolEncoding = (typeof FOOL_ENCODINGS)[number];

/** Gradient steps: the sign of the gradient (FGSM/PGD, L∞ geometry) or the unit gradient (L2). */
export const FOOL_STEPS = ['sign', 'l2'] as const;
/** One of {@link FOOL_STEPS}. */
export type FoolStep = (typeof FOOL_STEPS)[number];

/** Why a search stopped. */
export type FoolStopReason = 'goal' | 'budget' | 'stalled';

/** Progress of a search, sent after every iteration. */
export interface FoolProgress {
  /** Iterations done (gradient steps or generations). */
  readonly iteration: number;
  readonly total: number;
  /** Best target confidence so far. */
  readonly confidence: number;
  /** Target class of this search (`any`: the current best class). */
  readonly target: number;
}

/** The noise the search starts from: a spec without size (the model's input size is used). */
export type FoolNoise = Omit<NoiseSpec, 'width' | 'height'>;

/** Options of {@link fool}. Every default is recorded in the result. */
export interface FoolOptions {
  /** Class whose softmax to raise, or `any` for whatever class is currently best. @defaultValue 'any' */
  readonly target?: number | 'any';
  /**
   * @defaultValue `gradient` when the model gives gradients, else `evolution`
   */
  readonly method?: FoolMethod;
  /** Start noise. @defaultValue `{ kind: 'seed-wrap', seed: 0 }` */
  readonly noise?: FoolNoise;
  /** Which image of the noise set to start from. @defaultValue 0 */
  readonly index?: number;
  /**
   * Bounds around the start image. `{}` leaves only the pixel range.
   * @defaultValue `{ linf: 8 }` for the pixel searches, `{}` for `noise-params`
   */
  readonly constraints?: FoolConstraints;
  /** Iterations: gradient steps, or generations of the evolution. @defaultValue 100 */
  readonly budget?: number;
  /** Stop once the target's softmax reaches this. @defaultValue 0.99 */
  readonly goal?: number;
  /** Gradient step kind. @defaultValue `l2` when only an L2 bound is given, else `sign` */
  readonly step?: FoolStep;
  /**
   * Step length in gray levels: per value for `sign`, of the whole step for `l2`.
   * @defaultValue `sign`: 2.5·ε/budget (Madry et al.), at least 0.25, 1 without ε;
   *   `l2`: 2.5·r/budget, or 0.5·√(values) without r
   */
  readonly stepSize?: number;
  /**
   * Logit models: how many competing classes (the most probable ones) enter the gradient of
   * log softmax, ∇z_t − Σ_j p_j ∇z_j. Exact when it covers every other class. @defaultValue 9
   */
  readonly competitors?: number;
  /** Evolution encoding. @defaultValue 'low-frequency' */
  readonly encoding?: FoolEncoding;
  /** Low-frequency grid cells per side. @defaultValue min(16, ⌈height/4⌉) */
  readonly grid?: number;
  /** Offspring per generation (λ of the (μ/μ_w, λ)-ES). @defaultValue 16 */
  readonly population?: number;
  /**
   * Initial mutation step in gray levels (in normalised parameter units for `noise-params`).
   * @defaultValue ε/2, or 8 without ε; 0.15 for `noise-params`
   */
  readonly sigma?: number;
  /** Seed of the evolution's mutations. @defaultValue the noise seed */
  readonly seed?: number;
  /** Images per model call in the evolution. @defaultValue 16 */
  readonly batchSize?: number;
  /** Aborting rejects with `CANCELLED` at the next iteration. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: FoolProgress) => void;
}

/** Options of {@link foolTargets}: {@link FoolOptions} for every target, plus the comparison sets. */
export interface FoolTargetsOptions extends Omit<FoolOptions, 'target' | 'onProgress'> {
  /** Start images per target: indices `index .. index + starts − 1`. @defaultValue 1 */
  readonly starts?: number;
  /** Random images of the same noise kind (at the model size) for the OOD view. @defaultValue 100 */
  readonly baselineCount?: number;
  /** Real images (e.g. the test set) for the OOD view; they go through the full preset. */
  readonly real?: { readonly name: string; readonly images: readonly RgbImage[] };
  readonly onProgress?: (progress: FoolTargetsProgress) => void;
}

/** Progress of {@link foolTargets}: which search, and its own progress. */
export interface FoolTargetsProgress extends FoolProgress {
  /** Searches finished. */
  readonly search: number;
  readonly searches: number;
}

/** Everything a found image is and how it was found. */
export interface FoolResult {
  readonly model: AuditModelInfo;
  readonly method: FoolMethod;
  /** For `evolution`: the encoding searched. */
  readonly encoding: FoolEncoding | null;
  /** For `gradient`: the step kind. */
  readonly step: FoolStep | null;
  /** The class asked for. */
  readonly target: number | 'any';
  /** The class the image was pushed toward (= `target` unless `any`). */
  readonly reachedClass: number;
  readonly label: string;
  /** The start noise, resolved at the model input size. */
  readonly noise: NoiseSpec;
  readonly index: number;
  readonly start: RgbImage;
  /** The found image: 8-bit, the model's input size and channels. */
  readonly image: RgbImage;
  /** Softmax of `reachedClass` on the start image. */
  readonly startConfidence: number;
  /** Softmax of `reachedClass` on the found 8-bit image. */
  readonly confidence: number;
  /**
   * Softmax of `reachedClass` when the found image is fed through the full preset (resize and
   * crop included), as `snowblind classify` on the PNG would. Equal to `confidence` for presets
   * whose geometry leaves a model-size image unchanged (e.g. `fashion-mnist`).
   */
  readonly presetConfidence: number;
  /** Target confidence per iteration, iteration 0 = start (continuous iterates; best of generation). */
  readonly curve: readonly number[];
  readonly iterations: number;
  /** Images the model evaluated (a gradient row counts once). */
  readonly evaluations: number;
  readonly stopReason: FoolStopReason;
  readonly top5: readonly AuditPrediction[];
  /** Constraints measured on the found image against the start image. */
  readonly constraints: readonly ConstraintCheck[];
  /** Whether every bounded constraint held. */
  readonly constraintsHeld: boolean;
  /** The bounds used (defaults filled in). */
  readonly bounds: FoolConstraints;
  /** For `noise-params`: the parameters of the found image. */
  readonly params: NoiseParams | null;
  /** OOD detector scores of the found image (maxLogit and energy are null for probability outputs). */
  readonly scores: OodScores;
  /** Every search setting used, defaults filled in. */
  readonly settings: Readonly<Record<string, number | string>>;
}

/** MSP, max-logit and energy of one image. */
export interface OodScores {
  readonly msp: number;
  readonly maxLogit: number | null;
  readonly energy: number | null;
}

/** Summary of one detector score over a set of images. */
export interface ScoreSummary {
  readonly count: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

/** One image set in the OOD view. */
export interface OodGroup {
  /** `found`, `noise:<kind>` or the real set's name. */
  readonly name: string;
  readonly msp: ScoreSummary;
  readonly maxLogit: ScoreSummary | null;
  readonly energy: ScoreSummary | null;
  /**
   * AUROC per detector with the real images as in-distribution and this set as OOD (OpenOOD
   * convention: 1 = perfectly separated, 0.5 = chance); `null` without real images or for the
   * real set itself.
   */
  readonly aurocVsReal: {
    readonly msp: number;
    readonly maxLogit: number | null;
    readonly energy: number | null;
  } | null;
}

/** How the OOD detectors see found images beside random noise and real data. */
export interface OodView {
  readonly groups: readonly OodGroup[];
}

/** The best confidence reached for one target class. */
export interface TargetMaximum {
  /** The class asked for (`any`: the class its best search reached, named by `label`). */
  readonly target: number | 'any';
  readonly label: string;
  readonly startConfidence: number;
  readonly maxConfidence: number;
  /** Index into `results` of the search that reached it. */
  readonly result: number;
}

/** What {@link foolTargets} found. */
export interface FoolTargetsResult {
  readonly model: AuditModelInfo;
  readonly kind: NoiseKind;
  readonly results: readonly FoolResult[];
  readonly maxByTarget: readonly TargetMaximum[];
  readonly ood: OodView;
  readonly startedAt: string;
  readonly finishedAt: string;
}
