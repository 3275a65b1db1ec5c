/**
 * What a backward rule sees: the forward node, the graph builder, shape knowledge, and which of
 * the node's inputs need a gradient. A rule returns one gradient name per input slot
 * (`undefined` for slots that are constant or integral).
 */
import { SnowblindError } from '../../errors.js';
import { nodeLabel } from '../attributes.js';
import type { GraphBuilder } from '../graph-builder.js';
import type { Dim, ValueInfo } from '../shape-inference.js';
import type { OnnxNode } from '../types.js';

export interface BackwardContext {
  readonly node: OnnxNode;
  readonly b: GraphBuilder;
  /** Shape-inference result for a tensor. */
  info(name: string): ValueInfo | undefined;
  /** True when input slot `index` depends on the model input through float values. */
  needsGrad(index: number): boolean;
  /** The tensor's shape as an int64 tensor: a constant when static, else a Shape node. */
  shapeOf(name: string): string;
}

/** Gradient of one node: output gradients in, input gradients out (per slot). */
export type BackwardRule = (
  ctx: BackwardContext,
  dy: readonly (string | undefined)[],
) => (string | undefined)[];

/** A tensor's dims with a known rank, or a clear error naming the node. */
export function rankedDims(ctx: BackwardContext, name: string): Dim[] {
  const dims = ctx.info(name)?.dims;
  if (!dims) throw shapeError(ctx, name, 'its rank');
  return dims;
}

/** A tensor's dims, all known, or a clear error naming the node. */
export function staticDims(ctx: BackwardContext, name: string, from = 0): number[] {
  const dims = rankedDims(ctx, name).slice(from);
  if (dims.some((d) => d === null)) throw shapeError(ctx, name, 'its sizes');
  return dims as number[];
}

/**
 * What fixes an unknown shape: fixed input sizes besides the batch (which is inferred by probing),
 * or, when they are fixed already, a report of the op shape inference does not know.
 */
export const SHAPE_HINT =
  'give every model input dim except the batch a fixed size (torch.onnx.export with dynamic_axes only on dim 0, ' +
  'or `python -m onnxruntime.tools.make_dynamic_shape_fixed --dim_param <name> --dim_value <n> in.onnx out.onnx`); ' +
  "if they are fixed already, the op that computes this tensor is not in snowblind's shape inference: please report it";

function shapeError(ctx: BackwardContext, name: string, what: string): SnowblindError {
  const { node } = ctx;
  return new SnowblindError(
    'UNSUPPORTED_OP',
    `cannot differentiate ${node.opType} node ${nodeLabel(node)}: ${what} of ${name} are not known statically`,
    { hint: SHAPE_HINT },
  );
}

/** The incoming gradient of output 0 (every single-output rule needs it). */
export function grad0(dy: readonly (string | undefined)[]): string {
  return dy[0]!;
}
