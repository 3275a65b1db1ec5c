import { GRAY_PRESET, linearClassifier, sineWeights } from '@snowblind/test-utils';
import { describe, expect, it } from 'vitest';
import { noiseImage } from '../noise/index.js';
import { parseFoolReport, toFoolReport } from './fool-report.js';
import { foolTargets } from './fool-targets.js';

function threeClasses() {
  const size = 36;
  return linearClassifier({
    preset: GRAY_PRESET,
    weights: sineWeights(3 * size, 4).map((w) => w * 0.3),
    bias: Float64Array.from([0, 0.5, -0.5]),
  });
}

describe('foolTargets', () => {
  it('reports the best confidence per target over its start images, and the OOD view', async () => {
    const model = threeClasses();
    // "Real" data for the view: gray images the model has never been pushed on.
    const real = {
      name: 'real',
      images: Array.from({ length: 12 }, (_, i) =>
        noiseImage(
          { kind: 'constant', seed: 0, params: { color: [10 * i] }, width: 6, height: 6, channels: 1 },
          0,
        ),
      ),
    };
    const seen: number[] = [];
    const result = await foolTargets(model, [0, 2], {
      starts: 2,
      budget: 8,
      goal: 1,
      baselineCount: 20,
      real,
      onProgress: (p) => seen.push(p.search),
    });
    expect(result.results.map((r) => [r.target, r.index])).toEqual([
      [0, 0],
      [0, 1],
      [2, 0],
      [2, 1],
    ]);
    expect(new Set(seen)).toEqual(new Set([0, 1, 2, 3]));
    for (const max of result.maxByTarget) {
      const mine = result.results.filter((r) => r.target === max.target).map((r) => r.confidence);
      expect(max.maxConfidence).toBe(Math.max(...mine));
      expect(result.results[max.result]!.confidence).toBe(max.maxConfidence);
    }
    expect(result.ood.groups.map((g) => g.name)).toEqual(['found', 'noise:seed-wrap', 'real']);
    const found = result.ood.groups[0]!;
    expect(found.msp.count).toBe(4);
    expect(found.maxLogit).not.toBeNull();
    expect(found.aurocVsReal!.msp).toBeGreaterThanOrEqual(0);
    expect(result.ood.groups[2]!.aurocVsReal).toBeNull();
    // MSP is the top-1 softmax: never below the target's own confidence.
    for (const r of result.results) expect(r.scores.msp).toBeGreaterThanOrEqual(r.confidence);
    expect(found.msp.max).toBe(Math.max(...result.results.map((r) => r.scores.msp)));
    expect(result.ood.groups[1]!.msp.count).toBe(20);
  });

  it('writes a JSON report that parses back, and rejects a tampered one', async () => {
    const result = await foolTargets(threeClasses(), [1], { budget: 3, baselineCount: 5 });
    const report = toFoolReport(result, ['fool-1.png']);
    expect(report.kind).toBe('fool');
    expect(report.schemaVersion).toBe(1);
    expect(report.results[0]!.image).toBe('fool-1.png');
    expect(report.noise).toMatchObject({ kind: 'seed-wrap', seed: 0, width: 6, height: 6 });
    const json = JSON.parse(JSON.stringify(report));
    expect(parseFoolReport(json)).toEqual(report);
    expect(() => parseFoolReport({ ...json, kind: 'audit' })).toThrow(/kind/);
    expect(() => parseFoolReport({ ...json, schemaVersion: 2 })).toThrow(/schemaVersion/);
  });

  it('rejects an empty target list', async () => {
    await expect(foolTargets(threeClasses(), [])).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
