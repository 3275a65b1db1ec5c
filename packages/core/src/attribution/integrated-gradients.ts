import { type ApproximationMethod, approximationParameters } from './approximation-methods.js';
import { type Baseline, resolveBaseline } from './baselines.js';
import { checkInteger, exampleCount, pickTargets, resolveTargets } from './batch.js';
import { DEFAULT_MEMORY_BUDGET, rowsWithinBudget } from './memory-budget.js';
import type { GradientModel, ProgressCallback, Target } from './types.js';

/** Options of {@link integratedGradients}. */
export interface IntegratedGradientsOptions {
  /** Output index to explain (one for all examples, or one per example). */
  readonly target: Target;
  /**
   * Starting point x′ of the path.
   * @defaultValue `'zero'`
   */
  readonly baselines?: Baseline;
  /**
   * Number of points on the path.
   * @defaultValue `50` (Captum's default; the reference experiment uses 200)
   */
  readonly nSteps?: number;
  /**
   * Quadrature rule for the path integral.
   * @defaultValue `'gausslegendre'`
   */
  readonly method?: ApproximationMethod;
  /**
   * Largest batch sent to the model at once, in rows. As in Captum, the steps are split into
   * chunks of max(1, ⌊internalBatchSize / n⌋) steps for n examples, so memory stays bounded
   * whatever `nSteps` is. Given, it wins over `memoryBudget`.
   * @defaultValue the rows that fit in `memoryBudget`; all steps in one batch when the model
   * gives no memory estimate ({@link GradientModel.memoryPerExample})
   */
  readonly internalBatchSize?: number;
  /**
   * Bytes a gradient batch may take, used to pick `internalBatchSize` when it is not given. The
   * chunks are summed in float64, so the attributions do not depend on it beyond rounding.
   * @defaultValue {@link DEFAULT_MEMORY_BUDGET} (2 GB)
   */
  readonly memoryBudget?: number;
  /**
   * Also compute the convergence delta Σ attributions − (F(x) − F(x′)) (one more forward pass).
   * @defaultValue `false`
   */
  readonly returnConvergenceDelta?: boolean;
  /**
   * Least number of chunks the steps are split into (at most `nSteps`), even when the internal
   * batch would hold more: each chunk then has at most ⌈nSteps / minChunks⌉ steps, so
   * `onProgress` moves at least that many times. The attributions are a sum over the chunks, so
   * they do not depend on it beyond float rounding.
   * @defaultValue `1` (chunks as Captum: from `internalBatchSize` only)
   */
  readonly minChunks?: number;
  /** Called after each chunk (each gradient call) with the number of steps done out of `nSteps`. */
  readonly onProgress?: ProgressCallback;
}

/** Result of {@link integratedGradients}. */
export interface IntegratedGradientsResult {
  /** Same size and layout as the input. */
  readonly attributions: Float32Array;
  /**
   * The convergence delta with the largest magnitude over the examples (for one example, its
   * delta). Present when `returnConvergenceDelta` is set.
   */
  readonly delta?: number;
  /** Convergence delta of each example. Present when `returnConvergenceDelta` is set. */
  readonly deltas?: readonly number[];
  /**
   * Rows of the largest gradient call: the given `internalBatchSize` or the one the budget
   * picked, less when `nSteps` or `minChunks` ask for smaller chunks.
   */
  readonly internalBatchSize: number;
}

/**
 * Integrated Gradients (Sundararajan, Taly & Yan 2017, https://arxiv.org/abs/1703.01365) with
 * Captum's semantics: attribution = (x − x′) · Σᵢ wᵢ ∇F(x′ + αᵢ(x − x′)) for the target output.
 *
 * @remarks The model sees the scaled inputs step-major (all examples at α₀, then at α₁, …),
 * chunked by `internalBatchSize` exactly as Captum's `_batch_attribution` does. Gradients are
 * accumulated in float64. By the completeness axiom the attributions of an example sum to
 * F(x) − F(x′) up to the quadrature error, which `returnConvergenceDelta` measures.
 */
export async function integratedGradients(
  model: GradientModel,
  input: Float32Array,
  options: IntegratedGradientsOptions,
): Promise<IntegratedGradientsResult> {
  const n = exampleCount(model, input);
  const size = model.inputSize;
  const targets = resolveTargets(options.target, n, model.numClasses);
  const nSteps = options.nSteps ?? 50;
  checkInteger('nSteps', nSteps, 1);
  const { alphas, stepSizes } = approximationParameters(options.method ?? 'gausslegendre', nSteps);
  const baseline = resolveBaseline(model, input, n, options.baselines);
  const rows = await internalRows(model, n * nSteps, options);
  const minChunks = options.minChunks ?? 1;
  checkInteger('minChunks', minChunks, 1);
  const chunkSteps = Math.ceil(nSteps / minChunks);
  const stepsPerChunk = Math.min(Math.max(1, Math.floor(rows / n)), chunkSteps);

  const diff = new Float32Array(n * size);
  for (let j = 0; j < diff.length; j++) diff[j] = input[j]! - baseline[j]!;
  const totalGrads = new Float64Array(n * size);
  for (let start = 0; start < nSteps; start += stepsPerChunk) {
    const end = Math.min(start + stepsPerChunk, nSteps);
    const steps = end - start;
    const scaled = new Float32Array(steps * n * size);
    const chunkTargets: number[] = [];
    for (let s = 0; s < steps; s++) {
      const alpha = alphas[start + s]!;
      const offset = s * n * size;
      for (let j = 0; j < n * size; j++) scaled[offset + j] = baseline[j]! + alpha * diff[j]!;
      chunkTargets.push(...targets);
    }
    const { gradients } = await model.gradient(scaled, steps * n, chunkTargets);
    for (let s = 0; s < steps; s++) {
      const w = stepSizes[start + s]!;
      const offset = s * n * size;
      for (let j = 0; j < n * size; j++) totalGrads[j]! += w * gradients[offset + j]!;
    }
    options.onProgress?.({ done: end, total: nSteps });
  }
  const attributions = new Float32Array(n * size);
  for (let j = 0; j < attributions.length; j++) attributions[j] = totalGrads[j]! * diff[j]!;
  const internalBatchSize = Math.min(rows, n * chunkSteps);
  if (!options.returnConvergenceDelta) return { attributions, internalBatchSize };

  const ends = new Float32Array(2 * n * size);
  ends.set(baseline, 0);
  ends.set(input, n * size);
  const outputs = await model.forward(ends, 2 * n);
  const start = pickTargets(outputs, model.numClasses, targets);
  const finish = pickTargets(outputs.subarray(n * model.numClasses), model.numClasses, targets);
  const deltas = targets.map((_, i) => {
    let sum = 0;
    for (let j = 0; j < size; j++) sum += attributions[i * size + j]!;
    return sum - (finish[i]! - start[i]!);
  });
  const delta = deltas.reduce((worst, d) => (Math.abs(d) > Math.abs(worst) ? d : worst), 0);
  return { attributions, delta, deltas, internalBatchSize };
}

/** The given internal batch, else the rows that fit the budget, else all `total` rows. */
async function internalRows(
  model: GradientModel,
  total: number,
  options: Pick<IntegratedGradientsOptions, 'internalBatchSize' | 'memoryBudget'>,
): Promise<number> {
  if (options.internalBatchSize !== undefined) {
    checkInteger('internalBatchSize', options.internalBatchSize, 1);
    return options.internalBatchSize;
  }
  return (await rowsWithinBudget(model, options.memoryBudget ?? DEFAULT_MEMORY_BUDGET)) ?? total;
}
