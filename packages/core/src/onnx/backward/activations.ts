/**
 * Pointwise activations. Masks use strict inequalities, matching PyTorch's backward for relu
 * (`threshold_backward`) and relu6/hardtanh, which are what these ops come from in exports.
 */
import { attrFloat } from '../attributes.js';
import { blockedChannels, boundMask, MAX_MASK_BOUND } from './blocked.js';
import { type BackwardContext, type BackwardRule, grad0 } from './context.js';

/**
 * dy where y > 0, else 0. On channel-blocked 4-D tensors it is `dy · mask(y)`, which onnxruntime
 * keeps in NCHWc (see blocked.ts); Greater/Where there cost ResNet-18 ~60 ms per batch of 16 plus
 * ~30 ms of layout conversions. The product differs from Where only where y = 0 and dy is ±∞ or
 * NaN (NaN instead of 0): an overflowed backward pass, which Where would silently hide.
 */
const relu: BackwardRule = (ctx, dy) => {
  const { b } = ctx;
  const y = ctx.node.output![0]!;
  const channels = blockedChannels(ctx, y);
  if (channels !== undefined) return [b.op('Mul', [grad0(dy), boundMask(ctx, y, 0, 'above', channels)])];
  const zero = b.scalar(0);
  return [b.op('Where', [b.op('Greater', [y, zero]), grad0(dy), zero])];
};

const leakyRelu: BackwardRule = (ctx, dy) => {
  const { b } = ctx;
  const alpha = attrFloat(ctx.node, 'alpha', 0.01);
  const g = grad0(dy);
  const mask = b.op('Greater', [ctx.node.input![0]!, b.scalar(0)]);
  return [b.op('Where', [mask, g, b.op('Mul', [g, b.scalar(alpha)])])];
};

/**
 * dy where min < x < max (PyTorch's hardtanh_backward), read off the output: y = clip(x) is
 * beyond a bound exactly when x is. On channel-blocked tensors with constant bounds (ReLU6,
 * hardtanh) it is `dy · [y > min] · [y < max]` with NCHWc masks (see blocked.ts); the
 * Greater/Less/And/Where form cost the zoo MobileNet a third of its backward pass, plus layout
 * conversions around it.
 */
const clip: BackwardRule = (ctx, dy) => {
  const { b } = ctx;
  const [x, min, max] = ctx.node.input!;
  const y = ctx.node.output![0]!;
  const channels = blockedChannels(ctx, y);
  const bounds = [min, max].map((name) => (name ? maskableBound(ctx, name) : undefined));
  if (channels !== undefined && bounds.every((bound, i) => bound !== undefined || ![min, max][i])) {
    let g = grad0(dy);
    if (min) g = b.op('Mul', [g, boundMask(ctx, y, bounds[0]!, 'above', channels)]);
    if (max) g = b.op('Mul', [g, boundMask(ctx, y, bounds[1]!, 'below', channels)]);
    return [g];
  }
  const masks: string[] = [];
  if (min) masks.push(b.op('Greater', [x!, min]));
  if (max) masks.push(b.op('Less', [x!, max]));
  if (masks.length === 0) return [grad0(dy)];
  const mask = masks.length === 2 ? b.op('And', masks) : masks[0]!;
  return [b.op('Where', [mask, grad0(dy), b.scalar(0)])];
};

/** A Clip bound that is a known scalar small enough for {@link boundMask}, else `undefined`. */
function maskableBound(ctx: BackwardContext, name: string): number | undefined {
  const floats = ctx.info(name)?.floats;
  const bound = floats?.length === 1 ? floats[0]! : undefined;
  return bound !== undefined && Math.abs(bound) <= MAX_MASK_BOUND ? bound : undefined;
}

// dy·(1 − y²), from the forward output as PyTorch's tanh_backward does.
const tanh: BackwardRule = (ctx, dy) => {
  const { b } = ctx;
  const y = ctx.node.output![0]!;
  return [b.op('Mul', [grad0(dy), b.op('Sub', [b.scalar(1), b.op('Mul', [y, y])])])];
};

const sigmoid: BackwardRule = (ctx, dy) => {
  const { b } = ctx;
  const y = ctx.node.output![0]!;
  const slope = b.op('Mul', [y, b.op('Sub', [b.scalar(1), y])]);
  return [b.op('Mul', [grad0(dy), slope])];
};

const hardSigmoid: BackwardRule = (ctx, dy) => {
  const { b } = ctx;
  const alpha = attrFloat(ctx.node, 'alpha', 0.2);
  const beta = attrFloat(ctx.node, 'beta', 0.5);
  const t = b.op('Add', [b.op('Mul', [ctx.node.input![0]!, b.scalar(alpha)]), b.scalar(beta)]);
  const mask = b.op('And', [b.op('Greater', [t, b.scalar(0)]), b.op('Less', [t, b.scalar(1)])]);
  return [b.op('Where', [mask, b.op('Mul', [grad0(dy), b.scalar(alpha)]), b.scalar(0)])];
};

// y = x·hardsigmoid(x): slope 0 below −3, x/3 + 1/2 on [−3, 3], 1 above (PyTorch's boundaries).
const hardSwish: BackwardRule = (ctx, dy) => {
  const { b } = ctx;
  const x = ctx.node.input![0]!;
  const middle = b.op('Add', [b.op('Mul', [x, b.scalar(1 / 3)]), b.scalar(0.5)]);
  const upper = b.op('Where', [b.op('LessOrEqual', [x, b.scalar(3)]), middle, b.scalar(1)]);
  const slope = b.op('Where', [b.op('Less', [x, b.scalar(-3)]), b.scalar(0), upper]);
  return [b.op('Mul', [grad0(dy), slope])];
};

export const ACTIVATION_RULES: Record<string, BackwardRule> = {
  Relu: relu,
  LeakyRelu: leakyRelu,
  Clip: clip,
  Sigmoid: sigmoid,
  Tanh: tanh,
  HardSigmoid: hardSigmoid,
  HardSwish: hardSwish,
};
