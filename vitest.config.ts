import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string, entry = 'index') =>
  fileURLToPath(new URL(`./packages/${pkg}/src/${entry}.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources of sibling packages, not their build output.
    alias: {
      '@snowblind/core': src('core'),
      '@snowblind/cli': src('cli'),
      // Subpath first: aliases match by prefix, in order. `testing` is the test helpers (not in dist).
      '@snowblind/distributed/testing': fileURLToPath(
        new URL('./packages/distributed/test/index.ts', import.meta.url),
      ),
      '@snowblind/distributed': src('distributed'),
      '@snowblind/server': src('server'),
      // One graphql realm: Pothos and yoga load graphql's CommonJS build, so sources must too.
      graphql: fileURLToPath(new URL('./node_modules/graphql/index.js', import.meta.url)),
      // Subpath first: aliases match by prefix, in order.
      '@snowblind/vitest-robustness/vitest': src('vitest-robustness', 'vitest'),
      '@snowblind/vitest-robustness': src('vitest-robustness'),
    },
  },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'tools/**/*.test.ts',
      'examples/*/**/*.test.ts',
      // The dashboard: component tests (happy-dom) and end-to-end tests (Chromium).
      'apps/*/src/**/*.test.{ts,tsx}',
      'apps/*/e2e/**/*.test.ts',
    ],
    // Type tests (*.test-d.ts) run with tsc next to the runtime tests; errors in sources
    // outside the type tests are the build's business (tsc -b), not the test run's.
    typecheck: {
      enabled: true,
      include: ['packages/*/src/**/*.test-d.ts'],
      tsconfig: 'tsconfig.typecheck.json',
      ignoreSourceErrors: true,
    },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // CI reads the pass/fail counts from the JSON report (.ci/run prints them).
    reporters: process.env['CI'] ? ['default', ['json', { outputFile: 'test-results.json' }]] : ['default'],
  },
});
