import type { ModelInput } from './model-input.js';
import type { NoiseGateOptions } from './noise-gate.js';
import type { StabilityOptions } from './stability.js';

/**
 * The matchers' types, added to vitest's `Matchers` interface (the form vitest ≥ 3.2 documents:
 * it feeds both `expect(x)` assertions and `expect.extend` checks).
 */
declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: the type parameter must match vitest's declaration to merge.
  interface Matchers<T = any> {
    /**
     * Feeds seeded noise through the model and fails when more than `maxFooledRate` of the
     * samples fool it (max softmax > 0.5 by default). Await it.
     */
    toRejectNoise(options?: NoiseGateOptions): Promise<void>;
    /** Fails when small additive noise changes the top-1 prediction of real inputs. Await it. */
    toBeStableUnder(options: StabilityOptions): Promise<void>;
  }
}

/** What `expect(model)` accepts for the robustness matchers. */
export type RobustnessSubject = ModelInput;
