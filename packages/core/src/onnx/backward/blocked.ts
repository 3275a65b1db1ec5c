/**
 * Formulations that onnxruntime keeps in its NCHWc (channel-blocked) layout, used where the
 * plain one would force layout conversions around every op.
 *
 * onnxruntime runs 4-D float convolutions on channel blocks of 8 or 16 and converts tensors back
 * to NCHW for any op its NCHWc transformer does not handle (it handles Conv with constant
 * weights and a fused activation, pools, and Add/Sum/Mul of equally shaped blocked tensors).
 * A ResNet-18 backward pass built from Greater/Where and Expand spent about 100 of 864 ms per
 * batch of 16 in those ops and the conversions around them; these versions avoid both.
 */
import { ints } from '../graph-builder.js';
import { ONNX_DATA_TYPE as DT } from '../types.js';
import type { BackwardContext } from './context.js';

/** 16 is the largest NCHWc block (AVX-512); a multiple of it also suits 8-wide blocks. */
const BLOCK = 16;

/** Channel count of a 4-D float32 tensor whose channels fill whole NCHWc blocks, else `undefined`. */
export function blockedChannels(ctx: BackwardContext, name: string): number | undefined {
  const info = ctx.info(name);
  const dims = info?.dims;
  if (ctx.b.floatType !== DT.FLOAT || !dims || dims.length !== 4) return undefined;
  const channels = dims[1];
  return typeof channels === 'number' && channels % BLOCK === 0 ? channels : undefined;
}

/** Largest |bound| {@link boundMask} takes: bound·2⁶⁴ stays far from float32's 2¹²⁸. */
export const MAX_MASK_BOUND = 2 ** 32;

/**
 * `1` where `y` is strictly beyond `bound` on `side`, `0` where `y == bound` (±0 for a bound of
 * 0), for a tensor that is never on the other side (a ReLU or Clip output), as a depthwise 1×1
 * Conv (with a bias unless the bound is 0) and a fused HardSigmoid, which onnxruntime runs in
 * NCHWc.
 *
 * @remarks Exact for `|bound| ≤ 2³²` and every non-NaN `y`: the Conv computes ±(y − bound)·2⁶⁴
 * (y·2⁶⁴ is exact; the sum is zero only when y equals the bound, and keeps its sign otherwise,
 * overflowing only to ±∞), so its smallest non-zero magnitude is 2⁻¹⁴⁹·2⁶⁴ = 2⁻⁸⁵, which
 * HardSigmoid's α = 2¹²⁷ (`clamp(α·v + β, 0, 1)`) takes to 2⁴² before the clamp to 1. Only
 * powers of two scale, so no value is rounded on the way to the sign.
 */
export function boundMask(
  ctx: BackwardContext,
  y: string,
  bound: number,
  side: 'above' | 'below',
  channels: number,
): string {
  const { b } = ctx;
  const scale = 2 ** 64;
  const sign = side === 'above' ? 1 : -1;
  const weight = b.float(new Array<number>(channels).fill(sign * scale), [channels, 1, 1, 1]);
  const inputs = [y, weight];
  if (bound !== 0) inputs.push(b.float(new Array<number>(channels).fill(-sign * bound * scale), [channels]));
  const scaled = b.op('Conv', inputs, { group: { int: channels }, kernel_shape: ints([1, 1]) });
  return b.op('HardSigmoid', [scaled], { alpha: 2 ** 127, beta: 0 });
}

/**
 * Broadcast `g` ([N, C, 1, 1]) over `height × width`, as a depthwise Conv of ones with full
 * padding (NCHWc) instead of an Expand (NCHW). Exact: each output sums one `g` value and zeros.
 */
export function spreadChannels(
  ctx: BackwardContext,
  g: string,
  channels: number,
  height: number,
  width: number,
): string {
  const { b } = ctx;
  const ones = b.float(new Array<number>(channels * height * width).fill(1), [channels, 1, height, width]);
  return b.op('Conv', [g, ones], {
    group: { int: channels },
    kernel_shape: ints([height, width]),
    pads: ints([height - 1, width - 1, height - 1, width - 1]),
  });
}
