/**
 * Conv: the input gradient is a ConvTranspose with the same weights, groups, strides and
 * dilations. Its pads and output_padding are chosen so the result has exactly the input's size
 * (strided convs over odd sizes leave rows no window reached; those get zero gradient).
 */
import { attrInt, attrInts } from '../attributes.js';
import { transposePadding, windowGeometry } from '../geometry.js';
import { ints } from '../graph-builder.js';
import { type BackwardRule, grad0, staticDims } from './context.js';

const conv: BackwardRule = (ctx, dy) => {
  const { node, b } = ctx;
  const [x, w] = node.input!;
  if (ctx.needsGrad(1) || ctx.needsGrad(2)) return [];
  const spatial = staticDims(ctx, x!, 2);
  const kernel = attrInts(node, 'kernel_shape') ?? staticDims(ctx, w!, 2);
  const geometry = windowGeometry(node, spatial, kernel);
  const { pads, outputPadding } = transposePadding(geometry, spatial);
  const dx = b.op('ConvTranspose', [grad0(dy), w!], {
    group: { int: attrInt(node, 'group', 1) },
    kernel_shape: ints(kernel),
    strides: ints(geometry.strides),
    dilations: ints(geometry.dilations),
    pads: ints(pads),
    output_padding: ints(outputPadding),
  });
  return [dx];
};

export const CONV_RULES: Record<string, BackwardRule> = { Conv: conv };
