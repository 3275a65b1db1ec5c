/**
 * Conv: the input gradient is a ConvTranspose with the same weights, groups, strides and
 * dilations. Its pads and output_padding are chosen so the result has exactly the input's size
 * (strided convs over odd sizes leave rows no window reached; those get zero gradient).
 *
 * Stride-1 convs (most of a ResNet) instead use the equivalent plain Conv with the kernel
 * flipped and its channel axes swapped: onnxruntime's Conv kernels are 2–3× faster than its
 * ConvTranspose, and the flipped weights are constant-folded once at session creation.
 */
import { attrInt, attrInts } from '../attributes.js';
import { transposePadding, windowGeometry } from '../geometry.js';
import { type GraphBuilder, ints } from '../graph-builder.js';
import { type BackwardRule, grad0, staticDims } from './context.js';
import { polyphaseInputGradient, polyphaseStride } from './conv-polyphase.js';

const conv: BackwardRule = (ctx, dy) => {
  const { node, b } = ctx;
  const [x, w] = node.input!;
  if (ctx.needsGrad(1) || ctx.needsGrad(2)) return [];
  const spatial = staticDims(ctx, x!, 2);
  const kernel = attrInts(node, 'kernel_shape') ?? staticDims(ctx, w!, 2);
  const geometry = windowGeometry(node, spatial, kernel);
  const group = attrInt(node, 'group', 1);
  const rank = spatial.length;
  const span = kernel.map((k, i) => (k - 1) * geometry.dilations[i]!);
  const fits = geometry.pads.every((p, i) => p <= span[i % rank]!);
  if (geometry.strides.every((s) => s === 1) && fits) {
    const flipped = flipKernel(ctx.b, w!, staticDims(ctx, w!), group);
    const pads = geometry.pads.map((p, i) => span[i % rank]! - p);
    return [
      b.op('Conv', [grad0(dy), flipped], {
        group: { int: group },
        kernel_shape: ints(kernel),
        dilations: ints(geometry.dilations),
        pads: ints(pads),
      }),
    ];
  }
  const s = polyphaseStride(geometry, group, process.env.SNOWBLIND_POLYPHASE);
  if (s !== undefined) {
    return [polyphaseInputGradient(b, grad0(dy), w!, staticDims(ctx, w!), spatial, geometry, s)];
  }
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

/**
 * The kernel of the adjoint stride-1 conv: per group, input and output channels swapped, every
 * spatial axis reversed. [M, C/g, k…] → [C, M/g, k…].
 */
function flipKernel(b: GraphBuilder, w: string, dims: number[], group: number): string {
  const [m, cPerGroup, ...kernel] = dims as [number, number, ...number[]];
  const rank = kernel.length;
  const grouped = b.op('Reshape', [w, b.int64([group, m / group, cPerGroup, ...kernel])]);
  const perm = [0, 2, 1, ...kernel.map((_, i) => i + 3)];
  const swapped = b.op('Transpose', [grouped], { perm: ints(perm) });
  const stacked = b.op('Reshape', [swapped, b.int64([group * cPerGroup, m / group, ...kernel])]);
  const axes = kernel.map((_, i) => i + 2);
  const big = 2 ** 62;
  return b.op('Slice', [
    stacked,
    b.int64(new Array<number>(rank).fill(-1)),
    b.int64(new Array<number>(rank).fill(-big)),
    b.int64(axes),
    b.int64(new Array<number>(rank).fill(-1)),
  ]);
}

export const CONV_RULES: Record<string, BackwardRule> = { Conv: conv };
