import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../image/types.js';
import { noiseImage } from './generate.js';
import type { NoiseSpec } from './types.js';

const big = (spec: Omit<NoiseSpec, 'seed'>, seed = 1): RgbImage => noiseImage({ seed, ...spec }, 0);

function mean(data: Uint8Array): number {
  let s = 0;
  for (const v of data) s += v;
  return s / data.length;
}

function std(data: Uint8Array): number {
  const m = mean(data);
  let s = 0;
  for (const v of data) s += (v - m) ** 2;
  return Math.sqrt(s / data.length);
}

/** Mean absolute difference between horizontally adjacent values of the same channel. */
function roughness(image: RgbImage): number {
  const { data, width, height, channels: c } = image;
  let s = 0;
  for (let y = 0; y < height; y++) {
    for (let i = (y * width + 1) * c; i < (y + 1) * width * c; i++) s += Math.abs(data[i]! - data[i - c]!);
  }
  return s / (height * (width - 1) * c);
}

function histogram(data: Uint8Array): number[] {
  const h = new Array<number>(256).fill(0);
  for (const v of data) h[v]!++;
  return h;
}

describe.each(['default', 'numpy'] as const)('kinds (rng %s)', (rng) => {
  it('defaults to 256×256×3 HWC bytes', () => {
    const image = noiseImage({ kind: 'seed-wrap', seed: 3, rng }, 0);
    expect([image.width, image.height, image.channels, image.data.length]).toEqual([256, 256, 3, 196608]);
  });

  it('seed-wrap is near-uniform byte noise (mean ≈ 127.5, every value used)', () => {
    const { data } = big({ kind: 'seed-wrap', rng });
    expect(mean(data)).toBeCloseTo(127.5, 0);
    const h = histogram(data);
    expect(Math.min(...h)).toBeGreaterThan(0);
    // trunc(255·z) mod 256 puts extra mass on 0 (|z| < 1/255 truncates to 0).
    expect(h[0]!).toBeGreaterThan(h[128]!);
  });

  it('gaussian has its mean and std and stays in 0..255', () => {
    const { data } = big({ kind: 'gaussian', params: { mean: 100, std: 20 }, rng });
    expect(mean(data)).toBeGreaterThan(99.8);
    expect(mean(data)).toBeLessThan(100.2);
    expect(std(data)).toBeGreaterThan(19.8);
    expect(std(data)).toBeLessThan(20.2);
    // std 0 is exactly the mean, rounded half to even (127.5 → 128, 126.5 → 126).
    expect(mean(big({ kind: 'gaussian', params: { std: 0 }, rng }).data)).toBe(128);
    expect(mean(big({ kind: 'gaussian', params: { mean: 126.5, std: 0 }, rng }).data)).toBe(126);
    const clipped = big({ kind: 'gaussian', params: { mean: 250, std: 100 }, rng }).data;
    expect(Math.max(...histogram(clipped).map((n, v) => (n > 0 ? v : 0)))).toBe(255);
  });

  it('uniform covers low..high evenly', () => {
    const { data } = big({ kind: 'uniform', rng });
    expect(Math.abs(mean(data) - 127.5)).toBeLessThan(0.5);
    const h = histogram(data);
    const expected = data.length / 256;
    for (const n of h) expect(Math.abs(n - expected)).toBeLessThan(6 * Math.sqrt(expected));
    const narrow = big({ kind: 'uniform', params: { low: 10, high: 12 }, rng }).data;
    expect(new Set(narrow)).toEqual(new Set([10, 11, 12]));
    expect(new Set(big({ kind: 'uniform', params: { low: 9, high: 9 }, rng }).data)).toEqual(new Set([9]));
  });

  it('constant is exact, whatever the seed', () => {
    const image = big({ kind: 'constant', params: { color: [1, 2, 3] }, width: 5, height: 3, rng });
    expect(Array.from(image.data)).toEqual(Array.from({ length: 15 }, () => [1, 2, 3]).flat());
    expect(big({ kind: 'constant', rng }, 9).data.every((v) => v === 128)).toBe(true);
    expect(Array.from(big({ kind: 'constant', channels: 1, width: 2, height: 2, rng }).data)).toEqual([
      128, 128, 128, 128,
    ]);
  });
});

describe('default-only kinds', () => {
  it('salt-pepper sets the density of pixels to black or white, all channels together', () => {
    const image = big({ kind: 'salt-pepper', params: { density: 0.2 } });
    const { data } = image;
    let black = 0;
    let white = 0;
    let other = 0;
    for (let p = 0; p < data.length; p += 3) {
      if (data[p + 1] !== data[p] || data[p + 2] !== data[p]) other++;
      if (data[p] === 0) black++;
      else if (data[p] === 255) white++;
      else if (data[p] !== 128) other++;
    }
    expect(other).toBe(0);
    const pixels = data.length / 3;
    expect(Math.abs((black + white) / pixels - 0.2)).toBeLessThan(0.005);
    expect(Math.abs(black / pixels - 0.1)).toBeLessThan(0.005);
    expect(big({ kind: 'salt-pepper', params: { density: 0 } }).data.every((v) => v === 128)).toBe(true);
    expect(big({ kind: 'salt-pepper', params: { density: 1 } }).data.every((v) => v === 0 || v === 255)).toBe(
      true,
    );
  });

  it('low-frequency is much smoother than uniform noise and still spans the range', () => {
    const smooth = big({ kind: 'low-frequency' });
    const rough = big({ kind: 'uniform' });
    expect(roughness(smooth)).toBeLessThan(roughness(rough) / 5);
    expect(std(smooth.data)).toBeGreaterThan(30);
    // scale 1 is the grid itself: as rough as uniform noise.
    const grid = big({ kind: 'low-frequency', params: { scale: 1 } });
    expect(roughness(grid)).toBeGreaterThan(roughness(rough) * 0.9);
  });

  it('low-frequency interpolates between grid colors (no value outside the corner range)', () => {
    const image = big({ kind: 'low-frequency', params: { scale: 300 }, width: 10, height: 7, channels: 1 });
    // One grid cell: the whole image is that cell's color.
    expect(new Set(image.data).size).toBe(1);
  });
});
