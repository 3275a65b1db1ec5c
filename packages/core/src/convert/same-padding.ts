/**
 * TF's `SAME` padding, shared by the LayersModel and GraphModel converters: the output is
 * ⌈size / stride⌉ and the odd pixel of padding goes at the end (ONNX's SAME_UPPER). The pads
 * are written out when they do not depend on the size (stride 1) or the size is known, so
 * the converted graph has no `auto_pad` left to resolve; `auto_pad` otherwise.
 */

/** One spatial axis of a window op; `size` is `null` when unknown. */
export interface WindowAxis {
  readonly size: number | null;
  readonly kernel: number;
  readonly stride: number;
  readonly dilation: number;
}

/** ONNX window attributes: explicit `pads` (begins, then ends) or `auto_pad`. */
export type PadAttributes = { pads: { ints: number[] } } | { auto_pad: string };

/** The window's extent along the axis: (kernel − 1)·dilation + 1. */
export function windowExtent(axis: WindowAxis): number {
  return (axis.kernel - 1) * axis.dilation + 1;
}

/** Output size of a `SAME` window (⌈size / stride⌉), `null` when the size is unknown. */
export function sameOutputSize(axis: WindowAxis): number | null {
  return axis.size === null ? null : Math.ceil(axis.size / axis.stride);
}

/** Output size of a window over `padding` extra pixels in all (TF's and ONNX's floor formula). */
export function paddedOutputSize(axis: WindowAxis, padding: number): number | null {
  if (axis.size === null) return null;
  return Math.floor((axis.size + padding - windowExtent(axis)) / axis.stride) + 1;
}

/** Total `SAME` padding along one axis, `null` when it depends on an unknown size. */
function samePadTotal(axis: WindowAxis): number | null {
  const extent = windowExtent(axis);
  if (axis.stride === 1) return extent - 1;
  const out = sameOutputSize(axis);
  return out === null ? null : Math.max((out - 1) * axis.stride + extent - axis.size!, 0);
}

/** ONNX attributes for `SAME` padding over the spatial `axes` (H then W). */
export function samePadAttributes(axes: readonly WindowAxis[]): PadAttributes {
  const totals = axes.map(samePadTotal);
  if (totals.some((t) => t === null)) return { auto_pad: 'SAME_UPPER' };
  const begin = totals.map((t) => Math.floor(t! / 2));
  const end = totals.map((t, i) => t! - begin[i]!);
  return { pads: { ints: [...begin, ...end] } };
}
