import { describe, expect, it } from 'vitest';
import { confidenceHistogram } from './histogram.js';

describe('confidenceHistogram', () => {
  it('bins each series into shares of its own size, half-open bins with 1 in the last', () => {
    const bins = confidenceHistogram(
      [
        { name: 'a', scores: [0, 0.1, 0.24, 0.25, 1] },
        { name: 'b', scores: [0.5, 0.75] },
      ],
      4,
    );
    expect(bins.map((b) => [b.x0, b.x1, b.x])).toEqual([
      [0, 0.25, 0.125],
      [0.25, 0.5, 0.375],
      [0.5, 0.75, 0.625],
      [0.75, 1, 0.875],
    ]);
    expect(bins.map((b) => b['a'])).toEqual([3 / 5, 1 / 5, 0, 1 / 5]);
    expect(bins.map((b) => b['b'])).toEqual([0, 0, 1 / 2, 1 / 2]);
    expect(bins[0]!.label).toBe('0.00–0.25');
  });

  it('clamps values outside [0, 1], drops non-finite ones, and gives zeros for an empty series', () => {
    const bins = confidenceHistogram(
      [
        { name: 'x', scores: [-0.5, 1.5, Number.NaN, Number.POSITIVE_INFINITY] },
        { name: 'empty', scores: [] },
      ],
      2,
    );
    expect(bins.map((b) => b['x'])).toEqual([0.5, 0.5]);
    expect(bins.map((b) => b['empty'])).toEqual([0, 0]);
  });

  it('uses 20 bins by default and rejects a bad bin count', () => {
    expect(confidenceHistogram([{ name: 's', scores: [0.51] }])).toHaveLength(20);
    expect(confidenceHistogram([{ name: 's', scores: [0.51] }])[10]!['s']).toBe(1);
    expect(() => confidenceHistogram([], 0)).toThrow(RangeError);
  });
});
