import { SnowblindError } from '../errors.js';
import { checkInteger, exampleCount, pickTargets, resolveTargets } from './batch.js';
import type { ForwardModel, ProgressCallback, Target } from './types.js';

/** Options of {@link occlusion}. */
export interface OcclusionOptions {
  /** Output index to explain (one for all examples, or one per example). */
  readonly target: Target;
  /** Window shape, one entry per axis of one example (e.g. `[3, 15, 15]` for a CHW input). */
  readonly slidingWindowShapes: readonly number[];
  /**
   * Step between windows per axis (a number applies to every axis); must not exceed the window,
   * or some features would never be occluded.
   * @defaultValue `1`
   */
  readonly strides?: number | readonly number[];
  /**
   * Value the window is set to: a constant, or a tensor of one example (`inputSize`) or of all
   * (`n × inputSize`) whose values inside the window are used.
   * @defaultValue `0`
   */
  readonly baselines?: number | Float32Array;
  /**
   * Occluded copies per model call (per example); larger is faster and uses more memory.
   * @defaultValue `1`
   */
  readonly perturbationsPerEval?: number;
  /**
   * Shape of one example.
   * @defaultValue the model's `inputShape`
   */
  readonly inputShape?: readonly number[];
  /** Called after each model call with windows done out of the total. */
  readonly onProgress?: ProgressCallback;
}

/** Window grid of an occlusion run: start offsets per axis. */
export function occlusionWindowStarts(dim: number, window: number, stride: number): number[] {
  // ceil((dim − window)/stride) + 1 windows from 0; the last one may stick out and is clipped.
  const count = Math.ceil((dim - window) / stride) + 1;
  return Array.from({ length: count }, (_, i) => i * stride);
}

/**
 * Occlusion (Zeiler & Fergus 2014, https://arxiv.org/abs/1311.2901) with Captum's semantics:
 * a window slides over the input in steps of `strides`; each position replaces the window by the
 * baseline and adds F(x) − F(occluded) to every feature it covers; each feature's total is then
 * divided by the number of windows that covered it.
 *
 * @remarks Only forward passes: 1 + Π ⌈(dᵢ − wᵢ)/sᵢ⌉ + 1 of them per example, batched
 * `perturbationsPerEval` at a time (perturbation-major, as Captum). The reference settings
 * (window 3×15×15, strides 3×8×8 on 3×224×224) give 784 windows.
 */
export async function occlusion(
  model: ForwardModel,
  input: Float32Array,
  options: OcclusionOptions,
): Promise<Float32Array> {
  const n = exampleCount(model, input);
  const size = model.inputSize;
  const targets = resolveTargets(options.target, n, model.numClasses);
  const shape = options.inputShape ?? model.inputShape;
  if (!shape || shape.reduce((a, b) => a * b, 1) !== size) {
    throw new SnowblindError('BAD_INPUT', `occlusion needs the shape of one example (inputSize ${size})`, {
      hint: 'pass inputShape, e.g. [3, 224, 224], or use a model that declares it',
    });
  }
  const windowShape = options.slidingWindowShapes;
  const strides =
    typeof options.strides === 'number' || options.strides === undefined
      ? shape.map(() => (options.strides as number | undefined) ?? 1)
      : options.strides;
  if (windowShape.length !== shape.length || strides.length !== shape.length) {
    throw new SnowblindError(
      'BAD_INPUT',
      `slidingWindowShapes and strides need ${shape.length} entries (input shape [${shape.join(', ')}])`,
    );
  }
  shape.forEach((dim, axis) => {
    const w = windowShape[axis]!;
    const s = strides[axis]!;
    if (!Number.isInteger(w) || w < 1 || w > dim || !Number.isInteger(s) || s < 1 || s > w) {
      throw new SnowblindError(
        'BAD_INPUT',
        `axis ${axis}: need 1 ≤ stride (${s}) ≤ window (${w}) ≤ size (${dim}), all integers`,
      );
    }
  });
  const perEval = options.perturbationsPerEval ?? 1;
  checkInteger('perturbationsPerEval', perEval, 1);
  const baseline = resolveOcclusionBaseline(options.baselines ?? 0, n, size);

  const windows = windowIndices(shape, windowShape, strides);
  const coverage = new Uint32Array(size);
  for (const indices of windows) for (const j of indices) coverage[j]!++;

  const plain = pickTargets(await model.forward(input, n), model.numClasses, targets);
  const totals = new Float64Array(n * size);
  for (let first = 0; first < windows.length; first += perEval) {
    const k = Math.min(perEval, windows.length - first);
    const batch = new Float32Array(k * n * size);
    const batchTargets: number[] = [];
    for (let p = 0; p < k; p++) {
      batch.set(input, p * n * size);
      const indices = windows[first + p]!;
      for (let e = 0; e < n; e++) {
        const row = (p * n + e) * size;
        for (const j of indices) batch[row + j] = baseline(e * size + j);
      }
      batchTargets.push(...targets);
    }
    const scores = pickTargets(await model.forward(batch, k * n), model.numClasses, batchTargets);
    for (let p = 0; p < k; p++) {
      const indices = windows[first + p]!;
      for (let e = 0; e < n; e++) {
        const drop = plain[e]! - scores[p * n + e]!;
        for (const j of indices) totals[e * size + j]! += drop;
      }
    }
    options.onProgress?.({ done: first + k, total: windows.length });
  }
  const attributions = new Float32Array(n * size);
  for (let j = 0; j < attributions.length; j++) attributions[j] = totals[j]! / coverage[j % size]!;
  return attributions;
}

function resolveOcclusionBaseline(
  baseline: number | Float32Array,
  n: number,
  size: number,
): (j: number) => number {
  if (typeof baseline === 'number') return () => baseline;
  if (baseline.length === n * size) return (j) => baseline[j]!;
  if (baseline.length === size) return (j) => baseline[j % size]!;
  throw new SnowblindError(
    'SHAPE_MISMATCH',
    `occlusion baseline has ${baseline.length} floats; expected ${size} (one example) or ${n * size}`,
  );
}

/** Flat C-order indices covered by each window (clipped at the far edges). */
function windowIndices(
  shape: readonly number[],
  windowShape: readonly number[],
  strides: readonly number[],
): Int32Array[] {
  const rank = shape.length;
  const axisStarts = shape.map((dim, a) => occlusionWindowStarts(dim, windowShape[a]!, strides[a]!));
  const axisStrides = new Array<number>(rank).fill(1);
  for (let a = rank - 2; a >= 0; a--) axisStrides[a] = axisStrides[a + 1]! * shape[a + 1]!;
  const windows: Int32Array[] = [];
  const position = new Array<number>(rank).fill(0);
  for (;;) {
    const lo = position.map((p, a) => axisStarts[a]![p]!);
    const hi = lo.map((l, a) => Math.min(l + windowShape[a]!, shape[a]!));
    const extent = hi.map((h, a) => h - lo[a]!);
    const indices = new Int32Array(extent.reduce((x, y) => x * y, 1));
    const offset = new Array<number>(rank).fill(0);
    for (let i = 0; i < indices.length; i++) {
      let flat = 0;
      for (let a = 0; a < rank; a++) flat += (lo[a]! + offset[a]!) * axisStrides[a]!;
      indices[i] = flat;
      for (let a = rank - 1; a >= 0; a--) {
        if (++offset[a]! < extent[a]!) break;
        offset[a] = 0;
      }
    }
    windows.push(indices);
    let a = rank - 1;
    for (; a >= 0; a--) {
      if (++position[a]! < axisStarts[a]!.length) break;
      position[a] = 0;
    }
    if (a < 0) return windows;
  }
}
