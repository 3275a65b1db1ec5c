/**
 * Values of constant inputs (initializers, Constant nodes, and integer tensors shape inference
 * could compute), for rules whose gradient depends on them: pads, axes, Resize scales and sizes.
 */
import { SnowblindError } from '../../errors.js';
import { nodeLabel } from '../attributes.js';
import { type BackwardContext, SHAPE_HINT } from './context.js';

/**
 * The values of input slot `index`, `undefined` when the slot is empty, or a clear
 * `UNSUPPORTED_OP` error naming the node and `what` when they are computed at run time.
 */
export function constantInput(ctx: BackwardContext, index: number, what: string): number[] | undefined {
  const name = ctx.node.input?.[index];
  if (!name) return undefined;
  const info = ctx.info(name);
  const values = info?.floats ?? info?.value;
  if (values?.every((v) => v !== null)) return values as number[];
  throw new SnowblindError(
    'UNSUPPORTED_OP',
    `cannot differentiate ${ctx.node.opType} node ${nodeLabel(ctx.node)}: its ${what} (${name}) are computed at run time`,
    { hint: SHAPE_HINT },
  );
}

/** Axis in [0, rank) from a possibly negative ONNX axis. */
export function normaliseAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}
