import type { GaussCache, NormalSink, ValueWindow } from '../kernel/index.js';
import {
  fillClippedNormalBytes,
  type ImageRandom,
  type PolarSource,
  skipPolarNormals,
} from './image-random.js';
import { Mt19937 } from './mt19937.js';

/**
 * numpy's legacy global generator (`np.random.seed(seed)` then `np.random.*` calls),
 * reproduced bit for bit for the calls noise kinds make: `standard_normal`, `normal` (as
 * `loc + scale * z`) and `randint` (masked rejection on 32-bit draws).
 *
 * The state is sequential: an image depends on every draw before it.
 */
export class NumpyRandomState implements ImageRandom, PolarSource {
  private readonly mt: Mt19937;
  private readonly gauss: GaussCache;

  private constructor(mt: Mt19937, gauss: GaussCache) {
    this.mt = mt;
    this.gauss = gauss;
  }

  /** The state right after `np.random.seed(seed)`, seed an integer in 0..2^32-1. */
  static seeded(seed: number): NumpyRandomState {
    return new NumpyRandomState(Mt19937.fromSeed(seed >>> 0), { has: false, value: 0 });
  }

  /** An independent copy at the same stream position (gauss cache included). */
  clone(): NumpyRandomState {
    return new NumpyRandomState(this.mt.clone(), { ...this.gauss });
  }

  nextUint32(): number {
    return this.mt.nextUint32();
  }

  nextDouble(): number {
    return this.mt.nextDouble();
  }

  fillStandardNormal(out: Float64Array, n: number): void {
    this.mt.fillPolarNormals(this.gauss, out, n);
  }

  fillPolar(sink: NormalSink, n: number): boolean {
    return this.mt.fillPolar(this.gauss, sink, n);
  }

  /** `(standard_normal(out.length) * 255).astype(np.uint8)` into `out`, without a Float64 buffer. */
  fillWrappedBytes(out: Uint8Array, window?: ValueWindow): void {
    this.mt.fillWrappedBytes(this.gauss, out, out.length, window);
  }

  fillClippedNormalBytes(out: Uint8Array, mean: number, std: number, window?: ValueWindow): void {
    fillClippedNormalBytes(this, out, mean, std, window);
  }

  /** Advances past `n` standard normals (cheaper than drawing them). */
  skipStandardNormal(n: number): void {
    // The kernel with an empty window draws and tests the pairs but takes no log.
    if (this.mt.fillPolar(this.gauss, { kind: 'wrap', dst: skipScratch(n), window: NOTHING }, n)) return;
    skipPolarNormals(this.mt, this.gauss, n);
  }

  /**
   * `randint(low, high + 1, size)`: each value is low + (32-bit draw & mask), redrawn while
   * above the range, where mask is the smallest 2^k - 1 covering `high - low`. A range of
   * one value consumes no draws.
   */
  fillInts(out: Uint8Array, low: number, high: number): void {
    const range = high - low;
    if (range === 0) {
      out.fill(low);
      return;
    }
    const mask = maskFor(range);
    for (let i = 0; i < out.length; i++) {
      let v: number;
      do {
        v = this.mt.nextUint32() & mask;
      } while (v > range);
      out[i] = low + v;
    }
  }

  /** Advances past `n` values of {@link fillInts} with the same range. */
  skipInts(n: number, low: number, high: number): void {
    const range = high - low;
    if (range === 0) return;
    const mask = maskFor(range);
    for (let i = 0; i < n; i++) {
      while ((this.mt.nextUint32() & mask) > range);
    }
  }
}

/** Smallest all-ones mask ≥ range (range ≥ 1). */
function maskFor(range: number): number {
  return 0xffffffff >>> Math.clz32(range);
}

/** A value window holding nothing: every normal of the request is skipped. */
const NOTHING: ValueWindow = { rowLength: 2 ** 30, top: 0, bottom: 0, left: 0, right: 0 };

let scratch = new Uint8Array(0);

/** Where the kernel copies the (unread) bytes of a skip. */
function skipScratch(n: number): Uint8Array {
  if (scratch.length < n) scratch = new Uint8Array(n);
  return scratch.subarray(0, n);
}
