import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkConstraints,
  type FoolConstraints,
  maxNeighbourDifference,
  projectInto,
  quantize,
} from './constraints.js';

const geometry = fc.record({
  height: fc.integer({ min: 1, max: 7 }),
  width: fc.integer({ min: 1, max: 7 }),
  channels: fc.constantFrom(1, 3),
});

const constraints: fc.Arbitrary<FoolConstraints> = fc.record(
  {
    linf: fc.double({ min: 0, max: 40, noNaN: true }),
    l2: fc.double({ min: 0, max: 400, noNaN: true }),
    smooth: fc.integer({ min: 0, max: 12 }),
  },
  { requiredKeys: [] },
);

/** A geometry, a start image of whole bytes and a wild iterate (far outside [0, 255]). */
const problem = geometry.chain((g) => {
  const n = g.height * g.width * g.channels;
  return fc.record({
    g: fc.constant(g),
    start: fc.uint8Array({ minLength: n, maxLength: n }),
    x: fc.array(fc.double({ min: -400, max: 700, noNaN: true }), { minLength: n, maxLength: n }),
    c: constraints,
  });
});

function deltaOf(x: ArrayLike<number>, start: Uint8Array): number[] {
  return Array.from(start, (s, i) => x[i]! - s);
}

describe('constraints', () => {
  it('projectInto always lands in the constraint set and [0, 255]', () => {
    fc.assert(
      fc.property(problem, ({ g, start, x, c }) => {
        const p = Float64Array.from(x);
        projectInto(p, start, g, c);
        const delta = deltaOf(p, start);
        for (const v of p) expect(v >= 0 && v <= 255).toBe(true);
        // Iterates are absolute pixel values in float64: δ read back carries ~1e-13 rounding.
        // The bytes the search returns are checked exactly in the next test.
        const tol = 1e-9;
        if (c.linf !== undefined)
          expect(Math.max(0, ...delta.map(Math.abs))).toBeLessThanOrEqual(c.linf + tol);
        if (c.l2 !== undefined) expect(Math.hypot(...delta)).toBeLessThanOrEqual(c.l2 * (1 + tol) + tol);
        if (c.smooth !== undefined)
          expect(maxNeighbourDifference(delta, g)).toBeLessThanOrEqual(c.smooth + tol);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('quantize gives bytes whose measured constraints hold', () => {
    fc.assert(
      fc.property(problem, ({ g, start, x, c }) => {
        const p = Float64Array.from(x);
        projectInto(p, start, g, c);
        const bytes = quantize(p, start, g, c);
        expect(checkConstraints(bytes, start, g, c).every((check) => check.held)).toBe(true);
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it('leaves a feasible iterate where it is', () => {
    const g = { height: 3, width: 4, channels: 1 };
    const start = Uint8Array.from({ length: 12 }, (_, i) => 100 + i);
    // δ = a ramp of step 1: L∞ 3.5 ≤ 4, neighbour difference 1 ≤ 2, inside [0, 255].
    const x = Float64Array.from(start, (s, i) => s + ((i % 4) - 1.5));
    const copy = Float64Array.from(x);
    projectInto(copy, start, g, { linf: 4, smooth: 2, l2: 100 });
    expect([...copy]).toEqual([...x]);
  });

  it('measures L∞, L2 and the largest neighbour difference of δ', () => {
    const g = { height: 2, width: 2, channels: 1 };
    const start = Uint8Array.from([10, 10, 10, 10]);
    const image = Uint8Array.from([13, 10, 6, 10]);
    const checks = checkConstraints(image, start, g, { linf: 4, l2: 5, smooth: 6 });
    expect(checks).toEqual([
      { constraint: 'linf', bound: 4, value: 4, held: true },
      { constraint: 'l2', bound: 5, value: 5, held: true },
      { constraint: 'smooth', bound: 6, value: 7, held: false },
    ]);
  });
});
