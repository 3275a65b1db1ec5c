/**
 * Exhaustive check of the noise kernel's float32 log polynomial (packages/core/assembly/
 * polar-f32.ts): its relative error against Math.log1p on every float32 f in the reduced range
 * [√½ − 1, √2 − 1], the number the kernel's error bound is built on.
 *
 *   npx tsx tools/noise/check-log-f32.ts            # all ≈ 2.1e9 floats (a few minutes, one core)
 *   npx tsx tools/noise/check-log-f32.ts --stride 997   # every 997th float (seconds)
 */
import { parseArgs } from 'node:util';
import { kernelExports } from '../../packages/core/src/kernel/index.js';

const { values } = parseArgs({ options: { stride: { type: 'string', default: '1' } } });
const stride = Number(values.stride);
if (!Number.isInteger(stride) || stride < 1) throw new Error('--stride must be a positive integer');

const log1pFloat32 = kernelExports().log1pFloat32 as (f: number) => number;
const bits = new Uint32Array(1);
const float = new Float32Array(bits.buffer);
const U = 2 ** -24;

/** Largest relative error over the floats with bit patterns [from, to), sign bit included. */
function scan(from: number, to: number): { worst: number; at: number; count: number } {
  let worst = 0;
  let at = 0;
  let count = 0;
  for (let b = from; b < to; b += stride) {
    bits[0] = b;
    const f = float[0]!;
    const exact = Math.log1p(f);
    if (exact === 0) continue;
    const e = Math.abs(log1pFloat32(f) - exact) / Math.abs(exact);
    count++;
    if (e > worst) {
      worst = e;
      at = f;
    }
  }
  return { worst, at, count };
}

bits[0] = 0;
float[0] = Math.SQRT2 - 1;
const positiveEnd = bits[0]! + 1;
float[0] = 1 - Math.SQRT1_2;
const negativeEnd = bits[0]! + 1;
const t0 = performance.now();
const positive = scan(1, positiveEnd);
const negative = scan(0x80000001, 0x80000000 + negativeEnd);
const worst = positive.worst > negative.worst ? positive : negative;
console.log(
  `float32 log1p polynomial: ${positive.count + negative.count} floats in [√½ − 1, √2 − 1]` +
    `${stride > 1 ? ` (every ${stride}th)` : ''}, largest relative error ${(worst.worst / U).toFixed(3)}u ` +
    `(u = 2^-24) at f = ${worst.at}, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
);
