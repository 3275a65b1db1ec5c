import {
  BGR_PRESET,
  GRAY_PRESET,
  type LinearClassifier,
  linearClassifier,
  sineWeights,
} from '@snowblind/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noiseImage } from '../noise/index.js';
import { checkConstraints, maxNeighbourDifference } from './constraints.js';
import { fool } from './fool.js';
import { PixelSpace } from './pixel-space.js';

/** Two classes: log p_0 is increasing in the margin (W_0 − W_1)·v, linear in the pixels. */
function binary(preset = BGR_PRESET, outputKind: 'logits' | 'probabilities' = 'logits', gradients = true) {
  const channels = preset.mean.length;
  const size = (preset.crop![0] as number) * (preset.crop![1] as number) * channels;
  // Small weights: the start is unconvinced, so the optimum is not reached by accident.
  const weights = sineWeights(2 * size, 1).map((w) => w * 0.02);
  return linearClassifier({ preset, weights, bias: Float64Array.from([-1, 1]), outputKind, gradients });
}

/**
 * The analytic optimum of a linear margin over the L∞ ball ∩ [0, 255]: every pixel at
 * start + ε·sign(∂margin/∂pixel), clipped (the box is a product of intervals, so the clipped
 * corner is optimal), and its softmax.
 */
async function linfOptimum(model: LinearClassifier, start: Uint8Array, eps: number, target: number) {
  const space = new PixelSpace(model.preset, model.inputChannels);
  const size = space.size;
  const margin = Float64Array.from(
    { length: size },
    (_, i) => model.weights[target * size + i]! - model.weights[(1 - target) * size + i]!,
  );
  const g = space.pixelGradient(margin);
  const corner = Uint8Array.from(start, (s, i) => Math.min(255, Math.max(0, s + eps * Math.sign(g[i]!))));
  const input = new Float32Array(size);
  space.toModelInput(corner, input);
  const out = await model.predict(input, 1);
  const p =
    model.outputKind === 'logits' ? 1 / (1 + Math.exp(out[1 - target]! - out[target]!)) : out[target]!;
  return { corner, confidence: p };
}

describe('fool on a linear softmax model (known optimum)', () => {
  it.each([
    ['BGR NCHW logits', BGR_PRESET, 'logits'],
    ['gray NHWC logits', GRAY_PRESET, 'logits'],
    ['BGR NCHW probabilities', BGR_PRESET, 'probabilities'],
  ] as const)(
    '%s: projected sign ascent reaches the sign-of-weights corner of the L∞ ball',
    async (_, preset, kind) => {
      const model = binary(preset, kind);
      const result = await fool(model, {
        target: 0,
        noise: { kind: 'uniform', seed: 4 },
        constraints: { linf: 8 },
        budget: 20,
        goal: 1,
      });
      const optimum = await linfOptimum(model, result.start.data as Uint8Array, 8, 0);
      expect([...result.image.data]).toEqual([...optimum.corner]);
      expect(Math.abs(result.confidence - optimum.confidence)).toBeLessThan(1e-6);
      expect(result.confidence).toBeGreaterThan(result.startConfidence);
      expect(result.constraintsHeld).toBe(true);
      expect(result.constraints.find((c) => c.constraint === 'linf')!.value).toBe(8);
      expect(result.stopReason).toBe('budget');
      expect(result.curve).toHaveLength(21);
      expect(result.presetConfidence).toBeCloseTo(result.confidence, 6);
    },
  );

  it('reaches a corner whatever the class count: only the target class has weights', async () => {
    const size = 4 * 5 * 3;
    const weights = new Float64Array(5 * size);
    weights.set(
      sineWeights(size, 2).map((w) => w * 0.01),
      3 * size,
    );
    const model = linearClassifier({ preset: BGR_PRESET, weights, bias: new Float64Array(5) });
    const result = await fool(model, {
      target: 3,
      noise: { kind: 'seed-wrap', seed: 9 },
      budget: 10,
      goal: 1,
    });
    const space = new PixelSpace(BGR_PRESET, 3);
    const g = space.pixelGradient(weights.subarray(3 * size));
    const corner = Uint8Array.from(result.start.data, (s, i) =>
      Math.min(255, Math.max(0, s + 8 * Math.sign(g[i]!))),
    );
    expect([...result.image.data]).toEqual([...corner]);
    expect(result.top5[0]!.classIndex).toBe(3);
  });

  it('L2 steps move along the gradient and stop at the L2 sphere', async () => {
    const model = binary(BGR_PRESET);
    const result = await fool(model, {
      target: 0,
      noise: { kind: 'constant', seed: 0 },
      constraints: { l2: 40 },
      budget: 10,
      goal: 1,
    });
    expect(result.step).toBe('l2');
    const space = new PixelSpace(BGR_PRESET, 3);
    const g = space.pixelGradient(
      Float64Array.from({ length: space.size }, (_, i) => model.weights[i]! - model.weights[space.size + i]!),
    );
    const delta = Array.from(result.image.data, (v, i) => v - result.start.data[i]!);
    const dot = delta.reduce((s, d, i) => s + d * g[i]!, 0);
    const cosine = dot / (Math.hypot(...delta) * Math.hypot(...g));
    expect(cosine).toBeGreaterThan(0.99);
    // Truncating toward the start loses less than one level per value.
    expect(Math.hypot(...delta)).toBeLessThanOrEqual(40);
    expect(Math.hypot(...delta)).toBeGreaterThan(40 - Math.sqrt(space.size));
  });

  it('stops at the goal', async () => {
    const result = await fool(binary(), { target: 0, constraints: { linf: 64 }, budget: 50, goal: 0.9 });
    expect(result.stopReason).toBe('goal');
    expect(result.curve.at(-1)).toBeGreaterThanOrEqual(0.9);
    expect(result.iterations).toBe(result.curve.length - 1);
  });

  it("target any raises the start image's best class", async () => {
    const model = binary();
    const result = await fool(model, { target: 'any', budget: 10, goal: 1 });
    expect(result.confidence).toBeGreaterThan(result.startConfidence);
    expect(result.top5[0]!.classIndex).toBe(result.reachedClass);
  });
});

describe('fool constraints (property-based)', () => {
  it('never returns an image outside the bounds it was given', async () => {
    const model = binary(GRAY_PRESET);
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            linf: fc.integer({ min: 0, max: 40 }),
            l2: fc.double({ min: 0, max: 300, noNaN: true }),
            smooth: fc.integer({ min: 0, max: 8 }),
          },
          { requiredKeys: [] },
        ),
        fc.constantFrom('gradient', 'evolution'),
        fc.constantFrom('pixels', 'low-frequency'),
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom(0, 1),
        async (constraints, method, encoding, seed, target) => {
          const result = await fool(model, {
            target,
            method,
            encoding,
            constraints,
            noise: { kind: 'seed-wrap', seed },
            budget: 4,
            population: 4,
            goal: 1,
          });
          const start = result.start.data as Uint8Array;
          const image = result.image.data as Uint8Array;
          expect(result.constraintsHeld).toBe(true);
          // Measured again here, independently of the result's own report.
          const delta = Array.from(image, (v, i) => v - start[i]!);
          if (constraints.linf !== undefined)
            expect(Math.max(0, ...delta.map(Math.abs))).toBeLessThanOrEqual(constraints.linf);
          if (constraints.l2 !== undefined)
            expect(Math.hypot(...delta)).toBeLessThanOrEqual(constraints.l2 + 1e-9);
          if (constraints.smooth !== undefined) {
            expect(maxNeighbourDifference(delta, { height: 6, width: 6, channels: 1 })).toBeLessThanOrEqual(
              constraints.smooth,
            );
          }
        },
      ),
      { seed: 2015, numRuns: 40 },
    );
  });
});

describe('fool determinism', () => {
  it.each(['gradient', 'evolution'] as const)('%s: the same seed gives the same image', async (method) => {
    const model = binary();
    const options = { target: 0, method, noise: { kind: 'seed-wrap' as const, seed: 5 }, budget: 6, goal: 1 };
    const a = await fool(model, options);
    const b = await fool(model, options);
    expect([...a.image.data]).toEqual([...b.image.data]);
    expect(a.curve).toEqual(b.curve);
  });

  it('evolution: another seed gives another image', async () => {
    const model = binary();
    const run = (seed: number) =>
      fool(model, {
        target: 0,
        method: 'evolution',
        seed,
        noise: { kind: 'seed-wrap', seed: 5 },
        budget: 4,
        goal: 1,
      });
    expect([...(await run(1)).image.data]).not.toEqual([...(await run(2)).image.data]);
  });
});

describe('fool by evolution (no gradients)', () => {
  it('pixels: gets most of the way to the analytic optimum without gradients', async () => {
    const model = binary(BGR_PRESET, 'logits', false);
    const result = await fool(model, { target: 1, encoding: 'pixels', budget: 30, goal: 1 });
    expect(result.method).toBe('evolution');
    const optimum = await linfOptimum(model, result.start.data as Uint8Array, 8, 1);
    // Half of the way from the start to the optimum in 30 generations of 16 forward passes.
    expect(result.confidence - result.startConfidence).toBeGreaterThan(
      0.5 * (optimum.confidence - result.startConfidence),
    );
    expect(result.confidence).toBeLessThanOrEqual(optimum.confidence + 1e-9);
    expect(result.constraintsHeld).toBe(true);
    // Candidates are scored as the bytes they become, so the best of the curve is the result.
    expect(Math.max(...result.curve)).toBeCloseTo(result.confidence, 6);
  });

  it('low-frequency: raises the confidence with a coarse grid', async () => {
    const model = binary(GRAY_PRESET, 'logits', false);
    const result = await fool(model, { target: 1, encoding: 'low-frequency', grid: 3, budget: 20, goal: 1 });
    expect(result.settings['grid']).toBe(3);
    expect(result.confidence).toBeGreaterThan(result.startConfidence);
    expect(result.constraintsHeld).toBe(true);
  });

  it("noise-params: searches only the Gaussian's mean and std, and the image is that noise", async () => {
    const model = binary(BGR_PRESET, 'logits', false);
    const result = await fool(model, {
      target: 1,
      encoding: 'noise-params',
      noise: { kind: 'gaussian', seed: 3 },
      budget: 15,
      population: 8,
      goal: 1,
    });
    expect(result.confidence).toBeGreaterThan(result.startConfidence);
    const params = result.params as { mean: number; std: number };
    expect(Object.keys(params).sort()).toEqual(['mean', 'std']);
    const again = noiseImage({ kind: 'gaussian', seed: 3, params, width: 5, height: 4 }, 0);
    expect([...result.image.data]).toEqual([...again.data]);
    expect(result.constraints.find((c) => c.constraint === 'noise-params')).toEqual({
      constraint: 'noise-params',
      bound: 0,
      value: 0,
      held: true,
    });
  });

  it('checks its options with coded errors', async () => {
    const plain = binary(BGR_PRESET, 'logits', false);
    await expect(fool(plain, { method: 'gradient' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(fool(plain, { target: 2 })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(fool(plain, { constraints: { linf: -1 } })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(fool(plain, { encoding: 'noise-params' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const controller = new AbortController();
    controller.abort();
    await expect(fool(plain, { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('reports the constraint values it measured', async () => {
    const result = await fool(binary(), { target: 0, constraints: { linf: 4, smooth: 2 }, budget: 5 });
    const checks = checkConstraints(
      result.image.data as Uint8Array,
      result.start.data as Uint8Array,
      { height: 4, width: 5, channels: 3 },
      { linf: 4, smooth: 2 },
    );
    expect(result.constraints).toEqual(checks);
  });
});
