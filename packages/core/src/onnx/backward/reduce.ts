/**
 * Reductions. ReduceSum spreads the output gradient over the reduced axes; ReduceMean also
 * divides by the number of reduced elements. ReduceMax/ReduceMin share the gradient evenly
 * between tied extrema, as PyTorch's `amax`/`amin` (and the full `max()`/`min()`) do.
 * GlobalMaxPool sends each channel's gradient to its first maximum in row-major order, as
 * PyTorch's `adaptive_max_pool2d(x, 1)` (which exports as GlobalMaxPool) does.
 *
 * Axes come from the `axes` attribute (before opset 18, and ReduceSum before 13) or the second
 * input; no axes reduce everything, unless `noop_with_empty_axes` makes the node an identity.
 */
import { attrInt, attrInts } from '../attributes.js';
import { constantInput, normaliseAxis } from './constants.js';
import { type BackwardContext, type BackwardRule, grad0, rankedDims } from './context.js';

/** The reduced axes (sorted, non-negative), or `undefined` when the node is an identity. */
function reducedAxes(ctx: BackwardContext, rank: number): number[] | undefined {
  const { node } = ctx;
  const listed = attrInts(node, 'axes') ?? constantInput(ctx, 1, 'axes');
  if (!listed?.length) {
    if (attrInt(node, 'noop_with_empty_axes', 0) === 1) return undefined;
    return Array.from({ length: rank }, (_, i) => i);
  }
  return [...new Set(listed.map((a) => normaliseAxis(a, rank)))].sort((a, b) => a - b);
}

/** `t` (shaped like the node's output) with the reduced axes back as size-1 axes. */
function keptDims(ctx: BackwardContext, t: string, axes: number[]): string {
  if (attrInt(ctx.node, 'keepdims', 1) === 1) return t;
  return ctx.b.op('Unsqueeze', [t, ctx.b.int64(axes)]);
}

/** Number of reduced elements: a constant when the reduced sizes are static. */
function reducedCount(ctx: BackwardContext, x: string, axes: number[]): string {
  const { b } = ctx;
  const dims = rankedDims(ctx, x);
  const sizes = axes.map((a) => dims[a]);
  if (sizes.every((d) => d !== null && d !== undefined)) {
    return b.scalar((sizes as number[]).reduce((p, d) => p * d, 1));
  }
  const count = b.op('Div', [b.op('Size', [x]), b.op('Size', [ctx.node.output![0]!])]);
  return b.op('Cast', [count], { to: { int: b.floatType } });
}

function sumLike(mean: boolean): BackwardRule {
  return (ctx, dy) => {
    const x = ctx.node.input![0]!;
    const axes = reducedAxes(ctx, rankedDims(ctx, x).length);
    if (!axes) return [grad0(dy)];
    let g = keptDims(ctx, grad0(dy), axes);
    if (mean) g = ctx.b.op('Div', [g, reducedCount(ctx, x, axes)]);
    return [ctx.b.op('Expand', [g, ctx.shapeOf(x)])];
  };
}

const extremum: BackwardRule = (ctx, dy) => {
  const { b, node } = ctx;
  const x = node.input![0]!;
  const axes = reducedAxes(ctx, rankedDims(ctx, x).length);
  if (!axes) return [grad0(dy)];
  const y = keptDims(ctx, node.output![0]!, axes);
  const mask = b.op('Cast', [b.op('Equal', [x, y])], { to: { int: b.floatType } });
  const ties = b.op('ReduceSum', [mask, b.int64(axes)], { keepdims: { int: 1 } });
  return [b.op('Mul', [mask, b.op('Div', [keptDims(ctx, grad0(dy), axes), ties])])];
};

/**
 * Smooth reductions y = R(x) whose gradient is dy (broadcast back) times a slope built from x and
 * y (y with the reduced axes kept): ReduceL2, ReduceL1, ReduceSumSquare, ReduceLogSum,
 * ReduceLogSumExp, ReduceProd.
 */
function smooth(slope: (ctx: BackwardContext, x: string, y: string) => string): BackwardRule {
  return (ctx, dy) => {
    const x = ctx.node.input![0]!;
    const axes = reducedAxes(ctx, rankedDims(ctx, x).length);
    if (!axes) return [grad0(dy)];
    const y = keptDims(ctx, ctx.node.output![0]!, axes);
    return [ctx.b.op('Mul', [keptDims(ctx, grad0(dy), axes), slope(ctx, x, y)])];
  };
}

// ArgMax picks the first maximum (select_last_index = 0), matching PyTorch's max-pool kernels,
// which only move to a later element when it is strictly greater.
const globalMaxPool: BackwardRule = (ctx, dy) => {
  const { b } = ctx;
  const x = ctx.node.input![0]!;
  const rows = b.op('Reshape', [x, b.int64([0, 0, -1])]);
  const first = b.op('ArgMax', [rows], {
    axis: { int: 2 },
    keepdims: { int: 1 },
    select_last_index: { int: 0 },
  });
  const g = b.op('Reshape', [grad0(dy), b.int64([0, 0, 1])]);
  const zeros = b.filled(b.op('Shape', [rows]), 0);
  const scattered = b.op('ScatterElements', [zeros, first, g], { axis: { int: 2 } });
  return [b.op('Reshape', [scattered, ctx.shapeOf(x)])];
};

export const REDUCE_RULES: Record<string, BackwardRule> = {
  ReduceSum: sumLike(false),
  ReduceMean: sumLike(true),
  ReduceMax: extremum,
  ReduceMin: extremum,
  GlobalMaxPool: globalMaxPool,
  // x/‖x‖ (PyTorch's norm backward, which is also 0/0 at x = 0).
  ReduceL2: smooth((ctx, x, y) => ctx.b.op('Div', [x, y])),
  ReduceL1: smooth((ctx, x) => ctx.b.op('Sign', [x])),
  ReduceSumSquare: smooth((ctx, x) => ctx.b.op('Mul', [x, ctx.b.scalar(2)])),
  // y = log Σx: slope 1/Σx = e^−y.
  ReduceLogSum: smooth((ctx, _x, y) => ctx.b.op('Exp', [ctx.b.op('Neg', [y])])),
  // softmax of x over the reduced axes.
  ReduceLogSumExp: smooth((ctx, x, y) => ctx.b.op('Exp', [ctx.b.op('Sub', [x, y])])),
  // ∏x / x (exact away from zeros, which random float inputs never hit).
  ReduceProd: smooth((ctx, x, y) => ctx.b.op('Div', [y, x])),
};
