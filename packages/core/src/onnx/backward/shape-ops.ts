/**
 * Ops that only move values: the gradient moves back the same way (Reshape to the input shape,
 * inverse Transpose, Split for Concat and Concat for Split, negative Pad for Pad).
 */
import { SnowblindError } from '../../errors.js';
import { attrInt, attrInts, attrString, nodeLabel } from '../attributes.js';
import { type BackwardRule, grad0, rankedDims, staticDims } from './context.js';

const reshapeBack: BackwardRule = (ctx, dy) => [
  ctx.b.op('Reshape', [grad0(dy), ctx.shapeOf(ctx.node.input![0]!)]),
];

const identity: BackwardRule = (_ctx, dy) => [grad0(dy)];

const cast: BackwardRule = (ctx, dy) => {
  const dtype = ctx.info(ctx.node.input![0]!)?.dtype ?? ctx.b.floatType;
  return [ctx.b.op('Cast', [grad0(dy)], { to: { int: dtype } })];
};

const transpose: BackwardRule = (ctx, dy) => {
  const rank = rankedDims(ctx, ctx.node.input![0]!).length;
  const perm = attrInts(ctx.node, 'perm') ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
  const inverse = new Array<number>(rank);
  perm.forEach((p, i) => {
    inverse[p] = i;
  });
  return [ctx.b.op('Transpose', [grad0(dy)], { perm: { ints: inverse } })];
};

const concat: BackwardRule = (ctx, dy) => {
  const { node, b } = ctx;
  const inputs = node.input!;
  const rank = rankedDims(ctx, inputs[0]!).length;
  let axis = attrInt(node, 'axis', 0);
  if (axis < 0) axis += rank;
  const sizes = inputs.map((x) => staticDims(ctx, x, axis)[0]!);
  const parts = b.nodeN('Split', [grad0(dy), b.int64(sizes)], { axis: { int: axis } }, inputs.length);
  return parts.map((p, i) => (ctx.needsGrad(i) ? p : undefined));
};

const split: BackwardRule = (ctx, dy) => {
  const { node, b } = ctx;
  const x = node.input![0]!;
  let axis = attrInt(node, 'axis', 0);
  if (axis < 0) axis += rankedDims(ctx, x).length;
  const parts = node.output!.map((y, i) => dy[i] ?? b.filled(ctx.shapeOf(y), 0));
  return [b.op('Concat', parts, { axis: { int: axis } })];
};

const pad: BackwardRule = (ctx, dy) => {
  const { node, b } = ctx;
  const [, pads, , axes] = node.input!;
  if (attrString(node, 'mode', 'constant') !== 'constant') {
    throw new SnowblindError(
      'UNSUPPORTED_OP',
      `Pad node ${nodeLabel(node)} uses mode ${attrString(node, 'mode', '')}`,
      {
        hint: 'only constant padding is differentiated; use zero padding in the model',
      },
    );
  }
  const known = ctx.info(pads!)?.value;
  const negative = known?.every((v) => v !== null) ? b.int64(known.map((v) => -v!)) : b.op('Neg', [pads!]);
  // A negative pad crops: the gradient of padding is cropping the padded border away.
  return [b.op('Pad', axes ? [grad0(dy), negative, '', axes] : [grad0(dy), negative], { mode: 'constant' })];
};

export const SHAPE_RULES: Record<string, BackwardRule> = {
  Flatten: reshapeBack,
  Reshape: reshapeBack,
  Squeeze: reshapeBack,
  Unsqueeze: reshapeBack,
  Identity: identity,
  Dropout: identity,
  Cast: cast,
  Transpose: transpose,
  Concat: concat,
  Split: split,
  Pad: pad,
};
