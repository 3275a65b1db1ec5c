import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// The build scripts are plain ESM so that they need no TypeScript loader.
import { LAYOUT_SOURCE, layoutModuleText, parseLayout } from '../../scripts/build-layout.mjs';
import { compileKernel, moduleText } from '../../scripts/build-wasm.mjs';
import { KERNEL_LAYOUT, kernelExports } from './index.js';

const committed = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');

describe('generated kernel files', () => {
  it('keeps the committed module in step with the AssemblyScript source', { timeout: 120_000 }, async () => {
    expect(committed('./noise-kernel-wasm.ts')).toBe(moduleText(await compileKernel()));
  });

  it('keeps layout.ts in step with assembly/layout.ts', () => {
    expect(committed('./layout.ts')).toBe(layoutModuleText(readFileSync(LAYOUT_SOURCE, 'utf8')));
  });

  it('evaluates the layout sums and refuses a form it cannot evaluate', () => {
    const source = 'export const A: usize = 8;\nexport const B: usize = A + 4;\nexport const N: i32 = 3;';
    expect([...parseLayout(source)]).toEqual([
      ['A', 8],
      ['B', 12],
      ['N', 3],
    ]);
    expect(() => parseLayout('export const B: usize = A * 4;')).toThrow(/cannot evaluate/);
  });

  it('puts the output where the compiled kernel says it is', () => {
    const outputOffset = kernelExports().outputOffset as () => number;
    expect(outputOffset()).toBe(KERNEL_LAYOUT.DST);
  });
});
