/**
 * Pad, PadV2 (constant) and MirrorPad (REFLECT, SYMMETRIC) with constant paddings, on the physical
 * axes of the input's layout.
 */
import { unconverted } from '../../unconverted.js';
import type { GraphConversion, GraphOpRule } from '../conversion.js';
import { attrNumber, attrString, describeNode, type TfNode } from '../graph-def.js';
import { type Dim, tensorValue } from '../graph-value.js';
import { permute } from '../layout.js';

function pad(ctx: GraphConversion, node: TfNode, mode: string, value: number) {
  const x = ctx.tensorInput(node, 0);
  const rank = x.shape.length;
  const paddings = ctx.knownInts(node, 1);
  if (paddings.length !== 2 * rank) throw unconverted(`${describeNode(node)} with paddings of another rank`);
  const begin = Array.from({ length: rank }, (_, i) => paddings[2 * i]!);
  const end = Array.from({ length: rank }, (_, i) => paddings[2 * i + 1]!);
  const layout = ctx.layoutOf(x);
  const b = ctx.b;
  const pads = b.int64([...permute(begin, layout), ...permute(end, layout)]);
  const inputs =
    mode === 'constant' ? [ctx.onnx(x, layout), pads, b.scalar(value)] : [ctx.onnx(x, layout), pads];
  const shape = x.shape.map((d, i): Dim => (d === null ? null : d + begin[i]! + end[i]!));
  return tensorValue(b.op('Pad', inputs, { mode }), shape, layout);
}

/** Slice bound before index 0 for a backwards ONNX Slice. */
const BEFORE_START = -(2 ** 31);

/**
 * SYMMETRIC mirror padding (the border pixel repeated, which ONNX Pad has no mode for): per padded
 * axis, the first and last pixels reversed by Slice with step −1 and concatenated around the data.
 */
function symmetricPad(ctx: GraphConversion, node: TfNode) {
  const x = ctx.tensorInput(node, 0);
  const paddings = ctx.knownInts(node, 1);
  const layout = ctx.layoutOf(x);
  const b = ctx.b;
  let name = ctx.onnx(x, layout);
  const shape = [...x.shape];
  layout.forEach((axis, p) => {
    const [before, after] = [paddings[2 * axis]!, paddings[2 * axis + 1]!];
    if (before === 0 && after === 0) return;
    const reversed = (start: number, end: number) =>
      b.op('Slice', [name, b.int64([start]), b.int64([end]), b.int64([p]), b.int64([-1])]);
    const parts = [
      ...(before > 0 ? [reversed(before - 1, BEFORE_START)] : []),
      name,
      ...(after > 0 ? [reversed(-1, -after - 1)] : []),
    ];
    name = b.op('Concat', parts, { axis: { int: p } });
    shape[axis] = shape[axis] === null ? null : shape[axis]! + before + after;
  });
  return tensorValue(name, shape, layout);
}

const mirrorPad: GraphOpRule = (ctx, node) => {
  const mode = attrString(node, 'mode', 'REFLECT').toUpperCase();
  if (mode === 'SYMMETRIC') return symmetricPad(ctx, node);
  if (mode !== 'REFLECT') throw unconverted(`${describeNode(node)} with mode ${mode}`);
  return pad(ctx, node, 'reflect', 0);
};

const padV2: GraphOpRule = (ctx, node) => {
  const [value] = ctx.knownInts(node, 2);
  return pad(ctx, node, 'constant', value!);
};

/** Rules for padding, by TF op name. */
export const PAD_RULES: Readonly<Record<string, GraphOpRule>> = {
  Pad: (ctx, node) => pad(ctx, node, 'constant', attrNumber(node, 'constant_value', 0)),
  PadV2: padV2,
  MirrorPad: mirrorPad,
};
