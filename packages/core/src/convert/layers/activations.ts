/**
 * Keras `activation` strings as ONNX ops (opset 17: no Gelu or Mish op yet, so those two are
 * spelled out the way TF.js computes them).
 */
import type { LayerContext } from './layer-context.js';
import { physicalAxis, type TensorValue } from './tensor-value.js';

/** Keras' SELU constants (Klambauer et al. 2017), as TF.js uses them. */
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

type Emit = (ctx: LayerContext, x: string, value: TensorValue) => string;

const unary =
  (opType: string, attrs: Parameters<LayerContext['op']>[2] = {}): Emit =>
  (ctx, x) =>
    ctx.op(opType, [x], attrs);

const scalar = (ctx: LayerContext, v: number) => ctx.skeleton.builder.scalar(v);

const ACTIVATIONS: Record<string, Emit> = {
  linear: (_ctx, x) => x,
  relu: unary('Relu'),
  relu6: (ctx, x) => ctx.op('Clip', [x, scalar(ctx, 0), scalar(ctx, 6)]),
  elu: unary('Elu', { alpha: 1 }),
  selu: unary('Selu', { alpha: SELU_ALPHA, gamma: SELU_SCALE }),
  sigmoid: unary('Sigmoid'),
  // TF.js (and Keras 2) hard sigmoid: clip(0.2·x + 0.5, 0, 1).
  hard_sigmoid: unary('HardSigmoid', { alpha: 0.2, beta: 0.5 }),
  tanh: unary('Tanh'),
  softplus: unary('Softplus'),
  softsign: unary('Softsign'),
  swish: (ctx, x) => ctx.op('Mul', [x, ctx.op('Sigmoid', [x])]),
  // x · ½(1 + erf(x/√2)), the exact GELU of TF.js' 'gelu'.
  gelu: (ctx, x) => {
    const cdf = ctx.op('Mul', [
      scalar(ctx, 0.5),
      ctx.op('Add', [scalar(ctx, 1), ctx.op('Erf', [ctx.op('Mul', [x, scalar(ctx, Math.SQRT1_2)])])]),
    ]);
    return ctx.op('Mul', [x, cdf]);
  },
  // ½x(1 + tanh(√(2/π)(x + 0.044715x³))), TF.js' 'gelu_new'.
  gelu_new: (ctx, x) => {
    const cube = ctx.op('Mul', [ctx.op('Mul', [x, x]), x]);
    const inner = ctx.op('Mul', [
      scalar(ctx, Math.sqrt(2 / Math.PI)),
      ctx.op('Add', [x, ctx.op('Mul', [scalar(ctx, 0.044715), cube])]),
    ]);
    return ctx.op('Mul', [
      ctx.op('Mul', [scalar(ctx, 0.5), x]),
      ctx.op('Add', [scalar(ctx, 1), ctx.op('Tanh', [inner])]),
    ]);
  },
  mish: (ctx, x) => ctx.op('Mul', [x, ctx.op('Tanh', [ctx.op('Softplus', [x])])]),
  softmax: (ctx, x, value) => ctx.op('Softmax', [x], { axis: { int: physicalAxis(value, -1)! } }),
  log_softmax: (ctx, x, value) => ctx.op('LogSoftmax', [x], { axis: { int: physicalAxis(value, -1)! } }),
};

/** TF.js' camelCase spellings and Keras aliases of the same functions. */
const ALIASES: Record<string, string> = {
  hardSigmoid: 'hard_sigmoid',
  silu: 'swish',
  logSoftmax: 'log_softmax',
  geluNew: 'gelu_new',
};

/** The Keras name of an `activation` config value (`null`/absent = linear). */
function activationName(ctx: LayerContext, raw: unknown): string {
  if (raw === undefined || raw === null) return 'linear';
  if (typeof raw === 'string') return ALIASES[raw] ?? raw;
  // Serialized form `{ class_name: 'relu', config: {} }`.
  const className = (raw as { class_name?: unknown }).class_name;
  if (typeof className === 'string') return ALIASES[className] ?? className;
  throw ctx.unsupported(`activation ${JSON.stringify(raw)}`);
}

/** True when the layer's `activation` is the identity. */
export function isLinear(ctx: LayerContext, key = 'activation'): boolean {
  return activationName(ctx, ctx.get(key)) === 'linear';
}

/** Apply the layer's `activation` (or the named one) to `value`; layout and shape are kept. */
export function applyActivation(
  ctx: LayerContext,
  value: TensorValue,
  raw: unknown = ctx.get('activation'),
): TensorValue {
  const name = activationName(ctx, raw);
  const emit = ACTIVATIONS[name];
  if (!emit) throw ctx.unsupported(`activation ${name}`);
  const out = emit(ctx, value.name, value);
  return out === value.name ? value : { name: out, layout: value.layout, shape: value.shape };
}
