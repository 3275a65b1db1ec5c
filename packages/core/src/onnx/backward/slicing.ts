/**
 * Slice, Tile and CumSum. Slice's gradient puts dy back where it was taken from: a zero Pad when
 * every step is 1 (ShuffleNet's channel split, Swin's roll), else one scatter matrix per sliced
 * axis (axis-matrix.ts) for strided and reversed slices. Tile sums the copies; CumSum's
 * adjoint is the cumulative sum in the other direction.
 */
import { SnowblindError } from '../../errors.js';
import { attrInt, nodeLabel } from '../attributes.js';
import { sliceRange } from '../shape-values.js';
import { alongAxis } from './axis-matrix.js';
import { constantInput, normaliseAxis } from './constants.js';
import { type BackwardContext, type BackwardRule, grad0, rankedDims } from './context.js';

function staticAxis(ctx: BackwardContext, size: number | null | undefined, axis: number): number {
  if (size !== null && size !== undefined) return size;
  throw new SnowblindError(
    'UNSUPPORTED_OP',
    `cannot differentiate ${ctx.node.opType} node ${nodeLabel(ctx.node)}: axis ${axis} has no static size`,
    { hint: 'slices and tiles along the batch axis are not differentiated; export with a fixed batch of 1' },
  );
}

const slice: BackwardRule = (ctx, dy) => {
  const { b, node } = ctx;
  const x = node.input![0]!;
  const dims = rankedDims(ctx, x);
  const rank = dims.length;
  const starts = constantInput(ctx, 1, 'starts') ?? [];
  const ends = constantInput(ctx, 2, 'ends') ?? [];
  const axes = (constantInput(ctx, 3, 'axes') ?? starts.map((_, i) => i)).map((a) => normaliseAxis(a, rank));
  const steps = constantInput(ctx, 4, 'steps') ?? axes.map(() => 1);
  const ranges = axes.map((axis, k) => {
    const size = staticAxis(ctx, dims[axis], axis);
    return { axis, size, range: sliceRange(starts[k]!, ends[k]!, steps[k]!, size) };
  });
  if (steps.every((s) => s === 1)) {
    const pads = new Array<number>(2 * rank).fill(0);
    for (const { axis, size, range } of ranges) {
      pads[axis] = range[0];
      pads[axis + rank] = size - range[0] - range[3];
    }
    return [b.op('Pad', [grad0(dy), b.int64(pads)])];
  }
  let g = grad0(dy);
  for (const { axis, size, range } of ranges) {
    const [first, , step, count] = range;
    const m = new Float64Array(size * count);
    for (let j = 0; j < count; j++) m[(first + j * step) * count + j] = 1;
    g = alongAxis(ctx, g, axis, rank, m, size, count);
  }
  return [g];
};

// y = x repeated rᵢ times along each axis: view dy as [r₀, d₀, r₁, d₁, …] and sum the copies.
const tile: BackwardRule = (ctx, dy) => {
  const { b, node } = ctx;
  const x = node.input![0]!;
  const dims = rankedDims(ctx, x);
  const repeats = constantInput(ctx, 1, 'repeats') ?? [];
  const view: number[] = [];
  const copies: number[] = [];
  dims.forEach((d, axis) => {
    const r = repeats[axis] ?? 1;
    if (r === 1) {
      view.push(d ?? -1);
      return;
    }
    copies.push(view.length);
    view.push(r, staticAxis(ctx, d, axis));
  });
  if (copies.length === 0) return [grad0(dy)];
  const split = b.op('Reshape', [grad0(dy), b.int64(view)]);
  return [b.op('ReduceSum', [split, b.int64(copies)], { keepdims: { int: 0 } })];
};

const cumSum: BackwardRule = (ctx, dy) => {
  const { node } = ctx;
  const reverse = attrInt(node, 'reverse', 0) === 1 ? 0 : 1;
  const exclusive = attrInt(node, 'exclusive', 0);
  return [
    ctx.b.op('CumSum', [grad0(dy), node.input![1]!], {
      reverse: { int: reverse },
      exclusive: { int: exclusive },
    }),
  ];
};

export const SLICING_RULES: Record<string, BackwardRule> = { Slice: slice, Tile: tile, CumSum: cumSum };
