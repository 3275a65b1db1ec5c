import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { type GaussCache, kernelFor, type NormalSink, type ValueWindow } from '../kernel/index.js';
import {
  fillClippedNormalBytes,
  fillPolarNormals,
  fillWrappedBytes,
  type ImageRandom,
  type PolarSource,
} from './image-random.js';

const MASK64 = (1n << 64n) - 1n;
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;

/** splitmix64's output function (Steele, Lea & Flood 2014): a bijective 64-bit avalanche mix. */
function mix64(x: bigint): bigint {
  let z = x & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/**
 * The 128-bit xoroshiro128+ state of image `index` under `seed`: each half is a splitmix64
 * mix of (mixed seed) XOR (mixed counter), so the state depends on (seed, index) alone and
 * neighbouring seeds or indices land far apart. BigInt is fine here: it runs once per image.
 */
export function counterState(seed: number, index: number): [number, number, number, number] {
  const key = mix64(BigInt(seed) + GOLDEN_GAMMA);
  const s0 = mix64(key ^ mix64((2n * BigInt(index) + 1n) * GOLDEN_GAMMA));
  let s1 = mix64(key ^ mix64((2n * BigInt(index) + 2n) * GOLDEN_GAMMA));
  // xoroshiro's all-zero state is a fixed point; astronomically unlikely, but cheap to rule out.
  if (s0 === 0n && s1 === 0n) s1 = GOLDEN_GAMMA;
  const hi = (x: bigint) => Number(BigInt.asIntN(32, x >> 32n));
  const lo = (x: bigint) => Number(BigInt.asIntN(32, x));
  // pure-rand's state order is [s0 high, s0 low, s1 high, s1 low].
  return [hi(s0), lo(s0), hi(s1), lo(s1)];
}

/**
 * The `default` rng: a fresh pure-rand xoroshiro128+ per image, seeded from (seed, index), so
 * image i never depends on any other image. Doubles take 27 + 26 high bits of two 32-bit
 * outputs (the same construction as numpy's; the low bits of xoroshiro128+ are its weakest),
 * normals use the Marsaglia polar method on those doubles, and bounded integers take the top
 * bits of one output with rejection (exactly uniform).
 */
export class CounterRandom implements ImageRandom, PolarSource {
  private rng: RandomGenerator;
  private readonly gauss: GaussCache = { has: false, value: 0 };

  constructor(seed: number, index: number) {
    this.rng = xoroshiro128plusFromState(counterState(seed, index));
  }

  nextUint32(): number {
    return this.rng.next() >>> 0;
  }

  nextDouble(): number {
    const a = this.rng.next() >>> 5;
    const b = this.rng.next() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** The polar method in the WebAssembly kernel (same values and state), when it pays. */
  fillPolar(sink: NormalSink, n: number): boolean {
    const kernel = kernelFor(n);
    if (kernel === null) return false;
    this.rng = xoroshiro128plusFromState(kernel.fromXoroshiro(this.rng.getState(), this.gauss, sink, n));
    return true;
  }

  fillStandardNormal(out: Float64Array, n: number): void {
    if (!this.fillPolar({ kind: 'normals', dst: out }, n)) fillPolarNormals(this, this.gauss, out, n);
  }

  fillWrappedBytes(out: Uint8Array, window?: ValueWindow): void {
    fillWrappedBytes(this, out, window);
  }

  fillClippedNormalBytes(out: Uint8Array, mean: number, std: number, window?: ValueWindow): void {
    fillClippedNormalBytes(this, out, mean, std, window);
  }

  fillInts(out: Uint8Array, low: number, high: number): void {
    const range = high - low;
    if (range === 0) {
      out.fill(low);
      return;
    }
    const shift = Math.clz32(range);
    for (let i = 0; i < out.length; i++) {
      let v: number;
      do {
        v = this.rng.next() >>> shift;
      } while (v > range);
      out[i] = low + v;
    }
  }
}
