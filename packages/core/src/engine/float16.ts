/**
 * IEEE 754 binary16 ("half") conversion. Node 20 has no `Float16Array`, and onnxruntime takes
 * float16 tensors as raw `Uint16Array` bit patterns, so models with float16 inputs or outputs
 * (e.g. the WinML SqueezeNet) go through these two functions.
 */

/**
 * Convert float32 values to IEEE half bit patterns, rounding to nearest, ties to even.
 *
 * @remarks Values above the largest half (65504) round to ±Infinity exactly as a hardware
 * conversion does (65520 and up); values below half the smallest subnormal (2^-25) flush to a
 * signed zero; NaN stays a quiet NaN with its sign and top payload bits.
 */
export function float32ToFloat16(values: Float32Array): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < bits.length; i++) out[i] = halfBits(bits[i]!);
  return out;
}

function halfBits(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return mant === 0 ? sign | 0x7c00 : sign | 0x7e00 | (mant >>> 13);
  const e = exp - 112; // rebias 127 → 15
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half (or zero): the value in units of 2^-24 is (1.mant) >> (14 - e).
    const shift = 14 - e;
    if (shift > 24) return sign;
    const m = mant | 0x800000;
    let h = m >>> shift;
    const rem = m & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && (h & 1) === 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (and reaches Infinity at the top).
  if (rem > 0x1000 || (rem === 0x1000 && (h & 1) === 1)) h++;
  return sign | h;
}

let table: Float32Array | undefined;

/** All 65536 half values as float32 (256 KiB, built on first use). */
function halfTable(): Float32Array {
  if (table) return table;
  const bits = new Uint32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = (h & 0x8000) << 16;
    const exp = (h >>> 10) & 0x1f;
    const mant = h & 0x3ff;
    if (exp === 0) {
      // Subnormal: mant × 2^-24, exact in float32.
      const f = new Float32Array([mant * 2 ** -24]);
      bits[h] = sign | new Uint32Array(f.buffer)[0]!;
    } else if (exp === 31) {
      bits[h] = sign | 0x7f800000 | (mant << 13);
    } else {
      bits[h] = sign | ((exp + 112) << 23) | (mant << 13);
    }
  }
  table = new Float32Array(bits.buffer);
  return table;
}

/** Convert IEEE half bit patterns to float32 values (exact: every half is a float32). */
export function float16ToFloat32(values: Uint16Array): Float32Array {
  const lut = halfTable();
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = lut[values[i]!]!;
  return out;
}
