/**
 * Merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum and Concatenate. Inputs are
 * brought to one layout first: NCHW when every input is an image and one already is NCHW (a
 * residual block stays in NCHW), Keras order otherwise.
 */
import type { LayerContext, LayerRule } from './layer-context.js';
import { kerasName, nchwName, physicalAxis, type TensorValue } from './tensor-value.js';

function aligned(ctx: LayerContext, inputs: readonly TensorValue[]): TensorValue[] {
  if (inputs.length < 2) throw ctx.unsupported(`${inputs.length} input(s)`);
  const nchw = inputs.some((v) => v.layout === 'nchw') && inputs.every((v) => v.shape.length === 3);
  return inputs.map((v) => ({
    name: nchw ? nchwName(ctx.skeleton, v) : kerasName(ctx.skeleton, v),
    layout: nchw ? 'nchw' : 'keras',
    shape: v.shape,
  }));
}

/** Elementwise merge: a variadic op (Sum/Max/Min/Mean) or a chain of a binary one (Mul/Sub). */
function elementwise(opType: string, variadic: boolean): LayerRule {
  return (ctx, inputs) => {
    const xs = aligned(ctx, inputs);
    if (opType === 'Sub' && xs.length !== 2) throw ctx.unsupported(`${xs.length} inputs (Subtract takes 2)`);
    const names = xs.map((v) => v.name);
    const y = variadic
      ? ctx.op(opType, names)
      : names.slice(1).reduce((acc, n) => ctx.op(opType, [acc, n]), names[0]!);
    return { name: y, layout: xs[0]!.layout, shape: broadcastShape(xs.map((v) => v.shape)) };
  };
}

/**
 * Keras' broadcast of same-rank shapes (a squeeze-and-excitation `[1, 1, C]` times `[H, W, C]`
 * is `[H, W, C]`): per axis the size that is not 1.
 */
function broadcastShape(shapes: readonly (readonly (number | null)[])[]): (number | null)[] {
  return shapes[0]!.map((_, axis) => {
    const sizes = shapes.map((s) => s[axis] ?? null);
    return sizes.find((d) => d !== 1) === undefined ? 1 : (sizes.find((d) => d !== 1 && d !== null) ?? null);
  });
}

const concatenate: LayerRule = (ctx, inputs) => {
  const xs = aligned(ctx, inputs);
  const axis = ctx.num('axis', -1);
  const p = physicalAxis(xs[0]!, axis);
  if (p === undefined || p === 0) throw ctx.unsupported(`axis ${axis}`);
  const k = (axis < 0 ? axis + xs[0]!.shape.length + 1 : axis) - 1;
  const sizes = xs.map((v) => v.shape[k] ?? null);
  const shape = [...xs[0]!.shape];
  shape[k] = sizes.some((s) => s === null) ? null : (sizes as number[]).reduce((a, b) => a + b, 0);
  return {
    name: ctx.op(
      'Concat',
      xs.map((v) => v.name),
      { axis: { int: p } },
    ),
    layout: xs[0]!.layout,
    shape,
  };
};

/** Rules of the merge family by Keras class name. */
export const MERGE_LAYERS: Readonly<Record<string, LayerRule>> = {
  // A chain of binary Adds: what onnxruntime fuses into the conv before it.
  Add: elementwise('Add', false),
  Subtract: elementwise('Sub', false),
  Multiply: elementwise('Mul', false),
  Average: elementwise('Mean', true),
  Maximum: elementwise('Max', true),
  Minimum: elementwise('Min', true),
  Concatenate: concatenate,
};
