/**
 * Split (equal parts) and SplitV (given sizes, one may be −1) along a constant axis, as one ONNX
 * Split on the physical axis; every part keeps the input's layout.
 */
import { unconverted } from '../../unconverted.js';
import type { GraphConversion, GraphOpRule } from '../conversion.js';
import { attrNumber, describeNode, type TfNode } from '../graph-def.js';
import { type Dim, type TensorValue, tensorValue } from '../graph-value.js';
import { physicalAxis } from '../layout.js';

function split(
  ctx: GraphConversion,
  node: TfNode,
  x: TensorValue,
  axis: number,
  sizes: number[],
): TensorValue[] {
  const rank = x.shape.length;
  const a = axis < 0 ? axis + rank : axis;
  const total = x.shape[a];
  if (total === null || total === undefined)
    throw unconverted(`${describeNode(node)} along an axis of unknown size`);
  const inferred = sizes.indexOf(-1);
  const resolved = sizes.map((s, i) => (i === inferred ? total - sizes.reduce((p, q) => p + q, 0) - 1 : s));
  const layout = ctx.layoutOf(x);
  const outputs = ctx.b.nodeN(
    'Split',
    [ctx.onnx(x, layout), ctx.b.int64(resolved)],
    { axis: { int: physicalAxis(layout, a) } },
    resolved.length,
  );
  return outputs.map((name, i) =>
    tensorValue(
      name,
      x.shape.map((d, j): Dim => (j === a ? resolved[i]! : d)),
      layout,
    ),
  );
}

const equalSplit: GraphOpRule = (ctx, node) => {
  const x = ctx.tensorInput(node, 1);
  if (x.kind !== 'tensor') throw unconverted(`${describeNode(node)} of a constant`);
  const [axis] = ctx.knownInts(node, 0);
  const parts = attrNumber(node, 'num_split', 1);
  const a = axis! < 0 ? axis! + x.shape.length : axis!;
  const total = x.shape[a];
  if (total === null || total === undefined || total % parts !== 0) {
    throw unconverted(`${describeNode(node)} into ${parts} parts of an axis of size ${total ?? 'unknown'}`);
  }
  return split(ctx, node, x, a, new Array<number>(parts).fill(total / parts));
};

const splitV: GraphOpRule = (ctx, node) => {
  const x = ctx.tensorInput(node, 0);
  if (x.kind !== 'tensor') throw unconverted(`${describeNode(node)} of a constant`);
  const [axis] = ctx.knownInts(node, 2);
  return split(ctx, node, x, axis!, ctx.knownInts(node, 1));
};

/** Rules for splits, by TF op name. */
export const SPLIT_RULES: Readonly<Record<string, GraphOpRule>> = {
  Split: equalSplit,
  SplitV: splitV,
};
