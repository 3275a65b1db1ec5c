import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../test/error-of.js';
import { convertLayersModel } from './convert-layers-model.js';
import {
  conversionError,
  predictTfjs,
  randomInput,
  randomizeWeights,
  relativeError,
  runOnnx,
  saveArtifacts,
} from './test-parity.js';

const TOLERANCE = 1e-4;

type Topology = {
  class_name: string;
  config: { layers: { class_name: string; config: Record<string, unknown> }[] };
};

describe('topologies', () => {
  it('a Sequential nested in a functional model, and that model nested in a Sequential', async () => {
    const inner = tf.sequential({
      layers: [tf.layers.conv2d({ inputShape: [6, 6, 3], filters: 4, kernelSize: 3 }), tf.layers.flatten()],
    });
    const input = tf.input({ shape: [6, 6, 3] });
    const branch = tf.layers.conv2d({ filters: 4, kernelSize: 3 }).apply(input) as tf.SymbolicTensor;
    const merged = tf.layers
      .concatenate()
      .apply([
        inner.apply(input) as tf.SymbolicTensor,
        tf.layers.flatten().apply(branch) as tf.SymbolicTensor,
      ]);
    const functional = tf.model({
      inputs: input,
      outputs: tf.layers.dense({ units: 5 }).apply(merged) as tf.SymbolicTensor,
    });
    const outer = tf.sequential({
      layers: [tf.layers.inputLayer({ inputShape: [6, 6, 3] }), functional, tf.layers.dense({ units: 2 })],
    });
    randomizeWeights(outer, 37);
    expect((await conversionError(functional, [2, 6, 6, 3])).error).toBeLessThan(TOLERANCE);
    expect((await conversionError(outer, [2, 6, 6, 3])).error).toBeLessThan(TOLERANCE);
  });

  it("Keras 2.1's model_config wrapper and bare Sequential layer list", async () => {
    await tf.setBackend('cpu');
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 3, activation: 'relu' }),
        tf.layers.dense({ units: 2 }),
      ],
    });
    randomizeWeights(model, 41);
    const artifacts = await saveArtifacts(model);
    const topology = artifacts.modelTopology as Topology;
    const old = {
      ...artifacts,
      modelTopology: { model_config: { class_name: 'Sequential', config: topology.config.layers } },
    };
    const x = randomInput([3, 4], 2);
    const y = await runOnnx(convertLayersModel(old), x, [3, 4]);
    expect(relativeError(y.data, predictTfjs(model, x, [3, 4]).data)).toBeLessThan(TOLERANCE);
  });

  it("Keras 3's inbound nodes ({ args: [keras tensors] }) and batch_shape", async () => {
    await tf.setBackend('cpu');
    const input = tf.input({ shape: [5, 5, 2] });
    const a = tf.layers
      .conv2d({ filters: 3, kernelSize: 3, padding: 'same' })
      .apply(input) as tf.SymbolicTensor;
    const b = tf.layers.conv2d({ filters: 3, kernelSize: 1 }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: tf.layers.add().apply([a, b]) as tf.SymbolicTensor });
    randomizeWeights(model, 67);
    const artifacts = await saveArtifacts(model);
    type Keras2Layer = { config: Record<string, unknown>; inbound_nodes: unknown[][][] };
    const tensor = (ref: unknown[]) => ({
      class_name: '__keras_tensor__',
      config: { keras_history: ref.slice(0, 3) },
    });
    for (const layer of (artifacts.modelTopology as { config: { layers: Keras2Layer[] } }).config.layers) {
      const { batch_input_shape, ...config } = layer.config;
      layer.config = batch_input_shape ? { ...config, batch_shape: batch_input_shape } : config;
      (layer as { inbound_nodes: unknown[] }).inbound_nodes = layer.inbound_nodes.map((node) => ({
        args: node.length === 1 ? [tensor(node[0]!)] : [node.map(tensor)],
        kwargs: {},
      }));
    }
    const x = randomInput([2, 5, 5, 2], 4);
    const y = await runOnnx(convertLayersModel(artifacts), x, [2, 5, 5, 2]);
    expect(relativeError(y.data, predictTfjs(model, x, [2, 5, 5, 2]).data)).toBeLessThan(TOLERANCE);
  });

  it("Subtract and Keras' Normalization (layers TF.js lacks) follow Keras' formulas", async () => {
    await tf.setBackend('cpu');
    const input = tf.input({ shape: [3] });
    const a = tf.layers.dense({ units: 3 }).apply(input) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 3 }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({
      inputs: input,
      outputs: tf.layers.add({ name: 'diff' }).apply([a, b]) as tf.SymbolicTensor,
    });
    const both = tf.model({ inputs: input, outputs: [a, b] });
    randomizeWeights(model, 43);
    const artifacts = await saveArtifacts(model);
    const layers = (artifacts.modelTopology as Topology).config.layers;
    layers.find((l) => l.class_name === 'Add')!.class_name = 'Subtract';
    const x = randomInput([4, 3], 5);
    const [ya, yb] = tf.tidy(() =>
      (both.predict(tf.tensor(x, [4, 3])) as tf.Tensor[]).map((t) => t.dataSync() as Float32Array),
    );
    const diff = ya!.map((v, i) => v - yb![i]!);
    expect(relativeError((await runOnnx(convertLayersModel(artifacts), x, [4, 3])).data, diff)).toBeLessThan(
      TOLERANCE,
    );

    const identity = tf.sequential({
      layers: [tf.layers.rescaling({ inputShape: [3], scale: 1, name: 'norm' })],
    });
    const normArtifacts = await saveArtifacts(identity);
    const norm = (normArtifacts.modelTopology as Topology).config.layers[0]!;
    Object.assign(norm, {
      class_name: 'Normalization',
      config: { ...norm.config, axis: -1, mean: [1, -2, 0.5], variance: [4, 0.25, 9] },
    });
    const expected = x.map(
      (v, i) => (v - [1, -2, 0.5][i % 3]!) / Math.max(Math.sqrt([4, 0.25, 9][i % 3]!), 1e-7),
    );
    expect(
      relativeError((await runOnnx(convertLayersModel(normArtifacts), x, [4, 3])).data, expected),
    ).toBeLessThan(1e-6);
  });
});

describe('layers the output does not depend on', () => {
  it('are skipped, even when they have no rule', async () => {
    const model = tf.sequential({
      layers: [tf.layers.conv2d({ inputShape: [5, 5, 2], filters: 3, kernelSize: 3, name: 'c' })],
    });
    randomizeWeights(model, 79);
    const functional = tf.model({ inputs: model.inputs, outputs: model.outputs });
    const artifacts = await saveArtifacts(functional);
    const layers = (artifacts.modelTopology as { config: { layers: unknown[] } }).config.layers;
    layers.push({
      name: 'dangling',
      class_name: 'LSTM',
      config: { name: 'dangling' },
      inbound_nodes: [[['c', 0, 0, {}]]],
    });
    const x = randomInput([2, 5, 5, 2], 6);
    const y = await runOnnx(convertLayersModel(artifacts), x, [2, 5, 5, 2]);
    expect(relativeError(y.data, predictTfjs(functional, x, [2, 5, 5, 2]).data)).toBeLessThan(TOLERANCE);
  });
});

describe('what does not convert', () => {
  it('an LSTM is UNSUPPORTED_OP naming the layer and its class', async () => {
    await tf.setBackend('cpu');
    const model = tf.sequential({
      layers: [
        tf.layers.lstm({ inputShape: [5, 3], units: 4, name: 'my_lstm' }),
        tf.layers.dense({ units: 2 }),
      ],
    });
    const artifacts = await saveArtifacts(model);
    const error = await errorOf(() => convertLayersModel(artifacts));
    expect(error.code).toBe('UNSUPPORTED_OP');
    expect(error.message).toContain('layer "my_lstm" (LSTM)');
    expect(error.hint).toMatch(/TF\.js engine/);
  });

  it('a channels_first conv and a causal padding are UNSUPPORTED_OP naming the setting', async () => {
    await tf.setBackend('cpu');
    const model = tf.sequential({
      layers: [tf.layers.conv2d({ inputShape: [6, 6, 3], filters: 2, kernelSize: 3, name: 'cf' })],
    });
    const artifacts = await saveArtifacts(model);
    const conv = (artifacts.modelTopology as Topology).config.layers.at(-1)!;
    conv.config['data_format'] = 'channels_first';
    expect((await errorOf(() => convertLayersModel(artifacts))).message).toContain(
      'layer "cf" (Conv2D with data_format channels_first)',
    );
    conv.config['data_format'] = 'channels_last';
    conv.config['padding'] = 'causal';
    expect((await errorOf(() => convertLayersModel(artifacts))).message).toContain('padding causal');
  });
});
