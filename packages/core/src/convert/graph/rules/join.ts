/**
 * ConcatV2 and Pack: folded when they assemble a shape (Pack(batch, -1) for a flatten), else an
 * ONNX Concat on the physical axis of the operands' shared layout.
 */
import { unconverted } from '../../unconverted.js';
import type { GraphConversion, GraphOpRule } from '../conversion.js';
import { attrNumber, dataInputs, describeNode, type TfNode } from '../graph-def.js';
import { type Dim, type GraphValue, shapeOf, tensorValue } from '../graph-value.js';
import { identity, physicalAxis } from '../layout.js';

/** Integer entries of a shape-like value (a folded shape or a small constant), else undefined. */
function foldable(value: GraphValue): readonly Dim[] | undefined {
  if (value.kind === 'dims') return value.values;
  if (value.kind === 'const' && value.shape.length <= 1) return Array.from(value.data);
  return undefined;
}

/** Concatenate `parts` along TF axis `axis`. */
function concat(ctx: GraphConversion, node: TfNode, parts: readonly GraphValue[], axis: number): GraphValue {
  const folded = parts.map(foldable);
  if (parts.some((p) => p.kind === 'dims') && folded.every((f) => f !== undefined)) {
    return { kind: 'dims', values: folded.flatMap((f) => [...f!]), scalar: false };
  }
  const shapes = parts.map(shapeOf);
  const rank = shapes[0]!.length;
  if (shapes.some((s) => s.length !== rank)) throw unconverted(`${describeNode(node)} of mixed ranks`);
  const a = axis < 0 ? axis + rank : axis;
  const first = parts.find((p) => p.kind === 'tensor');
  const layout = first === undefined ? identity(rank) : ctx.layoutOf(first);
  const sizes = shapes.map((s) => s[a]!);
  const shape = shapes[0]!.map((d, i) =>
    i === a ? (sizes.some((s) => s === null) ? null : sizes.reduce((p, s) => p! + s!, 0)) : d,
  );
  const name = ctx.b.op(
    'Concat',
    parts.map((p) => ctx.onnx(p, layout)),
    { axis: { int: physicalAxis(layout, a) } },
  );
  return tensorValue(name, shape, layout);
}

const concatV2: GraphOpRule = (ctx, node) => {
  const n = dataInputs(node).length - 1;
  const parts = Array.from({ length: n }, (_, k) => ctx.input(node, k));
  const [axis] = ctx.knownInts(node, n);
  return concat(ctx, node, parts, axis!);
};

const pack: GraphOpRule = (ctx, node) => {
  const parts = dataInputs(node).map((_, k) => ctx.input(node, k));
  const axis = attrNumber(node, 'axis', 0);
  const rank = shapeOf(parts[0]!).length;
  const a = axis < 0 ? axis + rank + 1 : axis;
  // Stacking scalars that fold (sizes) gives a folded shape.
  if (rank === 0 && parts.every((p) => foldable(p) !== undefined)) {
    return { kind: 'dims', values: parts.flatMap((p) => [...foldable(p)!]), scalar: false };
  }
  const expanded = parts.map((p) => {
    if (p.kind === 'dims') throw unconverted(`${describeNode(node)} of computed shapes`);
    const shape = [...p.shape.slice(0, a), 1, ...p.shape.slice(a)];
    return tensorValue(ctx.b.op('Unsqueeze', [ctx.onnx(p), ctx.b.int64([a])]), shape, identity(shape.length));
  });
  return concat(ctx, node, expanded, a);
};

/** Rules for joining ops, by TF op name. */
export const JOIN_RULES: Readonly<Record<string, GraphOpRule>> = {
  ConcatV2: concatV2,
  Pack: pack,
};
