import { SnowblindError } from '@snowblind/core';
import fc from 'fast-check';

/** Image geometry and seed range shared by every noise arbitrary. */
export interface NoiseGeometry {
  /** @defaultValue 32 */
  readonly width?: number;
  /** @defaultValue 32 */
  readonly height?: number;
  /** @defaultValue 3 */
  readonly channels?: 1 | 3;
  /** Largest seed drawn (seeds shrink toward 0). @defaultValue 2^31 − 1 */
  readonly maxSeed?: number;
}

/** Throws the eager, prefixed argument error every arbitrary uses (as fast-check's own do). */
export function badArgument(arbitrary: string, message: string): never {
  throw new SnowblindError('BAD_INPUT', `${arbitrary}: ${message}`, {
    hint: `Check the options passed to ${arbitrary}().`,
  });
}

/** Checks `min ≤ max` inside `[lo, hi]`. */
export function checkRange(
  arbitrary: string,
  names: [string, string],
  min: number,
  max: number,
  lo: number,
  hi: number,
): void {
  if (!(Number.isFinite(min) && Number.isFinite(max) && min >= lo && max <= hi && min <= max)) {
    badArgument(arbitrary, `expected ${lo} ≤ ${names[0]} (${min}) ≤ ${names[1]} (${max}) ≤ ${hi}`);
  }
}

/** The fixed part of a spec: size and channels, checked. */
export function geometryOf(
  arbitrary: string,
  options: NoiseGeometry,
): { width: number; height: number; channels: 1 | 3 } {
  const { width = 32, height = 32, channels = 3 } = options;
  for (const [name, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 4096)
      badArgument(arbitrary, `${name} must be an integer in 1..4096, got ${v}`);
  }
  if (channels !== 1 && channels !== 3) badArgument(arbitrary, `channels must be 1 or 3, got ${channels}`);
  return { width, height, channels };
}

/** Seeds in 0..maxSeed, shrinking toward 0. */
export function seedArbitrary(arbitrary: string, options: NoiseGeometry): fc.Arbitrary<number> {
  const maxSeed = options.maxSeed ?? 0x7fffffff;
  if (!Number.isSafeInteger(maxSeed) || maxSeed < 0)
    badArgument(arbitrary, `maxSeed must be an integer ≥ 0, got ${maxSeed}`);
  return fc.nat({ max: maxSeed });
}

/**
 * Numbers on a grid of `1/steps` between `min` and `max` that shrink toward `min` (the weak
 * end): fast-check shrinks integers toward the bound nearest 0, so draw the distance from `min`.
 */
export function weakening(min: number, max: number, steps: number): fc.Arbitrary<number> {
  const span = Math.round((max - min) * steps);
  return fc.integer({ min: 0, max: span }).map((k) => Math.min(max, min + k / steps));
}
