import { BGR_PRESET, GRAY_PRESET, sineWeights } from '@snowblind/test-utils';
import { describe, expect, it } from 'vitest';
import { preprocess, toGrayscale } from '../image/index.js';
import { noiseImage } from '../noise/index.js';
import { PixelSpace } from './pixel-space.js';

describe('PixelSpace', () => {
  it.each([
    ['gray NHWC', GRAY_PRESET, 1],
    ['BGR NCHW', BGR_PRESET, 3],
  ] as const)('%s: bytes give exactly what preprocess gives at the model size', (_, preset, channels) => {
    const space = new PixelSpace(preset, channels);
    const { bytes } = space.noiseStart({ kind: 'uniform', seed: 3 }, 2);
    const ours = new Float32Array(space.size);
    space.toModelInput(bytes, ours);
    expect([...ours]).toEqual([...preprocess(space.image(bytes), preset)]);
  });

  it('starts from the noise image at the model size, luma for gray models', () => {
    const space = new PixelSpace(GRAY_PRESET, 1);
    const { spec, bytes } = space.noiseStart({ kind: 'seed-wrap', seed: 1 }, 4);
    expect([spec.width, spec.height, spec.channels]).toEqual([6, 6, 3]);
    expect([...bytes]).toEqual([
      ...toGrayscale(noiseImage({ kind: 'seed-wrap', seed: 1, width: 6, height: 6 }, 4)).data,
    ]);
  });

  it.each([
    ['gray NHWC', GRAY_PRESET, 1],
    ['BGR NCHW', BGR_PRESET, 3],
  ] as const)(
    '%s: the pixel gradient is the chain rule through (p·scale − mean)/std',
    (_, preset, channels) => {
      // L(p) = a · v(p) is affine, so a one-level finite difference is its exact derivative.
      const space = new PixelSpace(preset, channels);
      const a = sineWeights(space.size, 7);
      const loss = (p: Float64Array) => {
        const v = new Float32Array(space.size);
        space.toModelInput(p, v);
        return v.reduce((s, x, i) => s + x * a[i]!, 0);
      };
      const base = Float64Array.from({ length: space.size }, (_, i) => 20 + ((i * 37) % 200));
      const analytic = space.pixelGradient(a);
      for (let i = 0; i < space.size; i++) {
        const up = Float64Array.from(base);
        up[i] = up[i]! + 1;
        expect(loss(up) - loss(base)).toBeCloseTo(analytic[i]!, 4);
      }
      // BGR: pixel channel 0 (R) is model channel 2 (std 4): the factor is a[m=2]·1/4.
      if (channels === 3) expect(analytic[0]).toBeCloseTo(a[2 * 4 * 5]! / 4, 12);
    },
  );
});
