/**
 * MT19937, the 32-bit Mersenne Twister of Matsumoto & Nishimura (1998), as used by numpy's
 * legacy `RandomState`. https://doi.org/10.1145/272991.272995
 *
 * The state lives in an Int32Array and every step uses 32-bit integer arithmetic
 * (`Math.imul`, `>>>`), so the hot path never touches BigInt or boxed doubles.
 */

import { type GaussCache, kernelFor, type NormalSink, type ValueWindow } from '../kernel/index.js';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df | 0;
const UPPER = 0x80000000 | 0;
const LOWER = 0x7fffffff;
/** 2^-52: `q · 2^-52` equals `2 · (q / 2^53)` exactly. */
const TWO_POW_MINUS_52 = 2.220446049250313e-16;

export class Mt19937 {
  private readonly mt: Int32Array;
  /** Tempered outputs of the current block; `pos` is the next one to hand out. */
  private readonly out: Int32Array;
  private pos: number;

  private constructor(mt: Int32Array, out: Int32Array, pos: number) {
    this.mt = mt;
    this.out = out;
    this.pos = pos;
  }

  /**
   * Knuth's linear-congruential fill of the state from one 32-bit word. This is what
   * `np.random.seed(s)` does for an integer `s` in 0..2^32-1 (checked against numpy 1.24:
   * the state key after seeding equals this fill and the position is 624).
   */
  static fromSeed(seed: number): Mt19937 {
    const mt = new Int32Array(N);
    mt[0] = seed | 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]!;
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) | 0;
    }
    return new Mt19937(mt, new Int32Array(N), N);
  }

  /** An independent copy at the same position of the stream. */
  clone(): Mt19937 {
    return new Mt19937(this.mt.slice(), this.out.slice(), this.pos);
  }

  /** Next output as an unsigned 32-bit integer. */
  nextUint32(): number {
    if (this.pos >= N) this.twist();
    return this.out[this.pos++]! >>> 0;
  }

  /** A double in [0, 1) from two outputs: 27 high bits of the first, 26 of the second. */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * Runs the polar method in the WebAssembly kernel (`src/kernel/`), which computes the
   * same values and state as this class's JavaScript; false (state untouched) when the kernel is
   * unavailable or `n` is too small to be worth it.
   */
  fillPolar(cache: GaussCache, sink: NormalSink, n: number): boolean {
    const kernel = kernelFor(n);
    if (kernel === null) return false;
    this.pos = kernel.fromMt19937(this.mt, this.out, this.pos, cache, sink, n);
    return true;
  }

  /** Standard normals (numpy's `standard_normal`), through the kernel when it pays. */
  fillPolarNormals(cache: GaussCache, dst: Float64Array, n: number): void {
    if (!this.fillPolar(cache, { kind: 'normals', dst }, n)) this.fillPolarNormalsJs(cache, dst, n);
  }

  /**
   * The polar-method loop of {@link fillPolarNormals} specialised to this generator: while
   * four words remain in the block the doubles are built inline from the tempered buffer,
   * which is several times faster than a method call per double. Same draws, same order,
   * same expressions, so the result is identical.
   */
  fillPolarNormalsJs(cache: GaussCache, dst: Float64Array, n: number): void {
    const buf = this.out;
    let pos = this.pos;
    let i = 0;
    if (n > 0 && cache.has) {
      dst[i++] = cache.value;
      cache.has = false;
    }
    while (i < n) {
      let x1: number;
      let x2: number;
      let r2: number;
      do {
        if (pos <= N - 4) {
          x1 = 2 * (((buf[pos]! >>> 5) * 67108864 + (buf[pos + 1]! >>> 6)) / 9007199254740992) - 1;
          x2 = 2 * (((buf[pos + 2]! >>> 5) * 67108864 + (buf[pos + 3]! >>> 6)) / 9007199254740992) - 1;
          pos += 4;
        } else {
          this.pos = pos;
          x1 = 2 * this.nextDouble() - 1;
          x2 = 2 * this.nextDouble() - 1;
          pos = this.pos;
        }
        r2 = x1 * x1 + x2 * x2;
      } while (r2 >= 1 || r2 === 0);
      const f = Math.sqrt((-2 * Math.log(r2)) / r2);
      dst[i++] = f * x2;
      if (i < n) {
        dst[i++] = f * x1;
      } else {
        cache.has = true;
        cache.value = f * x1;
      }
    }
    this.pos = pos;
  }

  /**
   * The reference experiment's bytes, `(standard_normal(n) * 255).astype(np.uint8)`, straight
   * from the polar pairs: each normal z becomes `((z · 255) | 0) & 255` as soon as it is drawn,
   * so no Float64 buffer of normals is written and read back. Same draws, order, expressions and
   * gauss cache as {@link Mt19937.fillPolarNormals} followed by that cast, hence the same bytes.
   * `2 · (q / 2^53) − 1` is computed as `q · 2^-52 − 1`: scaling by a power of two is exact, so
   * the doubles are identical too.
   *
   * Large requests run in the WebAssembly kernel, which computes the same bytes and state;
   * {@link Mt19937.fillWrappedBytesJs} is the specification.
   */
  fillWrappedBytes(cache: GaussCache, dst: Uint8Array, n: number, window?: ValueWindow): void {
    if (!this.fillPolar(cache, { kind: 'wrap', dst, window }, n)) this.fillWrappedBytesJs(cache, dst, n);
  }

  /** {@link Mt19937.fillWrappedBytes} in plain JavaScript (the fallback, and the reference). */
  fillWrappedBytesJs(cache: GaussCache, dst: Uint8Array, n: number): void {
    const buf = this.out;
    let pos = this.pos;
    let i = 0;
    if (n > 0 && cache.has) {
      dst[i++] = ((cache.value * 255) | 0) & 255;
      cache.has = false;
    }
    while (i < n) {
      let x1: number;
      let x2: number;
      let r2: number;
      do {
        if (pos > N - 4) {
          this.pos = pos;
          this.twistIfNeeded4();
          pos = this.pos;
          if (pos > N - 4) {
            // Fewer than four words left in the block: draw through the generic path.
            x1 = 2 * this.nextDouble() - 1;
            x2 = 2 * this.nextDouble() - 1;
            pos = this.pos;
            r2 = x1 * x1 + x2 * x2;
            continue;
          }
        }
        x1 = ((buf[pos]! >>> 5) * 67108864 + (buf[pos + 1]! >>> 6)) * TWO_POW_MINUS_52 - 1;
        x2 = ((buf[pos + 2]! >>> 5) * 67108864 + (buf[pos + 3]! >>> 6)) * TWO_POW_MINUS_52 - 1;
        pos += 4;
        r2 = x1 * x1 + x2 * x2;
      } while (r2 >= 1 || r2 === 0);
      const f = Math.sqrt((-2 * Math.log(r2)) / r2);
      dst[i++] = ((f * x2 * 255) | 0) & 255;
      if (i < n) {
        dst[i++] = ((f * x1 * 255) | 0) & 255;
      } else {
        cache.has = true;
        cache.value = f * x1;
      }
    }
    this.pos = pos;
  }

  /** Twists when the block is used up exactly (so a fresh block serves the next four words). */
  private twistIfNeeded4(): void {
    if (this.pos >= N) this.twist();
  }

  /** Regenerates all 624 words at once (the "twist" of the recurrence). */
  private twist(): void {
    const mt = this.mt;
    // Three loops instead of `% N` indexing: the wrap-around only matters at the ends.
    let k = 0;
    for (; k < N - M; k++) {
      const y = (mt[k]! & UPPER) | (mt[k + 1]! & LOWER);
      mt[k] = mt[k + M]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; k < N - 1; k++) {
      const y = (mt[k]! & UPPER) | (mt[k + 1]! & LOWER);
      mt[k] = mt[k + M - N]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    const y = (mt[N - 1]! & UPPER) | (mt[0]! & LOWER);
    mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    // Temper the whole block here (tempering makes the state words equidistributed in their
    // high bits): a tight loop over a typed array is much faster than one word per call.
    const out = this.out;
    for (let i = 0; i < N; i++) {
      let t = mt[i]!;
      t ^= t >>> 11;
      t ^= (t << 7) & 0x9d2c5680;
      t ^= (t << 15) & 0xefc60000;
      t ^= t >>> 18;
      out[i] = t;
    }
    this.pos = 0;
  }
}
