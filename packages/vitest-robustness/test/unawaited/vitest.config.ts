import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string, entry = 'index') =>
  fileURLToPath(new URL(`../../../${pkg}/src/${entry}.ts`, import.meta.url));

// Run by unawaited.test.ts: the fixture tests beside it, with only the setup entry (from the
// sources: setupFiles are resolved without the aliases, so the package name would load dist/).
export default defineConfig({
  resolve: {
    alias: {
      '@snowblind/core': src('core'),
      '@snowblind/vitest-robustness/vitest': src('vitest-robustness', 'vitest'),
      '@snowblind/vitest-robustness': src('vitest-robustness'),
    },
  },
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['*.fixture.ts'],
    setupFiles: [src('vitest-robustness', 'vitest')],
    typecheck: { enabled: false },
  },
});
