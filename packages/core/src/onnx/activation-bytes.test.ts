import { describe, expect, it } from 'vitest';
import { activationBytesPerExample } from './activation-bytes.js';
import type { ValueInfo } from './shape-inference.js';

const infos = new Map<string, ValueInfo>([
  ['x', { dtype: 1, dims: [null, 3, 8, 8] }],
  ['conv', { dtype: 1, dims: [null, 4, 8, 8] }],
  ['tokens', { dtype: 1, dims: [null, 5, null] }],
  ['lost', { dtype: 1, dims: undefined }],
  ['fixed', { dtype: 1, dims: [2, 10] }],
]);
const info = (name: string) => infos.get(name);

describe('activationBytesPerExample', () => {
  it('sums float32 sizes per example, the unknown batch counted once and unknown ranks not at all', () => {
    expect(activationBytesPerExample(['x', 'conv', 'lost'], info, null)).toBe(4 * (192 + 256));
    expect(activationBytesPerExample(['tokens', 'missing'], info, null)).toBe(4 * 5);
  });

  it('divides by a static batch', () => {
    expect(activationBytesPerExample(['fixed'], info, 2)).toBe(4 * 10);
  });
});
