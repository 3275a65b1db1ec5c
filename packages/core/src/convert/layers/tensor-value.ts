/**
 * A converted tensor and its layout. Keras computes in NHWC; ONNX Conv, pooling and Resize want
 * NCHW. The converter transposes an image tensor to NCHW at the first op that needs it, keeps it
 * there through the conv stack, and transposes back only where Keras' channel order matters
 * (Flatten, Reshape, Dense on rank 4, ...): each value remembers both forms once made, so a tensor
 * with several consumers is transposed at most once per direction.
 */
import type { OnnxNode } from '../../onnx/types.js';
import type { OnnxSkeleton } from '../onnx-skeleton.js';

/** `keras`: Keras' own axis order (NHWC for images); `nchw`: a rank-4 tensor with channels first. */
export type Layout = 'keras' | 'nchw';

/** Where a conv's weights live, so a following BatchNormalization can be folded into them. */
export interface FoldableConv {
  readonly node: OnnxNode;
  /** OIHW kernel (the initializer `node.input[1]` holds these values). */
  readonly kernel: Float32Array;
  readonly kernelDims: readonly number[];
  /** Per output channel; `null` when the conv has no bias yet. */
  readonly bias: Float32Array | null;
}

/** One tensor of the converted graph. */
export interface TensorValue {
  /** ONNX tensor name. */
  readonly name: string;
  readonly layout: Layout;
  /** Keras shape without the batch dim (NHWC order whatever the layout); `null` = unknown. */
  readonly shape: readonly (number | null)[];
  /** Set when `name` is the plain output of a conv whose output nobody else reads. */
  readonly conv?: FoldableConv;
  /** The other layout's tensor, once made. */
  other?: string;
}

const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];

/** The tensor in NCHW (transposed once and remembered); the value must be rank 4. */
export function nchwName(skeleton: OnnxSkeleton, value: TensorValue): string {
  if (value.layout === 'nchw') return value.name;
  if (value.shape.length !== 3)
    throw new Error(`internal: NCHW asked of a rank-${value.shape.length + 1} tensor`);
  value.other ??= skeleton.builder.op('Transpose', [value.name], { perm: { ints: TO_NCHW } });
  return value.other;
}

/** The tensor in Keras' axis order (transposed once and remembered). */
export function kerasName(skeleton: OnnxSkeleton, value: TensorValue): string {
  if (value.layout === 'keras') return value.name;
  value.other ??= skeleton.builder.op('Transpose', [value.name], { perm: { ints: TO_NHWC } });
  return value.other;
}

/** A value in Keras order (same tensor, or its transpose). */
export function asKeras(skeleton: OnnxSkeleton, value: TensorValue): TensorValue {
  return { name: kerasName(skeleton, value), layout: 'keras', shape: value.shape };
}

/** A rank-4 value in NCHW. */
export function asNchw(skeleton: OnnxSkeleton, value: TensorValue): TensorValue {
  return { name: nchwName(skeleton, value), layout: 'nchw', shape: value.shape };
}

/** Rank including the batch dim. */
export function rankOf(value: TensorValue): number {
  return value.shape.length + 1;
}

/**
 * The physical axis of Keras axis `axis` (negative counts from the end, the batch is axis 0).
 * @returns `undefined` when the axis is out of range.
 */
export function physicalAxis(value: TensorValue, axis: number): number | undefined {
  const rank = rankOf(value);
  const keras = axis < 0 ? axis + rank : axis;
  if (keras < 0 || keras >= rank) return undefined;
  return value.layout === 'nchw' ? [0, 2, 3, 1][keras] : keras;
}

/**
 * Dims of a constant that broadcasts `count` values along physical axis `axis` of a rank-`rank`
 * tensor (ONNX broadcasting aligns trailing dims): `[count, 1, …]`.
 */
export function alongAxis(count: number, axis: number, rank: number): number[] {
  return [count, ...Array.from({ length: rank - 1 - axis }, () => 1)];
}

/** Values of an `[H, W, C]` constant reordered to `[C, H, W]` for an NCHW tensor. */
export function hwcToChw(
  values: Float32Array,
  dims: readonly number[],
): { values: Float32Array; dims: number[] } {
  const [h, w, c] = dims as [number, number, number];
  const out = new Float32Array(values.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let k = 0; k < c; k++) out[(k * h + y) * w + x] = values[(y * w + x) * c + k]!;
  return { values: out, dims: [c, h, w] };
}
