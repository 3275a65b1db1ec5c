/**
 * Activations, standalone (Relu, Relu6, Elu, Selu, LeakyRelu, Sigmoid, Tanh, Prelu, Softplus)
 * and fused into convolutions and MatMul (`fused_ops[1]`, as tfjs-core's applyActivation).
 */
import { unconverted } from '../../unconverted.js';
import type { GraphConversion, GraphOpRule } from '../conversion.js';
import { attrNumber, describeNode, type TfNode } from '../graph-def.js';
import type { ConstValue, TensorValue } from '../graph-value.js';
import { broadcastOp, clip, unaryOp } from './elementwise.js';

/**
 * Apply a tfjs-core activation by its lower-case name (`linear` or none: unchanged).
 *
 * @param alpha - Prelu's weights (the fused op's extra argument)
 * @param leakyAlpha - LeakyRelu's slope
 */
export function applyActivation(
  ctx: GraphConversion,
  node: TfNode,
  x: TensorValue,
  activation: string | undefined,
  alpha: TensorValue | ConstValue | undefined,
  leakyAlpha: number,
): TensorValue {
  switch (activation) {
    case undefined:
    case 'linear':
      return x;
    case 'relu':
      return unaryOp(ctx, x, 'Relu');
    case 'relu6':
      return clip(ctx, x, 0, 6);
    case 'elu':
      return unaryOp(ctx, x, 'Elu', { alpha: 1 });
    case 'leakyrelu':
      return unaryOp(ctx, x, 'LeakyRelu', { alpha: leakyAlpha });
    case 'sigmoid':
      return unaryOp(ctx, x, 'Sigmoid');
    case 'prelu':
      if (alpha === undefined) throw unconverted(`${describeNode(node)} with Prelu and no alpha`);
      return broadcastOp(ctx, node, 'PRelu', [x, alpha]);
    default:
      throw unconverted(`${describeNode(node)} with fused activation ${activation}`);
  }
}

const activation =
  (name: string): GraphOpRule =>
  (ctx, node) => {
    const x = ctx.tensorInput(node, 0);
    const alpha = name === 'prelu' ? ctx.tensorInput(node, 1) : undefined;
    const t = x.kind === 'tensor' ? x : unaryOp(ctx, x, 'Identity');
    return applyActivation(ctx, node, t, name, alpha, attrNumber(node, 'alpha', 0.2));
  };

/** Rules for activation ops, by TF op name. */
export const ACTIVATION_RULES: Readonly<Record<string, GraphOpRule>> = {
  Relu: activation('relu'),
  Relu6: activation('relu6'),
  Elu: activation('elu'),
  LeakyRelu: activation('leakyrelu'),
  Sigmoid: activation('sigmoid'),
  Prelu: activation('prelu'),
  Selu: (ctx, node) => unaryOp(ctx, ctx.tensorInput(node, 0), 'Selu'),
  Tanh: (ctx, node) => unaryOp(ctx, ctx.tensorInput(node, 0), 'Tanh'),
  Softplus: (ctx, node) => unaryOp(ctx, ctx.tensorInput(node, 0), 'Softplus'),
};
