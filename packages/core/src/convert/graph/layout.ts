/**
 * Axis permutations. A converted tensor may sit in ONNX in another axis order than in TF (4-D
 * activations stay NCHW between convolutions): its layout `p` says physical axis `i` holds TF
 * axis `p[i]`, so physical = transpose(tf, p), and only a layout change emits a Transpose.
 */

/** The identity permutation of `rank` axes: the TF order itself. */
export function identity(rank: number): number[] {
  return Array.from({ length: rank }, (_, i) => i);
}

/** NHWC data held as NCHW. */
export const NCHW: readonly number[] = [0, 3, 1, 2];

/** Whether `perm` leaves every axis in place. */
export function isIdentity(perm: readonly number[]): boolean {
  return perm.every((axis, i) => axis === i);
}

/** The ONNX Transpose `perm` that turns data in layout `from` into layout `to`. */
export function transposeBetween(from: readonly number[], to: readonly number[]): number[] {
  return to.map((axis) => from.indexOf(axis));
}

/** Physical position of TF axis `axis` in layout `layout`. */
export function physicalAxis(layout: readonly number[], axis: number): number {
  return layout.indexOf(axis);
}

/** `values` (one per TF axis) in the physical order of `layout`. */
export function permute<T>(values: readonly T[], layout: readonly number[]): T[] {
  return layout.map((axis) => values[axis]!);
}

/**
 * The layout left when TF axes `removed` are dropped from a tensor in `layout` (a reduction or
 * squeeze): the remaining physical axes, renumbered in TF order.
 */
export function dropAxes(layout: readonly number[], removed: readonly number[]): number[] {
  const kept = layout.filter((axis) => !removed.includes(axis));
  const order = [...kept].sort((a, b) => a - b);
  return kept.map((axis) => order.indexOf(axis));
}

/** Row-major data of shape `shape` transposed by `perm` (out axis i = in axis perm[i]). */
export function transposeData(
  data: Float32Array,
  shape: readonly number[],
  perm: readonly number[],
): Float32Array {
  if (isIdentity(perm)) return data;
  const rank = shape.length;
  const inStrides = strides(shape);
  const outShape = perm.map((axis) => shape[axis]!);
  const out = new Float32Array(data.length);
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o++) {
    let source = 0;
    for (let i = 0; i < rank; i++) source += index[i]! * inStrides[perm[i]!]!;
    out[o] = data[source]!;
    for (let i = rank - 1; i >= 0; i--) {
      if (++index[i]! < outShape[i]!) break;
      index[i] = 0;
    }
  }
  return out;
}

function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) out[i] = out[i + 1]! * shape[i + 1]!;
  return out;
}
