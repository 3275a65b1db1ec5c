import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { conversionError, randomizeWeights } from './test-parity.js';

const TOLERANCE = 1e-4;

/** Two conv branches (NCHW) and the raw input (NHWC) merged by `merge`. */
function branches(merge: () => tf.layers.Layer, withInput: boolean): tf.LayersModel {
  const input = tf.input({ shape: [5, 7, 3] });
  const a = tf.layers
    .conv2d({ filters: 3, kernelSize: 3, padding: 'same' })
    .apply(input) as tf.SymbolicTensor;
  const b = tf.layers
    .conv2d({ filters: 3, kernelSize: 1, activation: 'relu' })
    .apply(input) as tf.SymbolicTensor;
  const merged = merge().apply(withInput ? [a, b, input] : [a, b]) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: merged });
  randomizeWeights(model, 29);
  return model;
}

describe('merge layers', () => {
  const cases: [string, () => tf.layers.Layer][] = [
    ['Add', () => tf.layers.add()],
    ['Multiply', () => tf.layers.multiply()],
    ['Average', () => tf.layers.average()],
    ['Maximum', () => tf.layers.maximum()],
    ['Minimum', () => tf.layers.minimum()],
    ['Concatenate (channels)', () => tf.layers.concatenate()],
    ['Concatenate axis 2 (W)', () => tf.layers.concatenate({ axis: 2 })],
  ];
  for (const [name, make] of cases) {
    it(`${name} of two NCHW branches and of branches with the NHWC input matches`, async () => {
      expect((await conversionError(branches(make, false), [2, 5, 7, 3])).error).toBeLessThan(TOLERANCE);
      expect((await conversionError(branches(make, true), [2, 5, 7, 3])).error).toBeLessThan(TOLERANCE);
    });
  }

  it('Concatenate of dense outputs (rank 2)', async () => {
    const input = tf.input({ shape: [6] });
    const a = tf.layers.dense({ units: 2 }).apply(input) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 3 }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({
      inputs: input,
      outputs: tf.layers.concatenate().apply([a, b]) as tf.SymbolicTensor,
    });
    randomizeWeights(model, 31);
    expect((await conversionError(model, [3, 6])).error).toBeLessThan(TOLERANCE);
  });
});

describe('squeeze-and-excitation (a [1, 1, C] gate times an NCHW feature map)', () => {
  it('Multiply broadcasts the gate and the next layers see the full map', async () => {
    const input = tf.input({ shape: [6, 5, 3] });
    const features = tf.layers
      .conv2d({ filters: 4, kernelSize: 3, padding: 'same' })
      .apply(input) as tf.SymbolicTensor;
    const squeezed = tf.layers.globalAveragePooling2d({}).apply(features) as tf.SymbolicTensor;
    const hidden = tf.layers.dense({ units: 2, activation: 'relu' }).apply(squeezed) as tf.SymbolicTensor;
    const gate = tf.layers.dense({ units: 4, activation: 'sigmoid' }).apply(hidden) as tf.SymbolicTensor;
    const gate4d = tf.layers.reshape({ targetShape: [1, 1, 4] }).apply(gate) as tf.SymbolicTensor;
    const excited = tf.layers.multiply().apply([gate4d, features]) as tf.SymbolicTensor;
    // A stride-2 same conv after it: its pads depend on the map's size, not the gate's.
    const down = tf.layers.conv2d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }).apply(excited);
    const head = tf.layers.dense({ units: 3 }).apply(tf.layers.flatten().apply(down)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: head });
    randomizeWeights(model, 61);
    expect((await conversionError(model, [2, 6, 5, 3])).error).toBeLessThan(TOLERANCE);
  });
});
