// fdlibm's __ieee754_log (Sun Microsystems, 1993; the algorithm V8's Math.log computes), ported
// twice: scalar for every input class, and two lanes at a time for positive normal doubles.
// WebAssembly has no fused multiply-add, so each operation rounds exactly as in the C code.

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

export function logScalar(xIn: f64): f64 {
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
 * only the |f| < 2^-20 case (about one input in 2^19) needs the scalar code.
 */
@inline
export function logLanes(x: v128): v128 {
  // Integer work on the two high words, in i32 lanes 0 and 1 (lanes 2 and 3 repeat them).
  const hx = v128.shuffle<i32>(x, x, 1, 3, 1, 3);
  const mant = v128.and(hx, i32x4.splat(0x000fffff));
  const i = v128.and(i32x4.add(mant, i32x4.splat(0x95f64)), i32x4.splat(0x100000));
  const high = v128.or(mant, v128.xor(i, i32x4.splat(0x3ff00000)));
  const xn = v128.shuffle<i32>(x, high, 0, 4, 2, 5);
  const k = i32x4.add(i32x4.sub(i32x4.shr_s(hx, 20), i32x4.splat(1023)), i32x4.shr_s(i, 20));
  const tiny = v128.any_true(i32x4.lt_s(v128.and(i32x4.add(mant, i32x4.splat(2)), i32x4.splat(0x000fffff)), i32x4.splat(3)));
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
  const lanes = v128.bitselect(a, b, sel);
  return tiny ? logLanesScalar(x) : lanes;
}

/** Both lanes through the scalar code (kept out of line: it runs about once per 2^18 inputs). */
function logLanesScalar(x: v128): v128 {
  return f64x2.replace_lane(
    f64x2.replace_lane(x, 0, logScalar(f64x2.extract_lane(x, 0))),
    1,
    logScalar(f64x2.extract_lane(x, 1)),
  );
}
