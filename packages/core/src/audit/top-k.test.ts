import { describe, expect, it } from 'vitest';
import { topK } from './top-k.js';

describe('topK', () => {
  it('one row, sorted descending', () => {
    expect(topK([0.1, 0.5, 0.2, 0.9], 2)).toEqual({ indices: [3, 1], scores: [0.9, 0.5] });
  });

  it('ties go to the lower index', () => {
    expect(topK([0.3, 0.7, 0.7, 0.3, 0.7], 4)).toEqual({
      indices: [1, 2, 4, 0],
      scores: [0.7, 0.7, 0.7, 0.3],
    });
  });

  it('NaN ranks first, like torch.topk', () => {
    expect(topK([1, Number.NaN, 2], 2).indices).toEqual([1, 2]);
  });

  it('k larger than the row is clamped', () => {
    expect(topK([2, 1], 5)).toEqual({ indices: [0, 1], scores: [2, 1] });
  });

  it('matrix form: one result per row, indices relative to the row', () => {
    const rows = topK(new Float32Array([1, 3, 2, 6, 5, 4]), 2, 3, 2);
    expect(rows).toEqual([
      { indices: [1, 2], scores: [3, 2] },
      { indices: [0, 1], scores: [6, 5] },
    ]);
  });

  it('agrees with a full stable sort on random rows', () => {
    let s = 3;
    const rand = () => {
      s = (s * 16807) % 2147483647;
      return Math.floor((s / 2147483647) * 8) / 8;
    };
    for (let t = 0; t < 200; t++) {
      const row = Array.from({ length: 20 }, rand);
      const expected = row
        .map((v, i) => ({ v, i }))
        .sort((a, b) => b.v - a.v || a.i - b.i)
        .slice(0, 5);
      const got = topK(row, 5);
      expect(got.indices).toEqual(expected.map((e) => e.i));
      expect(got.scores).toEqual(expected.map((e) => e.v));
    }
  });

  it('rejects k < 1', () => {
    expect(() => topK([1], 0)).toThrow(/k must be/);
  });
});
