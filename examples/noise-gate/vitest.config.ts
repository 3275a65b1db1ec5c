import { defineConfig } from 'vitest/config';

// Standalone use (`npx vitest run --config examples/noise-gate/vitest.config.ts` after `npm run build`):
// the one line a project adds to get the robustness matchers on every `expect`.
export default defineConfig({
  test: {
    include: ['examples/noise-gate/**/*.test.ts'],
    setupFiles: ['@snowblind/vitest-robustness/vitest'],
    testTimeout: 120_000,
  },
});
