import { fileURLToPath } from 'node:url';
import type { NoiseGateOptions } from '@snowblind/vitest-robustness';

/** The gate this project puts in CI: 200 images of each noise kind must all stay below 50% confidence. */
export const NOISE_GATE = {
  maxConfidence: 0.5,
  samples: 200,
  noise: ['seed-wrap', 'gaussian'],
  seed: 1,
  // Kept beside the example (and git-ignored) instead of the default .snowblind/artifacts under cwd.
  artifactsDir: fileURLToPath(new URL('./.snowblind/artifacts', import.meta.url)),
} satisfies NoiseGateOptions;
