import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as core from './index.js';

/**
 * The checked-in public API of `@snowblind/core`: every value and every type `src/index.ts`
 * exports. An export added or dropped by accident fails here; a deliberate one updates the list.
 */
const expected = JSON.parse(
  readFileSync(new URL('../test/fixtures/public-api.json', import.meta.url), 'utf8'),
) as { values: string[]; types: string[] };

/** Names `src/index.ts` exports as values and as types only, from the TypeScript checker. */
function exportedNames(): { values: string[]; types: string[] } {
  const index = fileURLToPath(new URL('./index.ts', import.meta.url));
  const program = ts.createProgram([index], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(index)!)!;
  const values: string[] = [];
  const types: string[] = [];
  for (const symbol of checker.getExportsOfModule(module)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    (target.flags & ts.SymbolFlags.Value ? values : types).push(symbol.name);
  }
  return { values: values.sort(), types: types.sort() };
}

describe('@snowblind/core public API', () => {
  it('exports exactly the checked-in values', () => {
    expect(Object.keys(core).sort()).toEqual(expected.values);
  });

  it('exports exactly the checked-in types', { timeout: 60_000 }, () => {
    const names = exportedNames();
    expect(names.values).toEqual(expected.values);
    expect(names.types).toEqual(expected.types);
  });

  it('keeps engine handles, the kernel, backend patches, caches and accumulators out', () => {
    const exported = [...expected.values, ...expected.types];
    for (const internal of [
      'tf',
      'ort',
      'kernelFor',
      'kernelExports',
      'KERNEL_LAYOUT',
      'withWasmGradientKernels',
      'clearNumpyStreamCache',
      'tensorToNumbers',
      'DescribeAccumulator',
      'LabelCounter',
      'GraphBuilder',
      'float32Tensor',
      'noiseImagesInto',
      'hostCores',
      'normalStream',
      'checkInteger',
    ]) {
      expect(exported).not.toContain(internal);
    }
  });
});
