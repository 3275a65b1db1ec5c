// AssemblyScript source of snowblind's WebAssembly SIMD noise kernel: Marsaglia's polar method
// on 53-bit doubles from MT19937 (numpy's legacy stream) or xoroshiro128+ (the `default` rng),
// writing the reference experiment's wrapped bytes, clipped Gaussian bytes or the normals.
//
// It computes exactly what the JavaScript in src/noise/ computes (that code stays the fallback
// and the specification): the same draws in the same order, IEEE-754 double operations in the
// same order (WebAssembly has no fused multiply-add), fdlibm's log as V8's Math.log, and
// numpy's rint as f64.nearest (round half to even). src/noise/wasm/noise-kernel.test.ts checks
// every path against the JavaScript, and that the committed module is this source compiled.
//
// Built by `npm run build:wasm -w packages/core` into src/noise/wasm/noise-kernel-wasm.ts.
import { logLanes, logScalar } from './fdlibm-log';
import { CACHED, DST, HAS, MEAN, N, OUT, POS, STD } from './layout';
import { twist } from './mt19937';
import { xoroshiroBlock, xoroshiroLoad, xoroshiroRewind } from './xoroshiro';

const TWO_POW_MINUS_52: f64 = 2.220446049250313e-16;

/** Generators. */
const MT19937: i32 = 0;
const XOROSHIRO: i32 = 1;
/** Sinks: what becomes of each normal z. */
const WRAP: i32 = 0; // (z · 255) truncated, low 8 bits: numpy's float64 → uint8 cast
const NORMALS: i32 = 1; // z as f64
const CLIPPED: i32 = 2; // rint(clip(mean + std · z, 0, 255))

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

/** Bytes of two lanes of normals for the byte sinks. */
@inline
function laneBytes(sink: i32, z: v128, mean: f64, std: f64): v128 {
  if (sink == WRAP) return i32x4.trunc_sat_f64x2_s_zero(f64x2.mul(z, f64x2.splat(255)));
  const v = f64x2.add(f64x2.splat(mean), f64x2.mul(f64x2.splat(std), z));
  // clip then rint equals rint then clip: rint is monotone and 0 and 255 are integers.
  const r = f64x2.pmin(f64x2.pmax(f64x2.nearest(v), f64x2.splat(0)), f64x2.splat(255));
  return i32x4.trunc_sat_f64x2_s_zero(r);
}

/**
 * Two candidate pairs (OUT words pos..pos+7), one per lane: writes the accepted pairs' values at
 * i and returns how many values were written (0, 2 or 4).
 */
@inline
function twoCandidates(sink: i32, i: i32, mean: f64, std: f64): i32 {
  const p = OUT + ((<usize>pos) << 2);
  const g0 = v128.load(p);
  const g1 = v128.load(p + 16);
  // Values below 2^27 convert exactly through the signed conversion (the fast one on x86).
  const hiWords = i32x4.shr_u(v128.shuffle<i32>(g0, g1, 0, 4, 2, 6), 5);
  const loWords = i32x4.shr_u(v128.shuffle<i32>(g0, g1, 1, 5, 3, 7), 6);
  const c26 = f64x2.splat(67108864.0);
  const c52 = f64x2.splat(TWO_POW_MINUS_52);
  const one = f64x2.splat(1.0);
  const q1 = f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_s(hiWords), c26), f64x2.convert_low_i32x4_s(loWords));
  const hi2 = v128.shuffle<i32>(hiWords, hiWords, 2, 3, 2, 3);
  const lo2 = v128.shuffle<i32>(loWords, loWords, 2, 3, 2, 3);
  const q2 = f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_s(hi2), c26), f64x2.convert_low_i32x4_s(lo2));
  const x1 = f64x2.sub(f64x2.mul(q1, c52), one);
  const x2 = f64x2.sub(f64x2.mul(q2, c52), one);
  const r2 = f64x2.add(f64x2.mul(x1, x1), f64x2.mul(x2, x2));
  const accept = v128.and(f64x2.lt(r2, one), f64x2.ne(r2, f64x2.splat(0)));
  const f = f64x2.sqrt(f64x2.div(f64x2.mul(f64x2.splat(-2.0), logLanes(r2)), r2));
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
  if (n > 0 && has != 0) {
    emit(sink, 0, load<f64>(CACHED), mean, std);
    has = 0;
    i = 1;
  }
  while (i < n) {
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

// Test entry points: both log paths, compared with Math.log by the host's tests.

/** fdlibm log of one double (every input class). */
export function fdlibmLog(x: f64): f64 {
  return logScalar(x);
}

/** Lane `lane` of the two-lane log of (a, b). */
export function fdlibmLogLanes(a: f64, b: f64, lane: i32): f64 {
  const lg = logLanes(f64x2.replace_lane(f64x2.splat(a), 1, b));
  return lane == 0 ? f64x2.extract_lane(lg, 0) : f64x2.extract_lane(lg, 1);
}
