import { describe, expect, it } from 'vitest';
import { Mt19937 } from './mt19937.js';

/** The unfused path: normals into a Float64Array, then numpy's float64 → uint8 cast. */
function reference(mt: Mt19937, cache: { has: boolean; value: number }, n: number): Uint8Array {
  const z = new Float64Array(n);
  mt.fillPolarNormals(cache, z, n);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = ((z[i]! * 255) | 0) & 255;
  return out;
}

describe('Mt19937.fillWrappedBytes', () => {
  it('gives the bytes of fillPolarNormals + cast, across odd sizes, caches and block ends', () => {
    for (const seed of [0, 1, 4294967295]) {
      const a = Mt19937.fromSeed(seed);
      const b = Mt19937.fromSeed(seed);
      const ca = { has: false, value: 0 };
      const cb = { has: false, value: 0 };
      // Odd lengths leave a cached normal for the next call; many calls cross block boundaries.
      for (const n of [1, 7, 2, 311, 1000, 3, 196608, 5, 623, 624, 625]) {
        const fused = new Uint8Array(n);
        a.fillWrappedBytes(ca, fused, n);
        expect(fused).toEqual(reference(b, cb, n));
        expect(ca).toEqual(cb);
        expect(a.nextUint32()).toBe(b.nextUint32());
      }
    }
  });
});
