import { SnowblindError } from '../errors.js';

/**
 * Bounds that keep a found image "noise": all are on the perturbation δ = image − start, in 8-bit
 * gray levels, and every iterate also stays in the valid pixel range [0, 255].
 */
export interface FoolConstraints {
  /** L∞ ball: every value moves at most this many levels (Madry et al.'s ε, e.g. 8). */
  readonly linf?: number;
  /** L2 ball: √Σδ² over all height · width · channels values is at most this. */
  readonly l2?: number;
  /**
   * Smoothness: horizontally or vertically neighbouring pixels (same channel) of δ differ by at
   * most this many levels, so the change cannot draw sharp edges. A whole number.
   */
  readonly smooth?: number;
}

/** Names a constraint check reports under. */
export type ConstraintName = 'linf' | 'l2' | 'smooth' | 'noise-params';

/** One constraint measured on the final 8-bit image. */
export interface ConstraintCheck {
  readonly constraint: ConstraintName;
  /** The bound asked for; `null` when the value is only measured, not bounded. */
  readonly bound: number | null;
  /**
   * The measured value: max |δ|, ‖δ‖₂, the largest neighbour difference of δ, or for
   * `noise-params` the number of bytes that differ from the image regenerated from the found
   * parameters (0 when it held).
   */
  readonly value: number;
  readonly held: boolean;
}

/** Height, width and channels of the pixel image (HWC). */
export interface Geometry {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/**
 * Checks constraints from untrusted input.
 * @throws SnowblindError `BAD_INPUT` for a negative or non-finite bound or a fractional `smooth`.
 */
export function validateConstraints(constraints: FoolConstraints): FoolConstraints {
  for (const name of ['linf', 'l2', 'smooth'] as const) {
    const value = constraints[name];
    if (value === undefined) continue;
    if (!(Number.isFinite(value) && value >= 0) || (name === 'smooth' && !Number.isInteger(value))) {
      throw new SnowblindError(
        'BAD_INPUT',
        `constraint ${name} must be a ${name === 'smooth' ? 'whole ' : ''}number ≥ 0, got ${value}`,
        {
          hint:
            name === 'smooth' ? 'for example smooth 4 (levels between neighbours)' : `for example ${name} 8`,
        },
      );
    }
  }
  return constraints;
}

/** Largest |δ(p) − δ(q)| over horizontally and vertically neighbouring pixels, per channel. */
export function maxNeighbourDifference(delta: ArrayLike<number>, g: Geometry): number {
  const { height, width, channels: c } = g;
  let max = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * c;
      for (let k = 0; k < c; k++) {
        const v = delta[i + k]!;
        if (x + 1 < width) max = Math.max(max, Math.abs(v - delta[i + c + k]!));
        if (y + 1 < height) max = Math.max(max, Math.abs(v - delta[i + width * c + k]!));
      }
    }
  }
  return max;
}

/**
 * Replace δ by the mean of its largest s-Lipschitz minorant and smallest s-Lipschitz majorant
 * (city-block metric on the pixel grid, per channel). Both envelopes are s-Lipschitz, so their
 * mean is too: neighbours differ by ≤ s afterwards; a δ that already satisfies the bound is left
 * unchanged. Two raster passes compute each envelope exactly (a chamfer distance transform).
 */
function smoothRetract(delta: Float64Array, g: Geometry, s: number): void {
  const { height, width, channels: c } = g;
  const upper = Float64Array.from(delta);
  const lower = Float64Array.from(delta);
  const at = (y: number, x: number, k: number) => (y * width + x) * c + k;
  for (let k = 0; k < c; k++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = at(y, x, k);
        if (y > 0) relax(i, at(y - 1, x, k));
        if (x > 0) relax(i, at(y, x - 1, k));
      }
    }
    for (let y = height - 1; y >= 0; y--) {
      for (let x = width - 1; x >= 0; x--) {
        const i = at(y, x, k);
        if (y + 1 < height) relax(i, at(y + 1, x, k));
        if (x + 1 < width) relax(i, at(y, x + 1, k));
      }
    }
  }
  for (let i = 0; i < delta.length; i++) delta[i] = (upper[i]! + lower[i]!) / 2;

  function relax(i: number, j: number): void {
    upper[i] = Math.min(upper[i]!, upper[j]! + s);
    lower[i] = Math.max(lower[i]!, lower[j]! - s);
  }
}

/**
 * Move the continuous iterate `x` (pixel values) into the constraint set around `start`, in place:
 * smoothness retraction, L∞ clip, L2 rescale and the [0, 255] clip, alternated; if the pixel-range
 * clip still leaves an edge steeper than `smooth`, δ is shrunk toward 0 (every set is convex and
 * holds δ = 0, so shrinking keeps the others). Not the Euclidean projection, but it is the identity
 * on feasible points and always returns a feasible one, which is what projected ascent needs.
 */
export function projectInto(x: Float64Array, start: Uint8Array, g: Geometry, c: FoolConstraints): void {
  const delta = new Float64Array(x.length);
  // A non-finite value (a NaN gradient upstream) cannot be projected: it falls back to the start.
  for (let i = 0; i < x.length; i++) delta[i] = Number.isFinite(x[i]!) ? x[i]! - start[i]! : 0;
  for (let round = 0; round < 3; round++) {
    if (c.smooth !== undefined) smoothRetract(delta, g, c.smooth);
    if (c.linf !== undefined)
      for (let i = 0; i < delta.length; i++) delta[i] = clamp(delta[i]!, -c.linf, c.linf);
    if (c.l2 !== undefined) scaleToL2(delta, c.l2);
    for (let i = 0; i < delta.length; i++) delta[i] = clamp(delta[i]!, -start[i]!, 255 - start[i]!);
    if (c.smooth === undefined) break;
    if (maxNeighbourDifference(delta, g) <= c.smooth) break;
  }
  if (c.smooth !== undefined) {
    const steepest = maxNeighbourDifference(delta, g);
    // The 1e-9 margin keeps rounding from leaving an edge a hair above the bound.
    if (steepest > c.smooth) scale(delta, (c.smooth / steepest) * (1 - 1e-9));
  }
  for (let i = 0; i < x.length; i++) x[i] = start[i]! + delta[i]!;
}

/**
 * The 8-bit image of the continuous iterate `x`: every value is truncated toward the start
 * value, which can only shrink |δ| (L∞, L2 and the pixel range keep holding) and keeps a whole-
 * number smoothness bound. The result is verified; should it fail anyway, δ is shrunk until it
 * holds (δ = 0, the start image, always does).
 */
export function quantize(x: Float64Array, start: Uint8Array, g: Geometry, c: FoolConstraints): Uint8Array {
  for (const factor of [1, 0.99, 0.9, 0.5, 0]) {
    const bytes = new Uint8Array(x.length);
    for (let i = 0; i < x.length; i++)
      bytes[i] = clamp(start[i]! + Math.trunc(factor * (x[i]! - start[i]!)), 0, 255);
    if (checkConstraints(bytes, start, g, c).every((check) => check.held)) return bytes;
  }
  throw new SnowblindError('INTERNAL', 'the start image violates the constraints');
}

/** Measure L∞, L2 and smoothness of `image − start` and compare them with the bounds. */
export function checkConstraints(
  image: Uint8Array,
  start: Uint8Array,
  g: Geometry,
  c: FoolConstraints,
): ConstraintCheck[] {
  const delta = new Float64Array(image.length);
  let linf = 0;
  let sum = 0;
  for (let i = 0; i < image.length; i++) {
    const d = image[i]! - start[i]!;
    delta[i] = d;
    linf = Math.max(linf, Math.abs(d));
    sum += d * d;
  }
  const measured: Record<'linf' | 'l2' | 'smooth', number> = {
    linf,
    l2: Math.sqrt(sum),
    smooth: maxNeighbourDifference(delta, g),
  };
  return (['linf', 'l2', 'smooth'] as const).map((name) => {
    const bound = c[name] ?? null;
    const value = measured[name];
    // L2 is a square root of an exact integer sum: allow its last-bit rounding.
    const held = bound === null || value <= bound * (name === 'l2' ? 1 + 1e-12 : 1);
    return { constraint: name, bound, value, held };
  });
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function scaleToL2(delta: Float64Array, radius: number): void {
  // Scaled by the largest value first, so tiny values cannot underflow to a zero norm.
  let largest = 0;
  for (const d of delta) largest = Math.max(largest, Math.abs(d));
  if (largest === 0) return;
  let sum = 0;
  for (const d of delta) sum += (d / largest) ** 2;
  const norm = largest * Math.sqrt(sum);
  if (norm > radius) scale(delta, radius / norm);
}

function scale(delta: Float64Array, factor: number): void {
  for (let i = 0; i < delta.length; i++) delta[i] = delta[i]! * factor;
}
