import { NOISE_KINDS, type NoiseSpec, noiseImage, validateNoiseSpec } from '@snowblind/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  constantNoise,
  gaussianNoise,
  lowFrequencyNoise,
  noiseSpecArbitrary,
  saltPepperNoise,
  seedWrapNoise,
  uniformNoise,
} from './index.js';

/** The counterexample fast-check shrinks to for "every spec is at most `limit` strong". */
function shrinkTo(arbitrary: fc.Arbitrary<NoiseSpec>, strength: (s: NoiseSpec) => number, limit: number) {
  const details = fc.check(
    fc.property(arbitrary, (spec) => strength(spec) <= limit),
    { seed: 5 },
  );
  expect(details.failed).toBe(true);
  return details.counterexample![0];
}

describe('noise arbitraries', () => {
  it('draw valid specs of every kind, with the requested geometry', () => {
    const specs = fc.sample(noiseSpecArbitrary({ width: 12, height: 9, channels: 1 }), {
      seed: 1,
      numRuns: 300,
    });
    expect(new Set(specs.map((s) => s.kind))).toEqual(new Set(NOISE_KINDS));
    for (const spec of specs) {
      const resolved = validateNoiseSpec(spec);
      expect(resolved).toMatchObject({ width: 12, height: 9, channels: 1 });
      expect(noiseImage(spec, 0).data).toHaveLength(12 * 9);
    }
  });

  it('restrict kinds', () => {
    const specs = fc.sample(noiseSpecArbitrary({ kinds: ['uniform', 'constant'] }), { seed: 2, numRuns: 50 });
    expect(new Set(specs.map((s) => s.kind))).toEqual(new Set(['uniform', 'constant']));
  });

  it('gaussian shrinks toward a small std around mid-gray', () => {
    const spec = shrinkTo(gaussianNoise({ maxMeanShift: 40 }), (s) => s.params!.std!, 30);
    expect(spec.params).toEqual({ mean: 127.5, std: 30.1 });
    expect(spec.seed).toBe(0);
  });

  it('uniform shrinks toward a narrow range centred on 128', () => {
    const spec = shrinkTo(uniformNoise({ maxShift: 20 }), (s) => s.params!.high! - s.params!.low!, 50);
    expect(spec.params).toEqual({ low: 102, high: 154 });
  });

  it('salt-pepper shrinks toward a low density', () => {
    const spec = shrinkTo(saltPepperNoise(), (s) => s.params!.density!, 0.05);
    expect(spec.params!.density).toBeCloseTo(0.051, 12);
  });

  it('low-frequency shrinks toward smoother noise (a larger scale)', () => {
    const spec = shrinkTo(
      lowFrequencyNoise({ minScale: 2, maxScale: 16 }),
      (s) => 1 / s.params!.scale!,
      1 / 8,
    );
    expect(spec.params).toEqual({ scale: 7 });
  });

  it('constant shrinks toward mid-gray', () => {
    const spec = shrinkTo(
      constantNoise({ channels: 3 }),
      (s) => Math.max(...s.params!.color!.map((c) => Math.abs(c - 128))),
      10,
    );
    expect(spec.params!.color!.map((c) => Math.abs(c - 128)).sort((a, b) => a - b)).toEqual([0, 0, 11]);
  });

  it('seed-wrap varies only the seed', () => {
    const specs = fc.sample(seedWrapNoise({ maxSeed: 3 }), { seed: 1, numRuns: 20 });
    expect(specs.every((s) => s.kind === 'seed-wrap' && s.seed <= 3 && s.params === undefined)).toBe(true);
  });

  it('check their arguments eagerly', () => {
    expect(() => gaussianNoise({ minStd: 10, maxStd: 5 })).toThrow(
      'gaussianNoise: expected 0 ≤ minStd (10) ≤ maxStd (5)',
    );
    expect(() => uniformNoise({ maxAmplitude: 300 })).toThrow('uniformNoise:');
    expect(() => lowFrequencyNoise({ maxScale: 2.5 })).toThrow(
      'lowFrequencyNoise: minScale and maxScale must be integers',
    );
    expect(() => noiseSpecArbitrary({ kinds: [] })).toThrow('noiseSpecArbitrary: kinds must name');
    expect(() => saltPepperNoise({ width: 0 })).toThrow(
      'saltPepperNoise: width must be an integer in 1..4096',
    );
  });
});
