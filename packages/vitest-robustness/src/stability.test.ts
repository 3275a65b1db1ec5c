import type { RgbImage } from '@snowblind/core';
import { describe, expect, it } from 'vitest';
import { PIXELS } from '../test/function-models.js';
import { checkStability, type PredictFn } from './index.js';
import './vitest.js';

/** Class 0 "dark" when the mean pixel is below mid-gray 127.5, else class 1 "bright". */
const brightness: PredictFn = (batch, n) => {
  const out = new Float32Array(n * 2);
  for (let r = 0; r < n; r++) {
    let sum = 0;
    for (let i = r * PIXELS; i < (r + 1) * PIXELS; i++) sum += batch[i]!;
    const margin = (sum / PIXELS - 0.5) * 40;
    out[r * 2] = -margin;
    out[r * 2 + 1] = margin;
  }
  return out;
};
const options = { preset: 'fashion-mnist', classes: ['dark', 'bright'] };

function image(fill: (i: number) => number): RgbImage {
  return { data: Uint8Array.from({ length: PIXELS }, (_, i) => fill(i)), width: 28, height: 28, channels: 1 };
}
const dark = image(() => 40);
const bright = image((i) => 180 + (i % 50));
// Mean exactly 127.5: any noise tips it one way or the other.
const borderline = image((i) => (i % 2 === 0 ? 127 : 128));

describe('toBeStableUnder', () => {
  it('passes when small additive noise never changes the prediction', async () => {
    await expect(brightness).toBeStableUnder({ ...options, inputs: [dark, bright], samples: 6, seed: 1 });
  });

  it('fails on an input at the decision boundary, naming the flip and its noise', async () => {
    const error = await expect(brightness)
      .toBeStableUnder({ ...options, inputs: [dark, borderline], samples: 10, seed: 1 })
      .catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the colors of the matcher hint.
    const message = (error as Error).message.replace(/\u001b\[\d+m/g, '');
    expect(message).toMatch(/kept its prediction on 1\d of 20 noisy copies \(\d+\.\d%; required 100\.0%\)/);
    expect(message).toMatch(
      /input #1: "(dark|bright)" \(0\.500\) became "(bright|dark)" \(0\.\d{3}\) with noiseImage\(\{ kind: 'gaussian', params: \{ mean: 128, std: 8 \}, seed: 1, width: 28, height: 28, channels: 1, rng: 'default' \}, 1\d\) − 128 added/,
    );
    await expect(brightness).not.toBeStableUnder({ ...options, inputs: [borderline], samples: 10, seed: 1 });
  });

  it('minAgreement tolerates some flips; salt-pepper noise is supported', async () => {
    const result = await checkStability(brightness, {
      ...options,
      inputs: [borderline],
      noise: { kind: 'salt-pepper', params: { density: 0.2 } },
      samples: 20,
      seed: 2,
      minAgreement: 0,
    });
    expect(result.pass).toBe(true);
    expect(result.total).toBe(20);
    expect(result.flips.length).toBeGreaterThan(0);
    expect(result.flips.length).toBeLessThan(20);
    expect(result.agreement).toBe((20 - result.flips.length) / 20);
  });

  it('needs inputs', async () => {
    await expect(checkStability(brightness, { ...options, inputs: [] })).rejects.toThrow(
      'needs at least one input',
    );
  });
});
