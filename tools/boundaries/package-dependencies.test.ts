import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  findUndeclaredImports,
  packageCycles,
  runtimeGraph,
  type WorkspacePackage,
  workspacePackageOf,
  workspacePackages,
} from './package-dependencies.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/**
 * Undeclared imports the check allows. A vitest-robustness test runs the CLI's replay line (from
 * before the check: declare it and drop the line). The test helpers type their fake classifier
 * with core's types, and core's tests use the helpers: declaring core there would close a cycle.
 */
const KNOWN_UNDECLARED = new Set([
  'packages/vitest-robustness/src/replay-exact.test.ts -> @snowblind/cli',
  'packages/test-utils/src/linear-classifier.ts -> @snowblind/core',
]);

const pkg = (name: string, runtime: string[]): WorkspacePackage => ({
  root: `packages/${name}`,
  name: `@snowblind/${name}`,
  runtime: new Set(runtime.map((d) => `@snowblind/${d}`)),
  declared: new Set(runtime.map((d) => `@snowblind/${d}`)),
});

describe('workspace package dependencies', () => {
  it('reads the package of a specifier, subpaths included', () => {
    expect(workspacePackageOf('@snowblind/distributed/testing')).toBe('@snowblind/distributed');
    expect(workspacePackageOf('@snowblind/core')).toBe('@snowblind/core');
    expect(workspacePackageOf('bullmq')).toBeUndefined();
  });

  it('finds a cycle in the runtime package graph', () => {
    const layered = [pkg('core', []), pkg('distributed', ['core']), pkg('server', ['core', 'distributed'])];
    expect(packageCycles(layered)).toEqual([]);
    expect(packageCycles([...layered.slice(1), pkg('core', ['distributed'])])).toEqual([
      '@snowblind/core ↔ @snowblind/distributed',
    ]);
  });

  it('layers the packages: core depends on none, distributed on core, the faces on both; no cycle', () => {
    const graph = runtimeGraph(workspacePackages(repoRoot).values());
    expect([...graph.get('@snowblind/core')!]).toEqual([]);
    expect([...graph.get('@snowblind/distributed')!]).toEqual(['@snowblind/core']);
    expect(graph.get('@snowblind/server')).toContain('@snowblind/distributed');
    expect(graph.get('@snowblind/cli')).toContain('@snowblind/distributed');
    expect(packageCycles(workspacePackages(repoRoot).values())).toEqual([]);
  });

  it('finds no import of a workspace package that the importing package.json does not declare', () => {
    const undeclared = findUndeclaredImports(repoRoot)
      .map((v) => `${v.file} -> ${v.specifier}`)
      .filter((v) => !KNOWN_UNDECLARED.has(v));
    expect(undeclared, 'declare each in its package.json (devDependencies for tests and tools)').toEqual([]);
  });
});
