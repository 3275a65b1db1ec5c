/**
 * Reductions over constant axes (Mean, Max, Min, Sum, Prod with `keep_dims`), on the physical
 * axes of the input's layout: global average pooling of NCHW data needs no transpose.
 */
import type { GraphOpRule } from '../conversion.js';
import { attrBool } from '../graph-def.js';
import { dropAxes, physicalAxis } from '../layout.js';

const reduce =
  (opType: string): GraphOpRule =>
  (ctx, node) => {
    const x = ctx.tensorInput(node, 0);
    const rank = x.shape.length;
    const axes = [...new Set(ctx.knownInts(node, 1).map((a) => (a < 0 ? a + rank : a)))];
    if (axes.length === 0) return x;
    const keep = attrBool(node, 'keep_dims', false);
    const layout = ctx.layoutOf(x);
    const physical = axes.map((a) => physicalAxis(layout, a)).sort((a, b) => a - b);
    const shape = keep
      ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d))
      : x.shape.filter((_, i) => !axes.includes(i));
    const input = ctx.onnx(x, layout);
    // Opset 17: ReduceSum takes its axes as an input, the others as an attribute.
    const op =
      opType === 'ReduceSum'
        ? ctx.b.op(opType, [input, ctx.b.int64(physical)], { keepdims: { int: keep ? 1 : 0 } })
        : ctx.b.op(opType, [input], { axes: { ints: physical }, keepdims: { int: keep ? 1 : 0 } });
    return {
      kind: 'tensor',
      name: op,
      shape,
      layout: keep ? layout : dropAxes(layout, axes),
      views: new Map(),
    };
  };

/** Rules for reductions, by TF op name. */
export const REDUCE_RULES: Readonly<Record<string, GraphOpRule>> = {
  Mean: reduce('ReduceMean'),
  Max: reduce('ReduceMax'),
  Min: reduce('ReduceMin'),
  Sum: reduce('ReduceSum'),
  Prod: reduce('ReduceProd'),
};
