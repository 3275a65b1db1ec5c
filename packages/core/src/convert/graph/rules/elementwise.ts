/**
 * Elementwise ops: TF's broadcasting binary ops (and BiasAdd) and one-input math, computed in
 * whatever layout their operands already have, so NCHW runs between convolutions stay NCHW.
 */
import { unconverted } from '../../unconverted.js';
import type { GraphConversion, GraphOpRule } from '../conversion.js';
import { attrString, dataInputs, describeNode, type TfNode } from '../graph-def.js';
import { type ConstValue, type Dim, type GraphValue, shapeOf, type TensorValue } from '../graph-value.js';
import { identity } from '../layout.js';

/** TF broadcast of two shapes (`null` stays unknown unless the other side fixes it). */
export function broadcastShape(a: readonly Dim[], b: readonly Dim[], node: TfNode): Dim[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    // Missing leading axes are 1 (not `?? 1`: a null size is unknown, not absent).
    const x = i < rank - a.length ? 1 : a[a.length - rank + i]!;
    const y = i < rank - b.length ? 1 : b[b.length - rank + i]!;
    if (x === 1) return y;
    if (y === 1 || x === y) return x;
    if (x === null) return y;
    if (y === null) return x;
    throw unconverted(`${describeNode(node)} with shapes that do not broadcast`);
  });
}

/** The layout of the operand that sets it: the first full-rank tensor, else TF order. */
function sharedLayout(operands: readonly GraphValue[], rank: number): readonly number[] {
  for (const v of operands) if (v.kind === 'tensor' && v.shape.length === rank) return v.layout;
  return identity(rank);
}

/** Apply an n-ary broadcasting ONNX op to `operands`, in their shared layout. */
export function broadcastOp(
  ctx: GraphConversion,
  node: TfNode,
  opType: string,
  operands: readonly GraphValue[],
): TensorValue {
  const shape = operands.map(shapeOf).reduce((a, b) => broadcastShape(a, b, node));
  const layout = sharedLayout(operands, shape.length);
  const names = operands.map((v) => ctx.onnxBroadcast(v, shape.length, layout));
  return ctx.emit(opType, names, {}, shape, layout);
}

/** A one-input ONNX op that keeps the layout. */
export function unaryOp(
  ctx: GraphConversion,
  value: GraphValue,
  opType: string,
  attrs: Record<string, number> = {},
): TensorValue {
  const layout = ctx.layoutOf(value);
  return ctx.emit(opType, [ctx.onnx(value, layout)], attrs, shapeOf(value), layout);
}

const binary =
  (opType: string): GraphOpRule =>
  (ctx, node) =>
    broadcastOp(ctx, node, opType, [ctx.tensorInput(node, 0), ctx.tensorInput(node, 1)]);

const unary =
  (opType: string): GraphOpRule =>
  (ctx, node) =>
    unaryOp(ctx, ctx.tensorInput(node, 0), opType);

/** TF's clipByValue: ONNX Clip with scalar bounds, layout kept. */
export function clip(ctx: GraphConversion, x: TensorValue | ConstValue, lo: number, hi: number): TensorValue {
  const layout = ctx.layoutOf(x);
  const inputs = [ctx.onnx(x, layout), ctx.b.scalar(lo), ctx.b.scalar(hi)];
  return ctx.emit('Clip', inputs, {}, x.shape, layout);
}

const clipByValue: GraphOpRule = (ctx, node) => {
  const [lo] = ctx.knownInts(node, 1);
  const [hi] = ctx.knownInts(node, 2);
  return clip(ctx, ctx.tensorInput(node, 0), lo!, hi!);
};

/** Casts to float are no-ops here: every converted tensor is float32 already. */
const cast: GraphOpRule = (ctx, node) => {
  const to = node.attr?.DstT?.type;
  if (to !== 'DT_FLOAT') throw unconverted(`${describeNode(node)} to ${to ?? 'an unknown type'}`);
  return ctx.input(node, 0);
};

const biasAdd: GraphOpRule = (ctx, node) => {
  if (attrString(node, 'data_format', 'NHWC').toUpperCase() !== 'NHWC') {
    throw unconverted(`${describeNode(node)} with data_format other than NHWC`);
  }
  return broadcastOp(ctx, node, 'Add', [ctx.tensorInput(node, 0), ctx.tensorInput(node, 1)]);
};

const rsqrt: GraphOpRule = (ctx, node) =>
  unaryOp(ctx, unaryOp(ctx, ctx.tensorInput(node, 0), 'Sqrt'), 'Reciprocal');

const square: GraphOpRule = (ctx, node) => {
  const x = ctx.tensorInput(node, 0);
  return broadcastOp(ctx, node, 'Mul', [x, x]);
};

const squaredDifference: GraphOpRule = (ctx, node) => {
  const d = broadcastOp(ctx, node, 'Sub', [ctx.tensorInput(node, 0), ctx.tensorInput(node, 1)]);
  return broadcastOp(ctx, node, 'Mul', [d, d]);
};

const addN: GraphOpRule = (ctx, node) =>
  broadcastOp(
    ctx,
    node,
    'Sum',
    dataInputs(node).map((_, k) => ctx.tensorInput(node, k)),
  );

/** Rules for elementwise ops, by TF op name. */
export const ELEMENTWISE_RULES: Readonly<Record<string, GraphOpRule>> = {
  Add: binary('Add'),
  AddV2: binary('Add'),
  AddN: addN,
  BiasAdd: biasAdd,
  Sub: binary('Sub'),
  Mul: binary('Mul'),
  RealDiv: binary('Div'),
  Maximum: binary('Max'),
  Minimum: binary('Min'),
  SquaredDifference: squaredDifference,
  Pow: binary('Pow'),
  ClipByValue: clipByValue,
  Cast: cast,
  Neg: unary('Neg'),
  Reciprocal: unary('Reciprocal'),
  Erf: unary('Erf'),
  Abs: unary('Abs'),
  Exp: unary('Exp'),
  Log: unary('Log'),
  Sqrt: unary('Sqrt'),
  Rsqrt: rsqrt,
  Square: square,
  Identity: (ctx, node) => ctx.input(node, 0),
  StopGradient: (ctx, node) => ctx.input(node, 0),
  Snapshot: (ctx, node) => ctx.input(node, 0),
  PlaceholderWithDefault: (ctx, node) => ctx.input(node, 0),
};
