import { describe, expect, it } from 'vitest';
import { occlusionPlan } from './explain.js';

describe('occlusionPlan', () => {
  it('gives the reference 784 windows (15×15, stride 8) on 3×224×224 by default', () => {
    expect(occlusionPlan([3, 224, 224], 'NCHW', {})).toEqual({
      windowShape: [3, 15, 15],
      strides: [3, 8, 8],
      windows: 784,
    });
  });

  it('scales the default window to a 28×28 gray input in NHWC', () => {
    // window max(3, round(15·28/224)) = 3, stride max(1, round(8·28/224)) = 1: 26 × 26 windows.
    expect(occlusionPlan([28, 28, 1], 'NHWC', {})).toMatchObject({ windowShape: [3, 3, 1], windows: 676 });
  });

  it('counts given windows per axis, NaN when they do not match the shape', () => {
    expect(
      occlusionPlan([3, 224, 224], 'NCHW', { slidingWindowShapes: [1, 1, 1], strides: [1, 1, 1] }).windows,
    ).toBe(3 * 224 * 224);
    expect(
      occlusionPlan([3, 224, 224], 'NCHW', { slidingWindowShapes: [15, 15], strides: [8, 8] }).windows,
    ).toBeNaN();
  });
});
