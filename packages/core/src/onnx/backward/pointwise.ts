/**
 * Smooth pointwise functions of one tensor (Exp, Log, Sqrt, Erf, Gelu, Softplus, …): the
 * gradient is dy times the derivative, written from the forward output where that is cheaper.
 * Floor, Ceil, Round and Sign are flat almost everywhere: their gradient is zero, as PyTorch's.
 */
import { attrFloat, attrString } from '../attributes.js';
import { type BackwardContext, type BackwardRule, grad0 } from './context.js';

/** A rule `dx = dy · slope(ctx, x, y)`. */
function pointwise(slope: (ctx: BackwardContext, x: string, y: string) => string): BackwardRule {
  return (ctx, dy) => [ctx.b.op('Mul', [grad0(dy), slope(ctx, ctx.node.input![0]!, ctx.node.output![0]!)])];
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** 2/√π · exp(−x²), the derivative of erf. */
function erfSlope(ctx: BackwardContext, x: string): string {
  const { b } = ctx;
  const gauss = b.op('Exp', [b.op('Neg', [b.op('Mul', [x, x])])]);
  return b.op('Mul', [gauss, b.scalar(2 / Math.sqrt(Math.PI))]);
}

function sigmoidOf(ctx: BackwardContext, x: string): string {
  return ctx.b.op('Sigmoid', [x]);
}

/**
 * Gelu (opset 20). `none`: Φ(x) + x·φ(x); `tanh`: with u = √(2/π)(x + 0.044715x³) and t = tanh u,
 * ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²), as PyTorch's gelu_backward.
 */
function geluSlope(ctx: BackwardContext, x: string): string {
  const { b } = ctx;
  const half = b.scalar(0.5);
  const one = b.scalar(1);
  if (attrString(ctx.node, 'approximate', 'none') === 'tanh') {
    const x2 = b.op('Mul', [x, x]);
    const inner = b.op('Add', [one, b.op('Mul', [x2, b.scalar(0.044715)])]);
    const t = b.op('Tanh', [b.op('Mul', [b.op('Mul', [x, inner]), b.scalar(SQRT_2_OVER_PI)])]);
    const du = b.op('Mul', [
      b.op('Add', [one, b.op('Mul', [x2, b.scalar(3 * 0.044715)])]),
      b.scalar(SQRT_2_OVER_PI),
    ]);
    const sech2 = b.op('Sub', [one, b.op('Mul', [t, t])]);
    const left = b.op('Mul', [half, b.op('Add', [one, t])]);
    return b.op('Add', [left, b.op('Mul', [b.op('Mul', [half, x]), b.op('Mul', [sech2, du])])]);
  }
  const cdf = b.op('Mul', [
    half,
    b.op('Add', [one, b.op('Erf', [b.op('Mul', [x, b.scalar(Math.SQRT1_2)])])]),
  ]);
  const pdf = b.op('Mul', [
    b.op('Exp', [b.op('Mul', [b.op('Mul', [x, x]), b.scalar(-0.5)])]),
    b.scalar(1 / Math.sqrt(2 * Math.PI)),
  ]);
  return b.op('Add', [cdf, b.op('Mul', [x, pdf])]);
}

/** x > 0 ? 1 : negative(…) for the exponential-linear family. */
function aboveZero(ctx: BackwardContext, x: string, positive: string, negative: string): string {
  return ctx.b.op('Where', [ctx.b.op('Greater', [x, ctx.b.scalar(0)]), positive, negative]);
}

const zero: BackwardRule = (ctx, dy) => [ctx.b.op('Mul', [grad0(dy), ctx.b.scalar(0)])];

export const POINTWISE_RULES: Record<string, BackwardRule> = {
  Neg: (ctx, dy) => [ctx.b.op('Neg', [grad0(dy)])],
  Exp: pointwise((_ctx, _x, y) => y),
  Log: (ctx, dy) => [ctx.b.op('Div', [grad0(dy), ctx.node.input![0]!])],
  // d√x = 1/(2√x) = 0.5/y.
  Sqrt: (ctx, dy) => [
    ctx.b.op('Div', [ctx.b.op('Mul', [grad0(dy), ctx.b.scalar(0.5)]), ctx.node.output![0]!]),
  ],
  // d(1/x) = −1/x² = −y².
  Reciprocal: pointwise((ctx, _x, y) => ctx.b.op('Neg', [ctx.b.op('Mul', [y, y])])),
  Abs: pointwise((ctx, x) => ctx.b.op('Sign', [x])),
  Erf: pointwise(erfSlope),
  Gelu: pointwise(geluSlope),
  Sin: pointwise((ctx, x) => ctx.b.op('Cos', [x])),
  Cos: pointwise((ctx, x) => ctx.b.op('Neg', [ctx.b.op('Sin', [x])])),
  Softplus: pointwise(sigmoidOf),
  // x/(1+|x|): slope 1/(1+|x|)².
  Softsign: pointwise((ctx, x) => {
    const d = ctx.b.op('Add', [ctx.b.scalar(1), ctx.b.op('Abs', [x])]);
    return ctx.b.op('Reciprocal', [ctx.b.op('Mul', [d, d])]);
  }),
  // x·tanh(softplus(x)): tanh(sp) + x·σ(x)·(1 − tanh²(sp)).
  Mish: pointwise((ctx, x) => {
    const { b } = ctx;
    const t = b.op('Tanh', [b.op('Softplus', [x])]);
    const sech2 = b.op('Sub', [b.scalar(1), b.op('Mul', [t, t])]);
    return b.op('Add', [t, b.op('Mul', [b.op('Mul', [x, sigmoidOf(ctx, x)]), sech2])]);
  }),
  // Below 0, y = α(eˣ − 1) so the slope eˣ is y + α.
  Elu: pointwise((ctx, x, y) => {
    const alpha = attrFloat(ctx.node, 'alpha', 1);
    return aboveZero(ctx, x, ctx.b.scalar(1), ctx.b.op('Add', [y, ctx.b.scalar(alpha)]));
  }),
  Selu: pointwise((ctx, x, y) => {
    const alpha = attrFloat(ctx.node, 'alpha', 1.6732632423543772);
    const gamma = attrFloat(ctx.node, 'gamma', 1.0507009873554805);
    return aboveZero(ctx, x, ctx.b.scalar(gamma), ctx.b.op('Add', [y, ctx.b.scalar(alpha * gamma)]));
  }),
  // Below 0, y = α(e^(x/α) − 1) so the slope is y/α + 1.
  Celu: pointwise((ctx, x, y) => {
    const alpha = attrFloat(ctx.node, 'alpha', 1);
    const slope = ctx.b.op('Add', [ctx.b.op('Mul', [y, ctx.b.scalar(1 / alpha)]), ctx.b.scalar(1)]);
    return aboveZero(ctx, x, ctx.b.scalar(1), slope);
  }),
  ThresholdedRelu: (ctx, dy) => {
    const alpha = ctx.b.scalar(attrFloat(ctx.node, 'alpha', 1));
    const above = ctx.b.op('Greater', [ctx.node.input![0]!, alpha]);
    return [ctx.b.op('Where', [above, grad0(dy), ctx.b.scalar(0)])];
  },
  // Shrink: slope 1 outside [−λ, λ], 0 inside.
  Shrink: (ctx, dy) => {
    const lambd = ctx.b.scalar(attrFloat(ctx.node, 'lambd', 0.5));
    const outside = ctx.b.op('Greater', [ctx.b.op('Abs', [ctx.node.input![0]!]), lambd]);
    return [ctx.b.op('Where', [outside, grad0(dy), ctx.b.scalar(0)])];
  },
  Hardmax: zero,
  Floor: zero,
  Ceil: zero,
  Round: zero,
  Sign: zero,
};
