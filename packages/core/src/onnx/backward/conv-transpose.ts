/**
 * ConvTranspose: its input gradient is the Conv it is the transpose of, with the same weights
 * ([C_in, C_out/g, k…] is a Conv kernel from C_out to C_in channels), strides, pads, dilations
 * and groups. output_padding only adds trailing rows no input element reached, which that Conv
 * never reads.
 */
import { SnowblindError } from '../../errors.js';
import { attrInt, attrInts, attrString, nodeLabel } from '../attributes.js';
import { ints } from '../graph-builder.js';
import { type BackwardRule, grad0, staticDims } from './context.js';

const convTranspose: BackwardRule = (ctx, dy) => {
  const { node, b } = ctx;
  const w = node.input![1]!;
  const explicit = attrString(node, 'auto_pad', 'NOTSET') === 'NOTSET' && !attrInts(node, 'output_shape');
  if (ctx.needsGrad(1) || ctx.needsGrad(2) || !explicit) {
    throw new SnowblindError(
      'UNSUPPORTED_OP',
      `cannot differentiate ConvTranspose node ${nodeLabel(node)}: ${explicit ? 'its weights depend on the input' : 'auto_pad or output_shape (only explicit pads are supported)'}`,
      { hint: 're-export the model with explicit pads (torch.onnx.export writes them)' },
    );
  }
  const kernel = attrInts(node, 'kernel_shape') ?? staticDims(ctx, w, 2);
  const rank = kernel.length;
  return [
    b.op('Conv', [grad0(dy), w], {
      group: { int: attrInt(node, 'group', 1) },
      kernel_shape: ints(kernel),
      strides: ints(attrInts(node, 'strides') ?? new Array<number>(rank).fill(1)),
      dilations: ints(attrInts(node, 'dilations') ?? new Array<number>(rank).fill(1)),
      pads: ints(attrInts(node, 'pads') ?? new Array<number>(2 * rank).fill(0)),
    }),
  ];
};

export const CONV_TRANSPOSE_RULES: Record<string, BackwardRule> = { ConvTranspose: convTranspose };
