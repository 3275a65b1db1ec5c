import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { amplitudeModel, FMNIST } from '../test/function-models.js';
import { assertRejectsNoise, checkRejectsNoise, fooledBy, gaussianNoise, saltPepperNoise } from './index.js';

// Fooled only when the gray image's pixel std exceeds 20 bytes. Gray 28 × 28 gaussian noise has
// std ≈ the spec's std (below ~40, where clipping starts).
const model = amplitudeModel(20);
const gray = { width: 28, height: 28, channels: 1 } as const;

describe('checkRejectsNoise', () => {
  it('shrinks to weaker noise than the first failure', async () => {
    const report = await checkRejectsNoise(model, { ...FMNIST, arbitrary: gaussianNoise(gray), seed: 42 });
    expect(report.failed).toBe(true);
    const first = report.firstFailure!.spec.params!.std!;
    const shrunk = report.counterexample!.spec.params!.std!;
    expect(report.counterexample!.fooled).toBe(true);
    expect(shrunk).toBeLessThan(first);
    // The weakest noise that still fools the model sits just above its threshold.
    expect(shrunk).toBeGreaterThan(18);
    expect(shrunk).toBeLessThan(23);
    expect(report.counterexample!.spec.params!.mean).toBe(127.5);
  });

  it('replays straight to the counterexample with { seed, path }', async () => {
    const options = { ...FMNIST, arbitrary: saltPepperNoise({ ...gray, maxDensity: 0.2 }), seed: 7 };
    const report = await checkRejectsNoise(model, options);
    expect(report.failed).toBe(true);
    const replay = await checkRejectsNoise(model, { ...options, path: report.path! });
    expect(replay.counterexample!.spec).toEqual(report.counterexample!.spec);
    expect(replay.numRuns).toBe(1);
    // The same with plain fast-check.
    const isFooled = fooledBy(model, FMNIST);
    const property = fc.asyncProperty(options.arbitrary, async (spec) => !(await isFooled(spec)).fooled);
    await expect(fc.assert(property, { seed: report.seed, path: report.path! })).rejects.toThrow(
      `"density":${report.counterexample!.spec.params!.density}`,
    );
  });

  it('passes when the model rejects every drawn spec', async () => {
    const report = await checkRejectsNoise(amplitudeModel(1000), { ...FMNIST, numRuns: 20, seed: 1 });
    expect(report).toMatchObject({
      failed: false,
      numRuns: 20,
      counterexample: undefined,
      firstFailure: undefined,
    });
  });
});

describe('assertRejectsNoise', () => {
  it('throws with the weakest noise, the first failure and the replay options', async () => {
    const error = await assertRejectsNoise(model, {
      ...FMNIST,
      arbitrary: gaussianNoise(gray),
      seed: 42,
    }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/^The model was fooled by noise after \d+ run\(s\) and \d+ shrink\(s\)\./);
    expect(message).toMatch(
      /Weakest noise that fools it: noiseImage\(\{ kind: 'gaussian', params: \{ mean: 127\.5, std: (19|2\d)(\.\d)? \}/,
    );
    expect(message).toContain('First failure: noiseImage(');
    expect(message).toMatch(
      /Replay: assertRejectsNoise\(model, \{ preset: 'fashion-mnist', classes: 10, arbitrary: gaussianNoise\(\{ width: 28, height: 28, channels: 1 \}\), seed: 42, path: '[\d:]+' \}\)/,
    );
    expect(message).toContain('Property failed after');
  });
});

describe('fooledBy with @fast-check/vitest', () => {
  const isFooled = fooledBy(model, FMNIST);
  test.prop([gaussianNoise({ ...gray, maxStd: 15 })], { seed: 3, numRuns: 25 })(
    'weak gaussian noise never fools the model',
    async (spec) => {
      const verdict = await isFooled(spec);
      expect(verdict.fooled).toBe(false);
      expect(verdict.confidence).toBeCloseTo(0.1, 6);
    },
  );
});
