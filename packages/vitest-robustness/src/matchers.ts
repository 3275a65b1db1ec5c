import { toBeStableUnder } from './stability.js';
import { toRejectNoise } from './to-reject-noise.js';

/**
 * Every snowblind matcher, for `expect.extend(robustnessMatchers)` when not using the
 * `@snowblind/vitest-robustness/vitest` setup entry.
 */
export const robustnessMatchers = { toRejectNoise, toBeStableUnder };
