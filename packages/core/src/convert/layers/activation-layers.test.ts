import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { convertLayersModel } from './convert-layers-model.js';
import {
  conversionError,
  randomInput,
  randomizeWeights,
  relativeError,
  runOnnx,
  saveArtifacts,
} from './test-parity.js';

const TOLERANCE = 1e-4;

/** A conv (so the activation sees an NCHW tensor) followed by `layer`. */
function afterConv(layer: tf.layers.Layer): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.inputLayer({ inputShape: [5, 6, 3] }),
      tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }),
      layer,
    ],
  });
  randomizeWeights(model, 13, 1);
  return model;
}

describe('activation layers', () => {
  const cases: [string, () => tf.layers.Layer][] = [
    ['ReLU', () => tf.layers.reLU({})],
    ['ReLU max_value', () => tf.layers.reLU({ maxValue: 0.5 })],
    ['LeakyReLU', () => tf.layers.leakyReLU({ alpha: 0.2 })],
    ['PReLU', () => tf.layers.prelu({})],
    ['PReLU shared over H and W', () => tf.layers.prelu({ sharedAxes: [1, 2] })],
    ['ELU (TF.js takes only alpha 1)', () => tf.layers.elu({})],
    ['ThresholdedReLU', () => tf.layers.thresholdedReLU({ theta: 0.3 })],
    // TF.js' own Softmax layer defaults to axis 1 and runs only on the last axis.
    ['Softmax on axis -1 (channels)', () => tf.layers.softmax({ axis: -1 })],
    ['Softmax on axis 3 (channels)', () => tf.layers.softmax({ axis: 3 })],
    ['Activation swish', () => tf.layers.activation({ activation: 'swish' })],
  ];
  for (const [name, make] of cases) {
    it(`${name} on an NCHW conv output matches`, async () => {
      expect((await conversionError(afterConv(make()), [2, 5, 6, 3])).error).toBeLessThan(TOLERANCE);
    });
  }

  it("Keras ReLU's negative_slope, threshold and max_value (which TF.js does not write) follow Keras' formula", async () => {
    await tf.setBackend('cpu');
    const model = tf.sequential({ layers: [tf.layers.reLU({ inputShape: [8], maxValue: 1 })] });
    const artifacts = await saveArtifacts(model);
    const topology = artifacts.modelTopology as { config: { layers: { config: Record<string, unknown> }[] } };
    Object.assign(topology.config.layers[0]!.config, {
      negative_slope: 0.1,
      threshold: 0.25,
      max_value: 0.75,
    });
    const x = randomInput([4, 8], 3);
    const keras = x.map((v) => (v >= 0.75 ? 0.75 : v >= 0.25 ? v : 0.1 * (v - 0.25)));
    const y = await runOnnx(convertLayersModel(artifacts), x, [4, 8]);
    expect(relativeError(y.data, keras)).toBeLessThan(1e-6);
  });
});
