// MT19937 (Matsumoto & Nishimura 1998) block regeneration, four words at a time: the twist of
// all 624 state words, then tempering into OUT. Same recurrence as src/noise/mt19937.ts.
import { MT, N, OUT } from './layout';

const M: i32 = 397;
const MATRIX_A: i32 = <i32>0x9908b0df;
const UPPER: i32 = <i32>0x80000000;
const LOWER: i32 = 0x7fffffff;

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

/** Regenerate the state and write the 624 tempered words of the next block to OUT. */
export function twist(): void {
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
