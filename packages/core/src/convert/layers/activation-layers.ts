/**
 * Activation layers: Activation, ReLU (max_value, negative_slope, threshold), LeakyReLU, PReLU,
 * ELU, ThresholdedReLU and Softmax (any axis). All keep their input's layout.
 */
import { applyActivation } from './activations.js';
import type { LayerContext, LayerRule } from './layer-context.js';
import { hwcToChw, physicalAxis, type TensorValue } from './tensor-value.js';

const same = (x: TensorValue, name: string): TensorValue => ({ name, layout: x.layout, shape: x.shape });
const scalar = (ctx: LayerContext, v: number) => ctx.skeleton.builder.scalar(v);

const activation: LayerRule = (ctx, [x]) => applyActivation(ctx, x!);

/**
 * Keras ReLU: `max_value` if x ≥ max_value, x if threshold ≤ x, `negative_slope·(x − threshold)`
 * otherwise. The common cases are one op (Relu, Clip, LeakyRelu).
 */
const relu: LayerRule = (ctx, [x]) => {
  const maxValue = ctx.get<number | null>('max_value') ?? null;
  const slope = ctx.num('negative_slope', 0);
  const threshold = ctx.num('threshold', 0);
  let y: string;
  if (threshold === 0 && slope === 0) {
    y =
      maxValue === null
        ? ctx.op('Relu', [x!.name])
        : ctx.op('Clip', [x!.name, scalar(ctx, 0), scalar(ctx, maxValue)]);
    return same(x!, y);
  }
  if (threshold === 0) y = ctx.op('LeakyRelu', [x!.name], { alpha: slope });
  else {
    const below = ctx.op('Mul', [ctx.op('Sub', [x!.name, scalar(ctx, threshold)]), scalar(ctx, slope)]);
    y = ctx.op('Where', [ctx.op('GreaterOrEqual', [x!.name, scalar(ctx, threshold)]), x!.name, below]);
  }
  if (maxValue !== null) y = ctx.op('Min', [y, scalar(ctx, maxValue)]);
  return same(x!, y);
};

/** LeakyReLU: `alpha` (tfjs, Keras 2; default 0.3) or `negative_slope` (Keras 3). */
const leakyRelu: LayerRule = (ctx, [x]) =>
  same(x!, ctx.op('LeakyRelu', [x!.name], { alpha: ctx.num('alpha', ctx.num('negative_slope', 0.3)) }));

const elu: LayerRule = (ctx, [x]) => same(x!, ctx.op('Elu', [x!.name], { alpha: ctx.num('alpha', 1) }));

const thresholdedRelu: LayerRule = (ctx, [x]) =>
  same(x!, ctx.op('ThresholdedRelu', [x!.name], { alpha: ctx.num('theta', 1) }));

/** PReLU: the learned `alpha` has the input's shape (1 on shared axes); reordered for NCHW. */
const prelu: LayerRule = (ctx, [x]) => {
  const alpha = ctx.weight('alpha');
  const slope =
    x!.layout === 'nchw'
      ? hwcToChw(alpha.values, alpha.shape)
      : { values: alpha.values, dims: [...alpha.shape] };
  return same(x!, ctx.op('PRelu', [x!.name, ctx.constant('alpha', slope.values, slope.dims)]));
};

const softmax: LayerRule = (ctx, [x]) => {
  const raw = ctx.get('axis') ?? -1;
  const axis = physicalAxis(x!, Array.isArray(raw) && raw.length === 1 ? raw[0] : (raw as number));
  if (typeof raw === 'object' && !(Array.isArray(raw) && raw.length === 1))
    throw ctx.unsupported(`axis ${JSON.stringify(raw)}`);
  if (axis === undefined) throw ctx.unsupported(`axis ${JSON.stringify(raw)}`);
  return same(x!, ctx.op('Softmax', [x!.name], { axis: { int: axis } }));
};

/** Rules of the activation family by Keras class name. */
export const ACTIVATION_LAYERS: Readonly<Record<string, LayerRule>> = {
  Activation: activation,
  ReLU: relu,
  LeakyReLU: leakyRelu,
  PReLU: prelu,
  ELU: elu,
  ThresholdedReLU: thresholdedRelu,
  Softmax: softmax,
};
