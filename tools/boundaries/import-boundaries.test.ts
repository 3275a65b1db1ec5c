import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { brokenRule, coreModuleGraph, findImportViolations, moduleCycles } from './import-boundaries.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/**
 * Imports that broke a boundary when the check was added, to be fixed and removed from the list:
 * the check fails on any import that is not on it, so the list only shrinks.
 */
const known = new Set<string>(
  JSON.parse(readFileSync(new URL('./known-violations.json', import.meta.url), 'utf8')) as string[],
);

describe('import boundaries', () => {
  it('flags an import across package roots', () => {
    expect(brokenRule('packages/cli/src/a.test.ts', 'packages/core/test/zoo.ts')).toBe('package-root');
    expect(brokenRule('tools/bench/a.ts', 'packages/server/src/index.ts')).toBe('package-root');
  });

  it("flags a core module reaching into another module's private file, not its index or types", () => {
    expect(brokenRule('packages/core/src/audit/a.ts', 'packages/core/src/noise/validate.ts')).toBe(
      'core-module',
    );
    expect(brokenRule('packages/core/src/audit/a.ts', 'packages/core/src/noise/index.ts')).toBeUndefined();
    expect(brokenRule('packages/core/src/audit/a.ts', 'packages/core/src/report/types.ts')).toBeUndefined();
    expect(brokenRule('packages/core/src/audit/a.ts', 'packages/core/src/audit/deep/b.ts')).toBeUndefined();
    expect(brokenRule('packages/core/src/audit/a.ts', 'packages/core/src/errors.ts')).toBeUndefined();
  });

  it('finds the cycles of a module graph, not its chains', () => {
    const graph = new Map([
      ['audit', new Set(['models', 'noise'])],
      ['models', new Set(['engine', 'attribution'])],
      ['attribution', new Set(['audit'])],
      ['engine', new Set<string>()],
      ['noise', new Set(['image'])],
      ['image', new Set(['noise'])],
    ]);
    expect(moduleCycles(graph)).toEqual(['attribution ↔ audit ↔ models', 'image ↔ noise']);
    graph.get('attribution')!.clear();
    graph.get('image')!.clear();
    expect(moduleCycles(graph)).toEqual([]);
  });

  it("has no cycle between core's modules", () => {
    const graph = coreModuleGraph(repoRoot);
    expect(graph.get('noise')).toContain('kernel');
    expect(moduleCycles(graph)).toEqual([]);
  });

  it('finds no import across a boundary beyond the known ones', () => {
    const found = findImportViolations(repoRoot).map((v) => `${v.file} -> ${v.specifier}`);
    expect(found.filter((v) => !known.has(v))).toEqual([]);
  });
});
