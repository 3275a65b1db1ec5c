import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import {
  type GaussCache,
  KERNEL_MIN_VALUES,
  kernelExports,
  kernelFor,
  type NormalSink,
} from '../kernel/index.js';
import { CounterRandom, counterState } from './counter-rng.js';
import { fillPolarNormals, rint } from './image-random.js';
import { Mt19937 } from './mt19937.js';

/** Index of the first differing value, -1 when equal (deep-equal on 200 kB arrays is slow). */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** The JavaScript reference of each sink, from normals. */
function fromNormals(kind: NormalSink['kind'], z: Float64Array): ArrayLike<number> {
  if (kind === 'normals') return z;
  if (kind === 'wrap') return Uint8Array.from(z, (v) => ((v * 255) | 0) & 255);
  return Uint8Array.from(z, (v) => {
    const x = 40 + 60 * v;
    return x <= 0 ? 0 : x >= 255 ? 255 : rint(x);
  });
}

function sinkFor(kind: NormalSink['kind'], n: number): NormalSink {
  if (kind === 'normals') return { kind, dst: new Float64Array(n) };
  if (kind === 'wrap') return { kind, dst: new Uint8Array(n) };
  return { kind, dst: new Uint8Array(n), mean: 40, std: 60 };
}

/** Sizes at the threshold, odd ones (the gauss cache) and ones that stop anywhere in a block. */
function sizes(): number[] {
  let lcg = 12345;
  const next = () => {
    lcg = (Math.imul(lcg, 1103515245) + 12345) >>> 0;
    return KERNEL_MIN_VALUES + (lcg % 70000);
  };
  return [KERNEL_MIN_VALUES, KERNEL_MIN_VALUES + 1, 196608, 4099, ...Array.from({ length: 6 }, next)];
}

const KINDS = ['wrap', 'normals', 'clipped'] as const;

describe('WebAssembly SIMD noise kernel', () => {
  it('is available on this Node (WebAssembly SIMD) and not used for small requests', () => {
    expect(kernelFor(KERNEL_MIN_VALUES)).not.toBeNull();
    expect(kernelFor(KERNEL_MIN_VALUES - 1)).toBeNull();
  });

  it.each(KINDS)('MT19937 (rng numpy), %s: the JavaScript values and state', (kind) => {
    for (const seed of [0, 1, 42, 2 ** 31, 4294967295]) {
      const wasm = Mt19937.fromSeed(seed);
      const js = Mt19937.fromSeed(seed);
      const wasmCache = { has: false, value: 0 };
      const jsCache = { has: false, value: 0 };
      sizes().forEach((n, k) => {
        const sink = sinkFor(kind, n);
        expect(wasm.fillPolar(wasmCache, sink, n)).toBe(true);
        const z = new Float64Array(n);
        js.fillPolarNormalsJs(jsCache, z, n);
        expect(firstDifference(sink.dst, fromNormals(kind, z))).toBe(-1);
        expect(wasmCache).toEqual(jsCache);
        // Odd extra draws leave the stream off the four-word grid the fast path prefers.
        for (let d = 0; d < k % 4; d++) expect(wasm.nextUint32()).toBe(js.nextUint32());
      });
      expect(wasm.nextDouble()).toBe(js.nextDouble());
    }
  });

  it('MT19937: the public methods take the kernel and agree with their JavaScript twins', () => {
    const a = Mt19937.fromSeed(7);
    const b = Mt19937.fromSeed(7);
    const ca = { has: false, value: 0 };
    const cb = { has: false, value: 0 };
    const bytes = [new Uint8Array(150_001), new Uint8Array(150_001)] as const;
    a.fillWrappedBytes(ca, bytes[0], bytes[0].length);
    b.fillWrappedBytesJs(cb, bytes[1], bytes[1].length);
    expect(firstDifference(bytes[0], bytes[1])).toBe(-1);
    const normals = [new Float64Array(9_999), new Float64Array(9_999)] as const;
    a.fillPolarNormals(ca, normals[0], normals[0].length);
    b.fillPolarNormalsJs(cb, normals[1], normals[1].length);
    expect(firstDifference(normals[0], normals[1])).toBe(-1);
    expect(ca).toEqual(cb);
  });

  it.each(KINDS)('xoroshiro128+ (rng default), %s: the JavaScript values and state', (kind) => {
    for (const [seed, index] of [
      [0, 0],
      [1, 5],
      [123456, 99],
    ] as const) {
      let state = counterState(seed, index);
      const js = xoroshiro128plusFromState(state);
      const source = { nextDouble: () => ((js.next() >>> 5) * 67108864 + (js.next() >>> 6)) / 2 ** 53 };
      const wasmCache: GaussCache = { has: false, value: 0 };
      const jsCache: GaussCache = { has: false, value: 0 };
      for (const n of sizes()) {
        const sink = sinkFor(kind, n);
        state = kernelFor(n)!.fromXoroshiro(state, wasmCache, sink, n);
        const z = new Float64Array(n);
        fillPolarNormals(source, jsCache, z, n);
        expect(firstDifference(sink.dst, fromNormals(kind, z))).toBe(-1);
        expect(wasmCache).toEqual(jsCache);
        expect(state).toEqual(js.getState());
      }
    }
  });

  it('CounterRandom renders through the kernel with the values of its JavaScript path', () => {
    const rng = new CounterRandom(3, 8);
    const js = xoroshiro128plusFromState(counterState(3, 8));
    const source = { nextDouble: () => ((js.next() >>> 5) * 67108864 + (js.next() >>> 6)) / 2 ** 53 };
    const out = new Uint8Array(196_608);
    rng.fillWrappedBytes(out);
    const z = new Float64Array(out.length);
    fillPolarNormals(source, { has: false, value: 0 }, z, z.length);
    expect(firstDifference(out, fromNormals('wrap', z))).toBe(-1);
    expect(rng.nextUint32()).toBe(js.next() >>> 0);
  });

  it('computes V8’s Math.log exactly, in the scalar and the two-lane paths', () => {
    const exports = kernelExports();
    const log = exports.fdlibmLog as (x: number) => number;
    const lanes = exports.fdlibmLogLanes as (a: number, b: number, lane: number) => number;
    const special = [0, -0, -1, Number.NaN, Infinity, 5e-324, 2.2250738585072014e-308, 1, 1 + 2 ** -52];
    // 1 − k·2^-45 reaches fdlibm's |f| < 2^-20 branch, which the lanes hand to the scalar code.
    const nearOne = Array.from({ length: 200 }, (_, i) => 1 - (i + 1) * 2 ** -45);
    for (const x of [...special, ...nearOne]) expect(Object.is(log(x), Math.log(x))).toBe(true);
    for (const x of nearOne) expect(lanes(0.5, x, 1)).toBe(Math.log(x));
    let lcg = 99;
    const unit = () => {
      lcg = (Math.imul(lcg, 1664525) + 1013904223) >>> 0;
      return (lcg + 0.5) / 2 ** 32;
    };
    let mismatches = 0;
    for (let i = 0; i < 200_000; i++) {
      // r² of the polar method: (0, 1), with many tiny values.
      const a = unit() * unit() ** 8;
      const b = unit();
      if (log(a) !== Math.log(a)) mismatches++;
      if (lanes(a, b, 0) !== Math.log(a) || lanes(a, b, 1) !== Math.log(b)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});
