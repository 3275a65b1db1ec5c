import { describe, expect, it } from 'vitest';
import { clearNumpyStreamCache, noiseImage, noiseImages } from './generate.js';
import type { NoiseSpec } from './types.js';

const specs: NoiseSpec[] = [
  { kind: 'seed-wrap', seed: 42, width: 16, height: 12, rng: 'numpy' },
  { kind: 'gaussian', seed: 42, width: 16, height: 12, rng: 'numpy' },
  { kind: 'uniform', params: { low: 3, high: 40 }, seed: 42, width: 16, height: 12, rng: 'numpy' },
  { kind: 'seed-wrap', seed: 42, width: 16, height: 12 },
  { kind: 'gaussian', params: { std: 20 }, seed: 42, width: 16, height: 12, channels: 1 },
  { kind: 'uniform', seed: 42, width: 16, height: 12 },
  { kind: 'salt-pepper', params: { density: 0.3 }, seed: 42, width: 16, height: 12 },
  { kind: 'low-frequency', params: { scale: 3 }, seed: 42, width: 16, height: 12 },
  { kind: 'constant', seed: 42, width: 16, height: 12 },
];

const bytes = (images: Iterable<{ data: Uint8Array }>) => [...images].map((im) => Array.from(im.data));

function inChunks(spec: NoiseSpec, total: number, chunk: number): number[][] {
  const out: number[][] = [];
  for (let start = 0; start < total; start += chunk) {
    out.push(...bytes(noiseImages(spec, start, Math.min(chunk, total - start))));
  }
  return out;
}

describe.each(specs)('determinism of $kind (rng $rng)', (spec) => {
  it('images 0..9 are the same in chunks of 1, 3 and 10, and in reverse order', () => {
    clearNumpyStreamCache();
    const reference = inChunks(spec, 10, 10);
    clearNumpyStreamCache();
    expect(inChunks(spec, 10, 1)).toEqual(reference);
    clearNumpyStreamCache();
    expect(inChunks(spec, 10, 3)).toEqual(reference);
    clearNumpyStreamCache();
    const reversed: number[][] = [];
    for (let i = 9; i >= 0; i--) reversed[i] = Array.from(noiseImage(spec, i).data);
    expect(reversed).toEqual(reference);
    // Warm cache at an unrelated position, then a cold start: still the same.
    expect(bytes(noiseImages(spec, 4, 3))).toEqual(reference.slice(4, 7));
    clearNumpyStreamCache();
    expect(bytes(noiseImages(spec, 4, 3))).toEqual(reference.slice(4, 7));
  });

  it('interleaved generators of the same spec do not disturb each other', () => {
    clearNumpyStreamCache();
    const reference = inChunks(spec, 6, 6);
    const a = noiseImages(spec, 0, 6);
    const b = noiseImages(spec, 0, 6);
    const fromA: number[][] = [];
    const fromB: number[][] = [];
    for (let i = 0; i < 6; i++) {
      fromA.push(Array.from(a.next().value!.data));
      fromB.push(Array.from(b.next().value!.data));
      // noiseImage in between moves the cached position around.
      noiseImage(spec, (i * 5) % 6);
    }
    expect(fromA).toEqual(reference);
    expect(fromB).toEqual(reference);
  });
});

describe("rng 'default' is counter-based", () => {
  it('image 5 alone equals image 5 in a batch, and differs from its neighbours', () => {
    const spec: NoiseSpec = { kind: 'seed-wrap', seed: 7, width: 32, height: 32 };
    const batch = [...noiseImages(spec, 0, 10)];
    expect(noiseImage(spec, 5).data).toEqual(batch[5]!.data);
    expect(noiseImage(spec, 5).data).not.toEqual(batch[4]!.data);
    expect(noiseImage(spec, 5).data).not.toEqual(noiseImage({ ...spec, seed: 8 }, 5).data);
  });

  it('handles indices and seeds up to 2^53 - 1', () => {
    const spec: NoiseSpec = { kind: 'uniform', seed: Number.MAX_SAFE_INTEGER, width: 4, height: 4 };
    const last = noiseImage(spec, Number.MAX_SAFE_INTEGER - 1);
    expect(last.data).toEqual(noiseImage(spec, Number.MAX_SAFE_INTEGER - 1).data);
    expect(last.data).not.toEqual(noiseImage(spec, Number.MAX_SAFE_INTEGER - 2).data);
  });

  it('is pinned: the first bytes of image 0 and 1 never change', () => {
    const spec: NoiseSpec = { kind: 'uniform', seed: 0, width: 4, height: 1, channels: 1 };
    expect([0, 1].map((i) => Array.from(noiseImage(spec, i).data))).toEqual(PINNED);
    const wrap = noiseImage({ kind: 'seed-wrap', seed: 0, width: 4, height: 2 }, 3);
    expect(Array.from(wrap.data)).toEqual(PINNED_SEED_WRAP);
  });
});

// Recorded once from this implementation; a change here breaks every stored report.
const PINNED: number[][] = [
  [223, 200, 213, 197],
  [35, 161, 253, 184],
];
const PINNED_SEED_WRAP = [
  67, 68, 222, 8, 166, 114, 253, 174, 140, 119, 123, 238, 44, 124, 85, 21, 149, 111, 166, 129, 253, 98, 171,
  187,
];
