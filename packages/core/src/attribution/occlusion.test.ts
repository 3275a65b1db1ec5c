import { describe, expect, it } from 'vitest';
import { additiveModel, testValues } from '../../test/fixtures/attribution/toy-models.js';
import { occlusion, occlusionWindowStarts } from './occlusion.js';

describe('occlusion', () => {
  it('places ⌈(d − w)/s⌉ + 1 windows from 0, the last clipped', () => {
    expect(occlusionWindowStarts(224, 15, 8)).toHaveLength(28);
    expect(occlusionWindowStarts(16, 5, 3)).toEqual([0, 3, 6, 9, 12]);
    expect(occlusionWindowStarts(3, 3, 3)).toEqual([0]);
  });

  it('on an additive model equals the window sums averaged by coverage', async () => {
    const shape = [2, 7, 6];
    const model = additiveModel(shape);
    const input = testValues(2 * 84, 3);
    const window = [1, 3, 4];
    const strides = [1, 2, 3];
    const baseline = 0.5;
    const result = await occlusion(model, input, {
      target: [0, 1],
      slidingWindowShapes: window,
      strides,
      baselines: baseline,
    });
    // Brute force: F(x) − F(occluded) = Σ over the window of f(x_j) − f(baseline).
    for (let e = 0; e < 2; e++) {
      const f = (v: number) => (e + 1) * v * v + v;
      const total = new Float64Array(84);
      const count = new Float64Array(84);
      for (const c0 of occlusionWindowStarts(2, 1, 1)) {
        for (const y0 of occlusionWindowStarts(7, 3, 2)) {
          for (const x0 of occlusionWindowStarts(6, 4, 3)) {
            const cells: number[] = [];
            for (let c = c0; c < Math.min(c0 + 1, 2); c++)
              for (let y = y0; y < Math.min(y0 + 3, 7); y++)
                for (let x = x0; x < Math.min(x0 + 4, 6); x++) cells.push(c * 42 + y * 6 + x);
            const sum = cells.reduce((acc, j) => acc + f(input[e * 84 + j]!) - f(baseline), 0);
            for (const j of cells) {
              total[j]! += sum;
              count[j]! += 1;
            }
          }
        }
      }
      for (let j = 0; j < 84; j++) expect(result[e * 84 + j]).toBeCloseTo(total[j]! / count[j]!, 4);
    }
  });

  it('runs the reference settings as 784 perturbations plus one forward', async () => {
    const model = additiveModel([3, 224, 224], 1);
    const input = testValues(3 * 224 * 224, 5);
    const progress: { done: number; total: number }[] = [];
    await occlusion(model, input, {
      target: 0,
      slidingWindowShapes: [3, 15, 15],
      strides: [3, 8, 8],
      perturbationsPerEval: 100,
      onProgress: (p) => progress.push(p),
    });
    expect(model.calls.map((c) => c.n)).toEqual([1, 100, 100, 100, 100, 100, 100, 100, 84]);
    // Once per batch of windows, after the plain forward pass.
    expect(progress).toEqual([100, 200, 300, 400, 500, 600, 700, 784].map((done) => ({ done, total: 784 })));
  });

  it('rejects strides larger than the window and missing shapes', async () => {
    const model = additiveModel([1, 4, 4]);
    const input = new Float32Array(16);
    await expect(
      occlusion(model, input, { target: 0, slidingWindowShapes: [1, 2, 2], strides: 3 }),
    ).rejects.toThrow(/stride/);
    const { inputShape: _, ...shapeless } = model;
    await expect(occlusion(shapeless, input, { target: 0, slidingWindowShapes: [1, 2, 2] })).rejects.toThrow(
      /shape of one example/,
    );
  });
});
