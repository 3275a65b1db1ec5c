import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { conversionError, randomizeWeights } from './test-parity.js';

const TOLERANCE = 1e-4;

describe('spatial layers (after a conv, so in NCHW)', () => {
  const cases: [string, () => tf.layers.Layer][] = [
    ['ZeroPadding2D symmetric', () => tf.layers.zeroPadding2d({ padding: 1 })],
    [
      'ZeroPadding2D [[top, bottom], [left, right]]',
      () =>
        tf.layers.zeroPadding2d({
          padding: [
            [0, 2],
            [3, 1],
          ],
        }),
    ],
    [
      'Cropping2D',
      () =>
        tf.layers.cropping2D({
          cropping: [
            [1, 0],
            [2, 1],
          ],
        }),
    ],
    ['UpSampling2D nearest', () => tf.layers.upSampling2d({ size: [2, 3] })],
    ['UpSampling2D bilinear', () => tf.layers.upSampling2d({ size: [2, 2], interpolation: 'bilinear' })],
  ];
  for (const [name, make] of cases) {
    it(`${name} matches`, async () => {
      const model = tf.sequential({
        layers: [
          tf.layers.inputLayer({ inputShape: [5, 6, 2] }),
          tf.layers.conv2d({ filters: 3, kernelSize: 1 }),
          make(),
          tf.layers.conv2d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }),
        ],
      });
      randomizeWeights(model, 19);
      expect((await conversionError(model, [2, 5, 6, 2])).error).toBeLessThan(TOLERANCE);
    });
  }
});
