/**
 * Linear maps along one axis as a MatMul with a constant matrix. The gradients of Pad
 * (reflect/edge), Resize and Gather are sparse linear maps along each axis they touch; with the
 * static sizes known in TS, the exact transpose is a small matrix and one MatMul per axis, which
 * onnxruntime runs fast and which needs no scatter.
 */
import type { BackwardContext } from './context.js';

/**
 * `out[…, i, …] = Σⱼ m[i][j] · t[…, j, …]` along `axis` of a rank-`rank` tensor `t`, where `m` is
 * row-major `rows × cols` and `cols` is the size of `t` along `axis`.
 *
 * @remarks The last two axes need no Transpose (MatMul broadcasts a 2-D operand over the leading
 * axes); any other axis is swapped to the end and back.
 */
export function alongAxis(
  ctx: BackwardContext,
  t: string,
  axis: number,
  rank: number,
  m: ArrayLike<number>,
  rows: number,
  cols: number,
): string {
  const { b } = ctx;
  if (axis === rank - 2) return b.op('MatMul', [b.float(Array.from(m), [rows, cols]), t]);
  const mt = b.float(transpose(m, rows, cols), [cols, rows]);
  if (axis === rank - 1) return b.op('MatMul', [t, mt]);
  const perm = Array.from({ length: rank }, (_, i) => (i === axis ? rank - 1 : i === rank - 1 ? axis : i));
  const moved = b.op('Transpose', [t], { perm: { ints: perm } });
  return b.op('Transpose', [b.op('MatMul', [moved, mt])], { perm: { ints: perm } });
}

/** Row-major transpose of a `rows × cols` matrix. */
export function transpose(m: ArrayLike<number>, rows: number, cols: number): number[] {
  const out = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = m[i * cols + j]!;
  return out;
}

/** True when `m` (n × n) is the identity: that axis needs no MatMul. */
export function isIdentity(m: ArrayLike<number>, rows: number, cols: number): boolean {
  if (rows !== cols) return false;
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) if (m[i * cols + j] !== (i === j ? 1 : 0)) return false;
  return true;
}
