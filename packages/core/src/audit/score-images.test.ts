import { describe, expect, it } from 'vitest';
import { fakeClassifier } from '../../test/fake-classifier.js';
import { preprocess } from '../image/index.js';
import type { RgbImage } from '../image/types.js';
import { noiseImage } from '../noise/index.js';
import type { NoiseSpec } from '../noise/types.js';
import { oodMetrics } from './ood-metrics.js';
import { energyScore, maxLogitScore, mspScore } from './ood-scores.js';
import { runAudit } from './run-audit.js';
import { scoreImages } from './score-images.js';
import { softmax } from './softmax.js';

const NOISE: NoiseSpec = { kind: 'uniform', seed: 3, width: 6, height: 6 };
/** "Real" images: smooth gradients, unlike the noise. */
const REAL: RgbImage[] = Array.from({ length: 23 }, (_, k) => ({
  data: Uint8Array.from({ length: 6 * 6 * 3 }, (_, i) => (k * 11 + Math.floor(i / 3) * 5) % 256),
  width: 6,
  height: 6,
  channels: 3,
}));

/** The scores of one image computed the slow, obvious way. */
async function scoresOfOne(image: RgbImage, model = fakeClassifier()) {
  const logits = await model.predict(preprocess(image, model.preset), 1);
  const probs = softmax(logits, 1, model.numClasses);
  return {
    msp: mspScore(probs),
    maxLogit: maxLogitScore(logits),
    energy: energyScore(logits),
    top: probs.indexOf(Math.max(...probs)),
  };
}

describe('scoreImages', () => {
  it('gives the per-image MSP, max-logit and energy for any batch size, and accuracy', async () => {
    const expected = await Promise.all(REAL.map((image) => scoresOfOne(image)));
    const labels = expected.map((e, i) => (i % 2 === 0 ? e.top : (e.top + 1) % 5));
    for (const batchSize of [1, 4, 64]) {
      const scores = await scoreImages(fakeClassifier(), REAL, { batchSize, labels });
      expect([...scores.msp]).toEqual(expected.map((e) => Math.fround(e.msp)));
      expect([...scores.maxLogit!]).toEqual(expected.map((e) => e.maxLogit));
      expect([...scores.energy!].map((v) => v.toFixed(10))).toEqual(
        expected.map((e) => e.energy.toFixed(10)),
      );
      expect(scores.accuracy).toBe(12 / 23);
    }
  });

  it('has no logit scores for a model that outputs probabilities', async () => {
    const scores = await scoreImages(fakeClassifier({ outputKind: 'probabilities' }), REAL.slice(0, 3));
    expect(scores.maxLogit).toBeNull();
    expect(scores.energy).toBeNull();
    expect(scores.accuracy).toBeUndefined();
  });
});

describe('runAudit with an in-distribution set', () => {
  it('reports OpenOOD metrics of the noise run against the real images', async () => {
    const result = await runAudit({
      models: [fakeClassifier()],
      noise: NOISE,
      count: 30,
      batchSize: 7,
      inDistribution: { name: 'gradients', images: REAL },
    });
    const noise = await Promise.all(Array.from({ length: 30 }, (_, i) => scoresOfOne(noiseImage(NOISE, i))));
    const real = await Promise.all(REAL.map((image) => scoresOfOne(image)));
    const ood = result.runs[0]!.ood!;
    expect(ood.dataset).toBe('gradients');
    expect(ood.count).toBe(23);
    const f32 = (xs: number[]) => xs.map(Math.fround);
    expect(ood.msp).toEqual(oodMetrics(f32(real.map((r) => r.msp)), f32(noise.map((n) => n.msp))));
    expect(ood.maxLogit).toEqual(
      oodMetrics(
        real.map((r) => r.maxLogit),
        noise.map((n) => n.maxLogit),
      ),
    );
    expect(ood.energy!.auroc).toBeCloseTo(
      oodMetrics(
        real.map((r) => r.energy),
        noise.map((n) => n.energy),
      ).auroc,
      12,
    );
  });

  it('rejects an empty set and mismatched labels with BAD_INPUT', async () => {
    const run = (inDistribution: { name: string; images: RgbImage[]; labels?: number[] }) =>
      runAudit({ models: [fakeClassifier()], noise: NOISE, count: 2, inDistribution });
    await expect(run({ name: 'none', images: [] })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(run({ name: 'short', images: REAL, labels: [1, 2] })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
  });
});
