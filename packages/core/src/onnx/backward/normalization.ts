/** BatchNormalization (inference) and LRN. */
import { attrFloat, attrInt } from '../attributes.js';
import { ints } from '../graph-builder.js';
import { type BackwardRule, grad0, rankedDims, staticDims } from './context.js';

// Inference BN is a per-channel affine map: dx = dy · scale / sqrt(var + eps).
const batchNormalization: BackwardRule = (ctx, dy) => {
  const { node, b } = ctx;
  const [x, scale, , , variance] = node.input!;
  if ([1, 2, 3, 4].some((i) => ctx.needsGrad(i))) return [];
  const eps = attrFloat(node, 'epsilon', 1e-5);
  const factor = b.op('Div', [scale!, b.op('Sqrt', [b.op('Add', [variance!, b.scalar(eps)])])]);
  const rank = rankedDims(ctx, x!).length;
  const perChannel = b.op('Reshape', [
    factor,
    b.int64([-1, ...new Array<number>(Math.max(0, rank - 2)).fill(1)]),
  ]);
  return [b.op('Mul', [grad0(dy), perChannel])];
};

/**
 * LRN: y = x·s^−β with s = bias + (α/size)·Σ_window x². The window sum is a ones-kernel conv
 * along channels; the second term of the gradient needs the adjoint window (pads swapped).
 */
const lrn: BackwardRule = (ctx, dy) => {
  const { node, b } = ctx;
  const x = node.input![0]!;
  const size = attrInt(node, 'size', 1);
  const alpha = attrFloat(node, 'alpha', 1e-4);
  const beta = attrFloat(node, 'beta', 0.75);
  const bias = attrFloat(node, 'bias', 1);
  const channels = staticDims(ctx, x, 1)[0]!;
  const lo = Math.floor((size - 1) / 2);
  const hi = Math.ceil((size - 1) / 2);
  const kernel = b.float(new Array<number>(size).fill(1), [1, 1, size, 1]);
  const shape = ctx.shapeOf(x);
  const asChannels = b.int64([0, 1, channels, -1]);
  const windowSum = (t: string, before: number, after: number) => {
    const summed = b.op('Conv', [b.op('Reshape', [t, asChannels]), kernel], {
      kernel_shape: ints([size, 1]),
      pads: ints([before, 0, after, 0]),
    });
    return b.op('Reshape', [summed, shape]);
  };
  const s = b.op('Add', [
    b.op('Mul', [windowSum(b.op('Mul', [x, x]), lo, hi), b.scalar(alpha / size)]),
    b.scalar(bias),
  ]);
  const sPow = b.op('Pow', [s, b.scalar(-beta)]);
  const g = grad0(dy);
  const direct = b.op('Mul', [g, sPow]);
  const t = b.op('Div', [b.op('Mul', [b.op('Mul', [g, x]), sPow]), s]);
  const cross = b.op('Mul', [b.op('Mul', [x, windowSum(t, hi, lo)]), b.scalar((2 * alpha * beta) / size)]);
  return [b.op('Sub', [direct, cross])];
};

export const NORMALIZATION_RULES: Record<string, BackwardRule> = {
  BatchNormalization: batchNormalization,
  LRN: lrn,
};
