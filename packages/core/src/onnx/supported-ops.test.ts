import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DIFFERENTIABLE_OPS } from './backward/registry.js';
import { supportedOpsMarkdown, withSupportedOps } from './supported-ops.js';

const README = fileURLToPath(new URL('../../../../tools/onnx/README.md', import.meta.url));

describe('the supported-op list in tools/onnx/README.md', () => {
  it('is the one generated from DIFFERENTIABLE_OPS (run `npx tsx tools/onnx/supported-ops.ts`)', () => {
    const text = readFileSync(README, 'utf8');
    expect(withSupportedOps(text)).toBe(text);
  });

  it('names every differentiable op exactly once', () => {
    const listed = supportedOpsMarkdown(1_000_000).split('\n')[1]!.split(': ')[1]!.replace(/\.$/, '');
    expect(listed.split(', ')).toEqual([...DIFFERENTIABLE_OPS]);
  });
});
