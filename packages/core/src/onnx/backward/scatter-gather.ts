/**
 * Index-driven gathers and scatters: GatherElements (torch.gather), GatherND, TopK's values
 * (torch.topk), and ScatterND / ScatterElements writing input-dependent values. Each gathered
 * element's gradient is added back where it came from with a ScatterElements / ScatterND
 * `reduction = 'add'` (opset 16) into zeros; a scatter's overwritten data elements get no gradient
 * and its updates get the gradient gathered from where they were written (unique indices, as
 * ONNX requires for `reduction = 'none'`).
 */
import { SnowblindError } from '../../errors.js';
import { attrInt, attrString, nodeLabel } from '../attributes.js';
import type { AttrValue } from '../graph-builder.js';
import { type BackwardContext, type BackwardRule, grad0 } from './context.js';

function zerosLike(ctx: BackwardContext, name: string): string {
  return ctx.b.filled(ctx.shapeOf(name), 0);
}

function refuse(ctx: BackwardContext, why: string): SnowblindError {
  return new SnowblindError(
    'UNSUPPORTED_OP',
    `cannot differentiate ${ctx.node.opType} node ${nodeLabel(ctx.node)}: ${why}`,
    { hint: 're-export the model without this indexing op on the path from the input to the output' },
  );
}

/** dx = scatter-add of dy at `indices` along `axis` into zeros shaped like `x`. */
function scatterAddElements(
  ctx: BackwardContext,
  x: string,
  indices: string,
  g: string,
  axis: number,
): string {
  return ctx.b.op('ScatterElements', [zerosLike(ctx, x), indices, g], {
    axis: { int: axis },
    reduction: 'add',
  });
}

const gatherElements: BackwardRule = (ctx, dy) => {
  const [x, indices] = ctx.node.input!;
  return [scatterAddElements(ctx, x!, indices!, grad0(dy), attrInt(ctx.node, 'axis', 0))];
};

const topK: BackwardRule = (ctx, dy) => {
  const x = ctx.node.input![0]!;
  const g = dy[0];
  if (!g) return [];
  return [scatterAddElements(ctx, x, ctx.node.output![1]!, g, attrInt(ctx.node, 'axis', -1))];
};

const gatherND: BackwardRule = (ctx, dy) => {
  const [x, indices] = ctx.node.input!;
  if (attrInt(ctx.node, 'batch_dims', 0) !== 0) throw refuse(ctx, 'batch_dims other than 0');
  return [ctx.b.op('ScatterND', [zerosLike(ctx, x!), indices!, grad0(dy)], { reduction: 'add' })];
};

function scatter(gather: 'GatherND' | 'GatherElements'): BackwardRule {
  return (ctx, dy) => {
    const { b, node } = ctx;
    const [, indices, updates] = node.input!;
    if (attrString(node, 'reduction', 'none') !== 'none') throw refuse(ctx, 'a reduction other than none');
    const g = grad0(dy);
    const axis: Record<string, AttrValue> =
      gather === 'GatherElements' ? { axis: { int: attrInt(node, 'axis', 0) } } : {};
    return [
      ctx.needsGrad(0) ? b.op(node.opType, [g, indices!, zerosLike(ctx, updates!)], axis) : undefined,
      undefined,
      ctx.needsGrad(2) ? b.op(gather, [g, indices!], axis) : undefined,
    ];
  };
}

export const SCATTER_GATHER_RULES: Record<string, BackwardRule> = {
  GatherElements: gatherElements,
  GatherND: gatherND,
  TopK: topK,
  ScatterND: scatter('GatherND'),
  ScatterElements: scatter('GatherElements'),
};
