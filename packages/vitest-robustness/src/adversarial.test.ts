import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fool, type Preset } from '@snowblind/core';
import { GRAY_PRESET, linearClassifier, sineWeights } from '@snowblind/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNoiseRejection } from './index.js';
import './vitest.js';

let artifactsDir: string;
beforeAll(async () => {
  artifactsDir = await mkdtemp(join(tmpdir(), 'snowblind-adversarial-'));
});
afterAll(async () => {
  await rm(artifactsDir, { recursive: true, force: true });
});

/** Two classes, logits W·v + b on a 6×6 gray input; the start noise leans to class 1. */
function binary(preset: Preset = GRAY_PRESET) {
  const size = (preset.crop![0] as number) * (preset.crop![1] as number);
  const weights = sineWeights(2 * size, 1).map((w) => w * 0.02);
  return linearClassifier({ preset, weights, bias: Float64Array.from([-1, 1]) });
}

async function failure(run: () => Promise<void>): Promise<string> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error, 'the assertion should have failed').toBeInstanceOf(Error);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the colors of the matcher hint.
  return error!.message.replace(/\u001b\[\d+m/g, '');
}

describe('toRejectNoise adversarial mode', () => {
  it('runs no search unless `search` is set', async () => {
    const result = await checkNoiseRejection(binary(), {
      samples: 5,
      noise: 'constant',
      artifactsDir: false,
    });
    expect(result.searches).toEqual([]);
    expect(result.total).toBe(5);
  });

  it('counts the found image of a linear model as core fool finds it, with defaults budget 50, linf 8', async () => {
    const model = binary();
    const result = await checkNoiseRejection(model, {
      samples: 5,
      noise: 'constant',
      search: 'gradient',
      searchTargets: [0],
      seed: 3,
      maxConfidence: 0.9,
      artifactsDir: false,
    });
    const direct = await fool(model, {
      target: 0,
      method: 'gradient',
      budget: 50,
      constraints: { linf: 8 },
      noise: { kind: 'seed-wrap', seed: 3 },
    });
    expect(result.searches).toHaveLength(1);
    const found = result.searches[0]!.result;
    expect(found.confidence).toBe(direct.confidence);
    expect(Buffer.from(found.image.data)).toEqual(Buffer.from(direct.image.data));
    expect(found.settings.budget).toBe(50);
    expect(found.bounds).toEqual({ linf: 8 });
    expect(found.constraintsHeld).toBe(true);
    expect(found.confidence).toBeGreaterThan(found.startConfidence);
    expect(result.total).toBe(6);
    expect(result.fooled).toBe(Number(found.top5[0]!.score > 0.9));
  });

  it('rejects a bad search method with BAD_INPUT', async () => {
    await expect(
      // @ts-expect-error: not a method
      checkNoiseRejection(binary(), { samples: 1, noise: 'constant', search: 'random' }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(
      checkNoiseRejection(binary(), { samples: 1, noise: 'constant', search: 'gradient', linf: -1 }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  // Measured on 2026-11-28: constant noise never fools fmnist-cnn (max softmax 0.214 over 20
  // samples); a gradient search from seed-wrap seed 0 #0 (start 0.515, "Shirt") reaches 0.9907
  // in 12 steps within L∞ 16.
  it('fails fmnist-cnn by search where constant noise alone passes, and writes the found PNG', async () => {
    const gate = { samples: 20, noise: ['constant' as const], artifactsDir };
    await expect('fmnist-cnn').toRejectNoise(gate);
    const message = await failure(() =>
      expect('fmnist-cnn').toRejectNoise({
        ...gate,
        search: 'gradient',
        budget: 50,
        linf: 16,
        name: 'cnn-search',
      }),
    );
    expect(message).toContain('was fooled by 1 of 21 noise samples');
    expect(message).toMatch(
      /Search \(gradient, target any\): "Shirt" \(class 6\) at confidence 0\.99\d \(start 0\.515\) after 12 iterations \(goal\), L∞ ≤ 16 held, start seed-wrap seed 0 #0 — fooled\./,
    );
    const files = await readdir(join(artifactsDir, 'cnn-search'));
    expect(files).toEqual([expect.stringMatching(/^search-1-gradient-any-Shirt-0\.99\d\.png$/)]);
  });

  // Measured: the outlier-exposure CNN stays at 0.362 ("Coat", start 0.112) after 20 steps in L∞ 8.
  // With budget 50 and L∞ 16 it reaches 0.814, so it passes only small searches.
  it('passes the hardened fmnist-cnn-oe with a small search', async () => {
    await expect('fmnist-cnn-oe').toRejectNoise({
      samples: 20,
      noise: ['constant'],
      search: 'gradient',
      budget: 20,
      linf: 8,
      artifactsDir: false,
    });
  });
});
