import { relativeError } from '@snowblind/test-utils';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../test/error-of.js';
import { createOnnxGradientRunner, type OnnxValueInfo, serializeOnnxModel } from '../../onnx/index.js';
import { convertGraphModel } from './convert-graph-model.js';
import { attr, conversionError, GraphFixture } from './test-graph.js';
import { everyOpGraph, mobilenetLike, resnetLike } from './test-networks.js';

const TOLERANCE = 1e-4;

const opTypes = (artifacts: tf.io.ModelArtifacts) =>
  convertGraphModel(artifacts).graph.node!.map((n) => n.opType);

describe('convertGraphModel: whole networks match TF.js (cpu)', () => {
  it('a MobileNet-v1-like graph (fused convs with Relu6, FusedBatchNormV3, Mean, _FusedMatMul, Softmax)', async () => {
    const { error } = await conversionError(mobilenetLike(), [3, 33, 33, 3]);
    expect(error).toBeLessThan(TOLERANCE);
    // NCHW from the first conv to the pooled features: the input's is the only Transpose.
    expect(opTypes(mobilenetLike()).filter((op) => op === 'Transpose')).toHaveLength(1);
  });

  it('a ResNet-like graph (Pad, MaxPool, AddV2 skips, BiasAdd after MatMul)', async () => {
    const { error } = await conversionError(resnetLike(), [3, 29, 29, 3]);
    expect(error).toBeLessThan(TOLERANCE);
    expect(opTypes(resnetLike()).filter((op) => op === 'Transpose')).toHaveLength(1);
  });

  it('a graph through most op families', async () => {
    const { error } = await conversionError(everyOpGraph(), [3, 9, 8, 3]);
    expect(error).toBeLessThan(TOLERANCE);
  });

  it('declares the NHWC input and the output with a dynamic batch', () => {
    const dims = (info: OnnxValueInfo) =>
      info.type!.tensorType!.shape!.dim!.map((d) => d.dimValue ?? d.dimParam);
    const { graph } = convertGraphModel(resnetLike());
    expect(dims(graph.input![0]!)).toEqual(['batch', 29, 29, 3]);
    expect(dims(graph.output![0]!)).toEqual(['batch', 7]);
  });
});

describe('convertGraphModel: input gradients', () => {
  it.each([
    ['MobileNet-like', mobilenetLike, [33, 33, 3]],
    ['ResNet-like', resnetLike, [29, 29, 3]],
    ['every-op', everyOpGraph, [9, 8, 3]],
  ] as const)('of the %s graph match tf.grad of the GraphModel on cpu', async (_, build, shape) => {
    const artifacts = build();
    const n = 2;
    const input = new GraphFixture(41).uniform(n * shape.reduce((p, d) => p * d, 1));
    const targets = [3, 1];
    const runner = await createOnnxGradientRunner(serializeOnnxModel(convertGraphModel(artifacts)), {
      threads: 1,
    });
    const { gradients } = await runner.forwardBackward(input, n, targets);
    await runner.dispose();

    await tf.setBackend('cpu');
    const model = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
    const expected = tf.tidy(() => {
      const y0 = model.execute(tf.zeros([1, ...shape])) as tf.Tensor;
      const onehot = tf.oneHot(targets, y0.shape[1]!).toFloat();
      const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(model.execute(x) as tf.Tensor, onehot)));
      return grad(tf.tensor(input, [n, ...shape])).dataSync() as Float32Array;
    });
    model.dispose();
    expect(relativeError(gradients, expected)).toBeLessThan(TOLERANCE);
  });
});

describe('convertGraphModel: what it refuses', () => {
  function withOp(op: string, attrs = {}) {
    const g = new GraphFixture(43);
    const x = g.placeholder([-1, 4, 4, 3]);
    return g.artifacts(g.op('Relu', [g.op(op, [x], attrs)]));
  }

  it('names the op type and node of an op without a rule (UNSUPPORTED_OP)', async () => {
    const error = await errorOf(() => convertGraphModel(withOp('Cumprod')));
    expect(error.code).toBe('UNSUPPORTED_OP');
    expect(error.message).toContain('op "Cumprod" (node Cumprod_0)');
  });

  it('refuses a conv fused with FusedBatchNorm, as tfjs does', async () => {
    const g = new GraphFixture(44);
    const x = g.placeholder([-1, 4, 4, 3]);
    const y = g.op('_FusedConv2D', [x, g.const([1, 1, 3, 2]), g.const([2])], {
      padding: attr.str('VALID'),
      fused_ops: attr.strs(['FusedBatchNorm', 'Relu']),
    });
    const error = await errorOf(() => convertGraphModel(g.artifacts(y)));
    expect(error.code).toBe('UNSUPPORTED_OP');
    expect(error.message).toContain('fused with fusedbatchnorm');
  });

  it('ignores nodes the output does not depend on, as tfjs executes only what it needs', async () => {
    const g = new GraphFixture(45);
    const x = g.placeholder([-1, 4, 4, 3]);
    g.op('Cumprod', [x]);
    const y = g.op('Relu', [x]);
    expect((await conversionError(g.artifacts(y), [2, 4, 4, 3])).error).toBeLessThan(TOLERANCE);
  });

  it('reports a Const without weights and a dangling input as BAD_MODEL', async () => {
    const g = new GraphFixture(46);
    const x = g.placeholder([-1, 4, 4, 3]);
    const y = g.op('AddV2', [x, 'missing']);
    expect((await errorOf(() => convertGraphModel(g.artifacts(y)))).code).toBe('BAD_MODEL');
    const artifacts = g.artifacts(y);
    (artifacts.modelTopology as { node: unknown[] }).node.push({ name: 'missing', op: 'Const' });
    const error = await errorOf(() => convertGraphModel(artifacts));
    expect(error.code).toBe('BAD_MODEL');
    expect(error.message).toContain('"missing"');
  });
});
