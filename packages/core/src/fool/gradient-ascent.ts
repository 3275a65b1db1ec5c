import type { GradientModel } from '../attribution/types.js';
import type { OutputKind } from '../models/types.js';
import { type FoolConstraints, projectInto } from './constraints.js';
import type { PixelSpace } from './pixel-space.js';
import { argmaxRow, logSoftmaxRow } from './scoring.js';
import type { SearchOutcome, SearchSettings } from './search-types.js';
import type { FoolStep } from './types.js';

/** Settings of {@link gradientAscent}, all resolved. */
export interface AscentSettings extends SearchSettings {
  readonly step: FoolStep;
  readonly stepSize: number;
  readonly competitors: number;
  readonly constraints: FoolConstraints;
}

/**
 * Projected gradient ascent on the input pixels (Madry et al. 2018, "Towards Deep Learning Models
 * Resistant to Adversarial Attacks", https://arxiv.org/abs/1706.06083; FGSM's sign step from
 * Goodfellow et al. 2015, https://arxiv.org/abs/1412.6572), run the other way round: instead of
 * pushing a real image away from its class, it pushes noise toward one.
 *
 * The objective is log softmax of the target. Gradient models give ∂(one output)/∂input per row,
 * so for logits the target's gradient is assembled from the target row and the rows of its most
 * probable competitors: ∇ log p_t = (1 − p_t)∇z_t − Σ_{j≠t} p_j ∇z_j, exact when every other
 * class is a competitor and otherwise missing only terms of the least probable classes. For
 * probability outputs it is ∇p_t / p_t. The gradient is mapped to pixels through the preset
 * (chain rule in {@link PixelSpace.pixelGradient}), stepped (sign or unit L2) and projected back
 * into the constraint set and [0, 255] after every step.
 *
 * Returns the best iterate seen (continuous); the caller quantises it to bytes.
 */
export async function gradientAscent(
  gradients: GradientModel,
  outputKind: OutputKind,
  space: PixelSpace,
  start: Uint8Array,
  settings: AscentSettings,
): Promise<SearchOutcome> {
  const classes = gradients.numClasses;
  const x = Float64Array.from(start);
  const logProbs = new Float64Array(classes);
  const curve: number[] = [];
  let best = { x: Float64Array.from(x), value: Number.NEGATIVE_INFINITY, target: 0 };
  let evaluations = 0;
  // Competitors (and, for `any`, the target) come from the previous evaluation: the iterate moved
  // by one small step since, and choosing them first lets one batched call give every row.
  let previous = await forwardLogProbs(gradients, outputKind, space, x);
  evaluations++;
  for (let iteration = 0; ; iteration++) {
    settings.checkAborted();
    const target = settings.target === 'any' ? argmaxRow(previous, 0, classes) : settings.target;
    const last = iteration === settings.budget;
    const rows = last ? [target] : gradientRows(target, previous, outputKind, settings.competitors);
    const input = new Float32Array(rows.length * space.size);
    space.toModelInput(x, input, 0);
    for (let r = 1; r < rows.length; r++) input.copyWithin(r * space.size, 0, space.size);
    const result = last ? null : await gradients.gradient(input, rows.length, rows);
    const outputs = result ? result.outputs : await gradients.forward(input.subarray(0, space.size), 1);
    evaluations += rows.length;
    logSoftmaxRow(outputs, 0, classes, outputKind, logProbs);
    previous = Float64Array.from(logProbs);
    const reached = settings.target === 'any' ? argmaxRow(logProbs, 0, classes) : target;
    const value = logProbs[reached]!;
    curve.push(Math.exp(value));
    if (value > best.value) best = { x: Float64Array.from(x), value, target: reached };
    settings.onIteration(iteration, Math.exp(best.value), best.target);
    if (Math.exp(value) >= settings.goal) return done('goal', iteration);
    if (last) return done('budget', iteration);
    const g = space.pixelGradient(combine(result!.gradients, rows, logProbs, outputKind, space.size));
    if (!takeStep(x, g, settings)) return done('stalled', iteration);
    projectInto(x, start, space, settings.constraints);
  }

  function done(stopReason: SearchOutcome['stopReason'], iterations: number): SearchOutcome {
    return { best: best.x, target: best.target, curve, iterations, evaluations, stopReason };
  }
}

async function forwardLogProbs(
  model: GradientModel,
  kind: OutputKind,
  space: PixelSpace,
  x: Float64Array,
): Promise<Float64Array> {
  const input = new Float32Array(space.size);
  space.toModelInput(x, input);
  const out = new Float64Array(model.numClasses);
  logSoftmaxRow(await model.forward(input, 1), 0, model.numClasses, kind, out);
  return out;
}

/** The target first, then (logits only) its most probable competitors. */
function gradientRows(
  target: number,
  logProbs: Float64Array,
  kind: OutputKind,
  competitors: number,
): number[] {
  if (kind === 'probabilities' || competitors === 0) return [target];
  const others = Array.from({ length: logProbs.length }, (_, c) => c).filter((c) => c !== target);
  others.sort((a, b) => logProbs[b]! - logProbs[a]! || a - b);
  return [target, ...others.slice(0, competitors)];
}

/** ∂ log p_target / ∂ model input from the per-row output gradients. */
function combine(
  rowGradients: Float32Array,
  rows: readonly number[],
  logProbs: Float64Array,
  kind: OutputKind,
  size: number,
): Float64Array {
  const g = new Float64Array(size);
  const target = rows[0]!;
  if (kind === 'probabilities') {
    // ∇ log p = ∇p / p; the floor only matters for a probability that underflowed to 0.
    const inverse = 1 / Math.max(Math.exp(logProbs[target]!), 1e-30);
    for (let i = 0; i < size; i++) g[i] = rowGradients[i]! * inverse;
    return g;
  }
  for (let r = 0; r < rows.length; r++) {
    const p = Math.exp(logProbs[rows[r]!]!);
    const weight = r === 0 ? 1 - p : -p;
    const offset = r * size;
    for (let i = 0; i < size; i++) g[i] = g[i]! + weight * rowGradients[offset + i]!;
  }
  return g;
}

/** One ascent step in place; false when the gradient is zero (nothing left to climb). */
function takeStep(x: Float64Array, g: Float64Array, settings: AscentSettings): boolean {
  let norm = 0;
  for (const v of g) norm += v * v;
  norm = Math.sqrt(norm);
  if (!(norm > 0)) return false;
  if (settings.step === 'sign') {
    for (let i = 0; i < x.length; i++) x[i] = x[i]! + settings.stepSize * Math.sign(g[i]!);
  } else {
    const factor = settings.stepSize / norm;
    for (let i = 0; i < x.length; i++) x[i] = x[i]! + factor * g[i]!;
  }
  return true;
}
