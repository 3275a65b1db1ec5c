/**
 * Dense: `x · kernel + bias` on the last axis, in Keras order so the `[in, out]` kernel is used
 * as stored (a rank-4 NCHW input is transposed back to NHWC first). Rank 2 is one Gemm.
 */
import { applyActivation } from './activations.js';
import type { LayerRule } from './layer-context.js';
import { kerasName } from './tensor-value.js';

const dense: LayerRule = (ctx, [x]) => {
  const input = kerasName(ctx.skeleton, x!);
  const w = ctx.weight('kernel');
  const [units] = w.shape.slice(-1) as [number];
  const kernel = ctx.constant('kernel', w.values, w.shape);
  const bias = ctx.get('use_bias') === false ? null : ctx.weight('bias');
  let y: string;
  if (x!.shape.length === 1) {
    y = bias
      ? ctx.op('Gemm', [input, kernel, ctx.constant('bias', bias.values, bias.shape)])
      : ctx.op('MatMul', [input, kernel]);
  } else {
    y = ctx.op('MatMul', [input, kernel]);
    if (bias) y = ctx.op('Add', [y, ctx.constant('bias', bias.values, bias.shape)]);
  }
  return applyActivation(ctx, { name: y, layout: 'keras', shape: [...x!.shape.slice(0, -1), units] });
};

/** Rules of the dense family by Keras class name. */
export const DENSE_LAYERS: Readonly<Record<string, LayerRule>> = { Dense: dense };
