import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { conversionError, sequentialOf } from './test-parity.js';

const TOLERANCE = 1e-4;

const sequential = (inputShape: number[], layers: tf.layers.Layer[]) => sequentialOf(inputShape, layers, 3);

describe('Dense converts to Gemm / MatMul', () => {
  it('on rank 2, with and without bias', async () => {
    const model = sequential(
      [6],
      [tf.layers.dense({ units: 5, activation: 'tanh' }), tf.layers.dense({ units: 3, useBias: false })],
    );
    expect((await conversionError(model, [4, 6])).error).toBeLessThan(TOLERANCE);
  });

  it('on rank 4 after a conv (NHWC order kept for the kernel)', async () => {
    const model = sequential(
      [5, 6, 2],
      [tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same' }), tf.layers.dense({ units: 4 })],
    );
    expect((await conversionError(model, [2, 5, 6, 2])).error).toBeLessThan(TOLERANCE);
  });

  it('after a conv stack and Flatten (Keras element order)', async () => {
    const model = sequential(
      [7, 5, 2],
      [
        tf.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 4, activation: 'softmax' }),
      ],
    );
    expect((await conversionError(model, [3, 7, 5, 2])).error).toBeLessThan(TOLERANCE);
  });
});
