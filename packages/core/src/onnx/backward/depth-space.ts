/**
 * DepthToSpace and SpaceToDepth (pixel_shuffle / pixel_unshuffle) only move values: the gradient
 * moves them back. DCR DepthToSpace and SpaceToDepth are each other's inverse; CRD (what PyTorch's
 * pixel_shuffle exports) is undone by viewing dy as [N, C, H, b, W, b] and transposing the block
 * axes back in front of H and W.
 */
import { attrInt, attrString } from '../attributes.js';
import { type BackwardRule, grad0, staticDims } from './context.js';

const depthToSpace: BackwardRule = (ctx, dy) => {
  const { b, node } = ctx;
  const block = attrInt(node, 'blocksize', 1);
  if (attrString(node, 'mode', 'DCR') === 'DCR') {
    return [b.op('SpaceToDepth', [grad0(dy)], { blocksize: { int: block } })];
  }
  const x = node.input![0]!;
  const [c, h, w] = staticDims(ctx, x, 1) as [number, number, number];
  const channels = c / (block * block);
  const blocks = b.op('Reshape', [grad0(dy), b.int64([-1, channels, h, block, w, block])]);
  const back = b.op('Transpose', [blocks], { perm: { ints: [0, 1, 3, 5, 2, 4] } });
  return [b.op('Reshape', [back, ctx.shapeOf(x)])];
};

const spaceToDepth: BackwardRule = (ctx, dy) => [
  ctx.b.op('DepthToSpace', [grad0(dy)], {
    blocksize: { int: attrInt(ctx.node, 'blocksize', 1) },
    mode: 'DCR',
  }),
];

export const DEPTH_SPACE_RULES: Record<string, BackwardRule> = {
  DepthToSpace: depthToSpace,
  SpaceToDepth: spaceToDepth,
};
