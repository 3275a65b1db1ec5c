// Byte sinks of the polar method, four candidate pairs at a time through the float32 factor of
// polar-f32.ts, exact: a byte is taken from a float32 normal only when the whole interval that
// must contain the exact double normal maps to that byte; otherwise the four candidates are
// recomputed on the exact double path (fdlibm log), which is what every value would get anyway.
import { logLanes } from './fdlibm-log';
import { ONE_F64, ZERO_F64 } from './lanes';
import { DST } from './layout';
import { demote4 } from './polar-f32';

/** Sinks: what becomes of each normal z (codes shared with the host). */
export const WRAP: i32 = 0; // (z · 255) truncated, low 8 bits: numpy's float64 → uint8 cast
export const NORMALS: i32 = 1; // z as f64
export const CLIPPED: i32 = 2; // rint(clip(mean + std · z, 0, 255))

/**
 * Relative half-width of the interval around a float32 normal: 2^-19 = 32u, against an error of
 * at most 7.5u + 4u (the factor's bound in polar-f32.ts, then f32(x), z·255 and the ends).
 */
const MARGIN: f64 = 1.9073486328125e-6;

/** How many four-candidate steps fell back to the exact double path (read by tests and benches). */
let fallbacks: i32 = 0;

export function fallbackCount(): i32 {
  return fallbacks;
}

/**
 * Compaction shuffles: row `acc` (bit j set when candidate j is accepted) moves the byte pairs
 * 2j, 2j + 1 of the accepted candidates to the front, in order (128 selects zero).
 */
const COMPACT = memory.data(256, 16);
for (let acc = 0; acc < 16; acc++) {
  let k = 0;
  for (let j = 0; j < 16; j++) store<u8>(COMPACT + <usize>(acc * 16 + j), 128);
  for (let j = 0; j < 4; j++) {
    if (((acc >> j) & 1) == 0) continue;
    store<u8>(COMPACT + <usize>(acc * 16 + k), <u8>(2 * j));
    store<u8>(COMPACT + <usize>(acc * 16 + k + 1), <u8>(2 * j + 1));
    k += 2;
  }
}

/** The polar method's test of each lane's candidate pair: 0 < r2 < 1 (all-ones lanes pass). */
@inline
export function accepted(r2: v128): v128 {
  return v128.and(f64x2.lt(r2, v128.load(ONE_F64)), f64x2.ne(r2, v128.load(ZERO_F64)));
}

/** Bytes of two lanes of normals for the byte sinks (i32 lanes 0 and 1). */
@inline
export function laneBytes(sink: i32, z: v128, mean: f64, std: f64): v128 {
  if (sink == WRAP) return i32x4.trunc_sat_f64x2_s_zero(f64x2.mul(z, f64x2.splat(255)));
  const v = f64x2.add(f64x2.splat(mean), f64x2.mul(f64x2.splat(std), z));
  // clip then rint equals rint then clip: rint is monotone and 0 and 255 are integers.
  const r = f64x2.pmin(f64x2.pmax(f64x2.nearest(v), f64x2.splat(0)), f64x2.splat(255));
  return i32x4.trunc_sat_f64x2_s_zero(r);
}

/** The exact double factor sqrt(−2·log(r2)/r2) of two candidates. */
@inline
export function polarFactor(r2: v128): v128 {
  return f64x2.sqrt(f64x2.div(f64x2.mul(f64x2.splat(-2.0), logLanes(r2)), r2));
}

/** Lanes 0, 1 of a then lanes 0, 1 of b (four candidates' bytes as i32 lanes). */
@inline
function joinLanes(a: v128, b: v128): v128 {
  return v128.shuffle<i32>(a, b, 0, 1, 4, 5);
}

/**
 * Writes z2's then z1's byte of each accepted candidate, in order, as 8 bytes at DST + i (the
 * bytes past the accepted ones are overwritten later or lie beyond the request). b2 and b1 hold
 * the four candidates' bytes in the low 8 bits of their i32 lanes (higher bits are ignored).
 */
@inline
function storeAccepted(i: i32, b2: v128, b1: v128, acc: i32): i32 {
  const low = v128.load(LOW_BYTE);
  const pairs = v128.or(v128.and(b2, low), i32x4.shl(v128.and(b1, low), 8));
  const packed = i8x16.swizzle(i16x8.narrow_i32x4_u(pairs, pairs), v128.load(COMPACT + ((<usize>acc) << 4)));
  store<i64>(DST + <usize>i, i64x2.extract_lane(packed, 0));
  return popcnt<i32>(acc) << 1;
}

// Constants in memory, not as v128.const (see lanes.ts).
/** 255·(1 ∓ 2^-19) rounded to float32 (exact values): the ends of the interval around z·255. */
const WRAP_LOW = memory.data<f32>([254.99951171875, 254.99951171875, 254.99951171875, 254.99951171875], 16);
const WRAP_HIGH = memory.data<f32>([255.00048828125, 255.00048828125, 255.00048828125, 255.00048828125], 16);
/** 1.5 · 2^23: adding it to an integer-valued float32 t, |t| < 2^22, puts t mod 2^22 in the low bits. */
const INTEGER_BITS = memory.data<f32>([12582912, 12582912, 12582912, 12582912], 16);
const LOW_BYTE = memory.data<i32>([0xff, 0xff, 0xff, 0xff], 16);

/** The clipped bytes of the lower ends of four float32 normals' intervals (i32 lanes). */
@inline
function clippedEnd(z: v128, scale: f64, mean: f64, std: f64): v128 {
  const a = f64x2.mul(f64x2.promote_low_f32x4(z), f64x2.splat(scale));
  const b = f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(z, z, 2, 3, 2, 3)), f64x2.splat(scale));
  return joinLanes(laneBytes(CLIPPED, a, mean, std), laneBytes(CLIPPED, b, mean, std));
}

/**
 * Four candidate pairs for a byte sink: the float32 factor `fac` (polar-f32.ts) and (x1, x2, r2)
 * per candidate as f64x2 (candidates 0, 1 in the `a` vectors, 2, 3 in the `b` vectors). Writes
 * the accepted pairs' bytes from DST + i and returns how many values were written (0 to 8).
 */
@inline
export function fourCandidateBytes(
  sink: i32,
  i: i32,
  fac: v128,
  x1a: v128,
  x2a: v128,
  r2a: v128,
  x1b: v128,
  x2b: v128,
  r2b: v128,
  mean: f64,
  std: f64,
): i32 {
  const acceptA = accepted(r2a);
  const acceptB = accepted(r2b);
  const acc = i64x2.bitmask(acceptA) | (i64x2.bitmask(acceptB) << 2);
  if (acc == 0) return 0;
  const z1 = f32x4.mul(fac, demote4(x1a, x1b));
  const z2 = f32x4.mul(fac, demote4(x2a, x2b));
  let b2: v128;
  let b1: v128;
  let same: v128;
  if (sink == WRAP) {
    // The ends z·WRAP_LOW and z·WRAP_HIGH swap for z < 0; equality does not mind. |z · 255| <
    // 2^12, so the truncations are exact integers and INTEGER_BITS applies.
    const lo2 = f32x4.trunc(f32x4.mul(z2, v128.load(WRAP_LOW)));
    const lo1 = f32x4.trunc(f32x4.mul(z1, v128.load(WRAP_LOW)));
    same = v128.and(
      f32x4.eq(lo2, f32x4.trunc(f32x4.mul(z2, v128.load(WRAP_HIGH)))),
      f32x4.eq(lo1, f32x4.trunc(f32x4.mul(z1, v128.load(WRAP_HIGH)))),
    );
    b2 = f32x4.add(lo2, v128.load(INTEGER_BITS));
    b1 = f32x4.add(lo1, v128.load(INTEGER_BITS));
  } else {
    b2 = clippedEnd(z2, 1 - MARGIN, mean, std);
    b1 = clippedEnd(z1, 1 - MARGIN, mean, std);
    same = v128.and(
      i32x4.eq(b2, clippedEnd(z2, 1 + MARGIN, mean, std)),
      i32x4.eq(b1, clippedEnd(z1, 1 + MARGIN, mean, std)),
    );
  }
  if ((i32x4.bitmask(v128.not(same)) & acc) == 0) return storeAccepted(i, b2, b1, acc);
  fallbacks++;
  const fa = polarFactor(r2a);
  const fb = polarFactor(r2b);
  return storeAccepted(
    i,
    joinLanes(laneBytes(sink, f64x2.mul(fa, x2a), mean, std), laneBytes(sink, f64x2.mul(fb, x2b), mean, std)),
    joinLanes(laneBytes(sink, f64x2.mul(fa, x1a), mean, std), laneBytes(sink, f64x2.mul(fb, x1b), mean, std)),
    acc,
  );
}
