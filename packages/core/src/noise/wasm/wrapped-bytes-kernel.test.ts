import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// The build script is plain ESM so that `npm run build:wasm` needs no TypeScript loader.
import { compileKernel, moduleText } from '../../../scripts/build-wasm.mjs';
import { Mt19937 } from '../mt19937.js';
import { NUMPY_NOISE_WASM } from './numpy-noise-wasm.js';
import { wrappedBytesKernel } from './wrapped-bytes-kernel.js';

/** A generator and its cache, so two copies can be driven side by side. */
function stream(seed: number) {
  return { mt: Mt19937.fromSeed(seed), cache: { has: false, value: 0 } };
}

/** Index of the first differing byte, -1 when equal (deep-equal on 200 kB arrays is slow). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  return a.findIndex((v, i) => v !== b[i]);
}

describe('WebAssembly SIMD kernel for numpy seed-wrap bytes', () => {
  it('is available on this Node (WebAssembly SIMD)', () => {
    expect(wrappedBytesKernel()).not.toBeNull();
  });

  it('gives the JavaScript loop’s bytes and state: aligned and unaligned streams, odd sizes, block ends', () => {
    let lcg = 12345;
    const nextSize = () => {
      lcg = (Math.imul(lcg, 1103515245) + 12345) >>> 0;
      return 4096 + (lcg % 70000);
    };
    for (const seed of [0, 1, 7, 42, 2 ** 31, 4294967295]) {
      const wasm = stream(seed);
      const js = stream(seed);
      // Sizes at the kernel threshold, odd sizes (the gauss cache), a full 256 × 256 × 3 image,
      // and pseudo-random sizes that stop anywhere in a 624-word block.
      const sizes = [4096, 4097, 196608, 4099, ...Array.from({ length: 8 }, nextSize)];
      sizes.forEach((n, k) => {
        const a = new Uint8Array(n);
        const b = new Uint8Array(n);
        wasm.mt.fillWrappedBytes(wasm.cache, a, n);
        js.mt.fillWrappedBytesJs(js.cache, b, n);
        expect(firstDifference(a, b)).toBe(-1);
        expect(wasm.cache).toEqual(js.cache);
        // Odd extra draws leave the stream off the four-word grid the fast path prefers.
        for (let d = 0; d < k % 4; d++) expect(wasm.mt.nextUint32()).toBe(js.mt.nextUint32());
      });
      expect(wasm.mt.nextDouble()).toBe(js.mt.nextDouble());
    }
  });

  it('computes V8’s Math.log exactly, in the scalar and the two-lane paths', () => {
    const { exports } = new WebAssembly.Instance(
      new WebAssembly.Module(Buffer.from(NUMPY_NOISE_WASM, 'base64')),
      {},
    );
    const log = exports.fdlibmLog as (x: number) => number;
    const lanes = exports.fdlibmLogLanes as (a: number, b: number, lane: number) => number;
    const special = [0, -0, -1, Number.NaN, Infinity, 5e-324, 2.2250738585072014e-308, 1, 1 + 2 ** -52];
    const nearOne = Array.from({ length: 200 }, (_, i) => 1 - (i + 1) * 2 ** -45); // |f| < 2^-20
    for (const x of [...special, ...nearOne]) expect(Object.is(log(x), Math.log(x))).toBe(true);
    let lcg = 99;
    const unit = () => {
      lcg = (Math.imul(lcg, 1664525) + 1013904223) >>> 0;
      return (lcg + 0.5) / 2 ** 32;
    };
    let tinyLanes = 0;
    let mismatches = 0;
    for (let i = 0; i < 200_000; i++) {
      // r² of the polar method: (0, 1), with many tiny values.
      const a = unit() * unit() ** 8;
      const b = unit();
      if (log(a) !== Math.log(a)) mismatches++;
      const l0 = lanes(a, b, 0);
      if (Number.isNaN(l0)) tinyLanes++;
      else if (l0 !== Math.log(a) || lanes(a, b, 1) !== Math.log(b)) mismatches++;
    }
    expect(mismatches).toBe(0);
    expect(tinyLanes).toBeLessThan(10);
  });

  it('keeps the committed module in step with the AssemblyScript source', { timeout: 120_000 }, async () => {
    const committed = readFileSync(new URL('./numpy-noise-wasm.ts', import.meta.url), 'utf8');
    expect(committed).toBe(moduleText(await compileKernel()));
  });
});
