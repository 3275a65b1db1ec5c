import { describe, expect, it } from 'vitest';
import { confidenceHistogram, sharedShareMax } from './histogram.js';

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

  it('gives small multiples one share axis: the fullest bin of any series, up to the next tenth', () => {
    const bins = confidenceHistogram(
      [
        { name: 'low', scores: [0.1, 0.2, 0.3, 0.4] },
        { name: 'piled', scores: [0.96, 0.97, 0.98, 0.2] },
      ],
      10,
    );
    expect(sharedShareMax(bins, ['low', 'piled'])).toBe(0.8);
    expect(sharedShareMax(bins, ['low'])).toBe(0.3);
    // An exact tenth stays; nothing at all still gets an axis.
    expect(sharedShareMax(confidenceHistogram([{ name: 'a', scores: [0.2, 0.7] }], 2), ['a'])).toBe(0.5);
    expect(sharedShareMax(confidenceHistogram([{ name: 'e', scores: [] }], 2), ['e'])).toBe(0.1);
  });
});
