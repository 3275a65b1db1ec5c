import { describe, expect, it } from 'vitest';
import { thresholdSummary } from './threshold-summary.js';

const above = (counts: number[], of = 48, thresholds = [0.5, 0.9, 0.99]) =>
  thresholds.map((threshold, i) => ({ threshold, count: counts[i]!, fraction: counts[i]! / of }));

describe('thresholdSummary', () => {
  it('says the thresholds reject all the noise when no image passes any of them', () => {
    const text = thresholdSummary([
      { model: 'fmnist-cnn', kind: 'seed-wrap', fractionAbove: above([0, 0, 0]) },
    ]);
    expect(text).toBe(
      'No noise image scores above 0.5 for fmnist-cnn here: these thresholds reject all of this noise.',
    );
    expect(text).not.toContain('not enough');
  });

  it('names, per run, the strictest threshold some noise still passes and its share', () => {
    const text = thresholdSummary([
      { model: 'fmnist-resnet', kind: 'seed-wrap', fractionAbove: above([48, 48, 12]) },
      { model: 'fmnist-cnn', kind: 'seed-wrap', fractionAbove: above([0, 0, 0]) },
      { model: 'fmnist-mlp', kind: 'gaussian', fractionAbove: above([3, 1, 0]) },
    ]);
    expect(text).toBe(
      'Thresholding confidence does not reject all of this noise: ' +
        'above 0.99, 25.0% (12 images) of the seed-wrap noise still passes for fmnist-resnet; ' +
        'fmnist-cnn rejects all of the seed-wrap noise from 0.5 up; ' +
        'above 0.9, 2.1% (1 image) of the gaussian noise still passes for fmnist-mlp.',
    );
  });

  it('says "any model" when several runs all reject everything, and nothing without thresholds', () => {
    const none = above([0, 0], 48, [0.7, 0.3]);
    expect(
      thresholdSummary([
        { model: 'a', kind: 'uniform', fractionAbove: none },
        { model: 'b', kind: 'uniform', fractionAbove: none },
      ]),
    ).toBe('No noise image scores above 0.3 for any model here: these thresholds reject all of this noise.');
    expect(thresholdSummary([])).toBeNull();
  });
});
