/** Add, Sub, Mul, Div, Sum and Expand: gradients with broadcasting summed back. */
import { reduceFromOutput } from './broadcast.js';
import { type BackwardRule, grad0 } from './context.js';

const add: BackwardRule = (ctx, dy) =>
  ctx.node.input!.map((x, i) => (ctx.needsGrad(i) ? reduceFromOutput(ctx, grad0(dy), x) : undefined));

const sub: BackwardRule = (ctx, dy) => {
  const [a, b] = ctx.node.input!;
  return [
    ctx.needsGrad(0) ? reduceFromOutput(ctx, grad0(dy), a!) : undefined,
    ctx.needsGrad(1) ? reduceFromOutput(ctx, ctx.b.op('Neg', [grad0(dy)]), b!) : undefined,
  ];
};

const mul: BackwardRule = (ctx, dy) => {
  const [a, b] = ctx.node.input!;
  const g = grad0(dy);
  return [
    ctx.needsGrad(0) ? reduceFromOutput(ctx, ctx.b.op('Mul', [g, b!]), a!) : undefined,
    ctx.needsGrad(1) ? reduceFromOutput(ctx, ctx.b.op('Mul', [g, a!]), b!) : undefined,
  ];
};

// d(a/b)/db = −a/b² = −y/b, reusing the forward output.
const div: BackwardRule = (ctx, dy) => {
  const [a, b] = ctx.node.input!;
  const g = grad0(dy);
  const da = ctx.needsGrad(0) || ctx.needsGrad(1) ? ctx.b.op('Div', [g, b!]) : undefined;
  return [
    ctx.needsGrad(0) ? reduceFromOutput(ctx, da!, a!) : undefined,
    ctx.needsGrad(1)
      ? reduceFromOutput(ctx, ctx.b.op('Neg', [ctx.b.op('Mul', [da!, ctx.node.output![0]!])]), b!)
      : undefined,
  ];
};

const expand: BackwardRule = (ctx, dy) => [
  ctx.needsGrad(0) ? reduceFromOutput(ctx, grad0(dy), ctx.node.input![0]!) : undefined,
];

export const ELEMENTWISE_RULES: Record<string, BackwardRule> = {
  Add: add,
  Sum: add,
  Sub: sub,
  Mul: mul,
  Div: div,
  Expand: expand,
};
