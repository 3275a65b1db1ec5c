/**
 * The input gradient of a strided 2-D Conv as one stride-1 Conv whose phases are then interleaved
 * (polyphase, or sub-pixel, form of the ConvTranspose it equals).
 *
 * With stride s, input row i + padBegin = s·q + φ (phase φ < s) receives
 * Σₘ w[φ + s·m] · dy[q − m]: for each phase a stride-1 correlation of dy with the sub-kernel
 * w[φ], w[φ + s], … (K = ⌈k/s⌉ taps, zero-padded). All s² phases are the output channels of one
 * Conv ([C·s², M/g, K, K]); a stride-s ConvTranspose of ones interleaves them and drops the padding
 * ({@link interleavePhases}).
 * onnxruntime runs that Conv in its blocked NCHWc kernels, multi-threaded, where its ConvTranspose
 * is an NCHW GEMM plus a single-threaded col2im with layout reorders around it: ResNet-18's 7×7/2
 * stem gradient took about 4× its forward conv that way.
 *
 * The Conv does s²·K²/k² times the forward conv's multiply-adds (7×7/2: 1.31, 4×4/4 and 16×16/16
 * patchify stems: 1, 3×3/2: 1.78), so it is used only up to {@link POLYPHASE_MAX_WORK}, and only
 * without groups: a grouped one (strided depthwise convs) would have s² outputs per group, which
 * onnxruntime runs group by group outside NCHWc, as it does the ConvTranspose.
 */

import type { WindowGeometry } from '../geometry.js';
import { type GraphBuilder, ints } from '../graph-builder.js';

/**
 * Largest s²·K²/k² for which the polyphase Conv replaces the ConvTranspose. 3×3/2 convs (1.78)
 * stay ConvTranspose: measured 1.2–2.3× slower as polyphase on ResNet-18's stages.
 */
export const POLYPHASE_MAX_WORK = 1.5;

/** Output channels are padded to a multiple of this so onnxruntime keeps the Conv in NCHWc. */
const BLOCK = 16;

/**
 * The stride when the polyphase form applies to an ungrouped conv of this geometry, else `undefined`.
 *
 * @param limit - `SNOWBLIND_POLYPHASE` for A/B runs (`tools/bench/ig-graph-ab.ts`): `'0'` never,
 * a number the largest work ratio; unset: {@link POLYPHASE_MAX_WORK}
 */
export function polyphaseStride(g: WindowGeometry, group: number, limit?: string): number | undefined {
  if (group !== 1 || g.kernel.length !== 2 || g.dilations.some((d) => d !== 1)) return undefined;
  const s = g.strides[0]!;
  if (s < 2 || g.strides[1] !== s) return undefined;
  const taps = g.kernel.map((k) => Math.ceil(k / s));
  const work = (s * s * taps[0]! * taps[1]!) / (g.kernel[0]! * g.kernel[1]!);
  return work <= (limit ? Number(limit) : POLYPHASE_MAX_WORK) ? s : undefined;
}

/**
 * dx of `Conv(x, w)` (no groups) from `dy`, for weights `w` of dims `[M, C, kh, kw]`, input
 * spatial sizes `spatial` and geometry `g` (for which {@link polyphaseStride} gave `s`).
 */
export function polyphaseInputGradient(
  b: GraphBuilder,
  dy: string,
  w: string,
  wDims: readonly number[],
  spatial: readonly number[],
  g: WindowGeometry,
  s: number,
): string {
  const [m, c] = wDims as [number, number];
  const channels = c * s * s;
  const taps = g.kernel.map((k) => Math.ceil(k / s));
  const phaseKernel = polyphaseKernel(b, w, [m, c, g.kernel[0]!, g.kernel[1]!], s, taps);
  const padded = Math.ceil(channels / BLOCK) * BLOCK;
  const kernel =
    padded === channels
      ? phaseKernel
      : b.op('Pad', [phaseKernel, b.int64([0, 0, 0, 0, padded - channels, 0, 0, 0])]);
  // Rows q with s·q + φ covering padBegin … padBegin + size − 1.
  const endPads = spatial.map((size, i) => Math.max(0, Math.ceil((g.pads[i]! + size) / s) - g.output[i]!));
  const phases = b.op('Conv', [dy, kernel], {
    kernel_shape: ints(taps),
    pads: ints([taps[0]! - 1, taps[1]! - 1, ...endPads]),
  });
  const rows = g.output.map((o, i) => o + endPads[i]!);
  return interleavePhases(b, phases, [padded, c], s, rows, g.pads, spatial);
}

/**
 * The phases `[N, padded, rows…]` (channel c·s² + φh·s + φw, as DepthToSpace CRD reads them)
 * interleaved into `[N, c, s·rows…]` and cropped to `spatial` after `pads`, as one ConvTranspose
 * with stride s and an s × s kernel of ones and zeros (channels past c·s² get zeros).
 *
 * @remarks Exact for finite values: every output element is one phase value times 1 plus products
 * with 0, since stride = kernel makes the windows disjoint. onnxruntime runs it as a small GEMM
 * (multi-threaded) and a col2im that only copies, in place of a DepthToSpace and two Slices
 * (channel padding, crop), each a single-threaded pass: on ResNet-18's stem at batch 50, A/B in one process
 * (`tools/bench/ig-graph-ab.ts`), the whole gradient graph ran 1.03× faster by CPU time.
 */
function interleavePhases(
  b: GraphBuilder,
  phases: string,
  [padded, c]: readonly [number, number],
  s: number,
  rows: readonly number[],
  pads: readonly number[],
  spatial: readonly number[],
): string {
  const phaseCount = s * s;
  const weights = new Array<number>(padded * c * phaseCount).fill(0);
  for (let channel = 0; channel < c * phaseCount; channel++) {
    const phase = channel % phaseCount;
    weights[(channel * c + Math.floor(channel / phaseCount)) * phaseCount + phase] = 1;
  }
  const endCrop = rows.map((r, i) => s * r - pads[i]! - spatial[i]!);
  return b.op('ConvTranspose', [phases, b.float(weights, [padded, c, s, s])], {
    kernel_shape: ints([s, s]),
    strides: ints([s, s]),
    pads: ints([pads[0]!, pads[1]!, ...endCrop]),
  });
}

/**
 * [M, C, kh, kw] → [C·s², M, K, K]: each output channel (c, φh, φw) holds the taps
 * w[·, c, φh + s·a, φw + s·b], reversed along a and b (correlation), zero where past the kernel.
 */
function polyphaseKernel(
  b: GraphBuilder,
  w: string,
  dims: readonly [number, number, number, number],
  s: number,
  taps: readonly number[],
): string {
  const [m, c, kh, kw] = dims;
  const [th, tw] = taps as [number, number];
  const full = b.op('Pad', [w, b.int64([0, 0, 0, 0, 0, 0, th * s - kh, tw * s - kw])]);
  const split = b.op('Reshape', [full, b.int64([m, c, th, s, tw, s])]);
  const phaseMajor = b.op('Transpose', [split], { perm: ints([1, 3, 5, 0, 2, 4]) });
  const stacked = b.op('Reshape', [phaseMajor, b.int64([c * s * s, m, th, tw])]);
  const big = 2 ** 62;
  return b.op('Slice', [
    stacked,
    b.int64([-1, -1]),
    b.int64([-big, -big]),
    b.int64([2, 3]),
    b.int64([-1, -1]),
  ]);
}
