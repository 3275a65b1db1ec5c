import { describe, expect, it } from 'vitest';
import { logSumExp, softmax } from './softmax.js';

describe('softmax', () => {
  it('matches exp(x)/Σexp row by row, each row summing to 1', () => {
    const logits = new Float32Array([0, 0, 0, 1, 2, 3]);
    const p = softmax(logits, 2, 3);
    for (let c = 0; c < 3; c++) expect(p[c]).toBeCloseTo(1 / 3, 7);
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    expect(p[3]).toBeCloseTo(Math.exp(1) / z, 7);
    expect(p[5]).toBeCloseTo(Math.exp(3) / z, 7);
    expect(p[3]! + p[4]! + p[5]!).toBeCloseTo(1, 6);
  });

  it('is shift-invariant and survives huge logits (max subtraction)', () => {
    const a = softmax(new Float32Array([1000, 1001, 999]), 1, 3);
    const b = softmax(new Float32Array([1, 2, 0]), 1, 3);
    expect([...a]).toEqual([...b]);
    expect(a.every(Number.isFinite)).toBe(true);
  });

  it('writes into a reused buffer', () => {
    const out = new Float32Array(4);
    expect(softmax(new Float32Array([0, 0, 0, 0]), 2, 2, out)).toBe(out);
    expect([...out]).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('rejects short inputs and outputs', () => {
    expect(() => softmax(new Float32Array(3), 2, 2)).toThrow(/2×2/);
    expect(() => softmax(new Float32Array(4), 2, 2, new Float32Array(2))).toThrow(/needs 4/);
  });
});

describe('logSumExp', () => {
  it('hand-computed values and ranges', () => {
    expect(logSumExp([0, 0])).toBeCloseTo(Math.LN2, 15);
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp([9, 0, 0, 9], 1, 2)).toBeCloseTo(Math.LN2, 15);
    expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
    expect(logSumExp([Number.NEGATIVE_INFINITY, 3])).toBe(3);
    expect(logSumExp([Number.POSITIVE_INFINITY, 3])).toBe(Number.POSITIVE_INFINITY);
    expect(logSumExp([Number.NaN, 3])).toBeNaN();
  });
});
