import { fooledMessage, rejectedMessage } from './failure-message.js';
import { hint, type MatcherContext, type MatcherResult } from './matcher-context.js';
import type { ModelInput } from './model-input.js';
import { checkNoiseRejection, type NoiseGateOptions } from './noise-gate.js';

/**
 * Asserts that `model` rejects random noise: every one of `samples` seeded noise images per
 * noise set is rejected by the rules (max softmax ≤ 0.5 by default), allowing at most
 * `maxFooledRate` of them to fool it.
 *
 * @example
 * ```ts
 * await expect('fmnist-cnn-oe').toRejectNoise({ maxConfidence: 0.5, samples: 200, noise: ['seed-wrap', 'gaussian'], seed: 1 });
 * ```
 * @remarks
 * A vitest matcher (register it with the `@snowblind/vitest-robustness/vitest` setup entry or
 * `expect.extend({ toRejectNoise })`); it never looks at `isNot`, so `.not.toRejectNoise()`
 * asserts that the model *is* fooled. The failure message gives the fooled count, the worst
 * sample (index, label, confidence, kind), the seed, a one-line replay and the PNGs written to
 * `artifactsDir`. Works outside vitest too: it returns `{ pass, message }`.
 * @param model - a Classifier, a registry id or model path (loaded and disposed here), or a
 * `(batch, n) => logits` function described by `preset`, `classes` and `outputKind`.
 */
export async function toRejectNoise(
  this: MatcherContext | undefined,
  model: ModelInput,
  options: NoiseGateOptions = {},
): Promise<MatcherResult> {
  const name = options.name ?? this?.currentTestName;
  const result = await checkNoiseRejection(model, name === undefined ? options : { ...options, name });
  const header = hint(this, 'toRejectNoise');
  return {
    pass: result.pass,
    message: () => `${header}\n\n${result.pass ? rejectedMessage(result) : fooledMessage(result)}`,
    actual: result.fooled,
    expected: result.allowed,
  };
}
