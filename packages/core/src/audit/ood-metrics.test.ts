import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test/read-fixture.js';
import { isSnowblindError } from '../errors.js';
import { auprIn, auprOut, auroc, fprAtTpr, oodMetrics, trapezoidAuc } from './ood-metrics.js';

interface Case {
  name: string;
  id: string[];
  ood: string[];
  tpr: number;
  auroc: string;
  auprIn: string;
  auprOut: string;
  fprAtTpr: string;
  fprAtTprWithoutDrop: string;
}
const fixture = readFixture<{ cases: Case[] }>('audit', 'ood-metrics.json');

describe('oodMetrics() against OpenOOD auc_and_fpr_recall (numpy port of scikit-learn)', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const m = oodMetrics(c.id.map(Number), c.ood.map(Number), c.tpr);
      expect(m.auroc).toBeCloseTo(Number(c.auroc), 14);
      expect(m.auprIn).toBeCloseTo(Number(c.auprIn), 14);
      expect(m.auprOut).toBeCloseTo(Number(c.auprOut), 14);
      expect(m.fprAtTpr).toBe(Number(c.fprAtTpr));
      expect(auroc(c.id.map(Number), c.ood.map(Number))).toBe(m.auroc);
      expect(auprIn(c.id.map(Number), c.ood.map(Number))).toBe(m.auprIn);
      expect(auprOut(c.id.map(Number), c.ood.map(Number))).toBe(m.auprOut);
      expect(fprAtTpr(c.id.map(Number), c.ood.map(Number), c.tpr)).toBe(m.fprAtTpr);
    });
  }
});

describe('OOD metrics, hand-computed', () => {
  it('perfect separation: AUROC 1, FPR@95 0, AUPRs 1', () => {
    expect(oodMetrics([0.9, 0.8], [0.1, 0.2, 0.3])).toEqual({
      auroc: 1,
      auprIn: 1,
      auprOut: 1,
      fprAtTpr: 0,
      tpr: 0.95,
    });
  });

  it('inverted: AUROC 0, FPR@95 1', () => {
    const m = oodMetrics([0.1, 0.2], [0.9, 0.8, 0.95]);
    expect(m.auroc).toBe(0);
    expect(m.fprAtTpr).toBe(1);
  });

  it('all scores equal: one threshold, the diagonal, AUROC 0.5 and FPR 1', () => {
    // One threshold holds everything: the ROC goes straight from (0,0) to (1,1).
    // AUPR-Out: PR points (recall 1, precision 3/7) then (0, 1): area (3/7 + 1)/2 = 5/7.
    const m = oodMetrics([0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5]);
    expect(m.auroc).toBe(0.5);
    expect(m.fprAtTpr).toBe(1);
    expect(m.auprOut).toBeCloseTo(5 / 7, 15);
    expect(m.auprIn).toBeCloseTo((4 / 7 + 1) / 2, 15);
  });

  it('one ID/OOD tie counts as half a pair', () => {
    // id [0.9, 0.5], ood [0.5, 0.1]; ROC on −score, OOD positive:
    // thresholds −0.1 → (fp 0, tp 1), −0.5 → (1, 2), −0.9 → (2, 2);
    // curve (0,0) (0,.5) (.5,1) (1,1): area .5·(.5+1)/2 + .5·1 = .875 = 3.5 of 4 pairs.
    // AUPR-Out: PR points from recall 1: (1, 2/4), (1, 2/3), (.5, 1), then (0, 1):
    // 0 + .5·(2/3 + 1)/2 + .5·1 = 11/12.
    const m = oodMetrics([0.9, 0.5], [0.5, 0.1]);
    expect(m.auroc).toBe(0.875);
    expect(m.fprAtTpr).toBe(0.5);
    expect(m.auprOut).toBeCloseTo(11 / 12, 15);
  });

  it('FPR@95 follows scikit-learn drop_intermediate=True, which can differ from the full curve', () => {
    // 20 OOD: 17 at conf 0 (clear), then one each at 0.1, 0.2, 0.3, each tied with one ID.
    // Points (fp, tp): (0,17) (1,18) (2,19) (3,20) (10,20). (1,18) and (2,19) are collinear
    // and dropped, so the first TPR ≥ .95 is read at (3,20): FPR .3, not .2.
    const id = [0.1, 0.2, 0.3, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9];
    const ood = [...new Array(17).fill(0), 0.1, 0.2, 0.3];
    expect(fprAtTpr(id, ood)).toBe(0.3);
    const c = fixture.cases.find((x) => x.name === 'drop-intermediate-matters')!;
    expect(Number(c.fprAtTprWithoutDrop)).toBe(0.2);
  });

  it('rejects empty sides, NaN scores and a TPR outside [0, 1]', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isSnowblindError(e) ? e.code : 'other';
      }
      return 'none';
    };
    expect(code(() => auroc([], [1]))).toBe('BAD_INPUT');
    expect(code(() => auroc([1], []))).toBe('BAD_INPUT');
    expect(code(() => auroc([Number.NaN], [1]))).toBe('BAD_INPUT');
    expect(code(() => fprAtTpr([1], [0], 1.5))).toBe('BAD_INPUT');
  });

  it('accepts Float32Array scores', () => {
    expect(auroc(new Float32Array([0.9, 0.8]), new Float32Array([0.1]))).toBe(1);
  });

  it('trapezoidAuc integrates in either direction, like sklearn.metrics.auc', () => {
    expect(trapezoidAuc([0, 0.5, 1], [0, 1, 1])).toBe(0.75);
    expect(trapezoidAuc([1, 0.5, 0], [1, 1, 0])).toBe(0.75);
  });
});
