// AssemblyScript source of snowblind's WebAssembly SIMD noise kernel: Marsaglia's polar method
// on 53-bit doubles from MT19937 (numpy's legacy stream) or xoroshiro128+ (the `default` rng),
// writing the reference experiment's wrapped bytes, clipped Gaussian bytes or the normals.
//
// It computes exactly what the JavaScript in src/noise/ computes (that code stays the fallback
// and the specification): the same draws in the same order, IEEE-754 double operations in the
// same order (WebAssembly has no fused multiply-add), fdlibm's log as V8's Math.log, and
// numpy's rint as f64.nearest (round half to even). The byte sinks take most bytes from a
// float32 factor whose error is bounded (polar-f32.ts) and recompute on the double path whenever
// that bound leaves a byte in doubt (polar-bytes.ts), so their bytes are the same too; with a
// value window (window.ts) they skip the normals nobody reads. src/noise/kernel-parity.test.ts check
// every path against the JavaScript, and that the committed module is this source compiled.
//
// Built by `npm run build:wasm -w packages/core` into src/kernel/noise-kernel-wasm.ts.
import { logLanes, logScalar } from './fdlibm-log';
import { CACHED, DST, HAS, MEAN, N, OUT, POS, STD } from './layout';
import { HIGH_WORD_SCALE, ONE_F64, UNIT_SCALE } from './lanes';
import { loadWindow, unneededFrom } from './window';
import { twist } from './mt19937';
import { polarFactorF32 } from './polar-f32';
import { accepted, fourCandidateBytes, laneBytes, NORMALS, polarFactor, WRAP } from './polar-bytes';
import { xoroshiroBlock, xoroshiroLoad, xoroshiroRewind } from './xoroshiro';

const TWO_POW_MINUS_52: f64 = 2.220446049250313e-16;

/** Generators. */
const MT19937: i32 = 0;
const XOROSHIRO: i32 = 1;

let generator: i32 = MT19937;
let pos: i32 = 0;

/** Byte offset of the output; the host copies the result from here. */
export function outputOffset(): usize {
  return DST;
}

function refill(): void {
  if (generator == MT19937) twist();
  else xoroshiroBlock();
  pos = 0;
}

@inline
function nextUnit(): f64 {
  // 2·(q / 2^53) − 1 written as q·2^-52 − 1: the same double.
  if (pos >= N) refill();
  const a = load<u32>(OUT + ((<usize>pos) << 2)) >>> 5;
  pos++;
  if (pos >= N) refill();
  const b = load<u32>(OUT + ((<usize>pos) << 2)) >>> 6;
  pos++;
  return (<f64>a * 67108864.0 + <f64>b) * TWO_POW_MINUS_52 - 1;
}

@inline
function clippedByte(z: f64, mean: f64, std: f64): u8 {
  const v = mean + std * z;
  return v <= 0 ? 0 : v >= 255 ? 255 : <u8>nearest(v);
}

/** The sink of one normal at output index i. */
@inline
function emit(sink: i32, i: i32, z: f64, mean: f64, std: f64): void {
  if (sink == NORMALS) store<f64>(DST + ((<usize>i) << 3), z);
  else if (sink == WRAP) store<u8>(DST + <usize>i, <u8>(<i32>(z * 255) & 255));
  else store<u8>(DST + <usize>i, clippedByte(z, mean, std));
}

/**
 * The x1 (`second` false) or x2 values of the two candidate pairs in the eight words at p, as
 * f64x2. Values below 2^27 convert exactly through the signed conversion (the fast one on x86).
 */
@inline
function units(p: usize, second: bool): v128 {
  const g0 = v128.load(p);
  const g1 = v128.load(p + 16);
  const hi = second ? v128.shuffle<i32>(g0, g1, 2, 6, 2, 6) : v128.shuffle<i32>(g0, g1, 0, 4, 0, 4);
  const lo = second ? v128.shuffle<i32>(g0, g1, 3, 7, 3, 7) : v128.shuffle<i32>(g0, g1, 1, 5, 1, 5);
  const q = f64x2.add(
    f64x2.mul(f64x2.convert_low_i32x4_s(i32x4.shr_u(hi, 5)), v128.load(HIGH_WORD_SCALE)),
    f64x2.convert_low_i32x4_s(i32x4.shr_u(lo, 6)),
  );
  return f64x2.sub(f64x2.mul(q, v128.load(UNIT_SCALE)), v128.load(ONE_F64));
}

@inline
function radius2(x1: v128, x2: v128): v128 {
  return f64x2.add(f64x2.mul(x1, x1), f64x2.mul(x2, x2));
}

/**
 * Eight candidate pairs (OUT words pos..pos+31) for a byte sink, see `fourCandidateBytes`, as
 * two steps of four whose float32 factors are computed first.
 */
@inline
function eightCandidates(sink: i32, i: i32, mean: f64, std: f64): i32 {
  const p = OUT + ((<usize>pos) << 2);
  const x1a = units(p, false);
  const x2a = units(p, true);
  const x1b = units(p + 32, false);
  const x2b = units(p + 32, true);
  const x1c = units(p + 64, false);
  const x2c = units(p + 64, true);
  const x1d = units(p + 96, false);
  const x2d = units(p + 96, true);
  const r2a = radius2(x1a, x2a);
  const r2b = radius2(x1b, x2b);
  const r2c = radius2(x1c, x2c);
  const r2d = radius2(x1d, x2d);
  const facAB = polarFactorF32(r2a, r2b);
  const facCD = polarFactorF32(r2c, r2d);
  pos += 32;
  const written = fourCandidateBytes(sink, i, facAB, x1a, x2a, r2a, x1b, x2b, r2b, mean, std);
  return written + fourCandidateBytes(sink, i + written, facCD, x1c, x2c, r2c, x1d, x2d, r2d, mean, std);
}

/** Eight candidate pairs whose values nobody reads: only how many values they would give. */
@inline
function eightSkipped(): i32 {
  const p = OUT + ((<usize>pos) << 2);
  pos += 32;
  return (
    (acceptedPairs(p) + acceptedPairs(p + 32) + acceptedPairs(p + 64) + acceptedPairs(p + 96)) << 1
  );
}

/** How many of the two candidate pairs in the eight words at p are accepted (0 to 2). */
@inline
function acceptedPairs(p: usize): i32 {
  const r2 = radius2(units(p, false), units(p, true));
  return popcnt<i32>(i64x2.bitmask(accepted(r2)));
}

/**
 * Two candidate pairs (OUT words pos..pos+7), one per lane: writes the accepted pairs' values at
 * i and returns how many values were written (0, 2 or 4).
 */
@inline
function twoCandidates(sink: i32, i: i32, mean: f64, std: f64): i32 {
  const p = OUT + ((<usize>pos) << 2);
  const x1 = units(p, false);
  const x2 = units(p, true);
  const r2 = radius2(x1, x2);
  const accept = accepted(r2);
  const f = polarFactor(r2);
  const z2 = f64x2.mul(f, x2);
  const z1 = f64x2.mul(f, x1);
  const first = i64x2.extract_lane(accept, 0) != 0 ? 2 : 0;
  const second = i64x2.extract_lane(accept, 1) != 0 ? 2 : 0;
  // Lane 0's values go to i, lane 1's right after the accepted ones; rejected lanes are
  // written and then overwritten (or left beyond n, which the caller never reads).
  if (sink == NORMALS) {
    const d = DST + ((<usize>i) << 3);
    store<f64>(d, f64x2.extract_lane(z2, 0));
    store<f64>(d + 8, f64x2.extract_lane(z1, 0));
    const e = d + ((<usize>first) << 3);
    store<f64>(e, f64x2.extract_lane(z2, 1));
    store<f64>(e + 8, f64x2.extract_lane(z1, 1));
  } else {
    const b2 = laneBytes(sink, z2, mean, std);
    const b1 = laneBytes(sink, z1, mean, std);
    const d = DST + <usize>i;
    store<u8>(d, <u8>i32x4.extract_lane(b2, 0));
    store<u8>(d + 1, <u8>i32x4.extract_lane(b1, 0));
    const e = d + <usize>first;
    store<u8>(e, <u8>i32x4.extract_lane(b2, 1));
    store<u8>(e + 1, <u8>i32x4.extract_lane(b1, 1));
  }
  pos += 8;
  return first + second;
}

/** The polar loop: n values into DST through `sink`, with the gauss cache in STATE. */
function polar(sink: i32, n: i32): void {
  const mean = load<f64>(MEAN);
  const std = load<f64>(STD);
  let has = load<i32>(HAS);
  let i: i32 = 0;
  loadWindow(n);
  if (n > 0 && has != 0) {
    emit(sink, 0, load<f64>(CACHED), mean, std);
    has = 0;
    i = 1;
  }
  while (i < n) {
    if (sink != NORMALS && pos + 32 <= N && i + 16 <= n) {
      i += unneededFrom(i) >= i + 16 ? eightSkipped() : eightCandidates(sink, i, mean, std);
      continue;
    }
    if (pos + 8 <= N && i + 4 <= n) {
      i += twoCandidates(sink, i, mean, std);
      continue;
    }
    // One candidate pair, word by word (block ends, the last values).
    const x1 = nextUnit();
    const x2 = nextUnit();
    const r2 = x1 * x1 + x2 * x2;
    if (r2 >= 1 || r2 == 0) continue;
    const f = Math.sqrt((-2 * logScalar(r2)) / r2);
    emit(sink, i, f * x2, mean, std);
    i++;
    if (i < n) {
      emit(sink, i, f * x1, mean, std);
      i++;
    } else {
      has = 1;
      store<f64>(CACHED, f * x1);
    }
  }
  store<i32>(HAS, has);
}

/**
 * n values from the MT19937 state in MT/OUT at position POS; the state, POS and the cache are
 * updated in place (as `Mt19937` does in JavaScript).
 */
export function fillFromMt19937(sink: i32, n: i32): void {
  generator = MT19937;
  pos = load<i32>(POS);
  polar(sink, n);
  store<i32>(POS, pos);
}

/** n values from the xoroshiro128+ state in STATE, which is updated in place. */
export function fillFromXoroshiro(sink: i32, n: i32): void {
  generator = XOROSHIRO;
  xoroshiroLoad();
  pos = N;
  polar(sink, n);
  xoroshiroRewind(pos);
}

export { fallbackCount } from './polar-bytes';
export { log1pFloat32 } from './polar-f32';
export { rgbPlanes } from './planes';

// Test entry points: both log paths, compared with Math.log by the host's tests, and the
// float32 polar factor, compared with the exact one.

/** fdlibm log of one double (every input class). */
export function fdlibmLog(x: f64): f64 {
  return logScalar(x);
}

/** Lane `lane` of the two-lane log of (a, b). */
export function fdlibmLogLanes(a: f64, b: f64, lane: i32): f64 {
  const lg = logLanes(f64x2.replace_lane(f64x2.splat(a), 1, b));
  return lane == 0 ? f64x2.extract_lane(lg, 0) : f64x2.extract_lane(lg, 1);
}

/** The float32 factor sqrt(−2·log(r2)/r2) of one r2 in (0, 1), as polar-bytes.ts uses it. */
export function polarFactorFloat32(r2: f64): f64 {
  const v = f64x2.splat(r2);
  return <f64>f32x4.extract_lane(polarFactorF32(v, v), 0);
}
