/**
 * Normalizations over groups of elements: LayerNormalization (opset 17), InstanceNormalization
 * and GroupNormalization (opset 18 per-group and opset 21 per-channel scale). All three are
 * x̂ = (x − mean)·rstd over some axes, then an affine map; with gy = dy·scale,
 * dx = rstd·(gy − mean(gy) − x̂·mean(gy·x̂)) over the same axes, as PyTorch's native backward.
 */
import { SnowblindError } from '../../errors.js';
import { attrFloat, attrInt, nodeLabel } from '../attributes.js';
import { reduceFromOutput } from './broadcast.js';
import { normaliseAxis } from './constants.js';
import { type BackwardContext, type BackwardRule, grad0, rankedDims, staticDims } from './context.js';

/** x̂ and rstd of `x` over `axes` (each reduced over `count` elements), recomputed. */
function standardise(ctx: BackwardContext, x: string, axes: number[], count: number, eps: number) {
  const { b } = ctx;
  const meanOver = (t: string) =>
    b.op('Mul', [b.op('ReduceSum', [t, b.int64(axes)], { keepdims: { int: 1 } }), b.scalar(1 / count)]);
  const centred = b.op('Sub', [x, meanOver(x)]);
  const variance = meanOver(b.op('Mul', [centred, centred]));
  const rstd = b.op('Reciprocal', [b.op('Sqrt', [b.op('Add', [variance, b.scalar(eps)])])]);
  return { xhat: b.op('Mul', [centred, rstd]), rstd, meanOver };
}

/** dx from gy = dy·scale for x standardised over `axes`. */
function standardiseBackward(
  ctx: BackwardContext,
  x: string,
  gy: string,
  axes: number[],
  count: number,
  eps: number,
): { dx: string; xhat: string } {
  const { b } = ctx;
  const { xhat, rstd, meanOver } = standardise(ctx, x, axes, count, eps);
  const centredGrad = b.op('Sub', [gy, meanOver(gy)]);
  const projected = b.op('Mul', [xhat, meanOver(b.op('Mul', [gy, xhat]))]);
  return { dx: b.op('Mul', [rstd, b.op('Sub', [centredGrad, projected])]), xhat };
}

function product(dims: number[]): number {
  return dims.reduce((a, d) => a * d, 1);
}

/** Scale and bias gradients (affine parameters depending on the input are rare but allowed). */
function affineGrads(ctx: BackwardContext, g: string, xhat: () => string): (string | undefined)[] {
  const [, scale, bias] = ctx.node.input!;
  return [
    ctx.needsGrad(1) ? reduceFromOutput(ctx, ctx.b.op('Mul', [g, xhat()]), scale!) : undefined,
    bias && ctx.needsGrad(2) ? reduceFromOutput(ctx, g, bias) : undefined,
  ];
}

function refuseStatistics(ctx: BackwardContext, dy: readonly (string | undefined)[]): void {
  if (dy.slice(1).every((g) => g === undefined)) return;
  throw new SnowblindError(
    'UNSUPPORTED_OP',
    `cannot differentiate ${ctx.node.opType} node ${nodeLabel(ctx.node)}: its mean or inverse standard deviation output is used`,
    { hint: 're-export the model with the normalization written out (or only its first output used)' },
  );
}

const layerNormalization: BackwardRule = (ctx, dy) => {
  refuseStatistics(ctx, dy);
  const { b, node } = ctx;
  const [x, scale] = node.input!;
  const rank = rankedDims(ctx, x!).length;
  const axis = normaliseAxis(attrInt(node, 'axis', -1), rank);
  const axes = Array.from({ length: rank - axis }, (_, i) => axis + i);
  const g = grad0(dy);
  const gy = b.op('Mul', [g, scale!]);
  const eps = attrFloat(node, 'epsilon', 1e-5);
  const { dx, xhat } = standardiseBackward(ctx, x!, gy, axes, product(staticDims(ctx, x!, axis)), eps);
  return [ctx.needsGrad(0) ? dx : undefined, ...affineGrads(ctx, g, () => xhat)];
};

/** `t` ([C]) shaped to broadcast over the channel axis of a rank-`rank` tensor. */
function perChannel(ctx: BackwardContext, t: string, rank: number): string {
  return ctx.b.op('Reshape', [t, ctx.b.int64([-1, ...new Array<number>(rank - 2).fill(1)])]);
}

const instanceNormalization: BackwardRule = (ctx, dy) => {
  const { b, node } = ctx;
  const [x, scale] = node.input!;
  const rank = rankedDims(ctx, x!).length;
  const axes = Array.from({ length: rank - 2 }, (_, i) => i + 2);
  const g = grad0(dy);
  const gy = b.op('Mul', [g, perChannel(ctx, scale!, rank)]);
  const eps = attrFloat(node, 'epsilon', 1e-5);
  const { dx, xhat } = standardiseBackward(ctx, x!, gy, axes, product(staticDims(ctx, x!, 2)), eps);
  const [dScale, dBias] = [
    ctx.needsGrad(1)
      ? b.op('ReduceSum', [b.op('Mul', [g, xhat]), b.int64([0, ...axes])], { keepdims: { int: 0 } })
      : undefined,
    ctx.needsGrad(2) ? b.op('ReduceSum', [g, b.int64([0, ...axes])], { keepdims: { int: 0 } }) : undefined,
  ];
  return [ctx.needsGrad(0) ? dx : undefined, dScale, dBias];
};

// x [N, C, …] standardised per (example, group of C/G channels); scale per group (opset 18) or
// per channel (opset 21), told apart by its length.
const groupNormalization: BackwardRule = (ctx, dy) => {
  const { b, node } = ctx;
  const [x, scale] = node.input!;
  if (ctx.needsGrad(1) || ctx.needsGrad(2)) {
    throw new SnowblindError(
      'UNSUPPORTED_OP',
      `cannot differentiate GroupNormalization node ${nodeLabel(node)}: its scale or bias depends on the input`,
      { hint: 're-export the model with constant GroupNorm weights' },
    );
  }
  const rank = rankedDims(ctx, x!).length;
  const [channels, ...spatial] = staticDims(ctx, x!, 1);
  const groups = attrInt(node, 'num_groups', 1);
  const grouped = b.int64([0, groups, -1]);
  const perGroup = staticDims(ctx, scale!)[0] === groups && groups !== channels;
  let g = grad0(dy);
  if (!perGroup) g = b.op('Mul', [g, perChannel(ctx, scale!, rank)]);
  let gy = b.op('Reshape', [g, grouped]);
  if (perGroup) gy = b.op('Mul', [gy, b.op('Reshape', [scale!, b.int64([-1, 1])])]);
  const count = (channels! / groups) * product(spatial);
  const eps = attrFloat(node, 'epsilon', 1e-5);
  const { dx } = standardiseBackward(ctx, b.op('Reshape', [x!, grouped]), gy, [2], count, eps);
  return [b.op('Reshape', [dx, ctx.shapeOf(x!)])];
};

export const LAYER_NORM_RULES: Record<string, BackwardRule> = {
  LayerNormalization: layerNormalization,
  InstanceNormalization: instanceNormalization,
  GroupNormalization: groupNormalization,
};
