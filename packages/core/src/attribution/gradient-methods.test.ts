import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linearModel, testValues } from '../../test/fixtures/attribution/toy-models.js';
import { resolveBaseline } from './baselines.js';
import { inputXGradient } from './input-x-gradient.js';
import { integratedGradients } from './integrated-gradients.js';
import { noiseTunnel } from './noise-tunnel.js';
import { saliency } from './saliency.js';
import type { AttributionMethod } from './types.js';

const visual = JSON.parse(
  readFileSync(new URL('../../test/fixtures/attribution/visual-reference.json', import.meta.url), 'utf8'),
) as { blur: { shape: number[]; sigma: number; input: number[]; expected: number[] } };

const weights = [
  [0.5, -1, 2, -0.25],
  [-3, 1, 0, 0.75],
];
const linear = linearModel(weights);
const x = Float32Array.from([1, -2, 0.5, 3, -1, 0, 2, 1]);

describe('saliency and inputXGradient', () => {
  it('saliency is |w| on a linear model, signed with abs: false', async () => {
    const abs = await saliency(linear, x, { target: [0, 1] });
    expect(Array.from(abs)).toEqual([...weights[0]!, ...weights[1]!].map(Math.abs));
    const signed = await saliency(linear, x, { target: 1, abs: false });
    expect(Array.from(signed)).toEqual([...weights[1]!, ...weights[1]!]);
  });

  it('inputXGradient is x·w on a linear model', async () => {
    const out = await inputXGradient(linear, x, { target: [0, 1] });
    expect(Array.from(out)).toEqual([...weights[0]!, ...weights[1]!].map((w, j) => w * x[j]! + 0));
  });
});

describe('baselines', () => {
  it('blur matches scipy.ndimage.gaussian_filter (reflect, truncate 4)', () => {
    const { shape, sigma, input, expected } = visual.blur;
    const model = { ...linear, inputSize: input.length, inputShape: shape };
    const out = resolveBaseline(model, Float32Array.from(input), 1, { type: 'blur', sigma });
    expected.forEach((v, i) => {
      expect(out[i]).toBeCloseTo(v, 5);
    });
  });

  it('uniform is seeded and stays in each example’s range', () => {
    const a = resolveBaseline(linear, x, 2, 'uniform');
    const b = resolveBaseline(linear, x, 2, { type: 'uniform', seed: 0 });
    const c = resolveBaseline(linear, x, 2, { type: 'uniform', seed: 1 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    for (let j = 0; j < 4; j++)
      expect(a[j]).toBeGreaterThanOrEqual(-2) && expect(a[j]).toBeLessThanOrEqual(3);
    for (let j = 4; j < 8; j++)
      expect(a[j]).toBeGreaterThanOrEqual(-1) && expect(a[j]).toBeLessThanOrEqual(2);
  });

  it('broadcasts one example to all', () => {
    expect(Array.from(resolveBaseline(linear, x, 2, Float32Array.from([1, 2, 3, 4])))).toEqual([
      1, 2, 3, 4, 1, 2, 3, 4,
    ]);
  });
});

describe('noiseTunnel', () => {
  // A method that is not a gradient: attributions = input², so the formulas are checkable by hand.
  const squares: AttributionMethod = async (input) => input.map((v) => v * v);

  it('with stdev 0 equals its base method', async () => {
    const base: AttributionMethod = (input, t) => saliency(linear, input, { target: t, abs: false });
    const tunnel = noiseTunnel(base, { stdevs: 0, ntSamples: 3 });
    expect(await tunnel(x, [0, 1])).toEqual(await base(x, [0, 1]));
    const sq = noiseTunnel(squares, { stdevs: 0, ntType: 'smoothgrad' });
    expect(await sq(x, [0, 0])).toEqual(await squares(x, [0, 0]));
  });

  it('computes smoothgrad, smoothgrad_sq and vargrad on a tiny case', async () => {
    const input = Float32Array.from([1, 2]);
    // One example of 2 features, 2 samples: noisy inputs [1.5, 1.5] and [0.5, 2.5].
    const noise = Float32Array.from([0.5, -0.5, -0.5, 0.5]);
    const run = (ntType: 'smoothgrad' | 'smoothgrad_sq' | 'vargrad') =>
      noiseTunnel(squares, { ntType, ntSamples: 2, noise })(input, [0]);
    // A = [[2.25, 2.25], [0.25, 6.25]]
    expect(Array.from(await run('smoothgrad'))).toEqual([1.25, 4.25]);
    expect(Array.from(await run('smoothgrad_sq'))).toEqual([
      (2.25 ** 2 + 0.25 ** 2) / 2,
      (2.25 ** 2 + 6.25 ** 2) / 2,
    ]);
    expect(Array.from(await run('vargrad'))).toEqual([1, 4]);
  });

  it('is seeded, batch-size invariant and reports progress', async () => {
    const calls: number[] = [];
    const identity: AttributionMethod = async (input, t) => {
      calls.push(t.length);
      return input.slice();
    };
    const a = await noiseTunnel(identity, { ntSamples: 5, seed: 7, stdevs: 0.5, ntType: 'vargrad' })(
      x,
      [0, 1],
    );
    const progress: number[] = [];
    const b = await noiseTunnel(identity, {
      ntSamples: 5,
      seed: 7,
      stdevs: 0.5,
      ntType: 'vargrad',
      ntSamplesBatchSize: 2,
      onProgress: ({ done }) => progress.push(done),
    })(x, [0, 1]);
    const c = await noiseTunnel(identity, { ntSamples: 5, seed: 8, stdevs: 0.5, ntType: 'vargrad' })(
      x,
      [0, 1],
    );
    b.forEach((v, j) => {
      expect(v).toBeCloseTo(a[j]!, 6);
    });
    expect(c).not.toEqual(a);
    expect(calls).toEqual([10, 4, 4, 2, 10]);
    expect(progress).toEqual([2, 4, 5]);
    // vargrad of the identity is the sample variance of the noise: near stdev² = 0.25 on average.
    expect(a.reduce((s, v) => s + v, 0) / a.length).toBeGreaterThan(0.05);
  });

  it('reports progress per internal batch of the wrapped method, over samples × its units', async () => {
    const model = linearModel(weights);
    const progress: { done: number; total: number }[] = [];
    // IG of 8 steps in chunks of 6 rows: 3 steps per chunk for a call of 2 samples, 6 for 1.
    const overIg: AttributionMethod = async (input, t, onProgress) =>
      (
        await integratedGradients(model, input, {
          target: t,
          nSteps: 8,
          internalBatchSize: 6,
          ...(onProgress ? { onProgress } : {}),
        })
      ).attributions;
    await noiseTunnel(overIg, {
      ntSamples: 3,
      ntSamplesBatchSize: 2,
      seed: 1,
      onProgress: (p) => progress.push(p),
    })(x.subarray(0, 4), [0]);
    const gradientCalls = model.calls.filter((c) => c.kind === 'gradient').length;
    expect(gradientCalls).toBe(5);
    expect(progress).toEqual([6, 12, 16, 22, 24].map((done) => ({ done, total: 24 })));
  });

  it('rejects injected noise of the wrong size', async () => {
    await expect(noiseTunnel(squares, { noise: new Float32Array(3) })(x, [0, 1])).rejects.toThrow(
      /injected noise/,
    );
  });
});

describe('testValues', () => {
  it('is deterministic', () => expect(testValues(3, 2)).toEqual(testValues(3, 2)));
});
