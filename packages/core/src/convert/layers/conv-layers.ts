/**
 * Conv2D, DepthwiseConv2D, SeparableConv2D and Conv2DTranspose as ONNX Conv / ConvTranspose in
 * NCHW. Depthwise convs are grouped convs (one group per input channel), which onnxruntime runs
 * with its depthwise kernels.
 */
import { applyActivation, isLinear } from './activations.js';
import type { LayerContext, LayerRule } from './layer-context.js';
import { type FoldableConv, nchwName, type TensorValue } from './tensor-value.js';
import { padAttributes, paddingMode, type Window2d, windowOutputSizes } from './window-geometry.js';

/** A Keras `[kh, kw, in, out]` kernel as ONNX `[out, in, kh, kw]`. */
export function hwioToOihw(
  values: Float32Array,
  dims: readonly number[],
): { values: Float32Array; dims: number[] } {
  const [kh, kw, cin, cout] = dims as [number, number, number, number];
  const out = new Float32Array(values.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++)
          out[((o * cin + i) * kh + y) * kw + x] = values[((y * kw + x) * cin + i) * cout + o]!;
  return { values: out, dims: [cout, cin, kh, kw] };
}

function windowOf(ctx: LayerContext): Window2d {
  return {
    kernel: ctx.pair('kernel_size', 1),
    strides: ctx.pair('strides', 1),
    dilations: ctx.pair('dilation_rate', 1),
  };
}

/** Refuse anything but a rank-4 image tensor in channels_last. */
export function requireImage(ctx: LayerContext, x: TensorValue): void {
  ctx.requireChannelsLast();
  if (x.shape.length !== 3)
    throw ctx.unsupported(`a rank-${x.shape.length + 1} input (expects [batch, H, W, C])`);
}

interface ConvSpec {
  readonly kernel: { values: Float32Array; dims: number[] };
  readonly bias: Float32Array | null;
  readonly window: Window2d;
  readonly padding: 'same' | 'valid';
  readonly group: number;
  readonly hint: string;
}

/** Emit one Conv node; the result is foldable when nothing else reads the raw conv output. */
function emitConv(ctx: LayerContext, x: TensorValue, spec: ConvSpec, foldable: boolean): TensorValue {
  const { kernel, bias, window } = spec;
  const inputs = [nchwName(ctx.skeleton, x), ctx.constant(`${spec.hint}kernel`, kernel.values, kernel.dims)];
  if (bias) inputs.push(ctx.constant(`${spec.hint}bias`, bias, [bias.length]));
  const node = ctx.skeleton.builder.create('Conv', inputs, {
    kernel_shape: { ints: [...window.kernel] },
    strides: { ints: [...window.strides] },
    dilations: { ints: [...window.dilations] },
    group: { int: spec.group },
    ...padAttributes(window, spec.padding, x.shape),
  });
  ctx.skeleton.builder.append(node);
  const shape = [...windowOutputSizes(window, spec.padding, x.shape), kernel.dims[0]!];
  const conv: FoldableConv = { node, kernel: kernel.values, kernelDims: kernel.dims, bias };
  return { name: node.output![0]!, layout: 'nchw', shape, ...(foldable ? { conv } : {}) };
}

function biasOf(ctx: LayerContext): Float32Array | null {
  return ctx.get('use_bias') === false ? null : Float32Array.from(ctx.weight('bias').values);
}

/** Whether the conv's raw output may be folded into (linear activation, read once). */
function foldable(ctx: LayerContext): boolean {
  return isLinear(ctx) && ctx.consumers === 1;
}

const conv2d: LayerRule = (ctx, [x]) => {
  requireImage(ctx, x!);
  const w = ctx.weight('kernel');
  const groups = ctx.num('groups', 1);
  const spec = {
    kernel: hwioToOihw(w.values, w.shape),
    bias: biasOf(ctx),
    window: windowOf(ctx),
    padding: paddingMode(ctx),
    group: groups,
    hint: '',
  };
  return applyActivation(ctx, emitConv(ctx, x!, spec, foldable(ctx)));
};

/** `[kh, kw, in, multiplier]` → grouped `[in·multiplier, 1, kh, kw]` (same memory order as HWIO with in = 1). */
function depthwiseKernel(ctx: LayerContext) {
  const w = ctx.weight('depthwise_kernel');
  const [kh, kw, cin, mult] = w.shape as [number, number, number, number];
  return { kernel: hwioToOihw(w.values, [kh, kw, 1, cin * mult]), group: cin };
}

const depthwiseConv2d: LayerRule = (ctx, [x]) => {
  requireImage(ctx, x!);
  const { kernel, group } = depthwiseKernel(ctx);
  const spec = {
    kernel,
    bias: biasOf(ctx),
    window: windowOf(ctx),
    padding: paddingMode(ctx),
    group,
    hint: '',
  };
  return applyActivation(ctx, emitConv(ctx, x!, spec, foldable(ctx)));
};

const separableConv2d: LayerRule = (ctx, [x]) => {
  requireImage(ctx, x!);
  const { kernel, group } = depthwiseKernel(ctx);
  const depthwise = emitConv(
    ctx,
    x!,
    { kernel, bias: null, window: windowOf(ctx), padding: paddingMode(ctx), group, hint: 'depthwise_' },
    false,
  );
  const p = ctx.weight('pointwise_kernel');
  const unit: Window2d = { kernel: [1, 1], strides: [1, 1], dilations: [1, 1] };
  const pointwise = {
    kernel: hwioToOihw(p.values, p.shape),
    bias: biasOf(ctx),
    window: unit,
    padding: 'valid' as const,
    group: 1,
    hint: 'pointwise_',
  };
  return applyActivation(ctx, emitConv(ctx, depthwise, pointwise, foldable(ctx)));
};

/**
 * Conv2DTranspose: TF's output size is `in·s` (same) or `in·s + max(k − s, 0)` (valid); ONNX
 * gives `s(in − 1) + k − pads + output_padding`, so `output_padding = max(s − k, 0)` and `same`
 * crops `max(k − s, 0)` with the odd pixel at the end.
 */
const conv2dTranspose: LayerRule = (ctx, [x]) => {
  requireImage(ctx, x!);
  const window = windowOf(ctx);
  if (window.dilations.some((d) => d !== 1))
    throw ctx.unsupported(`dilation_rate ${window.dilations.join('×')}`);
  const padding = paddingMode(ctx);
  const w = ctx.weight('kernel');
  // Keras' [kh, kw, out, in] goes to ConvTranspose's [in, out, kh, kw]: the same axis order change.
  const kernel = hwioToOihw(w.values, w.shape);
  const bias = biasOf(ctx);
  const begin: number[] = [];
  const end: number[] = [];
  const outputPadding: number[] = [];
  const shape: (number | null)[] = [];
  for (let i = 0; i < 2; i++) {
    const k = window.kernel[i]!;
    const s = window.strides[i]!;
    const total = padding === 'same' ? Math.max(k - s, 0) : 0;
    begin.push(Math.floor(total / 2));
    end.push(total - Math.floor(total / 2));
    outputPadding.push(Math.max(s - k, 0));
    const size = x!.shape[i] ?? null;
    shape.push(size === null ? null : size * s + (padding === 'valid' ? Math.max(k - s, 0) : 0));
  }
  const inputs = [nchwName(ctx.skeleton, x!), ctx.constant('kernel', kernel.values, kernel.dims)];
  if (bias) inputs.push(ctx.constant('bias', bias, [bias.length]));
  const y = ctx.op('ConvTranspose', inputs, {
    kernel_shape: { ints: [...window.kernel] },
    strides: { ints: [...window.strides] },
    pads: { ints: [...begin, ...end] },
    output_padding: { ints: outputPadding },
  });
  return applyActivation(ctx, { name: y, layout: 'nchw', shape: [...shape, kernel.dims[1]!] });
};

/** Rules of the conv family by Keras class name. */
export const CONV_LAYERS: Readonly<Record<string, LayerRule>> = {
  Conv2D: conv2d,
  Convolution2D: conv2d,
  DepthwiseConv2D: depthwiseConv2d,
  SeparableConv2D: separableConv2d,
  SeparableConvolution2D: separableConv2d,
  Conv2DTranspose: conv2dTranspose,
  Deconvolution2D: conv2dTranspose,
};
