/**
 * Test support (not built): small GraphModels shaped like what tfjs-converter writes for
 * MobileNet v1 (BN folded into fused convs with Relu6) and ResNet (Pad, MaxPool, AddV2 skips).
 */
import type * as tf from '@tensorflow/tfjs';
import { attr, convAttrs, GraphFixture } from './test-graph.js';

/** A tfjs-converter fused conv: conv, bias, then `activation` (none when omitted). */
function fusedConv(
  g: GraphFixture,
  op: '_FusedConv2D' | 'FusedDepthwiseConv2dNative',
  x: string,
  filter: number[],
  stride: number,
  activation?: string,
): string {
  const channels = op === '_FusedConv2D' ? filter[3]! : filter[2]! * filter[3]!;
  return g.op(op, [x, g.const(filter), g.const([channels], undefined, -0.2, 0.4)], {
    ...convAttrs(stride, 'SAME'),
    fused_ops: attr.strs(activation === undefined ? ['BiasAdd'] : ['BiasAdd', activation]),
    num_args: attr.int(1),
  });
}

function batchNorm(g: GraphFixture, x: string, channels: number): string {
  const stats = [g.const([channels], undefined, 0.5, 1.5), g.const([channels]), g.const([channels])];
  return g.op('FusedBatchNormV3', [x, ...stats, g.const([channels], undefined, 0.5, 1.5)], {
    epsilon: attr.float(0.001),
    is_training: attr.bool(false),
    data_format: attr.str('NHWC'),
  });
}

/** MobileNet v1 in miniature on [N, 33, 33, 3] → 10 softmax probabilities. */
export function mobilenetLike(seed = 31): tf.io.ModelArtifacts {
  const g = new GraphFixture(seed);
  let x = g.placeholder([-1, 33, 33, 3]);
  x = fusedConv(g, '_FusedConv2D', x, [3, 3, 3, 8], 2, 'Relu6');
  x = fusedConv(g, 'FusedDepthwiseConv2dNative', x, [3, 3, 8, 1], 1, 'Relu6');
  x = fusedConv(g, '_FusedConv2D', x, [1, 1, 8, 16], 1, 'Relu6');
  x = fusedConv(g, 'FusedDepthwiseConv2dNative', x, [3, 3, 16, 1], 2, 'Relu6');
  const conv = g.op('Conv2D', [x, g.const([1, 1, 16, 16])], convAttrs(1, 'SAME'));
  x = g.op('Relu6', [batchNorm(g, conv, 16)]);
  const pooled = g.op('Mean', [x, g.ints([1, 2])], { keep_dims: attr.bool(false) });
  const logits = g.op('_FusedMatMul', [pooled, g.const([16, 10], undefined, -1, 1), g.const([10])], {
    fused_ops: attr.strs(['BiasAdd']),
    num_args: attr.int(1),
    transpose_a: attr.bool(false),
    transpose_b: attr.bool(false),
  });
  return g.artifacts(g.op('Softmax', [logits]));
}

/** A residual block: two 3×3 convs, the second without activation, added to the shortcut. */
function residual(g: GraphFixture, x: string, cin: number, cout: number, stride: number): string {
  const a = fusedConv(g, '_FusedConv2D', x, [3, 3, cin, cout], stride, 'Relu');
  const conv = g.op('Conv2D', [a, g.const([3, 3, cout, cout])], convAttrs(1, 'SAME'));
  const b = batchNorm(g, conv, cout);
  const shortcut =
    stride === 1 && cin === cout ? x : fusedConv(g, '_FusedConv2D', x, [1, 1, cin, cout], stride);
  return g.op('Relu', [g.op('AddV2', [b, shortcut])]);
}

/** ResNet in miniature on [N, 29, 29, 3] → 7 logits. */
export function resnetLike(seed = 37): tf.io.ModelArtifacts {
  const g = new GraphFixture(seed);
  let x = g.placeholder([-1, 29, 29, 3]);
  const pad = (t: string, p: number) => g.op('Pad', [t, g.ints([0, 0, p, p, p, p, 0, 0], [4, 2])]);
  x = g.op('_FusedConv2D', [pad(x, 3), g.const([7, 7, 3, 8]), g.const([8])], {
    ...convAttrs(2, 'VALID'),
    fused_ops: attr.strs(['BiasAdd', 'Relu']),
    num_args: attr.int(1),
  });
  x = g.op('MaxPool', [pad(x, 1)], {
    ksize: attr.ints([1, 3, 3, 1]),
    strides: attr.ints([1, 2, 2, 1]),
    padding: attr.str('VALID'),
  });
  x = residual(g, x, 8, 8, 1);
  x = residual(g, x, 8, 12, 2);
  const pooled = g.op('Mean', [x, g.ints([1, 2])], { keep_dims: attr.bool(false) });
  const logits = g.op('MatMul', [pooled, g.const([12, 7], undefined, -1, 1)]);
  return g.artifacts(g.op('BiasAdd', [logits, g.const([7])]));
}

/**
 * One small graph through most op families (pad, fused convs, every activation,
 * broadcasting math, pooling, slicing, reductions, Keras's flatten, splits, concats, fused MatMul,
 * LogSoftmax) on [N, 9, 8, 3] → 5 log-probabilities: a gradient check for every rule at once.
 */
export function everyOpGraph(seed = 47): tf.io.ModelArtifacts {
  const g = new GraphFixture(seed);
  const x = g.placeholder([-1, 9, 8, 3]);
  // Pad, not MirrorPad: tfjs's MirrorPad gradient is zero (pad.test.ts checks ours by hand).
  const padded = g.op('Pad', [x, g.ints([0, 0, 1, 1, 2, 0, 0, 0], [4, 2])]);
  const c1 = g.op('_FusedConv2D', [padded, g.const([3, 3, 3, 6]), g.const([6])], {
    ...convAttrs(2, 'SAME'),
    fused_ops: attr.strs(['BiasAdd', 'Elu']),
    num_args: attr.int(1),
  });
  const c2 = fusedConv(g, 'FusedDepthwiseConv2dNative', c1, [3, 3, 6, 1], 1, 'Relu');
  const s = g.op('Mul', [g.op('Selu', [c1]), g.op('Sigmoid', [c2])]);
  const t = g.op('RealDiv', [g.op('Tanh', [c2]), g.op('AddV2', [g.op('Softplus', [c1]), g.const([], [1])])]);
  const low = g.op('Minimum', [
    g.op('LeakyRelu', [c1], { alpha: attr.float(0.1) }),
    g.op('Prelu', [c2, g.const([6])]),
  ]);
  const u = g.op('Sub', [g.op('Maximum', [s, t]), low]);
  const r = g.op('Rsqrt', [g.op('AddV2', [g.op('SquaredDifference', [u, g.const([6])]), g.const([], [1])])]);
  const v = g.op('Mul', [r, u]);
  const window = (k: number, stride: number) => ({
    ksize: attr.ints([1, k, k, 1]),
    strides: attr.ints([1, stride, stride, 1]),
    padding: attr.str('SAME'),
  });
  // VALID average pooling: tfjs's AvgPool gradient counts SAME padding in the window
  // (pool.test.ts checks ours by hand).
  const avg = g.op('AvgPool', [v], { ...window(2, 1), padding: attr.str('VALID') });
  const max = g.op('MaxPool', [v], window(3, 2));
  // Slice, not StridedSlice: tfjs has no gradient for StridedSlice to compare with.
  const crop = g.op('Slice', [avg, g.ints([0, 1, 0, 0]), g.ints([-1, 3, -1, -1])]);
  const means = g.op('Mean', [crop, g.ints([1, 2])], { keep_dims: attr.bool(false) });
  // Max over v, not over the overlapping max pool: its repeated maxima would be ties.
  const peaks = g.op('Max', [v, g.ints([1, 2])], { keep_dims: attr.bool(false) });
  const pooled = g.op('ConcatV2', [means, peaks, g.ints([-1], [])], { N: attr.int(2) });
  const halves = g.op('Split', [g.ints([1], []), pooled], { num_split: attr.int(2) });
  const clipped = g.op('ClipByValue', [`${halves}:1`, g.const([], [-0.3]), g.const([], [0.3])]);
  const mixed = g.op('AddV2', [`${halves}:0`, g.op('Pow', [clipped, g.const([], [2])])]);
  const batch = g.op('StridedSlice', [g.op('Shape', [max]), g.ints([0]), g.ints([1]), g.ints([1])], {
    shrink_axis_mask: attr.int(1),
  });
  const flat = g.op('Reshape', [max, g.op('Pack', [batch, g.ints([-1], [])], { axis: attr.int(0) })]);
  const projected = g.op('MatMul', [flat, g.const([54, 4])]);
  const features = g.op('ConcatV2', [mixed, projected, g.ints([1], [])], { N: attr.int(2) });
  const logits = g.op('_FusedMatMul', [features, g.const([10, 5], undefined, -1, 1), g.const([5])], {
    fused_ops: attr.strs(['BiasAdd']),
    num_args: attr.int(1),
  });
  return g.artifacts(g.op('LogSoftmax', [logits]));
}
