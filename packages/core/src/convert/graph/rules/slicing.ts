/**
 * Slice, and StridedSlice with begin, end and shrink-axis masks (no ellipsis or new axes): folded when it
 * slices a shape (Shape → StridedSlice picks the batch for a flatten), else an ONNX Slice on the
 * physical axes and a Squeeze for the shrunk ones.
 */
import { unconverted } from '../../unconverted.js';
import type { GraphConversion, GraphOpRule } from '../conversion.js';
import { attrNumber, describeNode, type TfNode } from '../graph-def.js';
import { type Dim, type GraphValue, shapeOf, tensorValue } from '../graph-value.js';
import { dropAxes, physicalAxis } from '../layout.js';

/** Slice bounds meaning "through the end" in ONNX (clamped to the axis). */
const END = 2 ** 31 - 1;

/** One sliced axis in TF terms. */
interface AxisSlice {
  readonly axis: number;
  readonly begin: number | undefined;
  readonly end: number | undefined;
  readonly stride: number;
  readonly shrink: boolean;
}

function axisSlices(node: TfNode, begin: number[], end: number[], strides: number[]): AxisSlice[] {
  if (attrNumber(node, 'ellipsis_mask', 0) !== 0 || attrNumber(node, 'new_axis_mask', 0) !== 0) {
    throw unconverted(`${describeNode(node)} with an ellipsis or new axes`);
  }
  const beginMask = attrNumber(node, 'begin_mask', 0);
  const endMask = attrNumber(node, 'end_mask', 0);
  const shrinkMask = attrNumber(node, 'shrink_axis_mask', 0);
  return begin.map((b, axis) => {
    const bit = 1 << axis;
    const shrink = (shrinkMask & bit) !== 0;
    return {
      axis,
      begin: beginMask & bit && !shrink ? undefined : b,
      end: endMask & bit || shrink ? undefined : end[axis],
      stride: shrink ? 1 : (strides[axis] ?? 1),
      shrink,
    };
  });
}

/** The indices a slice takes from an axis of `size` (TF clamping rules). */
function indicesOf(s: AxisSlice, size: number): number[] {
  if (s.shrink) {
    const i = s.begin! < 0 ? s.begin! + size : s.begin!;
    return [i];
  }
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  const norm = (v: number) => (v < 0 ? v + size : v);
  const forward = s.stride > 0;
  const first =
    s.begin === undefined
      ? forward
        ? 0
        : size - 1
      : clamp(norm(s.begin), forward ? 0 : -1, forward ? size : size - 1);
  const last =
    s.end === undefined
      ? forward
        ? size
        : -1
      : clamp(norm(s.end), forward ? 0 : -1, forward ? size : size - 1);
  const out: number[] = [];
  for (let i = first; forward ? i < last : i > last; i += s.stride) out.push(i);
  return out;
}

/** Apply `slices` (one per leading TF axis) to `x`: folded for shapes, else Slice + Squeeze. */
function applySlices(ctx: GraphConversion, x: GraphValue, slices: readonly AxisSlice[]): GraphValue {
  const shape = shapeOf(x);
  if (x.kind === 'dims' || (x.kind === 'const' && shape.length === 1)) {
    const values = x.kind === 'dims' ? x.values : Array.from(x.data);
    const taken = indicesOf(slices[0]!, values.length).map((i) => values[i]!);
    return { kind: 'dims', values: taken, scalar: slices[0]!.shrink };
  }
  const layout = ctx.layoutOf(x);
  // Axes taken whole are left out: the batch is, and its size is only known at run time.
  const sliced = slices.filter(
    (s) => s.shrink || (s.begin ?? 0) !== 0 || s.end !== undefined || s.stride !== 1,
  );
  const starts = sliced.map((s) => s.begin ?? (s.stride > 0 ? 0 : END));
  const ends = sliced.map((s) => {
    if (s.shrink) return s.begin === -1 ? END : s.begin! + 1;
    return s.end ?? (s.stride > 0 ? END : -END - 1);
  });
  const outShape = shape.map((d, axis): Dim => {
    const s = slices[axis];
    if (s === undefined) return d;
    return d === null ? null : indicesOf(s, d).length;
  });
  const b = ctx.b;
  const physical = sliced.map((s) => physicalAxis(layout, s.axis));
  let name = ctx.onnx(x, layout);
  if (sliced.length > 0) {
    const steps = b.int64(sliced.map((s) => s.stride));
    name = b.op('Slice', [name, b.int64(starts), b.int64(ends), b.int64(physical), steps]);
  }
  const shrunk = slices.filter((s) => s.shrink).map((s) => s.axis);
  if (shrunk.length === 0) return tensorValue(name, outShape, layout);
  const squeezed = b.op('Squeeze', [
    name,
    b.int64(shrunk.map((a) => physicalAxis(layout, a)).sort((p, q) => p - q)),
  ]);
  return tensorValue(
    squeezed,
    outShape.filter((_, i) => !shrunk.includes(i)),
    dropAxes(layout, shrunk),
  );
}

const stridedSlice: GraphOpRule = (ctx, node) => {
  const slices = axisSlices(node, ctx.knownInts(node, 1), ctx.knownInts(node, 2), ctx.knownInts(node, 3));
  return applySlices(ctx, ctx.input(node, 0), slices);
};

/** TF Slice: `size` −1 runs to the end of the axis. */
const slice: GraphOpRule = (ctx, node) => {
  const sizes = ctx.knownInts(node, 2);
  const slices = ctx.knownInts(node, 1).map((begin, axis) => {
    const size = sizes[axis]!;
    return { axis, begin, end: size === -1 ? undefined : begin + size, stride: 1, shrink: false };
  });
  return applySlices(ctx, ctx.input(node, 0), slices);
};

/** Rules for slicing, by TF op name. */
export const SLICE_RULES: Readonly<Record<string, GraphOpRule>> = {
  StridedSlice: stridedSlice,
  Slice: slice,
};
