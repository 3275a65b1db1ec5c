import { fashionMnistDir } from '@snowblind/core';
import { FASHION_MNIST, fashionMnistMissing, missingTestDependency } from '@snowblind/test-utils';
import { describe, expect, it } from 'vitest';
import { loadSplit, toFloat } from './fashion-mnist.js';

describe('toFloat', () => {
  it('applies the fashion-mnist preset: x · 1/255', () => {
    expect([...toFloat(new Uint8Array([0, 51, 255]))]).toEqual([0, Math.fround(51 / 255), 1]);
  });
});

const noData = missingTestDependency(FASHION_MNIST, fashionMnistMissing(fashionMnistDir()));
describe.skipIf(noData)('the installed Fashion-MNIST test split', () => {
  it('has 10 000 28×28 images with balanced labels (1 000 per class)', async () => {
    const test = await loadSplit('test');
    expect(test.count).toBe(10_000);
    expect(test.images.length).toBe(10_000 * 28 * 28);
    const counts = new Array(10).fill(0);
    for (const l of test.labels) counts[l]++;
    expect(counts).toEqual(new Array(10).fill(1000));
    // First test image is an ankle boot (label 9), as in Zalando's README sprite.
    expect(test.labels[0]).toBe(9);
  });
});
