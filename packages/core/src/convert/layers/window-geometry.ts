/**
 * Sliding-window geometry of TF's `padding: 'same' | 'valid'` as ONNX attributes. TF pads
 * `same` with the odd pixel at the end (ONNX SAME_UPPER); explicit pads are written whenever
 * they do not depend on the input size (stride 1) or the size is known, `auto_pad` otherwise.
 */
import {
  type PadAttributes,
  paddedOutputSize,
  sameOutputSize,
  samePadAttributes,
  type WindowAxis,
} from '../same-padding.js';
import type { LayerContext } from './layer-context.js';

/** A 2-D window: kernel (or pool) size, strides, dilations. */
export interface Window2d {
  readonly kernel: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly dilations: readonly [number, number];
}

/** The window of a conv or pooling layer's config; refuses `causal` and unknown paddings. */
export function paddingMode(ctx: LayerContext): 'same' | 'valid' {
  const padding = ctx.get('padding') ?? 'valid';
  if (padding !== 'same' && padding !== 'valid') throw ctx.unsupported(`padding ${String(padding)}`);
  return padding;
}

/** Axis `i` (0 = H, 1 = W) of a window over a spatial size. */
function axisOf(window: Window2d, i: number, size: number | null): WindowAxis {
  return { size, kernel: window.kernel[i]!, stride: window.strides[i]!, dilation: window.dilations[i]! };
}

/**
 * ONNX `pads` (`[top, left, bottom, right]`) or `auto_pad` attributes for a window over
 * spatial sizes `size` (`null` = unknown).
 */
export function padAttributes(
  window: Window2d,
  padding: 'same' | 'valid',
  size: readonly (number | null)[],
): PadAttributes {
  if (padding === 'valid') return { pads: { ints: [0, 0, 0, 0] } };
  return samePadAttributes([0, 1].map((i) => axisOf(window, i, size[i] ?? null)));
}

/** Output spatial size of a window along axis `i` (TF's formula), `null` when unknown. */
export function windowOutputSize(
  window: Window2d,
  padding: 'same' | 'valid',
  i: number,
  size: number | null,
): number | null {
  const axis = axisOf(window, i, size);
  if (padding === 'same') return sameOutputSize(axis);
  const out = paddedOutputSize(axis, 0);
  return out === null ? null : Math.max(out, 0);
}

/** The `[H, W]` output sizes of a window over an `[H, W, C]` Keras shape. */
export function windowOutputSizes(
  window: Window2d,
  padding: 'same' | 'valid',
  shape: readonly (number | null)[],
): [number | null, number | null] {
  return [
    windowOutputSize(window, padding, 0, shape[0] ?? null),
    windowOutputSize(window, padding, 1, shape[1] ?? null),
  ];
}
