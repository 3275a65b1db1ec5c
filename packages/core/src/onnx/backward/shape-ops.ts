/**
 * Ops that only move values: the gradient moves back the same way (Reshape to the input shape,
 * inverse Transpose, Split for Concat and Concat for Split, a scatter-back matrix for Gather).
 * Pad has its own file (pad.ts).
 */
import { SnowblindError } from '../../errors.js';
import { attrInt, attrInts, nodeLabel } from '../attributes.js';
import { alongAxis } from './axis-matrix.js';
import { normaliseAxis } from './constants.js';
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

// Gather picks slices along one axis; its transpose adds each gradient slice back onto the
// slice it was picked from (repeated indices accumulate). The index dims are flattened into one,
// then a [n × k] matrix scatters them back: built in TS for constant indices, a OneHot of the
// indices for indices computed at run time.
const gather: BackwardRule = (ctx, dy) => {
  const { node, b } = ctx;
  const [x, indices] = node.input!;
  const dims = rankedDims(ctx, x!);
  const rank = dims.length;
  const axis = normaliseAxis(attrInt(node, 'axis', 0), rank);
  const n = dims[axis];
  const indexDims = rankedDims(ctx, indices!);
  if (n === null || n === undefined || indexDims.some((d) => d === null)) {
    throw new SnowblindError(
      'UNSUPPORTED_OP',
      `cannot differentiate Gather node ${nodeLabel(node)}: ${n === null ? `axis ${axis} has no static size` : 'its indices have no static shape'}`,
      { hint: 'gathers along the batch axis are not differentiated; export with a fixed batch of 1' },
    );
  }
  const k = (indexDims as number[]).reduce((a, d) => a * d, 1);
  // One flat index axis of size k in place of the index dims (a scalar index gives size 1).
  const flatDims = [...dims.slice(0, axis), k, ...dims.slice(axis + 1)];
  const g =
    indexDims.length === 1
      ? grad0(dy)
      : b.op('Reshape', [grad0(dy), b.int64(flatDims.map((d, i) => (d === null ? (i === 0 ? 0 : -1) : d)))]);
  const picked = ctx.info(indices!)?.value;
  if (picked?.every((i) => i !== null)) {
    const m = new Float64Array(n * k);
    picked.forEach((i, j) => {
      m[normaliseAxis(i!, n) * k + j]! += 1;
    });
    return [alongAxis(ctx, g, axis, rank, m, n, k)];
  }
  const flat = b.op('Reshape', [indices!, b.int64([k])]);
  const oneHot = b.op('OneHot', [flat, b.int64([n], []), b.float([0, 1])], { axis: { int: -1 } });
  // Move the index axis last, multiply by the [k × n] one-hot, move the axis back.
  const perm = Array.from({ length: rank }, (_, i) => (i === axis ? rank - 1 : i === rank - 1 ? axis : i));
  const moved = axis === rank - 1 ? g : b.op('Transpose', [g], { perm: { ints: perm } });
  const scattered = b.op('MatMul', [moved, oneHot]);
  return [axis === rank - 1 ? scattered : b.op('Transpose', [scattered], { perm: { ints: perm } })];
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
  Gather: gather,
};
