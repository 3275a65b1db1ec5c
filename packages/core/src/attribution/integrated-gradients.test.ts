import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linearModel, smoothModel, testValues } from '../../test/fixtures/attribution/toy-models.js';
import { isSnowblindError } from '../errors.js';
import { APPROXIMATION_METHODS, approximationParameters } from './approximation-methods.js';
import { gaussLegendre } from './gauss-legendre.js';
import { integratedGradients } from './integrated-gradients.js';

const visual = JSON.parse(
  readFileSync(new URL('../../test/fixtures/attribution/visual-reference.json', import.meta.url), 'utf8'),
) as { leggauss: Record<string, { nodes: number[]; weights: number[] }> };

describe('gaussLegendre', () => {
  it('matches numpy leggauss to 1e-12 for n up to 256', () => {
    for (const [n, ref] of Object.entries(visual.leggauss)) {
      const { nodes, weights } = gaussLegendre(Number(n));
      ref.nodes.forEach((x, i) => {
        expect(Math.abs(nodes[i]! - x)).toBeLessThan(1e-12);
      });
      ref.weights.forEach((w, i) => {
        expect(Math.abs(weights[i]! - w)).toBeLessThan(1e-12);
      });
    }
  });

  it('integrates polynomials of degree 2n − 1 exactly', () => {
    const { nodes, weights } = gaussLegendre(5);
    const integral = nodes.reduce((acc, x, i) => acc + weights[i]! * x ** 8, 0);
    expect(integral).toBeCloseTo(2 / 9, 14);
  });
});

describe('approximationParameters', () => {
  const close = (actual: Float64Array, expected: number[]) =>
    expected.forEach((v, i) => {
      expect(actual[i]).toBeCloseTo(v, 14);
    });

  it('gives the Riemann alphas and weights Captum uses', () => {
    close(approximationParameters('riemann_left', 4).alphas, [0, 0.25, 0.5, 0.75]);
    close(approximationParameters('riemann_right', 4).alphas, [0.25, 0.5, 0.75, 1]);
    close(approximationParameters('riemann_middle', 4).alphas, [0.125, 0.375, 0.625, 0.875]);
    const trapezoid = approximationParameters('riemann_trapezoid', 5);
    close(trapezoid.alphas, [0, 0.25, 0.5, 0.75, 1]);
    close(trapezoid.stepSizes, [0.1, 0.2, 0.2, 0.2, 0.1]);
    expect(trapezoid.stepSizes.reduce((a, b) => a + b, 0)).toBeCloseTo(4 / 5, 14);
    close(approximationParameters('riemann_left', 4).stepSizes, [0.25, 0.25, 0.25, 0.25]);
  });

  it('maps Gauss–Legendre to [0, 1] with weights summing to 1', () => {
    const { alphas, stepSizes } = approximationParameters('gausslegendre', 7);
    expect(Math.min(...alphas)).toBeGreaterThan(0);
    expect(Math.max(...alphas)).toBeLessThan(1);
    expect(stepSizes.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
  });

  it('rejects a one-step Riemann rule', () => {
    expect(() => approximationParameters('riemann_left', 1)).toThrow(/nSteps > 1/);
  });
});

describe('integratedGradients', () => {
  const weights = [
    [0.5, -1, 2, 0.25, 3, -0.75],
    [1, 1, -1, 0, 0.5, 2],
  ];
  const linear = linearModel(weights, [0.3, -0.2]);
  const x = Float32Array.from([1, 2, -1, 0.5, 0.25, -2, 0.5, 0.5, 1, -1, 3, 0]);

  it('is exactly (x − b)·w on a linear model for every method and baseline', async () => {
    for (const method of APPROXIMATION_METHODS) {
      for (const baselines of ['zero', 0.5, Float32Array.from([1, 0, 1, 0, 1, 0])] as const) {
        const { attributions } = await integratedGradients(linear, x, {
          target: [0, 1],
          method,
          baselines,
          nSteps: 8,
        });
        const b = baselines === 'zero' ? 0 : baselines;
        for (let i = 0; i < 2; i++) {
          for (let j = 0; j < 6; j++) {
            const bj = typeof b === 'number' ? b : b[j]!;
            // Trapezoid weights sum to (n − 1)/n, as Captum's: the scale carries over.
            const scale = method === 'riemann_trapezoid' ? 7 / 8 : 1;
            expect(attributions[i * 6 + j]).toBeCloseTo(scale * (x[i * 6 + j]! - bj) * weights[i]![j]!, 5);
          }
        }
      }
    }
  });

  it('is complete on a smooth nonlinear model: |delta| < 1e-3 with 200 gausslegendre steps', async () => {
    const w = [Array.from(testValues(12, 3)), Array.from(testValues(12, 4))];
    const u = [Array.from(testValues(12, 5)), Array.from(testValues(12, 6))];
    const model = smoothModel(w, u);
    const input = testValues(24, 7);
    const result = await integratedGradients(model, input, {
      target: [0, 1],
      nSteps: 200,
      baselines: 'uniform',
      returnConvergenceDelta: true,
    });
    expect(result.deltas).toHaveLength(2);
    for (const d of result.deltas!) expect(Math.abs(d)).toBeLessThan(1e-3);
    expect(Math.abs(result.delta!)).toBe(Math.max(...result.deltas!.map(Math.abs)));
    // Few steps leave a visible delta: the check above is not vacuous.
    const coarse = await integratedGradients(model, input, {
      target: [0, 1],
      nSteps: 2,
      method: 'riemann_left',
      baselines: 'uniform',
      returnConvergenceDelta: true,
    });
    expect(Math.abs(coarse.delta!)).toBeGreaterThan(1e-2);
  });

  it('splits steps into internal batches as Captum does, with the same result', async () => {
    const w = [Array.from(testValues(6, 8))];
    const model = smoothModel(w, [Array.from(testValues(6, 9))]);
    const one = testValues(6, 10);
    const whole = await integratedGradients(model, one, { target: 0, nSteps: 200 });
    model.calls.length = 0;
    const progress: number[] = [];
    const chunked = await integratedGradients(model, one, {
      target: 0,
      nSteps: 200,
      internalBatchSize: 50,
      onProgress: ({ done, total }) => {
        expect(total).toBe(200);
        progress.push(done);
      },
    });
    expect(model.calls).toEqual([50, 50, 50, 50].map((n) => ({ kind: 'gradient', n })));
    expect(progress).toEqual([50, 100, 150, 200]);
    chunked.attributions.forEach((a, j) => {
      expect(a).toBeCloseTo(whole.attributions[j]!, 6);
    });

    // Two examples, ibs 30 → 15 steps (30 rows) per chunk; ibs below n still makes progress.
    model.calls.length = 0;
    const two = testValues(12, 11);
    await integratedGradients(model, two, { target: 0, nSteps: 50, internalBatchSize: 30 });
    expect(model.calls.map((c) => c.n)).toEqual([30, 30, 30, 10]);
    model.calls.length = 0;
    await integratedGradients(model, two, { target: 0, nSteps: 3, internalBatchSize: 1 });
    expect(model.calls.map((c) => c.n)).toEqual([2, 2, 2]);
  });

  it('splits one batch into minChunks chunks, reporting once per gradient call, with the same result', async () => {
    const model = smoothModel([Array.from(testValues(6, 8))], [Array.from(testValues(6, 9))]);
    const one = testValues(6, 10);
    // No memory estimate and no internal batch: all 200 steps fit in one gradient call.
    const whole = await integratedGradients(model, one, { target: 0, nSteps: 200 });
    expect(model.calls).toEqual([{ kind: 'gradient', n: 200 }]);
    model.calls.length = 0;
    const progress: { done: number; total: number }[] = [];
    const split = await integratedGradients(model, one, {
      target: 0,
      nSteps: 200,
      minChunks: 10,
      onProgress: (p) => progress.push(p),
    });
    expect(model.calls.map((c) => c.n)).toEqual(new Array(10).fill(20));
    expect(progress).toEqual(Array.from({ length: 10 }, (_, i) => ({ done: 20 * (i + 1), total: 200 })));
    expect(split.internalBatchSize).toBe(20);
    split.attributions.forEach((a, j) => {
      expect(a).toBeCloseTo(whole.attributions[j]!, 6);
    });
    // Fewer steps than chunks: one step per call; an internal batch below the chunk wins.
    model.calls.length = 0;
    await integratedGradients(model, one, { target: 0, nSteps: 7, minChunks: 10 });
    expect(model.calls.map((c) => c.n)).toEqual(new Array(7).fill(1));
    model.calls.length = 0;
    await integratedGradients(model, one, { target: 0, nSteps: 40, minChunks: 2, internalBatchSize: 15 });
    expect(model.calls.map((c) => c.n)).toEqual([15, 15, 10]);
    await expect(integratedGradients(model, one, { target: 0, minChunks: 0 })).rejects.toThrow(/minChunks/);
  });

  it('rejects bad targets and sizes with SnowblindErrors', async () => {
    const fails = async (run: () => Promise<unknown>, code: string) => {
      const error = await run().catch((e: unknown) => e);
      expect(isSnowblindError(error)).toBe(true);
      expect((error as { code: string }).code).toBe(code);
    };
    await fails(() => integratedGradients(linear, x, { target: 2 }), 'BAD_INPUT');
    await fails(() => integratedGradients(linear, x, { target: [0] }), 'BAD_INPUT');
    await fails(() => integratedGradients(linear, x.subarray(0, 5), { target: 0 }), 'SHAPE_MISMATCH');
    await fails(
      () => integratedGradients(linear, x, { target: 0, baselines: new Float32Array(5) }),
      'SHAPE_MISMATCH',
    );
    await fails(() => integratedGradients(linear, x, { target: 0, baselines: 'blur' }), 'BAD_INPUT');
  });
});
