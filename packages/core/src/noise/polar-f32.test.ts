import { describe, expect, it } from 'vitest';
import { kernelExports, kernelFor, type NormalSink, type ValueWindow } from '../kernel/index.js';
import { rint } from './image-random.js';
import { Mt19937 } from './mt19937.js';

// The byte sinks take their bytes from a float32 polar factor when the exact double normal is
// certain to give the same byte (assembly/polar-f32.ts has the error bound, polar-bytes.ts the
// check). kernel-parity.test.ts compares every sink with the JavaScript bit for bit; these tests
// pin the bound itself, that the exact recompute path runs, and the value windows.

const U = 2 ** -24;

/** Deterministic doubles in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const hi = s;
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (hi * 2 ** 21 + (s >>> 11)) / 2 ** 53;
  };
}

describe('float32 polar factor', () => {
  const exports = kernelExports();
  const factor32 = exports.polarFactorFloat32 as (r2: number) => number;
  const exact = (r2: number) => Math.sqrt((-2 * Math.log(r2)) / r2);

  it('stays within 12 float32 roundoffs of sqrt(−2·log(r2)/r2) over (2^-104, 1)', () => {
    const unit = lcg(1);
    const inputs: number[] = [];
    for (let k = 0; k < 400_000; k++) inputs.push(unit() || 0.5); // uniform, as x1² + x2² mostly is
    for (let k = 0; k < 100_000; k++) inputs.push(2 ** (-104 * unit())); // every binade
    for (let k = 1; k <= 20_000; k++) inputs.push(1 - k * 2 ** -53, 1 - k * 2 ** -30); // log ≈ 0
    for (let k = -2000; k <= 2000; k++) inputs.push(Math.SQRT1_2 * (1 + k * 2 ** -52)); // range split
    let worst = 0;
    for (const r2 of inputs) {
      const e = Math.abs(factor32(r2) - exact(r2)) / exact(r2);
      if (e > worst) worst = e;
    }
    // The margin the byte check uses (2^-19 = 32u) covers this plus the x and ·255 roundings.
    expect(worst).toBeLessThan(12 * U);
    expect(worst).toBeGreaterThan(0);
  });
});

function sink(kind: 'wrap' | 'clipped', n: number, window?: ValueWindow): NormalSink {
  return kind === 'wrap'
    ? { kind, dst: new Uint8Array(n), window }
    : { kind, dst: new Uint8Array(n), mean: 100, std: 90, window };
}

/** Every index the window covers. */
function* inside(w: ValueWindow): Generator<number> {
  for (let r = w.top; r < w.bottom; r++) for (let c = w.left; c < w.right; c++) yield r * w.rowLength + c;
}

describe('byte sinks through the float32 factor', () => {
  it('recompute the uncertain candidates on the exact path, and still match the JavaScript', () => {
    const kernel = kernelFor(196_608)!;
    const before = kernel.fallbacks();
    for (const kind of ['wrap', 'clipped'] as const) {
      const a = Mt19937.fromSeed(11);
      const b = Mt19937.fromSeed(11);
      const out = sink(kind, 196_608);
      a.fillPolar({ has: false, value: 0 }, out, 196_608);
      const z = new Float64Array(196_608);
      b.fillPolarNormalsJs({ has: false, value: 0 }, z, z.length);
      const expected =
        kind === 'wrap'
          ? Uint8Array.from(z, (v) => ((v * 255) | 0) & 255)
          : Uint8Array.from(z, (v) => {
              const x = 100 + 90 * v;
              return x <= 0 ? 0 : x >= 255 ? 255 : rint(x);
            });
      let differ = 0;
      for (let i = 0; i < z.length; i++) if (out.dst[i] !== expected[i]) differ++;
      expect(differ).toBe(0);
    }
    // About one step in 200 falls back: some 150 per 196,608-value image.
    expect(kernel.fallbacks() - before).toBeGreaterThan(10);
  });

  const windows: [string, ValueWindow][] = [
    ['224 × 224 crop of 256 × 256 × 3', { rowLength: 768, top: 16, bottom: 240, left: 48, right: 720 }],
    ['whole rows', { rowLength: 768, top: 100, bottom: 101, left: 0, right: 768 }],
    ['one column band', { rowLength: 300, top: 0, bottom: 600, left: 7, right: 31 }],
    ['bottom right corner', { rowLength: 768, top: 200, bottom: 256, left: 700, right: 768 }],
    ['nothing', { rowLength: 768, top: 0, bottom: 0, left: 0, right: 0 }],
  ];

  it.each(windows)('with a window (%s): the same bytes inside it and the same stream after', (_, window) => {
    const n = 196_608;
    for (const kind of ['wrap', 'clipped'] as const) {
      const full = Mt19937.fromSeed(5);
      const part = Mt19937.fromSeed(5);
      const fullCache = { has: true, value: 0.25 };
      const partCache = { has: true, value: 0.25 };
      const a = sink(kind, n);
      const b = sink(kind, n, window);
      for (let round = 0; round < 3; round++) {
        full.fillPolar(fullCache, a, n - round); // odd sizes leave a cached normal
        part.fillPolar(partCache, b, n - round);
        let differ = 0;
        for (const i of inside(window)) if (i < n - round && a.dst[i] !== b.dst[i]) differ++;
        expect(differ).toBe(0);
        expect(partCache).toEqual(fullCache);
      }
      expect(part.nextDouble()).toBe(full.nextDouble());
    }
  });
});
