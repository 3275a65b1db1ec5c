/**
 * Sliding-window geometry of TF's `padding: 'same' | 'valid'` as ONNX attributes. TF pads
 * `same` with the odd pixel at the end (ONNX SAME_UPPER); explicit pads are written whenever
 * they do not depend on the input size (stride 1) or the size is known, `auto_pad` otherwise.
 */
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

/**
 * ONNX `pads` (`[top, left, bottom, right]`) or `auto_pad` attributes for a window over
 * spatial sizes `size` (`null` = unknown).
 */
export function padAttributes(
  window: Window2d,
  padding: 'same' | 'valid',
  size: readonly (number | null)[],
): { pads: { ints: number[] } } | { auto_pad: string } {
  if (padding === 'valid') return { pads: { ints: [0, 0, 0, 0] } };
  const begin: number[] = [];
  const end: number[] = [];
  for (let i = 0; i < 2; i++) {
    const total = samePadTotal(window, i, size[i] ?? null);
    if (total === null) return { auto_pad: 'SAME_UPPER' };
    begin.push(Math.floor(total / 2));
    end.push(total - Math.floor(total / 2));
  }
  return { pads: { ints: [...begin, ...end] } };
}

function samePadTotal(window: Window2d, i: number, size: number | null): number | null {
  const span = (window.kernel[i]! - 1) * window.dilations[i]! + 1;
  const stride = window.strides[i]!;
  if (stride === 1) return span - 1;
  if (size === null) return null;
  const out = Math.ceil(size / stride);
  return Math.max((out - 1) * stride + span - size, 0);
}

/** Output spatial size of a window along axis `i` (TF's formula), `null` when unknown. */
export function windowOutputSize(
  window: Window2d,
  padding: 'same' | 'valid',
  i: number,
  size: number | null,
): number | null {
  if (size === null) return null;
  const stride = window.strides[i]!;
  if (padding === 'same') return Math.ceil(size / stride);
  const span = (window.kernel[i]! - 1) * window.dilations[i]! + 1;
  return Math.max(Math.ceil((size - span + 1) / stride), 0);
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
