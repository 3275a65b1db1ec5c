// AssemblyScript source of the WebAssembly SIMD kernel behind `Mt19937.fillWrappedBytes`:
// the reference experiment's `(np.random.standard_normal(n) * 255).astype(np.uint8)` after
// `np.random.seed(s)`, producing exactly the bytes of the JavaScript implementation in
// `src/noise/mt19937.ts` (which stays the fallback and the specification).
//
// Built by `npm run build:wasm -w packages/core` into `src/noise/wasm/numpy-noise-wasm.ts`
// (base64); `numpy-noise-wasm.test.ts` checks that the committed module matches this source.
//
// Exactness: every float operation below is an IEEE-754 double operation in the same order as
// the JavaScript code (WebAssembly has no fused multiply-add), and `log` is a lane-wise port of
// fdlibm's `__ieee754_log` (Sun Microsystems, 1993), which is what V8's `Math.log` computes;
// the module is therefore bit-identical to the JavaScript path, not merely close to it.
//
// Memory layout (the host reads and writes the state around each call):
//   MT     624 × i32   Mersenne Twister state
//   OUT    624 × i32   tempered words of the current block
//   STATE  i32 pos (next word of OUT), i32 has (gauss cache flag), f64 cached value
//   DST    output bytes (n, plus 4 bytes of slack the kernel may scribble on)

const N: i32 = 624;
const M: i32 = 397;
const MATRIX_A: i32 = <i32>0x9908b0df;
const UPPER: i32 = <i32>0x80000000;
const LOWER: i32 = 0x7fffffff;
const TWO_POW_MINUS_52: f64 = 2.220446049250313e-16;

const MT: usize = 0;
const OUT: usize = 2560;
const STATE: usize = 5120;
const DST: usize = 65536;

// fdlibm log constants (hex values in e_log.c).
const LN2_HI: f64 = 6.93147180369123816490e-1; // 3fe62e42 fee00000
const LN2_LO: f64 = 1.90821492927058770002e-10; // 3dea39ef 35793c76
const TWO54: f64 = 1.8014398509481984e16; // 43500000 00000000
const LG1: f64 = 6.666666666666735130e-1; // 3FE55555 55555593
const LG2: f64 = 3.999999999940941908e-1; // 3FD99999 9997FA04
const LG3: f64 = 2.857142874366239149e-1; // 3FD24924 94229359
const LG4: f64 = 2.222219843214978396e-1; // 3FCC71C5 1D8E78AF
const LG5: f64 = 1.818357216161805012e-1; // 3FC74664 96CB03DE
const LG6: f64 = 1.531383769920937332e-1; // 3FC39A09 D078C69F
const LG7: f64 = 1.479819860511658591e-1; // 3FC2F112 DF3E5244

/** Byte offset of the output buffer; the host copies the bytes from here. */
export function outputOffset(): usize {
  return DST;
}

/** Byte offset of the state block (MT, OUT, STATE) the host synchronises. */
export function stateOffset(): usize {
  return MT;
}

// ---------------------------------------------------------------------------------------------
// MT19937 block regeneration, four words at a time.

@inline
function mag(y: v128): v128 {
  // -(y & 1) & MATRIX_A
  const low = v128.and(y, i32x4.splat(1));
  return v128.and(i32x4.sub(i32x4.splat(0), low), i32x4.splat(MATRIX_A));
}

@inline
function twistScalar(k: i32, next: i32, far: i32): void {
  const y = (load<i32>(MT + ((<usize>k) << 2)) & UPPER) | (load<i32>(MT + ((<usize>next) << 2)) & LOWER);
  const v = load<i32>(MT + ((<usize>far) << 2)) ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
  store<i32>(MT + ((<usize>k) << 2), v);
}

function twist(): void {
  const upper = i32x4.splat(UPPER);
  const lower = i32x4.splat(LOWER);
  // k in [0, 224): reads mt[k+1..k+4] and mt[k+M..] before any of them is rewritten.
  let k: i32 = 0;
  for (; k < 224; k += 4) {
    const p = MT + ((<usize>k) << 2);
    const y = v128.or(v128.and(v128.load(p), upper), v128.and(v128.load(p + 4), lower));
    const far = v128.load(p + ((<usize>M) << 2));
    v128.store(p, v128.xor(v128.xor(far, i32x4.shr_u(y, 1)), mag(y)));
  }
  for (; k < N - M; k++) twistScalar(k, k + 1, k + M);
  // k in [227, 623): mt[k+M-N] = mt[k-227] was already rewritten in this pass, as in the scalar loop.
  for (; k < N - 1; k += 4) {
    const p = MT + ((<usize>k) << 2);
    const y = v128.or(v128.and(v128.load(p), upper), v128.and(v128.load(p + 4), lower));
    const far = v128.load(p - ((<usize>(N - M)) << 2));
    v128.store(p, v128.xor(v128.xor(far, i32x4.shr_u(y, 1)), mag(y)));
  }
  twistScalar(N - 1, 0, M - 1);
  // Tempering of the whole block.
  const b = i32x4.splat(<i32>0x9d2c5680);
  const c = i32x4.splat(<i32>0xefc60000);
  for (let i: usize = 0; i < <usize>N; i += 4) {
    let t = v128.load(MT + (i << 2));
    t = v128.xor(t, i32x4.shr_u(t, 11));
    t = v128.xor(t, v128.and(i32x4.shl(t, 7), b));
    t = v128.xor(t, v128.and(i32x4.shl(t, 15), c));
    t = v128.xor(t, i32x4.shr_u(t, 18));
    v128.store(OUT + (i << 2), t);
  }
}

// ---------------------------------------------------------------------------------------------
// fdlibm log, scalar (all cases) and two lanes at a time (normal positive inputs).

function logScalar(xIn: f64): f64 {
  let x = xIn;
  let bits = reinterpret<i64>(x);
  let hx = <i32>(bits >> 32);
  const lx = <i32>bits;
  let k: i32 = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) == 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    bits = reinterpret<i64>(x);
    hx = <i32>(bits >> 32);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  x = reinterpret<f64>((bits & 0xffffffff) | ((<i64>(hx | (i ^ 0x3ff00000))) << 32));
  k += i >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f == 0) {
      if (k == 0) return 0;
      const dk = <f64>k;
      return dk * LN2_HI + dk * LN2_LO;
    }
    const r = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - r;
    const dk = <f64>k;
    return dk * LN2_HI - (r - dk * LN2_LO - f);
  }
  const s = f / (2.0 + f);
  const dk = <f64>k;
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const r = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + r));
    return dk * LN2_HI - (hfsq - (s * (hfsq + r) + dk * LN2_LO) - f);
  }
  if (k == 0) return f - s * (f - r);
  return dk * LN2_HI - (s * (f - r) - dk * LN2_LO - f);
}

/**
 * log of two positive normal doubles. For k = 0 the general expressions equal fdlibm's k = 0
 * shortcuts exactly (0·ln2 terms vanish, and a − b = −(b − a) under round-to-nearest), so
 * only the |f| < 2^-20 case needs the scalar code; `tiny` reports it.
 */
@inline
function log2Lanes(x: v128): v128 {
  // Integer work on the two high words, in i32 lanes 0 and 1 (lanes 2 and 3 repeat them).
  const hx = v128.shuffle<i32>(x, x, 1, 3, 1, 3);
  const mant = v128.and(hx, i32x4.splat(0x000fffff));
  const i = v128.and(i32x4.add(mant, i32x4.splat(0x95f64)), i32x4.splat(0x100000));
  const high = v128.or(mant, v128.xor(i, i32x4.splat(0x3ff00000)));
  const xn = v128.shuffle<i32>(x, high, 0, 4, 2, 5);
  const k = i32x4.add(i32x4.sub(i32x4.shr_s(hx, 20), i32x4.splat(1023)), i32x4.shr_s(i, 20));
  tiny = v128.any_true(i32x4.lt_s(v128.and(i32x4.add(mant, i32x4.splat(2)), i32x4.splat(0x000fffff)), i32x4.splat(3)));
  const dk = f64x2.convert_low_i32x4_s(k);
  const one = f64x2.splat(1.0);
  const f = f64x2.sub(xn, one);
  const s = f64x2.div(f, f64x2.add(f64x2.splat(2.0), f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(
    w,
    f64x2.add(f64x2.splat(LG2), f64x2.mul(w, f64x2.add(f64x2.splat(LG4), f64x2.mul(w, f64x2.splat(LG6))))),
  );
  const t2 = f64x2.mul(
    z,
    f64x2.add(
      f64x2.splat(LG1),
      f64x2.mul(w, f64x2.add(f64x2.splat(LG3), f64x2.mul(w, f64x2.add(f64x2.splat(LG5), f64x2.mul(w, f64x2.splat(LG7)))))),
    ),
  );
  const r = f64x2.add(t2, t1);
  const sel32 = i32x4.gt_s(
    v128.or(i32x4.sub(mant, i32x4.splat(0x6147a)), i32x4.sub(i32x4.splat(0x6b851), mant)),
    i32x4.splat(0),
  );
  const sel = v128.shuffle<i32>(sel32, sel32, 0, 0, 1, 1);
  const hi = f64x2.mul(dk, f64x2.splat(LN2_HI));
  const lo = f64x2.mul(dk, f64x2.splat(LN2_LO));
  const hfsq = f64x2.mul(f64x2.mul(f64x2.splat(0.5), f), f);
  const a = f64x2.sub(hi, f64x2.sub(f64x2.sub(hfsq, f64x2.add(f64x2.mul(s, f64x2.add(hfsq, r)), lo)), f));
  const b = f64x2.sub(hi, f64x2.sub(f64x2.sub(f64x2.mul(s, f64x2.sub(f, r)), lo), f));
  return v128.bitselect(a, b, sel);
}

// ---------------------------------------------------------------------------------------------
// Polar Gaussian pairs → wrapped bytes.

@inline
function wrapByte(v: f64): u8 {
  return <u8>(<i32>v & 255);
}

let pos: i32 = 0;
/** Set by log2Lanes when a lane needs fdlibm's |f| < 2^-20 branch. */
let tiny: bool = false;

@inline
function nextWord(): u32 {
  if (pos >= N) {
    twist();
    pos = 0;
  }
  const w = load<u32>(OUT + ((<usize>pos) << 2));
  pos++;
  return w;
}

@inline
function nextUnit(): f64 {
  // 2·(q / 2^53) − 1 written as q·2^-52 − 1: the same double.
  const a = nextWord() >>> 5;
  const b = nextWord() >>> 6;
  return (<f64>a * 67108864.0 + <f64>b) * TWO_POW_MINUS_52 - 1;
}

/**
 * Fill DST[0..n) and advance the state in STATE/MT/OUT exactly as `Mt19937.fillWrappedBytes`.
 */
export function fillWrapped(n: i32): void {
  pos = load<i32>(STATE);
  let has = load<i32>(STATE + 4);
  let i: i32 = 0;
  if (n > 0 && has != 0) {
    store<u8>(DST, wrapByte(load<f64>(STATE + 8) * 255));
    has = 0;
    i = 1;
  }
  const c26 = f64x2.splat(67108864.0);
  const c52 = f64x2.splat(TWO_POW_MINUS_52);
  const one = f64x2.splat(1.0);
  const c255 = f64x2.splat(255.0);
  while (i < n) {
    if (pos + 8 <= N && i + 4 <= n) {
      // Two candidate pairs (words pos..pos+7) in the two lanes.
      const p = OUT + ((<usize>pos) << 2);
      const g0 = v128.load(p);
      const g1 = v128.load(p + 16);
      const hiWords = i32x4.shr_u(v128.shuffle<i32>(g0, g1, 0, 4, 2, 6), 5);
      const loWords = i32x4.shr_u(v128.shuffle<i32>(g0, g1, 1, 5, 3, 7), 6);
      const x1 = f64x2.sub(
        f64x2.mul(f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_s(hiWords), c26), f64x2.convert_low_i32x4_s(loWords)), c52),
        one,
      );
      const hi2 = v128.shuffle<i32>(hiWords, hiWords, 2, 3, 2, 3);
      const lo2 = v128.shuffle<i32>(loWords, loWords, 2, 3, 2, 3);
      const x2 = f64x2.sub(
        f64x2.mul(f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_s(hi2), c26), f64x2.convert_low_i32x4_s(lo2)), c52),
        one,
      );
      const r2 = f64x2.add(f64x2.mul(x1, x1), f64x2.mul(x2, x2));
      const accept = v128.and(f64x2.lt(r2, one), f64x2.ne(r2, f64x2.splat(0)));
      let lg = log2Lanes(r2);
      if (tiny) {
        lg = f64x2.replace_lane(lg, 0, logScalar(f64x2.extract_lane(r2, 0)));
        lg = f64x2.replace_lane(lg, 1, logScalar(f64x2.extract_lane(r2, 1)));
      }
      const f = f64x2.sqrt(f64x2.div(f64x2.mul(f64x2.splat(-2.0), lg), r2));
      const b2 = i32x4.trunc_sat_f64x2_s_zero(f64x2.mul(f64x2.mul(f, x2), c255));
      const b1 = i32x4.trunc_sat_f64x2_s_zero(f64x2.mul(f64x2.mul(f, x1), c255));
      const dst = DST + <usize>i;
      store<u8>(dst, <u8>i32x4.extract_lane(b2, 0));
      store<u8>(dst + 1, <u8>i32x4.extract_lane(b1, 0));
      const step0 = i64x2.extract_lane(accept, 0) != 0 ? 2 : 0;
      store<u8>(dst + step0, <u8>i32x4.extract_lane(b2, 1));
      store<u8>(dst + step0 + 1, <u8>i32x4.extract_lane(b1, 1));
      i += step0 + (i64x2.extract_lane(accept, 1) != 0 ? 2 : 0);
      pos += 8;
      continue;
    }
    // One candidate pair through the word-at-a-time path (block ends, the last bytes).
    const x1 = nextUnit();
    const x2 = nextUnit();
    const r2 = x1 * x1 + x2 * x2;
    if (r2 >= 1 || r2 == 0) continue;
    const f = Math.sqrt((-2 * logScalar(r2)) / r2);
    store<u8>(DST + <usize>i, wrapByte(f * x2 * 255));
    i++;
    if (i < n) {
      store<u8>(DST + <usize>i, wrapByte(f * x1 * 255));
      i++;
    } else {
      has = 1;
      store<f64>(STATE + 8, f * x1);
    }
  }
  store<i32>(STATE, pos);
  store<i32>(STATE + 4, has);
}

// ---------------------------------------------------------------------------------------------
// Test entry points: both log paths, checked against Math.log by the host's tests.

/** fdlibm log of one double (every input class). */
export function fdlibmLog(x: f64): f64 {
  return logScalar(x);
}

/** Lane `lane` of the two-lane log of (a, b), or NaN when that input needs the scalar path. */
export function fdlibmLogLanes(a: f64, b: f64, lane: i32): f64 {
  const lg = log2Lanes(f64x2.replace_lane(f64x2.splat(a), 1, b));
  if (tiny) return NaN;
  return lane == 0 ? f64x2.extract_lane(lg, 0) : f64x2.extract_lane(lg, 1);
}
