import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { conversionError, sequentialOf } from './test-parity.js';

const TOLERANCE = 1e-4;

/** A one-layer model on an odd-sized input (so stride-2 same padding is uneven). */
function single(layer: tf.layers.Layer, inputShape: number[]): tf.LayersModel {
  return sequentialOf(inputShape, [layer], 7);
}

describe('conv layers convert to ONNX Conv / ConvTranspose', () => {
  const cases: [string, () => tf.layers.Layer, number[]][] = [
    ['Conv2D valid', () => tf.layers.conv2d({ filters: 4, kernelSize: 3 }), [9, 7, 3]],
    [
      'Conv2D same stride 2 odd size',
      () => tf.layers.conv2d({ filters: 5, kernelSize: 3, strides: 2, padding: 'same' }),
      [9, 7, 3],
    ],
    [
      'Conv2D same stride 2 even size, 4×4 kernel',
      () => tf.layers.conv2d({ filters: 3, kernelSize: 4, strides: 2, padding: 'same' }),
      [10, 8, 2],
    ],
    [
      'Conv2D valid stride 2, 1×3 kernel',
      () => tf.layers.conv2d({ filters: 3, kernelSize: [1, 3], strides: [2, 1] }),
      [9, 7, 2],
    ],
    [
      'Conv2D dilated same, no bias, relu',
      () =>
        tf.layers.conv2d({
          filters: 4,
          kernelSize: 3,
          dilationRate: 2,
          padding: 'same',
          useBias: false,
          activation: 'relu',
        }),
      [9, 11, 3],
    ],
    [
      'DepthwiseConv2D same stride 2, multiplier 2',
      () => tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same', depthMultiplier: 2 }),
      [9, 7, 3],
    ],
    [
      'DepthwiseConv2D valid, relu6',
      () => tf.layers.depthwiseConv2d({ kernelSize: 3, activation: 'relu6' }),
      [8, 8, 4],
    ],
    [
      'SeparableConv2D same stride 2',
      () =>
        tf.layers.separableConv2d({
          filters: 5,
          kernelSize: 3,
          strides: 2,
          padding: 'same',
          depthMultiplier: 2,
        }),
      [9, 7, 3],
    ],
    [
      'Conv2DTranspose same stride 2',
      () => tf.layers.conv2dTranspose({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }),
      [5, 7, 3],
    ],
    [
      'Conv2DTranspose valid stride 2',
      () => tf.layers.conv2dTranspose({ filters: 4, kernelSize: 3, strides: 2 }),
      [5, 6, 3],
    ],
    [
      'Conv2DTranspose kernel smaller than stride',
      () => tf.layers.conv2dTranspose({ filters: 2, kernelSize: 2, strides: 3, padding: 'same' }),
      [4, 5, 3],
    ],
  ];
  for (const [name, make, shape] of cases) {
    it(`${name} matches model.predict`, async () => {
      const { error } = await conversionError(single(make(), shape), [2, ...shape]);
      expect(error).toBeLessThan(TOLERANCE);
    });
  }
});

describe('unknown spatial sizes (batch_input_shape [null, null, null, C])', () => {
  it('stride-2 same padding falls back to SAME_UPPER and still matches TF', async () => {
    const model = sequentialOf(
      [null, null, 3],
      [
        tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }),
        tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
        tf.layers.globalAveragePooling2d({}),
        tf.layers.dense({ units: 3 }),
      ],
      71,
    );
    for (const dims of [
      [2, 9, 7, 3],
      [1, 10, 12, 3],
    ]) {
      const { error, onnx } = await conversionError(model, dims);
      expect(error).toBeLessThan(TOLERANCE);
      expect(onnx.graph.node!.find((n) => n.opType === 'Conv')!.attribute!.map((a) => a.name)).toContain(
        'auto_pad',
      );
    }
  });
});
