import { describe, expect, it } from 'vitest';
import { deriveSeed, gaussian, mulberry32, shuffledIndices } from './prng.js';

describe('mulberry32', () => {
  it('matches the reference sequence for seed 0', () => {
    // Reference: the canonical C/JS mulberry32 (Tommy Ettinger), first outputs for state 0.
    const rng = mulberry32(0);
    const first = [rng(), rng(), rng()].map((v) => Math.round(v * 4294967296));
    expect(first).toEqual([1144304738, 1416247, 958946056]);
  });

  it('is a pure function of the seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    for (let i = 0; i < 100; i++) expect(a()).toBe(b());
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });

  it('stays in [0, 1) with mean ≈ 1/2', () => {
    const rng = mulberry32(7);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const v = rng();
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
      sum += v;
    }
    expect(sum / 10_000).toBeCloseTo(0.5, 1);
  });
});

describe('deriveSeed', () => {
  it('gives distinct 32-bit seeds per stream', () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => deriveSeed(1, i)));
    expect(seeds.size).toBe(1000);
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
    expect(deriveSeed(1, 0)).toBe(deriveSeed(1, 0));
    expect(deriveSeed(2, 0)).not.toBe(deriveSeed(1, 0));
  });
});

describe('shuffledIndices', () => {
  it('returns a permutation, the same one for the same seed', () => {
    const p = shuffledIndices(1000, mulberry32(3));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(shuffledIndices(1000, mulberry32(3))).toEqual(p);
    expect(shuffledIndices(1000, mulberry32(4))).not.toEqual(p);
  });

  it('is Fisher–Yates: a hand-computed case', () => {
    // rng() = 0 always picks j = 0: swaps (3,0), (2,0), (1,0) turn [0,1,2,3] into [1,2,3,0].
    expect([...shuffledIndices(4, () => 0)]).toEqual([1, 2, 3, 0]);
    // rng() → 1⁻ always picks j = i: the identity.
    expect([...shuffledIndices(4, () => 0.999999)]).toEqual([0, 1, 2, 3]);
  });

  it('puts each element in each position about equally often', () => {
    const rng = mulberry32(11);
    const counts = Array.from({ length: 4 }, () => new Array(4).fill(0));
    for (let t = 0; t < 8000; t++) {
      shuffledIndices(4, rng).forEach((v, pos) => {
        counts[v]![pos]++;
      });
    }
    for (const row of counts) for (const c of row) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });
});

describe('gaussian', () => {
  it('has mean 0 and variance 1', () => {
    const rng = mulberry32(5);
    const xs = Array.from({ length: 20_000 }, () => gaussian(rng));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
