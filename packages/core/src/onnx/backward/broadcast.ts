/**
 * Undo NumPy broadcasting on a gradient: sum over the axes an operand was stretched along, then
 * give it the operand's shape back.
 */

import type { Dim } from '../shape-inference.js';
import { type BackwardContext, rankedDims } from './context.js';

/**
 * Reduce `grad` (shaped `gradDims`) to the shape of forward tensor `input`.
 *
 * @remarks An operand dim of 1 against an unknown or larger dim is summed; unknown operand dims
 * (the batch) are assumed equal to the gradient's, as exporters never broadcast the batch of an
 * activation.
 */
export function reduceTo(
  ctx: BackwardContext,
  grad: string,
  gradDims: readonly Dim[],
  input: string,
): string {
  const x = rankedDims(ctx, input);
  const lead = gradDims.length - x.length;
  const axes: number[] = [];
  for (let i = 0; i < gradDims.length; i++) {
    if (i < lead) axes.push(i);
    else if (x[i - lead] === 1 && gradDims[i] !== 1) axes.push(i);
  }
  if (axes.length === 0) return grad;
  const summed = ctx.b.op('ReduceSum', [grad, ctx.b.int64(axes)], { keepdims: { int: 1 } });
  return ctx.b.op('Reshape', [summed, ctx.shapeOf(input)]);
}

/** {@link reduceTo} for a gradient shaped like the node's first output. */
export function reduceFromOutput(ctx: BackwardContext, grad: string, input: string): string {
  return reduceTo(ctx, grad, rankedDims(ctx, ctx.node.output![0]!), input);
}
