import {
  checkInteger,
  DEFAULT_MEMORY_BUDGET,
  inputXGradient,
  integratedGradients,
  noiseTunnel,
  occlusion,
  occlusionWindowStarts,
  rowsWithinBudget,
  saliency,
  splitGradientCalls,
} from '../attribution/index.js';
import type { GradientModel, ProgressCallback } from '../attribution/types.js';
import { softmax, topK } from '../audit/index.js';
import { SnowblindError } from '../errors.js';
import { modelView, preprocess } from '../image/index.js';
import type { Layout, RgbImage } from '../image/types.js';
import type { Classifier } from '../models/types.js';

/** Attribution methods {@link explain} runs, by their CLI/GraphQL names. */
export const EXPLAIN_METHODS = [
  'ig',
  'saliency',
  'input-x-gradient',
  'smoothgrad',
  'smoothgrad-sq',
  'vargrad',
  'occlusion',
] as const;

/** One of {@link EXPLAIN_METHODS}. */
export type ExplainMethod = (typeof EXPLAIN_METHODS)[number];

/** Options of {@link explain}; defaults follow the reference experiment. */
export interface ExplainOptions {
  readonly method: ExplainMethod;
  /** Class to explain. @defaultValue the model's top-1 class for the image */
  readonly target?: number;
  /** IG steps (also inside the noise tunnel). @defaultValue 200 for `ig`, 50 inside noise tunnels */
  readonly nSteps?: number;
  /**
   * IG rows per gradient call; given, it wins over `memoryBudget` and is kept as Captum would.
   * @defaultValue the rows that fit in `memoryBudget` (50 for a model without a memory estimate),
   * fewer when that would make an IG run fewer than 10 gradient calls (so progress moves)
   */
  readonly internalBatchSize?: number;
  /**
   * Bytes one gradient call may take; picks the internal batch from the model's memory estimate
   * ({@link GradientModel.memoryPerExample}). Attributions do not depend on it beyond rounding.
   * @defaultValue {@link DEFAULT_MEMORY_BUDGET} (2 GB)
   */
  readonly memoryBudget?: number;
  /** Noise-tunnel samples. @defaultValue 10 */
  readonly ntSamples?: number;
  /** Noise-tunnel standard deviation, in model-input units. @defaultValue 1.0 */
  readonly stdevs?: number;
  /** Seed of the noise tunnel. @defaultValue 0 */
  readonly seed?: number;
  /**
   * Occlusion window (height = width, all channels) and stride in pixels.
   * @defaultValue 15 and 8 on a 224 input (the reference), scaled to the input size
   */
  readonly window?: number;
  readonly stride?: number;
  /** Occlusion window per axis of one example, in the model's layout; overrides `window`. */
  readonly slidingWindowShapes?: readonly number[];
  /** Occlusion strides per axis; overrides `stride`. */
  readonly strides?: readonly number[];
  /** Value occluded windows are set to (model-input units). @defaultValue 0 */
  readonly baseline?: number;
  /** Occluded copies per model call. @defaultValue 16 */
  readonly perturbationsPerEval?: number;
  /**
   * Called with `done: 0` once the work is planned (model loaded, gradients ready), then after
   * each internal batch: IG steps out of `nSteps`, noise-tunnel samples × IG steps, occlusion
   * windows, or the one gradient pass of saliency and input × gradient.
   */
  readonly onProgress?: ProgressCallback;
}

/**
 * Least number of gradient calls an IG run (also each noise sample's IG run) is split into when
 * the internal batch comes from the memory budget, so progress moves even when every step would
 * fit in one call (SqueezeNet: 50 steps in one call of 4 s; smoothgrad² over 5 samples: 5 calls
 * of 7 s). Splitting does not change the attributions beyond float rounding (IG sums over the
 * chunks; on SqueezeNet they came out identical). Cost, `tools/bench/ig-progress-chunks.ts` on
 * SqueezeNet at load 6–8: median 1.07× for 50 steps (calls of 5 rows), 1.02× for 200 (of 20).
 */
const PROGRESS_CHUNKS = 10;

/** What {@link explain} found. */
export interface Explanation {
  readonly method: ExplainMethod;
  readonly target: number;
  readonly label: string;
  /** The model's probability for `target` on the image. */
  readonly probability: number;
  /** Attributions of the one image, in the model's layout (`shape`). */
  readonly attributions: Float32Array;
  /** Shape of `attributions` without the batch axis, e.g. `[3, 224, 224]` (NCHW). */
  readonly shape: readonly number[];
  readonly layout: Layout;
  /** IG convergence delta (Σ attributions − (F(x) − F(baseline))), for `ig`. */
  readonly delta?: number;
  /** The 8-bit picture the model saw (resized and cropped), for heat map overlays. */
  readonly view: RgbImage;
  /** Every parameter used, defaults filled in, for reports. */
  readonly params: Readonly<Record<string, number | string>>;
}

/**
 * Explain one image's prediction with a Captum-style attribution method. The image goes
 * through the model's preset exactly as in an audit; gradient methods need a model with
 * {@link Classifier.gradientModel}.
 */
export async function explain(
  model: Classifier,
  image: RgbImage,
  options: ExplainOptions,
): Promise<Explanation> {
  if (!EXPLAIN_METHODS.includes(options.method)) {
    throw new SnowblindError('BAD_INPUT', `unknown attribution method "${options.method}"`, {
      hint: `use one of ${EXPLAIN_METHODS.join(', ')}`,
    });
  }
  const input = preprocess(image, model.preset);
  const view = modelView(image, model.preset);
  const probabilities = await classProbabilities(model, input);
  const target = options.target ?? topK(probabilities, 1).indices[0]!;
  if (!Number.isInteger(target) || target < 0 || target >= model.numClasses) {
    throw new SnowblindError('BAD_INPUT', `target ${target} is not a class of ${model.id}`, {
      hint: `use a class index from 0 to ${model.numClasses - 1}`,
    });
  }
  const layout = model.preset.layout;
  const shape =
    layout === 'NCHW' ? [view.channels, view.height, view.width] : [view.height, view.width, view.channels];
  const { attributions, delta, params } = await attribute(model, input, target, shape, options);
  return {
    method: options.method,
    target,
    label: model.labels[target] ?? `class ${target}`,
    probability: probabilities[target]!,
    attributions,
    shape,
    layout,
    ...(delta === undefined ? {} : { delta }),
    view,
    params,
  };
}

interface Attributed {
  attributions: Float32Array;
  delta?: number;
  params: Record<string, number | string>;
}

async function attribute(
  model: Classifier,
  input: Float32Array,
  target: number,
  shape: readonly number[],
  options: ExplainOptions,
): Promise<Attributed> {
  const onProgress = options.onProgress;
  const progress = onProgress ? { onProgress } : {};
  if (options.method === 'occlusion') return occlude(model, input, target, shape, options);

  const whole = await gradientModelOf(model);
  const { rows: internalBatchSize, budget } = await gradientBatch(whole, options);
  const gradients = splitGradientCalls(whole, internalBatchSize);
  // A given internal batch is kept as Captum would; one from the budget is split for progress.
  const chunks = options.internalBatchSize === undefined ? PROGRESS_CHUNKS : 1;
  // The rows a gradient call actually had (one example: one row per IG step of a chunk).
  const batchParams = (rows: number) => ({ internalBatchSize: rows, ...budget });
  switch (options.method) {
    case 'ig': {
      const nSteps = options.nSteps ?? 200;
      onProgress?.({ done: 0, total: nSteps });
      const result = await integratedGradients(gradients, input, {
        target,
        nSteps,
        internalBatchSize,
        minChunks: chunks,
        returnConvergenceDelta: true,
        ...progress,
      });
      return {
        attributions: result.attributions,
        ...(result.delta === undefined ? {} : { delta: result.delta }),
        params: {
          nSteps,
          ...batchParams(result.internalBatchSize),
          method: 'gausslegendre',
          baseline: 'zero',
        },
      };
    }
    case 'saliency':
    case 'input-x-gradient': {
      onProgress?.({ done: 0, total: 1 });
      const attributions =
        options.method === 'saliency'
          ? await saliency(gradients, input, { target })
          : await inputXGradient(gradients, input, { target });
      onProgress?.({ done: 1, total: 1 });
      return { attributions, params: options.method === 'saliency' ? { abs: 'true' } : {} };
    }
    default: {
      const ntType =
        options.method === 'smoothgrad'
          ? 'smoothgrad'
          : options.method === 'vargrad'
            ? 'vargrad'
            : 'smoothgrad_sq';
      const nSteps = options.nSteps ?? 50;
      const ntSamples = options.ntSamples ?? 10;
      const stdevs = options.stdevs ?? 1.0;
      const seed = options.seed ?? 0;
      let rows = 0;
      const overIg = noiseTunnel(
        async (x, targets, onSteps) => {
          const result = await integratedGradients(gradients, x, {
            target: targets,
            nSteps,
            internalBatchSize,
            minChunks: chunks,
            ...(onSteps ? { onProgress: onSteps } : {}),
          });
          rows = Math.max(rows, result.internalBatchSize);
          return result.attributions;
        },
        { ntType, ntSamples, stdevs, seed, ntSamplesBatchSize: 1, ...progress },
      );
      onProgress?.({ done: 0, total: ntSamples * nSteps });
      return {
        attributions: await overIg(input, [target]),
        params: { ntType, ntSamples, stdevs, seed, nSteps, ...batchParams(rows), base: 'ig' },
      };
    }
  }
}

/** Window and strides of an occlusion run, and how many windows (model passes, less one) it makes. */
export interface OcclusionPlan {
  readonly windowShape: readonly number[];
  readonly strides: readonly number[];
  /** Π ⌈(dᵢ − wᵢ)/sᵢ⌉ + 1; NaN when the window or strides do not match the shape. */
  readonly windows: number;
}

/**
 * The occlusion window and strides {@link explain} uses on one example of `shape` (the model's
 * layout), defaults filled in, so a caller can count the work before running it.
 */
export function occlusionPlan(
  shape: readonly number[],
  layout: Layout,
  options: Pick<ExplainOptions, 'window' | 'stride' | 'slidingWindowShapes' | 'strides'>,
): OcclusionPlan {
  const nchw = layout === 'NCHW';
  const [channels, height] = nchw ? [shape[0]!, shape[1]!] : [shape[2]!, shape[0]!];
  // The reference's 15×15 window with stride 8 on 224 pixels, scaled to smaller inputs.
  const window = options.window ?? Math.max(3, Math.round((15 * height) / 224));
  const stride = options.stride ?? Math.max(1, Math.min(window, Math.round((8 * height) / 224)));
  const windowShape =
    options.slidingWindowShapes ?? (nchw ? [channels, window, window] : [window, window, channels]);
  const strides = options.strides ?? (nchw ? [channels, stride, stride] : [stride, stride, channels]);
  const fits = windowShape.length === shape.length && strides.length === shape.length;
  const windows = fits
    ? shape.reduce((n, d, i) => n * occlusionWindowStarts(d, windowShape[i]!, strides[i]!).length, 1)
    : Number.NaN;
  return { windowShape, strides, windows };
}

async function occlude(
  model: Classifier,
  input: Float32Array,
  target: number,
  shape: readonly number[],
  options: ExplainOptions,
): Promise<Attributed> {
  const { windowShape, strides, windows } = occlusionPlan(shape, model.preset.layout, options);
  const perturbationsPerEval = options.perturbationsPerEval ?? 16;
  const baseline = options.baseline ?? 0;
  if (Number.isFinite(windows)) options.onProgress?.({ done: 0, total: windows });
  const forward = {
    inputSize: input.length,
    numClasses: model.numClasses,
    inputShape: shape,
    forward: (x: Float32Array, n: number) => model.predict(x, n),
  };
  const attributions = await occlusion(forward, input, {
    target,
    slidingWindowShapes: windowShape,
    strides,
    baselines: baseline,
    perturbationsPerEval,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return {
    attributions,
    params: { window: windowShape.join('×'), stride: strides.join('×'), baseline, perturbationsPerEval },
  };
}

/** Fallback internal batch of models without a memory estimate (the reference experiment's). */
const FALLBACK_INTERNAL_BATCH = 50;

/**
 * Rows per gradient call: the given internal batch, else what fits the memory budget (then named
 * in the params as `memoryBudget`, in bytes), else {@link FALLBACK_INTERNAL_BATCH}.
 */
async function gradientBatch(
  model: GradientModel,
  options: Pick<ExplainOptions, 'internalBatchSize' | 'memoryBudget'>,
): Promise<{ rows: number; budget?: { memoryBudget: number } }> {
  if (options.internalBatchSize !== undefined) {
    checkInteger('internalBatchSize', options.internalBatchSize, 1);
    return { rows: options.internalBatchSize };
  }
  const memoryBudget = options.memoryBudget ?? DEFAULT_MEMORY_BUDGET;
  const rows = await rowsWithinBudget(model, memoryBudget);
  return rows === undefined ? { rows: FALLBACK_INTERNAL_BATCH } : { rows, budget: { memoryBudget } };
}

async function gradientModelOf(model: Classifier): Promise<GradientModel> {
  if (!model.gradientModel) {
    throw new SnowblindError(
      'BAD_MODEL',
      `${model.id} (${model.format} on ${model.backend}) gives no input gradients`,
      {
        hint: 'use --method occlusion, which needs only forward passes',
      },
    );
  }
  return model.gradientModel();
}

async function classProbabilities(model: Classifier, input: Float32Array): Promise<Float32Array> {
  const output = await model.predict(input, 1);
  return model.outputKind === 'probabilities' ? output : softmax(output, 1, model.numClasses);
}
