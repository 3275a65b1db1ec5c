import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test/read-fixture.js';
import { isSnowblindError } from '../errors.js';
import { auroc, fprAtTpr, trapezoidAuc } from './ood-metrics.js';
import { type RocCurve, rocCurve } from './roc-curve.js';
import { downsampleRocCurve } from './roc-curve-downsample.js';

interface FixtureCurve {
  fpr: string[];
  tpr: string[];
  thresholds: string[];
}
interface Case {
  name: string;
  id: string[];
  ood: string[];
  oodPositive: FixtureCurve;
  inDistributionPositive: FixtureCurve;
}
const fixture = readFixture<{ sklearnChecked: string[]; cases: Case[] }>('audit', 'roc-curve.json');
const numbers = (c: FixtureCurve): RocCurve => ({
  fpr: c.fpr.map(Number),
  tpr: c.tpr.map(Number),
  thresholds: c.thresholds.map(Number),
});

describe('rocCurve() against scikit-learn roc_curve(drop_intermediate=True)', () => {
  for (const c of fixture.cases) {
    const id = c.id.map(Number);
    const ood = c.ood.map(Number);
    it(`${c.name}: OOD positive on −score (OpenOOD)`, () => {
      // toEqual on numbers is Object.is: bit-exact, including -0 thresholds.
      expect(rocCurve(id, ood)).toEqual(numbers(c.oodPositive));
    });
    it(`${c.name}: in-distribution positive on score`, () => {
      expect(rocCurve(id, ood, { positive: 'in-distribution' })).toEqual(numbers(c.inDistributionPositive));
    });
    it(`${c.name}: its trapezoid area is auroc() and it holds fprAtTpr()`, () => {
      const curve = rocCurve(id, ood);
      expect(trapezoidAuc(curve.fpr, curve.tpr)).toBe(auroc(id, ood));
      const mirrored = rocCurve(id, ood, { positive: 'in-distribution' });
      expect(trapezoidAuc(mirrored.fpr, mirrored.tpr)).toBeCloseTo(auroc(id, ood), 14);
      expect(curve.fpr[curve.tpr.findIndex((t) => t >= 0.95)]).toBe(fprAtTpr(id, ood));
    });
  }

  it('the fixture was cross-checked against a real scikit-learn', () => {
    // The generator compares its numpy port with python3-sklearn when it is installed.
    expect(fixture.sklearnChecked.length).toBeGreaterThan(0);
  });
});

describe('rocCurve(), hand-computed', () => {
  it('starts at (0, 0, +Infinity) and drops points inside straight runs', () => {
    // −score from the top: ood 0.1, ood 0.2, then id 0.5 tied with ood 0.5, id 0.8, id 0.9.
    // Counts (fp, tp): (0,1) (0,2) (1,3) (2,3) (3,3). (2,3) lies on the run from (1,3) to (3,3)
    // and is dropped; (0,1) stays although it is on the line from (0,0) to (0,2): scikit-learn
    // always keeps its first point and prepends (0,0) after dropping.
    expect(rocCurve([0.9, 0.8, 0.5], [0.5, 0.2, 0.1])).toEqual({
      fpr: [0, 0, 0, 1 / 3, 1],
      tpr: [0, 1 / 3, 2 / 3, 1, 1],
      thresholds: [Number.POSITIVE_INFINITY, -0.1, -0.2, -0.5, -0.9],
    });
  });

  it('refuses an empty side, a NaN and an unknown positive class with BAD_INPUT', () => {
    for (const call of [
      () => rocCurve([], [0.1]),
      () => rocCurve([0.1], []),
      () => rocCurve([Number.NaN], [0.1]),
      () => rocCurve([0.2], [0.1], { positive: 'noise' as 'ood' }),
    ]) {
      expect(call).toThrow();
      try {
        call();
      } catch (error) {
        expect(isSnowblindError(error, 'BAD_INPUT')).toBe(true);
      }
    }
  });
});

describe('downsampleRocCurve()', () => {
  const big = fixture.cases.find((c) => c.name === 'float32-msp')!;
  const curve = numbers(big.oodPositive);

  it('returns a short curve unchanged and refuses maxPoints < 2', () => {
    const small = numbers(fixture.cases.find((c) => c.name === 'perfect')!.oodPositive);
    expect(downsampleRocCurve(small, 4)).toBe(small);
    expect(() => downsampleRocCurve(small, 1)).toThrow(/maxPoints/);
    expect(() => downsampleRocCurve(small, 2.5)).toThrow(/maxPoints/);
  });

  it('keeps the ends, original points in order, and the area within the removed triangles', () => {
    expect(curve.fpr.length).toBe(460);
    for (const max of [2, 3, 50, 200, 459]) {
      const d = downsampleRocCurve(curve, max);
      expect(d.fpr.length).toBe(max);
      expect([d.fpr[0], d.tpr[0], d.thresholds[0]]).toEqual([0, 0, Number.POSITIVE_INFINITY]);
      expect([d.fpr.at(-1), d.tpr.at(-1)]).toEqual([1, 1]);
      const at = d.thresholds.map((t) => curve.thresholds.indexOf(t));
      expect(at.every((i, k) => i >= 0 && (k === 0 || i > at[k - 1]!))).toBe(true);
      expect(at.every((i, k) => curve.fpr[i] === d.fpr[k] && curve.tpr[i] === d.tpr[k])).toBe(true);
    }
    // 200 of 460 points: the area moves by 1.4e-5 (the AUROC shown to 3 decimals is unchanged).
    const d = downsampleRocCurve(curve, 200);
    expect(Math.abs(trapezoidAuc(d.fpr, d.tpr) - trapezoidAuc(curve.fpr, curve.tpr))).toBeLessThan(1e-4);
  });

  it('drops the smallest corner first', () => {
    // A staircase with one tiny step (0.5→0.51) among big ones: the tiny step's corners go first.
    const stairs: RocCurve = {
      fpr: [0, 0, 0.5, 0.5, 0.51, 0.51, 1],
      tpr: [0, 0.5, 0.5, 0.6, 0.6, 1, 1],
      thresholds: [Number.POSITIVE_INFINITY, 6, 5, 4, 3, 2, 1],
    };
    // Triangles: P1 0.125, P2 0.025, P3 0.0005, P4 0.002, P5 0.098. P3 goes, then P4 (still 0.002).
    expect(downsampleRocCurve(stairs, 6).thresholds).toEqual([Number.POSITIVE_INFINITY, 6, 5, 3, 2, 1]);
    expect(downsampleRocCurve(stairs, 5).thresholds).toEqual([Number.POSITIVE_INFINITY, 6, 5, 2, 1]);
  });
});
