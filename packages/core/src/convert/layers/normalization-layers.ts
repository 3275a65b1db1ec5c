/**
 * BatchNormalization (folded into the conv before it when that conv's output goes nowhere else,
 * otherwise one Mul and one Add per channel), LayerNormalization, Keras' Normalization and
 * Rescaling. Inference only: the moving statistics, never the batch's.
 */
import { addWeight, setWeight } from '../onnx-skeleton.js';
import type { LayerContext, LayerRule } from './layer-context.js';
import { alongAxis, asKeras, physicalAxis, rankOf, type TensorValue } from './tensor-value.js';

/** A single `axis` config (number or one-element list) as a Keras axis. */
function singleAxis(ctx: LayerContext, fallback = -1): number {
  const axis = ctx.get('axis') ?? fallback;
  const value = Array.isArray(axis) && axis.length === 1 ? axis[0] : axis;
  if (typeof value !== 'number') throw ctx.unsupported(`axis ${JSON.stringify(axis)}`);
  return value;
}

/**
 * `y = x · scale + shift` with per-channel `scale`/`shift` along Keras axis `axis` (Mul and Add
 * broadcast over the other axes, whatever the layout).
 */
export function affineAlongAxis(
  ctx: LayerContext,
  x: TensorValue,
  axis: number,
  scale: Float64Array,
  shift: Float64Array,
): TensorValue {
  const p = physicalAxis(x, axis);
  if (p === undefined || p === 0) throw ctx.unsupported(`axis ${axis}`);
  const dims = scale.length === 1 ? [] : alongAxis(scale.length, p, rankOf(x));
  let y = ctx.op('Mul', [x.name, ctx.constant('scale', scale, dims)]);
  if (shift.some((v) => v !== 0)) y = ctx.op('Add', [y, ctx.constant('shift', shift, dims)]);
  return { name: y, layout: x.layout, shape: x.shape };
}

/** Scale the conv's kernel per output channel and set its bias: conv then `x·scale + shift` in one op. */
function foldIntoConv(
  ctx: LayerContext,
  x: TensorValue,
  scale: Float64Array,
  shift: Float64Array,
): TensorValue {
  const { node, kernel, kernelDims, bias } = x.conv!;
  const perChannel = kernel.length / scale.length;
  const folded = new Float32Array(kernel.length);
  for (let i = 0; i < kernel.length; i++) folded[i] = kernel[i]! * scale[Math.floor(i / perChannel)]!;
  const newBias = Float32Array.from(scale, (s, o) => (bias ? bias[o]! : 0) * s + shift[o]!);
  setWeight(ctx.skeleton, node.input![1]!, folded, kernelDims);
  if (node.input!.length > 2) setWeight(ctx.skeleton, node.input![2]!, newBias, [newBias.length]);
  else node.input!.push(addWeight(ctx.skeleton, `${ctx.layer.name}/folded_bias`, newBias, [newBias.length]));
  return { name: x.name, layout: x.layout, shape: x.shape };
}

const batchNormalization: LayerRule = (ctx, [x]) => {
  const axis = singleAxis(ctx);
  const eps = ctx.num('epsilon', 1e-3);
  const mean = ctx.weight('moving_mean').values;
  const variance = ctx.weight('moving_variance').values;
  const gamma = ctx.get('scale') === false ? undefined : ctx.weight('gamma').values;
  const beta = ctx.get('center') === false ? undefined : ctx.weight('beta').values;
  const scale = Float64Array.from(mean, (_, c) => (gamma ? gamma[c]! : 1) / Math.sqrt(variance[c]! + eps));
  const shift = Float64Array.from(mean, (m, c) => (beta ? beta[c]! : 0) - m * scale[c]!);
  const channelAxis = x!.layout === 'nchw' && physicalAxis(x!, axis) === 1;
  if (x!.conv && channelAxis && x!.conv.kernelDims[0] === scale.length)
    return foldIntoConv(ctx, x!, scale, shift);
  return affineAlongAxis(ctx, x!, axis, scale, shift);
};

/** Normalised axes of a LayerNormalization: trailing and contiguous, as ONNX wants them. */
function layerNormAxis(ctx: LayerContext, rank: number): number {
  const raw = ctx.get('axis') ?? -1;
  const axes = (Array.isArray(raw) ? raw : [raw])
    .map((a) => (Number(a) < 0 ? Number(a) + rank : Number(a)))
    .sort((a, b) => a - b);
  const contiguous = axes.every((a, i) => a === axes[0]! + i) && axes.at(-1) === rank - 1 && axes[0]! > 0;
  if (!contiguous) throw ctx.unsupported(`axis ${JSON.stringify(raw)} (only trailing axes convert)`);
  return axes[0]!;
}

const layerNormalization: LayerRule = (ctx, [input]) => {
  const x = asKeras(ctx.skeleton, input!);
  const axis = layerNormAxis(ctx, rankOf(x));
  const dims = x.shape.slice(axis - 1);
  if (dims.some((d) => d === null)) throw ctx.unsupported('normalised axes of unknown size');
  const size = (dims as number[]).reduce((a, b) => a * b, 1);
  const gamma = ctx.get('scale') === false ? new Float32Array(size).fill(1) : ctx.weight('gamma').values;
  const beta = ctx.get('center') === false ? new Float32Array(size) : ctx.weight('beta').values;
  const y = ctx.op(
    'LayerNormalization',
    [x.name, ctx.constant('gamma', gamma, dims as number[]), ctx.constant('beta', beta, dims as number[])],
    {
      axis: { int: axis },
      epsilon: ctx.num('epsilon', 1e-3),
    },
  );
  return { name: y, layout: 'keras', shape: x.shape };
};

/** Keras' Normalization: `(x − mean) / max(√variance, 1e-7)` with adapted or configured statistics. */
const normalization: LayerRule = (ctx, [x]) => {
  if (ctx.get('invert') === true) throw ctx.unsupported('invert true');
  const axis = singleAxis(ctx);
  const mean = statistic(ctx, 'mean');
  const variance = statistic(ctx, 'variance');
  if (mean.length !== variance.length) throw ctx.unsupported('mean and variance of different sizes');
  const scale = Float64Array.from(variance, (v) => 1 / Math.max(Math.sqrt(v), 1e-7));
  const shift = Float64Array.from(mean, (m, c) => -m * scale[c]!);
  return affineAlongAxis(ctx, x!, axis, scale, shift);
};

function statistic(ctx: LayerContext, key: 'mean' | 'variance'): ArrayLike<number> {
  const configured = ctx.get(key);
  if (typeof configured === 'number') return [configured];
  if (Array.isArray(configured)) return configured.flat(4) as number[];
  return ctx.weight(key).values;
}

/** Rescaling: `x · scale + offset` (scalars, or one value per channel). */
const rescaling: LayerRule = (ctx, [x]) => {
  const values = (key: string, fallback: number) => {
    const v = ctx.get(key) ?? fallback;
    return Float64Array.from((Array.isArray(v) ? v : [v]) as number[]);
  };
  return affineAlongAxis(ctx, x!, -1, values('scale', 1), values('offset', 0));
};

/** Rules of the normalization family by Keras class name. */
export const NORMALIZATION_LAYERS: Readonly<Record<string, LayerRule>> = {
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
  Normalization: normalization,
  Rescaling: rescaling,
};
