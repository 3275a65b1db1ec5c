/**
 * Ops that only move or relabel axes: Reshape (flatten), Squeeze, ExpandDims, Transpose and
 * Shape. Transpose emits nothing: it changes the layout under which the same ONNX tensor is read.
 * Shape folds to sizes known at conversion time, with the batch kept symbolic for Reshape.
 */
import { unconverted } from '../../unconverted.js';
import type { GraphOpRule } from '../conversion.js';
import { attrInts, describeNode, type TfNode } from '../graph-def.js';
import { constValue, type Dim, shapeOf, tensorValue } from '../graph-value.js';
import { dropAxes, identity, physicalAxis, transposeData } from '../layout.js';

/**
 * ONNX Reshape target and resulting TF shape for a TF target whose `null` entries are the batch
 * size (from a folded Shape): the batch is copied from input axis 0 (ONNX's 0) or inferred (-1).
 */
export function reshapeTarget(
  input: readonly Dim[],
  target: readonly Dim[],
  node: TfNode,
): [number[], Dim[]] {
  const onnx = target.map((t, i) => (t !== null ? t : i === 0 && input[0] === null ? 0 : -1));
  if (onnx.filter((t) => t === -1).length > 1) {
    throw unconverted(`${describeNode(node)} to [${target.map((t) => t ?? 'batch').join(', ')}]`);
  }
  const fixed = onnx.filter((t) => t > 0).reduce((p, d) => p * d, 1);
  // Sizes the -1 shares out: all of the input, or all but the batch when the batch is copied.
  const rest = onnx[0] === 0 ? input.slice(1) : input;
  const known = rest.every((d) => d !== null) ? rest.reduce<number>((p, d) => p * d!, 1) : null;
  const shape = onnx.map((t, i): Dim => {
    if (t === 0) return input[i] ?? null;
    if (t !== -1) return t;
    return target[i] === null || known === null ? null : known / fixed;
  });
  return [onnx, shape];
}

const reshape: GraphOpRule = (ctx, node) => {
  const x = ctx.tensorInput(node, 0);
  const [target, shape] = reshapeTarget(x.shape, ctx.ints(node, 1), node);
  return ctx.emit('Reshape', [ctx.onnx(x), ctx.b.int64(target)], {}, shape);
};

const squeeze: GraphOpRule = (ctx, node) => {
  const x = ctx.tensorInput(node, 0);
  const rank = x.shape.length;
  const listed = attrInts(node, 'squeeze_dims', attrInts(node, 'axis', []));
  const axes =
    listed.length > 0
      ? listed.map((a) => (a < 0 ? a + rank : a))
      : identity(rank).filter((a) => x.shape[a] === 1);
  if (axes.some((a) => x.shape[a] !== 1))
    throw unconverted(`${describeNode(node)} of an axis not known to be 1`);
  if (axes.length === 0) return x;
  const layout = ctx.layoutOf(x);
  const physical = axes.map((a) => physicalAxis(layout, a)).sort((a, b) => a - b);
  const name = ctx.b.op('Squeeze', [ctx.onnx(x, layout), ctx.b.int64(physical)]);
  return tensorValue(
    name,
    x.shape.filter((_, i) => !axes.includes(i)),
    dropAxes(layout, axes),
  );
};

const expandDims: GraphOpRule = (ctx, node) => {
  const x = ctx.input(node, 0);
  const rank = shapeOf(x).length;
  const [raw] = ctx.knownInts(node, 1);
  const axis = raw! < 0 ? raw! + rank + 1 : raw!;
  if (x.kind === 'dims' && x.scalar && axis === 0) return { kind: 'dims', values: x.values, scalar: false };
  if (x.kind === 'dims') throw unconverted(`${describeNode(node)} of a computed shape`);
  const shape = [...x.shape.slice(0, axis), 1, ...x.shape.slice(axis)];
  return ctx.emit('Unsqueeze', [ctx.onnx(x), ctx.b.int64([axis])], {}, shape);
};

const transpose: GraphOpRule = (ctx, node) => {
  const x = ctx.tensorInput(node, 0);
  const perm = ctx.knownInts(node, 1);
  if (x.kind === 'const')
    return constValue(
      transposeData(x.data, x.shape, perm),
      perm.map((a) => x.shape[a]!),
    );
  // Same data, read under a new layout: out axis j is in axis perm[j].
  const shape = perm.map((a) => x.shape[a]!);
  return tensorValue(
    x.name,
    shape,
    x.layout.map((a) => perm.indexOf(a)),
  );
};

const shapeRule: GraphOpRule = (ctx, node) => {
  const x = ctx.input(node, 0);
  const dims = shapeOf(x);
  if (dims.slice(1).some((d) => d === null))
    throw unconverted(`${describeNode(node)} of a tensor with unknown sizes`);
  return { kind: 'dims', values: dims, scalar: false };
};

/** Rules for reshaping ops, by TF op name. */
export const RESHAPE_RULES: Readonly<Record<string, GraphOpRule>> = {
  Reshape: reshape,
  Squeeze: squeeze,
  ExpandDims: expandDims,
  Transpose: transpose,
  Shape: shapeRule,
};
