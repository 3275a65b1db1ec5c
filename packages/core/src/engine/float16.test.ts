import { describe, expect, it } from 'vitest';
import { float16ToFloat32, float32ToFloat16 } from './float16.js';

const all = new Uint16Array(65536).map((_, i) => i);
const isNaNHalf = (h: number) => (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;

describe('float16', () => {
  it('decodes known values', () => {
    const f = float16ToFloat32(
      new Uint16Array([0x3c00, 0xc000, 0x7bff, 0x0001, 0x0400, 0x7c00, 0xfc00, 0x8000]),
    );
    expect(Array.from(f)).toEqual([1, -2, 65504, 2 ** -24, 2 ** -14, Infinity, -Infinity, -0]);
    expect(Number.isNaN(float16ToFloat32(new Uint16Array([0x7e00]))[0])).toBe(true);
  });

  it('round-trips all 65536 half values (NaNs stay NaN with their sign)', () => {
    const back = float32ToFloat16(float16ToFloat32(all));
    let mismatches = 0;
    for (let h = 0; h < 65536; h++) {
      const b = back[h]!;
      if (isNaNHalf(h)) {
        if (!isNaNHalf(b) || (b & 0x8000) !== (h & 0x8000)) mismatches++;
      } else if (b !== h) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('rounds every midpoint between adjacent halves to the even one, and nudged midpoints to the nearer', () => {
    const f = float16ToFloat32(all);
    const mids: number[] = [];
    const expectMid: number[] = [];
    const expectUp: number[] = [];
    const expectDown: number[] = [];
    // Positive and negative finite ranges: 0x0000..0x7bff and 0x8000..0xfbff.
    for (const base of [0, 0x8000]) {
      for (let h = base; h < base + 0x7bff; h++) {
        mids.push((f[h]! + f[h + 1]!) / 2);
        expectMid.push((h & 1) === 0 ? h : h + 1);
        expectUp.push(h + 1);
        expectDown.push(h);
      }
    }
    const m = new Float32Array(mids);
    expect(Array.from(float32ToFloat16(m))).toEqual(expectMid);
    // One float32 ulp away from the midpoint decides the direction.
    const away = new Float32Array(m.length);
    const toward = new Float32Array(m.length);
    for (let i = 0; i < m.length; i++) {
      const mag = Math.abs(m[i]!);
      const ulp = mag === 0 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(mag)) - 23);
      const s = i < 0x7bff ? 1 : -1;
      away[i] = m[i]! + s * ulp;
      toward[i] = m[i]! - s * ulp;
    }
    expect(Array.from(float32ToFloat16(away))).toEqual(expectUp);
    expect(Array.from(float32ToFloat16(toward))).toEqual(expectDown);
  });

  it('handles overflow, underflow, infinities and NaN', () => {
    const h = float32ToFloat16(
      new Float32Array([
        65504,
        65519,
        65520,
        1e9,
        -1e9,
        Infinity,
        -Infinity,
        2 ** -25,
        2 ** -25 * 1.0001,
        1e-10,
        -1e-10,
        Number.NaN,
      ]),
    );
    expect(Array.from(h.slice(0, 11))).toEqual([
      0x7bff, 0x7bff, 0x7c00, 0x7c00, 0xfc00, 0x7c00, 0xfc00, 0, 1, 0, 0x8000,
    ]);
    expect(isNaNHalf(h[11]!)).toBe(true);
  });

  it('respects the byte offset of a subarray view', () => {
    const big = new Float32Array([7, 1, 2, 3]);
    expect(Array.from(float16ToFloat32(float32ToFloat16(big.subarray(1))))).toEqual([1, 2, 3]);
  });
});
