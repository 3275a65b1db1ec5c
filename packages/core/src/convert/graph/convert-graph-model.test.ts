import { relativeError } from '@snowblind/test-utils';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../test/error-of.js';
import { createOnnxGradientRunner, type OnnxValueInfo, serializeOnnxModel } from '../../onnx/index.js';
import { convertGraphModel } from './convert-graph-model.js';
import { attr, convAttrs, conversionError, GraphFixture } from './test-graph.js';
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

describe('convertGraphModel: input shapes', () => {
  it('keeps a fixed batch fixed (TF.js checks it) and the gradient runner chunks by it', async () => {
    const g = new GraphFixture(48);
    const x = g.placeholder([1, 4, 4, 3]);
    const y = g.op('MatMul', [g.op('Reshape', [x, g.ints([1, 48])]), g.const([48, 5])]);
    const artifacts = g.artifacts(y);
    const { error, onnx } = await conversionError(artifacts, [1, 4, 4, 3]);
    expect(error).toBeLessThan(TOLERANCE);
    expect(onnx.graph.input![0]!.type!.tensorType!.shape!.dim![0]).toEqual({ dimValue: 1 });
    const runner = await createOnnxGradientRunner(serializeOnnxModel(onnx), { threads: 1 });
    const { outputs } = await runner.forwardBackward(new GraphFixture(1).uniform(3 * 48), 3, [0, 1, 2]);
    await runner.dispose();
    expect(outputs).toHaveLength(15);
  });

  it.each([9, 8])('converts a graph with unknown height and width (run at %i px)', async (size) => {
    const g = new GraphFixture(49);
    const x = g.placeholder([-1, -1, -1, 3]);
    const conv = g.op('_FusedConv2D', [x, g.const([3, 3, 3, 4]), g.const([4])], {
      ...convAttrs(2, 'SAME'),
      fused_ops: attr.strs(['BiasAdd', 'Relu6']),
      num_args: attr.int(1),
    });
    const pooled = g.op('Mean', [conv, g.ints([1, 2])], { keep_dims: attr.bool(true) });
    const flat = g.op('Reshape', [pooled, g.ints([-1, 4])]);
    const { error } = await conversionError(g.artifacts(g.op('Softmax', [flat])), [2, size, size, 3]);
    expect(error).toBeLessThan(TOLERANCE);
  });

  it('fixes unknown height and width to imageSize, so the gradient runner takes the model', async () => {
    const g = new GraphFixture(51);
    const x = g.placeholder([-1, -1, -1, 3]);
    const conv = g.op('Conv2D', [x, g.const([3, 3, 3, 4])], convAttrs(2, 'SAME'));
    const y = g.op('Mean', [conv, g.ints([1, 2])], { keep_dims: attr.bool(false) });
    const onnx = convertGraphModel(g.artifacts(y), { imageSize: [9, 8] });
    const dims = onnx.graph.input![0]!.type!.tensorType!.shape!.dim!.map((d) => d.dimValue ?? d.dimParam);
    expect(dims).toEqual(['batch', 9, 8, 3]);
    const runner = await createOnnxGradientRunner(serializeOnnxModel(onnx), { threads: 1 });
    expect(runner.inputSize).toBe(9 * 8 * 3);
    await runner.dispose();
  });

  it('reads an unfed PlaceholderWithDefault as its default', async () => {
    const g = new GraphFixture(50);
    const x = g.placeholder([-1, 4, 4, 3]);
    const scale = g.op('PlaceholderWithDefault', [g.const([], [2.5])], { dtype: attr.float32 });
    const y = g.op('Mul', [x, scale]);
    // The signature names the image as the only input, as TF.js then needs only that feed.
    const signature = { inputs: { x: { name: `${x}:0` } }, outputs: { y: { name: `${y}:0` } } };
    expect((await conversionError({ ...g.artifacts(), signature }, [2, 4, 4, 3])).error).toBeLessThan(
      TOLERANCE,
    );
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

  it('makes an op whose rule breaks on an odd node unconverted, naming it, instead of crashing', async () => {
    const g = new GraphFixture(47);
    const x = g.placeholder([-1, 4, 4, 3]);
    // A StridedSlice of a shape with no begin at all: the rule has no slice to read.
    const empty = g.ints([], [0]);
    const sliced = g.op('StridedSlice', [g.op('Shape', [x]), empty, empty, empty]);
    const error = await errorOf(() => convertGraphModel(g.artifacts(g.op('Reshape', [x, sliced]))));
    expect(error.code).toBe('UNSUPPORTED_OP');
    expect(error.message).toMatch(/op "StridedSlice" \(node StridedSlice_\d+\) \(the converter failed: /);
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
