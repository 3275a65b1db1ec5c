/**
 * Broadcasting ops of several tensors beyond the four arithmetic ones: Pow, Where, Max, Min,
 * Mean and PRelu. Gradients are summed back over broadcast axes (broadcast.ts). Max/Min split
 * the gradient evenly between tied inputs, as PyTorch's `maximum`/`minimum` backward does.
 */
import { isFloatType } from '../tensor-data.js';
import { reduceFromOutput } from './broadcast.js';
import { type BackwardContext, type BackwardRule, grad0 } from './context.js';

/** The input as the compute float type (Pow exponents may be integers). */
function asFloat(ctx: BackwardContext, name: string): string {
  const dtype = ctx.info(name)?.dtype;
  if (dtype === undefined || isFloatType(dtype)) return name;
  return ctx.b.op('Cast', [name], { to: { int: ctx.b.floatType } });
}

// d(aᵇ)/da = b·aᵇ⁻¹; d(aᵇ)/db = aᵇ·ln a.
const pow: BackwardRule = (ctx, dy) => {
  const { b, node } = ctx;
  const [base, exponent] = node.input!;
  const g = grad0(dy);
  const e = asFloat(ctx, exponent!);
  const out: (string | undefined)[] = [];
  if (ctx.needsGrad(0)) {
    const lower = b.op('Pow', [base!, b.op('Sub', [e, b.scalar(1)])]);
    out[0] = reduceFromOutput(ctx, b.op('Mul', [g, b.op('Mul', [e, lower])]), base!);
  }
  if (ctx.needsGrad(1)) {
    const slope = b.op('Mul', [node.output![0]!, b.op('Log', [base!])]);
    out[1] = reduceFromOutput(ctx, b.op('Mul', [g, slope]), exponent!);
  }
  return out;
};

const where: BackwardRule = (ctx, dy) => {
  const { b, node } = ctx;
  const [condition, a, c] = node.input!;
  const zero = b.scalar(0);
  const g = grad0(dy);
  return [
    undefined,
    ctx.needsGrad(1) ? reduceFromOutput(ctx, b.op('Where', [condition!, g, zero]), a!) : undefined,
    ctx.needsGrad(2) ? reduceFromOutput(ctx, b.op('Where', [condition!, zero, g]), c!) : undefined,
  ];
};

const extremum: BackwardRule = (ctx, dy) => {
  const { b, node } = ctx;
  const inputs = node.input!;
  const y = node.output![0]!;
  if (inputs.length === 1) return [grad0(dy)];
  const masks = inputs.map((x) => b.op('Cast', [b.op('Equal', [x, y])], { to: { int: b.floatType } }));
  const share = b.op('Div', [grad0(dy), b.op('Sum', masks)]);
  return inputs.map((x, i) =>
    ctx.needsGrad(i) ? reduceFromOutput(ctx, b.op('Mul', [share, masks[i]!]), x) : undefined,
  );
};

const mean: BackwardRule = (ctx, dy) => {
  const inputs = ctx.node.input!;
  const share = ctx.b.op('Mul', [grad0(dy), ctx.b.scalar(1 / inputs.length)]);
  return inputs.map((x, i) => (ctx.needsGrad(i) ? reduceFromOutput(ctx, share, x) : undefined));
};

// y = x where x > 0, else slope·x (slope broadcast to x).
const prelu: BackwardRule = (ctx, dy) => {
  const { b, node } = ctx;
  const [x, slope] = node.input!;
  const g = grad0(dy);
  const positive = b.op('Greater', [x!, b.scalar(0)]);
  return [
    ctx.needsGrad(0)
      ? reduceFromOutput(ctx, b.op('Where', [positive, g, b.op('Mul', [g, slope!])]), x!)
      : undefined,
    ctx.needsGrad(1)
      ? reduceFromOutput(ctx, b.op('Where', [positive, b.scalar(0), b.op('Mul', [g, x!])]), slope!)
      : undefined,
  ];
};

export const BINARY_RULES: Record<string, BackwardRule> = {
  Pow: pow,
  Where: where,
  Max: extremum,
  Min: extremum,
  Mean: mean,
  PRelu: prelu,
};
