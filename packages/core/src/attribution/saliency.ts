import { exampleCount, resolveTargets } from './batch.js';
import type { GradientModel, Target } from './types.js';

/** Options of {@link saliency}. */
export interface SaliencyOptions {
  /** Output index to explain (one for all examples, or one per example). */
  readonly target: Target;
  /**
   * Return |∇ₓF| instead of the signed gradient.
   * @defaultValue `true` (as Captum)
   */
  readonly abs?: boolean;
}

/**
 * Saliency (Simonyan, Vedaldi & Zisserman 2013, https://arxiv.org/abs/1312.6034): the gradient
 * of the target output with respect to the input, in absolute value by default.
 */
export async function saliency(
  model: GradientModel,
  input: Float32Array,
  options: SaliencyOptions,
): Promise<Float32Array> {
  const n = exampleCount(model, input);
  const targets = resolveTargets(options.target, n, model.numClasses);
  const { gradients } = await model.gradient(input, n, targets);
  const out = new Float32Array(gradients);
  if (options.abs ?? true) for (let j = 0; j < out.length; j++) out[j] = Math.abs(out[j]!);
  return out;
}
