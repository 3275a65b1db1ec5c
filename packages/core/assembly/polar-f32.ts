// The polar method's factor sqrt(−2·log(r2)/r2) for four candidates at once in float32 lanes,
// with a bound on its error, so that the byte sinks can use it and stay exact.
//
// The byte sinks only need the byte of each normal: trunc(z·255) & 255, or
// rint(clip(mean + std·z)). Both are monotone in z, so when z lies in an interval whose ends give
// the same byte, that is z's byte. polar-bytes.ts builds that interval around the float32 normal
// z' = factor·f32(x) with relative half-width 2^-19 (32u, u = 2^-24 the float32 unit roundoff)
// and recomputes the exact double path when the ends differ (about 150 of the 31,000
// four-candidate steps of a 256 × 256 × 3 image).
//
// ERROR BOUND of the factor, each float32 operation rounding once (relative errors, first order):
//   r2 ∈ [2^-104, 1) is split exactly in double as 2^k·m, m ∈ [√½, √2), f = m − 1 (Sterbenz).
//   L = log1p part of f32(f): f32(f) costs ≤ 1.2u through log1p's condition number (≤ 1.2 on
//     this range); the polynomial is within 1.31u of log1p on every float32 of the range
//     (all 2.1e9 of them, tools/noise/check-log-f32.ts) ⇒ 2.51u.
//   log r2 = k·LN2_HI + (L + k·LN2_LO), k·LN2_HI exact (|k| ≤ 104 < 2^7): same signs except
//     k = −1 with f > 0, where |k·ln2| ≤ 2|log r2|, so the sum stays within 2·(2.51u + 2u) + 2u = 11u.
//   −2·log/f32(r2): + 2u ⇒ 13u; the square root halves it and adds u ⇒ ≤ 7.5u.
// polar-f32.test.ts measures it over half a million r2 across every binade (asserting < 12u). The
// byte check adds f32(x) and the product (2u), the rounded 255·(1 ∓ 2^-19) and its product (2u):
// 7.5u + 4u is far inside the interval's 32u.
//
// Inputs are never subnormal: accepted r2 ≥ 2^-104 (x = q·2^-52 − 1, so |x| ≥ 2^-52 when x ≠ 0).
//
// Constants live in memory, not as v128.const (see lanes.ts).

import { ONE_F64 } from './lanes';

// musl's logf coefficients (minimax for log1p on [√½ − 1, √2 − 1], in s = f / (2 + f)).
const LG1 = memory.data<f32>([0.66666662693, 0.66666662693, 0.66666662693, 0.66666662693], 16);
const LG2 = memory.data<f32>([0.40000972152, 0.40000972152, 0.40000972152, 0.40000972152], 16);
const LG3 = memory.data<f32>([0.28498786688, 0.28498786688, 0.28498786688, 0.28498786688], 16);
const LG4 = memory.data<f32>([0.24279078841, 0.24279078841, 0.24279078841, 0.24279078841], 16);
// ln 2 split so that k·LN2_HI is exact for |k| < 2^7 (LN2_HI ends in seven zero bits)
const LN2_HI = memory.data<f32>([6.9313812256e-1, 6.9313812256e-1, 6.9313812256e-1, 6.9313812256e-1], 16);
const LN2_LO = memory.data<f32>([9.0580006145e-6, 9.0580006145e-6, 9.0580006145e-6, 9.0580006145e-6], 16);
const HALF = memory.data<f32>([0.5, 0.5, 0.5, 0.5], 16);
const TWO = memory.data<f32>([2, 2, 2, 2], 16);
const MINUS_TWO = memory.data<f32>([-2, -2, -2, -2], 16);
// fdlibm's split on the high word: mantissa bits, the offset that carries at √2, that carry bit,
// the exponent field of 1.0, the low word, the exponent bias.
const MANTISSA_HIGH = memory.data<i64>([0x000fffff, 0x000fffff], 16);
const SQRT2_OFFSET = memory.data<i64>([0x95f64, 0x95f64], 16);
const CARRY = memory.data<i64>([0x100000, 0x100000], 16);
const ONE_HIGH = memory.data<i64>([0x3ff00000, 0x3ff00000], 16);
const LOW_WORD = memory.data<i64>([0xffffffff, 0xffffffff], 16);
const BIAS = memory.data<i64>([1023, 1023], 16);

/** Lanes 0, 1 of a and lanes 0, 1 of b (f64x2) as four float32 lanes. */
@inline
export function demote4(a: v128, b: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(a), f32x4.demote_f64x2_zero(b), 0, 1, 4, 5);
}

// fdlibm's split x = 2^k·m, m ∈ [√½, √2), on the 64-bit lanes of positive normal doubles, with
// the shifts x86 has (no 64-bit arithmetic shift, no two-source 32-bit shuffle).

/** The high word's mantissa bits plus 0x95f64: bit 20 is set when m would reach √2. */
@inline
function roundedHigh(x: v128): v128 {
  return i64x2.add(v128.and(i64x2.shr_u(x, 32), v128.load(MANTISSA_HIGH)), v128.load(SQRT2_OFFSET));
}

/** m − 1 (exact), as f64x2. */
@inline
function mantissaMinusOne(x: v128): v128 {
  const carry = v128.and(roundedHigh(x), v128.load(CARRY));
  const high = v128.or(
    v128.and(i64x2.shr_u(x, 32), v128.load(MANTISSA_HIGH)),
    v128.xor(carry, v128.load(ONE_HIGH)),
  );
  const m = v128.or(v128.and(x, v128.load(LOW_WORD)), i64x2.shl(high, 32));
  return f64x2.sub(m, v128.load(ONE_F64));
}

/** k, in the low 32 bits of each 64-bit lane. */
@inline
function exponent(x: v128): v128 {
  return i64x2.sub(i64x2.add(i64x2.shr_u(x, 52), i64x2.shr_u(roundedHigh(x), 20)), v128.load(BIAS));
}

/** log1p(f) − (the k·ln2 part), musl's logf evaluation order, plus k·LN2_LO; f in [√½ − 1, √2 − 1]. */
@inline
function log1pF32(f: v128, dk: v128): v128 {
  const s = f32x4.div(f, f32x4.add(v128.load(TWO), f));
  const z = f32x4.mul(s, s);
  const w = f32x4.mul(z, z);
  const t1 = f32x4.mul(w, f32x4.add(v128.load(LG2), f32x4.mul(w, v128.load(LG4))));
  const t2 = f32x4.mul(z, f32x4.add(v128.load(LG1), f32x4.mul(w, v128.load(LG3))));
  const hfsq = f32x4.mul(f32x4.mul(v128.load(HALF), f), f);
  const r = f32x4.add(t2, t1);
  const low = f32x4.add(f32x4.mul(s, f32x4.add(hfsq, r)), f32x4.mul(dk, v128.load(LN2_LO)));
  return f32x4.add(f32x4.sub(low, hfsq), f);
}

/**
 * log(r2) for four doubles in (0, 1), two f64x2 (candidates 0, 1 in a; 2, 3 in b), as float32
 * lanes: range reduction in double (exact), musl's logf polynomial in float32.
 */
@inline
export function logF32(a: v128, b: v128): v128 {
  const f = demote4(mantissaMinusOne(a), mantissaMinusOne(b));
  const dk = f32x4.convert_i32x4_s(v128.shuffle<i32>(exponent(a), exponent(b), 0, 2, 4, 6));
  return f32x4.add(log1pF32(f, dk), f32x4.mul(dk, v128.load(LN2_HI)));
}

/** sqrt(−2·log(r2)/r2) for the four candidates of {@link logF32}, in float32 lanes. */
@inline
export function polarFactorF32(a: v128, b: v128): v128 {
  return f32x4.sqrt(f32x4.div(f32x4.mul(v128.load(MINUS_TWO), logF32(a, b)), demote4(a, b)));
}

/** The polynomial part alone, for f in the reduced range (tools/noise/check-log-f32.ts). */
export function log1pFloat32(f: f32): f32 {
  return f32x4.extract_lane(log1pF32(f32x4.splat(f), f32x4.splat(0)), 0);
}
