import { exampleCount, resolveTargets } from './batch.js';
import type { GradientModel, Target } from './types.js';

/** Options of {@link inputXGradient}. */
export interface InputXGradientOptions {
  /** Output index to explain (one for all examples, or one per example). */
  readonly target: Target;
}

/**
 * Input × Gradient (Shrikumar et al. 2016, https://arxiv.org/abs/1605.01713): x ⊙ ∇ₓF for the
 * target output; for a linear model this is exactly each feature's contribution x·w.
 */
export async function inputXGradient(
  model: GradientModel,
  input: Float32Array,
  options: InputXGradientOptions,
): Promise<Float32Array> {
  const n = exampleCount(model, input);
  const targets = resolveTargets(options.target, n, model.numClasses);
  const { gradients } = await model.gradient(input, n, targets);
  const out = new Float32Array(input.length);
  for (let j = 0; j < out.length; j++) out[j] = input[j]! * gradients[j]!;
  return out;
}
