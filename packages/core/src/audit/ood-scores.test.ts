import { describe, expect, it } from 'vitest';
import { fractionAbove } from './fraction-above.js';
import { energyScore, maxLogitScore, mspScore } from './ood-scores.js';

describe('OOD scores', () => {
  it('MSP and MaxLogit are row maxima, with offsets', () => {
    expect(mspScore([0.2, 0.7, 0.1])).toBe(0.7);
    expect(maxLogitScore([9, -1, 4, 2], 1, 3)).toBe(4);
  });

  it('energy = T·logsumexp(logits/T)', () => {
    expect(energyScore([0, 0])).toBeCloseTo(Math.LN2, 15);
    // T = 2: 2·log(e^(2/2) + e^(4/2)) = 2·log(e + e²)
    expect(energyScore([2, 4], 2)).toBeCloseTo(2 * Math.log(Math.E + Math.E ** 2), 14);
    expect(energyScore([5, 0, 0, 7], 1, 1, 2)).toBeCloseTo(Math.LN2, 15);
  });
});

describe('fractionAbove', () => {
  it('counts values strictly above each threshold', () => {
    expect(fractionAbove([0.5, 0.95, 0.995, 0.2])).toEqual([
      { threshold: 0.5, count: 2, fraction: 0.5 },
      { threshold: 0.9, count: 2, fraction: 0.5 },
      { threshold: 0.99, count: 1, fraction: 0.25 },
    ]);
    expect(fractionAbove([], [0.1])).toEqual([{ threshold: 0.1, count: 0, fraction: Number.NaN }]);
  });
});
