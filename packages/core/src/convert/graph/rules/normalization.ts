/**
 * FusedBatchNorm (V1–V3, inference: the stored mean and variance, as tfjs runs it whatever
 * `is_training` says) and Softmax over the last TF axis.
 */
import { unconverted } from '../../unconverted.js';
import type { GraphConversion, GraphOpRule } from '../conversion.js';
import { attrNumber, attrString, describeNode, type TfNode } from '../graph-def.js';
import { constValue } from '../graph-value.js';
import { identity, NCHW, physicalAxis } from '../layout.js';
import { broadcastOp } from './elementwise.js';

/** tfjs-converter's default when a FusedBatchNorm node has no `epsilon`. */
const DEFAULT_EPSILON = 0.001;

function batchNorm(ctx: GraphConversion, node: TfNode) {
  if (attrString(node, 'data_format', 'NHWC').toUpperCase() !== 'NHWC') {
    throw unconverted(`${describeNode(node)} with data_format ${attrString(node, 'data_format', '')}`);
  }
  const x = ctx.tensorInput(node, 0);
  const params = [1, 2, 3, 4].map((k) => ctx.tensorInput(node, k));
  const epsilon = attrNumber(node, 'epsilon', DEFAULT_EPSILON);
  const rank = x.shape.length;
  // ONNX BatchNormalization normalises axis 1: NCHW for images, TF order for [N, C].
  const layout = rank === 4 ? NCHW : rank === 2 ? identity(2) : undefined;
  if (layout !== undefined && params.every((p) => p.shape.length === 1)) {
    const [scale, offset, mean, variance] = params.map((p) => ctx.onnx(p));
    const y = ctx.emit(
      'BatchNormalization',
      [ctx.onnx(x, layout), scale!, offset!, mean!, variance!],
      { epsilon },
      x.shape,
      layout,
    );
    return [y];
  }
  // Other ranks: y = x·a + b with a = scale/√(var + ε), b = offset − mean·a folded in float64.
  const [scale, offset, mean, variance] = params;
  if (![scale, offset, mean, variance].every((p) => p?.kind === 'const')) {
    throw unconverted(`${describeNode(node)} with statistics computed at run time`);
  }
  const [s, o, m, v] = [scale, offset, mean, variance].map((p) => (p!.kind === 'const' ? p!.data : []));
  const a = Float32Array.from(s!, (si, i) => si / Math.sqrt(v![i]! + epsilon));
  const b = Float32Array.from(o!, (oi, i) => oi - m![i]! * a[i]!);
  const scaled = broadcastOp(ctx, node, 'Mul', [x, constValue(a, [a.length])]);
  return [broadcastOp(ctx, node, 'Add', [scaled, constValue(b, [b.length])])];
}

/** Softmax or LogSoftmax over the last TF axis, wherever the layout holds it. */
const softmax =
  (opType: 'Softmax' | 'LogSoftmax'): GraphOpRule =>
  (ctx, node) => {
    const x = ctx.tensorInput(node, 0);
    const layout = ctx.layoutOf(x);
    const axis = physicalAxis(layout, x.shape.length - 1);
    return ctx.emit(opType, [ctx.onnx(x, layout)], { axis: { int: axis } }, x.shape, layout);
  };

/** Rules for normalization ops, by TF op name. */
export const NORMALIZATION_RULES: Readonly<Record<string, GraphOpRule>> = {
  FusedBatchNorm: batchNorm,
  FusedBatchNormV2: batchNorm,
  FusedBatchNormV3: batchNorm,
  Softmax: softmax('Softmax'),
  LogSoftmax: softmax('LogSoftmax'),
};
